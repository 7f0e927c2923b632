# Installation at boot. Windows parts run on Linux with the Windows-only wrappers
# mocked (Test-PsvWindows, the Event Log source, WinSW, Task Scheduler), asserting the
# exact calls; the systemd path writes its unit to TestDrive with systemctl mocked.
BeforeAll {
    . (Join-Path $PSScriptRoot 'PsvTestHelpers.ps1')
    Initialize-PsvTestSession
    $script:windowsPsv = 'C:\Program Files\psv\bin\psv.exe'

    function Get-WinSWCommandLine {
        <#
        The argument string WinSW builds from a service XML (read from its source, the
        same in 1.17, which the module ships, and 2.12: AppendTags, and the stop in
        Main.StopIt / WrapperService.DoStop): the <startargument> or
        <stopargument> words, each quoted when it has a space and is not quoted yet,
        then " " and the <argument>/<arguments> text, which WinSW appends to both.
        #>
        param([xml] $Xml, [ValidateSet('start', 'stop')] [string] $Kind)
        $join = {
            param($nodes)
            -join @($nodes | ForEach-Object {
                    $t = $_.InnerText
                    if (-not ($t.StartsWith('"') -and $t.EndsWith('"')) -and $t.Contains(' ')) { $t = '"' + $t + '"' }
                    " $t"
                })
        }
        $arguments = if ($Xml.SelectNodes('/service/argument').Count) { & $join $Xml.SelectNodes('/service/argument') }
        elseif ($Xml.SelectSingleNode('/service/arguments')) { $Xml.SelectSingleNode('/service/arguments').InnerText }
        else { '' }
        $own = & $join $Xml.SelectNodes("/service/${Kind}argument")
        ("$own $arguments").Trim()
    }
}

Describe 'Install-PsvService on Linux (systemd)' {
    BeforeAll {
        $script:cfg = New-PsvTestConfig -Directory (Join-Path $TestDrive 'etc psv')
        $script:unit = Join-Path $TestDrive 'units/psv.service'

        function Get-ExpectedUnit {
            <# The whole unit Install-PsvService writes for $cfg with psv at /opt/psv/bin/psv, between its comment head and its mode's tail. #>
            param([string[]] $Head, [string[]] $Tail)
            ($Head + @(
                    '[Unit]'
                    'Description=psv process supervisor'
                    'Documentation=man:psv(1)'
                    'After=network-online.target'
                    'Wants=network-online.target'
                    ''
                    '[Service]'
                    'Type=simple'
                    "ExecStart=/opt/psv/bin/psv run -c `"$cfg`""
                    "ExecReload=/opt/psv/bin/psv reload -c `"$cfg`""
                ) + $Tail) -join "`n"
        }
    }

    BeforeEach {
        $script:systemctl = [System.Collections.Generic.List[string]]::new()
        Mock -ModuleName Psv Test-PsvWindows { $false }
        Mock -ModuleName Psv Invoke-PsvSystemctl { $systemctl.Add($ArgumentList -join ' ') }
        Remove-Item $unit -ErrorAction SilentlyContinue
    }

    It '-WhatIf writes nothing and runs no systemctl' {
        Install-PsvService -ConfigPath $cfg -UnitPath $unit -WhatIf
        Test-Path $unit | Should -BeFalse
        Should -Invoke -ModuleName Psv Invoke-PsvSystemctl -Times 0 -Exactly
    }

    It 'writes the unit, reloads systemd and enables it now; never restarts after exit 4 (failover) or 2' {
        $r = [pscustomobject]@{ ConfigPath = $cfg } | Install-PsvService -UnitPath $unit
        $text = Get-Content $unit -Raw
        $node = (Get-Command node -CommandType Application | Select-Object -First 1).Source
        $lines = $text -split "`n"
        $lines | Should -Contain "ExecStart=$node $PsvMain run -c `"$cfg`""
        $lines | Should -Contain "ExecReload=$node $PsvMain reload -c `"$cfg`""
        $lines | Should -Contain 'Restart=on-failure'
        $lines | Should -Contain 'RestartPreventExitStatus=2 4'
        $lines | Should -Not -Match '^RestartForceExitStatus=.*\b4\b'
        $lines | Should -Contain 'KillMode=process'
        $lines | Should -Contain 'WantedBy=multi-user.target'
        $lines | Should -Contain 'Type=simple'
        $systemctl | Should -Be @('daemon-reload', 'enable --now psv')
        $r.PSTypeNames[0] | Should -Be 'Psv.ServiceInstallation'
        $r.Platform | Should -Be 'Linux'
        $r.DefinitionPath | Should -Be $unit
        $r.Clustered | Should -BeFalse
        $r.Started | Should -BeTrue
        ($r | Format-Table | Out-String -Width 300) | Should -Match 'Name\s+Platform\s+Clustered\s+Started\s+DefinitionPath\s+CommandLine'
    }

    It 'writes exactly this unit' {
        Mock -ModuleName Psv Get-PsvExecutable { [pscustomobject]@{ FilePath = '/opt/psv/bin/psv'; PrefixArguments = @(); Source = 'Module'; Problem = $null } }
        Install-PsvService -ConfigPath $cfg -UnitPath $unit | Out-Null
        [System.IO.File]::ReadAllText($unit) | Should -BeExactly (Get-ExpectedUnit -Head '# Written by Install-PsvService (Psv PowerShell module).' -Tail @(
                'Restart=on-failure'
                'RestartSec=5s'
                '# 2: invalid configuration; 4: psv triggered failover. Neither may be restarted.'
                'RestartPreventExitStatus=2 4'
                'KillMode=process'
                'TimeoutStopSec=90s'
                ''
                '[Install]'
                'WantedBy=multi-user.target'
                ''
            ))
    }

    It '-Clustered writes exactly this unit: no restart, no [Install], KillMode=mixed' {
        Mock -ModuleName Psv Get-PsvExecutable { [pscustomobject]@{ FilePath = '/opt/psv/bin/psv'; PrefixArguments = @(); Source = 'Module'; Problem = $null } }
        Install-PsvService -ConfigPath $cfg -UnitPath $unit -Clustered | Out-Null
        [System.IO.File]::ReadAllText($unit) | Should -BeExactly (Get-ExpectedUnit -Head @(
                '# Written by Install-PsvService -Clustered (Psv PowerShell module).'
                '# The cluster software starts, stops and restarts this unit: it is not enabled at boot.'
            ) -Tail @(
                '# The cluster decides what follows a failure; exit 4 (failover) leaves the unit failed.'
                'Restart=no'
                '# Stop: psv stops its targets; what is left once psv has exited is killed.'
                'KillMode=mixed'
                'TimeoutStopSec=90s'
                ''
            ))
    }

    It '-Clustered neither enables nor starts the unit, and disables what an earlier install enabled' {
        $r = Install-PsvService -ConfigPath $cfg -UnitPath $unit -Clustered
        $systemctl | Should -Be @('daemon-reload', 'disable psv')
        $r.Clustered | Should -BeTrue
        $r.Started | Should -BeFalse
        $r.PSTypeNames[0] | Should -Be 'Psv.ServiceInstallation'
    }

    It '-Clustered over an enabled install leaves the unit static: systemd will not start it at boot (real systemctl --root)' -Skip:(-not (Get-Command systemctl -ErrorAction SilentlyContinue)) {
        # systemctl works on the unit files of a root directory offline; daemon-reload
        # needs a running systemd and is left out.
        $script:sysroot = Join-Path $TestDrive 'sysroot'
        $units = Join-Path $sysroot 'etc/systemd/system'
        $path = Join-Path $units 'psv-app.service'
        Mock -ModuleName Psv Invoke-PsvSystemctl {
            $systemctl.Add($ArgumentList -join ' ')
            if ($ArgumentList[0] -eq 'daemon-reload') { return }
            $out = & systemctl "--root=$sysroot" @ArgumentList 2>&1
            if ($LASTEXITCODE -ne 0) { throw "systemctl $ArgumentList failed: $out" }
        }
        $state = { (& systemctl "--root=$sysroot" is-enabled psv-app 2>$null) -join '' }

        Install-PsvService -ConfigPath $cfg -UnitPath $path -NoStart | Out-Null
        & $state | Should -Be 'enabled'
        Test-Path (Join-Path $units 'multi-user.target.wants/psv-app.service') | Should -BeTrue

        Install-PsvService -ConfigPath $cfg -UnitPath $path -Clustered | Out-Null
        & $state | Should -Be 'static'
        Test-Path (Join-Path $units 'multi-user.target.wants/psv-app.service') | Should -BeFalse
        $systemctl | Should -Be @('daemon-reload', 'enable psv-app', 'daemon-reload', 'disable psv-app')
    }

    It '-Clustered -WhatIf writes nothing and runs no systemctl' {
        Install-PsvService -ConfigPath $cfg -UnitPath $unit -Clustered -WhatIf
        Test-Path $unit | Should -BeFalse
        Should -Invoke -ModuleName Psv Invoke-PsvSystemctl -Times 0 -Exactly
    }

    It 'systemd reads both units without a complaint (systemd-analyze verify)' -Skip:(-not (Get-Command systemd-analyze -ErrorAction SilentlyContinue)) {
        foreach ($clustered in $false, $true) {
            $path = Join-Path $TestDrive "verify/psv-verify-$clustered.service"
            Install-PsvService -ConfigPath $cfg -UnitPath $path -Clustered:$clustered | Out-Null
            $out = & systemd-analyze verify --man=no $path 2>&1
            $LASTEXITCODE | Should -Be 0
            # Only lines about this unit (the host's own units may draw remarks of their own).
            @($out | Where-Object { "$_" -like "*psv-verify*" }) | Should -BeNullOrEmpty
        }
    }

    It 'enables without starting with -NoStart, under the unit file''s name' {
        $other = Join-Path $TestDrive 'units/psv-batch.service'
        Install-PsvService -ConfigPath $cfg -UnitPath $other -NoStart | Out-Null
        $systemctl | Should -Be @('daemon-reload', 'enable psv-batch')
    }

    It 'escapes % for systemd' {
        $odd = New-PsvTestConfig -Directory (Join-Path $TestDrive '100%')
        Install-PsvService -ConfigPath $odd -UnitPath $unit | Out-Null
        (Get-Content $unit) -match '^ExecStart=' | Should -BeLike '*100%%*'
    }

    It 'Uninstall-PsvService -WhatIf keeps the unit; uninstalling disables, removes and reloads' {
        Install-PsvService -ConfigPath $cfg -UnitPath $unit | Out-Null
        $systemctl.Clear()
        Uninstall-PsvService -UnitPath $unit -WhatIf
        Test-Path $unit | Should -BeTrue
        $systemctl.Count | Should -Be 0
        Get-Item $unit | Uninstall-PsvService -Confirm:$false
        Test-Path $unit | Should -BeFalse
        $systemctl | Should -Be @('disable --now psv', 'daemon-reload')
    }

    It 'Uninstall-PsvService of a unit that is not there is an ObjectNotFound error' {
        Uninstall-PsvService -UnitPath $unit -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be 'PsvServiceNotInstalled,Uninstall-PsvService'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $systemctl.Count | Should -Be 0
    }

    It 'needs a config' {
        { Install-PsvService -UnitPath $unit } | Should -Throw -ErrorId 'PsvNoConfig,Install-PsvService'
    }

    It 'Register-PsvScheduledTask is Windows only' {
        { Register-PsvScheduledTask -ConfigPath $cfg } | Should -Throw -ErrorId 'PsvPlatformNotSupported,Register-PsvScheduledTask'
        { Unregister-PsvScheduledTask -Confirm:$false } | Should -Throw -ErrorId 'PsvPlatformNotSupported,Unregister-PsvScheduledTask'
    }
}

Describe 'Install-PsvService on Windows (WinSW, mocked)' {
    BeforeAll {
        $script:cfg = New-PsvTestConfig -Directory (Join-Path $TestDrive 'Program Data/psv')
        $script:realExe = InModuleScope Psv { Get-PsvExecutable }
        $script:serviceDir = Join-Path $TestDrive 'service'
        $script:winsw = Join-Path $TestDrive 'bin/psv-service.exe'
        New-Item -ItemType Directory (Split-Path $winsw) -Force | Out-Null
        Set-Content $winsw 'fake WinSW'

        function Get-ExpectedWinSWXml {
            <# The whole XML Install-PsvService writes for $cfg, but for the id, start mode and failure lines. #>
            param([string] $Id, [string] $StartMode, [string[]] $OnFailure)
            (@(
                    '<?xml version="1.0" encoding="utf-8"?>'
                    '<!-- Written by Install-PsvService (Psv PowerShell module). -->'
                    '<service>'
                    "  <id>$Id</id>"
                    '  <name>psv process supervisor</name>'
                    '  <description>psv keeps the processes of this system alive and reports to the Event Log (source Psv).</description>'
                    "  <executable>$windowsPsv</executable>"
                    '  <startargument>run</startargument>'
                    '  <startargument>-c</startargument>'
                    "  <startargument>`"$cfg`"</startargument>"
                    "  <stopexecutable>$windowsPsv</stopexecutable>"
                    '  <stopargument>stop</stopargument>'
                    '  <stopargument>-c</stopargument>'
                    "  <stopargument>`"$cfg`"</stopargument>"
                    '  <stopparentprocessfirst>true</stopparentprocessfirst>'
                    '  <stoptimeout>90 sec</stoptimeout>'
                    "  <startmode>$StartMode</startmode>"
                    "  <logpath>$(Join-Path $serviceDir 'logs')</logpath>"
                    '  <log mode="roll-by-size">'
                    '    <sizeThreshold>10240</sizeThreshold>'
                    '    <keepFiles>5</keepFiles>'
                    '  </log>'
                ) + $OnFailure + @('</service>', '')) -join "`r`n"
        }
    }

    BeforeEach {
        $script:wrapperCalls = [System.Collections.Generic.List[string]]::new()
        Mock -ModuleName Psv Test-PsvWindows { $true }
        Mock -ModuleName Psv Get-PsvExecutable { [pscustomobject]@{ FilePath = $windowsPsv; PrefixArguments = @(); Source = 'Module'; Problem = $null } }
        # psv check runs for real (the source comes from it); the Windows path only goes into the service.
        Mock -ModuleName Psv Get-PsvExecutable { $realExe } -ParameterFilter { (Get-PSCallStack).Command -contains 'Invoke-PsvCli' }
        Mock -ModuleName Psv Get-PsvEventSourceLog { '' }
        Mock -ModuleName Psv New-PsvEventSource { }
        Mock -ModuleName Psv Remove-PsvEventSource { }
        Mock -ModuleName Psv Invoke-PsvServiceWrapper { $wrapperCalls.Add("$WrapperPath $Command") }
        Mock -ModuleName Psv Invoke-PsvSystemctl { throw 'systemctl must not run on Windows' }
        Remove-Item $serviceDir -Recurse -ErrorAction SilentlyContinue
    }

    It '-WhatIf registers nothing, copies nothing, installs nothing' {
        Install-PsvService -ConfigPath $cfg -ServiceDirectory $serviceDir -ServiceWrapperPath $winsw -WhatIf
        Should -Invoke -ModuleName Psv New-PsvEventSource -Times 0 -Exactly
        Should -Invoke -ModuleName Psv Invoke-PsvServiceWrapper -Times 0 -Exactly
        Test-Path $serviceDir | Should -BeFalse
    }

    It 'registers the Psv source in the Application log, writes the WinSW XML, installs and starts the service' {
        $r = Install-PsvService -ConfigPath $cfg -ServiceDirectory $serviceDir -ServiceWrapperPath $winsw
        Should -Invoke -ModuleName Psv New-PsvEventSource -Times 1 -Exactly -ParameterFilter { $Source -eq 'Psv' -and $LogName -eq 'Application' }
        $wrapper = Join-Path $serviceDir 'psv.exe'
        Get-Content $wrapper | Should -Be 'fake WinSW'
        $wrapperCalls | Should -Be @("$wrapper install", "$wrapper start")

        [xml]$xml = Get-Content (Join-Path $serviceDir 'psv.xml') -Raw
        $xml.service.id | Should -Be 'psv'
        $xml.service.executable | Should -Be $windowsPsv
        Get-WinSWCommandLine -Xml $xml -Kind start | Should -Be "run -c `"$cfg`""
        $xml.service.stopexecutable | Should -Be $windowsPsv
        Get-WinSWCommandLine -Xml $xml -Kind stop | Should -Be "stop -c `"$cfg`""
        $xml.service.startmode | Should -Be 'Automatic'
        @($xml.service.onfailure).action | Should -Be @('restart', 'restart', 'restart')
        $xml.service.resetfailure | Should -Be '1 hour'
        $xml.service.logpath | Should -Be (Join-Path $serviceDir 'logs')

        $r.Platform | Should -Be 'Windows'
        $r.DefinitionPath | Should -Be (Join-Path $serviceDir 'psv.xml')
        $r.CommandLine | Should -Be "`"$windowsPsv`" run -c `"$cfg`""
        $r.Clustered | Should -BeFalse
        $r.Started | Should -BeTrue
    }

    It 'writes exactly this XML: WinSW runs psv stop, which stops the targets, and never kills them itself first' {
        Install-PsvService -ConfigPath $cfg -ServiceDirectory $serviceDir -ServiceWrapperPath $winsw | Out-Null
        [System.IO.File]::ReadAllText((Join-Path $serviceDir 'psv.xml')) | Should -BeExactly (Get-ExpectedWinSWXml -Id psv -StartMode Automatic -OnFailure @(
                '  <onfailure action="restart" delay="10 sec"/>'
                '  <onfailure action="restart" delay="10 sec"/>'
                '  <onfailure action="restart" delay="60 sec"/>'
                '  <resetfailure>1 hour</resetfailure>'
            ))
    }

    It '-Clustered writes exactly this XML (start type Manual, failure action none) and installs without starting' {
        $r = Install-PsvService -ConfigPath $cfg -Name psv-app -ServiceDirectory $serviceDir -ServiceWrapperPath $winsw -Clustered
        $wrapperCalls | Should -Be @("$(Join-Path $serviceDir 'psv-app.exe') install")
        [System.IO.File]::ReadAllText((Join-Path $serviceDir 'psv-app.xml')) |
            Should -BeExactly (Get-ExpectedWinSWXml -Id psv-app -StartMode Manual -OnFailure '  <onfailure action="none"/>')
        $r.Clustered | Should -BeTrue
        $r.Started | Should -BeFalse
    }

    It '-Clustered -WhatIf does nothing' {
        Install-PsvService -ConfigPath $cfg -ServiceDirectory $serviceDir -ServiceWrapperPath $winsw -Clustered -WhatIf
        Should -Invoke -ModuleName Psv Invoke-PsvServiceWrapper -Times 0 -Exactly
        Test-Path $serviceDir | Should -BeFalse
    }

    It 'a development psv (node main.js) is started and stopped with the same prefix' {
        Mock -ModuleName Psv Get-PsvExecutable { [pscustomobject]@{ FilePath = 'C:\node\node.exe'; PrefixArguments = @('C:\src\psv dev\main.js'); Source = 'PSV_EXE'; Problem = $null } }
        Install-PsvService -ConfigPath $cfg -ServiceDirectory $serviceDir -ServiceWrapperPath $winsw | Out-Null
        [xml]$xml = Get-Content (Join-Path $serviceDir 'psv.xml') -Raw
        $xml.service.stopexecutable | Should -Be 'C:\node\node.exe'
        Get-WinSWCommandLine -Xml $xml -Kind start | Should -Be "`"C:\src\psv dev\main.js`" run -c `"$cfg`""
        Get-WinSWCommandLine -Xml $xml -Kind stop | Should -Be "`"C:\src\psv dev\main.js`" stop -c `"$cfg`""
    }

    It 'leaves an existing event source alone; -NoRestartOnFailure and -NoStart are honoured' {
        Mock -ModuleName Psv Get-PsvEventSourceLog { 'Application' } -ParameterFilter { $Source -eq 'Psv' }
        Install-PsvService -ConfigPath $cfg -Name psv-batch -ServiceDirectory $serviceDir -ServiceWrapperPath $winsw -NoRestartOnFailure -NoStart | Out-Null
        Should -Invoke -ModuleName Psv New-PsvEventSource -Times 0 -Exactly
        $wrapperCalls | Should -Be @("$(Join-Path $serviceDir 'psv-batch.exe') install")
        [xml]$xml = Get-Content (Join-Path $serviceDir 'psv-batch.xml') -Raw
        $xml.service.id | Should -Be 'psv-batch'
        @($xml.service.onfailure).action | Should -Be @('none')
    }

    It 'copies WinSW''s .exe.config beside the wrapper (it lets the CLR 2.0 WinSW run on .NET 4), and uninstalling removes it' {
        Set-Content "$winsw.config" 'fake WinSW config'
        try {
            Install-PsvService -ConfigPath $cfg -Name psv-app -ServiceDirectory $serviceDir -ServiceWrapperPath $winsw | Out-Null
            Get-Content (Join-Path $serviceDir 'psv-app.exe.config') | Should -Be 'fake WinSW config'
            Uninstall-PsvService -Name psv-app -ServiceDirectory $serviceDir -Confirm:$false
            Test-Path (Join-Path $serviceDir 'psv-app.exe.config') | Should -BeFalse
            Test-Path (Join-Path $serviceDir 'psv-app.exe') | Should -BeFalse
        }
        finally { Remove-Item "$winsw.config" }
    }

    It 'says where the missing WinSW exe should be' {
        { Install-PsvService -ConfigPath $cfg -ServiceDirectory $serviceDir -ServiceWrapperPath (Join-Path $TestDrive 'nope.exe') } |
            Should -Throw -ErrorId 'PsvNoServiceWrapper,Install-PsvService'
        Should -Invoke -ModuleName Psv Invoke-PsvServiceWrapper -Times 0 -Exactly
    }

    It 'Uninstall-PsvService stops and uninstalls through WinSW, removes its files and, on request, the event source' {
        Install-PsvService -ConfigPath $cfg -ServiceDirectory $serviceDir -ServiceWrapperPath $winsw | Out-Null
        $wrapperCalls.Clear()
        $wrapper = Join-Path $serviceDir 'psv.exe'
        Uninstall-PsvService -ServiceDirectory $serviceDir -RemoveEventSource -WhatIf
        $wrapperCalls.Count | Should -Be 0
        Test-Path $wrapper | Should -BeTrue
        Should -Invoke -ModuleName Psv Remove-PsvEventSource -Times 0 -Exactly

        Mock -ModuleName Psv Get-PsvEventSourceLog { 'Application' }
        Uninstall-PsvService -ServiceDirectory $serviceDir -RemoveEventSource -Confirm:$false
        $wrapperCalls | Should -Be @("$wrapper stop", "$wrapper uninstall")
        Test-Path $wrapper | Should -BeFalse
        Test-Path (Join-Path $serviceDir 'psv.xml') | Should -BeFalse
        Should -Invoke -ModuleName Psv Remove-PsvEventSource -Times 1 -Exactly -ParameterFilter { $Source -eq 'Psv' }
    }
}

Describe 'Register-PsvScheduledTask on Windows (mocked)' {
    BeforeAll {
        $script:cfg = New-PsvTestConfig -Directory (Join-Path $TestDrive 'task cfg')
        $script:realExe = InModuleScope Psv { Get-PsvExecutable }
    }

    BeforeEach {
        Mock -ModuleName Psv Test-PsvWindows { $true }
        Mock -ModuleName Psv Get-PsvExecutable { [pscustomobject]@{ FilePath = $windowsPsv; PrefixArguments = @(); Source = 'Module'; Problem = $null } }
        Mock -ModuleName Psv Get-PsvExecutable { $realExe } -ParameterFilter { (Get-PSCallStack).Command -contains 'Invoke-PsvCli' }
        Mock -ModuleName Psv Get-PsvEventSourceLog { 'Application' }
        Mock -ModuleName Psv New-PsvEventSource { }
        Mock -ModuleName Psv Register-PsvWindowsTask { [pscustomobject]@{ TaskName = $TaskName; TaskPath = $TaskPath } }
        Mock -ModuleName Psv Unregister-PsvWindowsTask { }
    }

    It '-WhatIf registers nothing' {
        Register-PsvScheduledTask -ConfigPath $cfg -WhatIf
        Should -Invoke -ModuleName Psv Register-PsvWindowsTask -Times 0 -Exactly
    }

    It 'registers \psv\psv running "psv start -c CONFIG", from a piped config' {
        $task = Get-Item $cfg | Register-PsvScheduledTask
        Should -Invoke -ModuleName Psv Register-PsvWindowsTask -Times 1 -Exactly -ParameterFilter {
            $TaskName -eq 'psv' -and $TaskPath -eq '\psv\' -and $Execute -eq $windowsPsv -and $Argument -eq "start -c `"$cfg`""
        }
        $task.TaskName | Should -Be 'psv'
    }

    It 'Unregister-PsvScheduledTask takes the task from the pipeline; -WhatIf removes nothing' {
        $task = Register-PsvScheduledTask -ConfigPath $cfg -TaskName trial
        $task | Unregister-PsvScheduledTask -WhatIf
        Should -Invoke -ModuleName Psv Unregister-PsvWindowsTask -Times 0 -Exactly
        $task | Unregister-PsvScheduledTask -Confirm:$false
        Should -Invoke -ModuleName Psv Unregister-PsvWindowsTask -Times 1 -Exactly -ParameterFilter { $TaskName -eq 'trial' -and $TaskPath -eq '\psv\' }
    }
}

Describe 'The event source a configuration names (Windows, mocked)' {
    # The Windows calls (Get-PsvEventSourceLog, New-/Remove-PsvEventSource) are mocked;
    # psv check runs for real and reads monitor.events.eventlog from the file.
    BeforeAll {
        $script:realExe = InModuleScope Psv { Get-PsvExecutable }
        $script:named = New-PsvTestConfig -Directory (Join-Path $TestDrive 'named src') -ExtraMonitor '    eventlog: { source: "MyApp 監視", log: PsvLog }'
        $script:plain = New-PsvTestConfig -Directory (Join-Path $TestDrive 'plain src')
        $script:broken = Join-Path $TestDrive 'broken.yaml'
        Set-Content -LiteralPath $broken -Value "targets:`n  - name: a`n"
        $script:serviceDir = Join-Path $TestDrive 'service'
        $script:winsw = Join-Path $TestDrive 'bin/psv-service.exe'
        New-Item -ItemType Directory (Split-Path $winsw) -Force | Out-Null
        Set-Content $winsw 'fake WinSW'
    }

    BeforeEach {
        # Which sources are registered, and in which log: what the mocks below read and change.
        $script:registered = @{}
        Mock -ModuleName Psv Test-PsvWindows { $true }
        Mock -ModuleName Psv Get-PsvEventSourceLog { [string]$registered[$Source] }
        Mock -ModuleName Psv New-PsvEventSource { $registered[$Source] = $LogName }
        Mock -ModuleName Psv Remove-PsvEventSource { $registered.Remove($Source) }
        Mock -ModuleName Psv Invoke-PsvServiceWrapper { }
        Mock -ModuleName Psv Register-PsvWindowsTask { [pscustomobject]@{ TaskName = $TaskName; TaskPath = $TaskPath } }
        Remove-Item $serviceDir -Recurse -ErrorAction SilentlyContinue
    }

    It 'Register-PsvEventSource registers the source and log the configuration names' {
        $r = Register-PsvEventSource -ConfigPath $named
        Should -Invoke -ModuleName Psv New-PsvEventSource -Times 1 -Exactly -ParameterFilter { $Source -ceq 'MyApp 監視' -and $LogName -ceq 'PsvLog' }
        $r.PSTypeNames[0] | Should -Be 'Psv.EventSource'
        $r.Source | Should -BeExactly 'MyApp 監視'
        $r.LogName | Should -BeExactly 'PsvLog'
        $r.Created | Should -BeTrue
        $r.ConfigPath | Should -Be $named
        ($r | Format-Table | Out-String -Width 300) | Should -Match 'Source\s+LogName\s+Created\s+ConfigPath'
    }

    It 'takes psv''s defaults (Psv, Application) from a configuration that names none, and the configuration from the pipeline or PSV_CONFIG' {
        Get-Item $plain | Register-PsvEventSource | Out-Null
        Should -Invoke -ModuleName Psv New-PsvEventSource -Times 1 -Exactly -ParameterFilter { $Source -ceq 'Psv' -and $LogName -ceq 'Application' }
        $registered.Clear()
        $env:PSV_CONFIG = $named
        try { Register-PsvEventSource | Out-Null }
        finally { Remove-Item Env:PSV_CONFIG }
        Should -Invoke -ModuleName Psv New-PsvEventSource -Times 1 -Exactly -ParameterFilter { $Source -ceq 'MyApp 監視' }
    }

    It 'leaves a source registered in that log alone, and refuses one registered in another log' {
        $registered['MyApp 監視'] = 'PsvLog'
        (Register-PsvEventSource -ConfigPath $named).Created | Should -BeFalse
        $registered['MyApp 監視'] = 'Application'
        $r = Register-PsvEventSource -ConfigPath $named -ErrorVariable failed -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -Be 'PsvEventSourceInOtherLog,Register-PsvEventSource'
        $failed[0].Exception.Message | Should -Match "'MyApp 監視' is registered in the Application log, not in the PsvLog log"
        Should -Invoke -ModuleName Psv New-PsvEventSource -Times 0 -Exactly
    }

    It '-Source and -LogName name it directly; -WhatIf registers nothing' {
        Register-PsvEventSource -Source 'Psv-Batch' -WhatIf | Should -BeNullOrEmpty
        Should -Invoke -ModuleName Psv New-PsvEventSource -Times 0 -Exactly
        Register-PsvEventSource -Source 'Psv-Batch' -LogName 'Batch' | Out-Null
        Should -Invoke -ModuleName Psv New-PsvEventSource -Times 1 -Exactly -ParameterFilter { $Source -ceq 'Psv-Batch' -and $LogName -ceq 'Batch' }
    }

    It 'an invalid configuration registers nothing and says where it is wrong' {
        Register-PsvEventSource -ConfigPath $broken -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -Be 'PsvConfigProblem,Register-PsvEventSource'
        $failed[0].Exception.Message | Should -Match 'broken\.yaml:2:\d+: .*command'
        Should -Invoke -ModuleName Psv New-PsvEventSource -Times 0 -Exactly
    }

    It 'is Windows only' {
        Mock -ModuleName Psv Test-PsvWindows { $false }
        { Register-PsvEventSource -ConfigPath $named } | Should -Throw -ErrorId 'PsvPlatformNotSupported,Register-PsvEventSource'
        { Unregister-PsvEventSource -ConfigPath $named -Confirm:$false } | Should -Throw -ErrorId 'PsvPlatformNotSupported,Unregister-PsvEventSource'
    }

    It 'Unregister-PsvEventSource removes the configuration''s source, or the one piped in; -WhatIf removes nothing' {
        $registered['MyApp 監視'] = 'PsvLog'
        $registered['Psv'] = 'Application'
        Unregister-PsvEventSource -ConfigPath $named -WhatIf
        Should -Invoke -ModuleName Psv Remove-PsvEventSource -Times 0 -Exactly
        Unregister-PsvEventSource -ConfigPath $named -Confirm:$false
        Should -Invoke -ModuleName Psv Remove-PsvEventSource -Times 1 -Exactly -ParameterFilter { $Source -ceq 'MyApp 監視' }
        $registered.Keys | Should -Be @('Psv')
        Unregister-PsvEventSource -ConfigPath $named -Confirm:$false
        Should -Invoke -ModuleName Psv Remove-PsvEventSource -Times 1 -Exactly -Because 'a source that is not registered is left alone'
        Register-PsvEventSource -Source 'Psv-Trial' | Unregister-PsvEventSource -Confirm:$false
        Should -Invoke -ModuleName Psv Remove-PsvEventSource -Times 1 -Exactly -ParameterFilter { $Source -ceq 'Psv-Trial' }
        $registered.Keys | Should -Be @('Psv')
    }

    It 'Install-PsvService registers the configuration''s source, not Psv, and says which' {
        $r = Install-PsvService -ConfigPath $named -ServiceDirectory $serviceDir -ServiceWrapperPath $winsw
        Should -Invoke -ModuleName Psv New-PsvEventSource -Times 1 -Exactly
        Should -Invoke -ModuleName Psv New-PsvEventSource -Times 1 -Exactly -ParameterFilter { $Source -ceq 'MyApp 監視' -and $LogName -ceq 'PsvLog' }
        $r.EventSource | Should -BeExactly 'MyApp 監視'
        Should -Invoke -ModuleName Psv Invoke-PsvServiceWrapper -Times 2 -Exactly
    }

    It 'Install-PsvService with an invalid configuration installs nothing' {
        Install-PsvService -ConfigPath $broken -ServiceDirectory $serviceDir -ServiceWrapperPath $winsw -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -Be 'PsvConfigProblem,Install-PsvService'
        Should -Invoke -ModuleName Psv New-PsvEventSource -Times 0 -Exactly
        Should -Invoke -ModuleName Psv Invoke-PsvServiceWrapper -Times 0 -Exactly
        Test-Path $serviceDir | Should -BeFalse
    }

    It 'Register-PsvScheduledTask registers the configuration''s source before the task; -WhatIf neither' {
        Register-PsvScheduledTask -ConfigPath $named -WhatIf
        Should -Invoke -ModuleName Psv New-PsvEventSource -Times 0 -Exactly
        Should -Invoke -ModuleName Psv Register-PsvWindowsTask -Times 0 -Exactly
        Register-PsvScheduledTask -ConfigPath $named | Out-Null
        Should -Invoke -ModuleName Psv New-PsvEventSource -Times 1 -Exactly -ParameterFilter { $Source -ceq 'MyApp 監視' -and $LogName -ceq 'PsvLog' }
        Should -Invoke -ModuleName Psv Register-PsvWindowsTask -Times 1 -Exactly
    }

    It 'Uninstall-PsvService -RemoveEventSource removes the source of the configuration it is given or piped' {
        $registered['MyApp 監視'] = 'PsvLog'
        $registered['Psv'] = 'Application'
        Install-PsvService -ConfigPath $named -Name psv-app -ServiceDirectory $serviceDir -ServiceWrapperPath $winsw -NoStart |
            Uninstall-PsvService -ServiceDirectory $serviceDir -RemoveEventSource -Confirm:$false
        Should -Invoke -ModuleName Psv Remove-PsvEventSource -Times 1 -Exactly
        Should -Invoke -ModuleName Psv Remove-PsvEventSource -Times 1 -Exactly -ParameterFilter { $Source -ceq 'MyApp 監視' }
        $registered.Keys | Should -Be @('Psv')
    }
}

Describe 'Register-PsvWindowsTask (the Task Scheduler wrapper)' {
    BeforeAll {
        # The ScheduledTasks module exists only on Windows: stand-ins with its parameters,
        # so that Pester can mock them and check what the wrapper passes.
        $script:stubs = @{
            'New-ScheduledTaskAction'      = 'param($Execute, $Argument)'
            'New-ScheduledTaskTrigger'     = 'param([switch]$AtStartup)'
            'New-ScheduledTaskPrincipal'   = 'param($UserId, $LogonType, $RunLevel)'
            'New-ScheduledTaskSettingsSet' = 'param($ExecutionTimeLimit, $RestartCount, $RestartInterval, [switch]$StartWhenAvailable)'
            'Register-ScheduledTask'       = 'param($TaskName, $TaskPath, $Action, $Trigger, $Principal, $Settings, $Description, [switch]$Force)'
            'Unregister-ScheduledTask'     = 'param($TaskName, $TaskPath, [switch]$Confirm)'
        }
        $script:created = foreach ($name in $stubs.Keys) {
            if (-not (Get-Command $name -ErrorAction SilentlyContinue)) {
                Set-Item "function:global:$name" ([scriptblock]::Create($stubs[$name]))
                $name
            }
        }
    }

    AfterAll {
        foreach ($name in $created) { Remove-Item "function:global:$name" }
    }

    It 'asks for a startup trigger, SYSTEM with highest privileges, no time limit, and registers with -Force' {
        Mock -ModuleName Psv New-ScheduledTaskAction { 'action' }
        Mock -ModuleName Psv New-ScheduledTaskTrigger { 'trigger' }
        Mock -ModuleName Psv New-ScheduledTaskPrincipal { 'principal' }
        Mock -ModuleName Psv New-ScheduledTaskSettingsSet { 'settings' }
        Mock -ModuleName Psv Register-ScheduledTask { 'task' }
        $r = InModuleScope Psv { Register-PsvWindowsTask -TaskName psv -TaskPath '\psv\' -Execute 'C:\psv\psv.exe' -Argument 'start -c "C:\psv\psv.yaml"' }
        $r | Should -Be 'task'
        Should -Invoke -ModuleName Psv New-ScheduledTaskAction -Times 1 -Exactly -ParameterFilter { $Execute -eq 'C:\psv\psv.exe' -and $Argument -eq 'start -c "C:\psv\psv.yaml"' }
        Should -Invoke -ModuleName Psv New-ScheduledTaskTrigger -Times 1 -Exactly -ParameterFilter { $AtStartup }
        Should -Invoke -ModuleName Psv New-ScheduledTaskPrincipal -Times 1 -Exactly -ParameterFilter { $UserId -eq 'SYSTEM' -and $LogonType -eq 'ServiceAccount' -and $RunLevel -eq 'Highest' }
        Should -Invoke -ModuleName Psv New-ScheduledTaskSettingsSet -Times 1 -Exactly -ParameterFilter { $ExecutionTimeLimit -eq [timespan]::Zero -and $StartWhenAvailable }
        Should -Invoke -ModuleName Psv Register-ScheduledTask -Times 1 -Exactly -ParameterFilter {
            $TaskName -eq 'psv' -and $TaskPath -eq '\psv\' -and $Action -eq 'action' -and $Trigger -eq 'trigger' -and $Principal -eq 'principal' -and $Settings -eq 'settings' -and $Force
        }
    }

    It 'unregisters without prompting' {
        Mock -ModuleName Psv Unregister-ScheduledTask { }
        InModuleScope Psv { Unregister-PsvWindowsTask -TaskName psv -TaskPath '\psv\' }
        Should -Invoke -ModuleName Psv Unregister-ScheduledTask -Times 1 -Exactly -ParameterFilter { $TaskName -eq 'psv' -and $TaskPath -eq '\psv\' -and $Confirm -eq $false }
    }
}
