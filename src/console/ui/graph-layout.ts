// Where each node of the dependency graph goes: a layered drawing done by hand.
// Layers from the longest path (what a node needs sits to its left; a group sits
// left of its members), then a few barycenter sweeps to reduce crossings. Pure:
// no DOM, so it can be checked without a browser.

export interface LayoutNode {
  id: string;
  kind: 'target' | 'group';
  label: string;
}

export interface LayoutEdge {
  from: string;
  to: string;
  kind: 'after' | 'member';
}

export interface Placed extends LayoutNode {
  layer: number;
  x: number;
  y: number;
}

export interface Layout {
  nodes: Placed[];
  width: number;
  height: number;
}

export const NODE_W = 150;
export const NODE_H = 36;
const GAP_X = 70;
const GAP_Y = 24;
const MARGIN = 16;
const SWEEPS = 4;

/** For each edge, the node that must be in an earlier layer, and the one after it. */
function constraint(e: LayoutEdge): [string, string] {
  // after: `from` needs `to`, so `to` comes first; member: the group comes first.
  return e.kind === 'after' ? [e.to, e.from] : [e.from, e.to];
}

export function layout(nodes: LayoutNode[], edges: LayoutEdge[]): Layout {
  const ids = new Set(nodes.map((n) => n.id));
  const pairs = edges.map(constraint).filter(([a, b]) => ids.has(a) && ids.has(b) && a !== b);
  const layer = new Map(nodes.map((n) => [n.id, 0]));
  // Longest path by relaxation, capped at |nodes| rounds so a cycle (reported by check) cannot loop.
  for (let round = 0; round < nodes.length; round++) {
    let moved = false;
    for (const [a, b] of pairs) {
      if (layer.get(b)! < layer.get(a)! + 1 && layer.get(a)! + 1 < nodes.length) {
        layer.set(b, layer.get(a)! + 1);
        moved = true;
      }
    }
    if (!moved) break;
  }

  const layers: string[][] = [];
  for (const n of nodes) (layers[layer.get(n.id)!] ??= []).push(n.id);
  for (let i = 0; i < layers.length; i++) layers[i] ??= [];

  const neighbours = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const [a, b] of pairs) {
    neighbours.get(a)!.push(b);
    neighbours.get(b)!.push(a);
  }
  const order = new Map<string, number>();
  const number = (): void => layers.forEach((ids) => ids.forEach((id, i) => order.set(id, i)));
  number();
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    for (const ids of layers) {
      const centre = (id: string): number => {
        const ns = neighbours.get(id)!.filter((n) => layer.get(n) !== layer.get(id));
        return ns.length ? ns.reduce((s, n) => s + order.get(n)!, 0) / ns.length : order.get(id)!;
      };
      const keyed = ids.map((id) => [id, centre(id)] as const);
      keyed.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]));
      ids.splice(0, ids.length, ...keyed.map(([id]) => id));
      number();
    }
  }

  const tallest = Math.max(1, ...layers.map((l) => l.length));
  const height = MARGIN * 2 + tallest * NODE_H + (tallest - 1) * GAP_Y;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const placed: Placed[] = [];
  layers.forEach((ids, li) => {
    // Each column centred vertically, so short columns sit in the middle of tall ones.
    const columnHeight = ids.length * NODE_H + (ids.length - 1) * GAP_Y;
    const top = (height - columnHeight) / 2;
    ids.forEach((id, i) => placed.push({ ...byId.get(id)!, layer: li, x: MARGIN + li * (NODE_W + GAP_X), y: top + i * (NODE_H + GAP_Y) }));
  });
  const width = MARGIN * 2 + Math.max(1, layers.length) * NODE_W + Math.max(0, layers.length - 1) * GAP_X;
  return { nodes: placed, width, height };
}
