function Get-PsvGroup {
    <#
    .SYNOPSIS
    Gets the state of the target groups of the running psv monitor.

    .DESCRIPTION
    Returns one Psv.GroupStatus object per group (the groups: section of the
    configuration): Name, Strategy (all: a failing member restarts every member;
    rest: it restarts the members that come after it in dependency order; one: only
    itself), State (Running, Restarting, Failed), Members (target names, in the
    configured order), Restarts (group restarts within the group's retry window),
    RetriesAllowed, RetryWindow ([TimeSpan]), MonitorPid and ConfigPath.
    The objects pipe into Restart-PsvTarget, Reset-PsvTarget, Suspend-PsvTarget and
    Resume-PsvTarget by their Name, which psv takes as the group's name: a group
    restarts in dependency order, and a reset clears the group's own retry count too.
    Get-PsvStatus -Group shows the members' own state.

    .PARAMETER Name
    Groups to show (default: all). Wildcards are allowed; a name without wildcards
    that the monitor does not know is an error.

    .PARAMETER ConfigPath
    The configuration file of the monitor to ask. Defaults to $env:PSV_CONFIG.

    .EXAMPLE
    Get-PsvGroup -ConfigPath C:\psv\psv.yaml

    Shows every group as a table.

    .EXAMPLE
    Get-PsvGroup | Where-Object State -eq 'Failed' | Reset-PsvTarget

    Gives every group that used up its group retries a fresh budget, which starts its
    members again.

    .EXAMPLE
    Get-PsvGroup app | ForEach-Object Members | Get-PsvStatus

    The state of each member of the group app.

    .INPUTS
    System.String (Name, by value; ConfigPath, by property name)

    .OUTPUTS
    Psv.GroupStatus
    #>
    [CmdletBinding()]
    [OutputType('Psv.GroupStatus')]
    param(
        [Parameter(Position = 0, ValueFromPipeline)]
        [SupportsWildcards()]
        [string[]] $Name,

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
        $status = Invoke-PsvCli -Arguments @('status') -ConfigPath $config -TargetObject $config -Failure ([ref]$failure)
        if ($failure) {
            $PSCmdlet.WriteError($failure)
            return
        }
        $all = @(ConvertTo-PsvGroupStatus -Status $status)
        $selected = @(Select-PsvName -Name $names -Known $all.Name -Noun group -Command status -ConfigPath $status.monitor.config -Cmdlet $PSCmdlet)
        $all | Where-Object { $selected -contains $_.Name }
    }
}
