function Install-PsvService {
    <#
    .SYNOPSIS
    Installs psv as a service (Windows service, or systemd unit on Linux) started at boot, or with -Clustered by cluster software.

    .DESCRIPTION
    Windows: checks the configuration (psv check; an invalid one stops the install),
    registers the Event Log source it names in monitor.events.eventlog (default Psv in
    the Application log; see Register-PsvEventSource), then installs the monitor as a
    Windows service through WinSW,
    the service wrapper shipped as bin\psv-service.exe: the wrapper (and its
    .exe.config) is copied to -ServiceDirectory as NAME.exe next to its
    configuration NAME.xml, then `NAME.exe install` and `NAME.exe start` are run. The service starts automatically
    at boot, runs `psv run -c CONFIG` as LocalSystem, and is restarted by the Service
    Control Manager if it fails (not with -NoRestartOnFailure or -Clustered).
    Stopping the service runs `psv stop -c CONFIG`: psv stops its targets (in
    dependency order, each within its stopTimeout) and exits, and WinSW waits for it;
    WinSW does not kill the targets itself.
    WinSW is used because psv.exe is a console program, not a service binary:
    New-Service alone would register a program that cannot answer the SCM.

    Linux: writes a systemd unit (default /etc/systemd/system/NAME.service) running
    `psv run -c CONFIG`, restarted on failure but never after exit code 2 (the
    configuration is invalid) or 4 (psv triggered failover: the node must stay down
    for the cluster software), then runs `systemctl daemon-reload` and
    `systemctl enable --now NAME`. On stop systemd signals psv alone, which stops its
    targets.

    -Clustered installs psv for cluster software (WSFC, CLUSTERPRO, Pacemaker) that
    starts, stops, restarts and moves it; psv restarts the targets on this node and,
    when that cannot help, hands over to the cluster (exit 4 or a failover adapter).
    Nothing may then restart psv behind the cluster's back or start it outside the
    cluster. Windows: start type Manual, failure action none (the Service Control
    Manager leaves a failed service stopped), and the service is not started now.
    Linux: Restart=no, no [Install] section (the unit is not enabled, and
    `systemctl disable NAME` removes an enablement left by an earlier install), and
    KillMode=mixed (on stop psv stops its targets, and whatever is still running once
    psv has exited is killed, so that nothing of the package keeps running on a node
    the cluster has left); only `systemctl daemon-reload` and `systemctl disable` are
    run. Then define the service or unit in the cluster (see docs/clusters.md).

    Needs administrator rights (root / elevated).

    .PARAMETER ConfigPath
    The psv configuration file the service runs. Defaults to $env:PSV_CONFIG.

    .PARAMETER Name
    The service name (Windows service id, systemd unit name). Default 'psv'.

    .PARAMETER DisplayName
    Windows: the service's display name. Linux: the unit's Description.

    .PARAMETER ServiceDirectory
    Windows: where the wrapper exe, its XML and its logs go. Default $env:ProgramData\psv\service.

    .PARAMETER ServiceWrapperPath
    Windows: the WinSW executable to copy. Default: bin\psv-service.exe in the module.

    .PARAMETER NoRestartOnFailure
    Windows: do not let the Service Control Manager restart psv when it exits.

    .PARAMETER Clustered
    Install for cluster software: the cluster alone starts and restarts psv. Windows:
    start type Manual, no restart on failure, not started now. Linux: Restart=no, not
    enabled at boot, not started now, KillMode=mixed.

    .PARAMETER UnitPath
    Linux: where to write the unit. Default /etc/systemd/system/NAME.service.

    .PARAMETER NoStart
    Install (and on Linux enable) without starting now. -Clustered never starts.

    .EXAMPLE
    Install-PsvService -ConfigPath C:\psv\psv.yaml

    Windows: registers the event source C:\psv\psv.yaml names and the 'psv' service, and starts it.

    .EXAMPLE
    Install-PsvService -ConfigPath /etc/psv/psv.yaml -WhatIf

    Linux: shows the unit that would be written and the systemctl commands, without doing them.

    .EXAMPLE
    Install-PsvService -ConfigPath C:\psv\app.yaml -Name psv-app -Clustered

    Windows: installs the service 'psv-app' with start type Manual and no restart on
    failure, and does not start it: add it to the cluster role as a Generic Service
    (WSFC) or a service resource (CLUSTERPRO), which starts it on the active node.

    .EXAMPLE
    Install-PsvService -ConfigPath /etc/psv/app.yaml -Name psv-app -Clustered -WhatIf

    Linux: says which unit would be written (/etc/systemd/system/psv-app.service, the
    unit a Pacemaker resource systemd:psv-app runs) and with which command line,
    without writing it or running systemctl.

    .INPUTS
    System.String (ConfigPath, by property name)

    .OUTPUTS
    Psv.ServiceInstallation
    #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'Medium')]
    [OutputType('Psv.ServiceInstallation')]
    param(
        [Parameter(Position = 0, ValueFromPipelineByPropertyName)]
        [Alias('FullName')]
        [string] $ConfigPath,

        [ValidatePattern('^[A-Za-z0-9_.@-]+$')]
        [string] $Name = 'psv',

        [string] $DisplayName = 'psv process supervisor',

        [string] $ServiceDirectory,

        [string] $ServiceWrapperPath,

        [switch] $NoRestartOnFailure,

        [switch] $Clustered,

        [string] $UnitPath,

        [switch] $NoStart
    )
    process {
        $config = Resolve-PsvConfigPath $ConfigPath
        if (-not $config) {
            $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                    [System.ArgumentException]::new('Which configuration should the service run? Give -ConfigPath FILE or set $env:PSV_CONFIG.'),
                    'PsvNoConfig', [System.Management.Automation.ErrorCategory]::InvalidArgument, $null))
        }
        $exe = Get-PsvExecutable
        if ($exe.Problem) { $PSCmdlet.ThrowTerminatingError((New-PsvExecutableError -Message $exe.Problem)) }
        $command = @($exe.FilePath) + @($exe.PrefixArguments) + @('run', '-c', $config)

        if (Test-PsvWindows) {
            # The monitor writes to the event source its configuration names: that one is registered.
            $check = Invoke-PsvConfigCheck -Path $config
            foreach ($w in $check.Warnings) { Write-Warning $w }
            if (-not $check.Ok) {
                foreach ($e in @($check.Failure) + @($check.Problems) | Where-Object { $_ }) { $PSCmdlet.WriteError($e) }
                return
            }
            if (-not $ServiceDirectory) { $ServiceDirectory = Join-Path $env:ProgramData 'psv\service' }
            if (-not $ServiceWrapperPath) { $ServiceWrapperPath = Join-Path (Split-Path -Parent $PSScriptRoot) 'bin\psv-service.exe' }
            $wrapper = Join-Path $ServiceDirectory "$Name.exe"
            $xmlPath = Join-Path $ServiceDirectory "$Name.xml"
            $definition = New-PsvWinSWConfig -Name $Name -DisplayName $DisplayName -Executable $exe.FilePath `
                -StartArgument (@($exe.PrefixArguments) + @('run', '-c', $config)) `
                -StopArgument (@($exe.PrefixArguments) + @('stop', '-c', $config)) `
                -LogPath (Join-Path $ServiceDirectory 'logs') -StartMode $(if ($Clustered) { 'Manual' } else { 'Automatic' }) `
                -RestartOnFailure:(-not ($NoRestartOnFailure -or $Clustered))
            $start = -not ($NoStart -or $Clustered)

            Register-PsvEventSource -Source $check.EventLog.Source -LogName $check.EventLog.LogName | Out-Null
            $action = if ($Clustered) { 'Install (start type Manual, no restart on failure: the cluster starts it)' } else { 'Install' }
            if (-not $PSCmdlet.ShouldProcess("Windows service '$Name' ($(Format-PsvCommandLine -Word $command))", $action)) { return }
            if (-not (Test-Path -LiteralPath $ServiceWrapperPath -PathType Leaf)) {
                $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                        [System.IO.FileNotFoundException]::new("The service wrapper (WinSW) is missing: $ServiceWrapperPath. Reinstall the Psv module or give -ServiceWrapperPath.", $ServiceWrapperPath),
                        'PsvNoServiceWrapper', [System.Management.Automation.ErrorCategory]::ObjectNotFound, $ServiceWrapperPath))
            }
            New-Item -ItemType Directory -Path $ServiceDirectory -Force | Out-Null
            Copy-Item -LiteralPath $ServiceWrapperPath -Destination $wrapper -Force
            # WinSW 1.x is built for CLR 2.0; its .exe.config, beside it under its name, lets
            # it run on .NET 4 (all a current Windows Server has unless 3.5 is installed).
            if (Test-Path -LiteralPath "$ServiceWrapperPath.config" -PathType Leaf) {
                Copy-Item -LiteralPath "$ServiceWrapperPath.config" -Destination "$wrapper.config" -Force
            }
            Set-Content -LiteralPath $xmlPath -Value $definition -Encoding UTF8 -NoNewline
            Invoke-PsvServiceWrapper -WrapperPath $wrapper -Command install
            if ($start) { Invoke-PsvServiceWrapper -WrapperPath $wrapper -Command start }
            [pscustomobject]@{
                PSTypeName     = 'Psv.ServiceInstallation'
                Name           = $Name
                Platform       = 'Windows'
                DefinitionPath = $xmlPath
                CommandLine    = Format-PsvCommandLine -Word $command
                ConfigPath     = $config
                Clustered      = [bool]$Clustered
                Started        = $start
                EventSource    = $check.EventLog.Source
            }
            return
        }

        if (-not $UnitPath) { $UnitPath = "/etc/systemd/system/$Name.service" }
        $unitName = [System.IO.Path]::GetFileNameWithoutExtension($UnitPath)
        $unit = New-PsvSystemdUnit -Description $DisplayName -Command $command -Clustered:$Clustered `
            -ReloadCommand (@($exe.FilePath) + @($exe.PrefixArguments) + @('reload', '-c', $config))
        $action = if ($Clustered) { 'Write (not enabled: the cluster starts it)' } else { 'Write, enable and start' }
        if (-not $PSCmdlet.ShouldProcess("systemd unit $UnitPath ($(Format-PsvCommandLine -Word $command))", $action)) { return }
        $folder = Split-Path -Parent $UnitPath
        if ($folder -and -not (Test-Path -LiteralPath $folder)) { New-Item -ItemType Directory -Path $folder -Force | Out-Null }
        [System.IO.File]::WriteAllText($UnitPath, $unit, [System.Text.UTF8Encoding]::new($false))
        Invoke-PsvSystemctl daemon-reload
        # A clustered unit must not start at boot, also when an earlier install enabled it.
        if ($Clustered) { Invoke-PsvSystemctl disable $unitName }
        elseif ($NoStart) { Invoke-PsvSystemctl enable $unitName }
        else { Invoke-PsvSystemctl enable --now $unitName }
        [pscustomobject]@{
            PSTypeName     = 'Psv.ServiceInstallation'
            Name           = $unitName
            Platform       = 'Linux'
            DefinitionPath = $UnitPath
            CommandLine    = Format-PsvCommandLine -Word $command
            ConfigPath     = $config
            Clustered      = [bool]$Clustered
            Started        = -not ($NoStart -or $Clustered)
        }
    }
}
