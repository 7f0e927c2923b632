// What every kind of target shares: its state, the retry rule applied to its
// failures, pause, reset and persistence. How a target is brought back
// (re-spawned, or restored by a script, a command or the service manager) is
// each kind's own business.
import { formatDuration } from '../config/duration.js';
import type { TargetConfig } from '../config/types.js';
import type { TargetStatusInfo } from '../control/protocol.js';
import type { EventBus } from '../events/bus.js';
import type { EventFieldMap, EventName } from '../events/catalog.generated.js';
import type { Platform, ProcessInfo } from '../platform/index.js';
import type { FailureKind, IncidentRecorder } from '../analysis/types.js';
import { ROOT_PID_ENV, TARGET_ID_ENV } from '../platform/marker.js';
import { NOTIFY_ENV_KEYS } from '../probes/heartbeat.js';
import { decideFailure, notAFailure, restartOf, type FailureDecision } from '../policy/escalation.js';
import { pruneRestarts, timerMs, type RetryRule } from '../policy/retry.js';
import type { EscalationRequest } from './escalation-port.js';
import type { PluginHost } from './plugin-host.js';
import { OutputLog } from './output-log.js';
import { assertTransition, TargetState } from './states.js';
import type { TimerHandle, Timers } from './timers.js';
import { phrase } from '../events/phrases.js';

export interface LastExit {
  code: number | null;
  signal: string | null;
  at: number;
}

export interface InstanceRecord {
  pid: number;
  token: string;
  startedAt: number;
}

/** What survives a monitor restart (stateDir/state.json). */
export interface PersistedTarget {
  kind: TargetConfig['kind'];
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
  /** Targets psv did not start: the instances it knows. */
  instances?: InstanceRecord[];
}

export interface TargetHost {
  platform: Platform;
  events: EventBus;
  logDir: string;
  logMaxBytes: number;
  logKeep: number;
  now(): number;
  timers: Timers;
  /** Called when the retry-over action is failover: the monitor hands it to its escalation port. */
  escalate(request: EscalationRequest): void;
  /** Called after every change worth persisting. */
  changed(): void;
  /** Called when whether a target is polled (Supervised.polled) may have changed. */
  pollingChanged(): void;
  /** The process table, read at most once per check for all targets together. */
  processTable(since?: number): Promise<ProcessInfo[]>;
  /** A target went down: true when its group takes over the restart. */
  memberDown(target: Supervised, failure: FailureContext): boolean;
  /** A target became ready: its waiting dependants may start. */
  ready(target: Supervised): void;
  /** Incident capture, or null when off. */
  recorder: IncidentRecorder | null;
  /** Environment that tells a target where to send heartbeats (PSV_NOTIFY, NOTIFY_SOCKET, WATCHDOG_USEC). */
  notifyEnv(config: TargetConfig): Record<string, string>;
  /** The marker (PSV_TARGET_ID) every process of target `name` carries, by which a monitor finds it again. */
  targetId(name: string): string;
  /**
   * Signals what the root `rootPid` of target `name` started, found by its
   * marker (recover.ts): for roots whose tree no helper holds (TargetProcess.treeHeld).
   */
  signalDescendants(name: string, rootPid: number, signal: NodeJS.Signals): void;
  /** Hooks and custom checks (docs/plugins.md); none in unit tests. */
  plugins?: PluginHost | null;
}

/** What the failure being handled was: passed to the restart script. */
export interface FailureContext {
  deadPid: number | null;
  exitCode: number | null;
  reason: string;
}

/**
 * What a target inherits from the monitor: its environment without the
 * monitor's own notify addresses, and without the markers of a psv that runs
 * this monitor as its target (each target gets its own).
 */
let inherited: Record<string, string> | null = null;
export function inheritedEnv(): Record<string, string> {
  if (!inherited) {
    inherited = { ...(process.env as Record<string, string>) };
    for (const k of [...NOTIFY_ENV_KEYS, TARGET_ID_ENV, ROOT_PID_ENV]) delete inherited[k];
  }
  return inherited;
}

export function describeExit(code: number | null, signal: string | null): string {
  return code !== null ? phrase('ExitCode', { code }) : phrase('Signal', { signal: signal ?? 'unknown' });
}

export abstract class Supervised {
  state: TargetState = TargetState.Stopped;
  pid: number | null = null;
  startedAt: number | null = null;
  lastExit: LastExit | null = null;
  paused = false;
  private adoptedFlag = false;
  protected restarts: number[] = [];
  protected timer: TimerHandle | null = null;
  protected stopWaiters: Array<() => void> = [];
  protected readonly log: OutputLog;
  /** Bumped on every stop or operator action, so work scheduled before it is dropped. */
  protected generation = 0;
  /** Set by retry-over with onRetryOver=continue until the window has room again. */
  protected continueMode = false;
  /** Up for readyAfter (or found, for targets psv did not start): dependants may start. */
  ready = false;
  private readyTimer: TimerHandle | null = null;
  /**
   * When the run being watched began (set as it comes up, taken by its
   * failure): a short run, or none at all, is a crash loop's and the next
   * restart waits at least the crash-loop floor.
   */
  private runBegan: number | null = null;
  /** The monitor is ending: nothing may start this target again, not even a restart already on its way. */
  protected retired = false;
  /** The incident of the current failure (its folder, once written), for the hooks; cleared when the target is up again. */
  incident: Promise<unknown> | null = null;

  constructor(public config: TargetConfig, protected readonly host: TargetHost) {
    this.log = new OutputLog(host.logDir, config.name, host.logMaxBytes, host.logKeep);
  }

  get name(): string {
    return this.config.name;
  }

  /** The process was found running, not spawned by this monitor. */
  get adopted(): boolean {
    return this.adoptedFlag;
  }

  set adopted(value: boolean) {
    if (value === this.adoptedFlag) return;
    this.adoptedFlag = value;
    this.host.pollingChanged();
  }

  /**
   * Whether the monitor's check at monitor.interval has anything to do for this
   * target; when no target has, the check does not run (the monitor sleeps).
   */
  get polled(): boolean {
    return true;
  }

  get logPath(): string {
    return this.log.path;
  }

  protected get rule(): RetryRule {
    return this.config.restart;
  }

  restartsInWindow(): number {
    return pruneRestarts(this.restarts, this.host.now(), this.rule.windowMs).length;
  }

  /** Writes an event about this target, with its kind and group. */
  protected emit<N extends EventName>(name: N, fields: EventFieldMap[N]): void {
    this.host.events.emit(name, fields, this.config.group ? { kind: this.config.kind, group: this.config.group } : { kind: this.config.kind });
  }

  /** The target is up: it becomes ready after readyAfter (counted from its start), or on READY=1. */
  protected becameUp(): void {
    this.clearReady();
    this.incident = null;
    this.runBegan = this.startedAt ?? this.host.now();
    if (this.config.readyOnNotify) return;
    const wait = this.startedAt === null ? 0 : Math.max(0, this.config.readyAfterMs - (this.host.now() - this.startedAt));
    if (wait === 0) return this.markReady();
    this.readyTimer = this.host.timers.setTimeout(() => this.markReady(), timerMs(wait));
  }

  private markReady(): void {
    this.readyTimer = null;
    if (this.state !== TargetState.Running || this.ready) return;
    this.ready = true;
    // With no readyAfter, ready is the same moment as up: TargetUp says it. READY=1 comes later: said.
    if (this.config.readyAfterMs > 0 || this.config.readyOnNotify) this.emit('TargetReady', { target: this.name, pid: this.pid ?? 0 });
    this.host.ready(this);
  }

  /** Down, stopping or stopped: not ready any more. */
  protected clearReady(): void {
    if (this.readyTimer) this.host.timers.clearTimeout(this.readyTimer);
    this.readyTimer = null;
    this.ready = false;
  }

  /**
   * Captures the evidence of a failure (an incident). For a process still
   * alive (a stall) the promise resolves once stacks and dumps are taken, so
   * the caller kills it after.
   */
  protected recordIncident(
    kind: FailureKind,
    reason: string,
    fields: { pid: number | null; exitCode?: number | null; signal?: string | null; alive?: boolean; commandLine?: string },
  ): Promise<unknown> {
    const recorder = this.host.recorder;
    if (!recorder) return Promise.resolve(null);
    return (this.incident = recorder.record({
      target: this.name,
      kind,
      reason,
      pid: fields.pid,
      exitCode: fields.exitCode ?? null,
      signal: fields.signal ?? null,
      startedAt: this.startedAt,
      failedAt: this.host.now(),
      command: this.config.command,
      ...(fields.commandLine !== undefined ? { seenCommandLine: fields.commandLine } : {}),
      cwd: this.config.cwd,
      restarts: this.restartsInWindow(),
      retries: this.rule.retries,
      logPath: this.log.path,
      alive: fields.alive ?? false,
    }));
  }

  /** A notification from the target (sd_notify words) or from `psv heartbeat`. */
  notify(message: { watchdog?: boolean; ready?: boolean; trigger?: boolean }): void {
    if (message.trigger) this.onWatchdogTrigger();
    if (message.watchdog) this.onHeartbeat();
    if (message.ready && this.config.readyOnNotify && this.state === TargetState.Running && !this.ready) this.markReady();
  }

  /** A heartbeat arrived: the stall watch, where there is one, restarts its deadline. */
  protected onHeartbeat(): void {}

  /** The target says it is hung (WATCHDOG=trigger). */
  protected onWatchdogTrigger(): void {}

  /** Parks a stopped target until its dependencies are ready (the monitor starts it then). */
  wait(): void {
    if (this.state === TargetState.Waiting) return;
    this.generation++;
    this.clearTimer();
    if (this.state !== TargetState.Stopped) this.moveTo(TargetState.Stopped);
    this.moveTo(TargetState.Waiting);
  }

  /** A failure the group may take over; otherwise the target's own retry rule applies. */
  protected failed(failure: FailureContext): void {
    this.clearReady();
    const why = notAFailure(this.config.restart.type, failure.exitCode === 0);
    if (why) {
      // Not a failure under its restart type: it stays stopped, and neither its group nor its budget hears of it.
      this.runBegan = null;
      this.moveTo(TargetState.Stopped);
      this.emit('TargetNotRestarted', { target: this.name, how: failure.reason, restartType: this.config.restart.type });
      return;
    }
    if (this.host.memberDown(this, failure)) return;
    this.handleFailure(failure);
  }

  /**
   * Counts a restart of this target against its own budget for a group restart:
   * the attempt, or null when the target is over its retries (its retry-over
   * action has then been taken).
   */
  claimRestart(): { attempt: number; delayMs: number } | null {
    const restart = this.decide();
    if (restart === null) return null;
    // A continued restart is the group's to report.
    if (!restart.continued) this.emit('RestartAttempt', { target: this.name, attempt: restart.attempt, retries: this.rule.retries, delayMs: restart.delayMs });
    return { attempt: restart.attempt, delayMs: restart.delayMs };
  }

  /**
   * Asks the policy about this failure against the target's own budget, keeps
   * the budget's new state and carries out everything but the restart, which
   * it returns (null: none; the retry-over action has been taken).
   */
  private decide(): { attempt: number; delayMs: number; continued: boolean } | null {
    const runBegan = this.runBegan;
    // The floor is consumed: a restart that fails to start had no run.
    this.runBegan = null;
    const decision: FailureDecision = decideFailure({
      now: this.host.now(),
      budget: { rule: this.rule, restarts: this.restarts, continueMode: this.continueMode, onRetryOver: this.config.onRetryOver },
      runBegan,
    });
    this.restarts = decision.restarts;
    this.continueMode = decision.continueMode;
    for (const action of decision.actions) {
      if (action.kind === 'retryOver') this.emit('RetryOver', { target: this.name, restarts: action.restarts, window: formatDuration(this.rule.windowMs), action: action.action });
      else if (action.kind === 'stop') this.moveTo(TargetState.Failed);
      else if (action.kind === 'escalate') this.host.escalate(this.escalation());
    }
    const restart = restartOf(decision);
    if (restart) this.host.changed();
    return restart;
  }

  private escalation(): EscalationRequest {
    const history = { restarts: [...this.restarts], retries: this.rule.retries, windowMs: this.rule.windowMs };
    return { scope: 'target', name: this.name, reason: phrase('RetryOver', {}), target: this.name, group: this.config.group, history };
  }

  /** The monitor is ending: from now on nothing starts this target (stop or release it as well). */
  retire(): void {
    this.retired = true;
  }

  protected moveTo(next: TargetState): void {
    assertTransition(this.name, this.state, next);
    this.state = next;
    this.host.changed();
  }

  /** The monitor's periodic check (adopted processes, instances, services). */
  abstract tick(): void | Promise<void>;
  /** First start, or start again after a stop, a retry-over or a paused death. */
  abstract start(): void;
  /** The operator's restart (or a dependency's, for command targets): not counted against the retries. */
  abstract restart(reason?: string): Promise<void>;
  abstract stop(reason?: string): Promise<void>;
  /** Lets go of the process without stopping it (monitor stop --keep-targets); resolves once nothing else acts on it. */
  abstract release(): void | Promise<void>;

  /** The operator changed the target's live parameters (psv set). */
  settingsChanged(): void {}
  abstract snapshot(): PersistedTarget;
  /** Takes up from the saved state; `how` says how a running process was found (for TargetAdopted). */
  abstract resume(saved: PersistedTarget, how?: string): void;
  /** Whether the running process was started from a different command, cwd or env than configured. */
  abstract specChanged(): boolean;
  /** Brings the target back after a failure; reports through the events and calls failed() or succeeded. */
  protected abstract recover(failure: FailureContext, generation: number): void;
  /** Kind-specific parts of the status. */
  abstract statusDetail(): Pick<TargetStatusInfo, 'kind' | 'instances' | 'service'>;

  protected restoreCommon(saved: PersistedTarget): void {
    this.restarts = saved.restarts;
    this.paused = saved.paused;
    this.continueMode = saved.continueMode;
    this.lastExit = saved.lastExit;
  }

  protected baseSnapshot(spec: string): PersistedTarget {
    return {
      kind: this.config.kind,
      state: this.state,
      pid: this.pid,
      token: null,
      startedAt: this.startedAt,
      restarts: this.restarts,
      paused: this.paused,
      continueMode: this.continueMode,
      lastExit: this.lastExit,
      spec,
    };
  }

  /** The target is down (state Backoff): bring it back under the retry rule, or retry over. */
  protected handleFailure(failure: FailureContext): void {
    const restart = this.decide();
    if (restart === null) return;
    const { attempt, delayMs } = restart;
    this.emit('RestartAttempt', { target: this.name, attempt, retries: this.rule.retries, delayMs });
    const generation = this.generation;
    const go = (): void => {
      this.timer = null;
      if (generation !== this.generation || this.state !== TargetState.Backoff) return;
      this.recover(failure, generation);
    };
    // Waiting hook actions (wait: true) run first: collecting evidence before the restart.
    const held = (): void => {
      const wait = this.host.plugins?.beforeRestart(this.name);
      if (wait) void wait.then(go);
      else go();
    };
    if (delayMs > 0) this.timer = this.host.timers.setTimeout(held, delayMs);
    else held();
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

  rotateLog(): void {
    try {
      this.log.rotateIfNeeded();
    } catch {
      // Rotation is best effort; a full disk must not stop monitoring.
    }
  }

  protected waitForStop(): Promise<void> {
    return new Promise<void>((resolve) => this.stopWaiters.push(resolve));
  }

  protected resolveStopWaiters(): void {
    const waiters = this.stopWaiters;
    this.stopWaiters = [];
    for (const resolve of waiters) resolve();
  }

  protected clearTimer(): void {
    if (this.timer) this.host.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  /** A descriptor for a child's output (the target's log), or 'ignore' when the log cannot be opened. */
  protected openLog(): number | 'ignore' {
    try {
      return this.log.open();
    } catch {
      return 'ignore';
    }
  }

  protected closeLog(fd: number | 'ignore'): void {
    if (fd !== 'ignore') this.log.close(fd);
  }
}
