function Register-PsvScheduledTask {
    <#
    .SYNOPSIS
    Windows: registers a scheduled task that starts the psv monitor at system startup.

    .DESCRIPTION
    An alternative to Install-PsvService where a service is not wanted: a task in
    Task Scheduler (default \psv\psv) that runs `psv start -c CONFIG` as SYSTEM at
    startup, with the highest privileges and no time limit. First it checks the
    configuration (an invalid one registers nothing) and registers the Event Log source
    it names in monitor.events.eventlog (see Register-PsvEventSource), as
    Install-PsvService does. Windows only; on Linux use Install-PsvService (systemd).
    Returns the registered task.

    .PARAMETER ConfigPath
    The psv configuration file. Defaults to $env:PSV_CONFIG.

    .PARAMETER TaskName
    The task's name. Default 'psv'.

    .PARAMETER TaskPath
    The Task Scheduler folder. Default '\psv\'.

    .EXAMPLE
    Register-PsvScheduledTask -ConfigPath C:\psv\psv.yaml

    Registers the event source C:\psv\psv.yaml names, and starts its monitor at every boot.

    .EXAMPLE
    Get-Item C:\psv\psv.yaml | Register-PsvScheduledTask -TaskName psv-batch -WhatIf

    Shows the task that would be registered.

    .INPUTS
    System.String (ConfigPath, by property name: FullName)

    .OUTPUTS
    Microsoft.Management.Infrastructure.CimInstance#MSFT_ScheduledTask
    #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'Medium')]
    [OutputType('Microsoft.Management.Infrastructure.CimInstance#MSFT_ScheduledTask')]
    param(
        [Parameter(Position = 0, ValueFromPipelineByPropertyName)]
        [Alias('FullName')]
        [string] $ConfigPath,

        [ValidateNotNullOrEmpty()]
        [string] $TaskName = 'psv',

        [ValidatePattern('^\\(.*\\)?$')]
        [string] $TaskPath = '\psv\'
    )
    process {
        if (-not (Test-PsvWindows)) {
            $PSCmdlet.ThrowTerminatingError((New-PsvPlatformError -Message 'Register-PsvScheduledTask needs Windows Task Scheduler; on Linux use Install-PsvService (systemd).'))
        }
        $config = Resolve-PsvConfigPath $ConfigPath
        if (-not $config) {
            $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                    [System.ArgumentException]::new('Which configuration should the task start? Give -ConfigPath FILE or set $env:PSV_CONFIG.'),
                    'PsvNoConfig', [System.Management.Automation.ErrorCategory]::InvalidArgument, $null))
        }
        $exe = Get-PsvExecutable
        if ($exe.Problem) { $PSCmdlet.ThrowTerminatingError((New-PsvExecutableError -Message $exe.Problem)) }
        $argument = Format-PsvCommandLine -Word (@($exe.PrefixArguments) + @('start', '-c', $config))
        $check = Invoke-PsvConfigCheck -Path $config
        foreach ($w in $check.Warnings) { Write-Warning $w }
        if (-not $check.Ok) {
            foreach ($e in @($check.Failure) + @($check.Problems) | Where-Object { $_ }) { $PSCmdlet.WriteError($e) }
            return
        }
        Register-PsvEventSource -Source $check.EventLog.Source -LogName $check.EventLog.LogName | Out-Null
        if (-not $PSCmdlet.ShouldProcess("scheduled task $TaskPath$TaskName ($($exe.FilePath) $argument, at startup, as SYSTEM)", 'Register')) { return }
        Register-PsvWindowsTask -TaskName $TaskName -TaskPath $TaskPath -Execute $exe.FilePath -Argument $argument
    }
}
