// Starting and stopping targets in dependency order: what depends on something
// starts after it is ready and stops before it. The order itself is
// policy/graph.ts; this is where it meets live targets.
import { longestChain, startOrder, stopOrder, type Graph } from '../policy/graph.js';
import { TargetState } from './states.js';
import type { Supervised } from './supervised.js';

type Targets = ReadonlyMap<string, Supervised>;

/** What a target's stop may take past its stopTimeout: the kill and the report of its exit. */
const STOP_KILL_MS = 2000;

/** The longest that stopping every target can take: each waits its stopTimeout (and a moment for the kill), dependants first. */
export function stopBudgetMs(graph: Graph, targets: Targets): number {
  return longestChain(graph, [...targets.keys()], (name) => (targets.get(name)?.config.stopTimeoutMs ?? 0) + STOP_KILL_MS);
}

/** Whether everything `name` depends on is ready. */
function depsReady(graph: Graph, targets: Targets, name: string): boolean {
  return (graph.get(name) ?? []).every((d) => targets.get(d)?.ready === true);
}

/** Starts the named targets in dependency order; one whose dependencies are not ready waits for them. */
export function startInOrder(graph: Graph, targets: Targets, names: readonly string[]): void {
  for (const name of startOrder(graph, names)) {
    const t = targets.get(name);
    if (!t) continue;
    if (depsReady(graph, targets, name)) t.start();
    else t.wait();
  }
}

/** Who depends on each target, per graph (built once per graph: a reload makes a new one). */
const dependantsByGraph = new WeakMap<Graph, Map<string, string[]>>();

function dependantsOf(graph: Graph, name: string): readonly string[] {
  let index = dependantsByGraph.get(graph);
  if (!index) {
    index = new Map();
    for (const [dependant, deps] of graph) for (const dep of deps) index.set(dep, [...(index.get(dep) ?? []), dependant]);
    dependantsByGraph.set(graph, index);
  }
  return index.get(name) ?? [];
}

/**
 * Target `name` became ready: starts whoever was waiting only for what is
 * ready now. Only its dependants can have been waiting for it, so a thousand
 * targets becoming ready cost a thousand look-ups, not a million.
 */
export function startWaiting(graph: Graph, targets: Targets, name: string): void {
  const waiting = dependantsOf(graph, name).filter((d) => targets.get(d)?.state === TargetState.Waiting);
  if (waiting.length === 0) return;
  for (const d of startOrder(graph, waiting)) {
    const t = targets.get(d)!;
    if (t.state === TargetState.Waiting && depsReady(graph, targets, d)) t.start();
  }
}

/** Stops the named targets; each stops once everything among them that depends on it has stopped. */
export async function stopInOrder(graph: Graph, targets: Targets, names: readonly string[], reason: string): Promise<void> {
  // Who among `names` depends on whom, built once (not a scan of all names per name).
  const dependantsOf = new Map<string, string[]>();
  for (const other of new Set(names)) {
    for (const dep of graph.get(other) ?? []) dependantsOf.set(dep, [...(dependantsOf.get(dep) ?? []), other]);
  }
  const done = new Map<string, Promise<void>>();
  for (const name of stopOrder(graph, names)) {
    const t = targets.get(name);
    if (!t) continue;
    const dependants = dependantsOf.get(name) ?? [];
    const before = Promise.all(dependants.map((d) => done.get(d) ?? Promise.resolve()));
    done.set(name, before.then(() => t.stop(reason)));
  }
  await Promise.all(done.values());
}

/**
 * dependsOn outside a group (systemd's PartOf, OTP's rest_for_one across the
 * whole monitor): a dependant psv started, running when what it needs failed,
 * is restarted once that is ready again, so that it connects to the new
 * process instead of holding on to the dead one. Within one group the group's
 * strategy decides instead.
 */
export class RestartAfterDependency {
  /** dependency → its dependants to restart, with the time it failed. */
  private pending = new Map<string, Map<string, number>>();

  constructor(private readonly graph: () => Graph, private readonly targets: Targets, private readonly now: () => number) {}

  /** `name` went down with a failure: note its running dependants. */
  failed(name: string): void {
    const group = this.targets.get(name)?.config.group ?? null;
    const at = this.now();
    for (const [dependant, needs] of this.graph()) {
      if (!needs.includes(name)) continue;
      const t = this.targets.get(dependant);
      if (!t || t.config.kind !== 'command' || t.state !== TargetState.Running) continue;
      if (group !== null && t.config.group === group) continue;
      const waiting = this.pending.get(name) ?? new Map<string, number>();
      if (!waiting.has(dependant)) waiting.set(dependant, at);
      this.pending.set(name, waiting);
    }
  }

  /** `name` is ready again: restart the dependants still running the process that saw it fail. */
  ready(name: string): void {
    const waiting = this.pending.get(name);
    if (!waiting) return;
    this.pending.delete(name);
    for (const [dependant, failedAt] of waiting) {
      const t = this.targets.get(dependant);
      // One that went down and came back by itself meanwhile already runs against the new process.
      if (!t || t.state !== TargetState.Running || t.startedAt === null || t.startedAt > failedAt) continue;
      void t.restart(`dependency '${name}' restarted`);
    }
  }
}
