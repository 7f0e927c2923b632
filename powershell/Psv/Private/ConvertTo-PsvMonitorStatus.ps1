function ConvertTo-PsvMonitorStatus {
    <#
    .SYNOPSIS
    The monitor part of psv's status JSON as a Psv.MonitorStatus object.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [object] $Status
    )
    $m = $Status.monitor
    [pscustomobject]@{
        PSTypeName = 'Psv.MonitorStatus'
        Pid        = $m.pid
        Version    = [string]$m.version
        Interval   = [timespan]::FromMilliseconds([double]$m.intervalMs)
        StartedAt  = ConvertTo-PsvDateTime $m.startedAt
        Control    = [string]$m.control
        Overrides  = ConvertTo-PsvHashtable $m.overrides
        Targets    = @($Status.targets).Count
        ConfigPath = [string]$m.config
    }
}
