# The module's shape: manifest, exports, verbs, help, formats, executable discovery,
# and the pure helpers (durations, errors). No monitor runs here.
BeforeAll {
    . (Join-Path $PSScriptRoot 'PsvTestHelpers.ps1')
    Initialize-PsvTestSession
    $script:exported = @(Get-Command -Module Psv)
}

Describe 'Psv module manifest' {
    It 'declares Desktop and Core editions, PowerShell 5.1 and a format file' {
        $m = Import-PowerShellDataFile -Path $ModuleManifest
        $m.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $m.PowerShellVersion | Should -Be '5.1'
        $m.FormatsToProcess | Should -Contain 'Psv.Format.ps1xml'
        Test-ModuleManifest -Path $ModuleManifest -ErrorAction Stop | Should -Not -BeNullOrEmpty
    }

    It 'exports exactly the functions in Public/, listed explicitly in the manifest' {
        $m = Import-PowerShellDataFile -Path $ModuleManifest
        $public = (Get-ChildItem (Join-Path $RepoRoot 'powershell/Psv/Public') -Filter *.ps1).BaseName | Sort-Object
        ($m.FunctionsToExport | Sort-Object) | Should -Be $public
        ($exported.Name | Sort-Object) | Should -Be $public
        $m.FunctionsToExport | Should -Not -Contain '*'
    }

    It 'keeps one function per file, named after the file' {
        foreach ($file in Get-ChildItem (Join-Path $RepoRoot 'powershell/Psv') -Recurse -Filter *.ps1) {
            $ast = [System.Management.Automation.Language.Parser]::ParseFile($file.FullName, [ref]$null, [ref]$null)
            $functions = @($ast.FindAll({ $args[0] -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $false))
            $functions.Count | Should -Be 1 -Because $file.Name
            $functions[0].Name | Should -Be $file.BaseName
        }
    }

    It 'parses every script without errors' {
        foreach ($file in Get-ChildItem (Join-Path $RepoRoot 'powershell/Psv') -Recurse -Include *.ps1, *.psm1, *.psd1) {
            $errors = $null
            [System.Management.Automation.Language.Parser]::ParseFile($file.FullName, [ref]$null, [ref]$errors) | Out-Null
            $errors | Should -BeNullOrEmpty -Because $file.Name
        }
    }

    It 'uses approved verbs only' {
        $approved = (Get-Verb).Verb
        foreach ($c in $exported) { $approved | Should -Contain $c.Verb -Because $c.Name }
    }

    It 'has an about_Psv topic' {
        Test-Path (Join-Path $RepoRoot 'powershell/Psv/en-US/about_Psv.help.txt') | Should -BeTrue
        (Get-Help about_Psv | Out-String) | Should -Match 'FINDING THE EXECUTABLE'
    }
}

Describe 'Help of <_>' -ForEach @(
    'Export-PsvIncident', 'Get-PsvEvent', 'Get-PsvGroup', 'Get-PsvHealth', 'Get-PsvIncident', 'Get-PsvStatus', 'Install-PsvService',
    'Register-PsvEventSource', 'Register-PsvScheduledTask', 'Reset-PsvTarget', 'Restart-PsvTarget', 'Resume-PsvTarget', 'Send-PsvHeartbeat',
    'Set-PsvMonitor', 'Set-PsvTarget', 'Start-PsvMonitor', 'Stop-PsvMonitor', 'Suspend-PsvTarget', 'Test-PsvConfig',
    'Test-PsvHealth', 'Uninstall-PsvService', 'Unregister-PsvEventSource', 'Unregister-PsvScheduledTask', 'Update-PsvConfiguration'
) {
    BeforeAll { $script:help = Get-Help $_ -Full }

    It 'is one of the exported commands (the list here covers them all)' {
        $exported.Name | Should -Contain $_
        $exported.Count | Should -Be 24
    }

    It 'has a synopsis and a description' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match "^\s*$_ " -Because 'an auto-generated synopsis is only the syntax'
        ($help.description | Out-String).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'shows at least one example with Get-Help -Examples, and every example parses and names a Psv command' {
        $examples = @((Get-Help $_ -Examples).examples.example)
        $examples.Count | Should -BeGreaterOrEqual 1
        foreach ($e in $examples) {
            $code = ($e.code | Out-String).Trim()
            $errors = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseInput($code, [ref]$null, [ref]$errors)
            $errors | Should -BeNullOrEmpty -Because $code
            $names = $ast.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true) | ForEach-Object { $_.GetCommandName() }
            $names | Should -Contain $_ -Because $code
        }
    }

    It 'documents every parameter' {
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        foreach ($p in (Get-Command $_).Parameters.Keys | Where-Object { $common -notcontains $_ }) {
            $doc = $help.parameters.parameter | Where-Object name -eq $p
            ($doc.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$p of $_"
        }
    }
}

Describe 'ShouldProcess' {
    It '<_> supports -WhatIf and -Confirm' -ForEach @(
        'Start-PsvMonitor', 'Stop-PsvMonitor', 'Suspend-PsvTarget', 'Resume-PsvTarget', 'Restart-PsvTarget', 'Reset-PsvTarget',
        'Set-PsvTarget', 'Set-PsvMonitor', 'Update-PsvConfiguration', 'Install-PsvService', 'Uninstall-PsvService',
        'Register-PsvScheduledTask', 'Unregister-PsvScheduledTask', 'Export-PsvIncident', 'Register-PsvEventSource',
        'Unregister-PsvEventSource'
    ) {
        (Get-Command $_).Parameters.Keys | Should -Contain 'WhatIf'
        (Get-Command $_).Parameters.Keys | Should -Contain 'Confirm'
    }

    It '<_> changes nothing that -WhatIf could spare, and has no -WhatIf' -ForEach @(
        'Get-PsvStatus', 'Get-PsvGroup', 'Get-PsvEvent', 'Get-PsvIncident', 'Send-PsvHeartbeat', 'Test-PsvConfig',
        'Get-PsvHealth', 'Test-PsvHealth'
    ) {
        (Get-Command $_).Parameters.Keys | Should -Not -Contain 'WhatIf'
    }
}

Describe 'Pipeline binding' {
    It '<_> -Group binds only when given explicitly, never from the pipeline' -ForEach @(
        'Get-PsvStatus', 'Suspend-PsvTarget', 'Resume-PsvTarget', 'Restart-PsvTarget', 'Reset-PsvTarget'
    ) {
        $group = (Get-Command $_).Parameters['Group']
        $group | Should -Not -BeNullOrEmpty
        foreach ($p in $group.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }) {
            $p.ValueFromPipeline | Should -BeFalse
            $p.ValueFromPipelineByPropertyName | Should -BeFalse
        }
        (Get-Command $_).Parameters['Name'].ParameterSets.Keys | Should -Not -Contain 'Group'
    }

    It '<Command> takes <Property> by property name' -ForEach @(
        @{ Command = 'Send-PsvHeartbeat'; Property = 'Name' }
        @{ Command = 'Send-PsvHeartbeat'; Property = 'ConfigPath' }
        @{ Command = 'Get-PsvIncident'; Property = 'Id' }
        @{ Command = 'Export-PsvIncident'; Property = 'Id' }
        @{ Command = 'Export-PsvIncident'; Property = 'ConfigPath' }
        @{ Command = 'Get-PsvHealth'; Property = 'ConfigPath' }
        @{ Command = 'Test-PsvHealth'; Property = 'ConfigPath' }
    ) {
        $attrs = (Get-Command $Command).Parameters[$Property].Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }
        ($attrs | Where-Object ValueFromPipelineByPropertyName) | Should -Not -BeNullOrEmpty
    }
}

Describe 'Format views' {
    It 'has a table view for <_>' -ForEach @('Psv.TargetStatus', 'Psv.GroupStatus', 'Psv.ProcessInstance', 'Psv.Incident', 'Psv.Event', 'Psv.ReloadResult', 'Psv.MonitorStatus', 'Psv.ConfigCheck', 'Psv.ConfigProblem', 'Psv.ServiceInstallation', 'Psv.EventSource', 'Psv.MonitorStart', 'Psv.MonitorStop', 'Psv.Health') {
        $view = Get-FormatData -TypeName $_
        $view | Should -Not -BeNullOrEmpty
        $view.FormatViewDefinition.Control | Where-Object { $_ -is [System.Management.Automation.TableControl] } | Should -Not -BeNullOrEmpty
    }
}

Describe 'Finding the psv executable' {
    It 'runs a .js PSV_EXE through node' {
        $exe = InModuleScope Psv { Get-PsvExecutable }
        $exe.Source | Should -Be 'PSV_EXE'
        $exe.FilePath | Should -Be (Get-Command node -CommandType Application | Select-Object -First 1).Source
        $exe.PrefixArguments | Should -Be @($PsvMain)
    }

    It 'runs any other PSV_EXE itself' {
        $wrapper = Join-Path $TestDrive 'psv-wrapper'
        Set-Content $wrapper "#!/bin/sh`nexec node '$PsvMain' `"`$@`""
        chmod +x $wrapper
        try {
            $env:PSV_EXE = $wrapper
            $exe = InModuleScope Psv { Get-PsvExecutable }
            $exe.FilePath | Should -Be $wrapper
            $exe.PrefixArguments.Count | Should -Be 0
            (Test-PsvConfig -Path (New-PsvTestConfig -Directory (Join-Path $TestDrive 'w'))).Valid | Should -BeTrue
        }
        finally { $env:PSV_EXE = $PsvMain }
    }

    It 'falls back to psv on PATH, and says where it looked when there is none' {
        $dir = Join-Path $TestDrive 'pathbin'
        New-Item -ItemType Directory $dir | Out-Null
        $oldPath = $env:PATH
        try {
            $env:PSV_EXE = $null
            $env:PATH = $dir + [IO.Path]::PathSeparator + $oldPath
            Set-Content (Join-Path $dir 'psv') "#!/bin/sh`nexec node '$PsvMain' `"`$@`""
            chmod +x (Join-Path $dir 'psv')
            (InModuleScope Psv { Get-PsvExecutable }).Source | Should -Be 'PATH'
            Remove-Item (Join-Path $dir 'psv')
            $env:PATH = $dir
            if (Get-Command psv -CommandType Application -ErrorAction SilentlyContinue) { Set-ItResult -Skipped -Because 'psv is installed on the system path' }
            (InModuleScope Psv { Get-PsvExecutable }).Problem | Should -BeLike '*not found*PSV_EXE*PATH*'
            Test-PsvConfig -Path (Join-Path $TestDrive 'x.yaml') -ErrorAction SilentlyContinue -ErrorVariable err
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'PsvExecutableNotFound,Test-PsvConfig'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }
        finally {
            $env:PATH = $oldPath
            $env:PSV_EXE = $PsvMain
        }
    }

    It 'prefers bin/psv in the module folder (release layout)' {
        $copy = Join-Path $TestDrive 'release/Psv'
        Copy-Item (Join-Path $RepoRoot 'powershell/Psv') -Destination $copy -Recurse
        New-Item -ItemType Directory (Join-Path $copy 'bin') | Out-Null
        Set-Content (Join-Path $copy 'bin/psv') "#!/bin/sh`nexec node '$PsvMain' `"`$@`""
        chmod +x (Join-Path $copy 'bin/psv')
        $config = New-PsvTestConfig -Directory (Join-Path $TestDrive 'rel')
        $pwsh = Join-Path $PSHOME 'pwsh'
        # A fresh process, so that this copy does not replace the module under test.
        $out = & $pwsh -NoProfile -NonInteractive -Command "`$env:PSV_EXE = '/nonexistent'; Import-Module '$copy/Psv.psd1'; & (Get-Module Psv) { (Get-PsvExecutable).Source }; (Test-PsvConfig -Path '$config').Targets"
        $out | Should -Be @('Module', 'alpha')
    }
}

Describe 'Durations' {
    It 'writes <Span> as <Text>' -ForEach @(
        @{ Span = '00:00:02'; Text = '2s' }
        @{ Span = '00:00:01.5'; Text = '1500ms' }
        @{ Span = '01:30:00'; Text = '1h30m' }
        @{ Span = '1.00:00:05'; Text = '1d5s' }
        @{ Span = '00:00:00'; Text = '0s' }
    ) {
        InModuleScope Psv -Parameters @{ Span = [timespan]$Span } { param($Span) ConvertTo-PsvDuration $Span } | Should -Be $Text
    }

    It 'reads <Text> as <Span>' -ForEach @(
        @{ Text = '24h'; Span = '1.00:00:00' }
        @{ Text = '1h30m'; Span = '01:30:00' }
        @{ Text = '500ms'; Span = '00:00:00.5' }
        @{ Text = '1.5s'; Span = '00:00:01.5' }
        @{ Text = '30'; Span = '00:00:30' }
    ) {
        InModuleScope Psv -Parameters @{ Text = $Text } { param($Text) ConvertFrom-PsvDuration $Text } | Should -Be ([timespan]$Span)
    }

    It 'refuses negative spans' {
        { InModuleScope Psv { ConvertTo-PsvDuration ([timespan]'-00:00:01') } } | Should -Throw '*negative*'
    }
}

Describe 'psv exit codes as ErrorRecords' {
    It 'maps exit <Code> to <Category> (<Id>)' -ForEach @(
        @{ Code = 1; Category = 'OperationStopped'; Id = 'PsvRuntimeFailure'; Type = 'System.InvalidOperationException' }
        @{ Code = 2; Category = 'InvalidArgument'; Id = 'PsvInvalidArgument'; Type = 'System.ArgumentException' }
        @{ Code = 3; Category = 'ResourceUnavailable'; Id = 'PsvNoMonitor'; Type = 'System.InvalidOperationException' }
        @{ Code = 4; Category = 'OperationStopped'; Id = 'PsvFailover'; Type = 'System.InvalidOperationException' }
        @{ Code = 5; Category = 'PermissionDenied'; Id = 'PsvAccessDenied'; Type = 'System.UnauthorizedAccessException' }
    ) {
        $r = InModuleScope Psv -Parameters @{ Code = $Code } { param($Code) New-PsvErrorRecord -ExitCode $Code -Message 'psv: something failed' -TargetObject 'web' -Command 'restart' }
        $r.CategoryInfo.Category | Should -Be $Category
        $r.FullyQualifiedErrorId | Should -Be $Id
        $r.Exception | Should -BeOfType $Type
        $r.Exception.Data['PsvExitCode'] | Should -Be $Code
        $r.TargetObject | Should -Be 'web'
        $r.Exception.Message | Should -Match 'something failed'
        $r.Exception.Message | Should -Not -Match '^psv: '
    }
}

Describe 'psv JSON as objects' {
    It 'reads the processes of a target psv did not start as Psv.ProcessInstance objects' {
        $json = @'
{ "monitor": { "pid": 10, "config": "/etc/psv/psv.yaml" },
  "targets": [ { "name": "nginx", "kind": "match", "state": "Running", "pid": null, "restarts": 0, "retries": 3, "window": "24h",
                 "instances": [ { "pid": 41, "startedAt": "2024-01-31T23:59:59.000Z", "uptimeMs": 90061000 }, { "pid": 42, "startedAt": null, "uptimeMs": null } ],
                 "service": null, "group": null, "dependsOn": [], "ready": true, "paused": false, "overrides": {}, "adopted": false, "lastExit": null } ],
  "groups": [] }
'@
        $t = InModuleScope Psv -Parameters @{ Json = $json } { param($Json) ConvertTo-PsvTargetStatus -Status ($Json | ConvertFrom-Json) }
        $t.Kind | Should -Be 'match'
        $t.Group | Should -BeNullOrEmpty
        $t.DependsOn.Count | Should -Be 0
        $t.Instances.Count | Should -Be 2
        $t.Instances[0].PSTypeNames[0] | Should -Be 'Psv.ProcessInstance'
        $t.Instances[0].Pid | Should -Be 41
        $t.Instances[0].StartedAt | Should -Be ([datetime]::new(2024, 1, 31, 23, 59, 59, [System.DateTimeKind]::Utc).ToLocalTime())
        $t.Instances[0].Uptime | Should -Be ([timespan]'1.01:01:01')
        $t.Instances[1].Uptime | Should -BeNullOrEmpty
        ($t | Format-Table | Out-String -Width 200) | Should -Match 'nginx\s+Running\s+41,42'
    }

    It 'reads the retry window from windowMs, and from the window text when a monitor sends no windowMs' {
        $json = @'
{ "monitor": { "pid": 10, "config": "/etc/psv/psv.yaml" },
  "targets": [ { "name": "new", "state": "Running", "restarts": 0, "retries": 3, "window": "1h30m", "windowMs": 5400000 },
               { "name": "old", "state": "Running", "restarts": 0, "retries": 3, "window": "1.5s" },
               { "name": "odd", "state": "Running", "restarts": 0, "retries": 3, "window": "24h", "windowMs": 1500 } ],
  "groups": [ { "name": "g-new", "strategy": "one-for-all", "state": "Running", "members": [], "restarts": 0, "retries": 1, "window": "10m", "windowMs": 600000 },
              { "name": "g-old", "strategy": "one-for-all", "state": "Running", "members": [], "restarts": 0, "retries": 1, "window": "10m" } ] }
'@
        $status = $json | ConvertFrom-Json
        $t = InModuleScope Psv -Parameters @{ S = $status } { param($S) ConvertTo-PsvTargetStatus -Status $S }
        $t[0].RetryWindow | Should -Be ([timespan]'01:30:00')
        $t[1].RetryWindow | Should -Be ([timespan]'00:00:01.5')
        # The number wins where both are sent: it is what the monitor counts with.
        $t[2].RetryWindow | Should -Be ([timespan]::FromMilliseconds(1500))
        $g = InModuleScope Psv -Parameters @{ S = $status } { param($S) ConvertTo-PsvGroupStatus -Status $S }
        $g[0].RetryWindow | Should -Be ([timespan]'00:10:00')
        $g[1].RetryWindow | Should -Be ([timespan]'00:10:00')
    }

    It 'reads an incident summary: ...At as [DateTime], ...Ms as [TimeSpan], the rest capitalised' {
        $entry = '{ "id": "20240131-235959-123-web", "time": "2024-01-31T23:59:59.123Z", "target": "web", "kind": "exit", "reason": "exit code 3", "capture": "full", "bytes": 5000, "hasDump": false, "damaged": false }' | ConvertFrom-Json
        $detail = '{ "id": "20240131-235959-123-web", "folder": "/x/20240131-235959-123-web", "summary": { "id": "20240131-235959-123-web", "target": "web", "kind": "exit", "reason": "exit code 3", "exitCode": 3, "startedAt": "2024-01-31T23:59:58.000Z", "uptimeMs": 1500, "cwd": "/srv" }, "files": [ { "file": "summary.json", "bytes": 900 } ] }' | ConvertFrom-Json
        $i = InModuleScope Psv -Parameters @{ E = $entry; D = $detail } { param($E, $D) ConvertTo-PsvIncident -Entry $E -Folder $D.folder -Detail $D -ConfigPath '/x/psv.yaml' }
        $i.PSTypeNames[0] | Should -Be 'Psv.Incident'
        $i.Time | Should -BeOfType [datetime]
        $i.Size | Should -Be 5000
        $i.ExitCode | Should -Be 3
        $i.StartedAt | Should -BeOfType [datetime]
        $i.Uptime | Should -Be ([timespan]::FromMilliseconds(1500))
        $i.PSObject.Properties.Name | Should -Not -Contain 'UptimeMs'
        $i.Cwd | Should -Be '/srv'
        $i.Files[0].File | Should -Be 'summary.json'
        $i.Files[0].Size | Should -Be 900
        ($i | Format-Table | Out-String -Width 200) | Should -Match '20240131-235959-123-web\s+\S+ \S+\s+web\s+exit\s+4.9 KiB\s+False\s+exit code 3'
    }
}
