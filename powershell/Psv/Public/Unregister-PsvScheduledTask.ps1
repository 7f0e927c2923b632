function Unregister-PsvScheduledTask {
    <#
    .SYNOPSIS
    Windows: removes the scheduled task that Register-PsvScheduledTask created.

    .DESCRIPTION
    Removes the task only; a running monitor keeps running (stop it with Stop-PsvMonitor).

    .PARAMETER TaskName
    The task's name. Default 'psv'. Accepts pipeline input by property name.

    .PARAMETER TaskPath
    The Task Scheduler folder. Default '\psv\'.

    .EXAMPLE
    Unregister-PsvScheduledTask -Confirm:$false

    Removes the \psv\psv task.

    .EXAMPLE
    Register-PsvScheduledTask C:\psv\psv.yaml -TaskName trial | Unregister-PsvScheduledTask -WhatIf

    Shows that the task just registered would be removed.

    .INPUTS
    System.String (TaskName and TaskPath, by property name)

    .OUTPUTS
    None
    #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
    [OutputType([void])]
    param(
        [Parameter(Position = 0, ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [string] $TaskName = 'psv',

        [Parameter(ValueFromPipelineByPropertyName)]
        [ValidatePattern('^\\(.*\\)?$')]
        [string] $TaskPath = '\psv\'
    )
    process {
        if (-not (Test-PsvWindows)) {
            $PSCmdlet.ThrowTerminatingError((New-PsvPlatformError -Message 'Unregister-PsvScheduledTask needs Windows Task Scheduler; on Linux use Uninstall-PsvService (systemd).'))
        }
        if (-not $PSCmdlet.ShouldProcess("scheduled task $TaskPath$TaskName", 'Unregister')) { return }
        Unregister-PsvWindowsTask -TaskName $TaskName -TaskPath $TaskPath
    }
}
