// The status reply: what `psv status` and the PowerShell module show. Durations
// go out as numbers (ms) for programs and as text for people.
import { formatDuration } from '../config/duration.js';
import type { StatusResult, TargetStatusInfo } from '../control/protocol.js';
import type { Graph } from '../policy/graph.js';
import type { Group } from './group.js';
import type { Supervised } from './supervised.js';

export interface StatusInput {
  now: number;
  targets: readonly Supervised[];
  /** The groups to report: those of the selected targets, or all. */
  groups: readonly Group[];
  graph: Graph;
  overrides: Readonly<Record<string, Record<string, string>>>;
  monitor: StatusResult['monitor'];
}

export function targetStatus(t: Supervised, now: number, graph: Graph, overrides: Record<string, string>): TargetStatusInfo {
  const up = t.pid !== null && t.startedAt !== null;
  return {
    name: t.name,
    ...t.statusDetail(),
    state: t.state,
    pid: t.pid,
    startedAt: up ? new Date(t.startedAt!).toISOString() : null,
    uptimeMs: up ? now - t.startedAt! : null,
    restarts: t.restartsInWindow(),
    retries: t.config.restart.retries,
    window: formatDuration(t.config.restart.windowMs),
    windowMs: t.config.restart.windowMs,
    lastExit: t.lastExit ? { code: t.lastExit.code, signal: t.lastExit.signal, time: new Date(t.lastExit.at).toISOString() } : null,
    paused: t.paused,
    overrides,
    adopted: t.adopted,
    group: t.config.group,
    dependsOn: [...(graph.get(t.name) ?? [])],
    ready: t.ready,
  };
}

export function buildStatus(input: StatusInput): StatusResult {
  return {
    monitor: input.monitor,
    targets: input.targets.map((t) => targetStatus(t, input.now, input.graph, input.overrides[t.name] ?? {})),
    groups: input.groups.map((g) => ({
      name: g.name,
      strategy: g.config.strategy,
      state: g.state,
      members: g.config.members,
      restarts: g.restartsInWindow(),
      retries: g.config.restart.retries,
      window: formatDuration(g.config.restart.windowMs),
      windowMs: g.config.restart.windowMs,
    })),
  };
}
