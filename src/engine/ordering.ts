// Starting and stopping targets in dependency order: what depends on something
// starts after it is ready and stops before it. The order itself is
// policy/graph.ts; this is where it meets live targets.
import { startOrder, stopOrder, type Graph } from '../policy/graph.js';
import { TargetState } from './states.js';
import type { Supervised } from './supervised.js';

type Targets = ReadonlyMap<string, Supervised>;

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

/** A target became ready: starts whoever was waiting only for what is ready now. */
export function startWaiting(graph: Graph, targets: Targets): void {
  // Most ready events find nobody waiting (no dependencies): skip the ordering then.
  let anyWaiting = false;
  for (const t of targets.values()) if (t.state === TargetState.Waiting) anyWaiting = true;
  if (!anyWaiting) return;
  for (const name of startOrder(graph, [...targets.keys()])) {
    const t = targets.get(name)!;
    if (t.state === TargetState.Waiting && depsReady(graph, targets, name)) t.start();
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
