// Shared test helpers: temp folders, a real psv monitor process, the event file,
// and waiting for a condition with a generous deadline (never a fixed sleep).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, chmodSync, closeSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after } from 'node:test';
import type { TargetConfig } from '../src/config/types.js';

export const ROOT = resolve(process.cwd());

/** How to run psv: the built executable when PSV_EXE is set, else the compiled sources. */
export function psvCommand(): string[] {
  const exe = process.env.PSV_EXE;
  if (exe) return [resolve(exe)];
  return [process.execPath, join(ROOT, 'dist', 'src', 'cli', 'main.js')];
}

export function tempDir(prefix = 'psv-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function cleanup(dir: string): void {
  // Retries: a process that was just stopped may have written a last file into the tree.
  rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
}

export function writeFile(path: string, text: string, executable = false): string {
  writeFileSync(path, text);
  if (executable) chmodSync(path, 0o755);
  return path;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a psv verb to completion. */
export function psv(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): RunResult {
  const [file, ...pre] = psvCommand();
  const r = spawnSync(file!, [...pre, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 60_000,
  });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export async function waitFor<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let delay = 5;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 50);
  }
}

export interface PsvEvent {
  time: string;
  id: number;
  event: string;
  level: string;
  message: string;
  target?: string;
  pid?: number;
  [k: string]: unknown;
}

export function readEvents(file: string): PsvEvent[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    // Not there yet, or rotated away this instant (renamed before the new file is made).
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const lines = text.split('\n');
  // The last piece has no newline yet while the monitor is writing it: not an event yet.
  lines.pop();
  return lines.filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as PsvEvent);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie still answers signal 0; it is dead for our purposes.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** A running `psv run` in the foreground, as a real child process. */
export class MonitorProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(readonly config: string, readonly eventsFile: string, env: NodeJS.ProcessEnv = {}) {
    const [file, ...pre] = psvCommand();
    this.child = spawn(file!, [...pre, 'run', '-c', config], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  events(): PsvEvent[] {
    return readEvents(this.eventsFile);
  }

  /** Waits until `count` events match, and returns them. */
  async waitEvents(what: string, match: (e: PsvEvent) => boolean, count = 1, timeoutMs = 20_000): Promise<PsvEvent[]> {
    return waitFor(
      `${count} × ${what} (stderr: ${this.stderr.slice(-500)})`,
      () => {
        const found = this.events().filter(match);
        return found.length >= count ? found : undefined;
      },
      timeoutMs,
    );
  }

  async stop(timeoutMs = 30_000): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}

/** Writes a config under `dir` and returns its path and event file. */
export function writeConfig(dir: string, yaml: string): { config: string; events: string } {
  const config = join(dir, 'psv.yaml');
  writeFileSync(config, yaml);
  return { config, events: join(dir, 'events.jsonl') };
}

/** The monitor part of a test config: state, control socket and events inside `dir`, no console noise. */
export function monitorSection(dir: string, extra = ''): string {
  // The file only, unless the test names its own sinks (no syslog warnings from machines without /dev/log).
  const sinks = /^ {4}sinks:/m.test(extra) ? '' : '    sinks: [file]\n';
  return `monitor:\n  stateDir: ${join(dir, 'state')}\n  control: ${join(dir, 'psv.sock')}\n  events:\n    file: ${join(dir, 'events.jsonl')}\n    console: false\n${sinks}${extra}`;
}

// --- A monitor in the background (`psv start`), driven through the CLI ---

/** Runs a psv verb without blocking the event loop (so other waits and children keep going). */
export function psvAsync(args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; user?: string } = {}): Promise<RunResult> {
  const [file, ...pre] = psvCommand();
  const argv = opts.user ? ['runuser', '-u', opts.user, '--', file!, ...pre, ...args] : [file!, ...pre, ...args];
  return new Promise((resolvePromise) => {
    const child = spawn(argv[0]!, argv.slice(1), { env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** A command that sleeps for ~1000 s and carries a unique argument, to find its processes by. */
export function taggedSleep(): { command: string[]; tag: string } {
  // GNU sleep takes a fraction: the digits make the argument unique across parallel tests.
  const tag = `1000.${Date.now() % 1e7}${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  return { command: ['sleep', tag], tag };
}

/** Live (non-zombie) processes whose command line has `arg` as one of its arguments. */
export function pidsWithArg(arg: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (argv.includes(arg) && isAlive(pid)) pids.push(pid);
  }
  return pids;
}

/** The command line of a process, or null when it is gone. */
export function cmdlineOf(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

/** Last-resort cleanup after a failed test: SIGKILLs every process with one of these arguments. */
export function killProcessesWithArg(...args: string[]): void {
  for (const arg of args) {
    for (const pid of pidsWithArg(arg)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

/** waitFor with an async probe (e.g. a psv verb). */
export async function waitForAsync<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let delay = 20;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 200);
  }
}

/** Rows of a psv table (columns are separated by two or more spaces), as header → cell maps. */
export function parseTable(text: string): Array<Record<string, string>> {
  const lines = text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('*'));
  const headers = lines[0]!.split(/ {2,}/);
  return lines.slice(2).map((l) => Object.fromEntries(l.split(/ {2,}/).map((cell, i) => [headers[i] ?? `#${i}`, cell])));
}

/** Writes a file until the disk has no room left. */
export function fillDisk(path: string): void {
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(1024, 1);
  try {
    for (;;) writeSync(fd, block);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
}

/**
 * What a suite of monitor tests shares: temp folders, monitors and tagged
 * sleepers, all stopped, killed and removed after the suite (registered here).
 */
export function monitorFixtures(): {
  dir(prefix: string): string;
  monitor(prefix: string, body: string, env?: NodeJS.ProcessEnv): { dir: string; config: string; m: MonitorProcess };
  /** Starts `psv run -c config` (a config the test wrote itself), stopped after the suite. */
  run(config: string, events: string, env?: NodeJS.ProcessEnv): MonitorProcess;
  sleeper(): string;
} {
  const dirs: string[] = [];
  const monitors: MonitorProcess[] = [];
  const tags: string[] = [];
  after(async () => {
    for (const m of monitors) await m.stop();
    killProcessesWithArg(...tags);
    for (const d of dirs) cleanup(d);
  });
  const dir = (prefix: string): string => {
    const d = tempDir(prefix);
    dirs.push(d);
    return d;
  };
  const run = (config: string, events: string, env: NodeJS.ProcessEnv = {}): MonitorProcess => {
    const m = new MonitorProcess(config, events, env);
    monitors.push(m);
    return m;
  };
  return {
    dir,
    monitor(prefix, body, env = {}) {
      const d = dir(prefix);
      const { config, events } = writeConfig(d, `${monitorSection(d)}${body}`);
      return { dir: d, config, m: run(config, events, env) };
    },
    run,
    sleeper() {
      const s = taggedSleep();
      tags.push(s.tag);
      return JSON.stringify(s.command);
    },
  };
}

/**
 * Processes a test starts outside psv (not the monitor's children: found by
 * match or pidfile, or re-adopted), each told apart by a unique `sleep`
 * duration. The file's own `after` calls killAll once its monitors have
 * stopped (before that, a monitor would restore what is killed).
 */
export class ExternalProcesses {
  private readonly pids: number[] = [];
  private n = 0;

  /** `base`: a number of its own per test file, so that files running at once never share a duration. */
  constructor(private readonly base: number) {}

  /** A `sleep` duration no other process on the machine has. */
  unique(): string {
    return `${this.base + (process.pid % 1000) * 10 + this.n++}.5`;
  }

  /** Killed at the end too (a replacement psv or a restore script started). */
  add(...pids: number[]): void {
    this.pids.push(...pids);
  }

  /** Starts `argv` detached and waits until it has exec'ed (its command line is argv). */
  async start(argv: string[]): Promise<number> {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: 'ignore', detached: true });
    child.unref();
    const pid = child.pid!;
    this.add(pid);
    await waitFor(`${argv.join(' ')} running`, () => commandLineOf(pid) === argv.join(' '));
    return pid;
  }

  killAll(): void {
    for (const pid of this.pids.splice(0)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
}

/** /proc/PID/cmdline as one line ('' once the process is gone). */
export function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** Matches the events of one target by name. */
export const eventOf = (target: string, event: string) => (e: PsvEvent) => e.target === target && e.event === event;

/** A resolved command target 'app' running `app`, as unit tests build it without a config file. */
export function targetConfig(over: Partial<TargetConfig['restart']> = {}, onRetryOver: TargetConfig['onRetryOver'] = 'stop'): TargetConfig {
  return {
    name: 'app',
    kind: 'command',
    command: ['app'],
    match: null,
    pidfile: null,
    service: null,
    restartWhenStopped: false,
    instances: null,
    onExcess: 'warn',
    cwd: '/',
    env: {},
    restart: { type: 'permanent', retries: 3, windowMs: 60_000, delayMs: 0, backoff: { factor: 2, maxMs: 30_000 }, script: null, scriptTimeoutMs: 1000, command: null, confirmTimeoutMs: 1000, ...over },
    onRetryOver,
    stopTimeoutMs: 1000,
    stopSignal: 'SIGTERM',
    runAs: null,
    userEnv: {},
    scriptUser: null,
    dependsOn: [],
    readyAfterMs: 0,
    readyOnNotify: false,
    group: null,
    stall: { heartbeatMs: null, file: null, stuckForMs: null },
    probes: [],
    on: {},
  };
}
