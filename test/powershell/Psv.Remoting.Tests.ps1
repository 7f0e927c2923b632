# The cmdlets across machines: real PowerShell remoting over SSH on loopback. Each
# "machine" is an sshd of its own on a private port of 127.0.0.1 (host and client keys
# made here, pwsh as the SSH subsystem, the module and psv given through SetEnv), with
# its own psv monitor (PSV_CONFIG differs per sshd). The two are reached under two
# names (127.0.0.1 and localhost), so their objects say which machine they came from.
BeforeDiscovery {
    $script:sshd = '/usr/sbin/sshd'
    $script:skipWhy = if (-not (Test-Path $sshd)) { 'no /usr/sbin/sshd (Debian openssh-server)' }
    elseif (-not (Get-Command ssh -ErrorAction SilentlyContinue)) { 'no ssh client' }
    elseif ($IsWindows) { 'Linux-only harness' }
    else { $null }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'PsvTestHelpers.ps1')
    Initialize-PsvTestSession
    $script:sshd = '/usr/sbin/sshd'
    $script:sshdPids = [System.Collections.Generic.List[int]]::new()

    function Get-FreePort {
        $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $l.Start(); $port = $l.LocalEndpoint.Port; $l.Stop(); $port
    }

    function Start-TestSshd {
        <# An sshd on 127.0.0.1:PORT whose PowerShell subsystem sees PSV_CONFIG = $Config. #>
        param([string] $Directory, [string] $Config)
        New-Item -ItemType Directory -Path $Directory -Force | Out-Null
        & ssh-keygen -q -t ed25519 -N '' -f (Join-Path $Directory 'host_key') | Out-Null
        $port = Get-FreePort
        $pwsh = (Get-Process -Id $PID).Path
        if ($pwsh -match 'dotnet$') { $pwsh = Join-Path $HOME '.dotnet/tools/pwsh' }
        # The pwsh of the subsystem is a .NET global tool: it needs the runtime's folder (dotnet is often a link to it).
        $dotnetRoot = if ($env:DOTNET_ROOT) { $env:DOTNET_ROOT } else { Split-Path -Parent (& readlink -f (Get-Command dotnet).Source) }
        $modulePath = Join-Path $script:RepoRoot 'powershell'
        $sshdConfig = Join-Path $Directory 'sshd_config'
        Set-Content -LiteralPath $sshdConfig -Value @"
Port $port
ListenAddress 127.0.0.1
HostKey $Directory/host_key
PidFile $Directory/sshd.pid
AuthorizedKeysFile $script:keys/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
Subsystem powershell $pwsh -sshs -NoLogo -NoProfile
SetEnv DOTNET_ROOT=$dotnetRoot PSModulePath=$modulePath PSV_EXE=$script:PsvMain PSV_CONFIG=$Config
"@
        New-Item -ItemType Directory -Path /run/sshd -Force | Out-Null
        $p = Start-Process -FilePath $script:sshd -ArgumentList @('-D', '-e', '-f', $sshdConfig) -RedirectStandardError (Join-Path $Directory 'sshd.log') -PassThru
        $script:sshdPids.Add($p.Id)
        Wait-PsvCondition -Because "sshd listens on $port" -Condition {
            $c = [System.Net.Sockets.TcpClient]::new()
            try { $c.Connect('127.0.0.1', $port); $true } catch { $false } finally { $c.Dispose() }
        }
        [pscustomobject]@{ Port = $port; Process = $p }
    }

    function New-TestSession {
        param([string] $HostName, [int] $Port)
        New-PSSession -HostName $HostName -Port $Port -UserName (whoami) -KeyFilePath $script:keys/client_key -Options @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = '/dev/null'; LogLevel = 'ERROR' } -ErrorAction Stop
    }

    $script:keys = Join-Path $TestDrive 'keys'
    New-Item -ItemType Directory -Path $keys -Force | Out-Null
    & ssh-keygen -q -t ed25519 -N '' -f (Join-Path $keys 'client_key') | Out-Null
    Copy-Item (Join-Path $keys 'client_key.pub') (Join-Path $keys 'authorized_keys')

    # Two machines, each with its own monitor and targets.
    $script:cfgA = New-PsvTestConfig -Directory (Join-Path $TestDrive 'a') -Name a -Targets "  - name: alpha`n    command: [`"sleep`", `"1000`"]`n  - name: beta`n    command: [`"sleep`", `"1000`"]`n"
    $script:cfgB = New-PsvTestConfig -Directory (Join-Path $TestDrive 'b') -Name b -Targets "  - name: gamma`n    command: [`"sleep`", `"1000`"]`n"
    Start-PsvMonitor -ConfigPath $cfgA | Out-Null
    Start-PsvMonitor -ConfigPath $cfgB | Out-Null
    $script:machineA = Start-TestSshd -Directory (Join-Path $TestDrive 'sshd-a') -Config $cfgA
    $script:machineB = Start-TestSshd -Directory (Join-Path $TestDrive 'sshd-b') -Config $cfgB
    $script:sA = New-TestSession -HostName 127.0.0.1 -Port $machineA.Port
    $script:sB = New-TestSession -HostName localhost -Port $machineB.Port
    # Each machine sees its own config (sshd's SetEnv): say so at once if it does not.
    $seen = Invoke-Command -Session $sA { "$env:PSV_CONFIG|$env:PSV_EXE|$env:PSModulePath" }
    if ($seen -notlike "$cfgA|*") { throw "machine A sees PSV_CONFIG|PSV_EXE|PSModulePath = $seen, not $cfgA" }
}

AfterAll {
    Get-PSSession | Remove-PSSession -ErrorAction SilentlyContinue
    foreach ($id in $script:sshdPids) { Stop-Process -Id $id -Force -ErrorAction SilentlyContinue }
    foreach ($c in $script:cfgA, $script:cfgB) { if ($c) { Stop-PsvTestMonitor -ConfigPath $c } }
}

Describe 'Remoting over SSH' -Skip:([bool]$skipWhy) {
    It 'Get-PsvStatus -Session returns the remote targets as Psv.TargetStatus with ComputerName' {
        $r = @(Get-PsvStatus -Session $sA)
        $r.Name | Sort-Object | Should -Be @('alpha', 'beta')
        $r | ForEach-Object { $_.ComputerName | Should -Be '127.0.0.1' }
        $r[0].PSObject.TypeNames[0] | Should -Be 'Psv.TargetStatus'
        # The format view applies: the table has the view's columns.
        ($r | Format-Table | Out-String) | Should -Match 'State'
    }

    It 'fans out to two machines at once, each object tagged with its machine' {
        $r = @(Get-PsvStatus -Session $sA, $sB)
        ($r | Where-Object ComputerName -eq '127.0.0.1').Name | Sort-Object | Should -Be @('alpha', 'beta')
        ($r | Where-Object ComputerName -eq 'localhost').Name | Should -Be 'gamma'
        @($r | Where-Object State -eq 'Running').Count | Should -Be 3
    }

    It 'Suspend-PsvTarget -Session pauses the target on that machine only' {
        Suspend-PsvTarget -Name alpha -Session $sA
        (Get-PsvStatus -Name alpha -ConfigPath $cfgA).Paused | Should -BeTrue
        (Get-PsvStatus -Name gamma -ConfigPath $cfgB).Paused | Should -BeFalse
        Resume-PsvTarget -Name alpha -Session $sA -PassThru | ForEach-Object { $_.Paused | Should -BeFalse; $_.ComputerName | Should -Be '127.0.0.1' }
    }

    It '-WhatIf names the machine and changes nothing there' {
        $out = Suspend-PsvTarget -Name beta -Session $sA -WhatIf 6>&1 | Out-String
        (Get-PsvStatus -Name beta -ConfigPath $cfgA).Paused | Should -BeFalse
    }

    It 'an error on one machine names it, and the other still answers' {
        $r = @(Get-PsvStatus -Name gamma -Session $sA, $sB -ErrorVariable errs -ErrorAction SilentlyContinue)
        $r.Name | Should -Be 'gamma'
        $r.ComputerName | Should -Be 'localhost'
        $errs.Count | Should -BeGreaterOrEqual 1
        $errs[0].Exception.Message | Should -BeLike '`[127.0.0.1`]*gamma*'
    }

    It 'a machine that cannot be reached yields an error record, the others answer' {
        $gone = Start-TestSshd -Directory (Join-Path $TestDrive 'sshd-gone') -Config $cfgB
        $sGone = New-TestSession -HostName 127.0.0.1 -Port $gone.Port
        # The machine goes away: its sshd, and the PowerShell serving this session there.
        $remotePid = Invoke-Command -Session $sGone { $PID }
        Stop-Process -Id $gone.Process.Id -Force
        Stop-Process -Id $remotePid -Force
        # Waited for by its state, not by sending it commands: a command written into the
        # dead ssh client's pipe can make pwsh's SSH transport die of a broken pipe as it closes.
        Wait-PsvCondition -Because 'the session to the stopped machine is broken' -Timeout '00:01:00' -Condition {
            $sGone.State -ne 'Opened'
        }
        $r = @(Get-PsvStatus -Session $sA, $sGone -ErrorVariable errs -ErrorAction SilentlyContinue)
        $r.Name | Sort-Object | Should -Be @('alpha', 'beta')
        $errs.Count | Should -BeGreaterOrEqual 1
        ($errs | ForEach-Object { $_.Exception.Message }) -join "`n" | Should -Match '\[127\.0\.0\.1\]'
    }

    It 'refuses -ComputerName and -Session together' {
        { Get-PsvStatus -ComputerName x -Session $sA -ErrorAction Stop } | Should -Throw -ErrorId 'PsvRemoteBothTargets*'
    }
}
