// Services on Linux: systemd units through `systemctl` (found on PATH), all
// units of one check in one `systemctl show`.
import { runWithTimeout } from './run-with-timeout.js';
import type { ServiceState, ServiceStatus } from './types.js';

const TIMEOUT_MS = 30_000;

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await runWithTimeout(['systemctl', ...args], { timeoutMs: TIMEOUT_MS });
  if (r.ok) return { code: 0, stdout: r.stdout, stderr: r.stderr };
  // Not started, killed, or timed out: no exit code of its own, so 1.
  const code = r.exitCode !== null && r.exitCode !== 0 && !r.timedOut ? r.exitCode : 1;
  const why = r.error?.message ?? `Command failed: systemctl ${args.join(' ')}`;
  return { code, stdout: r.stdout, stderr: r.stderr || (!r.stdout ? why : '') };
}

export async function systemctl(args: string[]): Promise<void> {
  const r = await run(['--no-ask-password', ...args]);
  if (r.code !== 0) throw new Error(`systemctl ${args.join(' ')} failed: ${(r.stderr || r.stdout).trim() || `exit code ${r.code}`}`);
}

const PROPERTIES = ['Id', 'ActiveState', 'SubState', 'MainPID', 'Result', 'ExecMainStatus', 'LoadState'];

function stateOf(active: string, result: string): ServiceState {
  switch (active) {
    case 'active':
    case 'reloading':
      return 'running';
    case 'activating':
      return 'starting';
    case 'deactivating':
      return 'stopping';
    case 'failed':
      return 'failed';
    case 'inactive':
      return result === 'success' || result === '' ? 'stopped' : 'failed';
    default:
      return 'unknown';
  }
}

/** Parses the blank-line-separated blocks of `systemctl show -p ... UNIT...`. */
export function parseShow(names: readonly string[], text: string): ServiceStatus[] {
  const blocks = text.split(/\n\s*\n/).filter((b) => b.trim() !== '');
  return names.map((name, i) => {
    const props = new Map<string, string>();
    for (const line of (blocks[i] ?? '').split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) props.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
    }
    if (props.get('LoadState') === 'not-found') {
      return { name, state: 'unknown', pid: null, stoppedCleanly: false, exitCode: null, detail: 'unit not found' };
    }
    const active = props.get('ActiveState') ?? '';
    const result = props.get('Result') ?? '';
    const pid = Number(props.get('MainPID') ?? 0);
    const status = props.get('ExecMainStatus');
    const state = stateOf(active, result);
    return {
      name,
      state,
      pid: pid > 0 ? pid : null,
      stoppedCleanly: state === 'stopped',
      exitCode: status !== undefined && status !== '' ? Number(status) : null,
      detail: `${active || 'unknown'}/${props.get('SubState') ?? ''}${result && result !== 'success' ? ` (${result})` : ''}`,
    };
  });
}

export async function systemdStatus(names: readonly string[]): Promise<ServiceStatus[]> {
  if (names.length === 0) return [];
  const r = await run(['show', '--no-pager', `--property=${PROPERTIES.join(',')}`, ...names]);
  if (r.code !== 0 && !r.stdout) {
    return names.map((name) => ({ name, state: 'unknown', pid: null, stoppedCleanly: false, exitCode: null, detail: r.stderr.trim() || 'systemctl failed' }));
  }
  return parseShow(names, r.stdout);
}
