// The monitor: owns the targets, starts them, re-adopts them after its own
// restart, applies operator commands and reloads, and hands a failure that
// restarting cannot fix to its escalation port.
import { dirname, join } from 'node:path';
import { applyMonitorSettings, applyMonitorSettingsSafe, applyTargetSettings } from '../config/settings.js';
import type { PsvConfig, TargetConfig } from '../config/types.js';
import type { FailoverInfo, ReloadResult, StatusResult } from '../control/protocol.js';
import type { EventBus } from '../events/bus.js';
import type { Platform } from '../platform/index.js';
import { targetGraph } from '../config/groups.js';
import { startOrder, type Graph } from '../policy/graph.js';
import type { IncidentRecorder } from '../analysis/types.js';
import { Heartbeats } from '../probes/heartbeat.js';
import { monitorKey } from '../config/monitor-key.js';
import { targetId } from '../platform/marker.js';
import { Group, type GroupHost } from './group.js';
import { FOUND_BY_MARKER, foundState, MarkedScan, recoverTargets, signalDescendants } from './recover.js';
import { TargetState } from './states.js';
import { StateStore, STATE_VERSION, type PersistedState } from './state-store.js';
import type { Supervised, TargetHost } from './supervised.js';
import { createTarget, wantsHeartbeat } from './create-target.js';
import { reloadTargets } from './reload.js';
import { specOf } from './target.js';
import type { EscalationPort, EscalationRequest } from './escalation-port.js';
import { clearsFailover, standingFailover } from './failover.js';
import { realTimers, type Timers } from './timers.js';
import { RestartAfterDependency, startInOrder, startWaiting, stopBudgetMs, stopInOrder } from './ordering.js';
import { UnknownTargetError } from './unknown-target.js';
import { Periodic } from './periodic.js';
import { buildStatus } from './status.js';
import { phrase } from '../events/phrases.js';
import { PluginHost } from './plugin-host.js';

export { UnknownTargetError };

export interface MonitorDeps {
  platform: Platform;
  events: EventBus;
  version: string;
  controlAddress: string;
  now?: () => number;
  /** Timers; Node's own when left out (unit tests pass a fake). */
  timers?: Timers;
  /** Where a failure that restarting cannot fix goes (src/escalation/). */
  escalation: EscalationPort;
  /** Incident capture; none when left out. */
  recorder?: IncidentRecorder | null;
  /** Where a part of the monitor that cannot work says so (stderr). */
  warn?: (line: string) => void;
}

export type MonitorOutcome = { kind: 'stopped' } | { kind: 'failover'; target: string; exitCode: number };

export class Monitor {
  private readonly targets = new Map<string, Supervised>();
  private groups = new Map<string, Group>();
  /** target → the targets it needs (group names and group dependencies expanded). */
  private graph: Graph = new Map();
  /** The targets as the file says, before live overrides. */
  private readonly fileTargets = new Map<string, TargetConfig>();
  private readonly overrides: Record<string, Record<string, string>> = {};
  private settle!: (outcome: MonitorOutcome) => void;
  private stopping: Promise<void> | null = null;
  /** Set as the monitor begins to end: from then on nothing starts a target. */
  private closing = false;
  private readonly store: StateStore;
  private readonly heartbeats: Heartbeats;
  private readonly periodic: Periodic;
  private readonly afterDependency: RestartAfterDependency;
  private readonly startedAt: number;
  private readonly now: () => number;
  private readonly timers: Timers;
  /** An escalation is under way: a second one waits for nothing and does nothing. */
  private escalating = false;
  /** The failover an adapter handled while the monitor runs on (status shows it; psv health says failed). */
  private failover: FailoverInfo | null = null;
  /** Names this monitor outside itself: its targets' processes carry it (recover.ts). */
  private readonly key: string;
  private readonly marked: MarkedScan;
  private readonly plugins: PluginHost;
  /** Resolves when the monitor has stopped, by request or for a failover. */
  readonly finished: Promise<MonitorOutcome>;

  constructor(private config: PsvConfig, private readonly deps: MonitorDeps) {
    this.now = deps.now ?? Date.now;
    this.timers = deps.timers ?? realTimers;
    this.afterDependency = new RestartAfterDependency(() => this.graph, this.targets, this.now);
    this.periodic = new Periodic({
      platform: deps.platform,
      events: deps.events,
      timers: this.timers,
      now: this.now,
      recorder: deps.recorder ?? null,
      targets: () => this.targets.values(),
      targetCount: () => this.targets.size,
      intervalMs: () => this.config.monitor.intervalMs,
      logMaxBytes: () => this.config.monitor.logs.maxBytes,
    });
    this.startedAt = this.now();
    this.key = monitorKey(config.monitor.stateDir);
    this.marked = new MarkedScan(deps.platform, this.key, this.now);
    this.finished = new Promise((resolve) => (this.settle = resolve));
    this.plugins = new PluginHost({ events: deps.events, config: () => this.config, target: (n) => this.targets.get(n), escalate: (r) => void this.escalate(r) });
    const warn = deps.warn ?? ((line: string) => process.stderr.write(`psv: warning: ${line}\n`));
    this.store = new StateStore(
      config.monitor.stateDir,
      () => this.snapshot(),
      (name) => this.targets.get(name)?.snapshot() ?? null,
      { events: deps.events, warn },
    );
    this.heartbeats = new Heartbeats({
      dir: config.monitor.stateDir,
      onMessage: (target, msg) => {
        this.targets.get(target)?.notify({ watchdog: msg.watchdog, ready: msg.ready, trigger: msg.watchdogTrigger });
      },
      mainPid: (target) => this.targets.get(target)?.pid ?? null,
      refused: (r) => deps.events.emit('NotifyRefused', r),
      warn,
    });
    for (const t of config.targets) {
      this.fileTargets.set(t.name, t);
      this.targets.set(t.name, this.makeTarget(t));
    }
    this.buildGroups(config);
  }

  private buildGroups(config: PsvConfig): void {
    this.graph = targetGraph(config.targets, config.groups);
    const groups = new Map<string, Group>();
    for (const g of config.groups) {
      const existing = this.groups.get(g.name);
      if (existing) existing.config = g;
      groups.set(g.name, existing ?? new Group(g, this.groupHost()));
    }
    this.groups = groups;
  }

  private groupHost(): GroupHost {
    return {
      events: this.deps.events,
      now: this.now,
      timers: this.timers,
      graph: () => this.graph,
      stopInOrder: (names, reason) => this.stopInOrder(names, reason),
      startInOrder: (names) => this.startInOrder(names),
      escalate: (request) => void this.escalate(request),
    };
  }

  /** Starts the named targets in dependency order; one whose dependencies are not ready waits for them. */
  startInOrder(names: readonly string[]): void {
    if (!this.closing) startInOrder(this.graph, this.targets, names);
  }

  stopInOrder(names: readonly string[], reason: string): Promise<void> {
    return stopInOrder(this.graph, this.targets, names, reason);
  }

  /** The longest that stopping every target can take: each waits its stopTimeout (and a moment for the kill), dependants first. */
  stopBudgetMs(): number {
    return stopBudgetMs(this.graph, this.targets);
  }

  /** No target is between spawn and its pid (the start-up burst is over). */
  settled(): boolean {
    for (const t of this.targets.values()) if (t.state === TargetState.Starting) return false;
    return true;
  }

  get configFile(): string {
    return this.config.file;
  }

  private makeTarget(config: TargetConfig): Supervised {
    const host: TargetHost = {
      platform: this.deps.platform,
      events: this.deps.events,
      logDir: join(this.config.monitor.stateDir, 'logs'),
      logMaxBytes: this.config.monitor.logs.maxBytes,
      logKeep: this.config.monitor.logs.keep,
      now: this.now,
      timers: this.timers,
      escalate: (request) => void this.escalate(request),
      changed: () => this.store.schedule(config.name),
      pollingChanged: () => this.periodic.pollingChanged(),
      processTable: (since) => this.periodic.processTable(since),
      recorder: this.deps.recorder ?? null,
      notifyEnv: (config) => (wantsHeartbeat(config) ? this.heartbeats.notifyEnv(config) : {}),
      memberDown: (target) => {
        this.afterDependency.failed(target.name);
        return target.config.group ? this.groups.get(target.config.group)?.memberDown(target) ?? false : false;
      },
      ready: (target) => {
        startWaiting(this.graph, this.targets, target.name);
        this.afterDependency.ready(target.name);
      },
      targetId: (name) => targetId(this.key, name),
      signalDescendants: (name, rootPid, signal) => signalDescendants(this.deps.platform, this.marked.get(), name, rootPid, signal),
      plugins: this.plugins,
    };
    return createTarget(config, host);
  }

  private snapshot(): PersistedState {
    const targets: PersistedState['targets'] = {};
    for (const [name, t] of this.targets) targets[name] = t.snapshot();
    return { version: STATE_VERSION, monitorPid: process.pid, savedAt: new Date(this.now()).toISOString(), overrides: this.overrides, targets };
  }

  /** Starts (or re-adopts) every target and the periodic checks. */
  async start(): Promise<void> {
    // The heartbeat endpoints exist before the targets that send to them.
    for (const t of this.targets.values()) if (wantsHeartbeat(t.config)) await this.heartbeats.add(t.name, t.config.runAs);
    const { state: saved, recovered } = this.store.load([...this.targets.keys()]);
    this.deps.events.emit('MonitorStarted', { version: this.deps.version, config: this.config.file, targets: this.targets.size });
    if (recovered) this.deps.events.emit('StateRecovered', recovered);
    if (saved) this.restoreOverrides(saved);
    const found = recoverTargets({
      platform: this.deps.platform,
      events: this.deps.events,
      key: this.key,
      saved,
      configured: new Set(this.targets.keys()),
      started: new Set([...this.targets.values()].filter((t) => t.config.kind === 'command').map((t) => t.name)),
    });
    const fresh: string[] = [];
    for (const name of startOrder(this.graph, [...this.targets.keys()])) {
      const target = this.targets.get(name)!;
      const root = found.get(name);
      const before = root ? foundState(saved?.targets[name], root, specOf(target.config)) : saved?.targets[name];
      if (!before) {
        fresh.push(name);
        continue;
      }
      target.resume(before, root ? FOUND_BY_MARKER : undefined);
      // A process adopted from an older command is restarted with the current one.
      if (target.adopted && target.specChanged()) void target.restart();
    }
    this.startInOrder(fresh);
    this.store.saveNow();
    this.periodic.start();
  }

  private restoreOverrides(saved: PersistedState): void {
    for (const [name, settings] of Object.entries(saved.overrides ?? {})) {
      try {
        if (name === '') this.setMonitor(settings, false);
        else if (this.targets.has(name)) this.setTarget(name, settings, false);
      } catch {
        // An override the current config no longer accepts is dropped.
      }
    }
  }

  private get(name: string): Supervised {
    const t = this.targets.get(name);
    if (!t) throw new UnknownTargetError(name, [...this.targets.keys()], [...this.groups.keys()]);
    return t;
  }

  /** The targets a command applies to: the named targets and the members of named groups (checked), or all. */
  select(names: string[] | 'all'): Supervised[] {
    if (names === 'all') return [...this.targets.values()];
    const out = new Map<string, Supervised>();
    for (const n of names) {
      const group = this.groups.get(n);
      if (group) for (const m of group.config.members) out.set(m, this.get(m));
      else out.set(n, this.get(n));
    }
    return [...out.values()];
  }

  status(names: string[] | 'all' = 'all'): StatusResult {
    const targets = this.select(names);
    const wanted = new Set(targets.map((t) => t.config.group));
    return buildStatus({
      now: this.now(),
      targets,
      groups: [...this.groups.values()].filter((g) => names === 'all' || wanted.has(g.name)),
      graph: this.graph,
      overrides: this.overrides,
      monitor: {
        pid: process.pid,
        version: this.deps.version,
        config: this.config.file,
        startedAt: new Date(this.startedAt).toISOString(),
        control: this.deps.controlAddress,
        intervalMs: this.config.monitor.intervalMs,
        overrides: this.overrides[''] ?? {},
        failover: this.failover,
      },
    });
  }

  pause(names: string[] | 'all'): string[] {
    const targets = this.select(names);
    for (const t of targets) {
      if (t.paused) continue;
      t.pause();
      this.deps.events.emit('TargetPaused', { target: t.name });
    }
    return targets.map((t) => t.name);
  }

  resume(names: string[] | 'all'): string[] {
    const targets = this.select(names);
    for (const t of targets) {
      if (!t.paused) continue;
      t.unpause();
      this.deps.events.emit('TargetResumed', { target: t.name });
    }
    return targets.map((t) => t.name);
  }

  /** Restarts now, not counted against the retries; a named group restarts in dependency order. */
  async restart(names: string[] | 'all'): Promise<string[]> {
    const targets = this.select(names);
    const groups = names === 'all' ? [] : names.map((n) => this.groups.get(n)).filter((g): g is Group => g !== undefined);
    const inGroups = new Set(groups.flatMap((g) => g.config.members));
    await Promise.all([...groups.map((g) => g.restartAll()), ...targets.filter((t) => !inGroups.has(t.name)).map((t) => t.restart())]);
    return targets.map((t) => t.name);
  }

  /** A heartbeat (and optionally READY) from a script: `psv heartbeat NAME`. */
  heartbeat(names: string[] | 'all', ready: boolean): string[] {
    const targets = this.select(names);
    for (const t of targets) t.notify({ watchdog: true, ready });
    return targets.map((t) => t.name);
  }

  /** Clears retry counts; a named group's count too, and a group stopped by retry over starts again. */
  reset(names: string[] | 'all'): string[] {
    const targets = this.select(names);
    const groups = names === 'all' ? [...this.groups.values()] : names.map((n) => this.groups.get(n)).filter((g): g is Group => g !== undefined);
    for (const t of targets) {
      t.reset();
      this.deps.events.emit('TargetReset', { target: t.name });
    }
    for (const g of groups) g.reset();
    if (this.failover && clearsFailover(this.failover, names, targets)) this.failover = null;
    return targets.map((t) => t.name);
  }

  /** Live change of a target's parameters; validated like the file. Throws SettingError. */
  setTarget(name: string, settings: Record<string, string>, report = true): void {
    const target = this.get(name);
    const merged = { ...(this.overrides[name] ?? {}), ...settings };
    const next = applyTargetSettings(this.fileTargets.get(name)!, merged, dirname(this.config.file));
    target.config = next;
    target.settingsChanged();
    this.overrides[name] = merged;
    this.store.schedule();
    if (report) this.deps.events.emit('TargetChanged', { target: name, settings: describe(settings) });
  }

  setMonitor(settings: Record<string, string>, report = true): void {
    const merged = { ...(this.overrides[''] ?? {}), ...settings };
    const next = applyMonitorSettings(this.config.monitor, settings);
    this.config = { ...this.config, monitor: next };
    this.overrides[''] = merged;
    this.periodic.rescheduleChecks();
    this.store.schedule();
    if (report) this.deps.events.emit('TargetChanged', { target: '(monitor)', settings: describe(settings) });
  }

  /**
   * Applies a new, already validated configuration: adds, removes and changes
   * targets; leaves unchanged targets and their processes alone (reload.ts).
   */
  async reload(next: PsvConfig): Promise<ReloadResult> {
    if (this.closing) throw new Error('the monitor is stopping');
    return reloadTargets(
      {
        targets: this.targets,
        fileTargets: this.fileTargets,
        overrides: this.overrides,
        heartbeats: this.heartbeats,
        recorder: this.deps.recorder ?? null,
        events: this.deps.events,
        takeConfig: (file) => (this.config = { ...file, monitor: applyMonitorSettingsSafe(file.monitor, this.overrides['']) }),
        makeTarget: (config) => this.makeTarget(config),
        applied: () => {
          this.periodic.rescheduleChecks();
          this.store.schedule();
        },
      },
      next,
    );
  }

  /** Stops every target (or lets them run with keepTargets) and ends the monitor. */
  stop(reason: string, keepTargets = false): Promise<void> {
    if (!this.stopping) this.stopping = this.shutdown(reason, keepTargets).then(() => this.settle({ kind: 'stopped' }));
    return this.stopping;
  }

  private async shutdown(reason: string, keepTargets: boolean): Promise<void> {
    // Restarts still on their way (a group's delay, an operator's restart, a
    // reload) must not start anything once the targets are stopped: the
    // process would live on and restart them behind a monitor that said it stopped.
    this.closing = true;
    for (const t of this.targets.values()) t.retire();
    for (const g of this.groups.values()) g.close();
    this.periodic.stop();
    const all = [...this.targets.values()];
    // A stop always finishes: a step that fails is reported, and the next one still runs.
    const attempt = async (step: () => unknown): Promise<void> => {
      try {
        await step();
      } catch (err) {
        this.deps.events.emit('MonitorError', { error: `while stopping: ${(err as Error).stack ?? String(err)}` });
      }
    };
    if (keepTargets) {
      await attempt(() => Promise.all(all.map((t) => t.release())));
      // The next monitor adopts them from this state.
      await attempt(() => this.store.saveNow());
    } else {
      // Dependants first: each target stops once what depends on it has stopped.
      await attempt(() => this.stopInOrder([...this.targets.keys()], phrase('MonitorStopping', { reason })));
      await attempt(() => this.store.clear());
    }
    await attempt(() => this.heartbeats.close());
    this.deps.events.emit('MonitorStopped', { reason, keepTargets });
  }

  /** Hands a failure up through the escalation port; the adapter decides whether the monitor ends. */
  private async escalate(request: EscalationRequest): Promise<void> {
    if (this.stopping || this.escalating) return;
    this.escalating = true;
    await this.plugins.settled(request.target);
    const shutdown = (reason: string): Promise<void> => {
      this.stopping ??= this.shutdown(reason, false);
      return this.stopping;
    };
    try {
      const outcome = await this.deps.escalation.escalate(request, { shutdown });
      if (outcome.kind === 'handled') this.failover = standingFailover(request, outcome.via, this.now());
      else {
        await shutdown(`escalation of ${request.scope} ${request.name}`);
        this.settle({ kind: 'failover', target: request.scope === 'group' ? `group ${request.name}` : request.name, exitCode: outcome.exitCode });
      }
    } catch (err) {
      this.deps.events.emit('MonitorError', { error: `escalation of ${request.scope} ${request.name} failed: ${(err as Error).message}` });
    } finally {
      this.escalating = false;
    }
  }
}

function describe(settings: Record<string, string>): string {
  return Object.entries(settings)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}
