function Unregister-PsvScheduledTask {
    # .ExternalHelp Psv-help.xml
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
            $PSCmdlet.ThrowTerminatingError((New-PsvPlatformError -Message ($PsvStrings.TaskSchedulerWindowsOnly -f 'Unregister-PsvScheduledTask', 'Uninstall-PsvService')))
        }
        if (-not $PSCmdlet.ShouldProcess(($PsvStrings.WhatScheduledTaskName -f $TaskPath, $TaskName), $PsvStrings.ActionUnregister)) { return }
        Unregister-PsvWindowsTask -TaskName $TaskName -TaskPath $TaskPath
    }
}
