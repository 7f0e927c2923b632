function Update-PsvConfiguration {
    # .ExternalHelp Psv-help.xml
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'Medium')]
    [OutputType('Psv.ReloadResult')]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [Alias('FullName')]
        [string] $ConfigPath,

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
        $config = Resolve-PsvConfigPath $ConfigPath
        $what = if ($config) { $PsvStrings.WhatMonitorOf -f $config } else { $PsvStrings.WhatMonitor }
        if (-not $PSCmdlet.ShouldProcess($what, $PsvStrings.ActionReload)) { return }
        $failure = $null
        $r = Invoke-PsvCli -Arguments @('reload') -ConfigPath $config -TargetObject $config -Failure ([ref]$failure)
        if ($failure) {
            $problems = @()
            if ($failure.Exception.Data['PsvExitCode'] -eq 2 -and $config) {
                # The monitor rejected the file and kept the old one: report each problem with its position.
                $problems = @((Invoke-PsvConfigCheck -Path $config).Problems)
            }
            if ($problems.Count -gt 0) {
                Write-Warning ($PsvStrings.ReloadRejected -f $config)
                foreach ($p in $problems) { $PSCmdlet.WriteError($p) }
            }
            else {
                $PSCmdlet.WriteError($failure)
            }
            return
        }
        [pscustomobject]@{
            PSTypeName = 'Psv.ReloadResult'
            Added      = [string[]]@($r.added)
            Removed    = [string[]]@($r.removed)
            Changed    = [string[]]@($r.changed)
            Unchanged  = [string[]]@($r.unchanged)
            ConfigPath = $config
        }
    }
}
