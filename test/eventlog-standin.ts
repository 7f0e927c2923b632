// The Windows Event Log as the sink tests see it on Linux: pwsh as the host, and the
// host script's two Windows calls replaced (test/sinks.test.ts, eventlog-recovery.test.ts).
import { homedir } from 'node:os';
import { join } from 'node:path';

export const PWSH = process.env.PSV_PWSH ?? join(homedir(), '.dotnet', 'tools', 'pwsh');

/** PowerShell run after the host script: SourceExists knows 'Psv' only; WriteEntry appends its arguments to `calls` (JSON Lines). */
export function eventLogPrelude(calls: string): string {
  return `
function global:Test-PsvEventLogSourceCore { param([string] $Source) $Source -eq 'Psv' }
function global:Write-PsvEventLogEntryCore {
  param([string] $Source, [string] $Message, [string] $EntryType, [int] $EventId)
  $line = ConvertTo-Json -Compress -InputObject ([ordered]@{ source = $Source; message = $Message; type = $EntryType; id = $EventId; pid = $PID })
  [System.IO.File]::AppendAllText('${calls}', $line + [char]10, [System.Text.UTF8Encoding]::new($false))
}`;
}
