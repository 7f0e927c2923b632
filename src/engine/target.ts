// One target's life: spawn, learn of its exit from the child's exit event,
// and ask the retry policy what to do next.
import type { ChildProcess } from 'node:child_process';
import type { TargetConfig } from '../config/types.js';
import { formatDuration } from '../config/duration.js';
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

export interface TargetStatus {
  name: string;
  state: TargetState;
  pid: number | null;
  startedAt: number | null;
  restarts: number;
  retries: number;
  lastExit: LastExit | null;
  paused: boolean;
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
}

function describeExit(code: number | null, signal: string | null): string {
  return code !== null ? `exit code ${code}` : `signal ${signal}`;
}

export class Target {
  state: TargetState = TargetState.Stopped;
  pid: number | null = null;
  startedAt: number | null = null;
  lastExit: LastExit | null = null;
  paused = false;
  private restarts: number[] = [];
  private child: ChildProcess | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopWaiters: Array<() => void> = [];
  private killTimer: NodeJS.Timeout | null = null;
  private readonly log: OutputLog;
  /** Bumped on every stop, so a restart scheduled before it is dropped. */
  private generation = 0;
  /** Set by retry-over with onRetryOver=continue until the window has room again. */
  private inContinueMode = false;
  private stopReason = 'stopped by request';

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

  status(): TargetStatus {
    return {
      name: this.name,
      state: this.state,
      pid: this.pid,
      startedAt: this.startedAt,
      restarts: pruneRestarts(this.restarts, this.host.now(), this.rule.windowMs).length,
      retries: this.rule.retries,
      lastExit: this.lastExit,
      paused: this.paused,
    };
  }

  private moveTo(next: TargetState): void {
    assertTransition(this.name, this.state, next);
    this.state = next;
  }

  /** First start (or start after a stop or a retry-over). */
  start(): void {
    if (this.state === TargetState.Running || this.state === TargetState.Starting) return;
    this.clearTimer();
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
    this.child = child;
    this.pid = child.pid;
    this.startedAt = this.host.now();
    const pid = child.pid;
    child.once('exit', (code, signal) => this.onExit(child, pid, code, signal));
    this.moveTo(TargetState.Running);
    events.emit('TargetStarted', { target: this.name, pid, command: this.config.command.join(' ') });
    events.emit('TargetUp', { target: this.name, pid });
  }

  private spawnFailed(why: 'start' | 'restart', error: string): void {
    this.host.events.emit('RestartFailed', { target: this.name, error: why === 'start' ? `start failed: ${error}` : error });
    this.pid = null;
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
    this.lastExit = { code, signal, at: this.host.now() };
    if (this.state === TargetState.Stopping) {
      this.finishStop(pid);
      return;
    }
    // The tree is one unit: whatever the dead leader left behind goes too.
    this.host.platform.killTree(pid);
    this.pid = null;
    const how = describeExit(code, signal);
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
      this.inContinueMode = false;
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
    if (this.inContinueMode) return true;
    const action = this.config.onRetryOver;
    this.host.events.emit('RetryOver', {
      target: this.name,
      restarts: restartsInWindow,
      window: formatDuration(this.rule.windowMs),
      action,
    });
    if (action === 'continue') {
      this.inContinueMode = true;
      return true;
    }
    this.moveTo(TargetState.Failed);
    if (action === 'failover') this.host.requestFailover(this.name);
    return false;
  }

  /** Clears the retry count and, after a retry-over, starts the target again. */
  reset(): void {
    this.restarts = [];
    this.inContinueMode = false;
    if (this.state === TargetState.Failed) this.start();
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
    this.killTimer = null;
    // Children that ignored the terminate request go now.
    this.host.platform.killTree(pid);
    this.pid = null;
    this.moveTo(TargetState.Stopped);
    this.host.events.emit('TargetStopped', { target: this.name, pid, reason: this.stopReason });
    this.resolveStopWaiters();
  }

  /** Lets go of the process without stopping it (monitor stop --keep-targets). */
  release(): void {
    this.generation++;
    this.clearTimer();
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
