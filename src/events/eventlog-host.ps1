# The PowerShell side of psv's Windows Event Log sink.
#
# psv starts ONE long-lived PowerShell host (node-powershell: powershell.exe -Command -),
# dot-sources this script into it once, then calls Write-PsvEventLogRecord for every
# event. Each call answers one compressed JSON line, the ack, that carries the host's
# PID: psv (and the tests) can see that a single host serves every event.
#
# The two Windows-only calls are wrapped in small functions so that Pester can mock
# them on Linux (test/powershell/Psv.EventLogSink.Tests.ps1). The message travels as
# base64 UTF-8 so that quotes, newlines and Japanese text survive the host's stdin
# whatever its console code page.
# src/events/eventlog-host.generated.ts is generated from this file (npm run gen).

function Test-PsvEventLogSourceCore {
    param([string] $Source)
    [System.Diagnostics.EventLog]::SourceExists($Source)
}

function Write-PsvEventLogEntryCore {
    param([string] $Source, [string] $Message, [string] $EntryType, [int] $EventId)
    $type = [System.Diagnostics.EventLogEntryType]::$EntryType
    [System.Diagnostics.EventLog]::WriteEntry($Source, $Message, $type, $EventId)
}

function Initialize-PsvEventLogHost {
    # Answers whether the source is registered; psv warns once and stops writing when not.
    param([string] $Source, [string] $LogName)
    $exists = $false
    $reason = ''
    try {
        $exists = [bool](Test-PsvEventLogSourceCore -Source $Source)
    }
    catch {
        # SourceExists throws (SecurityException) for a non-administrator when the
        # source is missing, because it then has to search the Security log too.
        $reason = "cannot check the event source '$Source': $($_.Exception.Message)"
    }
    if (-not $exists -and $reason -eq '') {
        $reason = "the event source '$Source' is not registered in the $LogName log (register it as an administrator: Register-PsvEventSource -ConfigPath CONFIG from the Psv module, or New-EventLog -LogName $LogName -Source $Source)"
    }
    ConvertTo-Json -Compress -InputObject ([ordered]@{ ok = $exists; pid = $PID; reason = $reason })
}

function Write-PsvEventLogRecord {
    param([string] $Source, [int] $EventId, [string] $Level, [string] $MessageBase64)
    $message = [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($MessageBase64))
    # Event Log messages are limited to 31839 characters; longer ones make WriteEntry throw.
    $max = 31839
    if ($message.Length -gt $max) { $message = $message.Substring(0, $max) }
    if ($Level -notin 'Information', 'Warning', 'Error') { $Level = 'Information' }
    $ok = $true
    $err = ''
    try {
        Write-PsvEventLogEntryCore -Source $Source -Message $message -EntryType $Level -EventId $EventId
    }
    catch {
        $ok = $false
        $err = $_.Exception.Message
    }
    ConvertTo-Json -Compress -InputObject ([ordered]@{ ok = $ok; pid = $PID; error = $err })
}
