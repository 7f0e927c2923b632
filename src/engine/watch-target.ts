// A target psv did not start: processes found by name and arguments, by a
// pidfile, or a service. Known processes are checked cheaply at every tick;
// the process table is read only to find new ones. A loss is restored by the
// restart script, the restart command or the service manager, and psv then
// confirms the process is back by finding it again.
import { readFileSync } from 'node:fs';
import type { TargetStatusInfo } from '../control/protocol.js';
import type { ProcessInfo, ServiceStatus } from '../platform/index.js';
import { byStart, compareTokens, compileMatcher, type ProcessMatcher } from './match.js';
import { runRestartScript } from './script.js';
import { TargetState } from './states.js';
import { Supervised, type FailureContext, type InstanceRecord, type PersistedTarget, type TargetHost } from './supervised.js';
import type { TargetConfig } from '../config/types.js';

/** How often a restore is checked for having brought the process back. */
const CONFIRM_POLL_MS = 100;
/** Known instances are probed every tick; with instances.max, the table is read to count them every this many ticks. */
const DISCOVER_EVERY_TICKS = 5;

export class WatchTarget extends Supervised {
  private instances: InstanceRecord[] = [];
  private readonly matcher: ProcessMatcher | null;
  /** A restore is under way: find the process again before this time. */
  private confirmDeadline: number | null = null;
  private confirmTimer: NodeJS.Timeout | null = null;
  private lastFailure: FailureContext = { deadPid: null, exitCode: null, reason: 'not running' };
  private excessReported = false;
  private ticks = 0;
  private busy = false;
  private serviceDetail: string | null = null;
  /** Pids psv itself ended as excess instances: their disappearance is no failure. */
  private readonly culled = new Set<number>();

  constructor(config: TargetConfig, host: TargetHost) {
    super(config, host);
    this.matcher = config.match ? compileMatcher(config.match, host.platform.isWindows) : null;
  }

  private get min(): number {
    return this.config.kind === 'match' ? (this.config.instances?.min ?? 1) : 1;
  }

  private get max(): number | null {
    return this.config.kind === 'match' ? (this.config.instances?.max ?? null) : 1;
  }

  specChanged(): boolean {
    return false;
  }

  statusDetail(): Pick<TargetStatusInfo, 'kind' | 'instances' | 'service'> {
    const now = this.host.now();
    return {
      kind: this.config.kind,
      instances: this.instances.map((i) => ({ pid: i.pid, startedAt: new Date(i.startedAt).toISOString(), uptimeMs: now - i.startedAt })),
      service: this.config.kind === 'service' ? this.serviceDetail : null,
    };
  }

  snapshot(): PersistedTarget {
    return { ...this.baseSnapshot(JSON.stringify([this.config.kind, this.config.match, this.config.pidfile, this.config.service])), instances: this.instances };
  }

  resume(saved: PersistedTarget): void {
    this.restoreCommon(saved);
    if (saved.state === TargetState.Failed) {
      // Restoring a retry-over: the state the previous monitor left.
      this.state = TargetState.Failed;
      return;
    }
    this.start(saved.instances ?? []);
  }

  /** Starts watching: the first look decides whether the target is up. */
  start(known: InstanceRecord[] = []): void {
    if (this.retired) return;
    this.generation++;
    this.clearTimer();
    this.stopConfirming();
    if (this.state === TargetState.Backoff || this.state === TargetState.Failed || this.state === TargetState.Exited) this.moveTo(TargetState.Stopped);
    if (this.state !== TargetState.Stopped && this.state !== TargetState.Waiting) return;
    this.watching = true;
    this.instances = known.filter((i) => this.host.platform.probeProcess(i.pid, i.token) === 'alive');
    this.moveTo(TargetState.Starting);
    if (this.config.kind !== 'service') void this.tick();
  }

  private setInstances(list: InstanceRecord[]): void {
    const same = list.length === this.instances.length && list.every((i, k) => i.pid === this.instances[k]!.pid);
    if (same) return;
    for (const old of this.instances) if (!list.some((i) => i.pid === old.pid)) this.host.platform.forgetProcess(old.pid);
    this.instances = list;
    this.pid = list[0]?.pid ?? null;
    this.startedAt = list[0]?.startedAt ?? null;
    this.host.changed();
  }

  private record(p: ProcessInfo): InstanceRecord {
    return { pid: p.pid, token: p.startToken, startedAt: this.host.now() };
  }

  /** Processes that are the target right now, oldest first. */
  private async discover(): Promise<ProcessInfo[]> {
    const { platform } = this.host;
    if (this.config.kind === 'pidfile') {
      let pid: number;
      try {
        pid = Number.parseInt(readFileSync(this.config.pidfile!, 'utf8').trim(), 10);
      } catch {
        return [];
      }
      if (!Number.isInteger(pid) || pid <= 0) return [];
      const info = await platform.processInfo(pid);
      return info && (!this.matcher || this.matcher(info)) ? [info] : [];
    }
    const all = await this.host.processTable();
    return all.filter((p) => p.pid !== process.pid && this.matcher!(p)).sort(byStart);
  }

  /** The periodic check of a match or pidfile target (services get serviceUpdate). */
  tick(): Promise<void> | void {
    if (this.config.kind === 'service' || this.busy) return;
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
  private allAlive(probes: ReadonlyArray<'alive' | 'zombie' | 'gone'>): boolean {
    if (this.instances.length < this.min || this.instances.length === 0) return false;
    if (this.max !== null && this.config.kind === 'match' && (this.ticks + 1) % DISCOVER_EVERY_TICKS === 0) return false;
    return probes.every((p) => p === 'alive');
  }

  private async slowTick(probes: ReadonlyArray<'alive' | 'zombie' | 'gone'> | null): Promise<void> {
    this.busy = true;
    try {
      await this.check(probes);
    } catch (err) {
      this.emit('MonitorError', { error: `checking '${this.name}': ${(err as Error).message}` });
    } finally {
      this.busy = false;
    }
  }

  private async check(probes: ReadonlyArray<'alive' | 'zombie' | 'gone'> | null): Promise<void> {
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

  private async checkKnown(generation: number, probes: ReadonlyArray<'alive' | 'zombie' | 'gone'> | null): Promise<void> {
    const { platform, events } = this.host;
    this.ticks++;
    const alive: InstanceRecord[] = [];
    const gone: Array<{ pid: number; how: string }> = [];
    for (const [k, i] of this.instances.entries()) {
      const state = probes?.[k] ?? platform.probeProcess(i.pid, i.token);
      if (state === 'alive') alive.push(i);
      else if (this.culled.delete(i.pid)) platform.forgetProcess(i.pid);
      else gone.push({ pid: i.pid, how: state === 'zombie' ? 'zombie (defunct)' : 'process gone' });
    }
    let list = alive;
    // The table is read only when an instance is missing, or now and then to count excess ones.
    const countExcess = this.max !== null && this.ticks % DISCOVER_EVERY_TICKS === 0;
    if (this.config.kind === 'match' && (gone.length > 0 || alive.length < this.min || countExcess)) {
      const found = await this.discover();
      if (generation !== this.generation) return;
      const known = new Map(alive.map((i) => [i.pid, i]));
      list = found.filter((p) => !this.culled.has(p.pid)).map((p) => known.get(p.pid) ?? this.record(p));
      for (const i of list) if (!known.has(i.pid)) this.emit('TargetUp', { target: this.name, pid: i.pid });
    } else if (this.config.kind === 'pidfile' && alive.length === 0 && this.state === TargetState.Exited) {
      const found = await this.discover();
      if (generation !== this.generation) return;
      list = found.map((p) => this.record(p));
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
    for (const g of gone) {
      if (this.paused) events.emit('TargetDownPaused', { target: this.name, pid: g.pid, how: g.how });
      else events.emit('TargetDown', { target: this.name, pid: g.pid, exitCode: null, signal: null, how: `${g.how}; ${list.length} of ${this.min} running` });
    }
    if (list.length < this.min || list.length === 0) return this.lost(gone[0]?.pid ?? null, gone[0]?.how ?? 'not running', gone.length > 0);
    this.checkExcess(list);
  }

  /** Too few instances: restore them under the retry rule (or only report, while paused). */
  private lost(deadPid: number | null, how: string, reported = false): void {
    this.lastExit = { code: null, signal: null, at: this.host.now() };
    void this.recordIncident('lost', how, { pid: deadPid });
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

  private checkExcess(list: InstanceRecord[]): void {
    const max = this.max;
    if (max === null || this.config.kind !== 'match' || list.length <= max) {
      this.excessReported = false;
      return;
    }
    if (!this.excessReported) this.emit('InstancesExcess', { target: this.name, count: list.length, max });
    this.excessReported = true;
    if (this.config.onExcess !== 'kill-newest') return;
    const newest = [...list].sort((a, b) => b.startedAt - a.startedAt || compareTokens(b.token, a.token)).slice(0, list.length - max);
    for (const i of newest) {
      this.culled.add(i.pid);
      this.host.platform.terminateTree(i.pid);
      this.emit('InstanceKilled', { target: this.name, pid: i.pid, count: list.length, max });
    }
    this.setInstances(list.filter((i) => !this.culled.has(i.pid)));
  }

  /** The service manager's answer for this service, from the monitor's one query per tick. */
  serviceUpdate(status: ServiceStatus): void {
    this.serviceDetail = status.detail;
    const running = status.state === 'running';
    const record = (): InstanceRecord[] =>
      status.pid === null ? [] : [{ pid: status.pid, token: '', startedAt: this.instances[0]?.pid === status.pid ? this.instances[0].startedAt : this.host.now() }];
    switch (this.state) {
      case TargetState.Starting:
        if (running) {
          this.stopConfirming();
          const before = this.pid;
          this.setInstances(record());
          this.adopted = true;
          this.moveTo(TargetState.Running);
          if (before !== this.pid || this.ticks === 0) this.emit('TargetUp', { target: this.name, pid: status.pid ?? 0 });
          this.becameUp();
          this.ticks++;
          return;
        }
        if (status.state === 'starting') return;
        if (this.confirmDeadline === null) return this.serviceDown(status);
        if (this.host.now() > this.confirmDeadline) {
          this.stopConfirming();
          this.emit('RestartFailed', { target: this.name, error: `service ${this.config.service} not running within ${this.config.restart.confirmTimeoutMs} ms: ${status.detail}` });
          this.moveTo(TargetState.Backoff);
          this.handleFailure(this.lastFailure);
        }
        return;
      case TargetState.Running:
        this.ticks++;
        if (running) {
          if (status.pid !== null && status.pid !== this.pid) {
            // The service manager restarted it by itself.
            this.setInstances(record());
            this.emit('TargetUp', { target: this.name, pid: status.pid });
          }
          return;
        }
        if (status.state === 'starting' || status.state === 'stopping') return;
        return this.serviceDown(status);
      case TargetState.Exited:
      case TargetState.Stopped:
        if (running && this.watching) {
          this.setInstances(record());
          this.moveTo(TargetState.Running);
          this.emit('TargetUp', { target: this.name, pid: status.pid ?? 0 });
          this.becameUp();
        }
        return;
      default:
        return;
    }
  }

  /** Whether the service is still watched (not after a monitor shutdown or a removal). */
  private watching = true;

  get watchesService(): boolean {
    return this.config.kind === 'service' && this.watching && this.state !== TargetState.Failed && this.state !== TargetState.Backoff;
  }

  private serviceDown(status: ServiceStatus): void {
    const pid = this.pid ?? 0;
    this.setInstances([]);
    if (status.state === 'stopped' && status.stoppedCleanly && !this.config.restartWhenStopped) {
      this.emit('ServiceStopped', { target: this.name, service: this.config.service!, detail: status.detail });
      this.moveTo(TargetState.Stopped);
      return;
    }
    const how = `service ${status.state}: ${status.detail}${status.exitCode !== null && status.exitCode !== 0 ? `, exit code ${status.exitCode}` : ''}`;
    this.lastExit = { code: status.exitCode, signal: null, at: this.host.now() };
    this.lastFailure = { deadPid: pid || null, exitCode: status.exitCode, reason: how };
    if (this.paused) {
      this.emit('TargetDownPaused', { target: this.name, pid, how });
      this.moveTo(TargetState.Exited);
      return;
    }
    this.emit('TargetDown', { target: this.name, pid, exitCode: status.exitCode, signal: null, how });
    void this.recordIncident('lost', how, { pid: pid || null, exitCode: status.exitCode });
    this.moveTo(TargetState.Backoff);
    this.failed(this.lastFailure);
  }

  protected recover(failure: FailureContext, generation: number): void {
    void this.restore(failure, generation).catch((err: Error) => {
      if (generation !== this.generation || this.state !== TargetState.Backoff) return;
      this.emit('RestartFailed', { target: this.name, error: err.message });
      this.handleFailure(failure);
    });
  }

  private async restore(failure: FailureContext, generation: number): Promise<void> {
    const { restart } = this.config;
    const current = this.instances.length;
    const missing = this.config.kind === 'match' ? Math.max(1, this.min - current) : 1;
    for (let k = 1; k <= missing; k++) {
      const instance = current + k;
      // The script runs first (clean-up, or the whole restore); then the command, when given.
      if (restart.script) await this.runScript(failure, instance, generation);
      if (generation !== this.generation || this.state !== TargetState.Backoff) return;
      if (restart.command) this.runCommand(failure, instance);
      else if (!restart.script && this.config.kind === 'service') await this.host.platform.startService(this.config.service!);
      else if (!restart.script) throw new Error('no restart.script or restart.command: psv cannot restore this target');
      if (generation !== this.generation || this.state !== TargetState.Backoff) return;
    }
    this.confirm();
  }

  private restoreEnv(failure: FailureContext, instance: number): Record<string, string> {
    return {
      ...(process.env as Record<string, string>),
      ...this.config.env,
      PSV_TARGET: this.name,
      PSV_PID: failure.deadPid === null ? '' : String(failure.deadPid),
      PSV_REASON: failure.reason,
      PSV_EXIT_CODE: failure.exitCode === null ? '' : String(failure.exitCode),
      PSV_INSTANCE: String(instance),
    };
  }

  private async runScript(failure: FailureContext, instance: number, generation: number): Promise<void> {
    const script = this.config.restart.script!;
    const fd = this.openLog();
    const result = await runRestartScript(this.host.platform, script, {
      cwd: this.config.cwd,
      env: this.restoreEnv(failure, instance),
      timeoutMs: this.config.restart.scriptTimeoutMs,
      outputFd: fd,
    });
    this.closeLog(fd);
    if (generation !== this.generation) return;
    if (!result.ok) throw new Error(`restart script: ${result.error}`);
    this.emit('RestartScriptRun', { target: this.name, script, exitCode: result.exitCode ?? 0 });
  }

  /** Starts the restore command and leaves it running: it may be the process itself. */
  private runCommand(failure: FailureContext, instance: number): void {
    const command = this.config.restart.command!;
    const fd = this.openLog();
    try {
      const child = this.host.platform.spawnTarget({ command, cwd: this.config.cwd, env: this.restoreEnv(failure, instance), outputFd: fd });
      if (child.pid === undefined) {
        child.once('error', (err) => this.emit('RestartFailed', { target: this.name, error: `restart command: ${err.message}` }));
        return;
      }
      child.on('error', () => undefined);
      child.unref();
      this.emit('RestoreCommandStarted', { target: this.name, pid: child.pid, command: command.join(' '), instance });
    } finally {
      this.closeLog(fd);
    }
  }

  /** After a restore: look for the process until it is found or confirmTimeout passes. */
  private confirm(): void {
    this.confirmDeadline = this.host.now() + this.config.restart.confirmTimeoutMs;
    this.moveTo(TargetState.Starting);
    if (this.config.kind === 'service') return; // the monitor's service query confirms it
    const poll = (): void => {
      this.confirmTimer = null;
      if (this.state !== TargetState.Starting || this.confirmDeadline === null) return;
      void this.slowTick(null).then(() => {
        if (this.state === TargetState.Starting && this.confirmDeadline !== null && !this.confirmTimer) this.confirmTimer = setTimeout(poll, CONFIRM_POLL_MS);
      });
    };
    this.confirmTimer = setTimeout(poll, CONFIRM_POLL_MS);
  }

  private stopConfirming(): void {
    this.confirmDeadline = null;
    if (this.confirmTimer) clearTimeout(this.confirmTimer);
    this.confirmTimer = null;
  }

  /** The operator's restart: end the process (or restart the service) and restore it, not counted. */
  async restart(): Promise<void> {
    this.generation++;
    this.clearTimer();
    this.stopConfirming();
    const failure: FailureContext = { deadPid: this.pid, exitCode: null, reason: 'restart requested' };
    this.lastFailure = failure;
    if (this.config.kind === 'service' && !this.config.restart.script) {
      await this.host.platform.restartService(this.config.service!);
      if (this.state !== TargetState.Starting) {
        if (this.state === TargetState.Stopped) this.moveTo(TargetState.Starting);
        else this.state = TargetState.Starting; // an operator restart from any state
      }
      this.confirmDeadline = this.host.now() + this.config.restart.confirmTimeoutMs;
      return;
    }
    const victims = [...this.instances];
    this.setInstances([]);
    for (const i of victims) this.host.platform.terminateTree(i.pid);
    // From any state: the operator asked for it.
    this.state = TargetState.Backoff;
    this.host.changed();
    await this.restore(failure, this.generation);
  }

  /** Stops watching. psv did not start these processes, so it does not end them. */
  stop(): Promise<void> {
    this.generation++;
    this.clearTimer();
    this.clearReady();
    this.stopConfirming();
    this.watching = false;
    if (this.state !== TargetState.Stopped && this.state !== TargetState.Stopping) this.moveTo(TargetState.Stopped);
    return Promise.resolve();
  }

  release(): void {
    void this.stop();
  }
}
