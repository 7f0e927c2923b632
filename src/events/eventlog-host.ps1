# The PowerShell side of psv's Windows Event Log sink.
#
# psv starts ONE long-lived PowerShell host (node-powershell: powershell.exe -Command -),
# dot-sources this script into it once, then calls Write-PsvEventLogRecord for every
# event. Each call answers one compressed JSON line, the ack, that carries the host's
# PID: psv (and the tests) can see that a single host serves every event.
#
# The two Windows-only calls are wrapped in small functions so that Pester can mock
# them on Linux (test/powershell/Psv.EventLogSink.Tests.ps1). The channel is ASCII
# both ways, so that Japanese text survives whatever the console code page (an OEM
# one such as 932 on a Japanese Windows, which psv would misread as UTF-8): the
# message, source and log come in as base64 UTF-8 (quotes and newlines survive too),
# and the acks go out as JSON with every non-ASCII character escaped.
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

function ConvertFrom-PsvHostText {
    # The text psv sent as base64 UTF-8.
    param([string] $Base64)
    [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($Base64))
}

function ConvertTo-PsvAck {
    # One compressed JSON line in pure ASCII: Windows PowerShell's ConvertTo-Json writes
    # non-ASCII characters as they are, and the console code page would then spoil them
    # (an Event Log error message is in the system's language).
    param([System.Collections.IDictionary] $Ack)
    $json = ConvertTo-Json -Compress -InputObject $Ack
    [regex]::Replace($json, '[^\x00-\x7F]', { param($m) '\u{0:x4}' -f [int][char]$m.Value })
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
    ConvertTo-PsvAck ([ordered]@{ ok = $exists; pid = $PID; reason = $reason })
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
    ConvertTo-PsvAck ([ordered]@{ ok = $ok; pid = $PID; error = $err })
}
