// What every target psv did not start shares, whatever its kind: the
// instances it knows, the restore (restart script, restart command, or the
// kind's own way) and the wait for the restored process to be seen again.
// How a kind finds its processes and notices a loss is in its own module.
import type { TargetStatusInfo } from '../../control/protocol.js';
import type { WatchedTargetConfig } from '../../config/types.js';
import { restartScriptEnv, runRestartScript } from '../script.js';
import { TargetState } from '../states.js';
import { Supervised, type FailureContext, type InstanceRecord, type PersistedTarget, type TargetHost } from '../supervised.js';
import { phrase } from '../../events/phrases.js';

export abstract class Watched<C extends WatchedTargetConfig = WatchedTargetConfig> extends Supervised {
  declare config: C;
  protected instances: InstanceRecord[] = [];
  /** A restore is under way: find the process again before this time. */
  protected confirmDeadline: number | null = null;
  protected confirmTimer: NodeJS.Timeout | null = null;
  protected lastFailure: FailureContext = { deadPid: null, exitCode: null, reason: phrase('NotRunning', {}) };
  protected ticks = 0;
  /** Whether the target is still watched (not after a monitor shutdown or a removal). */
  protected watching = true;
  /** When the last restore began, and the pids its restore commands started: where to look for the restored process first. */
  protected restoreSince = 0;
  protected restorePids: number[] = [];
  /** The platform's waits on the known instances (watchProcessEnd), by pid: what cancels each. */
  private readonly endWatches = new Map<number, { token: string; cancel: () => void }>();
  /**
   * The last moment each known instance was known alive (monotonic ms): a check that saw it,
   * or the platform's notice of its end. TargetDown carries the time since (detectMs, for the metrics).
   */
  protected readonly aliveAt = new Map<number, number>();

  constructor(config: C, host: TargetHost) {
    super(config, host);
  }

  /**
   * Called when the platform saw a known instance end (Windows: at once; see
   * watchProcessEnd). A kind that checks its instances itself looks now
   * instead of at the next tick; by default nothing is waited on.
   */
  protected instanceEnded: (() => void) | null = null;

  /** Waits on every known instance (where the platform can), and on no other. */
  private watchEnds(): void {
    const wanted = this.watching && this.instanceEnded ? new Map(this.instances.map((i) => [i.pid, i])) : new Map<number, InstanceRecord>();
    // A pid now run by another process (another start token) is waited on anew.
    for (const [pid, w] of this.endWatches) {
      if (wanted.get(pid)?.token === w.token) continue;
      w.cancel();
      this.endWatches.delete(pid);
    }
    for (const [pid, i] of wanted) {
      if (this.endWatches.has(pid)) continue;
      const cancel = this.host.platform.watchProcessEnd(pid, i.token, () => {
        this.aliveAt.set(pid, performance.now());
        this.instanceEnded?.();
      });
      this.endWatches.set(pid, { token: i.token, cancel });
    }
  }

  /** The first look once watching starts: at once, or at the monitor's next query. */
  protected abstract firstLook(): void;

  /** After a restore: wait for the process to be seen again (confirmDeadline is set). */
  protected abstract awaitRestored(): void;

  specChanged(): boolean {
    return false;
  }

  statusDetail(): Pick<TargetStatusInfo, 'kind' | 'instances' | 'service'> {
    const now = this.host.now();
    return {
      kind: this.config.kind,
      instances: this.instances.map((i) => ({ pid: i.pid, startedAt: new Date(i.startedAt).toISOString(), uptimeMs: now - i.startedAt })),
      service: null,
    };
  }

  snapshot(): PersistedTarget {
    return { ...this.baseSnapshot(JSON.stringify([this.config.kind, this.config.match, this.config.pidfile, this.config.service])), instances: this.instances };
  }

  resume(saved: PersistedTarget): void {
    this.restoreCommon(saved);
    if (saved.state === TargetState.Failed) {
      // Restoring a retry-over: the state the previous monitor left.
      this.state = TargetState.Failed;
      return;
    }
    this.start(saved.instances ?? []);
  }

  /** Starts watching: the first look decides whether the target is up. */
  start(known: InstanceRecord[] = []): void {
    if (this.retired) return;
    this.generation++;
    this.clearTimer();
    this.stopConfirming();
    if (this.state === TargetState.Backoff || this.state === TargetState.Failed || this.state === TargetState.Exited) this.moveTo(TargetState.Stopped);
    if (this.state !== TargetState.Stopped && this.state !== TargetState.Waiting) return;
    this.watching = true;
    this.instances = known.filter((i) => this.host.platform.probeProcess(i.pid, i.token) === 'alive');
    this.watchEnds();
    this.moveTo(TargetState.Starting);
    this.firstLook();
  }

  protected setInstances(list: InstanceRecord[]): void {
    const same = list.length === this.instances.length && list.every((i, k) => i.pid === this.instances[k]!.pid && i.token === this.instances[k]!.token);
    if (same) return;
    for (const old of this.instances) if (!list.some((i) => i.pid === old.pid)) this.host.platform.forgetProcess(old.pid);
    this.instances = list;
    this.watchEnds();
    this.pid = list[0]?.pid ?? null;
    this.startedAt = list[0]?.startedAt ?? null;
    this.host.changed();
  }

  protected recover(failure: FailureContext, generation: number): void {
    void this.restore(failure, generation).catch((err: Error) => {
      if (generation !== this.generation || this.state !== TargetState.Backoff) return;
      this.emit('RestartFailed', { target: this.name, error: err.message });
      this.handleFailure(failure);
    });
  }

  /** How many processes one restore brings back. */
  protected missing(): number {
    return 1;
  }

  /** The restore when neither restart.script nor restart.command is given. */
  protected async restoreByDefault(): Promise<void> {
    throw new Error('no restart.script or restart.command: psv cannot restore this target');
  }

  private async restore(failure: FailureContext, generation: number): Promise<void> {
    const { restart } = this.config;
    this.restoreSince = this.host.now();
    this.restorePids = [];
    const current = this.instances.length;
    const missing = this.missing();
    for (let k = 1; k <= missing; k++) {
      const instance = current + k;
      // The script runs first (clean-up, or the whole restore); then the command, when given.
      if (restart.script) await this.runScript(restart.script, failure, instance, generation);
      if (generation !== this.generation || this.state !== TargetState.Backoff) return;
      if (restart.command) this.runCommand(restart.command, failure, instance);
      else if (!restart.script) await this.restoreByDefault();
      if (generation !== this.generation || this.state !== TargetState.Backoff) return;
    }
    this.confirm();
  }

  private restoreEnv(failure: FailureContext, instance: number): Record<string, string> {
    return { ...restartScriptEnv(this.config, failure), PSV_INSTANCE: String(instance) };
  }

  private async runScript(script: string, failure: FailureContext, instance: number, generation: number): Promise<void> {
    const fd = this.openLog();
    const result = await runRestartScript(this.host.platform, script, {
      cwd: this.config.cwd,
      env: this.restoreEnv(failure, instance),
      timeoutMs: this.config.restart.scriptTimeoutMs,
      outputFd: fd,
      user: this.config.scriptUser,
    });
    this.closeLog(fd);
    if (generation !== this.generation) return;
    if (!result.ok) throw new Error(`restart script: ${result.error}`);
    this.emit('RestartScriptRun', { target: this.name, script, exitCode: result.exitCode ?? 0 });
  }

  /** Starts the restore command and leaves it running: it may be the process itself. */
  private runCommand(command: string[], failure: FailureContext, instance: number): void {
    const fd = this.openLog();
    try {
      const child = this.host.platform.spawnTarget({
        command,
        cwd: this.config.cwd,
        env: this.restoreEnv(failure, instance),
        outputFd: fd,
        user: this.config.scriptUser,
      });
      if (child.pid === undefined) {
        child.once('error', (err) => this.emit('RestartFailed', { target: this.name, error: phrase('RestartCommandFailed', { error: err.message }) }));
        return;
      }
      child.on('error', () => undefined);
      child.unref();
      this.restorePids.push(child.pid);
      this.emit('RestoreCommandStarted', { target: this.name, pid: child.pid, command: command.join(' '), instance });
    } finally {
      this.closeLog(fd);
    }
  }

  /** After a restore: look for the process until it is found or confirmTimeout passes. */
  private confirm(): void {
    this.confirmDeadline = this.host.now() + this.config.restart.confirmTimeoutMs;
    this.moveTo(TargetState.Starting);
    this.awaitRestored();
  }

  protected stopConfirming(): void {
    this.confirmDeadline = null;
    if (this.confirmTimer) clearTimeout(this.confirmTimer);
    this.confirmTimer = null;
  }

  /** The operator's restart: end the process (or restart the service) and restore it, not counted. */
  async restart(): Promise<void> {
    this.generation++;
    this.clearTimer();
    this.stopConfirming();
    const failure: FailureContext = { deadPid: this.pid, exitCode: null, reason: phrase('RestartRequested', {}) };
    this.lastFailure = failure;
    await this.restartNow(failure);
  }

  /** The operator's restart, once pending work is dropped: end the processes and restore them. */
  protected async restartNow(failure: FailureContext): Promise<void> {
    const victims = [...this.instances];
    this.setInstances([]);
    for (const i of victims) this.host.platform.terminateTree(i.pid);
    // From any state: the operator asked for it.
    this.state = TargetState.Backoff;
    this.host.changed();
    await this.restore(failure, this.generation);
  }

  /** Stops watching. psv did not start these processes, so it does not end them. */
  stop(): Promise<void> {
    this.generation++;
    this.clearTimer();
    this.clearReady();
    this.stopConfirming();
    this.watching = false;
    this.watchEnds();
    if (this.state !== TargetState.Stopped && this.state !== TargetState.Stopping) this.moveTo(TargetState.Stopped);
    return Promise.resolve();
  }

  release(): void {
    void this.stop();
  }
}
