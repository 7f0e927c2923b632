function ConvertTo-PsvTargetStatus {
    <#
    .SYNOPSIS
    psv's status JSON ({monitor, targets}) as Psv.TargetStatus objects.
    .DESCRIPTION
    ConfigPath is the running monitor's config file, so that piping the objects into
    Restart-PsvTarget and friends reaches the same monitor. Group is the name of the
    group the target belongs to ($null for none). Instances are the processes of a
    target psv did not start (kind match, pidfile or service), as Psv.ProcessInstance
    objects; they are empty for a command target, whose one process is Pid.
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
                if ($this.Signal) { [string]$this.Signal } else { $PsvStrings.ExitSummary -f $this.Code }
            }
        }
        $uptime = $null
        if ($null -ne $t.uptimeMs) { $uptime = [timespan]::FromMilliseconds([double]$t.uptimeMs) }
        $instances = foreach ($i in @($t.instances)) {
            if ($null -eq $i) { continue }
            $instanceUptime = $null
            if ($null -ne $i.uptimeMs) { $instanceUptime = [timespan]::FromMilliseconds([double]$i.uptimeMs) }
            [pscustomobject]@{
                PSTypeName = 'Psv.ProcessInstance'
                Pid        = $i.pid
                StartedAt  = ConvertTo-PsvDateTime $i.startedAt
                Uptime     = $instanceUptime
            }
        }
        [pscustomobject]@{
            PSTypeName     = 'Psv.TargetStatus'
            Name           = [string]$t.name
            State          = [string]$t.state
            Pid            = $t.pid
            Uptime         = $uptime
            StartedAt      = ConvertTo-PsvDateTime $t.startedAt
            Restarts       = [int]$t.restarts
            RetriesAllowed = [int]$t.retries
            RetryWindow    = ConvertTo-PsvRetryWindow $t
            LastExit       = $lastExit
            Paused         = [bool]$t.paused
            Kind           = [string]$t.kind
            Adopted        = [bool]$t.adopted
            Overrides      = ConvertTo-PsvHashtable $t.overrides
            Group          = if ($t.group) { [string]$t.group } else { $null }
            DependsOn      = [string[]]@($t.dependsOn | Where-Object { $null -ne $_ })
            Ready          = [bool]$t.ready
            Instances      = @($instances)
            Service        = if ($null -ne $t.service) { [string]$t.service } else { $null }
            MonitorPid     = $Status.monitor.pid
            ConfigPath     = [string]$Status.monitor.config
        }
    }
}
