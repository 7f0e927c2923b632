// What `psv health` answers a cluster: one status reply read as healthy,
// degraded or failed. A pure function over the status the monitor sent (the
// protocol's plain data): no processes, no clock, so every shape is testable.
import type { FailoverInfo, GroupStatusInfo, StatusResult, TargetStatusInfo } from '../control/protocol.js';

export type HealthState = 'healthy' | 'degraded' | 'failed';

/** Where one target stands for the cluster: each target is in exactly one of these. */
export type TargetHealth = 'running' | 'degraded' | 'failed' | 'paused' | 'stopped';

/** Why a target or group is not simply up (the words the health line is made of). */
export type Why =
  /** Died and comes back within its budget (Backoff, Starting after a failure, a group restart). */
  | 'restarting'
  /** Being started for the first time. */
  | 'starting'
  /** Waiting for the targets it needs to be ready. */
  | 'waiting'
  /** Being stopped (a restart under way). */
  | 'stopping'
  /** Died while monitoring was paused, and monitoring has been resumed since. */
  | 'exited'
  /** Over its retries, and retry over said continue: restarted on, no budget left. */
  | 'continuing'
  /** Over its retries and given up (Failed), or handed to the cluster (failover). */
  | 'over-retries';

export interface Concern {
  scope: 'target' | 'group';
  name: string;
  why: Why;
  restarts: number;
  retries: number;
  /** The retry window as text (10m). */
  window: string;
  /** For 'waiting': the dependencies that are not ready yet. */
  waitingFor: string[];
}

export interface HealthReport {
  state: HealthState;
  targets: Record<TargetHealth, string[]> & { total: number };
  groups: { degraded: string[]; failed: string[] };
  failover: FailoverInfo | null;
  /**
   * What the line names: the failures when failed, else what is degraded.
   * Groups first; a member of a group that is named is not named again.
   */
  concerns: Concern[];
}

/** A budget past its retries can only come from retry over saying continue (the policy never restarts past it otherwise). */
function pastRetries(x: { restarts: number; retries: number }): boolean {
  return x.restarts > x.retries;
}

function concern(scope: Concern['scope'], x: TargetStatusInfo | GroupStatusInfo, why: Why, waitingFor: string[] = []): Concern {
  return { scope, name: x.name, why, restarts: x.restarts, retries: x.retries, window: x.window, waitingFor };
}

/** A target's own standing, given its group's state; `why` when it is not simply up. */
export function targetHealth(t: TargetStatusInfo, group: GroupStatusInfo | null, ready: (name: string) => boolean): { health: TargetHealth; why: Why | null } {
  if (t.state === 'Failed') return { health: 'failed', why: 'over-retries' };
  // A member of a group over its retries is stopped because of that failure, not by design.
  if (group?.state === 'Failed') return { health: 'failed', why: 'over-retries' };
  if (t.paused) return { health: 'paused', why: null };
  switch (t.state) {
    case 'Running':
      return pastRetries(t) ? { health: 'degraded', why: 'continuing' } : { health: 'running', why: null };
    case 'Backoff':
      return { health: 'degraded', why: pastRetries(t) ? 'continuing' : 'restarting' };
    case 'Starting':
      if (pastRetries(t)) return { health: 'degraded', why: 'continuing' };
      return { health: 'degraded', why: t.restarts > 0 || t.lastExit !== null ? 'restarting' : 'starting' };
    case 'Waiting':
      return { health: 'degraded', why: t.dependsOn.some((d) => !ready(d)) ? 'waiting' : 'starting' };
    case 'Stopping':
      return { health: 'degraded', why: 'stopping' };
    case 'Exited':
      return { health: 'degraded', why: 'exited' };
    case 'Stopped':
      // Stopped between a group restart's stop and its start.
      if (group?.state === 'Restarting') return { health: 'degraded', why: 'restarting' };
      // A started target that has never run nor exited is about to be started (the monitor is taking up its targets).
      if (t.kind === 'command' && t.lastExit === null && t.restarts === 0 && t.startedAt === null) return { health: 'degraded', why: 'starting' };
      // Not a failure under its restart type, or a service stopped on purpose: nothing to restart.
      return { health: 'stopped', why: null };
  }
}

function groupWhy(g: GroupStatusInfo): Why | null {
  if (g.state === 'Failed') return 'over-retries';
  if (g.state === 'Restarting') return pastRetries(g) ? 'continuing' : 'restarting';
  return pastRetries(g) ? 'continuing' : null;
}

/** Reads a status reply as the cluster's answer. */
export function classifyHealth(status: StatusResult): HealthReport {
  const groups = new Map(status.groups.map((g) => [g.name, g]));
  const byName = new Map(status.targets.map((t) => [t.name, t]));
  const ready = (name: string): boolean => {
    const t = byName.get(name);
    return t !== undefined && t.state === 'Running' && t.ready;
  };
  const targets: HealthReport['targets'] = { total: status.targets.length, running: [], degraded: [], failed: [], paused: [], stopped: [] };
  const targetConcerns: Concern[] = [];
  for (const t of status.targets) {
    const { health, why } = targetHealth(t, t.group === null ? null : groups.get(t.group) ?? null, ready);
    targets[health].push(t.name);
    if (why) targetConcerns.push(concern('target', t, why, why === 'waiting' ? t.dependsOn.filter((d) => !ready(d)) : []));
  }
  const groupConcerns: Concern[] = [];
  for (const g of status.groups) {
    const why = groupWhy(g);
    if (why) groupConcerns.push(concern('group', g, why));
  }
  const failover = status.monitor.failover ?? null;
  const report = {
    targets,
    groups: {
      degraded: groupConcerns.filter((c) => c.why !== 'over-retries').map((c) => c.name),
      failed: groupConcerns.filter((c) => c.why === 'over-retries').map((c) => c.name),
    },
    failover,
  };
  const failedOnes = (c: Concern): boolean => c.why === 'over-retries';
  const isFailed = failover !== null || targets.failed.length > 0 || report.groups.failed.length > 0;
  const isDegraded = targets.degraded.length > 0 || report.groups.degraded.length > 0;
  const state: HealthState = isFailed ? 'failed' : isDegraded ? 'degraded' : 'healthy';
  const pick = (c: Concern): boolean => (state === 'failed' ? failedOnes(c) : !failedOnes(c));
  const named = groupConcerns.filter(pick);
  const namedGroups = new Set(named.map((c) => c.name));
  const concerns = [...named, ...targetConcerns.filter((c) => pick(c) && !inNamedGroup(byName.get(c.name)!, namedGroups))];
  return { state, ...report, concerns: failover ? failoverFirst(failover, concerns) : concerns };
}

function inNamedGroup(t: TargetStatusInfo, named: ReadonlySet<string>): boolean {
  return t.group !== null && named.has(t.group);
}

/** The failover the cluster was asked for leads the line, whatever else is failed. */
function failoverFirst(failover: FailoverInfo, concerns: Concern[]): Concern[] {
  const i = concerns.findIndex((c) => c.scope === failover.scope && c.name === failover.name);
  const lead = i >= 0 ? concerns[i]! : { scope: failover.scope, name: failover.name, why: 'over-retries' as const, restarts: 0, retries: 0, window: '', waitingFor: [] };
  return [lead, ...concerns.filter((_, j) => j !== i)];
}
