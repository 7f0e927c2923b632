function Stop-PsvMonitor {
    # .ExternalHelp Psv-help.xml
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
    [OutputType('Psv.MonitorStop')]
    param(
        [Parameter(Position = 0, ValueFromPipelineByPropertyName)]
        [string] $ConfigPath,

        [switch] $KeepTargets,

        [switch] $PassThru,

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
        $action = if ($KeepTargets) { $PsvStrings.ActionStopMonitorKeep } else { $PsvStrings.ActionStopMonitor }
        if (-not $PSCmdlet.ShouldProcess($what, $action)) { return }
        $arguments = @('stop')
        if ($KeepTargets) { $arguments += '--keep-targets' }
        $failure = $null
        # Which targets are still stopping, as psv reports them (the first report names them all).
        $activity = $PsvStrings.StopActivity -f $what
        $seen = @{ Total = 0 }
        $onProgress = {
            param($p)
            $remaining = @($p.remaining)
            if ($remaining.Count -gt $seen.Total) { $seen.Total = $remaining.Count }
            if ($remaining.Count -eq 0) { return }
            $done = $seen.Total - $remaining.Count
            # A few names, then how many more: a status line of a thousand names helps no one.
            $names = ($remaining | Select-Object -First 5) -join ', '
            $waiting = if ($remaining.Count -gt 5) { $PsvStrings.StopWaitingMore -f $names, ($remaining.Count - 5) } else { $PsvStrings.StopWaiting -f $names }
            Write-Progress -Activity $activity -Status $waiting -PercentComplete ([int](100 * $done / $seen.Total))
        }
        try {
            $r = Invoke-PsvCli -Arguments $arguments -ConfigPath $config -TargetObject $config -Failure ([ref]$failure) -OnProgress $onProgress
        }
        finally {
            Write-Progress -Activity $activity -Completed
        }
        if ($failure) {
            $PSCmdlet.WriteError($failure)
            return
        }
        if ($PassThru) {
            [pscustomobject]@{
                PSTypeName  = 'Psv.MonitorStop'
                Pid         = $r.pid
                Stopped     = [bool]$r.stopped
                KeepTargets = [bool]$r.keepTargets
                ConfigPath  = $config
            }
        }
    }
}
