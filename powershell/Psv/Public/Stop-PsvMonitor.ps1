function Stop-PsvMonitor {
    <#
    .SYNOPSIS
    Stops the psv monitor, and its targets unless -KeepTargets is given.

    .DESCRIPTION
    Runs `psv stop`. Without -KeepTargets the monitor stops every target (process tree)
    and then exits. With -KeepTargets the targets keep running (for maintenance of psv
    itself); the next Start-PsvMonitor adopts them. Returns once the monitor process has
    exited; if it is still running when its targets' stop timeouts (and a margin) have
    passed, an error names its pid.

    .PARAMETER ConfigPath
    The configuration file of the monitor to stop. Defaults to $env:PSV_CONFIG.

    .PARAMETER KeepTargets
    Leave the targets running.

    .PARAMETER PassThru
    Return a Psv.MonitorStop object (Pid of the stopped monitor, KeepTargets).

    .EXAMPLE
    Stop-PsvMonitor -ConfigPath C:\psv\psv.yaml

    Stops the monitor and all its targets.

    .EXAMPLE
    Stop-PsvMonitor -KeepTargets -WhatIf

    Shows what would happen without stopping anything.

    .INPUTS
    System.String (ConfigPath, by property name)

    .OUTPUTS
    Psv.MonitorStop (with -PassThru)
    #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
    [OutputType('Psv.MonitorStop')]
    param(
        [Parameter(Position = 0, ValueFromPipelineByPropertyName)]
        [string] $ConfigPath,

        [switch] $KeepTargets,

        [switch] $PassThru
    )
    process {
        $config = Resolve-PsvConfigPath $ConfigPath
        $what = if ($config) { "psv monitor of $config" } else { 'psv monitor' }
        $action = if ($KeepTargets) { 'Stop (targets keep running)' } else { 'Stop with all its targets' }
        if (-not $PSCmdlet.ShouldProcess($what, $action)) { return }
        $arguments = @('stop')
        if ($KeepTargets) { $arguments += '--keep-targets' }
        $failure = $null
        $r = Invoke-PsvCli -Arguments $arguments -ConfigPath $config -TargetObject $config -Failure ([ref]$failure)
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
