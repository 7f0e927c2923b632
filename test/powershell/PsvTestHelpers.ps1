# Shared by the Psv module tests (dot-sourced in BeforeAll; not a test file itself).
# Tests run real psv monitors from the compiled sources (dist/src/cli/main.js) with
# configs in TestDrive: every config sets its own control socket (so that the tests
# can name it; the default would be /run/psv/KEY/psv.sock as root) and no console events.

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
$script:PsvMain = Join-Path $RepoRoot 'dist/src/cli/main.js'
$script:ModuleManifest = Join-Path $RepoRoot 'powershell/Psv/Psv.psd1'

function Initialize-PsvTestSession {
    if (-not (Test-Path -LiteralPath $script:PsvMain)) {
        throw "psv is not built: $script:PsvMain is missing. Run 'npm run build' in $script:RepoRoot first (it generates the sources tsc needs)."
    }
    # The module runs a .js PSV_EXE through node (see about_Psv, FINDING THE EXECUTABLE).
    $env:PSV_EXE = $script:PsvMain
    Remove-Item Env:PSV_CONFIG, Env:PSV_CONTROL -ErrorAction SilentlyContinue
    $PSStyle.OutputRendering = 'PlainText'
    Import-Module $script:ModuleManifest -Force
}

function New-PsvTestConfig {
    <#
    Writes DIR/NAME.yaml with a private socket and state dir, events only to the event
    file, and the given targets (YAML list items). Top-level sections after targets
    (groups:) may follow the items in -Targets; -ExtraMonitor lines are indented by two.
    #>
    param(
        [Parameter(Mandatory)] [string] $Directory,
        [string] $Name = 'psv',
        [string] $Targets = "  - name: alpha`n    command: [`"sleep`", `"1000`"]`n",
        [string] $ExtraMonitor = ''
    )
    New-Item -ItemType Directory -Path $Directory -Force | Out-Null
    $path = Join-Path $Directory "$Name.yaml"
    $text = @"
monitor:
  interval: 200ms
  control: $Directory/$Name.sock
  stateDir: $Directory/$Name-state
  events:
    console: false
    sinks: [file]
$ExtraMonitor
targets:
$Targets
"@
    Set-Content -LiteralPath $path -Value $text
    $path
}

function Wait-PsvCondition {
    <# Polls a condition until it is true or the deadline passes (then throws with the description). #>
    param(
        [Parameter(Mandatory)] [scriptblock] $Condition,
        [Parameter(Mandatory)] [string] $Because,
        [timespan] $Timeout = '00:00:20'
    )
    $deadline = [datetime]::UtcNow + $Timeout
    while ($true) {
        if (& $Condition) { return }
        if ([datetime]::UtcNow -gt $deadline) { throw "Timed out after $Timeout waiting until $Because" }
        Start-Sleep -Milliseconds 100
    }
}

function Test-ProcessAlive {
    param([Parameter(Mandatory)] [int] $Id)
    $null -ne (Get-Process -Id $Id -ErrorAction SilentlyContinue)
}

function Get-PsvTestPids {
    <# The monitor's pid and its targets' pids, straight from psv (not through the module). #>
    param([Parameter(Mandatory)] [string] $ConfigPath)
    $json = & node $script:PsvMain status -c $ConfigPath --json 2>$null
    if ($LASTEXITCODE -ne 0) { return @() }
    $status = ($json -join "`n") | ConvertFrom-Json
    @($status.monitor.pid) + @($status.targets | Where-Object { $null -ne $_.pid } | ForEach-Object pid)
}

function Stop-PsvTestMonitor {
    <# Stops a test monitor with psv itself, then makes sure none of its processes is left. #>
    param([Parameter(Mandatory)] [string] $ConfigPath, [int[]] $AlsoKill = @())
    $pids = @(Get-PsvTestPids -ConfigPath $ConfigPath) + $AlsoKill
    & node $script:PsvMain stop -c $ConfigPath --json 2>$null | Out-Null
    $deadline = [datetime]::UtcNow.AddSeconds(15)
    while (($pids | Where-Object { Test-ProcessAlive $_ }) -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
    foreach ($id in $pids) {
        if (Test-ProcessAlive $id) { Stop-Process -Id $id -Force -ErrorAction SilentlyContinue }
    }
}
