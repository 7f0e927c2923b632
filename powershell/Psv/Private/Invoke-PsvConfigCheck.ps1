function Invoke-PsvConfigCheck {
    <#
    .SYNOPSIS
    Runs `psv check` on one file and returns {Ok, Path, Targets, EventLog, Warnings, Problems, Failure}.
    .DESCRIPTION
    Problems are ErrorRecords (id PsvConfigProblem, category InvalidData, message
    FILE:LINE:COL: message, TargetObject a Psv.ConfigProblem with File, Line, Column,
    Message, Severity), returned rather than written so that each public cmdlet writes
    them as its own errors. Warnings are FILE:LINE:COL: message strings. Failure is
    the ErrorRecord of a psv call that failed for another reason, else $null. EventLog
    is {Source, LogName} from monitor.events.eventlog of a valid file, else $null.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [string] $Path
    )
    $failure = $null
    $r = Invoke-PsvCli -Arguments @('check') -ConfigPath $Path -TargetObject $Path -AcceptExitCode 2 -Failure ([ref]$failure)
    $problems = [System.Collections.Generic.List[System.Management.Automation.ErrorRecord]]::new()
    $warnings = [System.Collections.Generic.List[string]]::new()
    if ($r) {
        $all = if ($r.ok) { @($r.warnings) } else { @($r.problems) }
        foreach ($p in $all) {
            $info = [pscustomobject]@{
                PSTypeName = 'Psv.ConfigProblem'
                File       = [string]$p.file
                Line       = [int]$p.line
                Column     = [int]$p.col
                Message    = [string]$p.message
                Severity   = [string]$p.severity
            }
            $text = '{0}:{1}:{2}: {3}' -f $info.File, $info.Line, $info.Column, $info.Message
            if ($info.Severity -eq 'warning') {
                $warnings.Add($text)
                continue
            }
            $exception = [System.FormatException]::new($text)
            $exception.Data['PsvExitCode'] = 2
            $record = [System.Management.Automation.ErrorRecord]::new($exception, 'PsvConfigProblem', [System.Management.Automation.ErrorCategory]::InvalidData, $info)
            $record.ErrorDetails = [System.Management.Automation.ErrorDetails]::new($text)
            $record.ErrorDetails.RecommendedAction = $PsvStrings.ConfigProblemAction -f $info.Line, $info.Column, $info.File
            $problems.Add($record)
        }
    }
    [pscustomobject]@{
        Ok       = [bool]($r -and $r.ok)
        Path     = $Path
        Targets  = [string[]]@(if ($r) { $r.targets })
        EventLog = if ($r -and $r.ok -and $r.eventlog) { [pscustomobject]@{ Source = [string]$r.eventlog.source; LogName = [string]$r.eventlog.log } } else { $null }
        Warnings = $warnings.ToArray()
        Problems = $problems.ToArray()
        Failure  = $failure
    }
}
