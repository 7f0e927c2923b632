# Runs the Pester 5 tests under test/powershell/ with the Pester that
# scripts/setup-pwsh.sh installs into .tools/Modules/.
#   ~/.dotnet/tools/pwsh -NoProfile -NonInteractive -File scripts/run-pester.ps1
# Ends with one plain line 'Pester: N passed, N failed[, N skipped]' and exits
# non-zero when a test, a block or a test file (container) failed.
# "failed" counts failed tests plus failed blocks and containers: the same number
# Pester itself uses as its exit code.
# -Path runs other test files or folders instead (relative to the current folder).
param(
    [string[]] $Path
)
# No global $ErrorActionPreference / Set-StrictMode here: they would leak into the tests.

$PesterVersion = '5.7.1'
$root = Split-Path -Parent $PSScriptRoot
$modules = Join-Path $root '.tools/Modules'
$testPath = if ($Path) { $Path } else { Join-Path $root 'test/powershell' }

$env:PSModulePath = $modules + [IO.Path]::PathSeparator + $env:PSModulePath

try {
    Import-Module -Name Pester -RequiredVersion $PesterVersion -Force -ErrorAction Stop
}
catch {
    [Console]::Error.WriteLine("run-pester: cannot load Pester $PesterVersion from ${modules}: $($_.Exception.Message)")
    [Console]::Error.WriteLine('run-pester: run `bash scripts/setup-pwsh.sh` first')
    exit 2
}

$config = New-PesterConfiguration
$config.Run.Path = $testPath
$config.Run.Exit = $true       # Pester exits with the failure count when anything failed
$config.Run.PassThru = $true   # ...but first hands us the result object for the summary line
$config.Output.Verbosity = 'Detailed'
if ([Console]::IsOutputRedirected) {
    $config.Output.RenderMode = 'Plaintext'   # no ANSI colour codes in CI logs
}

$script:result = $null
try {
    # Run.Exit makes Invoke-Pester call `exit` itself on failure, so the result is taken
    # from the pipeline as it is emitted and the summary is printed in `finally`, which
    # runs on that exit too.
    Invoke-Pester -Configuration $config | ForEach-Object { $script:result = $_ }
}
finally {
    $r = $script:result
    if ($null -eq $r) {
        # Pester aborted before producing a result (it already printed the error).
        $passed = 0; $failed = 1; $skipped = 0
    }
    else {
        $passed = $r.PassedCount
        $failed = $r.FailedCount + $r.FailedBlocksCount + $r.FailedContainersCount
        $skipped = $r.SkippedCount
    }
    $line = "Pester: $passed passed, $failed failed"
    if ($skipped -gt 0) { $line += ", $skipped skipped" }
    [Console]::Out.Flush()
    [Console]::Out.WriteLine('')
    [Console]::Out.WriteLine($line)
}

if ($null -eq $script:result) { exit 1 }
if ($failed -gt 0) { exit 1 }
exit 0
