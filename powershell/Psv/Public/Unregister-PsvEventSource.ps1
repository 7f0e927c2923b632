function Unregister-PsvEventSource {
    <#
    .SYNOPSIS
    Windows: unregisters the Event Log source that a psv configuration names (monitor.events.eventlog).

    .DESCRIPTION
    The counterpart of Register-PsvEventSource: the source comes from the configuration
    (-ConfigPath, else $env:PSV_CONFIG, read through `psv check`) or is given with
    -Source. The events already written stay in the log, but the Event Viewer can no
    longer show their text once the source is gone. A source that is not registered is
    left alone (said with -Verbose). Needs administrator rights.

    .PARAMETER ConfigPath
    The psv configuration whose monitor.events.eventlog names the source. Defaults to
    $env:PSV_CONFIG. Not taken from the pipeline: what is piped in is a source (below).

    .PARAMETER Source
    The source to unregister, instead of the one a configuration names. Accepts
    pipeline input by property name (a Psv.EventSource from Register-PsvEventSource).

    .EXAMPLE
    Unregister-PsvEventSource -ConfigPath C:\psv\app.yaml -Confirm:$false

    Unregisters the source C:\psv\app.yaml names, without asking.

    .EXAMPLE
    Register-PsvEventSource -Source 'Psv-Trial' | Unregister-PsvEventSource -WhatIf

    Shows that the source just registered would be unregistered.

    .INPUTS
    System.String (Source, by property name)

    .OUTPUTS
    None
    #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High', DefaultParameterSetName = 'Config')]
    [OutputType([void])]
    param(
        # Not by property name: a piped Psv.EventSource also has a ConfigPath (often empty),
        # and its Source is the one to remove.
        [Parameter(ParameterSetName = 'Config', Position = 0)]
        [string] $ConfigPath,

        [Parameter(ParameterSetName = 'Source', Mandatory, ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [string] $Source
    )
    process {
        if (-not (Test-PsvWindows)) {
            $PSCmdlet.ThrowTerminatingError((New-PsvPlatformError -Message 'The Windows Event Log exists only on Windows; elsewhere psv writes its events to syslog and its event file.'))
        }
        $target = Resolve-PsvEventSource -ConfigPath $ConfigPath -Source $Source
        foreach ($e in $target.Errors) { $PSCmdlet.WriteError($e) }
        if (-not $target.Source) { return }

        $registeredIn = Get-PsvEventSourceLog -Source $target.Source
        if (-not $registeredIn) {
            Write-Verbose "The event source '$($target.Source)' is not registered: nothing to do."
            return
        }
        if (-not $PSCmdlet.ShouldProcess("Event Log source '$($target.Source)' in the $registeredIn log (its events stay)", 'Unregister')) { return }
        Remove-PsvEventSource -Source $target.Source
    }
}
