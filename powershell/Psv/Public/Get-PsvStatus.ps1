function Get-PsvStatus {
    <#
    .SYNOPSIS
    Gets the state of the targets of the running psv monitor.

    .DESCRIPTION
    Returns one Psv.TargetStatus object per target: Name, Group (the group it belongs
    to, or $null), State (Stopped, Waiting (for the targets it depends on), Starting,
    Running, Backoff, Stopping, Exited, Failed),
    Pid, Uptime ([TimeSpan]), Restarts (within the retry window), RetriesAllowed,
    RetryWindow, LastExit, Paused, Kind (command, match, pidfile or service), Ready (up
    long enough for the targets that depend on it), DependsOn (the targets it needs),
    Instances (the processes of a target psv did not start, as Psv.ProcessInstance
    objects with Pid, StartedAt and Uptime), Service (a service target's state in the
    service manager's words), Adopted, Overrides (live changes made with Set-PsvTarget),
    and ConfigPath of the monitor, which lets you pipe the objects into
    Restart-PsvTarget and friends.
    Names may contain wildcards; a name without wildcards that psv does not know is an
    error. -Group selects the members of groups instead (see Get-PsvGroup).

    .PARAMETER Name
    Targets to show (default: all). Wildcards are allowed.

    .PARAMETER Group
    Show the members of these groups. Wildcards are allowed.

    .PARAMETER ConfigPath
    The configuration file of the monitor to ask. Defaults to $env:PSV_CONFIG.

    .EXAMPLE
    Get-PsvStatus -ConfigPath C:\psv\psv.yaml

    Shows every target as a table.

    .EXAMPLE
    Get-PsvStatus web*, worker | Format-List *

    Shows everything psv knows about the targets named web... and worker.

    .EXAMPLE
    Get-PsvStatus | Where-Object State -eq 'Failed' | Restart-PsvTarget

    Restarts every target that psv gave up on (each by name, not its whole group).

    .EXAMPLE
    Get-PsvStatus -Group app | Where-Object -Not Ready

    The members of the group app that their dependants are still waiting for.

    .EXAMPLE
    Get-PsvStatus | Format-Table -GroupBy Group

    The targets, one table per group.

    .INPUTS
    System.String (Name, by value or by property name)

    .OUTPUTS
    Psv.TargetStatus
    #>
    [CmdletBinding(DefaultParameterSetName = 'Name')]
    [OutputType('Psv.TargetStatus')]
    param(
        [Parameter(Position = 0, ParameterSetName = 'Name', ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [SupportsWildcards()]
        [string[]] $Name,

        # Not from the pipeline: status objects carry both Name and Group, and piping
        # them must select the named targets, not their whole groups.
        [Parameter(Mandatory, ParameterSetName = 'Group')]
        [SupportsWildcards()]
        [ValidateNotNullOrEmpty()]
        [string[]] $Group,

        [Parameter(ValueFromPipelineByPropertyName)]
        [string] $ConfigPath
    )
    begin {
        $names = [System.Collections.Generic.List[string]]::new()
        $config = $null
    }
    process {
        foreach ($n in $Name) { $names.Add($n) }
        if ($ConfigPath) { $config = $ConfigPath }
    }
    end {
        $config = Resolve-PsvConfigPath $config
        $failure = $null
        $hasPattern = @($names | Where-Object { [WildcardPattern]::ContainsWildcardCharacters($_) }).Count -gt 0
        if ($PSCmdlet.ParameterSetName -eq 'Name' -and -not $hasPattern) {
            # Exact names: psv itself checks them.
            Get-PsvTargetStatus -Name @($names | Select-Object -Unique) -ConfigPath $config -Failure ([ref]$failure)
            if ($failure) { $PSCmdlet.WriteError($failure) }
            return
        }
        # Wildcards or groups: ask for everything and select here.
        $status = Invoke-PsvCli -Arguments @('status') -ConfigPath $config -TargetObject $config -Failure ([ref]$failure)
        if ($failure) {
            $PSCmdlet.WriteError($failure)
            return
        }
        $all = @(ConvertTo-PsvTargetStatus -Status $status)
        $select = @{ ConfigPath = $status.monitor.config; Command = 'status'; Cmdlet = $PSCmdlet }
        if ($PSCmdlet.ParameterSetName -eq 'Group') {
            $groups = @(Select-PsvName -Name $Group -Known @(@($status.groups) | Where-Object { $null -ne $_ }).name -Noun group @select)
            $all | Where-Object { $null -ne $_.Group -and $groups -contains $_.Group }
            return
        }
        $targets = @(Select-PsvName -Name $names -Known $all.Name -Noun target @select)
        $all | Where-Object { $targets -contains $_.Name }
    }
}
