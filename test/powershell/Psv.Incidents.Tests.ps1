# Get-PsvIncident and Export-PsvIncident against the incident a real psv monitor
# records when its target crashes once (retries: 0, so exactly one failure).
BeforeAll {
    . (Join-Path $PSScriptRoot 'PsvTestHelpers.ps1')
    Initialize-PsvTestSession
    Add-Type -AssemblyName System.IO.Compression.FileSystem

    $script:dir = Join-Path $TestDrive 'incidents'
    $targets = @"
  - name: crash
    command: ["/bin/sh", "-c", "echo out; exit 3"]
    restart: { retries: 0 }
"@
    $script:cfg = New-PsvTestConfig -Directory $dir -Targets $targets
    $script:started = Start-PsvMonitor -ConfigPath $cfg -PassThru
    Wait-PsvCondition -Because 'psv records the incident of the crash' {
        @(Get-PsvIncident -ConfigPath $cfg -ErrorAction SilentlyContinue).Count -ge 1
    }
    $script:incident = @(Get-PsvIncident -ConfigPath $cfg)[0]
    $script:out = Join-Path $TestDrive 'out'
    New-Item -ItemType Directory -Path $out | Out-Null

    function Get-ZipEntryName {
        param([string] $Path)
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Path)
        try { @($zip.Entries.FullName) } finally { $zip.Dispose() }
    }
}

AfterAll {
    Stop-PsvTestMonitor -ConfigPath $cfg -AlsoKill @($started.Pid)
}

Describe 'Get-PsvIncident' {
    It 'lists the incident as a typed Psv.Incident' {
        @(Get-PsvIncident -ConfigPath $cfg).Count | Should -Be 1
        $i = $incident
        $i.PSTypeNames[0] | Should -Be 'Psv.Incident'
        $i.Id | Should -Match '^\d{8}-\d{6}-\d{3}-crash$'
        $i.Time | Should -BeOfType [datetime]
        $i.Time | Should -BeGreaterThan ([datetime]::Now.AddMinutes(-5))
        $i.Target | Should -Be 'crash'
        $i.Kind | Should -Be 'exit'
        $i.Reason | Should -Be 'exit code 3'
        $i.Size | Should -BeGreaterThan 0
        $i.HasDump | Should -BeFalse
        $i.Damaged | Should -BeFalse
        Test-Path -LiteralPath (Join-Path $i.Folder 'summary.json') | Should -BeTrue
        $i.ConfigPath | Should -Be $cfg
    }

    It 'shows one incident with its summary, by ID, by a unique beginning of it, or from the pipeline' {
        $d = Get-PsvIncident -Id $incident.Id -ConfigPath $cfg
        $d.Id | Should -Be $incident.Id
        $d.Folder | Should -Be $incident.Folder
        $d.Size | Should -Be $incident.Size
        $d.ExitCode | Should -Be 3
        $d.Pid | Should -BeGreaterThan 0
        $d.FailedAt | Should -BeOfType [datetime]
        $d.Uptime | Should -BeOfType [timespan]
        $d.CommandLine | Should -BeLike '/bin/sh -c *exit 3*'
        $d.Files.File | Should -Contain 'output.log'
        (Get-Content -LiteralPath (Join-Path $d.Folder 'output.log')) | Should -Contain 'out'
        (Get-PsvIncident $incident.Id.Substring(0, 15) -ConfigPath $cfg).Id | Should -Be $incident.Id
        ($incident | Get-PsvIncident).ExitCode | Should -Be 3
    }

    It 'writes an InvalidArgument error for an unknown ID' {
        Get-PsvIncident -Id 'nope' -ConfigPath $cfg -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'PsvInvalidArgument,Get-PsvIncident'
        $err[0].Exception.Message | Should -BeLike "no incident 'nope'*"
        $err[0].TargetObject | Should -Be 'nope'
    }

    It 'needs a configuration: -ConfigPath or $env:PSV_CONFIG' {
        Get-PsvIncident -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be 'PsvNoConfig,Get-PsvIncident'
        $env:PSV_CONFIG = $cfg
        try { (Get-PsvIncident).Id | Should -Be $incident.Id } finally { Remove-Item Env:PSV_CONFIG }
    }

    It 'shows Id, Time, Target, Kind, Size, HasDump and Reason in its table view' {
        $text = Get-PsvIncident -ConfigPath $cfg | Format-Table | Out-String -Width 250
        $text | Should -Match 'Id\s+Time\s+Target\s+Kind\s+Size\s+HasDump\s+Reason'
        $text | Should -Match "$($incident.Id)\s+\S+ \S+\s+crash\s+exit\s+[\d.]+ (B|KiB)\s+False\s+exit code 3"
    }
}

Describe 'Export-PsvIncident' {
    It '-WhatIf writes nothing' {
        $zip = Join-Path $out 'whatif.zip'
        $incident | Export-PsvIncident -Path $zip -WhatIf
        Test-Path -LiteralPath $zip | Should -BeFalse
    }

    It 'writes the incident from the pipeline as a zip and returns the file' {
        $zip = Join-Path $out 'crash.zip'
        $f = $incident | Export-PsvIncident -Path $zip
        $f | Should -BeOfType [System.IO.FileInfo]
        $f.FullName | Should -Be $zip
        $f.Length | Should -BeGreaterThan 0
        $entries = Get-ZipEntryName $zip
        $entries | Should -Contain "$($incident.Id)/summary.json"
        $entries | Should -Contain "$($incident.Id)/output.log"
    }

    It 'does not overwrite a file without -Force' {
        $zip = Join-Path $out 'taken.zip'
        Set-Content -LiteralPath $zip 'keep me'
        Export-PsvIncident -Id $incident.Id -Path $zip -ConfigPath $cfg -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'PsvFileExists,Export-PsvIncident'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        Get-Content -LiteralPath $zip | Should -Be 'keep me'
        (Export-PsvIncident -Id $incident.Id -Path $zip -ConfigPath $cfg -Force).Length | Should -BeGreaterThan 7
        Get-ZipEntryName $zip | Should -Contain "$($incident.Id)/summary.json"
    }

    It 'writes ID.zip into a folder given as -Path, or into the current location' {
        (Export-PsvIncident $incident.Id $out -ConfigPath $cfg).FullName | Should -Be (Join-Path $out "$($incident.Id).zip")
        $here = Join-Path $TestDrive 'here'
        New-Item -ItemType Directory -Path $here | Out-Null
        Push-Location $here
        try { (Export-PsvIncident -Id $incident.Id.Substring(0, 15) -ConfigPath $cfg).FullName | Should -Be (Join-Path $here "$($incident.Id).zip") }
        finally { Pop-Location }
    }

    It 'writes an InvalidArgument error for an unknown ID' {
        Export-PsvIncident -Id 'nope' -Path (Join-Path $out 'nope.zip') -ConfigPath $cfg -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be 'PsvInvalidArgument,Export-PsvIncident'
        Test-Path -LiteralPath (Join-Path $out 'nope.zip') | Should -BeFalse
    }
}

Describe 'Incidents without a monitor' {
    It 'are still listed and exported after the monitor stops' {
        Stop-PsvMonitor -ConfigPath $cfg -Confirm:$false
        Wait-PsvCondition -Because 'the monitor exits' { -not (Test-ProcessAlive $started.Pid) }
        (Get-PsvIncident -ConfigPath $cfg).Id | Should -Be $incident.Id
        (Get-PsvIncident -ConfigPath $cfg | Export-PsvIncident -Path (Join-Path $out 'stopped.zip')).Length | Should -BeGreaterThan 0
    }
}
