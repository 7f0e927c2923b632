# Send-PsvHeartbeat against a real psv monitor: a target with stall.heartbeat stays up
# while a script sends heartbeats and is reported stalled once they stop; -Ready
# releases the targets waiting for a readyAfter: notify target.
BeforeAll {
    . (Join-Path $PSScriptRoot 'PsvTestHelpers.ps1')
    Initialize-PsvTestSession

    $script:dir = Join-Path $TestDrive 'heartbeat'
    $targets = @"
  - name: beat
    command: ["sleep", "1000"]
    stall: { heartbeat: 5s }
    restart: { retries: 100 }
    stopTimeout: 2s
  - name: waiter
    command: ["sleep", "1000"]
    readyAfter: notify
    stopTimeout: 2s
  - name: after
    command: ["sleep", "1000"]
    dependsOn: [waiter]
    stopTimeout: 2s
"@
    $script:cfg = New-PsvTestConfig -Directory $dir -Targets $targets
    $script:started = Start-PsvMonitor -ConfigPath $cfg -PassThru
    $script:byName = {
        param($name)
        Get-PsvStatus $name -ConfigPath $cfg
    }
    # A second sender beside the tests' own: each heartbeat is a psv process, and on a
    # busy machine one of them can take seconds. It runs until $stopSending exists.
    $script:stopSending = Join-Path $dir 'stop-sending'
    $script:sender = Start-ThreadJob -ArgumentList $ModuleManifest, $cfg, $stopSending -ScriptBlock {
        param($manifest, $config, $stop)
        Import-Module $manifest
        while (-not (Test-Path -LiteralPath $stop)) {
            Send-PsvHeartbeat -Name beat -ConfigPath $config -ErrorAction SilentlyContinue
            Start-Sleep -Milliseconds 200
        }
    }
    # Heartbeats from the start: the first must arrive within 5s of beat's start.
    Wait-PsvCondition -Because 'beat outlives a heartbeat period on the heartbeats sent' {
        Send-PsvHeartbeat -Name beat -ConfigPath $cfg
        $s = & $byName beat
        $s.State -eq 'Running' -and $s.Uptime -gt [timespan]::FromSeconds(5.5)
    }
}

AfterAll {
    New-Item -ItemType File -Path $stopSending -Force | Out-Null
    $sender | Wait-Job -Timeout 20 | Out-Null
    $sender | Remove-Job -Force
    Stop-PsvTestMonitor -ConfigPath $cfg -AlsoKill @($started.Pid)
}

Describe 'Send-PsvHeartbeat' {
    It 'keeps a target with stall.heartbeat up while heartbeats arrive (status objects piped in)' {
        $beat = & $byName beat
        $since = [datetime]::Now
        $until = $since.AddSeconds(7)
        $sent = 0
        # Paced by the calls themselves: each is a psv process, well under the 5s period.
        while ([datetime]::Now -lt $until) {
            $out = $beat | Send-PsvHeartbeat -ErrorAction Stop
            $out | Should -BeNullOrEmpty
            $sent++
        }
        $sent | Should -BeGreaterThan 3
        Get-PsvEvent -Since $since -Target beat -ConfigPath $cfg | Where-Object Event -eq 'StallDetected' | Should -BeNullOrEmpty
        $now = & $byName beat
        $now.State | Should -Be 'Running'
        $now.Pid | Should -Be $beat.Pid
        $now.Restarts | Should -Be $beat.Restarts
    }

    It 'lets psv report the target stalled, and restart it, once the heartbeats stop' {
        New-Item -ItemType File -Path $stopSending | Out-Null
        $sender | Wait-Job -Timeout 20 | Out-Null
        $sender.State | Should -Be 'Completed'
        $beat = & $byName beat
        $stoppedAt = [datetime]::Now
        $script:stall = $null
        Wait-PsvCondition -Timeout '00:00:30' -Because 'psv reports beat stalled' {
            $script:stall = Get-PsvEvent -Since $stoppedAt -Target beat -ConfigPath $cfg | Where-Object { $_.Event -eq 'StallDetected' -and $_.Pid -eq $beat.Pid } | Select-Object -First 1
            $null -ne $script:stall
        }
        $stall.Level | Should -Be 'Warning'
        $stall.Reason | Should -BeLike '*heartbeat*'
        Wait-PsvCondition -Timeout '00:00:30' -Because 'beat is restarted with a new pid' {
            $restarted = Get-PsvEvent -Since $stall.Time -Target beat -ConfigPath $cfg | Where-Object { $_.Event -eq 'TargetStarted' -and $_.Pid -ne $beat.Pid }
            $null -ne $restarted
        }
        (& $byName beat).Restarts | Should -BeGreaterThan $beat.Restarts
        Test-ProcessAlive $beat.Pid | Should -BeFalse
    }

    It '-Ready says a readyAfter: notify target is ready, and its dependants start' {
        $waiter = & $byName waiter
        $waiter.State | Should -Be 'Running'
        $waiter.Ready | Should -BeFalse
        (& $byName after).State | Should -Be 'Waiting'
        $readyAt = [datetime]::Now
        'waiter' | Send-PsvHeartbeat -Ready -ConfigPath $cfg
        Wait-PsvCondition -Because 'after starts once waiter is ready' {
            $s = @(Get-PsvStatus waiter, after -ConfigPath $cfg)
            $s[0].Ready -and $s[1].State -eq 'Running'
        }
        $afterStarted = @(Get-PsvEvent -Target after -ConfigPath $cfg | Where-Object Event -eq 'TargetStarted')
        $afterStarted.Count | Should -Be 1
        $afterStarted[0].Time | Should -BeGreaterOrEqual $readyAt.AddMilliseconds(-1) -Because 'after waits for the heartbeat with -Ready'
    }

    It 'writes one InvalidArgument error for an unknown target' {
        Send-PsvHeartbeat -Name waiter, nope -ConfigPath $cfg -ErrorAction SilentlyContinue -ErrorVariable err
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'PsvInvalidArgument,Send-PsvHeartbeat'
        $err[0].Exception.Message | Should -BeLike "*unknown target*'nope'*"
        $err[0].TargetObject | Should -Be @('waiter', 'nope')
    }
}
