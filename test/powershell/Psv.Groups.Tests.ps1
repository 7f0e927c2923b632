# Groups (config groups:, dependsOn) through the cmdlets, against a real psv monitor:
# Get-PsvGroup, Get-PsvStatus -Group and the -Group parameter of the target verbs.
BeforeAll {
    . (Join-Path $PSScriptRoot 'PsvTestHelpers.ps1')
    Initialize-PsvTestSession

    $script:dir = Join-Path $TestDrive 'groups'
    $targets = @"
  - name: db
    command: ["sleep", "1000"]
    stopTimeout: 2s
  - name: web
    command: ["sleep", "1000"]
    dependsOn: [db]
    stopTimeout: 2s
  - name: solo
    command: ["sleep", "1000"]
    stopTimeout: 2s
groups:
  - name: app
    members: [db, web]
    strategy: all
"@
    $script:cfg = New-PsvTestConfig -Directory $dir -Targets $targets
    $script:started = Start-PsvMonitor -ConfigPath $cfg -PassThru
    $script:byName = {
        param($name)
        Get-PsvStatus -ConfigPath $cfg | Where-Object Name -eq $name
    }
    $script:allRunning = {
        $s = @(Get-PsvStatus -ConfigPath $cfg)
        $s.Count -eq 3 -and @($s | Where-Object { $_.State -eq 'Running' -and $_.Ready }).Count -eq 3
    }
    Wait-PsvCondition -Because 'db, web and solo run and are ready' $allRunning
}

AfterAll {
    Stop-PsvTestMonitor -ConfigPath $cfg -AlsoKill @($started.Pid)
}

Describe 'Get-PsvStatus with groups' {
    It 'returns Group, Kind, Ready, DependsOn and Instances on each target' {
        $s = @(Get-PsvStatus -ConfigPath $cfg)
        $web = $s | Where-Object Name -eq 'web'
        $web.Group | Should -Be 'app'
        $web.DependsOn | Should -Be @('db')
        $web.Ready | Should -BeTrue
        $web.Kind | Should -Be 'command'
        $web.Instances.Count | Should -Be 0
        ($s | Where-Object Name -eq 'db').DependsOn.Count | Should -Be 0
        ($s | Where-Object Name -eq 'solo').Group | Should -BeNullOrEmpty
    }

    It 'shows the Group column in its table view' {
        $text = Get-PsvStatus -ConfigPath $cfg | Format-Table | Out-String -Width 250
        $text | Should -Match 'Name\s+Group\s+State\s+Pid'
        $text | Should -Match 'web\s+app\s+Running\s+\d+'
        $text | Should -Match 'solo\s+Running\s+\d+'
    }

    It '-Group selects the members of groups, with wildcards' {
        (Get-PsvStatus -Group app -ConfigPath $cfg).Name | Should -Be @('db', 'web')
        (Get-PsvStatus -Group 'a?p' -ConfigPath $cfg).Name | Should -Be @('db', 'web')
        Get-PsvStatus -Group 'zz*' -ConfigPath $cfg -ErrorVariable err | Should -BeNullOrEmpty
        $err | Should -BeNullOrEmpty
    }

    It '-Group writes one InvalidArgument error per unknown group (a target name is not a group)' {
        $out = Get-PsvStatus -Group solo, app -ConfigPath $cfg -ErrorAction SilentlyContinue -ErrorVariable err
        $out.Name | Should -Be @('db', 'web')
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'PsvInvalidArgument,Get-PsvStatus'
        $err[0].Exception.Message | Should -BeLike "unknown group 'solo'; known groups: app*"
        $err[0].TargetObject | Should -Be 'solo'
    }

    It 'completes group names for -Group with Tab' {
        $line = "Restart-PsvTarget -ConfigPath '$cfg' -Group "
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('app')
        $line = "Get-PsvGroup -ConfigPath '$cfg' -Name a"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('app')
    }
}

Describe 'Get-PsvGroup' {
    It 'returns typed Psv.GroupStatus objects' {
        $g = @(Get-PsvGroup -ConfigPath $cfg)
        $g.Count | Should -Be 1
        $g[0].PSTypeNames[0] | Should -Be 'Psv.GroupStatus'
        $g[0].Name | Should -Be 'app'
        $g[0].Strategy | Should -Be 'all'
        $g[0].State | Should -Be 'Running'
        $g[0].Members | Should -Be @('db', 'web')
        $g[0].Restarts | Should -Be 0
        $g[0].RetriesAllowed | Should -Be 3
        $g[0].RetryWindow | Should -Be ([timespan]::FromHours(24))
        $g[0].MonitorPid | Should -Be $started.Pid
        $g[0].ConfigPath | Should -Be $cfg
    }

    It 'takes names and wildcards, and writes an error for an unknown group' {
        (Get-PsvGroup app -ConfigPath $cfg).Name | Should -Be 'app'
        ('ap*' | Get-PsvGroup -ConfigPath $cfg).Name | Should -Be 'app'
        Get-PsvGroup nope -ConfigPath $cfg -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'PsvInvalidArgument,Get-PsvGroup'
        $err[0].Exception.Message | Should -BeLike "unknown group 'nope'; known groups: app*"
    }

    It 'says a monitor without groups has none' {
        $other = New-PsvTestConfig -Directory (Join-Path $TestDrive 'nogroups') -Targets "  - name: lone`n    command: [`"sleep`", `"1000`"]`n    stopTimeout: 2s`n"
        $m = Start-PsvMonitor -ConfigPath $other -PassThru
        try {
            Get-PsvGroup -ConfigPath $other | Should -BeNullOrEmpty
            Get-PsvGroup app -ConfigPath $other -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].Exception.Message | Should -BeLike "unknown group 'app': the monitor of $other has no groups*"
        }
        finally { Stop-PsvTestMonitor -ConfigPath $other -AlsoKill @($m.Pid) }
    }

    It 'shows Name, Strategy, State, Restarts, RetryWindow and Members in its table view' {
        $text = Get-PsvGroup -ConfigPath $cfg | Format-Table | Out-String -Width 200
        $text | Should -Match 'Name\s+Strategy\s+State\s+Restarts\s+RetryWindow\s+Members'
        $text | Should -Match 'app\s+all\s+Running\s+0/3\s+1\.00:00:00\s+db, web'
    }
}

Describe 'The target verbs with -Group' {
    It '-WhatIf changes nothing' {
        $before = @(Get-PsvStatus -Group app -ConfigPath $cfg)
        Restart-PsvTarget -Group app -ConfigPath $cfg -WhatIf
        Suspend-PsvTarget -Group app -ConfigPath $cfg -WhatIf
        $after = @(Get-PsvStatus -Group app -ConfigPath $cfg)
        $after.Pid | Should -Be $before.Pid
        $after.Paused | Should -Be @($false, $false)
    }

    It 'Suspend-PsvTarget -Group pauses the members only; Resume-PsvTarget -Group resumes them' {
        # ShouldProcess says what it does on the verbose stream: the group and its members.
        $out = Suspend-PsvTarget -Group app -ConfigPath $cfg -PassThru -Verbose 4>&1
        $r = @($out | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $verbose = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) -join "`n"
        $verbose | Should -Match "Suspend monitoring.*psv group 'app' \(members db, web\)"
        $r.Name | Should -Be @('db', 'web')
        (Get-PsvStatus -ConfigPath $cfg | Where-Object Paused).Name | Should -Be @('db', 'web')
        Resume-PsvTarget -Group app -ConfigPath $cfg
        (Get-PsvStatus -ConfigPath $cfg | Where-Object Paused) | Should -BeNullOrEmpty
    }

    It 'Restart-PsvTarget -Group restarts the members in dependency order, and nothing else' {
        $before = @{}
        Get-PsvStatus -ConfigPath $cfg | ForEach-Object { $before[$_.Name] = $_.Pid }
        $since = [datetime]::Now
        Restart-PsvTarget -Group app -ConfigPath $cfg
        Wait-PsvCondition -Because 'db and web run again with new pids' {
            $s = @(Get-PsvStatus -Group app -ConfigPath $cfg)
            @($s | Where-Object { $_.State -eq 'Running' -and $_.Ready -and $_.Pid -ne $before[$_.Name] }).Count -eq 2
        }
        (& $byName solo).Pid | Should -Be $before['solo']
        $started = @(Get-PsvEvent -Since $since -ConfigPath $cfg | Where-Object Event -eq 'TargetStarted')
        $started.Target | Should -Be @('db', 'web') -Because 'web depends on db'
        Test-ProcessAlive $before['db'] | Should -BeFalse
        Test-ProcessAlive $before['web'] | Should -BeFalse
    }

    It 'restarts only the named targets when status objects are piped in, not their whole groups' {
        Wait-PsvCondition -Because 'all targets run' $allRunning
        $dbPid = (& $byName db).Pid
        $webPid = (& $byName web).Pid
        Get-PsvStatus web -ConfigPath $cfg | Restart-PsvTarget
        Wait-PsvCondition -Because 'web runs with a new pid' { $s = & $byName web; $s.State -eq 'Running' -and $s.Pid -ne $webPid }
        (& $byName db).Pid | Should -Be $dbPid
    }

    It 'refuses a target name given as -Group, and acts on nothing' {
        $dbPid = (& $byName db).Pid
        Restart-PsvTarget -Group db -ConfigPath $cfg -ErrorAction SilentlyContinue -ErrorVariable err
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'PsvInvalidArgument,Restart-PsvTarget'
        $err[0].Exception.Message | Should -BeLike "unknown group 'db'; known groups: app*"
        (& $byName db).Pid | Should -Be $dbPid
    }

    It 'Reset-PsvTarget -Group clears the group''s own restart count; a member''s reset does not' {
        Wait-PsvCondition -Because 'all targets run' $allRunning
        $dbPid = (& $byName db).Pid
        $webPid = (& $byName web).Pid
        Stop-Process -Id $dbPid -Force
        Wait-PsvCondition -Because 'the group restarts after db''s crash (strategy all)' {
            $g = Get-PsvGroup app -ConfigPath $cfg
            $s = @(Get-PsvStatus -Group app -ConfigPath $cfg)
            $g.Restarts -eq 1 -and $g.State -eq 'Running' -and
            @($s | Where-Object { $_.State -eq 'Running' -and $_.Pid -ne $dbPid -and $_.Pid -ne $webPid }).Count -eq 2
        }
        Reset-PsvTarget db -ConfigPath $cfg
        (Get-PsvGroup app -ConfigPath $cfg).Restarts | Should -Be 1

        Reset-PsvTarget -Group app -ConfigPath $cfg -WhatIf
        (Get-PsvGroup app -ConfigPath $cfg).Restarts | Should -Be 1
        $r = Reset-PsvTarget -Group app -ConfigPath $cfg -PassThru
        $r.Name | Should -Be @('db', 'web')
        $r.Restarts | Should -Be @(0, 0)
        (Get-PsvGroup app -ConfigPath $cfg).Restarts | Should -Be 0
    }

    It 'Get-PsvGroup objects pipe into the verbs by Name, which psv takes as the group' {
        Wait-PsvCondition -Because 'all targets run' $allRunning
        $r = Get-PsvGroup app -ConfigPath $cfg | Suspend-PsvTarget -PassThru
        $r.Name | Should -Be @('db', 'web')
        (Get-PsvStatus -ConfigPath $cfg | Where-Object Paused).Name | Should -Be @('db', 'web')
        Get-PsvGroup -ConfigPath $cfg | Resume-PsvTarget
        (Get-PsvStatus -ConfigPath $cfg | Where-Object Paused) | Should -BeNullOrEmpty
    }
}
