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
            $PSCmdlet.ThrowTerminatingError((New-PsvPlatformError -Message 'Unregister-PsvScheduledTask needs Windows Task Scheduler; on Linux use Uninstall-PsvService (systemd).'))
        }
        if (-not $PSCmdlet.ShouldProcess("scheduled task $TaskPath$TaskName", 'Unregister')) { return }
        Unregister-PsvWindowsTask -TaskName $TaskName -TaskPath $TaskPath
    }
}
