// The monitor's periodic work: the check at monitor.interval (adopted
// processes, processes psv did not start, services in one query), log
// rotation spread over its period, and resource samples for incidents.
import type { EventBus } from '../events/bus.js';
import type { IncidentRecorder } from '../analysis/types.js';
import type { Platform, ProcessInfo } from '../platform/index.js';
import { MAX_TIMER_MS } from '../policy/retry.js';
import type { Supervised } from './supervised.js';
import type { TimerHandle, Timers } from './timers.js';
import { ServiceTarget } from './watch/service.js';

/** Each target's log size is checked this often; the checks are spread over the period. */
const LOG_ROTATE_PERIOD_MS = 30_000;
const LOG_ROTATE_SLICES = 6;
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
}

export class Periodic {
  private rotateTimer: TimerHandle | null = null;
  private checkTimer: TimerHandle | null = null;
  private sampleTimer: TimerHandle | null = null;
  private servicesBusy = false;
  /** The targets the check has work for (Supervised.polled); null: to be found again. */
  private polled: Supervised[] | null = null;
  /** The last read of the process table; `at` is null while the read is under way. */
  private table: { startedAt: number; at: number | null; rows: Promise<ProcessInfo[]> } | null = null;

  constructor(private readonly deps: PeriodicDeps) {}

  start(): void {
    const { timers } = this.deps;
    // One slice of the targets per tick, so that a thousand targets never cost a thousand stats at once.
    let slice = 0;
    this.rotateTimer = timers.setInterval(() => {
      let i = 0;
      for (const target of this.deps.targets()) if (i++ % LOG_ROTATE_SLICES === slice) target.rotateLog();
      slice = (slice + 1) % LOG_ROTATE_SLICES;
    }, LOG_ROTATE_PERIOD_MS / LOG_ROTATE_SLICES);
    this.rotateTimer.unref();
    this.scheduleChecks();
    if (this.deps.recorder) this.scheduleSamples();
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
    timers.clearInterval(this.rotateTimer);
    timers.clearInterval(this.checkTimer);
    timers.clearTimeout(this.sampleTimer);
    this.rotateTimer = this.checkTimer = this.sampleTimer = null;
  }

  /**
   * Samples every SAMPLE_EVERY_MS, or less often with many targets: a round costs
   * about SAMPLE_COST_MS per target, and the monitor's idle cost must stay small.
   */
  private scheduleSamples(): void {
    const { timers } = this.deps;
    if (this.sampleTimer) timers.clearTimeout(this.sampleTimer);
    const every = Math.max(SAMPLE_EVERY_MS, this.deps.targetCount() * SAMPLE_SPACING_MS, Math.min(this.deps.intervalMs(), MAX_TIMER_MS));
    this.sampleTimer = timers.setTimeout(() => {
      this.sample();
      this.scheduleSamples();
    }, every);
    this.sampleTimer.unref();
  }

  /** Resource samples of every running target, kept for incidents. */
  private sample(): void {
    for (const t of this.deps.targets()) {
      const pids = t.statusDetail().instances.map((i) => i.pid);
      if (t.pid !== null && !pids.includes(t.pid)) pids.push(t.pid);
      if (pids.length) this.deps.recorder!.sample(t.name, pids);
    }
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
