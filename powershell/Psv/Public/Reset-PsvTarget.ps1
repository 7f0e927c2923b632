function Reset-PsvTarget {
    <#
    .SYNOPSIS
    Clears the retry count of psv targets.

    .DESCRIPTION
    Runs `psv reset`: the restarts counted in the retry window are forgotten, and a target stopped by retry over (state Failed) is started again.
    Names come from -Name or from the pipeline (any object with a Name property, such
    as Get-PsvStatus output, whose ConfigPath also selects the monitor). All names are
    sent to psv in one call at the end of the pipeline; -All acts on every target.

    .PARAMETER Name
    The targets. Accepts pipeline input by value and by property name.

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
    Reset-PsvTarget -All -WhatIf

    Shows which targets would be affected, without changing anything.

    .INPUTS
    System.String (Name and ConfigPath, by property name)

    .OUTPUTS
    Psv.TargetStatus (with -PassThru)
    #>
    [CmdletBinding(DefaultParameterSetName = 'Name', SupportsShouldProcess, ConfirmImpact = 'Low')]
    [OutputType('Psv.TargetStatus')]
    param(
        [Parameter(Mandatory, Position = 0, ParameterSetName = 'Name', ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [string[]] $Name,

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
        foreach ($n in $Name) { $requests.Add([pscustomobject]@{ Name = $n; ConfigPath = $config }) }
    }
    end {
        Invoke-PsvTargetVerb -Cmdlet $PSCmdlet -Verb reset -Action 'Reset the retry count' -Request $requests -All:$All -ConfigPath (Resolve-PsvConfigPath $ConfigPath) -PassThru:$PassThru
    }
}
