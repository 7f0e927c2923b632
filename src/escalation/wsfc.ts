// via: wsfc (Windows Server Failover Clustering), through PowerShell's
// FailoverClusters module: fail psv's own cluster resource
// (Test-ClusterResourceFailure), so the cluster applies its failure policy, or
// move the role (Move-ClusterGroup). The names travel as single-quoted literals
// inside an -EncodedCommand: PowerShell gives -Command's extra arguments no
// $args, and a quoted literal cannot be broken out of once its quotes are doubled.
import type { FailoverConfig } from '../config/types.js';
import type { EscalationRequest } from '../engine/escalation-port.js';
import type { FailoverAdapter, FailoverPlan } from './adapter.js';

export class WsfcAdapter implements FailoverAdapter {
  readonly via = 'wsfc';

  constructor(private readonly settings: FailoverConfig['wsfc']) {}

  plan(_request: EscalationRequest): FailoverPlan {
    const s = this.settings;
    // The config check makes sure the name the action needs is there.
    const cmdlet =
      s.action === 'fail'
        ? `Test-ClusterResourceFailure -Name ${quote(s.resource!)}`
        : `Move-ClusterGroup -Name ${quote(s.group!)}${s.node ? ` -Node ${quote(s.node)}` : ''}`;
    // Stop: a cmdlet's error ends the script, and PowerShell exits non-zero.
    const script = `${UTF8_OUTPUT}$ErrorActionPreference = 'Stop'; Import-Module FailoverClusters; ${cmdlet} | Out-Null`;
    return {
      // -OutputFormat Text: with -EncodedCommand PowerShell would write its errors as CLIXML, unreadable in FailoverFailed.
      argv: [s.powershell, '-NoProfile', '-NonInteractive', '-OutputFormat', 'Text', '-EncodedCommand', encodeCommand(script)],
      shown: `${s.powershell} ${cmdlet}`,
    };
  }
}

/**
 * Makes PowerShell write its output and errors in UTF-8, which psv reads: left to
 * the console code page (932 on a Japanese Windows) the cluster's error message in
 * FailoverFailed would be garbled. Without a console the setter throws, and the
 * output stays as it was.
 */
export const UTF8_OUTPUT = 'try { [Console]::OutputEncoding = [System.Text.UTF8Encoding]::new($false) } catch { }; ';

/** A PowerShell single-quoted string literal: every quote character PowerShell accepts (', and the typographic ‘ ’ ‚ ‛) doubled. */
export function quote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, '$&$&')}'`;
}

/** What -EncodedCommand takes: the script in UTF-16LE, in base64. */
export function encodeCommand(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}
