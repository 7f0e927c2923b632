# The module's own messages in English (en-US) and Japanese (ja-JP): the string tables
# en-US/Psv.strings.psd1 and ja-JP/Psv.strings.psd1 that Psv.psm1 loads into $PsvStrings
# (English first, the UI culture's over it), the keys the code uses, and real cmdlet
# errors and -WhatIf texts under each UI culture. What psv itself prints is psv's own
# (already in the operator's language) and is not checked here.
BeforeAll {
    . (Join-Path $PSScriptRoot 'PsvTestHelpers.ps1')
    Initialize-PsvTestSession
    $script:moduleRoot = Join-Path $RepoRoot 'powershell/Psv'
    $script:cultures = 'en-US', 'ja-JP'
    # Hiragana, katakana or kanji: the text is Japanese, not English left untranslated.
    $script:japanese = '[\u3040-\u30ff\u4e00-\u9fff]'

    function Get-PsvStringTable {
        param([string] $Culture)
        $table = $null
        Import-LocalizedData -BindingVariable table -FileName Psv.strings.psd1 -BaseDirectory $moduleRoot -UICulture $Culture -ErrorAction Stop
        $table
    }

    # The placeholder numbers of a text ({0}, {3:s} -> 0, 3), sorted and unique.
    function Get-PsvPlaceholder {
        param([string] $Text)
        , @([regex]::Matches($Text, '\{(\d+)(?:[,:][^{}]*)?\}') | ForEach-Object { [int]$_.Groups[1].Value } | Sort-Object -Unique)
    }

    $script:tables = @{}
    foreach ($c in $cultures) {
        $file = Join-Path $moduleRoot "$c/Psv.strings.psd1"
        $tables[$c] = if (Test-Path -LiteralPath $file) { Get-PsvStringTable $c } else { @{} }
    }

    # Every use of $PsvStrings in Public/ and Private/: the key when it is a literal
    # ($PsvStrings.Key, $PsvStrings['Key']), else $null (a computed key the checks cannot follow).
    $script:uses = foreach ($folder in 'Public', 'Private') {
        foreach ($file in Get-ChildItem (Join-Path $moduleRoot $folder) -Filter *.ps1) {
            $ast = [System.Management.Automation.Language.Parser]::ParseFile($file.FullName, [ref]$null, [ref]$null)
            $variables = $ast.FindAll({
                    param($a)
                    $a -is [System.Management.Automation.Language.VariableExpressionAst] -and
                    ($a.VariablePath.UserPath -eq 'PsvStrings' -or $a.VariablePath.UserPath -eq 'script:PsvStrings')
                }, $true)
            foreach ($v in $variables) {
                $parent = $v.Parent
                $key = $null
                if ($parent -is [System.Management.Automation.Language.MemberExpressionAst] -and $parent.Expression -eq $v -and
                    $parent.Member -is [System.Management.Automation.Language.StringConstantExpressionAst]) { $key = $parent.Member.Value }
                elseif ($parent -is [System.Management.Automation.Language.IndexExpressionAst] -and $parent.Target -eq $v -and
                    $parent.Index -is [System.Management.Automation.Language.StringConstantExpressionAst]) { $key = $parent.Index.Value }
                [pscustomobject]@{ File = $file.Name; Line = $v.Extent.StartLineNumber; Key = $key; Text = $parent.Extent.Text }
            }
        }
    }

    # Runs commands in a fresh pwsh whose UI culture is set first, as a Japanese Windows
    # would have it; returns what it printed (errors as "ID: message" lines, -WhatIf text).
    function Invoke-PsvIn {
        param([string] $Culture, [string] $Command)
        $pwsh = Join-Path $PSHOME 'pwsh'
        $prelude = "[System.Threading.Thread]::CurrentThread.CurrentUICulture = '$Culture'; Remove-Item Env:PSV_CONFIG, Env:PSV_CONTROL -ErrorAction SilentlyContinue; " +
        "`$env:PSV_EXE = '$PsvMain'; Import-Module '$ModuleManifest'; "
        (& $pwsh -NoProfile -NonInteractive -Command ($prelude + $Command) 2>&1) -join "`n"
    }

    # Four of the module's own messages, none of which needs a running monitor: a missing
    # configuration (written), a bad -Since (terminating), nothing to set (written), and
    # what Stop-PsvMonitor -WhatIf would do.
    $missing = Join-Path $TestDrive 'missing.yaml'
    $script:probe = @"
Get-PsvIncident -ErrorAction SilentlyContinue -ErrorVariable e1
`$e1 | ForEach-Object { 'ERR ' + `$_.FullyQualifiedErrorId + ': ' + `$_.Exception.Message }
try { Get-PsvEvent -Since soon -ConfigPath '$missing' } catch { 'ERR ' + `$_.FullyQualifiedErrorId + ': ' + `$_.Exception.Message }
Set-PsvTarget alpha -ConfigPath '$missing' -ErrorAction SilentlyContinue -ErrorVariable e3
`$e3 | ForEach-Object { 'ERR ' + `$_.FullyQualifiedErrorId + ': ' + `$_.Exception.Message }
Stop-PsvMonitor -ConfigPath '$missing' -WhatIf
"@
    $script:missing = $missing
}

Describe 'The string tables' {
    It 'has a table in <_>' -ForEach 'en-US', 'ja-JP' {
        Test-Path -LiteralPath (Join-Path $moduleRoot "$_/Psv.strings.psd1") | Should -BeTrue
        $tables[$_].Count | Should -BeGreaterThan 0
    }

    It 'en-US and ja-JP have exactly the same keys' {
        @($tables['ja-JP'].Keys | Sort-Object) | Should -Be @($tables['en-US'].Keys | Sort-Object)
    }

    It 'each key has the same placeholders in both' {
        $tables['en-US'].Count | Should -BeGreaterThan 0
        foreach ($key in $tables['en-US'].Keys) {
            $en = Get-PsvPlaceholder $tables['en-US'][$key]
            $ja = Get-PsvPlaceholder $tables['ja-JP'][$key]
            ($ja -join ',') | Should -Be ($en -join ',') -Because "the placeholders of $key"
            # No gaps: {0}..{n} are all used, so -f with the code's arguments fills each one.
            if ($en.Count) { $en[-1] | Should -Be ($en.Count - 1) -Because "the placeholders of $key" }
        }
    }

    It 'every text formats with -f (no stray braces) and none is empty' {
        foreach ($c in $cultures) {
            foreach ($key in $tables[$c].Keys) {
                $text = $tables[$c][$key]
                $text | Should -Not -BeNullOrEmpty -Because "$c $key"
                { $text -f @('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j') } | Should -Not -Throw -Because "$c $key"
            }
        }
    }

    It 'the English table is English (ASCII)' {
        foreach ($key in $tables['en-US'].Keys) { $tables['en-US'][$key] | Should -Match '^[\x20-\x7E]+$' -Because $key }
    }

    It 'every Japanese text is Japanese, with no English words left but names' {
        # What stays as it is: product, protocol and program names, placeholders, parameters
        # (-Path), variables ($env:PSV_CONFIG), cmdlets (Start-PsvMonitor), durations (30s),
        # configuration keys (targets:, monitor.events.eventlog.log), file names.
        $names = 'psv', 'Psv', 'PowerShell', 'Windows', 'Linux', 'OS', 'systemd', 'syslog', 'WinSW', 'JSON', 'PATH', 'PSV_EXE', 'node',
        'main.js', 'FILE', 'TimeSpan', 'SYSTEM', 'ID', 'pid', 'root', 'health', 'targets', 'groups', 'monitor.events.eventlog.log'
        foreach ($key in $tables['ja-JP'].Keys) {
            $text = $tables['ja-JP'][$key]
            $text | Should -Match $japanese -Because $key
            $rest = $text -replace '\{\d+(?:[,:][^{}]*)?\}', ' ' -replace '\$env:\w+', ' ' -replace '\b[A-Z][a-z]+-Psv\w+', ' ' -replace '(?<![\w.])-[A-Z]\w+', ' ' -replace '\b\d+(?:ms|s|m|h|d)\b', ' ' -replace '\b\d+h\d+m\b', ' '
            foreach ($word in [regex]::Matches($rest, '[A-Za-z][A-Za-z0-9_.]*[A-Za-z0-9_]|[A-Za-z]')) {
                $names | Should -Contain $word.Value -Because "'$($word.Value)' in the Japanese $key ($text)"
            }
        }
    }

    It 'the Japanese table is UTF-8 with a BOM, so that Windows PowerShell 5.1 reads it as UTF-8' {
        $bytes = [System.IO.File]::ReadAllBytes((Join-Path $moduleRoot 'ja-JP/Psv.strings.psd1'))
        @($bytes[0..2]) | Should -Be @(0xEF, 0xBB, 0xBF)
    }
}

Describe 'The keys the module uses' {
    It 'the module uses the tables' {
        @($uses).Count | Should -BeGreaterThan 50
    }

    It 'names every key literally ($PsvStrings.Key), so that it can be checked' {
        @($uses | Where-Object { -not $_.Key } | ForEach-Object { '{0} line {1}: {2}' -f $_.File, $_.Line, $_.Text }) | Should -BeNullOrEmpty
    }

    It 'every key it uses is in the tables' {
        @($uses | Where-Object { $_.Key -and -not $tables['en-US'].ContainsKey($_.Key) } | ForEach-Object { '{0} line {1}: {2}' -f $_.File, $_.Line, $_.Key }) | Should -BeNullOrEmpty
    }

    It 'every key in the tables is used' {
        $used = @($uses.Key | Where-Object { $_ } | Sort-Object -Unique)
        @($tables['en-US'].Keys | Where-Object { $used -notcontains $_ } | Sort-Object) | Should -BeNullOrEmpty
    }

    It 'the loaded module holds the English table under an English or invariant culture' {
        $loaded = & (Get-Module Psv) { $PsvStrings }
        @($loaded.Keys | Sort-Object) | Should -Be @($tables['en-US'].Keys | Sort-Object)
        if ([System.Globalization.CultureInfo]::CurrentUICulture.Name -notlike 'ja*') { $loaded.NoConfig | Should -Be $tables['en-US'].NoConfig }
    }
}

Describe 'Cmdlet messages under a UI culture' {
    BeforeAll {
        $script:ja = Invoke-PsvIn 'ja-JP' $probe
        $script:en = Invoke-PsvIn 'en-US' $probe
        $script:fr = Invoke-PsvIn 'fr-FR' $probe
    }

    It 'ja-JP: a missing configuration is reported in Japanese' {
        $ja | Should -Match ([regex]::Escape('ERR PsvNoConfig,Get-PsvIncident: 設定ファイルが指定されていません。-ConfigPath FILE を指定するか、$env:PSV_CONFIG を設定してください。'))
        $ja | Should -Not -Match 'Which configuration'
    }

    It 'ja-JP: a bad -Since is reported in Japanese' {
        $ja | Should -Match ([regex]::Escape("ERR PsvBadSince,Get-PsvEvent: -Since: 'soon' は期間として認識できません。"))
        $ja | Should -Not -Match 'is not a duration'
    }

    It 'ja-JP: nothing to set is reported in Japanese' {
        $ja | Should -Match 'ERR PsvNothingToSet,Set-PsvTarget: 変更する設定がありません。'
    }

    It 'ja-JP: -WhatIf names the monitor and the action in Japanese' {
        $ja | Should -Match ([regex]::Escape('停止 (すべてのターゲットも停止します)'))
        $ja | Should -Match ([regex]::Escape("$missing の psv モニタ"))
        $ja | Should -Not -Match 'Stop with all its targets'
    }

    It 'en-US: the same messages are English' {
        $en | Should -Match ([regex]::Escape('ERR PsvNoConfig,Get-PsvIncident: Which configuration? Give -ConfigPath FILE or set $env:PSV_CONFIG.'))
        $en | Should -Match ([regex]::Escape("ERR PsvBadSince,Get-PsvEvent: -Since: 'soon' is not a duration: give seconds (30)"))
        $en | Should -Match 'ERR PsvNothingToSet,Set-PsvTarget: Nothing to change: give at least one of -Retries'
        $en | Should -Match ([regex]::Escape("Stop with all its targets"))
        $en | Should -Match ([regex]::Escape("psv monitor of $missing"))
        $en | Should -Not -Match $japanese
    }

    It 'a culture without a table (fr-FR) falls back to English' {
        $fr | Should -Match ([regex]::Escape('ERR PsvNoConfig,Get-PsvIncident: Which configuration?'))
        $fr | Should -Match ([regex]::Escape("ERR PsvBadSince,Get-PsvEvent: -Since: 'soon' is not a duration"))
        $fr | Should -Not -Match $japanese
    }
}
