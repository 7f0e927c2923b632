function Test-PsvConfig {
    # .ExternalHelp Psv-help.xml
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
