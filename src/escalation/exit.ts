// The default escalation, and every adapter's fallback: report the failover,
// stop every target and end the monitor with the failover exit code, so that
// whatever runs psv (the cluster software's process resource, a service
// manager) fails the node over.
import type { EscalationContext, EscalationOutcome, EscalationPort, EscalationRequest } from '../engine/escalation-port.js';
import type { EventBus } from '../events/bus.js';
import { EXIT } from '../errors.js';
import { phrase } from '../events/phrases.js';

export class ExitEscalation implements EscalationPort {
  constructor(
    private readonly events: EventBus,
    private readonly exitCode: number = EXIT.failover,
  ) {}

  async escalate(request: EscalationRequest, monitor: EscalationContext): Promise<EscalationOutcome> {
    const source = request.scope === 'group' ? `group ${request.name}` : request.name;
    this.events.emit('Failover', { target: source, exitCode: this.exitCode });
    await monitor.shutdown(phrase('FailoverRequestedBy', { source }));
    return { kind: 'exit', exitCode: this.exitCode };
  }
}
