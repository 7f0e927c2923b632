// Runs one target's health probes on their schedules, the way Kubernetes runs
// liveness probes: the first check initialDelay after the process started, then one
// every `every` (counted from the start of the previous check; a check never
// overlaps its predecessor), and `failures` consecutive failed checks make one
// failure report. The count then starts again, so a target that stays broken is
// reported again only after `failures` more misses.
import { runProbe as realRunProbe, type RunProbeOptions } from './run.js';
import type { ProbeConfig, ProbeResult, ProbeSpec } from './types.js';

export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface ProbeRunnerOptions extends RunProbeOptions {
  /** `failures` consecutive failed checks of `probe`; `result` is the last of them. */
  onFailure(probe: ProbeConfig, result: ProbeResult, consecutive: number): void;
  /** Every check's result, with the failures counted so far (0 after a success); for status and logs. */
  onResult?(probe: ProbeConfig, result: ProbeResult, consecutive: number): void;
  /** Replaces the real check (tests). */
  runProbe?: (spec: ProbeSpec, timeoutMs: number, opts: RunProbeOptions) => Promise<ProbeResult>;
  /** Replaces the clock and timers (tests). Default: Date.now and the global timers. */
  timers?: Timers;
}

interface Slot {
  probe: ProbeConfig;
  consecutive: number;
  timer: unknown;
}

export class ProbeRunner {
  private slots: Slot[] = [];
  /** Bumped by start() and stop(): a check begun in an older generation reports nothing. */
  private generation = 0;
  private readonly timers: Timers;
  private readonly check: NonNullable<ProbeRunnerOptions['runProbe']>;

  constructor(
    private readonly probes: readonly ProbeConfig[],
    private readonly opts: ProbeRunnerOptions,
  ) {
    this.timers = opts.timers ?? realTimers;
    this.check = opts.runProbe ?? realRunProbe;
  }

  /**
   * Starts the schedules; `startedAt` is when the process started (same clock as
   * timers.now()), from which each probe's initialDelay counts. A second start()
   * begins afresh (counts reset), as for a new process.
   */
  start(startedAt: number = this.timers.now()): void {
    this.stop();
    const gen = this.generation;
    this.slots = this.probes.map((probe) => ({ probe, consecutive: 0, timer: null }));
    const elapsed = this.timers.now() - startedAt;
    for (const slot of this.slots) this.schedule(slot, gen, Math.max(0, slot.probe.initialDelayMs - elapsed));
  }

  /** Cancels every pending check; results of checks still running are ignored. */
  stop(): void {
    this.generation++;
    for (const slot of this.slots) {
      if (slot.timer !== null) this.timers.clearTimeout(slot.timer);
      slot.timer = null;
    }
    this.slots = [];
  }

  /** Consecutive failed checks of each probe so far, in config order (for status). */
  failureCounts(): number[] {
    return this.slots.map((s) => s.consecutive);
  }

  private schedule(slot: Slot, gen: number, delayMs: number): void {
    slot.timer = this.timers.setTimeout(() => {
      slot.timer = null;
      void this.runOnce(slot, gen);
    }, delayMs);
  }

  private async runOnce(slot: Slot, gen: number): Promise<void> {
    if (gen !== this.generation) return;
    const { probe } = slot;
    const startedAt = this.timers.now();
    let result: ProbeResult;
    try {
      result = await this.check(probe.spec, probe.timeoutMs, { cwd: this.opts.cwd, env: this.opts.env, user: this.opts.user ?? null, context: this.opts.context, memoryMb: this.opts.memoryMb });
    } catch (err) {
      result = { ok: false, detail: `probe failed: ${err instanceof Error ? err.message : String(err)}` };
    }
    if (gen !== this.generation) return;

    // An answer that is no verdict (unknown, a broken plug-in) neither counts nor clears the count.
    if (!result.skipped) slot.consecutive = result.ok ? 0 : slot.consecutive + 1;
    const consecutive = slot.consecutive;
    const fire = !result.ok && !result.skipped && consecutive >= probe.failures;
    if (fire) slot.consecutive = 0;
    this.notify(() => this.opts.onResult?.(probe, result, consecutive));
    if (fire) this.notify(() => this.opts.onFailure(probe, result, consecutive));
    // The callbacks may have stopped or restarted the runner.
    if (gen !== this.generation) return;
    const next = Math.max(0, startedAt + probe.everyMs - this.timers.now());
    this.schedule(slot, gen, next);
  }

  /** A throwing callback must not end the schedule. */
  private notify(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      process.emitWarning(`probe callback threw: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    }
  }
}
