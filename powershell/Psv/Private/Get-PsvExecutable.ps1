function Get-PsvExecutable {
    <#
    .SYNOPSIS
    Finds the psv executable: the module's bin folder, then $env:PSV_EXE, then PATH.
    .DESCRIPTION
    Returns an object with FilePath (what to run), PrefixArguments (arguments that
    come before psv's own, e.g. the script when psv is a .js file run through node),
    Source (Module, PSV_EXE or PATH) and Problem: when psv cannot be found, FilePath is
    $null and Problem says why (returned, not thrown, so that the public cmdlet writes
    the one error).
    $env:PSV_EXE may name the executable itself or a .js/.mjs/.cjs file (a development
    build such as dist/src/cli/main.js), which is then run with `node` from PATH.
    #>
    [CmdletBinding()]
    param()

    $bin = Join-Path (Split-Path -Parent $PSScriptRoot) 'bin'
    foreach ($name in 'psv.exe', 'psv') {
        $candidate = Join-Path $bin $name
        if (Test-Path -LiteralPath $candidate -PathType Leaf) {
            return [pscustomobject]@{ FilePath = $candidate; PrefixArguments = @(); Source = 'Module'; Problem = $null }
        }
    }

    if ($env:PSV_EXE) {
        $exe = $env:PSV_EXE
        if (-not (Test-Path -LiteralPath $exe -PathType Leaf)) {
            return [pscustomobject]@{ FilePath = $null; PrefixArguments = @(); Source = 'PSV_EXE'; Problem = ($PsvStrings.ExeEnvMissing -f $exe) }
        }
        $exe = (Resolve-Path -LiteralPath $exe).ProviderPath
        if ($exe -match '\.(c|m)?js$') {
            $node = Get-Command -Name node -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
            if (-not $node) {
                return [pscustomobject]@{ FilePath = $null; PrefixArguments = @(); Source = 'PSV_EXE'; Problem = ($PsvStrings.ExeNoNode -f $exe) }
            }
            return [pscustomobject]@{ FilePath = $node.Source; PrefixArguments = @($exe); Source = 'PSV_EXE'; Problem = $null }
        }
        return [pscustomobject]@{ FilePath = $exe; PrefixArguments = @(); Source = 'PSV_EXE'; Problem = $null }
    }

    $onPath = Get-Command -Name psv -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($onPath) {
        return [pscustomobject]@{ FilePath = $onPath.Source; PrefixArguments = @(); Source = 'PATH'; Problem = $null }
    }
    [pscustomobject]@{ FilePath = $null; PrefixArguments = @(); Source = $null; Problem = ($PsvStrings.ExeNotFound -f $bin) }
}
