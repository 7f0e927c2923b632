function Register-PsvEventSource {
    # .ExternalHelp Psv-help.xml
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
