function ConvertTo-PsvTargetStatus {
    <#
    .SYNOPSIS
    psv's status JSON ({monitor, targets}) as Psv.TargetStatus objects.
    .DESCRIPTION
    ConfigPath is the running monitor's config file, so that piping the objects into
    Restart-PsvTarget and friends reaches the same monitor. Group is reserved for group
    monitoring and is $null until psv reports groups.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [object] $Status
    )
    foreach ($t in @($Status.targets)) {
        $lastExit = $null
        if ($null -ne $t.lastExit) {
            $lastExit = [pscustomobject]@{
                PSTypeName = 'Psv.ExitInfo'
                Code       = $t.lastExit.code
                Signal     = $t.lastExit.signal
                Time       = ConvertTo-PsvDateTime $t.lastExit.time
            }
            $lastExit | Add-Member -MemberType ScriptMethod -Name ToString -Force -Value {
                if ($this.Signal) { [string]$this.Signal } else { "exit $($this.Code)" }
            }
        }
        $uptime = $null
        if ($null -ne $t.uptimeMs) { $uptime = [timespan]::FromMilliseconds([double]$t.uptimeMs) }
        [pscustomobject]@{
            PSTypeName     = 'Psv.TargetStatus'
            Name           = [string]$t.name
            State          = [string]$t.state
            Pid            = $t.pid
            Uptime         = $uptime
            StartedAt      = ConvertTo-PsvDateTime $t.startedAt
            Restarts       = [int]$t.restarts
            RetriesAllowed = [int]$t.retries
            RetryWindow    = ConvertFrom-PsvDuration $t.window
            LastExit       = $lastExit
            Paused         = [bool]$t.paused
            Kind           = [string]$t.kind
            Adopted        = [bool]$t.adopted
            Overrides      = ConvertTo-PsvHashtable $t.overrides
            Group          = $null
            MonitorPid     = $Status.monitor.pid
            ConfigPath     = [string]$Status.monitor.config
        }
    }
}
