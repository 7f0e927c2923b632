// A target psv starts itself: spawn it, learn of its exit from the child's exit
// event (or, for a process adopted after a monitor restart, from the liveness
// check), and re-spawn it under the retry rule.
import { formatDuration } from '../config/duration.js';
import type { CommandTargetConfig, TargetConfig } from '../config/types.js';
import type { TargetStatusInfo } from '../control/protocol.js';
import { ROOT_PID_ENV, TARGET_ID_ENV } from '../platform/marker.js';
import type { TargetProcess } from '../platform/types.js';
import { restartScriptEnv, runRestartScript } from './script.js';
import { TargetState } from './states.js';
import { timerMs } from '../policy/retry.js';
import { StallWatch } from './stall.js';
import type { TimerHandle } from './timers.js';
import { describeExit, inheritedEnv, Supervised, type FailureContext, type PersistedTarget, type TargetHost } from './supervised.js';
import { phrase } from '../events/phrases.js';
import { armable, HeldRespawn, type Respawn } from './arming.js';
import { AdoptedWatch } from './adopted-watch.js';

/** How long after an adopted target's end its leftovers are looked for: after its restart is reported. */
const LEFTOVER_SCAN_DELAY_MS = 20;

export function specOf(config: TargetConfig): string {
  return JSON.stringify([config.command, config.cwd, config.env, config.runAs, config.userEnv]);
}

export class CommandTarget extends Supervised {
  private token: string | null = null;
  private child: TargetProcess | null = null;
  /** While an exit is handled: the restart the spawn helper already made (the process was armed), for spawnNow to take. */
  private readonly respawn = new HeldRespawn((pid) => this.host.platform.killTree(pid));
  /** A stop came while the process was being started (the spawn helper's reply still on its way). */
  private stopWhileStarting = false;
  /** Let go (monitor stop --keep-targets) while a start was on its way: the process it brings is let go too. */
  private releasedWhileStarting = false;
  private killTimer: TimerHandle | null = null;
  private stopReason = phrase('StoppedByRequest', {});
  /** The spec the running process was started from. */
  private runningSpec: string | null = null;
  /** Hung-process detection for the running process, when the target asks for it. */
  private stall: StallWatch | null = null;
  /** Set when a stall was detected: the kill that follows is that stall, not a crash. */
  private stalledReason: string | null = null;
  /** The end of a process that is not our child (no exit event). */
  private readonly adoptedWatch = new AdoptedWatch(this.host, () => this.tick());

  declare config: CommandTargetConfig;

  constructor(config: CommandTargetConfig, host: TargetHost) {
    super(config, host);
  }

  /** A child of this monitor (or of its spawn helper) reports its own end: only an adopted process is polled. */
  override get polled(): boolean {
    return this.adopted;
  }

  private watchForStalls(pid: number): void {
    this.stall?.stop();
    const checks = this.host.plugins?.checkHooks(this) ?? null;
    this.stall = StallWatch.wanted(this.config) ? new StallWatch(this.config, this.host.platform, this.host.now, (reason) => void this.stalled(pid, reason), checks) : null;
    this.stall?.start(pid);
  }

  protected override onHeartbeat(): void {
    this.stall?.beat();
  }

  protected override onWatchdogTrigger(): void {
    this.stall?.trigger();
  }

  /** Alive but hung: report, capture the evidence while it is still there, then kill the tree. */
  private async stalled(pid: number, reason: string): Promise<void> {
    if (this.pid !== pid || this.state !== TargetState.Running) return;
    this.stalledReason = reason;
    this.emit('StallDetected', { target: this.name, pid, reason });
    // Waiting hooks (wait: true) on StallDetected see the live process too.
    await Promise.all([this.recordIncident('stall', reason, { pid, alive: true }), this.host.plugins?.beforeRestart(this.name)]);
    if (this.pid === pid && this.stalledReason === reason) this.host.platform.killTree(pid);
  }

  specChanged(): boolean {
    return this.runningSpec !== null && this.runningSpec !== specOf(this.config);
  }

  statusDetail(): Pick<TargetStatusInfo, 'kind' | 'instances' | 'service'> {
    return { kind: 'command', instances: [], service: null };
  }

  snapshot(): PersistedTarget {
    return { ...this.baseSnapshot(this.runningSpec ?? specOf(this.config)), token: this.token };
  }

  /**
   * Takes up where the previous monitor left off: adopts the process when it
   * still runs (same pid, same start token), restarts it under the retry rule
   * when it died meanwhile, keeps the retry count either way.
   */
  resume(saved: PersistedTarget, how = phrase('SavedPidAndStart', {})): void {
    this.restoreCommon(saved);
    const wasAlive = saved.state === TargetState.Running || saved.state === TargetState.Stopping || saved.state === TargetState.Starting;
    if (saved.pid !== null && saved.token !== null && this.host.platform.processStartToken(saved.pid) === saved.token) {
      this.pid = saved.pid;
      this.token = saved.token;
      this.startedAt = saved.startedAt;
      this.adopted = true;
      this.watchEnd(saved.pid);
      this.runningSpec = saved.spec;
      this.moveTo(TargetState.Running);
      this.emit('TargetAdopted', { target: this.name, pid: saved.pid, how });
      this.becameUp();
      this.watchForStalls(saved.pid);
      return;
    }
    if (saved.state === TargetState.Failed) {
      // Restoring a retry-over: not a transition, the state the previous monitor left.
      this.state = TargetState.Failed;
      return;
    }
    if (wasAlive && saved.pid !== null) {
      // It died while no monitor watched it: the same as dying now. Restoring
      // the state the previous monitor saw (Running) is not a transition.
      this.state = TargetState.Running;
      this.pid = saved.pid;
      this.startedAt = saved.startedAt;
      // Its pid may belong to another process by now: nothing is killed for it.
      this.markDown(saved.pid, null, null, phrase('ExitedWhileDown', {}), false);
      return;
    }
    this.start();
  }

  start(): void {
    if (this.retired) return;
    if (this.state === TargetState.Running || this.state === TargetState.Starting || this.state === TargetState.Stopping) return;
    this.clearTimer();
    this.generation++;
    if (this.state === TargetState.Backoff) this.moveTo(TargetState.Stopped);
    this.spawnNow('start');
  }

  private spawnNow(why: 'start' | 'restart'): void {
    this.moveTo(TargetState.Starting);
    this.stopWhileStarting = false;
    const { platform } = this.host;
    const respawn = this.respawn.take(() => specOf(this.config));
    if (respawn && 'error' in respawn) {
      this.spawnFailed(why, respawn.error.message);
      return;
    }
    let child: TargetProcess;
    try {
      child =
        respawn?.child ??
        platform.launchTarget({
          command: this.config.command,
          cwd: this.config.cwd,
          env: this.launchEnv(),
          outputPath: this.log.path,
          runAs: this.config.runAs,
          // A run that has just begun is not yet past the crash-loop minimum: it is armed later.
          armed: false,
        });
    } catch (err) {
      this.spawnFailed(why, (err as Error).message);
      return;
    }
    if (child.pid !== undefined) {
      child.on('error', () => undefined);
      this.spawned(child, child.pid);
      return;
    }
    // The pid (or the OS error: ENOENT, EACCES, ...) comes as an event.
    const generation = this.generation;
    child.once('error', (err: Error) => {
      if (generation === this.generation) this.spawnFailed(why, err.message);
      else this.abandonStart();
    });
    child.once('spawn', () => {
      child.on('error', () => undefined);
      if (generation === this.generation) {
        this.spawned(child, child.pid!);
        return;
      }
      // Stopped or released while it was being started: it is running now.
      const stop = this.stopWhileStarting;
      this.spawned(child, child.pid!, true);
      if (stop) void this.stop(this.stopReason);
      // Let go as the others were (stop --keep-targets): held, it would keep the ended monitor's process alive.
      else if (this.releasedWhileStarting) void this.release();
    });
  }

  /**
   * The monitor's environment, its user's HOME/USER/LOGNAME, the env files
   * under env, the heartbeat addresses and the target's marker, which the
   * configuration cannot override (PSV_ROOT_PID is the spawn helper's to set).
   */
  private launchEnv(): Record<string, string> {
    const env = {
      ...inheritedEnv(),
      ...this.config.userEnv,
      ...this.config.env,
      ...this.host.notifyEnv(this.config),
      [TARGET_ID_ENV]: this.host.targetId(this.name),
    };
    if (ROOT_PID_ENV in env) delete env[ROOT_PID_ENV];
    return env;
  }

  private spawned(child: TargetProcess, pid: number, quiet = false): void {
    const { platform } = this.host;
    this.child = child;
    this.pid = pid;
    this.adopted = false;
    this.startedAt = this.host.now();
    this.runningSpec = specOf(this.config);
    child.once('exit', (code: number | null, signal: string | null, respawn?: Respawn) =>
      this.onExit(child, pid, code, signal, respawn ?? null),
    );
    child.once('detached', () => this.onDetached(child));
    this.moveTo(TargetState.Running);
    this.emit('TargetStarted', { target: this.name, pid, command: this.config.command.join(' ') });
    this.emit('TargetUp', { target: this.name, pid });
    // The start token is read after the events, off the kill→back path.
    this.token = platform.processStartToken(pid);
    this.host.changed();
    if (quiet) return;
    this.updateArming();
    this.becameUp();
    this.watchForStalls(pid);
  }

  /**
   * Arms or disarms the running process in the spawn helper to match armable() (arming.ts).
   * A run shorter than the crash-loop minimum is never restarted by the helper
   * (psv-spawn checks the run's length itself), so its restart waits for the floor.
   */
  private updateArming(): void {
    const child = this.child;
    if (!child?.arm) return;
    const want = this.state === TargetState.Running && armable(this.config, { paused: this.paused, continueMode: this.continueMode, rule: this.rule, restarts: this.restarts }, this.host);
    if (want && !child.armed) child.arm();
    else if (!want && child.armed) void child.disarm!();
  }

  override pause(): void {
    super.pause();
    this.updateArming();
  }

  override unpause(): void {
    super.unpause();
    this.updateArming();
  }

  override reset(): void {
    super.reset();
    this.updateArming();
  }

  override settingsChanged(): void {
    this.updateArming();
  }

  /** The spawn helper that started it died: from now on it is watched like an adopted process. */
  private onDetached(child: TargetProcess): void {
    if (child !== this.child) return;
    this.child = null;
    this.adopted = true;
    if (this.pid !== null) this.watchEnd(this.pid);
    if (this.state === TargetState.Stopping) this.adoptedWatch.pollWhileStopping();
    this.tick();
  }

  private spawnFailed(why: 'start' | 'restart', error: string): void {
    this.emit('RestartFailed', { target: this.name, error: why === 'start' ? phrase('StartFailedBecause', { error }) : error });
    void this.recordIncident(why === 'start' ? 'start-failed' : 'restart-failed', error, { pid: null });
    this.pid = null;
    this.token = null;
    this.moveTo(TargetState.Backoff);
    this.handleFailure({ deadPid: null, exitCode: null, reason: phrase('StartFailed', {}) });
  }

  /** A stop came while a failed spawn was still reporting its error. */
  private abandonStart(): void {
    this.moveTo(TargetState.Backoff);
    this.moveTo(TargetState.Stopped);
    this.resolveStopWaiters();
  }

  private onExit(child: TargetProcess, pid: number, code: number | null, signal: string | null, respawn: Respawn | null): void {
    if (child !== this.child) {
      this.respawn.discard(respawn);
      return;
    }
    this.child = null;
    this.stall?.stop();
    this.stall = null;
    const stalled = this.stalledReason;
    this.stalledReason = null;
    // Handling the exit restarts the target at once when the rule says so; spawnNow then
    // takes this restart, made from the spec the dead process ran (read before markDown clears it).
    const how = stalled ? phrase('StalledBecause', { reason: stalled }) : describeExit(code, signal);
    this.respawn.during(respawn, this.runningSpec, () => this.exited(pid, code, signal, how, stalled !== null));
    if (!child.treeHeld) this.killLeftoversByMarker(pid);
    // After the restart is on its way: a crash loop's output is bounded by one run's, not one tick's.
    this.rotateLog();
  }

  private watchEnd(pid: number): void {
    this.adoptedWatch.waitForEnd(pid, this.token, () => this.pid === pid);
  }

  /** The liveness check of an adopted process (not our child: no exit event). */
  tick(): void {
    if (!this.adopted || this.pid === null || (this.state !== TargetState.Running && this.state !== TargetState.Stopping)) return;
    const { platform } = this.host;
    // A zombie has ended (its parent has not reaped it yet), as for a process found by match or pidfile.
    if (this.token === null ? platform.processStartToken(this.pid) === null : platform.probeProcess(this.pid, this.token) === 'alive') return;
    const pid = this.pid;
    this.adoptedWatch.letGo(pid);
    this.adopted = false;
    this.exited(pid, null, null, phrase('AdoptedExitUnknown', {}));
    this.killLeftoversByMarker(pid);
  }

  /**
   * What a root no helper held daemonized (adopted, left by a dead helper, started by Node) is
   * found by its marker: a scan of every environment (slow at thousands of processes), left
   * until the restart that follows the end is reported.
   */
  private killLeftoversByMarker(pid: number): void {
    this.host.timers.setTimeout(() => this.host.signalDescendants(this.name, pid, 'SIGKILL'), LEFTOVER_SCAN_DELAY_MS);
  }


  private exited(pid: number, code: number | null, signal: string | null, how: string, stalled = false): void {
    this.lastExit = { code, signal, at: this.host.now() };
    if (this.state === TargetState.Stopping) {
      this.finishStop(pid);
      return;
    }
    // A stall's incident was captured before the kill.
    if (!stalled) void this.recordIncident(signal ? 'kill' : 'exit', how, { pid, exitCode: code, signal });
    this.markDown(pid, code, signal, how);
  }

  private markDown(pid: number, code: number | null, signal: string | null, how: string, killLeftovers = true): void {
    // The tree is one unit: whatever the dead leader left behind goes too.
    if (killLeftovers) this.host.platform.killTree(pid);
    this.pid = null;
    this.token = null;
    this.runningSpec = null;
    if (this.lastExit === null || this.lastExit.code !== code || this.lastExit.signal !== signal) this.lastExit = { code, signal, at: this.host.now() };
    if (this.paused) {
      this.moveTo(TargetState.Exited);
      this.emit('TargetDownPaused', { target: this.name, pid, how });
      return;
    }
    this.moveTo(TargetState.Backoff);
    this.emit('TargetDown', { target: this.name, pid, exitCode: code, signal, how });
    this.failed({ deadPid: pid, exitCode: code, reason: how });
  }

  protected recover(failure: FailureContext, generation: number): void {
    const { script } = this.config.restart;
    if (script) void this.runScriptThenSpawn(script, failure, generation);
    else this.spawnNow('restart');
  }

  private async runScriptThenSpawn(script: string, failure: FailureContext, generation: number): Promise<void> {
    const fd = this.openLog();
    const result = await runRestartScript(this.host.platform, script, {
      cwd: this.config.cwd,
      env: restartScriptEnv(this.config, failure),
      timeoutMs: this.config.restart.scriptTimeoutMs,
      outputFd: fd,
      user: this.config.scriptUser,
    });
    this.closeLog(fd);
    if (generation !== this.generation || this.state !== TargetState.Backoff) return;
    if (!result.ok) {
      this.emit('RestartFailed', { target: this.name, error: phrase('RestartScriptFailed', { error: result.error ?? '' }) });
      void this.recordIncident('restart-failed', `restart script: ${result.error}`, { pid: null, exitCode: result.exitCode });
      this.handleFailure(failure);
      return;
    }
    this.emit('RestartScriptRun', { target: this.name, script, exitCode: result.exitCode ?? 0 });
    this.spawnNow('restart');
  }

  async restart(reason = phrase('RestartRequested', {})): Promise<void> {
    if (this.state === TargetState.Running || this.state === TargetState.Stopping) await this.stop(reason);
    this.start();
  }

  /** Stops the tree: terminate, then kill after stopTimeout. Resolves once it is gone. */
  stop(reason = phrase('StoppedByRequest', {})): Promise<void> {
    this.generation++;
    this.clearTimer();
    this.clearReady();
    this.stall?.stop();
    this.stall = null;
    this.stopReason = reason;
    switch (this.state) {
      case TargetState.Stopped:
        return Promise.resolve();
      case TargetState.Running: {
        const pid = this.pid!;
        this.moveTo(TargetState.Stopping);
        const terminate = (): void => {
          if (this.state !== TargetState.Stopping || this.pid !== pid) return; // it went by itself meanwhile
          // What it daemonized is asked too, at the same time, as the spawn helper does for its own.
          const byMarker = this.child?.treeHeld !== true; // adopted (no child), or no helper or job holds it
          this.host.platform.terminateTree(pid, this.config.stopSignal);
          if (byMarker) this.host.signalDescendants(this.name, pid, this.config.stopSignal);
          this.killTimer = this.host.timers.setTimeout(() => {
            this.stopReason += `; killed after stopTimeout ${formatDuration(this.config.stopTimeoutMs)}`; // TargetStopped says so
            this.host.platform.killTree(pid);
            if (byMarker) this.host.signalDescendants(this.name, pid, 'SIGKILL');
          }, timerMs(this.config.stopTimeoutMs));
          // An adopted process is not our child: no exit event, so watch it go.
          if (this.adopted) this.adoptedWatch.pollWhileStopping();
        };
        // An armed process is disarmed first: the helper must not restart what is being stopped.
        if (this.child?.armed) void this.child.disarm!().then(terminate);
        else terminate();
        return this.waitForStop();
      }
      case TargetState.Starting: // its pid or its spawn error is still on its way
        this.stopWhileStarting = true;
        return this.waitForStop();
      case TargetState.Stopping:
        return this.waitForStop();
      default:
        // Backoff, Failed, Exited: nothing alive to stop.
        this.moveTo(TargetState.Stopped);
        return Promise.resolve();
    }
  }

  private finishStop(pid: number): void {
    if (this.killTimer) this.host.timers.clearTimeout(this.killTimer);
    this.killTimer = null;
    this.adoptedWatch.stopPolling();
    if (this.adopted) this.adoptedWatch.letGo(pid);
    // Children that ignored the terminate request go now.
    this.host.platform.killTree(pid);
    this.pid = null;
    this.token = null;
    this.adopted = false;
    this.runningSpec = null;
    this.moveTo(TargetState.Stopped);
    this.emit('TargetStopped', { target: this.name, pid, reason: this.stopReason });
    this.resolveStopWaiters();
  }

  release(): Promise<void> {
    this.releasedWhileStarting = this.state === TargetState.Starting;
    this.generation++;
    this.clearTimer();
    this.stall?.stop();
    if (this.pid !== null && this.state === TargetState.Running) this.emit('TargetReleased', { target: this.name, pid: this.pid });
    if (this.adopted && this.pid !== null) this.adoptedWatch.letGo(this.pid);
    // Disarmed before it is let go: the next monitor adopts it, nobody else may restart it.
    const child = this.child;
    const disarmed = child?.armed ? child.disarm!() : Promise.resolve();
    child?.removeAllListeners('exit');
    child?.unref();
    this.child = null;
    return disarmed;
  }
}
