// Stall detection for one running process: a process that is alive but hung
// counts as failed. Three kinds of evidence, any combination: heartbeats that
// stop (WATCHDOG=1, `psv heartbeat`, or a file whose modification time stops
// advancing), health probes that keep failing, and (Linux) a process stuck in
// uninterruptible sleep or as a zombie.
import { statSync } from 'node:fs';
import { formatDuration } from '../config/duration.js';
import type { TargetConfig } from '../config/types.js';
import type { ProcessControl } from '../platform/index.js';
import { ProbeRunner } from '../probes/scheduler.js';
import type { ProbeConfig, ProbeResult, ProbeSpec } from '../probes/types.js';
import { phrase } from '../events/phrases.js';
import { describePlugin } from '../plugins/run.js';
import type { PluginContext } from '../plugins/types.js';

/** The heartbeat, the heartbeat file and the stuck state are checked this often (at most). */
const CHECK_EVERY_MS = 250;

export function describeProbe(spec: ProbeSpec): string {
  switch (spec.kind) {
    case 'tcp':
      return `tcp ${spec.host}:${spec.port}`;
    case 'http':
      return `http ${spec.url}`;
    case 'command':
      return `command ${spec.command.join(' ')}`;
    case 'plugin':
      return `check ${describePlugin(spec.plugin)}`;
  }
}

/** What a target's custom checks need from it: their context, and where their reactions go. */
export interface CheckHooks {
  context(pid: number): PluginContext;
  memoryMb: number;
  /** `failures` unhealthy answers in a row (every reaction; restart then also kills as a stall). */
  unhealthy(pid: number, probe: ProbeConfig, result: ProbeResult): void;
  pluginFailed(probe: ProbeConfig, why: string): void;
}

export class StallWatch {
  private timer: NodeJS.Timeout | null = null;
  private probes: ProbeRunner | null = null;
  private lastBeat = 0;
  private fileMtime = 0;
  private stuckSince: number | null = null;
  private pid = 0;
  private fired = false;

  constructor(
    private readonly config: TargetConfig,
    private readonly platform: ProcessControl,
    private readonly now: () => number,
    private readonly onStall: (reason: string) => void,
    private readonly checks: CheckHooks | null = null,
  ) {}

  /** Whether this target has anything to watch for. */
  static wanted(config: TargetConfig): boolean {
    const { stall, probes } = config;
    return stall.heartbeatMs !== null || stall.stuckForMs !== null || probes.length > 0;
  }

  start(pid: number): void {
    this.stop();
    this.pid = pid;
    this.fired = false;
    this.lastBeat = this.now();
    this.fileMtime = this.mtime();
    this.stuckSince = null;
    const { stall, probes } = this.config;
    if (stall.heartbeatMs !== null || stall.stuckForMs !== null) {
      const every = Math.min(CHECK_EVERY_MS, Math.max(10, (stall.heartbeatMs ?? CHECK_EVERY_MS) / 4));
      this.timer = setInterval(() => this.check(), every);
    }
    if (probes.length > 0) {
      this.probes = new ProbeRunner(probes, {
        cwd: this.config.cwd,
        env: { ...(process.env as Record<string, string>), ...this.config.scriptUser?.env, ...this.config.env },
        user: this.config.scriptUser,
        context: this.checks?.context(pid),
        memoryMb: this.checks?.memoryMb,
        onResult: (probe, result) => {
          if (result.pluginFailure !== undefined) this.checks?.pluginFailed(probe, result.pluginFailure);
        },
        onFailure: (probe: ProbeConfig, result: ProbeResult, consecutive: number) => {
          // A custom check's answer is told whatever the reaction; a plain probe's only when it is not a restart (StallDetected says it).
          if (probe.spec.kind === 'plugin' || probe.onUnhealthy !== 'restart') this.checks?.unhealthy(pid, probe, result);
          if (probe.onUnhealthy === 'restart') this.stalled(phrase('ProbeFailedInARow', { probe: describeProbe(probe.spec), count: consecutive, detail: result.detail }));
        },
      });
      this.probes.start(Date.now());
    }
  }

  /** WATCHDOG=1 or `psv heartbeat`. */
  beat(): void {
    this.lastBeat = this.now();
  }

  /** WATCHDOG=trigger: the target says it is hung. */
  trigger(): void {
    this.stalled(phrase('ReportedHung', {}));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.probes?.stop();
    this.probes = null;
  }

  private mtime(): number {
    if (!this.config.stall.file) return 0;
    try {
      return statSync(this.config.stall.file).mtimeMs;
    } catch {
      return 0;
    }
  }

  private check(): void {
    const now = this.now();
    const { heartbeatMs, file, stuckForMs } = this.config.stall;
    if (heartbeatMs !== null) {
      if (file) {
        const m = this.mtime();
        if (m > this.fileMtime) {
          this.fileMtime = m;
          this.lastBeat = now;
        }
      }
      if (now - this.lastBeat >= heartbeatMs) {
        const times = { duration: formatDuration(now - this.lastBeat), limit: formatDuration(heartbeatMs) };
        return this.stalled(file ? phrase('FileNotModifiedFor', { file, ...times }) : phrase('NoHeartbeatFor', times));
      }
    }
    if (stuckForMs !== null) {
      const state = this.platform.processState(this.pid);
      if (state === 'D' || state === 'Z') {
        this.stuckSince ??= now;
        if (now - this.stuckSince >= stuckForMs) {
          const duration = formatDuration(now - this.stuckSince);
          return this.stalled(phrase(state === 'D' ? 'StuckUninterruptible' : 'StuckZombie', { duration }));
        }
      } else {
        this.stuckSince = null;
      }
    }
  }

  private stalled(reason: string): void {
    if (this.fired) return;
    this.fired = true;
    this.stop();
    this.onStall(reason);
  }
}
