// Targets seen in the process table (match, pidfile). Known processes are
// checked cheaply at every tick; the table is read only to find new ones. A
// restore is confirmed by finding the process again.
import type { MatchTargetConfig, PidfileTargetConfig } from '../../config/types.js';
import type { ProcessInfo } from '../../platform/index.js';
import { TargetState } from '../states.js';
import type { InstanceRecord } from '../supervised.js';
import { Watched } from './watched.js';
import { phrase } from '../../events/phrases.js';

/**
 * How soon after a restore it is checked for having brought the process back:
 * a few short looks first (a restore command's process is there within
 * milliseconds), then every CONFIRM_POLL_MS.
 */
const CONFIRM_FIRST_MS = [1, 2, 4, 8, 16, 32, 64];
const CONFIRM_POLL_MS = 100;

export type Probe = 'alive' | 'zombie' | 'gone';

export abstract class ProcessWatch<C extends MatchTargetConfig | PidfileTargetConfig> extends Watched<C> {
  private busy = false;
  /** An instance ended while a check ran: look again once it is done. */
  private again = false;

  /** A known instance ended (the platform waited on it): the check runs now, not at the next tick. */
  protected override instanceEnded = (): void => {
    if (this.busy) this.again = true;
    else void this.tick();
  };

  /**
   * Processes that are the target right now, oldest first. `since`: only a
   * process table read begun at or after that time will do.
   */
  protected abstract discover(since?: number): Promise<ProcessInfo[]>;

  /**
   * Whether a check of the known instances looks for the target anew, and
   * which of what it found are the target then.
   */
  protected abstract looksAgain(alive: InstanceRecord[], gone: number): boolean;
  protected abstract adoptFound(found: ProcessInfo[], alive: InstanceRecord[]): InstanceRecord[];

  /** Fewest instances that make the target up. */
  protected get min(): number {
    return 1;
  }

  /** Whether the check at tick `tick` reads the table even with every known instance alive. */
  protected recountDue(_tick: number): boolean {
    return false;
  }

  /** A pid psv itself ended: its disappearance is no failure (forgotten once seen gone). */
  protected endedByPsv(_pid: number): boolean {
    return false;
  }

  /** The instances found are more than the target allows. */
  protected checkExcess(_list: InstanceRecord[]): void {}

  protected firstLook(): void {
    void this.tick();
  }

  /** The command line each instance had when found: the evidence of a loss, once the process is gone. */
  private readonly commandLines = new Map<number, string>();

  protected record(p: ProcessInfo): InstanceRecord {
    this.commandLines.set(p.pid, p.commandLine);
    return { pid: p.pid, token: p.startToken, startedAt: this.host.now() };
  }

  /** The periodic check. */
  tick(): Promise<void> | void {
    if (this.busy) return;
    if (this.state !== TargetState.Running && this.state !== TargetState.Exited) return this.slowTick(null);
    // Each known instance is probed once per tick; the verdicts go to the slow path if needed.
    const probes = this.instances.map((i) => this.host.platform.probeProcess(i.pid, i.token));
    // The steady state, every known instance alive: no table read, no promise.
    if (this.state === TargetState.Running && this.allAlive(probes)) {
      this.ticks++;
      return;
    }
    return this.slowTick(probes);
  }

  /** Whether every known instance is alive, and nothing asks for a table read this tick. */
  private allAlive(probes: readonly Probe[]): boolean {
    if (this.instances.length < this.min || this.instances.length === 0) return false;
    if (this.recountDue(this.ticks + 1)) return false;
    return probes.every((p) => p === 'alive');
  }

  private async slowTick(probes: readonly Probe[] | null): Promise<void> {
    this.busy = true;
    try {
      await this.check(probes);
    } catch (err) {
      this.emit('MonitorError', { error: `checking '${this.name}': ${(err as Error).message}` });
    } finally {
      this.busy = false;
      if (this.again) {
        this.again = false;
        void this.tick();
      }
    }
  }

  private async check(probes: readonly Probe[] | null): Promise<void> {
    const generation = this.generation;
    switch (this.state) {
      case TargetState.Starting: {
        const found = await this.discover();
        if (generation !== this.generation || this.state !== TargetState.Starting) return;
        const known = new Map(this.instances.map((i) => [i.pid, i]));
        const list = found.map((p) => known.get(p.pid) ?? this.record(p));
        if (list.length >= this.min && list.length > 0) return this.up(list);
        if (this.confirmDeadline === null) {
          // The first look found too few: the same as losing them now.
          this.setInstances(list);
          return this.lost(null, 'not running');
        }
        if (this.host.now() > this.confirmDeadline) {
          this.stopConfirming();
          this.setInstances(list);
          this.emit('RestartFailed', {
            target: this.name,
            error: `not found within ${this.config.restart.confirmTimeoutMs} ms of the restore (${list.length} of ${this.min} running)`,
          });
          this.moveTo(TargetState.Backoff);
          this.handleFailure(this.lastFailure);
        }
        return;
      }
      case TargetState.Running:
      case TargetState.Exited:
        return this.checkKnown(generation, probes);
      default:
        return;
    }
  }

  private up(list: InstanceRecord[]): void {
    this.stopConfirming();
    const before = new Set(this.instances.map((i) => i.pid));
    this.setInstances(list);
    this.adopted = true;
    this.moveTo(TargetState.Running);
    for (const i of list) if (!before.has(i.pid) || this.ticks === 0) this.emit('TargetUp', { target: this.name, pid: i.pid });
    this.becameUp();
    this.checkExcess(list);
  }

  private async checkKnown(generation: number, probes: readonly Probe[] | null): Promise<void> {
    const { platform } = this.host;
    this.ticks++;
    const alive: InstanceRecord[] = [];
    const gone: Array<{ pid: number; how: string }> = [];
    const seenAt = this.host.now();
    /** The instances seen ended, as pid and start token: no table may bring them back. */
    const ended = new Set<string>();
    for (const [k, i] of this.instances.entries()) {
      const state = probes?.[k] ?? platform.probeProcess(i.pid, i.token);
      if (state === 'alive') {
        alive.push(i);
        this.aliveAt.set(i.pid, performance.now());
      }
      else if (this.endedByPsv(i.pid)) platform.forgetProcess(i.pid);
      else {
        gone.push({ pid: i.pid, how: state === 'zombie' ? phrase('Zombie', {}) : phrase('ProcessGone', {}) });
        ended.add(`${i.pid}:${i.token}`);
      }
    }
    // Reported before the table is read for replacements (tens of ms at a thousand processes).
    if (this.state !== TargetState.Exited) this.reportGone(gone, alive.length);
    let list = alive;
    if (this.looksAgain(alive, gone.length)) {
      // A table read before the loss was seen may still hold the ended process.
      const found = await this.discover(gone.length > 0 ? seenAt : undefined);
      if (generation !== this.generation) return;
      list = this.adoptFound(found.filter((p) => !ended.has(`${p.pid}:${p.startToken}`)), alive);
    }
    this.setInstances(list);
    if (this.state === TargetState.Exited) {
      if (list.length >= this.min && list.length > 0) {
        this.moveTo(TargetState.Running);
        for (const i of list) this.emit('TargetUp', { target: this.name, pid: i.pid });
        this.becameUp();
      }
      return;
    }
    if (list.length < this.min || list.length === 0) return this.lost(gone[0]?.pid ?? null, gone[0]?.how ?? phrase('NotRunning', {}), gone.length > 0);
    this.checkExcess(list);
  }

  private reportGone(gone: ReadonlyArray<{ pid: number; how: string }>, running: number): void {
    const { events } = this.host;
    for (const g of gone) {
      if (this.paused) events.emit('TargetDownPaused', { target: this.name, pid: g.pid, how: g.how });
      else {
        const seen = this.aliveAt.get(g.pid);
        const detectMs = seen === undefined ? undefined : Math.round((performance.now() - seen) * 1000) / 1000;
        events.emit('TargetDown', { target: this.name, pid: g.pid, exitCode: null, signal: null, how: phrase('InstancesRunning', { how: g.how, running, min: this.min }) }, { kind: this.config.kind, ...(this.config.group ? { group: this.config.group } : {}), detectMs });
      }
      this.aliveAt.delete(g.pid);
    }
  }

  /** Too few instances: restore them under the retry rule (or only report, while paused). */
  private lost(deadPid: number | null, how: string, reported = false): void {
    this.lastExit = { code: null, signal: null, at: this.host.now() };
    const commandLine = deadPid === null ? undefined : this.commandLines.get(deadPid);
    void this.recordIncident('lost', how, { pid: deadPid, ...(commandLine !== undefined ? { commandLine } : {}) });
    // Only the pids still known keep their line.
    const known = new Set(this.instances.map((i) => i.pid));
    for (const pid of this.commandLines.keys()) if (!known.has(pid)) this.commandLines.delete(pid);
    this.lastFailure = { deadPid, exitCode: null, reason: how };
    if (this.paused) {
      if (!reported && deadPid === null) this.emit('TargetDownPaused', { target: this.name, pid: 0, how });
      this.moveTo(TargetState.Exited);
      return;
    }
    if (!reported) this.emit('TargetDown', { target: this.name, pid: deadPid ?? 0, exitCode: null, signal: null, how });
    this.moveTo(TargetState.Backoff);
    this.failed(this.lastFailure);
  }

  protected awaitRestored(): void {
    let looks = 0;
    const next = (): number => CONFIRM_FIRST_MS[looks++] ?? CONFIRM_POLL_MS;
    const poll = (): void => {
      this.confirmTimer = null;
      if (this.state !== TargetState.Starting || this.confirmDeadline === null) return;
      void this.slowTick(null).then(() => {
        if (this.state === TargetState.Starting && this.confirmDeadline !== null && !this.confirmTimer) this.confirmTimer = setTimeout(poll, next());
      });
    };
    this.confirmTimer = setTimeout(poll, next());
  }
}
