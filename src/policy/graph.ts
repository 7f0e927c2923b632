// The dependency graph as pure functions over plain data: each node maps to
// the nodes it depends on. Order, cycles and "who depends on this" are
// answered here, without processes or clocks.

export type Graph = ReadonlyMap<string, readonly string[]>;

/** A cycle as the path that closes it (`a -> b -> a` is ['a', 'b', 'a']), or null. */
export function findCycle(graph: Graph): string[] | null {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    const s = state.get(node);
    if (s === 'done') return null;
    if (s === 'visiting') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'visiting');
    path.push(node);
    for (const dep of graph.get(node) ?? []) {
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

/**
 * Dependencies before dependants; among nodes free to go, the order they were
 * given in. Nodes in a cycle are left out (the config check rejects cycles).
 */
export function startOrder(graph: Graph, nodes: readonly string[] = [...graph.keys()]): string[] {
  const wanted = new Set(nodes);
  const order: string[] = [];
  const placed = new Set<string>();
  let progress = true;
  while (progress && order.length < wanted.size) {
    progress = false;
    for (const node of nodes) {
      if (placed.has(node)) continue;
      const deps = (graph.get(node) ?? []).filter((d) => wanted.has(d));
      if (deps.every((d) => placed.has(d))) {
        order.push(node);
        placed.add(node);
        progress = true;
      }
    }
  }
  return order;
}

/** Dependants before their dependencies: the order to stop in. */
export function stopOrder(graph: Graph, nodes: readonly string[] = [...graph.keys()]): string[] {
  return startOrder(graph, nodes).reverse();
}

/** `start` and every node that depends on it, directly or not, among `within`. */
export function withDependants(graph: Graph, start: string, within: ReadonlySet<string>): Set<string> {
  const result = new Set([start]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const node of within) {
      if (result.has(node)) continue;
      if ((graph.get(node) ?? []).some((d) => result.has(d))) {
        result.add(node);
        grew = true;
      }
    }
  }
  return result;
}

/**
 * The heaviest path through the dependencies among `nodes`, each node weighing
 * `weight(node)`: how long stopping them in order (dependants first) can take
 * when each one takes its whole weight. 0 for no nodes; cycles are cut.
 */
export function longestChain(graph: Graph, nodes: readonly string[], weight: (node: string) => number): number {
  const wanted = new Set(nodes);
  const memo = new Map<string, number>();
  const chain = (node: string): number => {
    const known = memo.get(node);
    if (known !== undefined) return known;
    memo.set(node, weight(node)); // a cycle ends here
    let below = 0;
    for (const dep of graph.get(node) ?? []) if (wanted.has(dep)) below = Math.max(below, chain(dep));
    const total = weight(node) + below;
    memo.set(node, total);
    return total;
  };
  let most = 0;
  for (const node of wanted) most = Math.max(most, chain(node));
  return most;
}
