function Test-PsvConfig {
    <#
    .SYNOPSIS
    Checks a psv configuration file without starting anything.

    .DESCRIPTION
    Runs `psv check`. A valid file returns a Psv.ConfigCheck object (Path, Valid,
    Targets, Warnings) and writes each warning; an invalid file writes one error per
    problem, with message FILE:LINE:COL: message and a Psv.ConfigProblem (File, Line,
    Column, Message, Severity) as the error's TargetObject. With -Quiet only $true or
    $false is returned.

    .PARAMETER Path
    The configuration file(s). Accepts pipeline input (e.g. from Get-ChildItem).
    Defaults to $env:PSV_CONFIG.

    .PARAMETER Quiet
    Return only $true (valid) or $false (invalid), and write no errors.

    .EXAMPLE
    Test-PsvConfig -Path C:\psv\psv.yaml

    Checks the file and lists its targets, or its problems as errors.

    .EXAMPLE
    Get-ChildItem C:\psv\*.yaml | Test-PsvConfig -Quiet

    Returns True or False for each file.

    .EXAMPLE
    Test-PsvConfig ./bad.yaml -ErrorVariable problems -ErrorAction SilentlyContinue; $problems.TargetObject | Format-Table

    Collects the problems as objects with file, line and column.

    .INPUTS
    System.String (Path, by value or by property name: FullName)

    .OUTPUTS
    Psv.ConfigCheck, or System.Boolean with -Quiet
    #>
    [CmdletBinding()]
    [OutputType('Psv.ConfigCheck', [bool])]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [Alias('FullName', 'ConfigPath')]
        [string[]] $Path,

        [switch] $Quiet
    )
    process {
        $paths = if ($Path) { $Path } else { @($env:PSV_CONFIG) }
        foreach ($p in $paths) {
            $file = Resolve-PsvConfigPath $p
            if (-not $file) {
                $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                        [System.ArgumentException]::new('Which configuration? Give -Path FILE or set $env:PSV_CONFIG.'),
                        'PsvNoConfig', [System.Management.Automation.ErrorCategory]::InvalidArgument, $null))
                continue
            }
            $check = Invoke-PsvConfigCheck -Path $file
            if ($Quiet) {
                $check.Ok
                continue
            }
            foreach ($w in $check.Warnings) { Write-Warning $w }
            if ($check.Failure) {
                $PSCmdlet.WriteError($check.Failure)
                continue
            }
            foreach ($p in $check.Problems) { $PSCmdlet.WriteError($p) }
            if ($check.Ok) {
                [pscustomobject]@{
                    PSTypeName = 'Psv.ConfigCheck'
                    Path       = $file
                    Valid      = $true
                    Targets    = $check.Targets
                    Warnings   = $check.Warnings
                }
            }
        }
    }
}
