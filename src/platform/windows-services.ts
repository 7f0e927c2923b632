// Windows services through the Service Control Manager: one run of
// `psv-win svc ...` (src/native/win-scm.c) per query, start or restart, with
// the names as arguments (never through a shell or a script's text). Where
// this psv carries no psv-win.exe (or it cannot be started), sc.exe and
// PowerShell answer as before (windows-processes.ts), said once as ToolFailed.
import { runWithTimeout } from './run-with-timeout.js';
import { reportToolFailure } from './tools.js';
import type { ServiceState, ServiceStatus } from './types.js';
import { restartWindowsService, scStart, windowsServiceStatus } from './windows-processes.js';

/** How long the helper waits for a service to reach the state it was asked for. */
export const SERVICE_WAIT_MS = 30_000;
/** How long a query may take (the SCM answers in milliseconds; a hung one must not hold the tick). */
const QUERY_TIMEOUT_MS = 15_000;
/** The helper's own time on top of its wait (process start, a restart's two waits). */
const CONTROL_MARGIN_MS = 15_000;

/** The helper's exit codes (win-scm.c), by what they mean. */
const EXIT_MEANING: Record<number, string> = { 2: 'usage', 5: 'access denied', 6: 'no such service', 7: 'timed out' };

/** The exact arguments of psv-win.exe for each request (tested as they are). */
export const SVC_ARGS = {
  query: (names: readonly string[]): string[] => ['svc', 'query', ...names],
  start: (name: string, waitMs = SERVICE_WAIT_MS): string[] => ['svc', 'start', name, String(waitMs)],
  stop: (name: string, waitMs = SERVICE_WAIT_MS): string[] => ['svc', 'stop', name, String(waitMs)],
  restart: (name: string, waitMs = SERVICE_WAIT_MS): string[] => ['svc', 'restart', name, String(waitMs)],
};

const STATES: Record<string, ServiceState> = {
  running: 'running',
  starting: 'starting',
  resuming: 'starting',
  stopping: 'stopping',
  pausing: 'stopping',
  paused: 'stopping',
  stopped: 'stopped',
};

/** ERROR_SERVICE_SPECIFIC_ERROR: the service's own code is the one that counts. */
const SPECIFIC = 1066;
/** ERROR_SERVICE_NEVER_STARTED: no run since boot, so no exit to judge. */
const NEVER_STARTED = 1077;

/** One line of `psv-win svc query`: state, pid, start type, win32 exit, service exit, name (last). */
export function parseSvcLine(line: string): ServiceStatus | null {
  const f = line.replace(/\r$/, '').split('\t');
  if (f.length < 6 || !/^\d+$/.test(f[1]!) || !/^\d+$/.test(f[3]!) || !/^\d+$/.test(f[4]!)) return null;
  const [word, pidText, startType] = f as [string, string, string];
  const name = f.slice(5).join('\t');
  const unknown = (detail: string): ServiceStatus => ({ name, state: 'unknown', pid: null, stoppedCleanly: false, exitCode: null, detail });
  if (word === 'missing') return unknown('no such service');
  if (word.startsWith('error:')) return unknown(`cannot read the service (error ${word.slice(6)})`);
  const known = STATES[word];
  if (!known) return unknown(word);
  const win32 = Number(f[3]);
  const exitCode = win32 === NEVER_STARTED ? null : win32 === SPECIFIC ? Number(f[4]) : win32;
  const state: ServiceState = known === 'stopped' && exitCode !== null && exitCode !== 0 ? 'failed' : known;
  const pid = Number(pidText);
  return { name, state, pid: pid > 0 ? pid : null, stoppedCleanly: state === 'stopped', exitCode, detail: `${word} (start ${startType})` };
}

/** The statuses of `names`, in their order, from the query's output; a name it did not answer for is unknown. */
export function parseSvcQuery(names: readonly string[], text: string): ServiceStatus[] {
  const byName = new Map<string, ServiceStatus>();
  for (const line of text.split('\n')) {
    const s = parseSvcLine(line);
    if (s) byName.set(s.name, s);
  }
  return names.map((name) => byName.get(name) ?? { name, state: 'unknown', pid: null, stoppedCleanly: false, exitCode: null, detail: 'no answer from the service manager' });
}

export interface SvcResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** The helper could not be started at all. */
  error: Error | null;
}

/** Runs the helper with `args` (tests hand in their own). */
export type SvcRunner = (helper: string, args: string[], timeoutMs: number) => Promise<SvcResult>;

const runHelper: SvcRunner = async (helper, args, timeoutMs) => {
  const r = await runWithTimeout([helper, ...args], { timeoutMs });
  return { code: r.exitCode, stdout: r.stdout, stderr: r.stderr, timedOut: r.timedOut, error: r.error };
};

/** Why a request failed, in words: the helper's own line, else what its exit code means. */
function failure(verb: string, name: string, r: SvcResult, timeoutMs: number): Error {
  if (r.timedOut) return new Error(`service ${verb} ${name}: psv-win.exe gave no answer within ${timeoutMs} ms`);
  const said = r.stderr.trim().split(/\r?\n/).pop();
  return new Error(said || `service ${verb} ${name}: ${EXIT_MEANING[r.code ?? -1] ?? `failed (exit code ${r.code})`}`);
}

/** The services, through psv-win.exe at `helper()` (null: this psv carries none). */
export class WindowsServices {
  private warned = false;

  constructor(
    private readonly helper: () => string | null,
    private readonly runner: SvcRunner = runHelper,
    private readonly fallback = { status: windowsServiceStatus, start: scStart, restart: restartWindowsService },
  ) {}

  /** The helper to use, or null (then the old tools answer; said once). */
  private path(): string | null {
    const path = this.helper();
    if (!path) this.fellBack('this psv carries no psv-win.exe');
    return path;
  }

  private fellBack(why: string): void {
    if (this.warned) return;
    this.warned = true;
    reportToolFailure('psv-win.exe', `${why}; services are handled through sc.exe and PowerShell`);
  }

  async status(names: readonly string[]): Promise<ServiceStatus[]> {
    if (names.length === 0) return [];
    const path = this.path();
    if (!path) return this.fallback.status(names);
    const r = await this.runner(path, SVC_ARGS.query(names), QUERY_TIMEOUT_MS);
    if (r.error) {
      this.fellBack(`cannot run ${path}: ${r.error.message}`);
      return this.fallback.status(names);
    }
    if (r.code !== 0) {
      const why = failure('query', names.join(' '), r, QUERY_TIMEOUT_MS).message;
      return names.map((name) => ({ name, state: 'unknown', pid: null, stoppedCleanly: false, exitCode: null, detail: why }));
    }
    return parseSvcQuery(names, r.stdout);
  }

  start(name: string): Promise<void> {
    return this.control('start', name, (n) => this.fallback.start(n));
  }

  restart(name: string): Promise<void> {
    return this.control('restart', name, (n) => this.fallback.restart(n));
  }

  private async control(verb: 'start' | 'restart', name: string, old: (name: string) => Promise<void>): Promise<void> {
    const path = this.path();
    if (!path) return old(name);
    // A restart waits twice (stopped, then running).
    const timeoutMs = SERVICE_WAIT_MS * (verb === 'restart' ? 2 : 1) + CONTROL_MARGIN_MS;
    const r = await this.runner(path, SVC_ARGS[verb](name), timeoutMs);
    if (r.error) {
      this.fellBack(`cannot run ${path}: ${r.error.message}`);
      return old(name);
    }
    if (r.code !== 0 || r.timedOut) throw failure(verb, name, r, timeoutMs);
  }
}
