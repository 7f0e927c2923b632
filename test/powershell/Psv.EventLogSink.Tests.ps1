# The PowerShell side of the Windows Event Log sink (src/events/eventlog-host.ps1),
# with the two Windows calls (SourceExists, WriteEntry) mocked so that it runs on
# Linux. test/sinks.test.ts drives the same script through node-powershell and checks
# that one long-lived host serves every event.

BeforeAll {
    $root = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
    . (Join-Path $root 'src/events/eventlog-host.ps1')

    function ConvertTo-TestBase64([string] $Text) {
        [System.Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes($Text))
    }
}

Describe 'Event Log host: source registered' {
    BeforeAll {
        Mock Test-PsvEventLogSourceCore { $true }
        Mock Write-PsvEventLogEntryCore { }
    }

    It 'answers ok with the host PID when the source exists' {
        $ack = Initialize-PsvEventLogHost -Source 'Psv' -LogName 'Application' | ConvertFrom-Json
        $ack.ok | Should -BeTrue
        $ack.pid | Should -Be $PID
        Should -Invoke Test-PsvEventLogSourceCore -Times 1 -Exactly -ParameterFilter { $Source -eq 'Psv' }
    }

    It 'calls WriteEntry with the source, the decoded message, the entry type and the event id' {
        $message = "('web') リトライオーバー: 1h 以内に 3 回再起動しました。`nsecond line 'quoted'"
        $ack = Write-PsvEventLogRecord -Source 'Psv' -EventId 301 -Level 'Error' -MessageBase64 (ConvertTo-TestBase64 $message) | ConvertFrom-Json
        $ack.ok | Should -BeTrue
        $ack.pid | Should -Be $PID
        Should -Invoke Write-PsvEventLogEntryCore -Times 1 -Exactly -ParameterFilter {
            $Source -eq 'Psv' -and $EventId -eq 301 -and $EntryType -eq 'Error' -and $Message -ceq $message
        }
    }

    It 'maps every level to its entry type, and an unknown one to Information' {
        foreach ($level in 'Information', 'Warning', 'Error', 'Bogus') {
            Write-PsvEventLogRecord -Source 'Psv' -EventId 200 -Level $level -MessageBase64 (ConvertTo-TestBase64 'm') | Out-Null
        }
        Should -Invoke Write-PsvEventLogEntryCore -Times 2 -Exactly -ParameterFilter { $EntryType -eq 'Information' }
        Should -Invoke Write-PsvEventLogEntryCore -Times 1 -Exactly -ParameterFilter { $EntryType -eq 'Warning' }
        Should -Invoke Write-PsvEventLogEntryCore -Times 1 -Exactly -ParameterFilter { $EntryType -eq 'Error' }
    }

    It 'cuts a message to the 31839 characters the Event Log takes' {
        Write-PsvEventLogRecord -Source 'Psv' -EventId 311 -Level 'Error' -MessageBase64 (ConvertTo-TestBase64 ('x' * 40000)) | Out-Null
        Should -Invoke Write-PsvEventLogEntryCore -Times 1 -Exactly -ParameterFilter { $Message.Length -eq 31839 }
    }

    It 'serves 100 events in one host: 100 WriteEntry calls, every ack from the same PID' {
        $acks = foreach ($i in 1..100) {
            Write-PsvEventLogRecord -Source 'Psv' -EventId 111 -Level 'Information' -MessageBase64 (ConvertTo-TestBase64 "event $i") | ConvertFrom-Json
        }
        @($acks | Where-Object ok).Count | Should -Be 100
        @($acks.pid | Sort-Object -Unique) | Should -Be @($PID)
        Should -Invoke Write-PsvEventLogEntryCore -Times 100 -Exactly -ParameterFilter { $EventId -eq 111 -and $Message -like 'event *' }
    }
}

Describe 'Event Log host: failures' {
    It 'says the source is not registered, and how to register it' {
        Mock Test-PsvEventLogSourceCore { $false }
        $ack = Initialize-PsvEventLogHost -Source 'Psv' -LogName 'Application' | ConvertFrom-Json
        $ack.ok | Should -BeFalse
        $ack.reason | Should -Match "event source 'Psv' is not registered in the Application log"
        $ack.reason | Should -Match 'Register-PsvEventSource -ConfigPath CONFIG'
    }

    It 'says why when SourceExists throws (a non-administrator and a missing source)' {
        Mock Test-PsvEventLogSourceCore { throw [System.Security.SecurityException]::new('The source was not found, but some or all event logs could not be searched.') }
        $ack = Initialize-PsvEventLogHost -Source 'Psv' -LogName 'Application' | ConvertFrom-Json
        $ack.ok | Should -BeFalse
        $ack.reason | Should -Match "cannot check the event source 'Psv'.*could not be searched"
    }

    It 'answers a failed WriteEntry with ok = false and the error, and keeps serving' {
        Mock Write-PsvEventLogEntryCore { throw 'The event log file is full.' }
        $ack = Write-PsvEventLogRecord -Source 'Psv' -EventId 300 -Level 'Error' -MessageBase64 (ConvertTo-TestBase64 'm') | ConvertFrom-Json
        $ack.ok | Should -BeFalse
        $ack.error | Should -Match 'event log file is full'
        $ack.pid | Should -Be $PID
    }
    It 'answers in ASCII whatever the text (a Japanese Windows'' errors), and reads names sent as base64' {
        Mock Test-PsvEventLogSourceCore { $Source -ceq 'Psv 監視' }
        Mock Write-PsvEventLogEntryCore { throw 'イベント ログ ファイルがいっぱいです 🙁' }
        $source = ConvertFrom-PsvHostText (ConvertTo-TestBase64 'Psv 監視')
        (Initialize-PsvEventLogHost -Source $source -LogName 'Application' | ConvertFrom-Json).ok | Should -BeTrue
        $raw = Write-PsvEventLogRecord -Source $source -EventId 300 -Level 'Error' -MessageBase64 (ConvertTo-TestBase64 'm')
        $raw | Should -Match '^[\x20-\x7E]+$'
        $raw | Should -Match '\\u30a4'
        ($raw | ConvertFrom-Json).error | Should -BeExactly 'イベント ログ ファイルがいっぱいです 🙁'
        Should -Invoke Write-PsvEventLogEntryCore -Times 1 -Exactly -ParameterFilter { $Source -ceq 'Psv 監視' }
    }
}
