function Resume-PsvTarget {
    <#
    .SYNOPSIS
    Resumes monitoring of paused psv targets.

    .DESCRIPTION
    Runs `psv resume`. A target that died while paused is started again.
    Names come from -Name or from the pipeline (any object with a Name property, such
    as Get-PsvStatus output, whose ConfigPath also selects the monitor). All names are
    sent to psv in one call at the end of the pipeline; -All acts on every target.
    -Group names groups (see Get-PsvGroup) and resumes monitoring of each member of the
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
    Resume-PsvTarget -Name web -ConfigPath C:\psv\psv.yaml

    Resumes monitoring of the target web.

    .EXAMPLE
    Get-PsvStatus | Where-Object Paused | Resume-PsvTarget

    .EXAMPLE
    Resume-PsvTarget -Group app

    Resumes monitoring of every member of the group app.

    .EXAMPLE
    Resume-PsvTarget -All -WhatIf

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
        Invoke-PsvTargetVerb -Cmdlet $PSCmdlet -Verb resume -Action 'Resume monitoring' -Request $requests -Group:($PSCmdlet.ParameterSetName -eq 'Group') -All:$All -ConfigPath (Resolve-PsvConfigPath $ConfigPath) -PassThru:$PassThru
    }
}
