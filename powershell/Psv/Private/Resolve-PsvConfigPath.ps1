function Resolve-PsvConfigPath {
    <#
    .SYNOPSIS
    The absolute config path to hand to psv (-ConfigPath, else $env:PSV_CONFIG), or $null.
    .DESCRIPTION
    Relative paths resolve against the current PowerShell location, which is not
    necessarily the process's working directory that psv would resolve them against.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [AllowEmptyString()]
        [AllowNull()]
        [string] $ConfigPath
    )
    $path = $ConfigPath
    if (-not $path) { $path = $env:PSV_CONFIG }
    if (-not $path) { return $null }
    $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($path)
}
