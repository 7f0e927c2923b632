// Groups and dependencies: what the schema cannot check (unknown names, a
// target in two groups, cycles), and the expansion of group dependencies to
// the target-level graph the engine starts and stops by.
import { findCycle, type Graph } from '../policy/graph.js';
import type { GroupConfig, TargetConfig } from './types.js';

type Json = unknown;
type Segment = string | number;
export type Report = (at: Segment[], message: string, pointAtKey?: boolean) => void;

interface RawGroup {
  name?: unknown;
  members?: unknown;
  dependsOn?: unknown;
}

interface RawTarget {
  name?: unknown;
  dependsOn?: unknown;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Checks groups: unknown members and dependencies, a target in two groups, name clashes, cycles. */
export function checkGroups(raw: Json, report: Report): void {
  const root = (raw ?? {}) as { targets?: unknown; groups?: unknown };
  const targets = (Array.isArray(root.targets) ? root.targets : []) as RawTarget[];
  const groups = (Array.isArray(root.groups) ? root.groups : []) as RawGroup[];
  const targetNames = new Set(targets.map((t) => t?.name).filter((n): n is string => typeof n === 'string'));
  const groupNames = new Set<string>();
  const memberOf = new Map<string, { group: string; index: number }>();
  const known = (n: string): boolean => targetNames.has(n) || groups.some((g) => g?.name === n);

  groups.forEach((g, gi) => {
    if (typeof g?.name !== 'string') return;
    if (targetNames.has(g.name)) report(['groups', gi, 'name'], `groups[${gi}].name: '${g.name}' is already a target's name; groups and targets share one namespace`);
    if (groupNames.has(g.name)) report(['groups', gi, 'name'], `groups[${gi}].name: duplicate group name '${g.name}'`);
    groupNames.add(g.name);
    strings(g.members).forEach((m, mi) => {
      const at: Segment[] = ['groups', gi, 'members', mi];
      if (!targetNames.has(m)) {
        report(at, `groups[${gi}].members: unknown target '${m}'${groupNames.has(m) || groups.some((x) => x?.name === m) ? ' (a group cannot be a member; use dependsOn)' : ''}`);
        return;
      }
      const prior = memberOf.get(m);
      if (prior && prior.group !== g.name) report(at, `groups[${gi}].members: target '${m}' is already a member of group '${prior.group}'; a target belongs to one group`);
      else if (prior) report(at, `groups[${gi}].members: '${m}' is listed twice`);
      else memberOf.set(m, { group: g.name as string, index: gi });
    });
    strings(g.dependsOn).forEach((d, di) => {
      if (!known(d)) report(['groups', gi, 'dependsOn', di], `groups[${gi}].dependsOn: unknown target or group '${d}'`);
    });
  });
  targets.forEach((t, ti) => {
    strings(t?.dependsOn).forEach((d, di) => {
      if (!known(d)) report(['targets', ti, 'dependsOn', di], `targets[${ti}].dependsOn: unknown target or group '${d}'`);
    });
  });

  const cycle = findCycle(writtenGraph(targets, groups));
  if (cycle) {
    // Point at the first dependency of the cycle as written.
    const [from, to] = [cycle[0]!, cycle[1]!];
    const ti = targets.findIndex((t) => t?.name === from);
    const gi = groups.findIndex((g) => g?.name === from);
    const at: Segment[] =
      ti >= 0 && strings(targets[ti]!.dependsOn).includes(to)
        ? ['targets', ti, 'dependsOn', strings(targets[ti]!.dependsOn).indexOf(to)]
        : gi >= 0 && strings(groups[gi]!.dependsOn).includes(to)
          ? ['groups', gi, 'dependsOn', strings(groups[gi]!.dependsOn).indexOf(to)]
          : ti >= 0
            ? ['targets', ti, 'name']
            : ['groups', Math.max(gi, 0), 'name'];
    report(at, `dependency cycle: ${cycle.join(' -> ')}`);
  }
}

/**
 * The graph as written, with groups as nodes: a target depends on what it
 * names and on what its group depends on; a group stands for its members.
 */
function writtenGraph(targets: RawTarget[], groups: RawGroup[]): Graph {
  const graph = new Map<string, string[]>();
  const groupOf = new Map<string, RawGroup>();
  for (const g of groups) for (const m of strings(g?.members)) if (!groupOf.has(m)) groupOf.set(m, g);
  for (const t of targets) {
    if (typeof t?.name !== 'string') continue;
    graph.set(t.name, [...strings(t.dependsOn), ...strings(groupOf.get(t.name)?.dependsOn)]);
  }
  for (const g of groups) if (typeof g?.name === 'string') graph.set(g.name, strings(g.members));
  return graph;
}

/** target → the targets it needs, with group names and group dependencies expanded. */
export function targetGraph(targets: readonly TargetConfig[], groups: readonly GroupConfig[]): Map<string, string[]> {
  const members = new Map(groups.map((g) => [g.name, g.members]));
  const groupOf = new Map<string, GroupConfig>();
  for (const g of groups) for (const m of g.members) groupOf.set(m, g);
  const expand = (names: readonly string[]): string[] => names.flatMap((n) => members.get(n) ?? [n]);
  const graph = new Map<string, string[]>();
  for (const t of targets) {
    const deps = expand([...t.dependsOn, ...(groupOf.get(t.name)?.dependsOn ?? [])]).filter((d) => d !== t.name);
    graph.set(t.name, [...new Set(deps)]);
  }
  return graph;
}
