// Starts targets through psv-spawn (src/native/psv-spawn.c), a small helper
// process that forks, execs and reaps them and reports each start and exit on a
// pipe. Node's own spawn forks the monitor itself, which costs time in
// proportion to the monitor's resident memory; the helper's fork costs what a
// bare C loop's does. Linux only; elsewhere, or when the helper cannot run,
// targets are spawned by Node directly.
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { closeSync, openSync, statSync } from 'node:fs';
import { constants as osConstants, setPriority } from 'node:os';
import { findExecutable } from '../config/which.js';
import { nativeHelperPath, SPAWN_HELPER_ASSET } from './helpers.js';
import type { ChildReading, ChildWatch, ChildWork, LaunchSpec, ProcessControl, RunAs, TargetProcess } from './types.js';
import { ROOT_PID_ENV, TARGET_ID_ENV } from './marker.js';
import { listMarked } from './proc.js';

const SIGNAL_NAMES = new Map<number, NodeJS.Signals>(
  Object.entries(osConstants.signals).map(([name, no]) => [no, name as NodeJS.Signals]),
);
const ERRNO_NAMES = new Map<number, string>(Object.entries(osConstants.errno).map(([name, no]) => [no, name]));

/**
 * A target started by the helper: 'spawn' or 'error' first, then 'exit'
 * (code, signal, respawn), or 'detached'. `respawn` is set when the child was
 * armed: the helper has already started it again ({ child }) or failed to ({ error }).
 */
class HelperChild extends EventEmitter implements TargetProcess {
  pid: number | undefined = undefined;
  /** The helper is a subreaper: what the target daemonizes is its child, killed when the target ends. */
  readonly treeHeld = true;
  /** The helper restarts it at once when it exits (one-shot; see psv-spawn.c). */
  armed = false;
  /** Let go (unref) before or after its start: its exit is not waited for. */
  released = false;
  /** Its PSV_TARGET_ID marker, and when it was asked for: how to find it if the helper dies before saying its pid. */
  marker: { key: string; name: string; askedAt: number } | null = null;

  constructor(
    readonly file: string,
    private readonly owner: SpawnHelper,
  ) {
    super();
  }

  arm(): void {
    if (this.pid === undefined || this.released || this.armed) return;
    this.armed = true;
    this.owner.send(['A', String(this.pid)]);
  }

  /** Resolves once the helper will not restart it any more (at once when it was not armed). */
  disarm(): Promise<void> {
    if (!this.armed || this.pid === undefined) return Promise.resolve();
    this.armed = false;
    return this.owner.disarm(this.pid);
  }

  /** Its exit no longer matters (the monitor lets it go): it stops keeping the event loop alive. */
  unref(): void {
    this.released = true;
    if (this.pid !== undefined) this.owner.forget(this.pid);
  }
}

/** The error Node's spawn gives for `errno` (its words: "spawn FILE ENOENT"). */
function spawnError(file: string, errno: number): Error {
  const code = ERRNO_NAMES.get(errno) ?? `errno ${errno}`;
  return Object.assign(new Error(`spawn ${file} ${code}`), { code, errno: -errno, syscall: `spawn ${file}` });
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Where the helper program is, or null when this psv has none (not Linux, not built). */
export function spawnHelperPath(): string | null {
  return nativeHelperPath(SPAWN_HELPER_ASSET, 'PSV_SPAWN_HELPER');
}

/**
 * One helper process, started on first use. When it dies, the targets it
 * started become 'detached' (their exits are then found by the liveness check,
 * as for adopted processes) and the next launch starts a new helper. After
 * MAX_RESTARTS helpers in a row that each died within SHORT_LIFE_MS of their
 * start (one that cannot run here), launch() returns null and the caller
 * spawns by itself (withRootMarker). Deaths far apart (a helper killed now and
 * then over months) never add up to that.
 */
export class SpawnHelper implements ChildWatch {
  private static readonly MAX_RESTARTS = 5;
  private static readonly SHORT_LIFE_MS = 60_000;
  /** A question about samples not answered in this time is given up (a helper stopped by a debugger). */
  private static readonly READINGS_TIMEOUT_MS = 2_000;
  private proc: ChildProcess | null = null;
  private procStartedAt = 0;
  private nextId = 1;
  private readonly pending = new Map<number, HelperChild>();
  private readonly running = new Map<number, HelperChild>();
  /** Helpers in a row that died within SHORT_LIFE_MS of their start. */
  private deaths = 0;
  private partial = '';
  private readonly disarming = new Map<number, () => void>();
  private held = false;
  /** Replies about other work than its children (the waits of pidfd.ts), by their first word. */
  private readonly replies = new Map<string, (fields: string[]) => void>();
  private readonly startHooks: Array<() => void> = [];
  private readonly goneHooks: Array<() => void> = [];
  /** The request that says what to watch of the children (ChildWatch.configure), given to each helper. */
  private work: string[] | null = null;
  private readonly readingQueries = new Map<string, (readings: ChildReading[] | null) => void>();
  private readonly logFull = new Set<(pid: number) => void>();

  constructor(
    private readonly path: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Hands the replies starting with `kind` to `handler` (their fields after the first). */
  onReply(kind: string, handler: (fields: string[]) => void): void {
    this.replies.set(kind, handler);
  }

  /** Called each time a helper starts (before any other request reaches it), and each time one has died. */
  onStart(hook: () => void): void {
    this.startHooks.push(hook);
  }

  onGone(hook: () => void): void {
    this.goneHooks.push(hook);
  }

  /** Sends a request unless the helper has been given up; whether it was sent. */
  sendIfUsable(fields: readonly string[]): boolean {
    if (!this.usable) return false;
    this.send(fields);
    return true;
  }

  /** Starts a helper now when none runs (and it has not been given up); whether one runs. */
  restart(): boolean {
    if (!this.proc && this.usable) this.startHelper();
    return this.proc !== null;
  }

  configure(work: ChildWork): void {
    const ms = (n: number): string => String(Math.max(0, Math.round(n)));
    this.work = ['C', ms(work.sampleEveryMs), ms(work.sampleSpacingMs), ms(work.keepMs), ms(work.logMaxBytes), ms(work.logEveryMs)];
    if (this.proc) this.send(this.work);
  }

  holds(pid: number | null): boolean {
    return pid !== null && this.proc !== null && this.running.has(pid);
  }

  readings(pid: number): Promise<ChildReading[] | null> {
    if (!this.proc) return Promise.resolve(null);
    const token = String(this.nextId++);
    return new Promise((resolve) => {
      const timer = setTimeout(() => answer(null), SpawnHelper.READINGS_TIMEOUT_MS);
      timer.unref();
      const answer = (readings: ChildReading[] | null): void => {
        clearTimeout(timer);
        this.readingQueries.delete(token);
        this.holdLoop();
        resolve(readings);
      };
      this.readingQueries.set(token, answer);
      this.send(['Q', String(pid), token]);
      this.holdLoop();
    });
  }

  onLogFull(handler: (pid: number) => void): () => void {
    this.logFull.add(handler);
    return () => this.logFull.delete(handler);
  }

  /** Whether a helper runs now (what it was asked to hold, it holds). */
  get helperRuns(): boolean {
    return this.proc !== null;
  }

  get usable(): boolean {
    return this.deaths < SpawnHelper.MAX_RESTARTS;
  }

  launch(spec: LaunchSpec): TargetProcess | null {
    if (!this.usable) return null;
    const id = this.nextId++;
    const child = new HelperChild(spec.command[0] ?? '', this);
    const fields = ['S', String(id), spec.armed ? '1' : '0', spec.cwd, spec.outputPath ?? '', runAsWords(spec.runAs), String(spec.command.length), ...spec.command];
    for (const [k, v] of Object.entries(spec.env)) fields.push(`${k}=${v}`);
    if (fields.some((f) => f.includes('\0'))) {
      process.nextTick(() => child.emit('error', new Error(`spawn ${child.file}: an argument or environment value contains a NUL byte`)));
      return child;
    }
    child.armed = spec.armed === true;
    child.marker = markerOf(spec.env);
    this.pending.set(id, child);
    this.send(fields);
    this.holdLoop();
    return child;
  }

  /** Writes one request (its fields, NUL-terminated, after their byte count). */
  send(fields: readonly string[]): void {
    const proc = this.proc ?? this.startHelper();
    const payload = Buffer.from(fields.join('\0') + '\0', 'utf8');
    proc.stdin!.write(Buffer.concat([Buffer.from(`${payload.length}\n`), payload]));
  }

  /**
   * Signals a target this helper runs as a tree (its group, its descendants,
   * what it daemonized that the helper holds); false when the helper does not
   * run `pid` (any more), for the caller to signal it by itself.
   */
  signalTree(pid: number, signal: NodeJS.Signals): boolean {
    if (!this.proc || !this.running.has(pid)) return false;
    this.send(['T', String(pid), String(osConstants.signals[signal])]);
    return true;
  }

  disarm(pid: number): Promise<void> {
    const ack = this.nextId++;
    return new Promise((resolve) => {
      this.disarming.set(ack, resolve);
      this.send(['D', String(pid), String(ack)]);
      this.holdLoop();
    });
  }

  private startHelper(): ChildProcess {
    // Its own session: a Ctrl+C meant for the monitor does not end it mid-shutdown.
    // Our pid: the helper restarts nothing once its parent is no longer this process.
    const proc = spawn(this.path, [String(process.pid)], { stdio: ['pipe', 'pipe', 'inherit'], detached: true });
    this.proc = proc;
    this.procStartedAt = this.now();
    this.partial = '';
    proc.stdout!.setEncoding('utf8');
    proc.stdout!.on('data', (chunk: string) => this.read(chunk));
    proc.stdin!.on('error', () => undefined); // EPIPE: the exit handler below cleans up
    proc.on('error', () => this.helperGone(proc));
    // 'close', not 'exit': the replies it wrote before it ended are read first.
    proc.on('close', () => this.helperGone(proc));
    // Only the targets keep the monitor's loop alive (see holdLoop), never the helper itself.
    proc.unref();
    (proc.stdin as unknown as { unref(): void }).unref();
    (proc.stdout as unknown as { unref(): void }).unref();
    this.held = false;
    this.holdLoop();
    if (this.work) this.send(this.work);
    for (const hook of this.startHooks) hook();
    return proc;
  }

  private read(chunk: string): void {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop()!;
    for (const line of lines) this.handle(line.split(' '));
    this.holdLoop();
  }

  private handle([kind, a, b, c, ...rest]: string[]): void {
    if (kind === 'P') {
      const child = this.take(Number(a));
      if (!child) return;
      child.pid = Number(b);
      if (!child.released) this.running.set(child.pid, child);
      child.emit('spawn');
    } else if (kind === 'F') {
      const child = this.take(Number(a));
      child?.emit('error', spawnError(child.file, Number(b)));
    } else if (kind === 'X') {
      this.exited(Number(a), b!, Number(c), rest);
    } else if (kind === 'D') {
      const resolve = this.disarming.get(Number(a));
      this.disarming.delete(Number(a));
      resolve?.();
    } else if (kind === 'Q') {
      this.readingQueries.get(a!)?.([b, c, ...rest].filter((r): r is string => r !== undefined && r !== '').map(parseReading));
    } else if (kind === 'L') {
      if (this.running.has(Number(a))) for (const handler of this.logFull) handler(Number(a));
    } else if (kind !== undefined) {
      this.replies.get(kind)?.([a!, b!, c!, ...rest]);
    }
  }

  /** An exit, and when the child was armed, what became of its restart ('R pid' or 'E errno'). */
  private exited(pid: number, how: string, value: number, [again, detail]: string[]): void {
    const child = this.running.get(pid);
    this.running.delete(pid);
    let respawn: { child: HelperChild } | { error: Error } | undefined;
    if (again === 'R') {
      const next = new HelperChild(child?.file ?? '', this);
      next.pid = Number(detail);
      if (child) {
        this.running.set(next.pid, next);
        respawn = { child: next };
      } else {
        // Restarted for a child nobody waits for any more (let go a moment ago): not ours to keep.
        killGroup(next.pid);
      }
    } else if (again === 'E') {
      respawn = { error: spawnError(child?.file ?? '', Number(detail)) };
    }
    if (!child) return;
    child.armed = false;
    if (how === 'c') child.emit('exit', value, null, respawn);
    else child.emit('exit', null, SIGNAL_NAMES.get(value) ?? null, respawn);
  }

  forget(pid: number): void {
    this.running.delete(pid);
    this.holdLoop();
  }

  /** Keeps the event loop alive while a target started here is starting or running, as a ChildProcess would, and while an answer is awaited. */
  private holdLoop(): void {
    const want = this.pending.size + this.running.size + this.disarming.size + this.readingQueries.size > 0;
    if (want === this.held || !this.proc) return;
    this.held = want;
    // Both: the exit of the helper itself must be heard too while targets depend on it.
    const out = this.proc.stdout as unknown as { ref(): void; unref(): void };
    if (want) {
      out.ref();
      this.proc.ref();
    } else {
      out.unref();
      this.proc.unref();
    }
  }

  private take(id: number): HelperChild | undefined {
    const child = this.pending.get(id);
    this.pending.delete(id);
    return child;
  }

  private helperGone(proc: ChildProcess): void {
    if (proc !== this.proc) return;
    this.proc = null;
    this.deaths = this.now() - this.procStartedAt < SpawnHelper.SHORT_LIFE_MS ? this.deaths + 1 : 0;
    const pending = [...this.pending.values()];
    const running = [...this.running.values()];
    this.pending.clear();
    this.running.clear();
    for (const child of pending) {
      // The helper may have started it and died before saying so: then it runs, and is ours.
      const pid = startedMeanwhile(child, [...running, ...pending]);
      if (pid === null) {
        child.emit('error', new Error(`spawn ${child.file}: the spawn helper ${this.path} ended`));
        continue;
      }
      child.pid = pid;
      child.emit('spawn');
      running.push(child);
    }
    for (const resolve of this.disarming.values()) resolve();
    this.disarming.clear();
    for (const answer of [...this.readingQueries.values()]) answer(null);
    for (const child of running) child.emit('detached');
    for (const hook of this.goneHooks) hook();
  }
}

/** One reading as the helper writes it: at,state,ticks,threads,rsspages,fds (usage.c). */
function parseReading(text: string): ChildReading {
  const [at, state, ticks, threads, rss, fds] = text.split(',');
  const fdCount = Number(fds);
  return { at: Number(at), state: state ?? '', ticks: Number(ticks), threads: Number(threads), rssPages: Number(rss), fds: fdCount >= 0 ? fdCount : null };
}

/** The spec's `run` field (the words launch.c reads): what of the target's user, groups, umask, nice and limits is set. */
export function runAsWords(runAs: RunAs | null | undefined): string {
  if (!runAs) return '';
  const words: string[] = [];
  if (runAs.uid !== null) words.push(`u${runAs.uid}`);
  if (runAs.gid !== null) words.push(`g${runAs.gid}`);
  if (runAs.groups !== null) words.push(`G${runAs.groups.join(',')}`);
  if (runAs.umask !== null) words.push(`m${runAs.umask.toString(8)}`);
  if (runAs.nice !== null) words.push(`n${runAs.nice}`);
  const value = (v: number | null) => (v === null ? 'inf' : String(v));
  for (const l of runAs.limits) words.push(`l${l.resource}=${value(l.soft)}:${value(l.hard)}`);
  return words.join(' ');
}

/** The marker a launch carries (platform/marker.ts), split into the monitor's key and the target's name. */
function markerOf(env: Record<string, string>): HelperChild['marker'] {
  const id = env[TARGET_ID_ENV];
  const slash = id?.indexOf('/') ?? -1;
  return id && slash > 0 ? { key: id.slice(0, slash), name: id.slice(slash + 1), askedAt: Date.now() } : null;
}

/** Start times are kept in clock ticks: a process started "before" it was asked for by up to this much is still the one. */
const START_TIME_SLACK_MS = 50;

/**
 * The pid of the root the helper started for `child` before it died without
 * saying so: a root carrying its marker, started since it was asked for, and
 * not one of the helper's known children. Null when there is none.
 */
function startedMeanwhile(child: HelperChild, known: readonly HelperChild[]): number | null {
  const marker = child.marker;
  if (!marker) return null;
  const taken = new Set(known.map((c) => c.pid));
  const found = listMarked(marker.key)
    .filter((p) => p.target === marker.name && p.rootPid === p.pid && !taken.has(p.pid) && p.startedAt >= marker.askedAt - START_TIME_SLACK_MS)
    .sort((a, b) => b.startedAt - a.startedAt);
  return found[0]?.pid ?? null;
}

/**
 * Node's own spawn of a target, its output file opened here and closed once the
 * child has it (or 'ignore' when it cannot be opened). Of `runAs` only the user
 * and group apply (Node's spawn has no groups, umask or limits); the nice
 * value is set just after the start.
 */
export function launchWithNode(platform: Pick<ProcessControl, 'spawnTarget'>, spec: LaunchSpec): TargetProcess {
  let fd: number | 'ignore' = 'ignore';
  if (spec.outputPath !== null) {
    try {
      fd = openSync(spec.outputPath, 'a');
    } catch {
      fd = 'ignore';
    }
  }
  try {
    const run = spec.runAs;
    const user = run && (run.uid !== null || run.gid !== null) ? { uid: run.uid ?? process.getuid!(), gid: run.gid ?? process.getgid!() } : null;
    const child = platform.spawnTarget({ command: spec.command, cwd: spec.cwd, env: spec.env, outputFd: fd, user });
    if (run?.nice != null && child.pid !== undefined) setNice(child.pid, run.nice);
    return child;
  } finally {
    if (fd !== 'ignore') closeSync(fd);
  }
}

/**
 * A POSIX target Node starts, as a shell that puts PSV_ROOT_PID=<its own pid>
 * in the environment and then becomes the target (exec: same pid), as the
 * spawn helper does between fork and exec. With it what the target
 * daemonizes is known by its marker: killed when the target ends or is
 * stopped, never taken for the target by the next monitor (recover.ts).
 * A program or folder that is not there is left to Node's spawn, whose
 * error says so; the command is then returned as it was.
 */
export function withRootMarker(spec: LaunchSpec): readonly string[] {
  const file = spec.command[0];
  if (file === undefined || !startable(file, spec)) return spec.command;
  return ['/bin/sh', '-c', `${ROOT_PID_ENV}=$$; export ${ROOT_PID_ENV}; exec "$@"`, file, ...spec.command];
}

/** Whether the target's folder is there and `file` is found in it or on its PATH as a program that can run. */
function startable(file: string, spec: LaunchSpec): boolean {
  try {
    if (!statSync(spec.cwd).isDirectory()) return false;
  } catch {
    return false;
  }
  return findExecutable(file, { cwd: spec.cwd, env: spec.env, isWindows: false }).found;
}

/** Best effort: a process already gone, or a nice value not allowed, leaves it as it started. */
function setNice(pid: number, nice: number): void {
  try {
    setPriority(pid, nice);
  } catch {
    // its default priority stays
  }
}

let shared: SpawnHelper | null | undefined;

/** The monitor's helper, or null when targets are spawned by Node. */
export function sharedSpawnHelper(): SpawnHelper | null {
  if (shared === undefined) {
    const path = spawnHelperPath();
    shared = path ? new SpawnHelper(path) : null;
  }
  return shared;
}
