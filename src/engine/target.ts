// A target psv starts itself: spawn it, learn of its exit from the child's exit
// event (or, for a process adopted after a monitor restart, from the liveness
// check), and re-spawn it under the retry rule.
import type { CommandTargetConfig, TargetConfig } from '../config/types.js';
import type { TargetStatusInfo } from '../control/protocol.js';
import { ROOT_PID_ENV, TARGET_ID_ENV } from '../platform/marker.js';
import type { TargetProcess } from '../platform/types.js';
import { restartScriptEnv, runRestartScript } from './script.js';
import { TargetState } from './states.js';
import { restartBudgetLeft, timerMs } from '../policy/retry.js';
import { StallWatch } from './stall.js';
import type { TimerHandle } from './timers.js';
import { describeExit, inheritedEnv, Supervised, type FailureContext, type PersistedTarget, type TargetHost } from './supervised.js';

/** How often a stopping adopted process is checked for being gone. */
const ADOPTED_STOP_POLL_MS = 50;

export function specOf(config: TargetConfig): string {
  return JSON.stringify([config.command, config.cwd, config.env, config.runAs, config.userEnv]);
}

/** What the spawn helper did at the exit of an armed process: started it again, or failed to. */
type Respawn = { child: TargetProcess } | { error: Error };

export class CommandTarget extends Supervised {
  private token: string | null = null;
  private child: TargetProcess | null = null;
  /**
   * While an exit is handled: the restart the spawn helper already made (the
   * process was armed) and the spec it was made from, for spawnNow to take.
   */
  private respawn: { made: Respawn; spec: string | null } | null = null;
  /** A stop came while the process was being started (the spawn helper's reply still on its way). */
  private stopWhileStarting = false;
  private killTimer: TimerHandle | null = null;
  /** Arms the running process once its run no longer counts as a crash loop's. */
  private pollTimer: TimerHandle | null = null;
  private stopReason = 'stopped by request';
  /** The spec the running process was started from. */
  private runningSpec: string | null = null;
  /** Hung-process detection for the running process, when the target asks for it. */
  private stall: StallWatch | null = null;
  /** Set when a stall was detected: the kill that follows is that stall, not a crash. */
  private stalledReason: string | null = null;
  /** Cancels the platform's wait on the adopted process (watchProcessEnd). */
  private endWatch: (() => void) | null = null;

  declare config: CommandTargetConfig;

  constructor(config: CommandTargetConfig, host: TargetHost) {
    super(config, host);
  }

  private watchForStalls(pid: number): void {
    this.stall?.stop();
    this.stall = StallWatch.wanted(this.config) ? new StallWatch(this.config, this.host.platform, this.host.now, (reason) => void this.stalled(pid, reason)) : null;
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
    await this.recordIncident('stall', reason, { pid, alive: true });
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
  resume(saved: PersistedTarget, how = 'its saved pid and start time'): void {
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
      this.markDown(saved.pid, null, null, 'exited while the monitor was down', false);
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
    const taken = this.respawn;
    this.respawn = null;
    let respawn = taken?.made ?? null;
    if (respawn && taken!.spec !== specOf(this.config)) {
      // Made from a command, cwd or env that has changed since: start it anew.
      this.killRespawn(respawn);
      respawn = null;
    }
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
    });
  }

  /**
   * The monitor's environment, its user's HOME/USER/LOGNAME, the env files
   * under env, the heartbeat addresses and the target's marker, which the
   * configuration cannot override (PSV_ROOT_PID is the spawn helper's to set).
   */
  private launchEnv(): Record<string, string> {
    const own = { ...this.config.userEnv, ...this.config.env };
    const env = { ...inheritedEnv(), ...own, ...this.host.notifyEnv(this.config), [TARGET_ID_ENV]: this.host.targetId(this.name) };
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
   * Whether the next exit of the running process is certain to be restarted at
   * once with the same spec under the retry rule, so that the spawn helper may
   * do it without waiting for the monitor (it is then counted afterwards):
   * every exit a failure (restart type permanent), no delay, no restart
   * script, no group, no stall watch, not paused, not in
   * continue mode, and at least one restart left in the window (the window
   * only frees restarts as time passes, so this still holds at the exit).
   */
  private armable(): boolean {
    return (
      !this.paused &&
      !this.continueMode &&
      this.config.restart.type === 'permanent' &&
      this.config.group === null &&
      this.config.restart.script === null &&
      this.rule.delayMs === 0 &&
      !StallWatch.wanted(this.config) &&
      restartBudgetLeft(this.rule, this.restarts, this.host.now()) >= 1
    );
  }

  /**
   * Arms or disarms the running process in the spawn helper to match armable().
   * A run shorter than the crash-loop minimum is never restarted by the helper
   * (psv-spawn checks the run's length itself), so its restart waits for the floor.
   */
  private updateArming(): void {
    const child = this.child;
    if (!child?.arm) return;
    const want = this.state === TargetState.Running && this.armable();
    if (want && !child.armed) child.arm();
    else if (!want && child.armed) void child.disarm!();
  }

  /** A restart the helper made that psv's decision did not call for: it goes at once. */
  private killRespawn(respawn: Respawn | null): void {
    if (!respawn || !('child' in respawn)) return;
    const pid = respawn.child.pid!;
    respawn.child.removeAllListeners();
    respawn.child.unref();
    this.host.platform.killTree(pid);
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
    if (this.state === TargetState.Stopping && this.pollTimer === null) this.pollTimer = this.host.timers.setInterval(() => this.tick(), ADOPTED_STOP_POLL_MS);
    this.tick();
  }

  private spawnFailed(why: 'start' | 'restart', error: string): void {
    this.emit('RestartFailed', { target: this.name, error: why === 'start' ? `start failed: ${error}` : error });
    void this.recordIncident(why === 'start' ? 'start-failed' : 'restart-failed', error, { pid: null });
    this.pid = null;
    this.token = null;
    this.moveTo(TargetState.Backoff);
    this.handleFailure({ deadPid: null, exitCode: null, reason: 'start failed' });
  }

  /** A stop came while a failed spawn was still reporting its error. */
  private abandonStart(): void {
    this.moveTo(TargetState.Backoff);
    this.moveTo(TargetState.Stopped);
    this.resolveStopWaiters();
  }

  private onExit(child: TargetProcess, pid: number, code: number | null, signal: string | null, respawn: Respawn | null): void {
    if (child !== this.child) {
      this.killRespawn(respawn);
      return;
    }
    this.child = null;
    this.stall?.stop();
    this.stall = null;
    const stalled = this.stalledReason;
    this.stalledReason = null;
    // Handling the exit restarts the target at once when the rule says so; spawnNow then
    // takes this restart, made from the spec the dead process ran (read before markDown clears it).
    this.respawn = respawn ? { made: respawn, spec: this.runningSpec } : null;
    try {
      this.exited(pid, code, signal, stalled ? `stalled: ${stalled}` : describeExit(code, signal), stalled !== null);
    } finally {
      const left = this.respawn;
      this.respawn = null;
      this.killRespawn(left?.made ?? null);
    }
  }

  /**
   * Where the platform can wait on a process that is not our child (Windows),
   * its end is checked at once instead of at the next tick.
   */
  private watchEnd(pid: number): void {
    this.endWatch?.();
    this.endWatch = this.token === null ? null : this.host.platform.watchProcessEnd(pid, this.token, () => this.pid === pid && this.tick());
  }

  /** The adopted process is no longer ours to watch. */
  private letGo(pid: number): void {
    this.endWatch?.();
    this.endWatch = null;
    this.host.platform.forgetProcess(pid);
  }

  /** The liveness check of an adopted process (not our child: no exit event). */
  tick(): void {
    if (!this.adopted || this.pid === null || (this.state !== TargetState.Running && this.state !== TargetState.Stopping)) return;
    const { platform } = this.host;
    // A zombie still counts as there, as its start token did before: only 'gone' is an end.
    if (this.token === null ? platform.processStartToken(this.pid) === null : platform.probeProcess(this.pid, this.token) !== 'gone') return;
    const pid = this.pid;
    this.letGo(pid);
    this.adopted = false;
    this.exited(pid, null, null, 'exited (adopted process, exit status unknown)');
    // Not the spawn helper's child: what it daemonized is found by its marker (after the restart, which it does not hold up).
    this.host.killDescendants(this.name, pid);
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
      this.emit('RestartFailed', { target: this.name, error: `restart script: ${result.error}` });
      void this.recordIncident('restart-failed', `restart script: ${result.error}`, { pid: null, exitCode: result.exitCode });
      this.handleFailure(failure);
      return;
    }
    this.emit('RestartScriptRun', { target: this.name, script, exitCode: result.exitCode ?? 0 });
    this.spawnNow('restart');
  }

  async restart(reason = 'restart requested'): Promise<void> {
    if (this.state === TargetState.Running || this.state === TargetState.Stopping) await this.stop(reason);
    this.start();
  }

  /** Stops the tree: terminate, then kill after stopTimeout. Resolves once it is gone. */
  stop(reason = 'stopped by request'): Promise<void> {
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
          this.host.platform.terminateTree(pid, this.config.stopSignal);
          this.killTimer = this.host.timers.setTimeout(() => this.host.platform.killTree(pid), timerMs(this.config.stopTimeoutMs));
          // An adopted process is not our child: no exit event, so watch it go.
          if (this.adopted && this.pollTimer === null) this.pollTimer = this.host.timers.setInterval(() => this.tick(), ADOPTED_STOP_POLL_MS);
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
    if (this.pollTimer) this.host.timers.clearInterval(this.pollTimer);
    this.killTimer = null;
    this.pollTimer = null;
    if (this.adopted) this.letGo(pid);
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
    this.generation++;
    this.clearTimer();
    this.stall?.stop();
    if (this.pid !== null && this.state === TargetState.Running) this.emit('TargetReleased', { target: this.name, pid: this.pid });
    if (this.adopted && this.pid !== null) this.letGo(this.pid);
    // Disarmed before it is let go: the next monitor adopts it, nobody else may restart it.
    const child = this.child;
    const disarmed = child?.armed ? child.disarm!() : Promise.resolve();
    child?.removeAllListeners('exit');
    child?.unref();
    this.child = null;
    return disarmed;
  }
}
