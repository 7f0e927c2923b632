function Test-PsvConfig {
    # .ExternalHelp Psv-help.xml
    [CmdletBinding()]
    [OutputType('Psv.ConfigCheck', [bool])]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [Alias('FullName', 'ConfigPath')]
        [string[]] $Path,

        [switch] $Quiet,

        # Runs the cmdlet on these machines (PowerShell remoting over WinRM; the Psv module
        # must be installed there). Each object gets a ComputerName property.
        [ValidateNotNullOrEmpty()]
        [string[]] $ComputerName,

        # Runs the cmdlet in these sessions (New-PSSession: WinRM or SSH).
        [ValidateNotNullOrEmpty()]
        [System.Management.Automation.Runspaces.PSSession[]] $Session,

        # The account for -ComputerName.
        [System.Management.Automation.PSCredential]
        [System.Management.Automation.Credential()]
        $Credential = [System.Management.Automation.PSCredential]::Empty
    )
    process {
        if (Test-PsvRemote $PSBoundParameters) {
            Invoke-PsvRemote -Cmdlet $PSCmdlet -Parameters $PSBoundParameters
            return
        }
        $paths = if ($Path) { $Path } else { @($env:PSV_CONFIG) }
        foreach ($p in $paths) {
            $file = Resolve-PsvConfigPath $p
            if (-not $file) {
                $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                        [System.ArgumentException]::new($PsvStrings.NoConfigPath),
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
