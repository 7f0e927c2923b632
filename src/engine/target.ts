// One target's life: spawn, learn of its exit from the child's exit event (or,
// for a process adopted after a monitor restart, from the liveness check),
// and ask the retry policy what to do next.
import type { ChildProcess } from 'node:child_process';
import { formatDuration } from '../config/duration.js';
import type { TargetConfig } from '../config/types.js';
import type { EventBus } from '../events/bus.js';
import type { Platform } from '../platform/index.js';
import { continueDelay, decideRestart, pruneRestarts, type RetryRule } from '../policy/retry.js';
import { OutputLog } from './output-log.js';
import { runRestartScript } from './script.js';
import { assertTransition, TargetState } from './states.js';

export interface LastExit {
  code: number | null;
  signal: string | null;
  at: number;
}

/** What survives a monitor restart (stateDir/state.json). */
export interface PersistedTarget {
  state: TargetState;
  pid: number | null;
  /** The process start token of pid, so a reused pid is never mistaken for it. */
  token: string | null;
  startedAt: number | null;
  restarts: number[];
  paused: boolean;
  continueMode: boolean;
  lastExit: LastExit | null;
  /** Fingerprint of what the process was started from (command, cwd, env). */
  spec: string;
}

export interface TargetHost {
  platform: Platform;
  events: EventBus;
  logDir: string;
  logMaxBytes: number;
  logKeep: number;
  now(): number;
  /** Called when the retry-over action is failover. */
  requestFailover(target: string): void;
  /** Called after every change worth persisting. */
  changed(): void;
}

/** How often a stopping adopted process is checked for being gone. */
const ADOPTED_STOP_POLL_MS = 50;

function describeExit(code: number | null, signal: string | null): string {
  return code !== null ? `exit code ${code}` : `signal ${signal}`;
}

export function specOf(config: TargetConfig): string {
  return JSON.stringify([config.command, config.cwd, config.env]);
}

export class Target {
  state: TargetState = TargetState.Stopped;
  pid: number | null = null;
  startedAt: number | null = null;
  lastExit: LastExit | null = null;
  paused = false;
  /** The process was found running at monitor start, not spawned by this monitor. */
  adopted = false;
  private token: string | null = null;
  private restarts: number[] = [];
  private child: ChildProcess | null = null;
  private timer: NodeJS.Timeout | null = null;
  private killTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private stopWaiters: Array<() => void> = [];
  private log: OutputLog;
  /** Bumped on every stop, so a restart scheduled before it is dropped. */
  private generation = 0;
  /** Set by retry-over with onRetryOver=continue until the window has room again. */
  private continueMode = false;
  private stopReason = 'stopped by request';
  /** The spec the running process was started from. */
  private runningSpec: string | null = null;

  constructor(public config: TargetConfig, private readonly host: TargetHost) {
    this.log = new OutputLog(host.logDir, config.name, host.logMaxBytes, host.logKeep);
  }

  get name(): string {
    return this.config.name;
  }

  get logPath(): string {
    return this.log.path;
  }

  private get rule(): RetryRule {
    return this.config.restart;
  }

  restartsInWindow(): number {
    return pruneRestarts(this.restarts, this.host.now(), this.rule.windowMs).length;
  }

  /** Whether the running process was started from a different command, cwd or env. */
  specChanged(): boolean {
    return this.runningSpec !== null && this.runningSpec !== specOf(this.config);
  }

  private moveTo(next: TargetState): void {
    assertTransition(this.name, this.state, next);
    this.state = next;
    this.host.changed();
  }

  snapshot(): PersistedTarget {
    return {
      state: this.state,
      pid: this.pid,
      token: this.token,
      startedAt: this.startedAt,
      restarts: this.restarts,
      paused: this.paused,
      continueMode: this.continueMode,
      lastExit: this.lastExit,
      spec: this.runningSpec ?? specOf(this.config),
    };
  }

  /**
   * Takes up where the previous monitor left off: adopts the process when it
   * still runs (same pid, same start token), restarts it under the retry rule
   * when it died meanwhile, keeps the retry count either way.
   */
  resume(saved: PersistedTarget): void {
    this.restarts = saved.restarts;
    this.paused = saved.paused;
    this.continueMode = saved.continueMode;
    this.lastExit = saved.lastExit;
    const wasAlive = saved.state === TargetState.Running || saved.state === TargetState.Stopping || saved.state === TargetState.Starting;
    if (saved.pid !== null && saved.token !== null && this.host.platform.processStartToken(saved.pid) === saved.token) {
      this.pid = saved.pid;
      this.token = saved.token;
      this.startedAt = saved.startedAt;
      this.adopted = true;
      this.runningSpec = saved.spec;
      this.moveTo(TargetState.Running);
      this.host.events.emit('TargetAdopted', { target: this.name, pid: saved.pid });
      return;
    }
    if (saved.state === TargetState.Failed) {
      this.state = TargetState.Failed;
      return;
    }
    if (wasAlive && saved.pid !== null) {
      // It died while no monitor watched it: the same as dying now.
      this.pid = saved.pid;
      this.startedAt = saved.startedAt;
      this.markDown(saved.pid, null, null, 'exited while the monitor was down');
      return;
    }
    if (saved.state === TargetState.Backoff && !this.paused) {
      this.state = TargetState.Backoff;
      this.handleFailure(saved.pid, null);
      return;
    }
    this.start();
  }

  /** First start (or start after a stop, a retry-over or a paused death). */
  start(): void {
    if (this.state === TargetState.Running || this.state === TargetState.Starting || this.state === TargetState.Stopping) return;
    this.clearTimer();
    this.generation++;
    if (this.state === TargetState.Backoff) this.moveTo(TargetState.Stopped);
    this.spawnNow('start');
  }

  private spawnNow(why: 'start' | 'restart'): void {
    this.moveTo(TargetState.Starting);
    const { platform, events } = this.host;
    let fd: number | 'ignore' = 'ignore';
    try {
      fd = this.log.open();
    } catch {
      // A log folder we cannot write to must not keep the target down.
    }
    let child: ChildProcess;
    try {
      child = platform.spawnTarget({
        command: this.config.command,
        cwd: this.config.cwd,
        env: { ...process.env, ...this.config.env } as Record<string, string>,
        outputFd: fd,
      });
    } catch (err) {
      if (fd !== 'ignore') this.log.close(fd);
      this.spawnFailed(why, (err as Error).message);
      return;
    }
    if (fd !== 'ignore') this.log.close(fd);
    if (child.pid === undefined) {
      // The OS error (ENOENT, EACCES, ...) arrives as an 'error' event.
      const generation = this.generation;
      child.once('error', (err) => {
        if (generation === this.generation) this.spawnFailed(why, err.message);
        else this.abandonStart();
      });
      return;
    }
    child.on('error', () => undefined);
    const pid = child.pid;
    this.child = child;
    this.pid = pid;
    this.adopted = false;
    this.startedAt = this.host.now();
    this.runningSpec = specOf(this.config);
    child.once('exit', (code, signal) => this.onExit(child, pid, code, signal));
    this.moveTo(TargetState.Running);
    events.emit('TargetStarted', { target: this.name, pid, command: this.config.command.join(' ') });
    events.emit('TargetUp', { target: this.name, pid });
    // The start token is read after the events, off the kill→back path.
    this.token = platform.processStartToken(pid);
    this.host.changed();
  }

  private spawnFailed(why: 'start' | 'restart', error: string): void {
    this.host.events.emit('RestartFailed', { target: this.name, error: why === 'start' ? `start failed: ${error}` : error });
    this.pid = null;
    this.token = null;
    this.moveTo(TargetState.Backoff);
    this.handleFailure();
  }

  /** A stop came while a failed spawn was still reporting its error. */
  private abandonStart(): void {
    this.moveTo(TargetState.Backoff);
    this.moveTo(TargetState.Stopped);
    this.resolveStopWaiters();
  }

  private onExit(child: ChildProcess, pid: number, code: number | null, signal: string | null): void {
    if (child !== this.child) return;
    this.child = null;
    this.exited(pid, code, signal, describeExit(code, signal));
  }

  /** The liveness check for an adopted process (not our child: no exit event). */
  checkAdopted(): void {
    if (!this.adopted || this.pid === null || this.state !== TargetState.Running && this.state !== TargetState.Stopping) return;
    if (this.host.platform.processStartToken(this.pid) === this.token) return;
    this.adopted = false;
    this.exited(this.pid, null, null, 'exited (adopted process, exit status unknown)');
  }

  private exited(pid: number, code: number | null, signal: string | null, how: string): void {
    this.lastExit = { code, signal, at: this.host.now() };
    if (this.state === TargetState.Stopping) {
      this.finishStop(pid);
      return;
    }
    this.markDown(pid, code, signal, how);
  }

  private markDown(pid: number, code: number | null, signal: string | null, how: string): void {
    // The tree is one unit: whatever the dead leader left behind goes too.
    this.host.platform.killTree(pid);
    this.pid = null;
    this.token = null;
    this.runningSpec = null;
    if (this.lastExit === null || this.lastExit.code !== code || this.lastExit.signal !== signal) this.lastExit = { code, signal, at: this.host.now() };
    if (this.paused) {
      this.moveTo(TargetState.Exited);
      this.host.events.emit('TargetDownPaused', { target: this.name, pid, how });
      return;
    }
    this.moveTo(TargetState.Backoff);
    this.host.events.emit('TargetDown', { target: this.name, pid, exitCode: code, signal, how });
    this.handleFailure(pid, code);
  }

  /** The target is down (state Backoff): restart it under the retry rule, or retry over. */
  private handleFailure(deadPid: number | null = null, exitCode: number | null = null): void {
    const now = this.host.now();
    const decision = decideRestart(this.rule, this.restarts, now);
    let delayMs: number;
    let attempt: number;
    if (decision.kind === 'restart') {
      this.continueMode = false;
      this.restarts = decision.restarts;
      delayMs = decision.delayMs;
      attempt = decision.attempt;
    } else if (this.retryOver(decision.restarts.length)) {
      // onRetryOver=continue: keep trying at the maximum backoff.
      this.restarts = [...decision.restarts, now];
      delayMs = continueDelay(this.rule);
      attempt = decision.restarts.length + 1;
    } else {
      return;
    }
    this.host.changed();
    this.host.events.emit('RestartAttempt', { target: this.name, attempt, retries: this.rule.retries, delayMs });
    const generation = this.generation;
    const go = (): void => {
      this.timer = null;
      if (generation !== this.generation || this.state !== TargetState.Backoff) return;
      if (this.config.restart.script) void this.runScriptThenSpawn(deadPid, exitCode, generation);
      else this.spawnNow('restart');
    };
    if (delayMs > 0) this.timer = setTimeout(go, delayMs);
    else go();
  }

  private async runScriptThenSpawn(deadPid: number | null, exitCode: number | null, generation: number): Promise<void> {
    const script = this.config.restart.script!;
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      ...this.config.env,
      PSV_TARGET: this.name,
      PSV_PID: deadPid === null ? '' : String(deadPid),
      PSV_REASON: this.lastExit ? describeExit(this.lastExit.code, this.lastExit.signal) : 'start failed',
      PSV_EXIT_CODE: exitCode === null ? '' : String(exitCode),
    };
    let fd: number | 'ignore' = 'ignore';
    try {
      fd = this.log.open();
    } catch {
      // as in spawnNow
    }
    const result = await runRestartScript(this.host.platform, script, {
      cwd: this.config.cwd,
      env,
      timeoutMs: this.config.restart.scriptTimeoutMs,
      outputFd: fd,
    });
    if (fd !== 'ignore') this.log.close(fd);
    if (generation !== this.generation || this.state !== TargetState.Backoff) return;
    if (!result.ok) {
      this.host.events.emit('RestartFailed', { target: this.name, error: `restart script: ${result.error}` });
      this.handleFailure(deadPid, exitCode);
      return;
    }
    this.host.events.emit('RestartScriptRun', { target: this.name, script, exitCode: result.exitCode ?? 0 });
    this.spawnNow('restart');
  }

  /** Applies onRetryOver; returns true when the target is to be restarted anyway. */
  private retryOver(restartsInWindow: number): boolean {
    if (this.continueMode) return true;
    const action = this.config.onRetryOver;
    this.host.events.emit('RetryOver', {
      target: this.name,
      restarts: restartsInWindow,
      window: formatDuration(this.rule.windowMs),
      action,
    });
    if (action === 'continue') {
      this.continueMode = true;
      return true;
    }
    this.moveTo(TargetState.Failed);
    if (action === 'failover') this.host.requestFailover(this.name);
    return false;
  }

  /** Clears the retry count; after a retry-over the target starts again. */
  reset(): void {
    this.restarts = [];
    this.continueMode = false;
    this.host.changed();
    if (this.state === TargetState.Failed) this.start();
  }

  pause(): void {
    this.paused = true;
    this.host.changed();
  }

  /** Resumes monitoring; a target that died while paused is started again. */
  unpause(): void {
    this.paused = false;
    this.host.changed();
    if (this.state === TargetState.Exited) this.start();
  }

  /** The operator's restart: stop the tree and start again, not counted against the retries. */
  async restart(): Promise<void> {
    if (this.state === TargetState.Running || this.state === TargetState.Stopping) await this.stop('restart requested');
    this.start();
  }

  /** Stops the tree: terminate, then kill after stopTimeout. Resolves once it is gone. */
  stop(reason = 'stopped by request'): Promise<void> {
    this.generation++;
    this.clearTimer();
    this.stopReason = reason;
    switch (this.state) {
      case TargetState.Stopped:
        return Promise.resolve();
      case TargetState.Running: {
        const pid = this.pid!;
        this.moveTo(TargetState.Stopping);
        this.host.platform.terminateTree(pid);
        this.killTimer = setTimeout(() => this.host.platform.killTree(pid), this.config.stopTimeoutMs);
        // An adopted process is not our child: no exit event, so watch it go.
        if (this.adopted) this.pollTimer = setInterval(() => this.checkAdopted(), ADOPTED_STOP_POLL_MS);
        return this.waitForStop();
      }
      case TargetState.Stopping:
      case TargetState.Starting: // a failed spawn whose error is still on its way
        return this.waitForStop();
      default:
        // Backoff, Failed, Exited: nothing alive to stop.
        this.moveTo(TargetState.Stopped);
        return Promise.resolve();
    }
  }

  private waitForStop(): Promise<void> {
    return new Promise<void>((resolve) => this.stopWaiters.push(resolve));
  }

  private resolveStopWaiters(): void {
    const waiters = this.stopWaiters;
    this.stopWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private finishStop(pid: number): void {
    if (this.killTimer) clearTimeout(this.killTimer);
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.killTimer = null;
    this.pollTimer = null;
    // Children that ignored the terminate request go now.
    this.host.platform.killTree(pid);
    this.pid = null;
    this.token = null;
    this.adopted = false;
    this.runningSpec = null;
    this.moveTo(TargetState.Stopped);
    this.host.events.emit('TargetStopped', { target: this.name, pid, reason: this.stopReason });
    this.resolveStopWaiters();
  }

  /** Lets go of the process without stopping it (monitor stop --keep-targets). */
  release(): void {
    this.generation++;
    this.clearTimer();
    if (this.pid !== null && this.state === TargetState.Running) this.host.events.emit('TargetReleased', { target: this.name, pid: this.pid });
    this.child?.removeAllListeners('exit');
    this.child?.unref();
    this.child = null;
  }

  rotateLog(): void {
    try {
      this.log.rotateIfNeeded();
    } catch {
      // Rotation is best effort; a full disk must not stop monitoring.
    }
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
