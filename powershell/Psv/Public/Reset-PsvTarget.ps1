function Reset-PsvTarget {
    <#
    .SYNOPSIS
    Clears the retry count of psv targets.

    .DESCRIPTION
    Runs `psv reset`: the restarts counted in the retry window are forgotten, and a target stopped by retry over (state Failed) is started again.
    Names come from -Name or from the pipeline (any object with a Name property, such
    as Get-PsvStatus output, whose ConfigPath also selects the monitor). All names are
    sent to psv in one call at the end of the pipeline; -All acts on every target.
    -Group names groups (see Get-PsvGroup) and clears the retry count of each member and
    the group's own count of group restarts, and starts a group stopped by its retry
    over. -Group is never taken from the pipeline: Get-PsvStatus objects carry both Name
    and Group, and piping them acts on the named targets only. Get-PsvGroup objects pipe
    in by Name, which psv takes as the group's name.

    .PARAMETER Name
    The targets (wildcards are allowed: web*). Accepts pipeline input by value and by
    property name. An unknown name is one error; the other names are still acted on.

    .PARAMETER Group
    The groups whose members to act on (wildcards are allowed). Only given explicitly,
    never bound from the pipeline.

    .PARAMETER All
    Every target of the monitor.

    .PARAMETER ConfigPath
    The configuration file of the monitor. Defaults to $env:PSV_CONFIG.

    .PARAMETER PassThru
    Return the new Psv.TargetStatus of each target acted on.

    .EXAMPLE
    Reset-PsvTarget -Name web -ConfigPath C:\psv\psv.yaml

    Clears the retry count of the target web.

    .EXAMPLE
    Get-PsvStatus | Where-Object Restarts -gt 0 | Reset-PsvTarget

    .EXAMPLE
    Reset-PsvTarget -Group app -PassThru

    Clears the retry counts of the group app and of its members, and returns the members' new status.

    .EXAMPLE
    Reset-PsvTarget -All -WhatIf

    Shows which targets would be affected, without changing anything.

    .INPUTS
    System.String (Name, by value and by property name; ConfigPath, by property name)

    .OUTPUTS
    Psv.TargetStatus (with -PassThru)
    #>
    [CmdletBinding(DefaultParameterSetName = 'Name', SupportsShouldProcess, ConfirmImpact = 'Low')]
    [OutputType('Psv.TargetStatus')]
    param(
        [Parameter(Mandatory, Position = 0, ParameterSetName = 'Name', ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [SupportsWildcards()]
        [ValidateNotNullOrEmpty()]
        [string[]] $Name,

        # Not from the pipeline: status objects carry both Name and Group, and piping
        # them must act on the named targets, not on their whole groups.
        [Parameter(Mandatory, ParameterSetName = 'Group')]
        [SupportsWildcards()]
        [ValidateNotNullOrEmpty()]
        [string[]] $Group,

        [Parameter(Mandatory, ParameterSetName = 'All')]
        [switch] $All,

        [Parameter(ValueFromPipelineByPropertyName)]
        [string] $ConfigPath,

        [switch] $PassThru
    )
    begin {
        $requests = [System.Collections.Generic.List[object]]::new()
    }
    process {
        $config = Resolve-PsvConfigPath $ConfigPath
        foreach ($n in @($Name) + @($Group) | Where-Object { $_ }) { $requests.Add([pscustomobject]@{ Name = $n; ConfigPath = $config }) }
    }
    end {
        Invoke-PsvTargetVerb -Cmdlet $PSCmdlet -Verb reset -Action 'Reset the retry count' -Request $requests -Group:($PSCmdlet.ParameterSetName -eq 'Group') -All:$All -ConfigPath (Resolve-PsvConfigPath $ConfigPath) -PassThru:$PassThru
    }
}
