// Shared test helpers: temp folders, a real psv monitor process, the event file,
// and waiting for a condition with a generous deadline (never a fixed sleep).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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
  rmSync(dir, { recursive: true, force: true });
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
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as PsvEvent);
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
  return `monitor:\n  stateDir: ${join(dir, 'state')}\n  control: ${join(dir, 'psv.sock')}\n  events:\n    file: ${join(dir, 'events.jsonl')}\n    console: false\n${extra}`;
}
