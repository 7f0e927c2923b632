function Restart-PsvTarget {
    <#
    .SYNOPSIS
    Restarts psv targets now.

    .DESCRIPTION
    Runs `psv restart`: stops the process tree of each target and starts it again. An operator restart does not count against the retry rule.
    Names come from -Name or from the pipeline (any object with a Name property, such
    as Get-PsvStatus output, whose ConfigPath also selects the monitor). All names are
    sent to psv in one call at the end of the pipeline; -All acts on every target.
    -Group names groups (see Get-PsvGroup) and restarts the members of a group in
    dependency order (stopping them in reverse order first). -Group is never taken from
    the pipeline: Get-PsvStatus objects carry both Name and Group, and piping them acts
    on the named targets only. Get-PsvGroup objects pipe in by Name, which psv takes as
    the group's name.

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
    Restart-PsvTarget -Name web -ConfigPath C:\psv\psv.yaml

    Restarts the target web.

    .EXAMPLE
    Get-PsvStatus | Where-Object State -eq 'Failed' | Restart-PsvTarget

    .EXAMPLE
    Restart-PsvTarget -Group app -ConfigPath C:\psv\psv.yaml

    Restarts the members of the group app: stopped dependants first, then started in dependency order.

    .EXAMPLE
    Restart-PsvTarget -All -WhatIf

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
        Invoke-PsvTargetVerb -Cmdlet $PSCmdlet -Verb restart -Action 'Restart' -Request $requests -Group:($PSCmdlet.ParameterSetName -eq 'Group') -All:$All -ConfigPath (Resolve-PsvConfigPath $ConfigPath) -PassThru:$PassThru
    }
}
