# Get-PsvHealth and Test-PsvHealth. First against a stand-in psv (a .js PSV_EXE that
# answers `health --json` with the JSON of the contract and its exit code, and records
# the arguments it was given), so that each state and each failure can be chosen.
BeforeAll {
    . (Join-Path $PSScriptRoot 'PsvTestHelpers.ps1')
    Initialize-PsvTestSession

    $script:fakeDir = Join-Path $TestDrive 'fake'
    New-Item -ItemType Directory $fakeDir -Force | Out-Null
    $script:fake = Join-Path $fakeDir 'psv-fake.js'
    # The answer is chosen per call by the config file's base name (answers/NAME.json:
    # { exitCode, stdout, stderr }); every call appends its arguments to argv.jsonl.
    Set-Content -LiteralPath $fake -Value @'
const fs = require('fs');
const path = require('path');
const args = process.argv.slice(2);
fs.appendFileSync(path.join(__dirname, 'argv.jsonl'), JSON.stringify(args) + '\n');
const config = args[args.indexOf('-c') + 1];
const answer = JSON.parse(fs.readFileSync(path.join(__dirname, 'answers', path.basename(config, '.yaml') + '.json'), 'utf8'));
if (answer.stdout) process.stdout.write(answer.stdout + '\n');
if (answer.stderr) process.stderr.write(answer.stderr + '\n');
process.exitCode = answer.exitCode;
'@
    New-Item -ItemType Directory (Join-Path $fakeDir 'answers') -Force | Out-Null

    function Set-FakeHealth {
        <# Makes the stand-in answer for configs named NAME.yaml; returns that config path. #>
        param([string] $Name, [int] $ExitCode, [object] $Json, [string] $Stderr)
        $stdout = if ($null -ne $Json) { $Json | ConvertTo-Json -Depth 6 -Compress } else { '' }
        @{ exitCode = $ExitCode; stdout = $stdout; stderr = $Stderr } | ConvertTo-Json -Compress |
            Set-Content -LiteralPath (Join-Path $fakeDir "answers/$Name.json")
        $config = Join-Path $fakeDir "$Name.yaml"
        Set-Content -LiteralPath $config -Value '# read by the stand-in psv by name only'
        $config
    }

    function New-HealthJson {
        param([string] $State, [int] $ExitCode, [string] $Message, [object] $Monitor, [hashtable] $Targets = @{}, [hashtable] $Groups = @{}, [object] $Failover = $null)
        [ordered]@{
            state    = $State
            exitCode = $ExitCode
            message  = $Message
            monitor  = $Monitor
            targets  = [ordered]@{
                total    = [int]$Targets['total']
                running  = @($Targets['running'] | Where-Object { $_ })
                degraded = @($Targets['degraded'] | Where-Object { $_ })
                failed   = @($Targets['failed'] | Where-Object { $_ })
                paused   = @($Targets['paused'] | Where-Object { $_ })
                stopped  = @($Targets['stopped'] | Where-Object { $_ })
            }
            groups   = [ordered]@{
                degraded = @($Groups['degraded'] | Where-Object { $_ })
                failed   = @($Groups['failed'] | Where-Object { $_ })
            }
            failover = $Failover
        }
    }

    $monitor = { param($name) [ordered]@{ pid = 4242; config = (Join-Path $fakeDir "$name.yaml"); control = "/run/psv/$name.sock" } }
    $script:healthy = Set-FakeHealth -Name healthy -ExitCode 0 -Json (New-HealthJson -State healthy -ExitCode 0 `
            -Message 'healthy: 3 of 3 targets running (monitor pid 4242)' -Monitor (& $monitor healthy) `
            -Targets @{ total = 3; running = @('db', 'web', 'batch'); paused = @('batch') })
    $script:degraded = Set-FakeHealth -Name degraded -ExitCode 6 -Json (New-HealthJson -State degraded -ExitCode 6 `
            -Message 'degraded: web restarting (2 of 3 retries in 10m)' -Monitor (& $monitor degraded) `
            -Targets @{ total = 2; running = @('db'); degraded = @('web') } -Groups @{ degraded = @('app') })
    $script:failed = Set-FakeHealth -Name failed -ExitCode 4 -Json (New-HealthJson -State failed -ExitCode 4 `
            -Message 'failed: group app over its retries; failover requested via pacemaker' -Monitor (& $monitor failed) `
            -Targets @{ total = 2; failed = @('db', 'web') } -Groups @{ failed = @('app') } `
            -Failover ([ordered]@{ scope = 'group'; name = 'app'; reason = 'retries exhausted'; via = 'pacemaker'; at = '2026-11-30T12:00:05.000Z' }))
    $script:down = Set-FakeHealth -Name down -ExitCode 3 -Json (New-HealthJson -State not-running -ExitCode 3 `
            -Message 'not running: no monitor answers at /run/psv/down.sock' -Monitor $null)
    $script:denied = Set-FakeHealth -Name denied -ExitCode 5 -Json $null -Stderr 'psv: access denied: not the monitor''s user or an administrator'
    $script:silent = Set-FakeHealth -Name silent -ExitCode 6 -Json $null
}

Describe 'Get-PsvHealth (stand-in psv)' {
    BeforeAll { $env:PSV_EXE = $fake }
    AfterAll { $env:PSV_EXE = $PsvMain }
    BeforeEach { Remove-Item (Join-Path $fakeDir 'argv.jsonl') -ErrorAction SilentlyContinue }

    It 'runs psv health -c CONFIG --json, with --timeout as a psv duration' {
        Get-PsvHealth -ConfigPath $healthy -Timeout 00:00:05 | Out-Null
        Get-PsvHealth -ConfigPath $healthy | Out-Null
        $calls = @(Get-Content (Join-Path $fakeDir 'argv.jsonl') | ForEach-Object { , @($_ | ConvertFrom-Json) })
        $calls[0] | Should -Be @('health', '--timeout', '5s', '-c', $healthy, '--json')
        $calls[1] | Should -Be @('health', '-c', $healthy, '--json')
    }

    It 'Healthy (0): a Psv.Health with the targets by state' {
        $h = Get-PsvHealth -ConfigPath $healthy
        $h.PSTypeNames[0] | Should -Be 'Psv.Health'
        $h.State | Should -Be 'Healthy'
        $h.ExitCode | Should -Be 0
        $h.Message | Should -Be 'healthy: 3 of 3 targets running (monitor pid 4242)'
        $h.MonitorPid | Should -Be 4242
        $h.Control | Should -Be '/run/psv/healthy.sock'
        $h.TargetCount | Should -Be 3
        $h.Running | Should -Be @('db', 'web', 'batch')
        $h.Paused | Should -Be @('batch')
        $h.Failed.Count | Should -Be 0
        $h.Failover | Should -BeNullOrEmpty
        $h.ConfigPath | Should -Be $healthy
    }

    It 'Degraded (6) is an answer, not an error' {
        $h = Get-PsvHealth -ConfigPath $degraded -ErrorVariable err
        $err.Count | Should -Be 0
        $h.State | Should -Be 'Degraded'
        $h.ExitCode | Should -Be 6
        $h.Degraded | Should -Be @('web')
        $h.DegradedGroups | Should -Be @('app')
    }

    It 'Failed (4) carries the failover the monitor requested, as a Psv.FailoverInfo' {
        $h = Get-PsvHealth -ConfigPath $failed -ErrorVariable err
        $err.Count | Should -Be 0
        $h.State | Should -Be 'Failed'
        $h.ExitCode | Should -Be 4
        $h.Failed | Should -Be @('db', 'web')
        $h.FailedGroups | Should -Be @('app')
        $h.Failover.PSTypeNames[0] | Should -Be 'Psv.FailoverInfo'
        $h.Failover.Scope | Should -Be 'group'
        $h.Failover.Name | Should -Be 'app'
        $h.Failover.Via | Should -Be 'pacemaker'
        $h.Failover.Reason | Should -Be 'retries exhausted'
        $h.Failover.At | Should -Be ([datetime]::Parse('2026-11-30T12:00:05Z').ToUniversalTime().ToLocalTime())
        "$($h.Failover)" | Should -BeLike 'group app via pacemaker at 2026-11-30T*'
    }

    It 'NotRunning (3) is an answer with no monitor, naming the config asked about' {
        $h = Get-PsvHealth -ConfigPath $down -ErrorVariable err
        $err.Count | Should -Be 0
        $h.State | Should -Be 'NotRunning'
        $h.ExitCode | Should -Be 3
        $h.MonitorPid | Should -BeNullOrEmpty
        $h.Message | Should -Be 'not running: no monitor answers at /run/psv/down.sock'
        $h.ConfigPath | Should -Be $down
    }

    It 'access denied (5) is a PsvAccessDenied error and no object' {
        $h = Get-PsvHealth -ConfigPath $denied -ErrorAction SilentlyContinue -ErrorVariable err
        $h | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'PsvAccessDenied,Get-PsvHealth'
        $err[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $err[0].Exception.Message | Should -BeLike 'access denied*'
    }

    It 'an exit code that should carry a report but came without one is an error' {
        Get-PsvHealth -ConfigPath $silent -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'PsvRuntimeFailure,Get-PsvHealth'
        $err[0].Exception.Message | Should -BeLike "*no health report*$silent*"
    }

    It 'answers once per config from the pipeline, errors in between not stopping the rest' {
        $r = @(Get-Item $healthy, $denied, $failed | Get-PsvHealth -ErrorAction SilentlyContinue -ErrorVariable err)
        $r.State | Should -Be @('Healthy', 'Failed')
        $err.Count | Should -Be 1
    }

    It 'needs a config' {
        Get-PsvHealth -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be 'PsvNoConfig,Get-PsvHealth'
    }

    It 'shows a table: config file, state, exit code, pid, running of total, message' {
        $text = @($healthy, $down) | Get-PsvHealth | Format-Table | Out-String -Width 250
        $text | Should -Match 'Config\s+State\s+ExitCode\s+Pid\s+Running\s+Message'
        $text | Should -Match 'healthy\.yaml\s+Healthy\s+0\s+4242\s+3/3\s+healthy: 3 of 3 targets running'
        $text | Should -Match 'down\.yaml\s+NotRunning\s+3\s+not running: no monitor answers'
    }
}

Describe 'Test-PsvHealth (stand-in psv)' {
    BeforeAll { $env:PSV_EXE = $fake }
    AfterAll { $env:PSV_EXE = $PsvMain }

    It '<Config> is <Plain>, and <WithDegraded> with -AllowDegraded' -ForEach @(
        @{ Config = 'healthy'; Plain = $true; WithDegraded = $true }
        @{ Config = 'degraded'; Plain = $false; WithDegraded = $true }
        @{ Config = 'failed'; Plain = $false; WithDegraded = $false }
        @{ Config = 'down'; Plain = $false; WithDegraded = $false }
    ) {
        $path = Join-Path $fakeDir "$Config.yaml"
        Test-PsvHealth -ConfigPath $path -ErrorVariable err | Should -BeExactly $Plain
        Test-PsvHealth -ConfigPath $path -AllowDegraded -ErrorVariable err2 | Should -BeExactly $WithDegraded
        $err.Count + $err2.Count | Should -Be 0
    }

    It 'is $false with the error when the health cannot be learnt' {
        $r = Test-PsvHealth -ConfigPath $denied -ErrorAction SilentlyContinue -ErrorVariable err
        $r | Should -BeExactly $false
        $err[0].FullyQualifiedErrorId | Should -Be 'PsvAccessDenied,Test-PsvHealth'
    }

    It 'answers one Boolean per piped config' {
        $r = @(Get-Item $healthy, $failed, $degraded | Test-PsvHealth)
        $r | Should -Be @($true, $false, $false)
    }
}

Describe 'Get-PsvHealth and Test-PsvHealth against a real monitor' {
    # alpha runs; beta and gamma run while their marker file exists. Killed without
    # it, beta waits an hour to restart (within its budget: degraded) and gamma, with
    # no retries, fails (failed).
    BeforeAll {
        $env:PSV_EXE = $PsvMain
        $script:dir = Join-Path $TestDrive 'live'
        New-Item -ItemType Directory $dir -Force | Out-Null
        $script:betaOk = Join-Path $dir 'beta.ok'
        $script:gammaOk = Join-Path $dir 'gamma.ok'
        Set-Content $betaOk '' ; Set-Content $gammaOk ''
        $targets = @"
  - name: alpha
    command: ["sleep", "1000"]
    stopTimeout: 2s
  - name: beta
    command: ["sh", "-c", "test -f '$betaOk' || exit 7; exec sleep 1000"]
    restart: { retries: 5, delay: 1h, backoff: { max: 1h } }
    stopTimeout: 2s
  - name: gamma
    command: ["sh", "-c", "test -f '$gammaOk' || exit 7; exec sleep 1000"]
    restart: { retries: 0 }
    onRetryOver: stop
    stopTimeout: 2s
"@
        $script:cfg = New-PsvTestConfig -Directory $dir -Name live -Targets $targets
        $script:started = Start-PsvMonitor -ConfigPath $cfg -PassThru
        Wait-PsvCondition -Because 'alpha, beta and gamma run' {
            @(Get-PsvStatus -ConfigPath $cfg | Where-Object State -eq 'Running').Count -eq 3
        }
        $script:pidOf = { param($name) (Get-PsvStatus -ConfigPath $cfg -Name $name).Pid }
        $script:cliExitCode = {
            & node $PsvMain health -c $cfg 2>$null | Out-Null
            $LASTEXITCODE
        }
    }

    AfterAll {
        Stop-PsvTestMonitor -ConfigPath $cfg -AlsoKill @($started.Pid)
    }

    It 'Healthy while every target runs: exit code 0, like psv health' {
        $h = Get-PsvHealth -ConfigPath $cfg
        $h.State | Should -Be 'Healthy'
        $h.ExitCode | Should -Be 0
        $h.MonitorPid | Should -Be $started.Pid
        $h.TargetCount | Should -Be 3
        ($h.Running | Sort-Object) | Should -Be @('alpha', 'beta', 'gamma')
        $h.Control | Should -Be (Join-Path $dir 'live.sock')
        $h.ConfigPath | Should -Be $cfg
        & $cliExitCode | Should -Be 0
        Test-PsvHealth -ConfigPath $cfg | Should -BeTrue
    }

    It 'Degraded once beta is killed and waits to restart within its budget: exit code 6' {
        Remove-Item $betaOk
        $old = & $pidOf beta
        Stop-Process -Id $old -Force
        Wait-PsvCondition -Because 'health says degraded' { (Get-PsvHealth -ConfigPath $cfg).State -eq 'Degraded' }
        $h = Get-PsvHealth -ConfigPath $cfg
        $h.ExitCode | Should -Be 6
        $h.Degraded | Should -Be @('beta')
        $h.Message | Should -BeLike 'degraded:*beta*'
        & $cliExitCode | Should -Be 6
        Test-PsvHealth -ConfigPath $cfg | Should -BeFalse
        Test-PsvHealth -ConfigPath $cfg -AllowDegraded | Should -BeTrue
    }

    It 'Failed once gamma is killed with no retries left: exit code 4, even with -AllowDegraded' {
        Remove-Item $gammaOk
        Stop-Process -Id (& $pidOf gamma) -Force
        Wait-PsvCondition -Because 'health says failed' { (Get-PsvHealth -ConfigPath $cfg).State -eq 'Failed' }
        $h = Get-PsvHealth -ConfigPath $cfg
        $h.ExitCode | Should -Be 4
        $h.Failed | Should -Be @('gamma')
        $h.Degraded | Should -Be @('beta')
        $h.Failover | Should -BeNullOrEmpty
        & $cliExitCode | Should -Be 4
        Test-PsvHealth -ConfigPath $cfg -AllowDegraded | Should -BeFalse
    }

    It 'NotRunning for a config whose monitor is not running: exit code 3, no error' {
        $idle = New-PsvTestConfig -Directory (Join-Path $TestDrive 'idle') -Name idle
        $h = Get-PsvHealth -ConfigPath $idle -ErrorVariable err
        $err.Count | Should -Be 0
        $h.State | Should -Be 'NotRunning'
        $h.ExitCode | Should -Be 3
        $h.MonitorPid | Should -BeNullOrEmpty
        $h.Message | Should -BeLike '*idle.sock*'
        Test-PsvHealth -ConfigPath $idle | Should -BeFalse
    }
}
