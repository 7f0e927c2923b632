#!/usr/bin/env pwsh
# A psv check in PowerShell (docs/plugins.md): asks a service's own health
# endpoint and reports its queue length. Exit code 0 healthy, 1 unhealthy,
# 2 unknown; one JSON line on stdout.
#   probes:
#     - check: [pwsh, -NoProfile, -File, C:\psv\plugins\ServiceHealth.ps1, http://127.0.0.1:8080/health, 100]
#       every: 30s
#       timeout: 10s
#       onUnhealthy: restart
param(
    [string]$Url = 'http://127.0.0.1:8080/health',
    [int]$MaxQueue = 100
)
$ErrorActionPreference = 'Stop'
$context = [Console]::In.ReadToEnd() | ConvertFrom-Json   # the same as $env:PSV_TARGET, $env:PSV_PID, ...
function Answer([string]$Status, [string]$Message, $Details, [int]$Code) {
    [pscustomobject]@{ status = $Status; message = $Message; details = $Details } | ConvertTo-Json -Compress -Depth 5
    exit $Code
}
try {
    $health = Invoke-RestMethod -Uri $Url -TimeoutSec 5
} catch {
    Answer 'unhealthy' "$Url does not answer: $($_.Exception.Message)" @{ target = $context.target } 1
}
if ($null -eq $health.queue) { Answer 'unknown' "$Url gave no queue length" $null 2 }
if ($health.queue -gt $MaxQueue) {
    Answer 'unhealthy' "queue length $($health.queue) over $MaxQueue" @{ queue = $health.queue; pid = $context.pid } 1
}
Answer 'healthy' "queue length $($health.queue)" @{ queue = $health.queue } 0
