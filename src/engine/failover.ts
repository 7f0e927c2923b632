// The failover a monitor stands by once an adapter has told the cluster and the
// monitor runs on (then: stay): status shows it and psv health says failed
// until a reset of what failed clears it.
import type { FailoverInfo } from '../control/protocol.js';
import type { EscalationRequest } from './escalation-port.js';
import type { Supervised } from './supervised.js';

export function standingFailover(request: EscalationRequest, via: string, now: number): FailoverInfo {
  return { scope: request.scope, name: request.name, reason: request.reason, via, at: new Date(now).toISOString() };
}

/** A reset clears the failover it names: all, the group that failed, or the target (by name or through its group). */
export function clearsFailover(failover: FailoverInfo, names: string[] | 'all', reset: readonly Supervised[]): boolean {
  if (names === 'all') return true;
  return failover.scope === 'group' ? names.includes(failover.name) : reset.some((t) => t.name === failover.name);
}
