function New-PsvErrorRecord {
    <#
    .SYNOPSIS
    Turns a failed psv call (exit code and stderr) into an ErrorRecord.
    .DESCRIPTION
    psv's exit codes map once, here, to PowerShell error categories:
    2 usage/config error -> InvalidArgument, 3 no monitor -> ResourceUnavailable,
    4 failover -> OperationStopped, 5 access denied -> PermissionDenied,
    anything else -> OperationStopped. The exit code is kept in Exception.Data['PsvExitCode'].
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param(
        [Parameter(Mandatory)]
        [int] $ExitCode,

        [AllowEmptyString()]
        [string] $Message,

        [object] $TargetObject,

        [string] $Command
    )

    $text = (($Message -split "`r?`n") | ForEach-Object { $_ -replace '^psv: ', '' } | Where-Object { $_ -ne '' }) -join [Environment]::NewLine
    if (-not $text) { $text = $PsvStrings.PsvCommandFailed -f $Command, $ExitCode }
    $action = $null

    switch ($ExitCode) {
        2 {
            $id = 'PsvInvalidArgument'
            $category = [System.Management.Automation.ErrorCategory]::InvalidArgument
            $exception = [System.ArgumentException]::new($text)
        }
        3 {
            $id = 'PsvNoMonitor'
            $category = [System.Management.Automation.ErrorCategory]::ResourceUnavailable
            # psv says 'no monitor is running at ADDRESS (why); start it with: psv start -c FILE'
            # (or 'no monitor is running for CONFIG at ADDRESS: the monitor there (pid N) runs
            # OTHER' and a line of advice); its own advice names the CLI, so it gives way to the
            # cmdlet's. Anything else (psv start refused: another config's monitor holds the
            # address) is passed on as psv says it, and so is what psv says in another
            # language than English (its advice is then in the cmdlet's RecommendedAction too).
            $first, $rest = $text -split '\r?\n', 2
            $message = if ($first -match '^no monitor is running([^;]*)') {
                if ($rest) { $PsvStrings.NoMonitorRunningMore -f $Matches[1], ($rest -replace '\r?\n', ' ') }
                else { $PsvStrings.NoMonitorRunning -f $Matches[1] }
            }
            else { $text }
            $exception = [System.InvalidOperationException]::new($message)
            $action = $PsvStrings.NoMonitorAction
        }
        4 {
            $id = 'PsvFailover'
            $category = [System.Management.Automation.ErrorCategory]::OperationStopped
            $exception = [System.InvalidOperationException]::new(($PsvStrings.FailoverTriggered -f $text))
        }
        5 {
            $id = 'PsvAccessDenied'
            $category = [System.Management.Automation.ErrorCategory]::PermissionDenied
            $exception = [System.UnauthorizedAccessException]::new($text)
            $action = $PsvStrings.AccessDeniedAction
        }
        default {
            $id = 'PsvRuntimeFailure'
            $category = [System.Management.Automation.ErrorCategory]::OperationStopped
            $exception = [System.InvalidOperationException]::new($text)
        }
    }
    $exception.Data['PsvExitCode'] = $ExitCode
    if ($Command) { $exception.Data['PsvCommand'] = $Command }

    $record = [System.Management.Automation.ErrorRecord]::new($exception, $id, $category, $TargetObject)
    if ($action) {
        $record.ErrorDetails = [System.Management.Automation.ErrorDetails]::new($exception.Message)
        $record.ErrorDetails.RecommendedAction = $action
    }
    $record
}
