// The monitor's periodic work: the check at monitor.interval (adopted
// processes, processes psv did not start, services in one query), log
// rotation spread over its period, and resource samples for incidents. The
// last two are the spawn helper's for the targets it runs (Platform.childWatch):
// it samples them and looks at their logs' size on its own, so that a
// thousand such targets do not wake the monitor.
import type { EventBus } from '../events/bus.js';
import type { IncidentRecorder } from '../analysis/types.js';
import type { Platform, ProcessInfo } from '../platform/index.js';
import type { ChildWatch } from '../platform/types.js';
import { SAMPLES_KEEP_MS } from '../analysis/samples.js';
import { MAX_TIMER_MS } from '../policy/retry.js';
import type { Supervised } from './supervised.js';
import type { TimerHandle, Timers } from './timers.js';
import { ServiceTarget } from './watch/service.js';

/** Each target's log size is checked this often; the checks are spread over the period. */
const LOG_ROTATE_PERIOD_MS = 30_000;
const LOG_ROTATE_SLICES = 6;
/** Up to this many targets' logs are checked in one slice. */
const LOG_SLICE_TARGETS = 200;
/** How long one read of the process table is shared by the targets that need it. */
const TABLE_FRESH_MS = 50;
/** Resource samples for incidents are taken this often (at most once per check)... */
const SAMPLE_EVERY_MS = 15_000;
/** ...and with many targets, no more often than this many ms per target (1000 targets: once a minute). */
const SAMPLE_SPACING_MS = 60; // recorder.ts says "once a minute at 1000" when an incident has no samples yet

export interface PeriodicDeps {
  platform: Platform;
  events: EventBus;
  timers: Timers;
  now(): number;
  recorder: IncidentRecorder | null;
  /** The targets as they are now (a reload changes them). */
  targets(): Iterable<Supervised>;
  targetCount(): number;
  /** monitor.interval as it is now (psv set changes it). */
  intervalMs(): number;
  /** monitor.logs.maxBytes. */
  logMaxBytes(): number;
}

export class Periodic {
  private rotateTimer: TimerHandle | null = null;
  private checkTimer: TimerHandle | null = null;
  private sampleTimer: TimerHandle | null = null;
  /** How many targets the last sample round read (the others the spawn helper samples). */
  private sampledTargets: number | null = null;
  /** The spawn helper's watch of the targets it runs: it samples them and checks their logs, not this. */
  private readonly childWatch: ChildWatch | null;
  private stopLogWatch: (() => void) | null = null;
  private servicesBusy = false;
  /** The targets the check has work for (Supervised.polled); null: to be found again. */
  private polled: Supervised[] | null = null;
  /** The last read of the process table; `at` is null while the read is under way. */
  private table: { startedAt: number; at: number | null; rows: Promise<ProcessInfo[]> } | null = null;

  constructor(private readonly deps: PeriodicDeps) {
    this.childWatch = deps.platform.childWatch();
  }

  start(): void {
    const { timers } = this.deps;
    const watch = this.childWatch;
    if (watch) {
      watch.configure({
        sampleEveryMs: this.deps.recorder ? SAMPLE_EVERY_MS : 0,
        sampleSpacingMs: SAMPLE_SPACING_MS,
        keepMs: SAMPLES_KEEP_MS,
        logMaxBytes: this.deps.logMaxBytes(),
        logEveryMs: LOG_ROTATE_PERIOD_MS,
      });
      this.stopLogWatch = watch.onLogFull((pid) => {
        for (const target of this.deps.targets()) if (target.pid === pid) target.rotateLog();
      });
    }
    this.scheduleRotation(0, 1);
    this.scheduleChecks();
    if (this.deps.recorder) this.scheduleSamples();
  }

  /**
   * The log checks of the targets the spawn helper does not watch, in slices
   * over LOG_ROTATE_PERIOD_MS so that a thousand targets never cost a thousand
   * stats at once, and in one wake-up when they are few (the helper watching
   * the rest). The number of slices is found again at the start of each pass.
   */
  private scheduleRotation(slice: number, slices: number): void {
    this.rotateTimer = this.deps.timers.setTimeout(() => {
      if (slice === 0) slices = this.rotationSlices();
      let i = 0;
      for (const target of this.deps.targets()) if (i++ % slices === slice && !this.childWatch?.holds(target.pid)) target.rotateLog();
      this.scheduleRotation((slice + 1) % slices, slices);
    }, LOG_ROTATE_PERIOD_MS / slices);
    this.rotateTimer.unref();
  }

  private rotationSlices(): number {
    let own = 0;
    for (const target of this.deps.targets()) if (!this.childWatch?.holds(target.pid)) own++;
    return Math.min(LOG_ROTATE_SLICES, Math.max(1, Math.ceil(own / LOG_SLICE_TARGETS)));
  }

  /** Between start() and stop(): the rotation timer runs for the whole of it. */
  private get started(): boolean {
    return this.rotateTimer !== null;
  }

  /** The checks at monitor.interval (again, after it changed); one runs at once. Not before start(). */
  rescheduleChecks(): void {
    if (this.started) this.scheduleChecks();
  }

  /**
   * A target's need for the check may have changed (it was adopted, or let its
   * process go): the polled targets are found again, and a sleeping check wakes.
   */
  pollingChanged(): void {
    this.polled = null;
    if (this.started && this.checkTimer === null) this.scheduleChecks();
  }

  private scheduleChecks(): void {
    const { timers } = this.deps;
    if (this.checkTimer) timers.clearInterval(this.checkTimer);
    this.polled = null;
    this.checkTimer = timers.setInterval(() => void this.tick(), Math.min(this.deps.intervalMs(), MAX_TIMER_MS));
    void this.tick();
  }

  stop(): void {
    const { timers } = this.deps;
    timers.clearTimeout(this.rotateTimer);
    timers.clearInterval(this.checkTimer);
    timers.clearTimeout(this.sampleTimer);
    this.rotateTimer = this.checkTimer = this.sampleTimer = null;
    this.stopLogWatch?.();
    this.stopLogWatch = null;
  }

  /**
   * Samples every SAMPLE_EVERY_MS, or less often with many targets: a round costs
   * about SAMPLE_COST_MS per target, and the monitor's idle cost must stay small.
   */
  private scheduleSamples(): void {
    const { timers } = this.deps;
    if (this.sampleTimer) timers.clearTimeout(this.sampleTimer);
    const sampled = this.sampledTargets ?? this.deps.targetCount();
    const every = Math.max(SAMPLE_EVERY_MS, sampled * SAMPLE_SPACING_MS, Math.min(this.deps.intervalMs(), MAX_TIMER_MS));
    this.sampleTimer = timers.setTimeout(() => {
      this.sample();
      this.scheduleSamples();
    }, every);
    this.sampleTimer.unref();
  }

  /** Resource samples of every running target, kept for incidents; not of those the spawn helper samples. */
  private sample(): void {
    const watch = this.childWatch;
    let sampled = 0;
    for (const t of this.deps.targets()) {
      if (watch?.holds(t.pid)) continue; // a target the helper runs: its process is sampled there
      const pids = t.statusDetail().instances.map((i) => i.pid);
      if (t.pid !== null && !pids.includes(t.pid)) pids.push(t.pid);
      if (pids.length) {
        this.deps.recorder!.sample(t.name, pids);
        sampled++;
      }
    }
    this.sampledTargets = sampled;
  }

  /**
   * One read of the process table serves every target that looks while it
   * runs and TABLE_FRESH_MS after; `since`: only a read begun at or after
   * that time will do (a restore looks for a process started since).
   */
  processTable(since?: number): Promise<ProcessInfo[]> {
    const t = this.table;
    const now = this.deps.now();
    if (t && (since === undefined || t.startedAt >= since) && (t.at === null || now - t.at <= TABLE_FRESH_MS)) return t.rows;
    const entry: { startedAt: number; at: number | null; rows: Promise<ProcessInfo[]> } = { startedAt: now, at: null, rows: this.deps.platform.listProcesses() };
    const settle = (): void => {
      entry.at = this.deps.now();
    };
    entry.rows.then(settle, settle);
    this.table = entry;
    return entry.rows;
  }

  /**
   * The check: the polled targets only. When none is (every process is a child
   * that reports its own end), the timer stops until one is: a thousand
   * targets then cost no wake-up a second.
   */
  async tick(): Promise<void> {
    this.polled ??= [...this.deps.targets()].filter((t) => t.polled);
    if (this.polled.length === 0) {
      this.deps.timers.clearInterval(this.checkTimer);
      this.checkTimer = null;
      return;
    }
    const services: ServiceTarget[] = [];
    for (const target of this.polled) {
      if (target instanceof ServiceTarget && target.watchesService) services.push(target);
      else void target.tick();
    }
    if (services.length === 0 || this.servicesBusy) return;
    this.servicesBusy = true;
    try {
      const statuses = await this.deps.platform.serviceStatus(services.map((t) => t.config.service));
      services.forEach((t, i) => t.serviceUpdate(statuses[i]!));
    } catch (err) {
      this.deps.events.emit('MonitorError', { error: `service query failed: ${(err as Error).message}` });
    } finally {
      this.servicesBusy = false;
    }
  }
}
