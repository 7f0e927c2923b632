// The monitor: owns the targets, starts them, stops them, and turns a
// failover request into the monitor's exit.
import { join } from 'node:path';
import type { PsvConfig } from '../config/types.js';
import type { EventBus } from '../events/bus.js';
import type { Platform } from '../platform/index.js';
import { Target, type TargetStatus } from './target.js';

export const FAILOVER_EXIT_CODE = 4;

const LOG_ROTATE_CHECK_MS = 5000;

export interface MonitorDeps {
  platform: Platform;
  events: EventBus;
  version: string;
  now?: () => number;
}

export type MonitorOutcome = { kind: 'stopped' } | { kind: 'failover'; target: string; exitCode: number };

export class Monitor {
  private readonly targets = new Map<string, Target>();
  private rotateTimer: NodeJS.Timeout | null = null;
  private settle!: (outcome: MonitorOutcome) => void;
  private stopping: Promise<void> | null = null;
  /** Resolves when the monitor has stopped, by request or for a failover. */
  readonly finished: Promise<MonitorOutcome>;

  constructor(private config: PsvConfig, private readonly deps: MonitorDeps) {
    this.finished = new Promise((resolve) => (this.settle = resolve));
    for (const t of config.targets) this.targets.set(t.name, this.makeTarget(t));
  }

  private makeTarget(config: PsvConfig['targets'][number]): Target {
    const now = this.deps.now ?? Date.now;
    return new Target(config, {
      platform: this.deps.platform,
      events: this.deps.events,
      logDir: join(this.config.monitor.stateDir, 'logs'),
      logMaxBytes: this.config.monitor.logs.maxBytes,
      logKeep: this.config.monitor.logs.keep,
      now,
      requestFailover: (name) => void this.failover(name),
    });
  }

  start(): void {
    this.deps.events.emit('MonitorStarted', {
      version: this.deps.version,
      config: this.config.file,
      targets: this.targets.size,
    });
    for (const target of this.targets.values()) target.start();
    this.rotateTimer = setInterval(() => {
      for (const target of this.targets.values()) target.rotateLog();
    }, LOG_ROTATE_CHECK_MS);
    this.rotateTimer.unref();
  }

  status(): TargetStatus[] {
    return [...this.targets.values()].map((t) => t.status());
  }

  target(name: string): Target | undefined {
    return this.targets.get(name);
  }

  /** Stops every target (or lets them run with keepTargets) and ends the monitor. */
  stop(reason: string, keepTargets = false): Promise<void> {
    if (!this.stopping) this.stopping = this.shutdown(reason, keepTargets).then(() => this.settle({ kind: 'stopped' }));
    return this.stopping;
  }

  private async shutdown(reason: string, keepTargets: boolean): Promise<void> {
    if (this.rotateTimer) clearInterval(this.rotateTimer);
    const all = [...this.targets.values()];
    if (keepTargets) for (const t of all) t.release();
    else await Promise.all(all.map((t) => t.stop(`monitor ${reason}`)));
    this.deps.events.emit('MonitorStopped', { reason, keepTargets });
  }

  private async failover(target: string): Promise<void> {
    if (this.stopping) return;
    this.deps.events.emit('Failover', { target, exitCode: FAILOVER_EXIT_CODE });
    this.stopping = this.shutdown(`failover requested by ${target}`, false);
    await this.stopping;
    this.settle({ kind: 'failover', target, exitCode: FAILOVER_EXIT_CODE });
  }
}
