function Suspend-PsvTarget {
    <#
    .SYNOPSIS
    Pauses monitoring of psv targets; the processes keep running.

    .DESCRIPTION
    Runs `psv pause`. A paused target is not restarted when it dies; its death is only reported (state Exited). Resume-PsvTarget resumes monitoring.
    Names come from -Name or from the pipeline (any object with a Name property, such
    as Get-PsvStatus output, whose ConfigPath also selects the monitor). All names are
    sent to psv in one call at the end of the pipeline; -All acts on every target.
    -Group names groups (see Get-PsvGroup) and pauses monitoring of each member of the
    group. -Group is never taken from the pipeline: Get-PsvStatus objects carry both
    Name and Group, and piping them acts on the named targets only. Get-PsvGroup objects
    pipe in by Name, which psv takes as the group's name.

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
    Suspend-PsvTarget -Name web -ConfigPath C:\psv\psv.yaml

    Pauses monitoring of the target web.

    .EXAMPLE
    Get-PsvStatus web, db | Suspend-PsvTarget -PassThru

    .EXAMPLE
    Suspend-PsvTarget -Group app -WhatIf

    Shows which group (and members) would be paused, without changing anything.

    .EXAMPLE
    Suspend-PsvTarget -All -WhatIf

    Shows which targets would be affected, without changing anything.

    .INPUTS
    System.String (Name, by value and by property name; ConfigPath, by property name)

    .OUTPUTS
    Psv.TargetStatus (with -PassThru)
    #>
    [CmdletBinding(DefaultParameterSetName = 'Name', SupportsShouldProcess, ConfirmImpact = 'Medium')]
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
        Invoke-PsvTargetVerb -Cmdlet $PSCmdlet -Verb pause -Action 'Suspend monitoring' -Request $requests -Group:($PSCmdlet.ParameterSetName -eq 'Group') -All:$All -ConfigPath (Resolve-PsvConfigPath $ConfigPath) -PassThru:$PassThru
    }
}
