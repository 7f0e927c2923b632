function Register-PsvWindowsTask {
    <#
    .SYNOPSIS
    Windows only: registers a scheduled task that runs a program at system startup as SYSTEM.
    .DESCRIPTION
    Wraps the ScheduledTasks module (Windows only) so tests can Mock it. The task has
    no execution time limit, restarts on failure three times a minute apart, and runs
    whether or not anyone is logged on.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [string] $TaskName,

        [Parameter(Mandatory)]
        [string] $TaskPath,

        [Parameter(Mandatory)]
        [string] $Execute,

        [Parameter(Mandatory)]
        [string] $Argument,

        # In the UI culture's language: Task Scheduler shows it as it is.
        [string] $Description = $PsvStrings.TaskDescription
    )
    $action = New-ScheduledTaskAction -Execute $Execute -Argument $Argument
    $trigger = New-ScheduledTaskTrigger -AtStartup
    $principal = New-ScheduledTaskPrincipal -UserId 'SYSTEM' -LogonType ServiceAccount -RunLevel Highest
    $settings = New-ScheduledTaskSettingsSet -ExecutionTimeLimit ([timespan]::Zero) -RestartCount 3 -RestartInterval ([timespan]::FromMinutes(1)) -StartWhenAvailable
    Register-ScheduledTask -TaskName $TaskName -TaskPath $TaskPath -Action $action -Trigger $trigger -Principal $principal -Settings $settings -Description $Description -Force
}
