# The cmdlets against real psv monitors (sleep targets, configs in TestDrive).
BeforeAll {
    . (Join-Path $PSScriptRoot 'PsvTestHelpers.ps1')
    Initialize-PsvTestSession

    # A config whose monitor never runs: every call to it finds no monitor.
    $script:idle = New-PsvTestConfig -Directory (Join-Path $TestDrive 'idle') -Name idle
}

Describe 'With no monitor running' {
    It '<Command> writes one PsvNoMonitor error (ResourceUnavailable) that says what to do' -ForEach @(
        @{ Command = 'Get-PsvStatus'; Call = { param($c) Get-PsvStatus -ConfigPath $c } }
        @{ Command = 'Stop-PsvMonitor'; Call = { param($c) Stop-PsvMonitor -ConfigPath $c -Confirm:$false } }
        @{ Command = 'Suspend-PsvTarget'; Call = { param($c) Suspend-PsvTarget -Name alpha -ConfigPath $c } }
        @{ Command = 'Resume-PsvTarget'; Call = { param($c) Resume-PsvTarget -All -ConfigPath $c } }
        @{ Command = 'Restart-PsvTarget'; Call = { param($c) 'alpha' | Restart-PsvTarget -ConfigPath $c } }
        @{ Command = 'Reset-PsvTarget'; Call = { param($c) Reset-PsvTarget alpha -ConfigPath $c -PassThru } }
        @{ Command = 'Set-PsvTarget'; Call = { param($c) Set-PsvTarget alpha -Retries 1 -ConfigPath $c } }
        @{ Command = 'Set-PsvMonitor'; Call = { param($c) Set-PsvMonitor -Interval 00:00:01 -ConfigPath $c } }
        @{ Command = 'Update-PsvConfiguration'; Call = { param($c) Update-PsvConfiguration -ConfigPath $c } }
        @{ Command = 'Get-PsvEvent'; Call = { param($c) Get-PsvEvent -ConfigPath $c } }
        @{ Command = 'Get-PsvGroup'; Call = { param($c) Get-PsvGroup -ConfigPath $c } }
        @{ Command = 'Send-PsvHeartbeat'; Call = { param($c) Send-PsvHeartbeat alpha -ConfigPath $c } }
        @{ Command = 'Restart-PsvTarget'; Call = { param($c) Restart-PsvTarget -Group app -ConfigPath $c } }
    ) {
        $out = & $Call $idle 2>&1
        $records = @($out | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $records.Count | Should -Be 1
        $records[0].FullyQualifiedErrorId | Should -Be "PsvNoMonitor,$Command"
        $records[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $where = if ($Command -eq 'Get-PsvEvent') { 'events.jsonl cannot be read' } else { 'idle.sock' }
        $records[0].Exception.Message | Should -BeLike "No psv monitor is running*$where*Start it with Start-PsvMonitor*"
        $records[0].Exception.Data['PsvExitCode'] | Should -Be 3
        $records[0].ErrorDetails.RecommendedAction | Should -Match 'Start-PsvMonitor'
        @($out | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] }).Count | Should -Be 0
    }

    It 'stops a script with -ErrorAction Stop' {
        { Get-PsvStatus -ConfigPath $idle -ErrorAction Stop } | Should -Throw -ErrorId 'PsvNoMonitor,Get-PsvStatus'
    }

    It 'completes no target names, quietly' {
        $Error.Clear()
        $r = InModuleScope Psv -Parameters @{ c = $idle } { param($c) Get-PsvTargetNameCompletion -WordToComplete '' -ConfigPath $c }
        $r | Should -BeNullOrEmpty
        $Error.Count | Should -Be 0
    }
}

Describe 'Test-PsvConfig' {
    BeforeAll {
        $script:dir = Join-Path $TestDrive 'check'
        $script:good = New-PsvTestConfig -Directory $dir -Name good -Targets "  - name: alpha`n    command: sleep 1000`n  - name: beta`n    command: sleep 1000`n"
        $script:bad = Join-Path $dir 'bad.yaml'
        # line 3 col 13: bad duration; line 6 col 5: unknown key
        Set-Content $bad "monitor:`n  control: $dir/bad.sock`n  interval: fast`ntargets:`n  - name: a`n    bogus: 1`n    command: sleep 1000"
    }

    It 'returns a Psv.ConfigCheck for a valid file' {
        $r = Test-PsvConfig -Path $good
        $r.PSTypeNames[0] | Should -Be 'Psv.ConfigCheck'
        $r.Valid | Should -BeTrue
        $r.Targets | Should -Be @('alpha', 'beta')
        $r.Path | Should -Be $good
    }

    It 'writes one InvalidData error per problem, with file, line and column' {
        $out = Test-PsvConfig -Path $bad -ErrorAction SilentlyContinue -ErrorVariable err
        $out | Should -BeNullOrEmpty
        $err.Count | Should -Be 2
        $err | ForEach-Object { $_.FullyQualifiedErrorId | Should -Be 'PsvConfigProblem,Test-PsvConfig' }
        $err | ForEach-Object { $_.CategoryInfo.Category | Should -Be 'InvalidData' }
        $err[0].Exception.Message | Should -BeLike "$bad`:3:13: monitor.interval: bad duration 'fast'*"
        $err[0].TargetObject.PSTypeNames[0] | Should -Be 'Psv.ConfigProblem'
        $err[0].TargetObject.File | Should -Be $bad
        $err[0].TargetObject.Line | Should -Be 3
        $err[0].TargetObject.Column | Should -Be 13
        $err[1].Exception.Message | Should -BeLike "$bad`:6:5: unknown key 'bogus'*"
        ($err[1].TargetObject.Line, $err[1].TargetObject.Column) | Should -Be @(6, 5)
    }

    It 'returns only $true or $false with -Quiet, and takes files from the pipeline' {
        $r = Get-ChildItem $dir -Filter *.yaml | Sort-Object Name | Test-PsvConfig -Quiet -ErrorVariable err
        $r | Should -Be @($false, $true)
        $err | Should -BeNullOrEmpty
    }

    It 'reports a missing file at line 1, column 1' {
        $missing = Join-Path $dir 'missing.yaml'
        Test-PsvConfig $missing -ErrorAction SilentlyContinue -ErrorVariable err
        $err.Count | Should -Be 1
        $err[0].Exception.Message | Should -BeLike "$missing`:1:1: *"
    }

    It 'uses $env:PSV_CONFIG, resolved against the current location' {
        Push-Location $dir
        try {
            $env:PSV_CONFIG = 'good.yaml'
            (Test-PsvConfig).Path | Should -Be $good
        }
        finally {
            Remove-Item Env:PSV_CONFIG
            Pop-Location
        }
    }

    It 'shows Valid, Targets, Warnings and Path in its table view' {
        $text = Test-PsvConfig $good | Format-Table | Out-String -Width 200
        $text | Should -Match 'Valid\s+Targets\s+Warnings\s+Path'
        $text | Should -Match 'True\s+alpha, beta\s+0'
    }
}

Describe 'A running monitor' {
    BeforeAll {
        $script:dir = Join-Path $TestDrive 'live'
        $script:gammaOk = Join-Path $dir 'gamma.ok'
        $targets = @"
  - name: alpha
    command: ["sleep", "1000"]
    stopTimeout: 2s
  - name: beta
    command: ["sleep", "1000"]
    stopTimeout: 2s
  - name: gamma
    command: ["sh", "-c", "test -f '$gammaOk' || exit 7; exec sleep 1000"]
    restart: { retries: 0 }
    onRetryOver: stop
    stopTimeout: 2s
"@
        $script:cfg = New-PsvTestConfig -Directory $dir -Targets $targets
        $script:started = Start-PsvMonitor -ConfigPath $cfg -PassThru
        $script:byName = {
            param($name)
            Get-PsvStatus -ConfigPath $cfg | Where-Object Name -eq $name
        }
        Wait-PsvCondition -Because 'alpha and beta run and gamma failed' {
            $s = Get-PsvStatus -ConfigPath $cfg
            ($s | Where-Object Name -in 'alpha', 'beta' | Where-Object State -eq 'Running').Count -eq 2 -and
            ($s | Where-Object Name -eq 'gamma').State -eq 'Failed'
        }
    }

    AfterAll {
        Stop-PsvTestMonitor -ConfigPath $cfg -AlsoKill @($started.Pid)
    }

    Context 'Start-PsvMonitor' {
        It 'returned the monitor it started' {
            $started.PSTypeNames[0] | Should -Be 'Psv.MonitorStart'
            $started.AlreadyRunning | Should -BeFalse
            Test-ProcessAlive $started.Pid | Should -BeTrue
            $started.Control | Should -Be (Join-Path $dir 'psv.sock')
        }

        It 'warns and changes nothing when the monitor already runs (config from the pipeline)' {
            $r = Get-Item $cfg | Start-PsvMonitor -PassThru -WarningVariable warn 3>$null
            $r.AlreadyRunning | Should -BeTrue
            $r.Pid | Should -Be $started.Pid
            $warn | Should -BeLike '*already running*'
        }
    }

    Context 'Get-PsvStatus' {
        It 'returns typed Psv.TargetStatus objects' {
            $s = @(Get-PsvStatus -ConfigPath $cfg)
            $s.Count | Should -Be 3
            $a = $s | Where-Object Name -eq 'alpha'
            $a.PSTypeNames[0] | Should -Be 'Psv.TargetStatus'
            $a.State | Should -Be 'Running'
            Test-ProcessAlive $a.Pid | Should -BeTrue
            $a.Uptime | Should -BeOfType [timespan]
            $a.StartedAt | Should -BeOfType [datetime]
            $a.RetriesAllowed | Should -Be 3
            $a.RetryWindow | Should -Be ([timespan]::FromHours(24))
            $a.Restarts | Should -Be 0
            $a.Paused | Should -BeFalse
            $a.Kind | Should -Be 'command'
            $a.Adopted | Should -BeFalse
            $a.ConfigPath | Should -Be $cfg
            $a.MonitorPid | Should -Be $started.Pid
            $a.PSObject.Properties.Name | Should -Contain 'Group'
            $a.Group | Should -BeNullOrEmpty -Because 'the config has no groups'
            $a.Ready | Should -BeTrue
            $a.DependsOn.Count | Should -Be 0
            $a.Instances.Count | Should -Be 0 -Because 'psv started alpha itself: its process is Pid'
            $a.Service | Should -BeNullOrEmpty
            $g = $s | Where-Object Name -eq 'gamma'
            $g.LastExit.PSTypeNames[0] | Should -Be 'Psv.ExitInfo'
            $g.LastExit.Code | Should -Be 7
            $g.LastExit.Time | Should -BeOfType [datetime]
            "$($g.LastExit)" | Should -Be 'exit 7'
            $g.Pid | Should -BeNullOrEmpty
            $g.Uptime | Should -BeNullOrEmpty
        }

        It 'takes names from -Name, from the pipeline, and as wildcards' {
            (Get-PsvStatus beta -ConfigPath $cfg).Name | Should -Be 'beta'
            ('alpha', 'gamma' | Get-PsvStatus -ConfigPath $cfg).Name | Should -Be @('alpha', 'gamma')
            ([pscustomobject]@{ Name = 'beta'; ConfigPath = $cfg } | Get-PsvStatus).Name | Should -Be 'beta'
            (Get-PsvStatus -Name '?eta', 'al*' -ConfigPath $cfg).Name | Should -Be @('alpha', 'beta')
            Get-PsvStatus -Name 'zz*' -ConfigPath $cfg -ErrorVariable err | Should -BeNullOrEmpty
            $err | Should -BeNullOrEmpty
        }

        It 'writes one InvalidArgument error for an unknown target' {
            $out = Get-PsvStatus -Name nope -ConfigPath $cfg -ErrorAction SilentlyContinue -ErrorVariable err
            $out | Should -BeNullOrEmpty
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'PsvInvalidArgument,Get-PsvStatus'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err[0].Exception.Message | Should -BeLike "*unknown target 'nope'*alpha*"
            $err[0].TargetObject | Should -Be 'nope'
            Get-PsvStatus -Name 'nope', 'al*' -ConfigPath $cfg -ErrorAction SilentlyContinue -ErrorVariable err2 | ForEach-Object Name | Should -Be 'alpha'
            $err2.Count | Should -Be 1
        }

        It 'finds the monitor through $env:PSV_CONFIG' {
            $env:PSV_CONFIG = $cfg
            try { @(Get-PsvStatus).Count | Should -Be 3 } finally { Remove-Item Env:PSV_CONFIG }
        }

        It 'shows a table with Name, Group, State, Pid, Uptime, Restarts, LastExit, Paused, Overrides' {
            $text = Get-PsvStatus -ConfigPath $cfg | Format-Table | Out-String -Width 250
            $text | Should -Match 'Name\s+Group\s+State\s+Pid\s+Uptime\s+Restarts\s+LastExit\s+Paused\s+Overrides'
            $text | Should -Match 'gamma\s+Failed\s+\d\d:\d\d:\d\d|gamma\s+Failed\s+0/0\s+exit 7'
            $text | Should -Match 'alpha\s+Running\s+\d+\s+\d\d:\d\d:\d\d\s+0/3'
        }

        It 'completes target names with Tab, from the monitor named by -ConfigPath' {
            $line = "Restart-PsvTarget -ConfigPath '$cfg' -Name "
            $r = TabExpansion2 -inputScript "${line}b" -cursorColumn ($line.Length + 1)
            $r.CompletionMatches.CompletionText | Should -Be @('beta')
            $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $r.CompletionMatches.CompletionText | Should -Be @('alpha', 'beta', 'gamma')
            $line = "Get-PsvEvent -ConfigPath '$cfg' -Target g"
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('gamma')
        }
    }

    Context 'Suspend-PsvTarget and Resume-PsvTarget' {
        It '-WhatIf changes nothing' {
            $before = & $byName alpha
            Suspend-PsvTarget alpha -ConfigPath $cfg -WhatIf
            Get-PsvStatus alpha -ConfigPath $cfg | Suspend-PsvTarget -WhatIf
            Suspend-PsvTarget -All -ConfigPath $cfg -WhatIf
            $after = & $byName alpha
            $after.Paused | Should -BeFalse
            $after.Pid | Should -Be $before.Pid
        }

        It 'pauses the targets from the pipeline in one psv call, and -PassThru returns their new status' {
            $r = Get-PsvStatus alpha, beta -ConfigPath $cfg | Suspend-PsvTarget -PassThru
            # One operator command for both names: psv logs each call once.
            $commands = @(Get-PsvEvent -Last 10 -ConfigPath $cfg | Where-Object { $_.Event -eq 'OperatorCommand' -and $_.Verb -eq 'pause' })
            $commands.Count | Should -Be 1
            $commands[0].Target | Should -Be 'alpha,beta'
            $r.Name | Should -Be @('alpha', 'beta')
            $r | ForEach-Object { $_.Paused | Should -BeTrue }
            $r | ForEach-Object { $_.PSTypeNames[0] | Should -Be 'Psv.TargetStatus' }
            (& $byName alpha).Paused | Should -BeTrue
        }

        It 'resume -WhatIf leaves them paused; Resume-PsvTarget -All resumes them' {
            Resume-PsvTarget -All -ConfigPath $cfg -WhatIf
            (& $byName beta).Paused | Should -BeTrue
            $out = Resume-PsvTarget -All -ConfigPath $cfg
            $out | Should -BeNullOrEmpty
            (Get-PsvStatus -ConfigPath $cfg | Where-Object Paused).Count | Should -Be 0
        }

        It 'resumes by pipeline (Where-Object Paused)' {
            Suspend-PsvTarget beta -ConfigPath $cfg
            $r = Get-PsvStatus -ConfigPath $cfg | Where-Object Paused | Resume-PsvTarget -PassThru
            $r.Name | Should -Be 'beta'
            $r.Paused | Should -BeFalse
        }

        It 'writes an InvalidArgument error for an unknown target and acts on the known ones (as Stop-Service does)' {
            Suspend-PsvTarget alpha, nope -ConfigPath $cfg -ErrorAction SilentlyContinue -ErrorVariable err
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'PsvInvalidArgument,Suspend-PsvTarget'
            $err[0].TargetObject | Should -Be 'nope'
            (& $byName alpha).Paused | Should -BeTrue
            Resume-PsvTarget alpha -ConfigPath $cfg
            (& $byName alpha).Paused | Should -BeFalse
        }
    }

    Context 'Restart-PsvTarget' {
        It '-WhatIf changes nothing' {
            $before = & $byName beta
            Get-PsvStatus beta -ConfigPath $cfg | Restart-PsvTarget -WhatIf
            Restart-PsvTarget -All -ConfigPath $cfg -WhatIf
            $after = & $byName beta
            $after.Pid | Should -Be $before.Pid
            $after.State | Should -Be 'Running'
        }

        It 'restarts with a new pid; -PassThru returns the new status' {
            $before = & $byName beta
            $r = Restart-PsvTarget beta -ConfigPath $cfg -PassThru
            $r.Name | Should -Be 'beta'
            Wait-PsvCondition -Because 'beta runs with a new pid' { $s = & $byName beta; $s.State -eq 'Running' -and $s.Pid -ne $before.Pid }
            Test-ProcessAlive $before.Pid | Should -BeFalse
        }

        It 'restarts Failed targets from the pipeline: Get-PsvStatus | Where-Object State -eq Failed | Restart-PsvTarget' {
            Set-Content $gammaOk 'ok'
            $alphaPid = (& $byName alpha).Pid
            Get-PsvStatus -ConfigPath $cfg | Where-Object State -eq 'Failed' | Restart-PsvTarget
            Wait-PsvCondition -Because 'gamma runs' { (& $byName gamma).State -eq 'Running' }
            (& $byName alpha).Pid | Should -Be $alphaPid
        }

        It 'writes an error for an unknown target' {
            Restart-PsvTarget nope -ConfigPath $cfg -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err[0].Exception.Message | Should -BeLike "*unknown target 'nope'*"
        }
    }

    Context 'Reset-PsvTarget' {
        It 'clears the restarts counted after a crash; -WhatIf does not' {
            $old = (& $byName alpha).Pid
            Stop-Process -Id $old -Force
            Wait-PsvCondition -Because 'alpha is restarted after its crash' { $s = & $byName alpha; $s.State -eq 'Running' -and $s.Pid -ne $old -and $s.Restarts -eq 1 }
            $pidNow = (& $byName alpha).Pid
            Get-PsvStatus alpha -ConfigPath $cfg | Reset-PsvTarget -WhatIf
            (& $byName alpha).Restarts | Should -Be 1
            $r = Get-PsvStatus -ConfigPath $cfg | Where-Object Restarts -gt 0 | Reset-PsvTarget -PassThru
            $r.Name | Should -Be 'alpha'
            $r.Restarts | Should -Be 0
            $r.Pid | Should -Be $pidNow
            (& $byName alpha).LastExit.Signal | Should -Be 'SIGKILL'
        }

        It 'writes an error for an unknown target' {
            Reset-PsvTarget -Name nope -ConfigPath $cfg -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -Be 'PsvInvalidArgument,Reset-PsvTarget'
        }
    }

    Context 'Set-PsvTarget' {
        It '-WhatIf changes nothing' {
            Set-PsvTarget beta -Retries 9 -ConfigPath $cfg -WhatIf
            (& $byName beta).RetriesAllowed | Should -Be 3
            (& $byName beta).Overrides.Count | Should -Be 0
        }

        It 'sends typed values as psv settings; -PassThru returns the new status' {
            $r = Set-PsvTarget -Name beta -Retries 5 -RestartDelay 00:00:02 -RetryWindow 01:30:00 -BackoffFactor 1.5 -BackoffMax 00:00:01.5 `
                -StopTimeout 00:00:03 -RestartScriptTimeout 00:00:10 -OnRetryOver Continue -ConfigPath $cfg -PassThru
            $r.Name | Should -Be 'beta'
            $r.RetriesAllowed | Should -Be 5
            $r.RetryWindow | Should -Be ([timespan]'01:30:00')
            $r.Overrides['restart.retries'] | Should -Be '5'
            $r.Overrides['restart.delay'] | Should -Be '2s'
            $r.Overrides['restart.window'] | Should -Be '1h30m'
            $r.Overrides['restart.backoff.factor'] | Should -Be '1.5'
            $r.Overrides['restart.backoff.max'] | Should -Be '1500ms'
            $r.Overrides['stopTimeout'] | Should -Be '3s'
            $r.Overrides['restart.scriptTimeout'] | Should -Be '10s'
            $r.Overrides['onRetryOver'] | Should -Be 'continue'
            (Get-PsvStatus beta -ConfigPath $cfg | Format-Table | Out-String -Width 400) | Should -Match 'restart.retries=5'
        }

        It 'sets every target from the pipeline, and is silent without -PassThru' {
            $out = Get-PsvStatus alpha, gamma -ConfigPath $cfg | Set-PsvTarget -Retries 4
            $out | Should -BeNullOrEmpty
            (Get-PsvStatus alpha, gamma -ConfigPath $cfg).RetriesAllowed | Should -Be @(4, 4)
        }

        It 'rejects a value psv refuses with an InvalidArgument error, and an unknown target' {
            Set-PsvTarget beta -RestartScript '' -ConfigPath $cfg -ErrorAction SilentlyContinue -ErrorVariable err
            Set-PsvTarget nope -Retries 1 -ConfigPath $cfg -ErrorAction SilentlyContinue -ErrorVariable +err
            $err.Count | Should -Be 2
            $err | ForEach-Object { $_.CategoryInfo.Category | Should -Be 'InvalidArgument' }
            $err[1].TargetObject | Should -Be 'nope'
            $err[1].Exception.Message | Should -BeLike "*unknown target 'nope'*"
        }

        It 'refuses bad values before calling psv, and an empty change' {
            { Set-PsvTarget beta -OnRetryOver Sometimes -ConfigPath $cfg } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Set-PsvTarget'
            { Set-PsvTarget beta -Retries -1 -ConfigPath $cfg } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Set-PsvTarget'
            Set-PsvTarget beta -ConfigPath $cfg -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -Be 'PsvNothingToSet,Set-PsvTarget'
        }
    }

    Context 'Set-PsvMonitor' {
        It '-WhatIf changes nothing; the change applies and -PassThru returns a Psv.MonitorStatus' {
            Set-PsvMonitor -Interval 00:00:00.5 -ConfigPath $cfg -WhatIf
            (InModuleScope Psv -Parameters @{ c = $cfg } { param($c) Invoke-PsvCli -Arguments status -ConfigPath $c }).monitor.intervalMs | Should -Be 200
            $r = [pscustomobject]@{ ConfigPath = $cfg } | Set-PsvMonitor -Interval 00:00:00.5 -PassThru
            $r.PSTypeNames[0] | Should -Be 'Psv.MonitorStatus'
            $r.Interval | Should -Be ([timespan]::FromMilliseconds(500))
            $r.Overrides['monitor.interval'] | Should -Be '500ms'
            $r.Pid | Should -Be $started.Pid
            ($r | Format-Table | Out-String -Width 250) | Should -Match 'Pid\s+Version\s+Interval\s+Targets\s+StartedAt\s+ConfigPath'
        }
    }

    Context 'Get-PsvEvent' {
        It 'returns typed Psv.Event objects' {
            $e = @(Get-PsvEvent -ConfigPath $cfg)
            $e.Count | Should -BeGreaterThan 5
            $e[0].PSTypeNames[0] | Should -Be 'Psv.Event'
            $e[0].Time | Should -BeOfType [datetime]
            $e[0].Id | Should -BeOfType [int]
            $e[0].Event | Should -Be 'MonitorStarted'
            $e[0].Version | Should -Not -BeNullOrEmpty -Because 'the fields beyond the common ones are kept'
            $up = $e | Where-Object { $_.Event -eq 'TargetUp' -and $_.Target -eq 'alpha' } | Select-Object -First 1
            $up.Pid | Should -BeGreaterThan 0
            $up.Level | Should -Be 'Information'
            $up.Message | Should -BeLike "*'alpha'*Up*"
        }

        It 'filters by -Target, -Level, -Since (TimeSpan, DateTime, psv duration) and -Last' {
            $all = @(Get-PsvEvent -ConfigPath $cfg)
            (Get-PsvEvent -Target gamma -ConfigPath $cfg).Target | Select-Object -Unique | Should -Be 'gamma'
            $errors = @(Get-PsvEvent -Level Error, Warning -ConfigPath $cfg)
            $errors.Count | Should -BeGreaterThan 0 -Because 'gamma exhausted its retries'
            $errors.Level | Select-Object -Unique | ForEach-Object { $_ | Should -BeIn 'Error', 'Warning' }
            Get-PsvEvent -Since ([datetime]::Now.AddHours(1)) -ConfigPath $cfg | Should -BeNullOrEmpty
            @(Get-PsvEvent -Since ([timespan]::FromHours(1)) -ConfigPath $cfg).Count | Should -Be $all.Count
            @(Get-PsvEvent -Since 1h -ConfigPath $cfg).Count | Should -Be $all.Count
            @(Get-PsvEvent -Since $all[-1].Time.AddMilliseconds(-1) -ConfigPath $cfg).Count | Should -BeGreaterOrEqual 1
            (Get-PsvEvent -Last 2 -ConfigPath $cfg).Id | Should -Be @($all[-2].Id, $all[-1].Id)
            { Get-PsvEvent -Since 'yesterday-ish' -ConfigPath $cfg } | Should -Throw -ErrorId 'PsvBadSince,Get-PsvEvent'
        }

        It '-Wait streams new events as they happen' {
            $script:triggered = $false
            $e = Get-PsvEvent -Wait -Last 1 -ConfigPath $cfg |
                ForEach-Object {
                    # The follower is connected once the first (past) event arrives: cause a new one now.
                    if (-not $script:triggered) { $script:triggered = $true; Suspend-PsvTarget beta -ConfigPath $cfg }
                    $_
                } |
                Where-Object Event -eq 'TargetPaused' | Select-Object -First 1
            $e.Target | Should -Be 'beta'
            $e.Time | Should -BeGreaterThan ([datetime]::Now.AddMinutes(-1))
            Resume-PsvTarget beta -ConfigPath $cfg
        }

        It 'shows a table with Time, Id, Level, Target, Message' {
            (Get-PsvEvent -Last 3 -ConfigPath $cfg | Format-Table | Out-String -Width 200) | Should -Match 'Time\s+Id\s+Level\s+Target\s+Message'
        }
    }

    Context 'Update-PsvConfiguration' {
        It '-WhatIf changes nothing; a reload applies the difference and returns a Psv.ReloadResult' {
            $original = Get-Content $cfg -Raw
            Add-Content $cfg "  - name: delta`n    command: [`"sleep`", `"1000`"]`n    stopTimeout: 2s"
            Update-PsvConfiguration -ConfigPath $cfg -WhatIf
            Get-PsvStatus delta -ConfigPath $cfg -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $r = Get-Item $cfg | Update-PsvConfiguration
            $r.PSTypeNames[0] | Should -Be 'Psv.ReloadResult'
            $r.Added | Should -Be @('delta')
            $r.Removed.Count | Should -Be 0
            $r.Unchanged | Should -Contain 'alpha'
            Wait-PsvCondition -Because 'delta runs' { (Get-PsvStatus delta -ConfigPath $cfg -ErrorAction SilentlyContinue).State -eq 'Running' }
            ($r | Format-Table | Out-String -Width 200) | Should -Match 'Added\s+Removed\s+Changed\s+Unchanged'
            Set-Content $cfg $original -NoNewline
            (Update-PsvConfiguration -ConfigPath $cfg).Removed | Should -Be @('delta')
        }

        It 'keeps the running configuration when the file is bad, and reports each problem with line and column' {
            $original = Get-Content $cfg -Raw
            try {
                Set-Content $cfg ($original -replace 'interval: 200ms', 'interval: soon')
                $alphaPid = (& $byName alpha).Pid
                $out = Update-PsvConfiguration -ConfigPath $cfg -ErrorAction SilentlyContinue -ErrorVariable err -WarningAction SilentlyContinue
                $out | Should -BeNullOrEmpty
                $err.Count | Should -Be 1
                $err[0].FullyQualifiedErrorId | Should -Be 'PsvConfigProblem,Update-PsvConfiguration'
                $err[0].Exception.Message | Should -BeLike "$cfg`:2:13: monitor.interval: bad duration 'soon'*"
                $err[0].TargetObject.Line | Should -Be 2
                $err[0].TargetObject.Column | Should -Be 13
                (& $byName alpha).Pid | Should -Be $alphaPid
            }
            finally { Set-Content $cfg $original -NoNewline }
        }
    }

    Context 'Another configuration' {
        It 'is refused at this monitor''s endpoint: one PsvNoMonitor error naming both configurations' {
            $env:PSV_CONTROL = $started.Control
            try {
                Get-PsvStatus -ConfigPath $idle -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
            }
            finally {
                Remove-Item Env:PSV_CONTROL
            }
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'PsvNoMonitor,Get-PsvStatus'
            $err[0].Exception.Message | Should -BeLike "No psv monitor is running for $idle at $($started.Control): the monitor there (pid $($started.Pid)) runs $cfg*"
        }
    }

    Context 'Stop-PsvMonitor -WhatIf' {
        It 'leaves the monitor and its targets running' {
            $before = @(Get-PsvStatus -ConfigPath $cfg)
            Stop-PsvMonitor -ConfigPath $cfg -WhatIf
            [pscustomobject]@{ ConfigPath = $cfg } | Stop-PsvMonitor -WhatIf
            $after = @(Get-PsvStatus -ConfigPath $cfg)
            Test-ProcessAlive $started.Pid | Should -BeTrue
            $after.Pid | Should -Be $before.Pid
        }
    }
}

Describe 'Start-PsvMonitor and Stop-PsvMonitor' {
    BeforeAll {
        $script:dir = Join-Path $TestDrive 'startstop'
        $script:cfg = New-PsvTestConfig -Directory $dir -Targets "  - name: solo`n    command: [`"sleep`", `"1000`"]`n    stopTimeout: 2s`n"
        $script:pids = [System.Collections.Generic.List[int]]::new()
    }

    AfterAll {
        Stop-PsvTestMonitor -ConfigPath $cfg -AlsoKill $pids
    }

    It '-WhatIf starts nothing' {
        Start-PsvMonitor -ConfigPath $cfg -WhatIf
        Get-PsvStatus -ConfigPath $cfg -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be 'PsvNoMonitor,Get-PsvStatus'
    }

    It 'needs a config: -ConfigPath or $env:PSV_CONFIG' {
        Start-PsvMonitor -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be 'PsvNoConfig,Start-PsvMonitor'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'refuses a bad config with one error per problem, before starting anything' {
        $bad = Join-Path $dir 'bad.yaml'
        Set-Content $bad ((Get-Content $cfg -Raw) -replace 'command:', 'comand:')
        Start-PsvMonitor -ConfigPath $bad -ErrorAction SilentlyContinue -ErrorVariable err
        $err.Count | Should -BeGreaterOrEqual 1
        $err[0].FullyQualifiedErrorId | Should -Be 'PsvConfigProblem,Start-PsvMonitor'
        $err[0].Exception.Message | Should -Match ([regex]::Escape($bad) + ':\d+:\d+: ')
        $err[0].TargetObject.Line | Should -BeGreaterThan 0
        Get-PsvStatus -ConfigPath $cfg -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'starts from a piped file, stops with -KeepTargets, and the next start adopts the target' {
        $m = Get-Item $cfg | Start-PsvMonitor -PassThru
        $pids.Add($m.Pid)
        Wait-PsvCondition -Because 'solo runs' { (Get-PsvStatus solo -ConfigPath $cfg).State -eq 'Running' }
        $solo = (Get-PsvStatus solo -ConfigPath $cfg).Pid
        $pids.Add($solo)

        $stop = Stop-PsvMonitor -ConfigPath $cfg -KeepTargets -PassThru -Confirm:$false
        $stop.PSTypeNames[0] | Should -Be 'Psv.MonitorStop'
        $stop.Pid | Should -Be $m.Pid
        $stop.KeepTargets | Should -BeTrue
        ($stop | Format-Table | Out-String -Width 300) | Should -Match 'Pid\s+Stopped\s+KeepTargets\s+ConfigPath'
        Wait-PsvCondition -Because 'the monitor exits' { -not (Test-ProcessAlive $m.Pid) }
        Test-ProcessAlive $solo | Should -BeTrue

        $m2 = Start-PsvMonitor -ConfigPath $cfg -PassThru
        $pids.Add($m2.Pid)
        ($m2 | Format-Table | Out-String -Width 300) | Should -Match 'Pid\s+AlreadyRunning\s+Control\s+Log'
        Wait-PsvCondition -Because 'solo is adopted' { $s = Get-PsvStatus solo -ConfigPath $cfg; $s.State -eq 'Running' -and $s.Adopted }
        (Get-PsvStatus solo -ConfigPath $cfg).Pid | Should -Be $solo
        (Get-PsvStatus -ConfigPath $cfg | Format-Table | Out-String) | Should -Match 'solo\*'
    }

    It 'stops the monitor and its targets, silently without -PassThru' {
        $solo = (Get-PsvStatus solo -ConfigPath $cfg).Pid
        $monitor = (Get-PsvStatus solo -ConfigPath $cfg).MonitorPid
        $out = Stop-PsvMonitor -ConfigPath $cfg -Confirm:$false
        $out | Should -BeNullOrEmpty
        Wait-PsvCondition -Because 'the monitor and solo exit' { -not (Test-ProcessAlive $monitor) -and -not (Test-ProcessAlive $solo) }
        Get-PsvStatus -ConfigPath $cfg -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
    }

    It 'reads past events from the event file when the monitor is stopped' {
        $e = @(Get-PsvEvent -ConfigPath $cfg)
        $e.Event | Should -Contain 'MonitorStarted'
        $e.Event | Should -Contain 'MonitorStopped'
    }
}
