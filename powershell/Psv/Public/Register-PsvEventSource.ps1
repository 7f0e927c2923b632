function Register-PsvEventSource {
    <#
    .SYNOPSIS
    Windows: registers the Event Log source that a psv configuration names (monitor.events.eventlog), so that the monitor can write its events there.

    .DESCRIPTION
    psv writes its events to the Windows Event Log under the source and log set in
    monitor.events.eventlog of its configuration (default: source Psv in the Application
    log). Registering a source needs administrator rights, which the monitor does not
    use for it: when the source is missing the monitor warns once and writes to its other
    sinks only. This cmdlet registers it, once, as an administrator.

    The source and log come from the configuration (-ConfigPath, else $env:PSV_CONFIG,
    read through `psv check`, so the defaults are psv's own), or are given with -Source
    and -LogName. A source that is already registered in that log is left alone; one
    registered in another log is an error (a source belongs to one log: unregister it
    first, or name that log in the configuration). Install-PsvService and
    Register-PsvScheduledTask run this for their configuration.

    Returns a Psv.EventSource object: Source, LogName, Created (false when it was
    already there) and ConfigPath.

    .PARAMETER ConfigPath
    The psv configuration whose monitor.events.eventlog names the source and log.
    Defaults to $env:PSV_CONFIG. Accepts pipeline input by property name (FullName).

    .PARAMETER Source
    The source to register, instead of the one a configuration names.

    .PARAMETER LogName
    With -Source: the log to register it in. Default Application.

    .EXAMPLE
    Register-PsvEventSource -ConfigPath C:\psv\app.yaml

    Registers the source that C:\psv\app.yaml names (Psv in the Application log unless
    it sets monitor.events.eventlog).

    .EXAMPLE
    Get-ChildItem C:\psv\*.yaml | Register-PsvEventSource -WhatIf

    Shows which source each configuration would register, without registering any.

    .EXAMPLE
    Register-PsvEventSource -Source 'Psv-Batch' -LogName Application

    Registers the source Psv-Batch in the Application log, whatever the configuration says.

    .INPUTS
    System.String (ConfigPath, by property name: FullName)

    .OUTPUTS
    Psv.EventSource
    #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'Medium', DefaultParameterSetName = 'Config')]
    [OutputType('Psv.EventSource')]
    param(
        [Parameter(ParameterSetName = 'Config', Position = 0, ValueFromPipelineByPropertyName)]
        [Alias('FullName')]
        [string] $ConfigPath,

        [Parameter(ParameterSetName = 'Source', Mandatory)]
        [ValidateNotNullOrEmpty()]
        [string] $Source,

        [Parameter(ParameterSetName = 'Source')]
        [ValidateNotNullOrEmpty()]
        [string] $LogName = 'Application'
    )
    process {
        if (-not (Test-PsvWindows)) {
            $PSCmdlet.ThrowTerminatingError((New-PsvPlatformError -Message 'The Windows Event Log exists only on Windows; elsewhere psv writes its events to syslog and its event file.'))
        }
        $target = Resolve-PsvEventSource -ConfigPath $ConfigPath -Source $Source -LogName $LogName
        foreach ($e in $target.Errors) { $PSCmdlet.WriteError($e) }
        if (-not $target.Source) { return }

        $registeredIn = Get-PsvEventSourceLog -Source $target.Source
        if ($registeredIn -and $registeredIn -ne $target.LogName) {
            $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                    [System.InvalidOperationException]::new("The event source '$($target.Source)' is registered in the $registeredIn log, not in the $($target.LogName) log. A source belongs to one log: run Unregister-PsvEventSource -Source '$($target.Source)' first, or set monitor.events.eventlog.log: $registeredIn."),
                    'PsvEventSourceInOtherLog', [System.Management.Automation.ErrorCategory]::ResourceExists, $target.Source))
            return
        }
        $created = $false
        if (-not $registeredIn) {
            if (-not $PSCmdlet.ShouldProcess("Event Log source '$($target.Source)' in the $($target.LogName) log", 'Register')) { return }
            New-PsvEventSource -Source $target.Source -LogName $target.LogName
            $created = $true
        }
        [pscustomobject]@{
            PSTypeName = 'Psv.EventSource'
            Source     = $target.Source
            LogName    = $target.LogName
            Created    = $created
            ConfigPath = $target.ConfigPath
        }
    }
}
