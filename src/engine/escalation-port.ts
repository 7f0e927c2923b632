// The one door through which the engine hands a failure up: it has decided
// (policy/escalation.ts) that restarting is not enough for a target or a group,
// and an adapter acts (exit with the failover code, ask the cluster software,
// run a command, a plug-in). A new adapter is a new file in src/escalation/
// and one line where the monitor is built (src/cli/run.ts); the engine never changes.

export interface EscalationRequest {
  scope: 'target' | 'group';
  /** The target or group that is over its retries. */
  name: string;
  /** Words for the operator and the adapter's log. */
  reason: string;
  /** The target that failed: the target itself, or the member whose failure used up its group's retries. */
  target: string | null;
  /** The target's group, or the group itself; null for a target outside any group. */
  group: string | null;
  /** The retry history the adapter passes on: restart times (ms since the epoch) within the window, and the rule. */
  history: { restarts: number[]; retries: number; windowMs: number };
}

/**
 * What the adapter did: the monitor ends with `exitCode` (its targets
 * stopped), or carries on watching because the adapter `via` told the cluster
 * (the monitor then stands by the failover until a reset clears it).
 */
export type EscalationOutcome = { kind: 'exit'; exitCode: number } | { kind: 'handled'; via: string };

/** What an adapter may ask of the monitor. */
export interface EscalationContext {
  /** Stops every target and ends the monitor; resolves once they are stopped. */
  shutdown(reason: string): Promise<void>;
}

export interface EscalationPort {
  escalate(request: EscalationRequest, monitor: EscalationContext): Promise<EscalationOutcome>;
}
