# The cmdlets behave as an administrator used to Microsoft's modules expects (issue 20):
# durations read the same everywhere, Get-PsvEvent filters before it counts, action
# verbs take wildcards and act on the good names when some are bad, and the small
# things (confirmation, progress, completion, formats) are where they belong.
BeforeAll {
    . (Join-Path $PSScriptRoot 'PsvTestHelpers.ps1')
    Initialize-PsvTestSession

    $script:dir = Join-Path $TestDrive 'behaviour'
    $targets = @"
  - name: alpha
    command: ["sleep", "1000"]
  - name: beta
    command: ["sleep", "1000"]
  - name: crash
    command: ["/bin/sh", "-c", "exit 3"]
    restart: { retries: 0 }
"@
    $script:cfg = New-PsvTestConfig -Directory $dir -Targets $targets
    $script:started = Start-PsvMonitor -ConfigPath $cfg -Timeout 00:01:00 -PassThru
    Wait-PsvCondition -Because 'crash has used up its retries' {
        @(Get-PsvEvent -ConfigPath $cfg -Target crash -ErrorAction SilentlyContinue | Where-Object Event -eq 'RetryOver').Count -ge 1
    }
    Wait-PsvCondition -Because 'psv has recorded the incident of crash' {
        @(Get-PsvIncident -ConfigPath $cfg -ErrorAction SilentlyContinue).Count -ge 1
    }

    # What -WhatIf prints goes to the host, not to a stream: a child pwsh shows it on stdout.
    function Invoke-PsvChild {
        param([string] $Command)
        $pwsh = Join-Path $PSHOME 'pwsh'
        $prelude = "`$env:PSV_EXE = '$PsvMain'; Import-Module '$ModuleManifest'; "
        (& $pwsh -NoProfile -NonInteractive -Command ($prelude + $Command) 2>&1) -join "`n"
    }
}

AfterAll {
    Stop-PsvTestMonitor -ConfigPath $cfg -AlsoKill @($started.Pid)
}

Describe 'Durations: numbers are seconds, text is a psv duration, [TimeSpan] is itself' {
    AfterEach { Set-PsvTarget -Name alpha, beta -ConfigPath $cfg -Retries 3 -Confirm:$false }

    It 'Set-PsvTarget -StopTimeout 30 sets 30s, -RetryWindow 1h sets 1h, -RestartDelay 1.5 sets 1500ms' {
        $t = Set-PsvTarget -Name alpha -ConfigPath $cfg -StopTimeout 30 -RetryWindow 1h -RestartDelay 1.5 -BackoffMax 2d -PassThru -Confirm:$false
        $t.Overrides.'stopTimeout' | Should -Be '30s'
        $t.Overrides.'restart.window' | Should -Be '1h'
        $t.Overrides.'restart.delay' | Should -Be '1500ms'
        $t.Overrides.'restart.backoff.max' | Should -Be '2d'
        $t.RetryWindow | Should -Be ([timespan]::FromHours(1))
    }

    It 'takes [TimeSpan] objects and hh:mm:ss text as before' {
        $t = Set-PsvTarget -Name beta -ConfigPath $cfg -StopTimeout (New-TimeSpan -Seconds 7) -RestartDelay 00:00:02 -PassThru -Confirm:$false
        $t.Overrides.'stopTimeout' | Should -Be '7s'
        $t.Overrides.'restart.delay' | Should -Be '2s'
    }

    It 'says what -WhatIf would set in the same words (stopTimeout=30s, not 0s)' {
        $out = Invoke-PsvChild "Set-PsvTarget alpha -StopTimeout 30 -ConfigPath '$cfg' -WhatIf"
        $out | Should -Match 'stopTimeout=30s'
    }

    It 'Set-PsvMonitor -Interval 5 polls every five seconds' {
        try {
            $m = Set-PsvMonitor -Interval 5 -ConfigPath $cfg -PassThru -Confirm:$false
            $m.Overrides.'monitor.interval' | Should -Be '5s'
        }
        finally { Set-PsvMonitor -Interval 200ms -ConfigPath $cfg -Confirm:$false }
    }

    It 'Start-PsvMonitor -Timeout 60 waits 60 seconds (a [timespan] parameter read 60 ticks and refused it)' {
        $r = Start-PsvMonitor -ConfigPath $cfg -Timeout 60 -Verbose -PassThru -WarningAction SilentlyContinue 4>&1
        ($r | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Out-String) | Should -Match '--timeout 1m '
        ($r | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).AlreadyRunning | Should -BeTrue
    }

    It 'refuses what is no duration with one PsvBadDuration error, and changes nothing' {
        $before = (Get-PsvStatus alpha -ConfigPath $cfg).Overrides.'stopTimeout'
        { Set-PsvTarget -Name alpha -ConfigPath $cfg -StopTimeout 2x -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PsvBadDuration,Set-PsvTarget'
        { Set-PsvMonitor -Interval soon -ConfigPath $cfg -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PsvBadDuration,Set-PsvMonitor'
        { Start-PsvMonitor -ConfigPath $cfg -Timeout 2h -ErrorAction Stop } | Should -Throw -ErrorId 'PsvBadDuration,Start-PsvMonitor'
        (Get-PsvStatus alpha -ConfigPath $cfg).Overrides.'stopTimeout' | Should -Be $before
    }
}

Describe 'Set-PsvTarget -RestartScript' {
    It 'refuses a script that does not exist at once, and keeps the old setting' {
        Set-PsvTarget -Name alpha -ConfigPath $cfg -RestartScript ./missing.sh -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'PsvInvalidArgument,Set-PsvTarget'
        $err[0].Exception.Message | Should -BeLike "*restart.script=./missing.sh: no such file: $dir/missing.sh*"
        (Get-PsvStatus alpha -ConfigPath $cfg).Overrides.'restart.script' | Should -BeNullOrEmpty
    }
}

Describe 'Get-PsvEvent' {
    It 'reads -Since <Since> as a duration, as typed (<Sent>)' -ForEach @(
        @{ Since = '30s'; Sent = '30s' }
        @{ Since = '0s'; Sent = '0s' }
        @{ Since = '2d'; Sent = '2d' }
        @{ Since = '10'; Sent = '10s' }
        @{ Since = '1h30m'; Sent = '1h30m' }
    ) {
        # Typed on a command line, 30s is a [short], 2d a [decimal] and 10 an [int].
        $block = [scriptblock]::Create("Get-PsvEvent -Since $Since -ConfigPath '$cfg' -Verbose 4>&1")
        $out = @(& $block)
        @($out | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).Count | Should -Be 0
        ($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Out-String) | Should -Match "--since $Sent "
    }

    It 'keeps help example 3 (-Wait -Since 0s) valid' {
        $examples = @((Get-Help Get-PsvEvent -Examples).examples.example | ForEach-Object { ($_.code | Out-String).Trim() })
        $examples | Should -Contain 'Get-PsvEvent -Wait -Since 0s | Where-Object Event -eq ''TargetDown'''
    }

    It 'takes -Since as a time too' {
        @(Get-PsvEvent -Since (Get-Date).AddHours(-1) -ConfigPath $cfg | Where-Object Event -eq 'MonitorStarted').Count | Should -BeGreaterOrEqual 1
        @(Get-PsvEvent -Since (Get-Date).AddHours(1) -ConfigPath $cfg).Count | Should -Be 0
    }

    It 'applies -Level before -Last: the last error, even after newer information events' {
        Suspend-PsvTarget alpha -ConfigPath $cfg -Confirm:$false
        Resume-PsvTarget alpha -ConfigPath $cfg -Confirm:$false
        (Get-PsvEvent -Last 1 -ConfigPath $cfg).Level | Should -Be 'Information'
        $e = @(Get-PsvEvent -Level Error -Last 1 -ConfigPath $cfg)
        $e.Count | Should -Be 1
        $e[0].Level | Should -Be 'Error'
        $e[0].Target | Should -Be 'crash'
    }

    It 'returns each event once when status objects are piped in' {
        $piped = @(Get-PsvStatus -ConfigPath $cfg | Get-PsvEvent -Target crash)
        $direct = @(Get-PsvEvent -Target crash -ConfigPath $cfg)
        $piped.Count | Should -Be $direct.Count
        @($piped | ForEach-Object { '{0:o} {1} {2}' -f $_.Time, $_.Event, $_.Target } | Select-Object -Unique).Count | Should -Be $piped.Count
    }

    It 'says so when -Target names no target of the configuration' {
        Get-PsvEvent -Target nope -ConfigPath $cfg -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'PsvInvalidArgument,Get-PsvEvent'
        $err[0].Exception.Message | Should -BeLike "*unknown target 'nope'*alpha*"
        Get-PsvEvent -Target alpha -ConfigPath $cfg -ErrorAction Stop | Should -Not -BeNullOrEmpty
    }
}

Describe 'Action verbs: wildcards, partial failure, -All -WhatIf' {
    AfterEach { Resume-PsvTarget -All -ConfigPath $cfg -Confirm:$false }

    It 'Suspend-PsvTarget al* pauses alpha (a wildcard, as Stop-Service w*)' {
        $t = @(Suspend-PsvTarget 'al*' -ConfigPath $cfg -PassThru -Confirm:$false)
        $t.Name | Should -Be @('alpha')
        (Get-PsvStatus beta -ConfigPath $cfg).Paused | Should -BeFalse
    }

    It 'a wildcard that matches nothing is quietly nothing' {
        Suspend-PsvTarget 'zz*' -ConfigPath $cfg -Confirm:$false -ErrorAction Stop | Should -BeNullOrEmpty
    }

    It 'Suspend-PsvTarget alpha, nope pauses alpha and writes one error for nope' {
        Suspend-PsvTarget alpha, nope -ConfigPath $cfg -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'PsvInvalidArgument,Suspend-PsvTarget'
        $err[0].TargetObject | Should -Be 'nope'
        (Get-PsvStatus alpha -ConfigPath $cfg).Paused | Should -BeTrue
    }

    It 'Restart-PsvTarget nope, beta restarts beta' {
        $before = (Get-PsvStatus beta -ConfigPath $cfg).Pid
        Restart-PsvTarget nope, beta -ConfigPath $cfg -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err.Count | Should -Be 1
        Wait-PsvCondition -Because 'beta runs with a new pid' {
            $s = Get-PsvStatus beta -ConfigPath $cfg
            $s.State -eq 'Running' -and $s.Pid -and $s.Pid -ne $before
        }
    }

    It '-All -WhatIf names the targets it would touch' {
        $out = Invoke-PsvChild "Suspend-PsvTarget -All -ConfigPath '$cfg' -WhatIf"
        $out | Should -Match 'all psv targets: alpha, beta, crash'
        (Get-PsvStatus alpha -ConfigPath $cfg).Paused | Should -BeFalse
    }
}

Describe 'Start-PsvMonitor, Stop-PsvMonitor, Send-PsvHeartbeat' {
    It 'Start-PsvMonitor -PassThru on a running monitor names its log' {
        $r = Start-PsvMonitor -ConfigPath $cfg -PassThru -WarningAction SilentlyContinue
        $r.AlreadyRunning | Should -BeTrue
        $r.Pid | Should -Be $started.Pid
        $r.Log | Should -Be $started.Log
        $r.Log | Should -Not -BeNullOrEmpty
    }

    It 'Stop-PsvMonitor asks for confirmation by default (ConfirmImpact High: it stops every target)' {
        $binding = (Get-Command Stop-PsvMonitor).ScriptBlock.Attributes | Where-Object { $_ -is [System.Management.Automation.CmdletBindingAttribute] }
        $binding.ConfirmImpact | Should -Be 'High'
    }

    It 'Send-PsvHeartbeat for a target without a heartbeat is an error' {
        Send-PsvHeartbeat -Name alpha -ConfigPath $cfg -ErrorAction SilentlyContinue -ErrorVariable err
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'PsvInvalidArgument,Send-PsvHeartbeat'
        $err[0].Exception.Message | Should -BeLike '*alpha: no heartbeat expected*stall.heartbeat*'
    }
}

Describe 'Completion, output types, formats' {
    It 'completes incident IDs for Get-PsvIncident -Id and Export-PsvIncident -Id, not file names' {
        $id = @(Get-PsvIncident -ConfigPath $cfg)[0].Id
        Push-Location $dir
        try {
            foreach ($command in 'Get-PsvIncident', 'Export-PsvIncident') {
                $line = "$command -ConfigPath '$cfg' -Id "
                $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
                @($r.CompletionMatches.CompletionText) | Should -Be @($id) -Because $command
            }
        }
        finally { Pop-Location }
    }

    It 'Register-PsvScheduledTask declares its output type' {
        (Get-Command Register-PsvScheduledTask).OutputType.Name | Should -Be 'Microsoft.Management.Infrastructure.CimInstance#MSFT_ScheduledTask'
    }

    It 'the Psv.Event table gives Target a width, so that Message keeps its room' {
        $view = (Get-FormatData -TypeName Psv.Event).FormatViewDefinition | Where-Object { $_.Control -is [System.Management.Automation.TableControl] }
        $header = $view.Control.Headers | Where-Object Label -eq 'Target'
        $header.Width | Should -BeGreaterThan 0
        $header.Width | Should -BeLessOrEqual 20
    }
}

Describe 'Stop-PsvMonitor progress' {
    BeforeAll {
        $stopDir = Join-Path $TestDrive 'stopping'
        $stopTargets = @"
  - name: quick
    command: ["sleep", "1000"]
  - name: stubborn
    command: ["/bin/sh", "-c", "trap '' TERM; while :; do sleep 0.1; done"]
    stopTimeout: 2s
"@
        $script:stopCfg = New-PsvTestConfig -Directory $stopDir -Name stopping -Targets $stopTargets
        $script:stopStarted = Start-PsvMonitor -ConfigPath $stopCfg -PassThru
        Wait-PsvCondition -Because 'both targets run' { @(Get-PsvStatus -ConfigPath $stopCfg | Where-Object State -eq 'Running').Count -eq 2 }
    }
    AfterAll { Stop-PsvTestMonitor -ConfigPath $stopCfg -AlsoKill @($stopStarted.Pid) }

    It 'shows which targets are still stopping, and the event says which one was killed after stopTimeout' {
        Mock -ModuleName Psv Write-Progress {}
        $r = Stop-PsvMonitor -ConfigPath $stopCfg -Confirm:$false -PassThru
        $r.Stopped | Should -BeTrue
        Should -Invoke Write-Progress -ModuleName Psv -ParameterFilter { $Status -eq 'Waiting for quick, stubborn' } -Times 1 -Exactly
        Should -Invoke Write-Progress -ModuleName Psv -ParameterFilter { $Status -eq 'Waiting for stubborn' -and $PercentComplete -eq 50 }
        Should -Invoke Write-Progress -ModuleName Psv -ParameterFilter { $Completed }
        $stopped = Get-PsvEvent -ConfigPath $stopCfg -Target stubborn | Where-Object Event -eq 'TargetStopped' | Select-Object -Last 1
        $stopped.Message | Should -Match 'killed after stopTimeout 2s'
    }
}
