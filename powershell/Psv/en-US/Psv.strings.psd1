# The Psv module's own messages in English: errors, warnings, verbose and progress
# texts, and what -WhatIf and -Confirm name. Psv.psm1 loads this table first, then
# overlays the table of the UI culture (ja-JP/Psv.strings.psd1, the same keys), so
# that English stands in for a culture without one.
# ConvertFrom-StringData: one KEY = text per line, trimmed (no leading or trailing
# spaces survive); a backslash escapes (write \\ for one). {0}, {1}... are filled in
# with -f, so a literal brace is written twice. What psv itself prints is passed on
# as it is (psv speaks the operator's language already) and is not in here.
ConvertFrom-StringData @'
# Durations (ConvertFrom-PsvDuration, ConvertTo-PsvDuration, Start-PsvMonitor)
NotADuration = -{0}: '{1}' is not a duration: give seconds (30), a psv duration (500ms, 30s, 5m, 1h30m, 2d) or a [TimeSpan].
NegativeDuration = -{0}: a duration cannot be negative ({1}).
NegativePsvDuration = A psv duration cannot be negative ({0}).
TimeoutOutOfRange = -Timeout must be between 1s and 1h (got {0}).

# Finding and running psv (Get-PsvExecutable, Invoke-PsvCli, New-PsvErrorRecord)
ExeEnvMissing = PSV_EXE names '{0}', which does not exist. Point $env:PSV_EXE at the psv executable or at its main.js.
ExeNoNode = PSV_EXE names the script '{0}', but node is not on PATH to run it.
ExeNotFound = The psv executable was not found: not in {0}, not in $env:PSV_EXE, not on PATH. Reinstall the Psv module or set $env:PSV_EXE.
NotJsonLine = psv printed a line that is not JSON: {0}
NotJsonOutput = psv {0} printed output that is not JSON: {1}
PsvCommandFailed = psv {0} failed with exit code {1}.
NoMonitorRunning = No psv monitor is running{0}. Start it with Start-PsvMonitor -ConfigPath FILE.
NoMonitorRunningMore = No psv monitor is running{0}. {1}. Start it with Start-PsvMonitor -ConfigPath FILE.
NoMonitorAction = Start the monitor with Start-PsvMonitor -ConfigPath FILE, or name the running monitor's config with -ConfigPath or $env:PSV_CONFIG.
FailoverTriggered = psv triggered failover. {0}
AccessDeniedAction = Run PowerShell as the monitor's user or as an administrator (elevated / root).
NoHealthReport = psv health printed no health report for {0}.
CommandFailed = {0} failed (exit {1}): {2}
IncidentCompletionFailed = psv incident completion: {0}
NameCompletionFailed = psv target completion: {0}

# Which configuration (New-PsvNoConfigError and the cmdlets that ask their own way)
NoConfig = Which configuration? Give -ConfigPath FILE or set $env:PSV_CONFIG.
NoConfigPath = Which configuration? Give -Path FILE or set $env:PSV_CONFIG.
NoConfigService = Which configuration should the service run? Give -ConfigPath FILE or set $env:PSV_CONFIG.
NoConfigTask = Which configuration should the task start? Give -ConfigPath FILE or set $env:PSV_CONFIG.
ConfigProblemAction = Fix line {0}, column {1} of {2}, then check it again with Test-PsvConfig.
ReloadRejected = The psv monitor rejected {0} and keeps running with its previous configuration.

# Names (Select-PsvName, Get-PsvEvent)
UnknownTarget = unknown target '{0}'; known targets: {1}
UnknownTargetNone = unknown target '{0}': the monitor has no targets (they are defined under targets: in its configuration)
UnknownTargetNoneOf = unknown target '{0}': the monitor of {1} has no targets (they are defined under targets: in its configuration)
UnknownGroup = unknown group '{0}'; known groups: {1}
UnknownGroupNone = unknown group '{0}': the monitor has no groups (they are defined under groups: in its configuration)
UnknownGroupNoneOf = unknown group '{0}': the monitor of {1} has no groups (they are defined under groups: in its configuration)

# Other machines (Invoke-PsvRemote)
RemoteBothTargets = Give -ComputerName or -Session, not both.
RemoteWhatOn = {0} on {1}
RemoteMachine = on {0}

# What -WhatIf and -Confirm name: the targets of an action...
WhatMonitor = psv monitor
WhatMonitorOf = psv monitor of {0}
WhatTarget = psv target '{0}'
WhatTargetOf = psv target '{0}' (monitor of {1})
WhatGroup = psv group '{0}' (members {1})
WhatGroupOf = psv group '{0}' (members {1}) (monitor of {2})
WhatAllTargets = all psv targets: {0}
WhatAllTargetsOf = all psv targets: {0} (monitor of {1})
WhatWindowsService = Windows service '{0}' ({1})
WhatWindowsServiceName = Windows service '{0}'
WhatSystemdUnit = systemd unit {0} ({1})
WhatSystemdUnitPath = systemd unit {0}
WhatEventSource = Event Log source '{0}' in the {1} log
WhatEventSourceKeep = Event Log source '{0}' in the {1} log (its events stay)
WhatScheduledTask = scheduled task {0}{1} ({2} {3}, at startup, as SYSTEM)
WhatScheduledTaskName = scheduled task {0}{1}

# ...and the actions
ActionSuspend = Suspend monitoring
ActionResume = Resume monitoring
ActionRestart = Restart
ActionReset = Reset the retry count
ActionSet = Set {0}
ActionStartMonitor = Start psv monitor
ActionStopMonitor = Stop with all its targets
ActionStopMonitorKeep = Stop (targets keep running)
ActionReload = Reload the configuration
ActionExportIncident = Export psv incident {0}
ActionInstall = Install
ActionInstallClustered = Install (start type Manual, no restart on failure: the cluster starts it)
ActionWriteUnit = Write, enable and start
ActionWriteUnitClustered = Write (not enabled: the cluster starts it)
ActionUninstallService = Stop and uninstall
ActionRemoveUnit = Disable, stop and remove
ActionRegister = Register
ActionUnregister = Unregister

# Cmdlets' own errors, warnings and progress
FileExists = '{0}' already exists. Use -Force to overwrite it, or -Path to name another file.
NothingToSet = Nothing to change: give at least one of -Retries, -RetryWindow, -RestartDelay, -BackoffFactor, -BackoffMax, -RestartScript, -RestartScriptTimeout, -OnRetryOver, -StopTimeout.
MonitorAlreadyRunning = The psv monitor for {0} is already running (pid {1}).
StopActivity = Stopping the {0}
StopWaiting = Waiting for {0}
StopWaitingMore = Waiting for {0} and {1} more
EventLogWindowsOnly = The Windows Event Log exists only on Windows; elsewhere psv writes its events to syslog and its event file.
EventSourceInOtherLog = The event source '{0}' is registered in the {1} log, not in the {2} log. A source belongs to one log: run Unregister-PsvEventSource -Source '{0}' first, or set monitor.events.eventlog.log: {1}.
EventSourceNotRegistered = The event source '{0}' is not registered: nothing to do.
TaskSchedulerWindowsOnly = {0} needs Windows Task Scheduler; on Linux use {1} (systemd).
NoServiceWrapper = The service wrapper (WinSW) is missing: {0}. Reinstall the Psv module or give -ServiceWrapperPath.
ServiceNotInstalled = The psv service '{0}' is not installed here: {1} does not exist.
UnitNotInstalled = The psv unit is not installed: {0} does not exist.
ServiceStopFailed = The service did not stop (it may not have been running): {0}

# Text the module writes where Windows shows it (service and task descriptions)
ServiceDescription = psv keeps the processes of this system alive and reports to the Event Log (source Psv).
TaskDescription = Starts the psv process supervisor at system startup.

# How some values read (Psv.ExitInfo, Psv.FailoverInfo)
ExitSummary = exit {0}
FailoverSummary = {0} {1} via {2} at {3:s}
'@
