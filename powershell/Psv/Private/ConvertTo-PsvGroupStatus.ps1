function ConvertTo-PsvGroupStatus {
    <#
    .SYNOPSIS
    The groups of psv's status JSON ({monitor, targets, groups}) as Psv.GroupStatus objects.
    .DESCRIPTION
    Name and ConfigPath bind by property name to Restart-PsvTarget and friends, which
    hand the group's name to psv; psv takes a group name in place of target names
    (restart: the members in dependency order; reset: the group's own count too).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [object] $Status
    )
    foreach ($g in @($Status.groups)) {
        if ($null -eq $g) { continue }
        [pscustomobject]@{
            PSTypeName     = 'Psv.GroupStatus'
            Name           = [string]$g.name
            Strategy       = [string]$g.strategy
            State          = [string]$g.state
            Members        = [string[]]@($g.members | Where-Object { $null -ne $_ })
            Restarts       = [int]$g.restarts
            RetriesAllowed = [int]$g.retries
            RetryWindow    = ConvertTo-PsvRetryWindow $g
            MonitorPid     = $Status.monitor.pid
            ConfigPath     = [string]$Status.monitor.config
        }
    }
}
