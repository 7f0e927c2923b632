# The module's help in English (en-US) and Japanese (ja-JP): MAML cmdlet help
# (Psv-help.xml, named by .ExternalHelp in every public function) and about_Psv,
# the same form in both cultures, chosen by the UI culture as Get-Help does.
BeforeAll {
    . (Join-Path $PSScriptRoot 'PsvTestHelpers.ps1')
    Initialize-PsvTestSession
    $script:moduleRoot = Join-Path $RepoRoot 'powershell/Psv'
    $script:public = @((Get-ChildItem (Join-Path $moduleRoot 'Public') -Filter *.ps1).BaseName | Sort-Object)
    $script:common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    # Hiragana, katakana or kanji: the text is Japanese, not English left untranslated.
    $script:japanese = '[\u3040-\u30ff\u4e00-\u9fff]'

    function Get-PsvMaml {
        param([string] $Culture)
        $xml = [xml](Get-Content -LiteralPath (Join-Path $moduleRoot "$Culture/Psv-help.xml") -Raw -Encoding UTF8)
        $ns = [System.Xml.XmlNamespaceManager]::new($xml.NameTable)
        $ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
        $ns.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
        $ns.AddNamespace('dev', 'http://schemas.microsoft.com/maml/dev/2004/10')
        foreach ($c in $xml.SelectNodes('//command:command', $ns)) {
            $text = { param($node, $path) (@($node.SelectNodes($path, $ns)) | ForEach-Object InnerText) -join "`n" }
            [pscustomobject]@{
                Name        = $c.SelectSingleNode('command:details/command:name', $ns).InnerText
                Synopsis    = & $text $c 'command:details/maml:description/maml:para'
                Description = & $text $c 'maml:description/maml:para'
                Parameters  = @(foreach ($p in $c.SelectNodes('command:parameters/command:parameter', $ns)) {
                        [pscustomobject]@{ Name = $p.SelectSingleNode('maml:name', $ns).InnerText; Description = & $text $p 'maml:description/maml:para' }
                    })
                Examples    = @(foreach ($e in $c.SelectNodes('command:examples/command:example', $ns)) {
                        [pscustomobject]@{ Code = $e.SelectSingleNode('dev:code', $ns).InnerText; Remarks = & $text $e 'dev:remarks/maml:para' }
                    })
            }
        }
    }
    $script:maml = @{ 'en-US' = @(Get-PsvMaml 'en-US'); 'ja-JP' = @(Get-PsvMaml 'ja-JP') }

    # Get-Help in a fresh pwsh whose UI culture is set first, as a Japanese Windows would have it.
    function Invoke-PsvHelpIn {
        param([string] $Culture, [string] $Command)
        $pwsh = Join-Path $PSHOME 'pwsh'
        $script = "[System.Threading.Thread]::CurrentThread.CurrentUICulture = '$Culture'; `$env:PSV_EXE = '$PsvMain'; Import-Module '$ModuleManifest'; $Command | Out-String -Width 200"
        (& $pwsh -NoProfile -NonInteractive -Command $script) -join "`n"
    }
}

Describe 'Get-Help under a ja-JP culture' {
    It 'shows the Japanese help of Get-PsvStatus' {
        $ja = Invoke-PsvHelpIn 'ja-JP' 'Get-Help Get-PsvStatus -Full'
        $ja | Should -Match '実行中の psv モニタのターゲットの状態を取得します。'
        $ja | Should -Match '表示するターゲット（既定はすべて）'
        $ja | Should -Not -Match 'Gets the state of the targets'
    }

    It 'shows the Japanese about_Psv' {
        Invoke-PsvHelpIn 'ja-JP' 'Get-Help about_Psv' | Should -Match 'プロセス監視ツール psv の PowerShell コマンドレットです。'
    }

    It 'shows the English help under en-US' {
        $en = Invoke-PsvHelpIn 'en-US' 'Get-Help Get-PsvStatus; Get-Help about_Psv'
        $en | Should -Match 'Gets the state of the targets of the running psv monitor.'
        $en | Should -Match 'PowerShell cmdlets for psv, the process supervisor.'
        $en | Should -Not -Match $japanese
    }
}

Describe 'Help in both languages' {
    It 'every public function names Psv-help.xml with .ExternalHelp (comment-based help cannot be localised)' {
        foreach ($file in Get-ChildItem (Join-Path $moduleRoot 'Public') -Filter *.ps1) {
            Get-Content -LiteralPath $file.FullName -Raw | Should -Match '(?m)^\s*# \.ExternalHelp Psv-help\.xml$' -Because $file.Name
        }
    }

    It '<_> has help for exactly the exported cmdlets' -ForEach 'en-US', 'ja-JP' {
        @($maml[$_].Name | Sort-Object) | Should -Be $public
    }

    It 'has about_Psv in <_>' -ForEach 'en-US', 'ja-JP' {
        Test-Path (Join-Path $moduleRoot "$_/about_Psv.help.txt") | Should -BeTrue
    }

    It 'the Japanese about_Psv has every section of the English one, in Japanese' {
        $sections = { param($c) @(Get-Content (Join-Path $moduleRoot "$c/about_Psv.help.txt") -Encoding UTF8 | Where-Object { $_ -cmatch '^[A-Z][A-Z ]+$' }) }
        & $sections 'ja-JP' | Should -Be (& $sections 'en-US')
        Get-Content (Join-Path $moduleRoot 'ja-JP/about_Psv.help.txt') -Raw -Encoding UTF8 | Should -Match $japanese
    }

    It '<_> is described in both, every parameter and example too; the Japanese in Japanese, with the same code' -ForEach @(
        'Export-PsvIncident', 'Get-PsvEvent', 'Get-PsvGroup', 'Get-PsvHealth', 'Get-PsvIncident', 'Get-PsvStatus', 'Install-PsvService',
        'Register-PsvEventSource', 'Register-PsvScheduledTask', 'Reset-PsvTarget', 'Restart-PsvTarget', 'Resume-PsvTarget', 'Send-PsvHeartbeat',
        'Set-PsvMonitor', 'Set-PsvTarget', 'Start-PsvMonitor', 'Stop-PsvMonitor', 'Suspend-PsvTarget', 'Test-PsvConfig',
        'Test-PsvHealth', 'Uninstall-PsvService', 'Unregister-PsvEventSource', 'Unregister-PsvScheduledTask', 'Update-PsvConfiguration'
    ) {
        $name = $_
        $parameters = @((Get-Command $name).Parameters.Keys | Where-Object { $common -notcontains $_ } | Sort-Object)
        $en = $maml['en-US'] | Where-Object Name -eq $name
        $ja = $maml['ja-JP'] | Where-Object Name -eq $name
        foreach ($h in $en, $ja) {
            $h.Synopsis | Should -Not -BeNullOrEmpty -Because $name
            $h.Description | Should -Not -BeNullOrEmpty -Because $name
            @($h.Parameters.Name | Sort-Object) | Should -Be $parameters -Because "the parameters of $name"
            foreach ($p in $h.Parameters) { $p.Description | Should -Not -BeNullOrEmpty -Because "-$($p.Name) of $name" }
            $h.Examples.Count | Should -BeGreaterOrEqual 1
        }
        $ja.Synopsis | Should -Match $japanese
        $ja.Description | Should -Match $japanese
        foreach ($p in $ja.Parameters) { $p.Description | Should -Match $japanese -Because "-$($p.Name) of $name in Japanese" }
        @($ja.Examples.Code) | Should -Be @($en.Examples.Code)
        foreach ($e in $ja.Examples) { $e.Remarks | Should -Match $japanese -Because "the example $($e.Code)" }
        $en.Synopsis | Should -Not -Match $japanese
    }
}
