# The module's own checks in place of PSScriptAnalyzer (not on this machine's NuGet):
# its rules that matter here, read from the AST of every module file, and the
# Windows PowerShell 5.1 rule that no PowerShell 7-only syntax or parameter is used.
BeforeAll {
    . (Join-Path $PSScriptRoot 'PsvTestHelpers.ps1')
    $script:moduleRoot = Join-Path $RepoRoot 'powershell/Psv'
    $script:Ast = [System.Management.Automation.Language.Ast]

    function Get-PsvFileAst {
        param([string] $Path)
        $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$null, [ref]$errors)
        $errors | Should -BeNullOrEmpty -Because $Path
        $ast
    }

    function Find-PsvAst {
        param($Ast, [scriptblock] $Predicate)
        @($Ast.FindAll($Predicate, $true))
    }

    # Every function of the module: its name, whether public, its CmdletBinding and its AST.
    $script:functions = foreach ($folder in 'Public', 'Private') {
        foreach ($file in Get-ChildItem (Join-Path $moduleRoot $folder) -Filter *.ps1) {
            $ast = Get-PsvFileAst $file.FullName
            $fn = $ast.Find({ $args[0] -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $false)
            $binding = $fn.Body.ParamBlock.Attributes | Where-Object { $_.TypeName.Name -eq 'CmdletBinding' }
            $supports = $binding -and @($binding.NamedArguments | Where-Object {
                    $_.ArgumentName -eq 'SupportsShouldProcess' -and ($_.ExpressionOmitted -or $_.Argument.Extent.Text -eq '$true')
                }).Count -gt 0
            [pscustomobject]@{ Name = $fn.Name; Public = $folder -eq 'Public'; Ast = $fn; SupportsShouldProcess = $supports }
        }
    }
}

Describe 'PSScriptAnalyzer rules, checked on the AST' {
    It 'every function uses an approved verb (PSUseApprovedVerbs), private ones too' {
        $approved = (Get-Verb).Verb
        foreach ($f in $functions) { $approved | Should -Contain ($f.Name -split '-', 2)[0] -Because $f.Name }
    }

    It 'every noun is singular (PSUseSingularNouns)' {
        # The last word of the noun; Status and Windows end in s and are not plurals.
        $singularWithS = 'Status', 'Windows'
        foreach ($f in $functions) {
            $last = [regex]::Matches(($f.Name -split '-', 2)[1], '[A-Z][a-z0-9]*')[-1].Value
            if ($singularWithS -contains $last) { continue }
            $last | Should -Not -Match 's$' -Because "$($f.Name) should name one thing"
        }
    }

    It 'no Write-Host (PSAvoidUsingWriteHost), no aliases of commands (PSAvoidUsingCmdletAliases)' {
        $aliases = [System.Collections.Generic.HashSet[string]]::new([string[]]@(Get-Alias | ForEach-Object Name), [System.StringComparer]::OrdinalIgnoreCase)
        $found = foreach ($file in Get-ChildItem $moduleRoot -Recurse -Include *.ps1, *.psm1) {
            foreach ($c in Find-PsvAst (Get-PsvFileAst $file.FullName) { $args[0] -is [System.Management.Automation.Language.CommandAst] }) {
                $name = [string]$c.GetCommandName()
                if ($name -eq 'Write-Host' -or ($name -and $aliases.Contains($name))) { '{0} line {1}: {2}' -f $file.Name, $c.Extent.StartLineNumber, $c.Extent.Text }
            }
        }
        @($found) | Should -BeNullOrEmpty
    }

    It 'every public function that changes state supports ShouldProcess and asks it (PSUseShouldProcessForStateChangingFunctions)' {
        $changing = 'New', 'Set', 'Remove', 'Start', 'Stop', 'Restart', 'Reset', 'Update', 'Suspend', 'Resume', 'Install', 'Uninstall', 'Register', 'Unregister', 'Export'
        foreach ($f in $functions | Where-Object Public) {
            if ($changing -notcontains ($f.Name -split '-', 2)[0]) { continue }
            $f.SupportsShouldProcess | Should -BeTrue -Because $f.Name
            # It asks itself, or hands its $PSCmdlet to the helper that asks (Invoke-PsvTargetVerb).
            $text = $f.Ast.Body.Extent.Text
            ($text -match '\$PSCmdlet\.ShouldProcess\(' -or $text -match '-Cmdlet \$PSCmdlet') | Should -BeTrue -Because "$($f.Name) must call ShouldProcess"
        }
    }

    It 'a private function with a state-changing verb either only builds an object or is called after its caller''s ShouldProcess' {
        # These return a new object (an ErrorRecord, a unit file's text) and change nothing.
        $builders = 'New-PsvErrorRecord', 'New-PsvExecutableError', 'New-PsvNoConfigError', 'New-PsvPlatformError', 'New-PsvSystemdUnit', 'New-PsvWinSWConfig'
        $changing = 'New', 'Set', 'Remove', 'Start', 'Stop', 'Restart', 'Reset', 'Update', 'Register', 'Unregister'
        foreach ($f in $functions | Where-Object { -not $_.Public }) {
            if ($changing -notcontains ($f.Name -split '-', 2)[0] -or $builders -contains $f.Name) { continue }
            $callers = @(foreach ($g in $functions) {
                    foreach ($call in Find-PsvAst $g.Ast { param($a) $a -is [System.Management.Automation.Language.CommandAst] -and $a.GetCommandName() -eq $f.Name }) {
                        [pscustomobject]@{ Caller = $g; Call = $call }
                    }
                })
            $callers.Count | Should -BeGreaterThan 0 -Because "$($f.Name) is used"
            foreach ($c in $callers) {
                $c.Caller.SupportsShouldProcess | Should -BeTrue -Because "$($c.Caller.Name) calls $($f.Name)"
                $asks = Find-PsvAst $c.Caller.Ast { param($a) $a -is [System.Management.Automation.Language.InvokeMemberExpressionAst] -and $a.Member.Extent.Text -eq 'ShouldProcess' }
                @($asks | Where-Object { $_.Extent.StartOffset -lt $c.Call.Extent.StartOffset }).Count | Should -BeGreaterThan 0 -Because "$($c.Caller.Name) asks ShouldProcess before $($f.Name)"
            }
        }
    }

    It 'every public function has [CmdletBinding()] and [OutputType()] (PSUseOutputTypeCorrectly)' {
        foreach ($f in $functions | Where-Object Public) {
            $attrs = $f.Ast.Body.ParamBlock.Attributes.TypeName.Name
            $attrs | Should -Contain 'CmdletBinding' -Because $f.Name
            $attrs | Should -Contain 'OutputType' -Because $f.Name
        }
    }
}

Describe 'Windows PowerShell 5.1 syntax' {
    BeforeAll {
        # Every module file with all its AST nodes; each rule lists what breaks it as "FILE line N: text".
        $script:parsed = foreach ($file in Get-ChildItem $moduleRoot -Recurse -Include *.ps1, *.psm1, *.psd1) {
            $tree = Get-PsvFileAst $file.FullName
            [pscustomobject]@{ Name = $file.Name; Tree = $tree; Nodes = @($tree.FindAll({ $true }, $true)) }
        }
        function Format-PsvNode {
            param($File, $Node)
            '{0} line {1}: {2}' -f $File, $Node.Extent.StartLineNumber, $Node.Extent.Text
        }
    }

    It 'reads every module file' {
        $parsed.Count | Should -BeGreaterThan 50
    }

    It 'has no PowerShell 7 operators: ?: ?? ??= ?. ?[] && ||' {
        $found = foreach ($p in $parsed) {
            foreach ($n in $p.Nodes) {
                $seven = $n.GetType().Name -in 'TernaryExpressionAst', 'PipelineChainAst' -or
                ($n -is [System.Management.Automation.Language.BinaryExpressionAst] -and [string]$n.Operator -eq 'QuestionQuestion') -or
                ($n -is [System.Management.Automation.Language.AssignmentStatementAst] -and [string]$n.Operator -eq 'QuestionQuestionEquals') -or
                (($n -is [System.Management.Automation.Language.MemberExpressionAst] -or $n -is [System.Management.Automation.Language.IndexExpressionAst]) -and $n.NullConditional)
                if ($seven) { Format-PsvNode $p.Name $n }
            }
        }
        @($found) | Should -BeNullOrEmpty
    }

    It 'has no clean {} blocks' {
        $found = foreach ($p in $parsed) {
            foreach ($n in $p.Nodes) {
                if ($n -is [System.Management.Automation.Language.ScriptBlockAst] -and $null -ne $n.CleanBlock) { Format-PsvNode $p.Name $n.CleanBlock }
            }
        }
        @($found) | Should -BeNullOrEmpty
    }

    It 'uses no 7-only parameters, commands or .NET Core members' {
        $sevenOnly = @{
            'ForEach-Object'    = 'Parallel', 'ThrottleLimit', 'AsJob'
            'ConvertFrom-Json'  = 'AsHashtable', 'Depth', 'NoEnumerate'
            'ConvertTo-Json'    = 'AsArray', 'EscapeHandling'
            'Get-Content'       = 'AsByteStream'
            'Set-Content'       = 'AsByteStream'
            'Add-Content'       = 'AsByteStream'
            'Split-Path'        = 'LeafBase', 'Extension'
            'Join-Path'         = 'AdditionalChildPath'
            'Get-Date'          = 'AsUTC'
            'Select-String'     = 'Raw', 'NoEmphasis'
            'Start-Process'     = 'Environment'
            'Invoke-WebRequest' = 'SkipCertificateCheck'
            'Test-Connection'   = 'TcpPort'
        }
        $newCommands = 'Join-String', 'Get-Error', 'Test-Json', 'ConvertFrom-Markdown', 'Get-Uptime', 'Remove-Alias', 'Clear-RecycleBin'
        $newMembers = '[OperatingSystem]::', '[System.OperatingSystem]::', '::ProcessId', '::GetRelativePath', '[System.IO.Path]::Join', '::ThrowIfNull', '$IsWindows', '$IsLinux', '$IsMacOS', '$PSStyle', '[System.Text.Json'
        $found = foreach ($p in $parsed) {
            foreach ($c in $p.Nodes | Where-Object { $_ -is [System.Management.Automation.Language.CommandAst] }) {
                $cmd = [string]$c.GetCommandName()
                if ($newCommands -contains $cmd) { Format-PsvNode $p.Name $c }
                if ($sevenOnly.ContainsKey($cmd)) {
                    foreach ($param in $c.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
                        # A unique beginning of a parameter name binds it too (-AsHash).
                        if ($param.ParameterName.Length -ge 3 -and @($sevenOnly[$cmd] | Where-Object { $_.StartsWith($param.ParameterName, [System.StringComparison]::OrdinalIgnoreCase) }).Count) {
                            Format-PsvNode $p.Name $c
                        }
                    }
                }
                # Three positional paths bind to -AdditionalChildPath (PowerShell 6+).
                if ($cmd -eq 'Join-Path' -and @($c.CommandElements | Select-Object -Skip 1 | Where-Object { $_ -isnot [System.Management.Automation.Language.CommandParameterAst] }).Count -gt 2) {
                    Format-PsvNode $p.Name $c
                }
            }
            foreach ($member in $newMembers) {
                if ($p.Tree.Extent.Text.Contains($member)) { "$($p.Name) uses $member" }
            }
        }
        @($found) | Should -BeNullOrEmpty
    }

    It 'finds what it looks for (each rule catches a sample)' {
        $sample = '$a = $b ?? 1; $c ? 1 : 2; ${d}?.e; ${f}?[0]; a && b; $g ??= 2; function h { process {} clean {} }; ConvertFrom-Json -AsHash x; Join-Path a b c; [OperatingSystem]::IsWindows()'
        $tree = [System.Management.Automation.Language.Parser]::ParseInput($sample, [ref]$null, [ref]$null)
        $types = @($tree.FindAll({ $true }, $true) | ForEach-Object { $_.GetType().Name })
        $types | Should -Contain 'TernaryExpressionAst'
        $types | Should -Contain 'PipelineChainAst'
        @($tree.FindAll({ $args[0] -is [System.Management.Automation.Language.BinaryExpressionAst] -and [string]$args[0].Operator -eq 'QuestionQuestion' }, $true)).Count | Should -Be 1
        @($tree.FindAll({ $args[0] -is [System.Management.Automation.Language.AssignmentStatementAst] -and [string]$args[0].Operator -eq 'QuestionQuestionEquals' }, $true)).Count | Should -Be 1
        @($tree.FindAll({ ($args[0] -is [System.Management.Automation.Language.MemberExpressionAst] -or $args[0] -is [System.Management.Automation.Language.IndexExpressionAst]) -and $args[0].NullConditional }, $true)).Count | Should -Be 2
        @($tree.FindAll({ $args[0] -is [System.Management.Automation.Language.ScriptBlockAst] -and $null -ne $args[0].CleanBlock }, $true)).Count | Should -Be 1
    }
}
