function ConvertTo-PsvHealth {
    <#
    .SYNOPSIS
    The JSON of `psv health --json` as a Psv.Health object.
    .DESCRIPTION
    State is the meaning of psv health's exit code: 0 Healthy, 6 Degraded (a target
    or group is restarting within its budget), 4 Failed (over its retries, or a
    failover was requested), 3 NotRunning (no monitor answers for the config).
    -ConfigPath is the file that was asked about; it stands in for the monitor's own
    when no monitor answered.
    #>
    [CmdletBinding()]
    [OutputType('Psv.Health')]
    param(
        [Parameter(Mandatory)]
        [object] $Health,

        [Parameter(Mandatory)]
        [string] $ConfigPath
    )
    $states = @{ 'healthy' = 'Healthy'; 'degraded' = 'Degraded'; 'failed' = 'Failed'; 'not-running' = 'NotRunning' }
    $byExitCode = @{ 0 = 'Healthy'; 6 = 'Degraded'; 4 = 'Failed'; 3 = 'NotRunning' }
    $state = $states[[string]$Health.state]
    if (-not $state) { $state = $byExitCode[[int]$Health.exitCode] }
    if (-not $state) { $state = [string]$Health.state }
    $names = { param($list) [string[]]@(@($list) | Where-Object { $null -ne $_ }) }

    $failover = $null
    if ($null -ne $Health.failover) {
        $f = $Health.failover
        $failover = [pscustomobject]@{
            PSTypeName = 'Psv.FailoverInfo'
            Scope      = [string]$f.scope
            Name       = [string]$f.name
            Reason     = [string]$f.reason
            Via        = [string]$f.via
            At         = ConvertTo-PsvDateTime $f.at
        }
        # Read where it is shown as one property of Psv.Health.
        $failover | Add-Member -MemberType ScriptMethod -Name ToString -Force -Value {
            $PsvStrings.FailoverSummary -f $this.Scope, $this.Name, $this.Via, $this.At
        }
    }
    $monitor = $Health.monitor
    [pscustomobject]@{
        PSTypeName     = 'Psv.Health'
        State          = $state
        ExitCode       = [int]$Health.exitCode
        Message        = [string]$Health.message
        MonitorPid     = if ($null -ne $monitor) { $monitor.pid } else { $null }
        Control        = if ($null -ne $monitor) { [string]$monitor.control } else { $null }
        TargetCount    = [int]$Health.targets.total
        Running        = & $names $Health.targets.running
        Degraded       = & $names $Health.targets.degraded
        Failed         = & $names $Health.targets.failed
        Paused         = & $names $Health.targets.paused
        Stopped        = & $names $Health.targets.stopped
        DegradedGroups = & $names $Health.groups.degraded
        FailedGroups   = & $names $Health.groups.failed
        Failover       = $failover
        ConfigPath     = if ($null -ne $monitor -and $monitor.config) { [string]$monitor.config } else { $ConfigPath }
    }
}
