// A service target: the OS service manager runs it and answers for it. The
// monitor asks about all services at once, every tick, and hands each target
// its answer (serviceUpdate); a loss is restored by starting the service.
import type { ServiceTargetConfig } from '../../config/types.js';
import type { TargetStatusInfo } from '../../control/protocol.js';
import type { ServiceStatus } from '../../platform/index.js';
import { TargetState } from '../states.js';
import type { FailureContext, InstanceRecord } from '../supervised.js';
import { Watched } from './watched.js';
import { phrase } from '../../events/phrases.js';

export class ServiceTarget extends Watched<ServiceTargetConfig> {
  private serviceDetail: string | null = null;

  /** The monitor's service query drives this target, not the tick. */
  tick(): void {}

  /** Nothing to look at until the monitor's next service query. */
  protected firstLook(): void {}

  /** The monitor's service query confirms it. */
  protected awaitRestored(): void {}

  override statusDetail(): Pick<TargetStatusInfo, 'kind' | 'instances' | 'service'> {
    return { ...super.statusDetail(), service: this.serviceDetail };
  }

  /** Whether the monitor should ask about this service at its next tick. */
  get watchesService(): boolean {
    return this.watching && this.state !== TargetState.Failed && this.state !== TargetState.Backoff;
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
          this.emit('RestartFailed', { target: this.name, error: phrase('ServiceNotRunningWithin', { service: this.config.service, ms: this.config.restart.confirmTimeoutMs, detail: status.detail }) });
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

  private serviceDown(status: ServiceStatus): void {
    const pid = this.pid ?? 0;
    this.setInstances([]);
    if (status.state === 'stopped' && status.stoppedCleanly && !this.config.restartWhenStopped) {
      this.emit('ServiceStopped', { target: this.name, service: this.config.service, detail: status.detail });
      this.moveTo(TargetState.Stopped);
      return;
    }
    const said = status.state === 'stopped' ? phrase('ServiceStoppedHow', { detail: status.detail }) : status.state === 'failed' ? phrase('ServiceFailedHow', { detail: status.detail }) : phrase('ServiceStateHow', { state: status.state, detail: status.detail });
    const how = status.exitCode !== null && status.exitCode !== 0 ? phrase('WithExitCode', { what: said, code: status.exitCode }) : said;
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

  /** Without a restart script, the service manager restores the service. */
  protected override restoreByDefault(): Promise<void> {
    return this.host.platform.startService(this.config.service);
  }

  /** Without a restart script, the operator's restart is the service manager's. */
  protected override async restartNow(failure: FailureContext): Promise<void> {
    if (this.config.restart.script) return super.restartNow(failure);
    await this.host.platform.restartService(this.config.service);
    if (this.state !== TargetState.Starting) {
      if (this.state === TargetState.Stopped) this.moveTo(TargetState.Starting);
      else this.state = TargetState.Starting; // an operator restart from any state
    }
    this.confirmDeadline = this.host.now() + this.config.restart.confirmTimeoutMs;
  }
}
