// The dependency graph page: POST /api/graph with the editor's text (the same
// resolver as psv check), drawn as SVG boxes and arrows.
import { post, type GraphReply } from './api.js';
import { h, replace, svg } from './dom.js';
import { layout, NODE_H, NODE_W, type Placed } from './graph-layout.js';
import { t } from './i18n.js';

export class GraphPage {
  private readonly canvas = h('div', { class: 'graph-canvas' });

  constructor(private readonly configText: () => string) {}

  render(): HTMLElement {
    void this.draw();
    return h(
      'section',
      { class: 'page graph-page', 'aria-labelledby': 'graph-heading' },
      h('h2', { id: 'graph-heading' }, t('graph.heading')),
      h('p', { class: 'muted' }, t('graph.explain')),
      h('div', { class: 'toolbar' }, h('button', { type: 'button', onclick: () => void this.draw() }, t('graph.refresh'))),
      this.canvas,
    );
  }

  private async draw(): Promise<void> {
    let reply: GraphReply;
    try {
      reply = await post<GraphReply>('/api/graph', { text: this.configText() });
    } catch (err) {
      replace(this.canvas, h('p', { class: 'error', role: 'alert' }, t('error.generic', { message: (err as Error).message })));
      return;
    }
    const problems = (reply.problems ?? []).map((p) => h('li', {}, typeof p === 'string' ? p : p.text));
    if (reply.nodes.length === 0) {
      replace(this.canvas, h('p', {}, t('graph.empty')), problems.length ? h('ul', { class: 'error' }, ...problems) : null);
      return;
    }
    replace(this.canvas, drawGraph(reply), problems.length ? h('ul', { class: 'error' }, ...problems) : null);
  }
}

function drawGraph(reply: GraphReply): SVGElement {
  const placed = layout(reply.nodes, reply.edges);
  const at = new Map(placed.nodes.map((n) => [n.id, n]));
  const root = svg('svg', {
    class: 'graph',
    role: 'img',
    width: placed.width,
    height: placed.height,
    viewBox: `0 0 ${placed.width} ${placed.height}`,
    'aria-label': t('graph.alt', { nodes: reply.nodes.length, edges: reply.edges.length }),
  });
  root.appendChild(
    svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse' }, svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead' }))),
  );
  for (const e of reply.edges) {
    const a = at.get(e.from);
    const b = at.get(e.to);
    if (a && b) root.appendChild(edgePath(a, b, e.kind));
  }
  for (const n of placed.nodes) root.appendChild(nodeBox(n));
  return root;
}

/** From the right side of one box to the left side of the other, as a gentle S curve. */
function edgePath(from: Placed, to: Placed, kind: 'after' | 'member'): SVGElement {
  // after: the arrow goes from the dependant (right) to what it needs (left).
  const [left, right] = from.x <= to.x ? [from, to] : [to, from];
  const x1 = left.x + NODE_W;
  const y1 = left.y + NODE_H / 2;
  const x2 = right.x;
  const y2 = right.y + NODE_H / 2;
  const mid = (x1 + x2) / 2;
  const attrs: Record<string, string> = { d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`, class: `edge ${kind}`, 'data-from': from.id, 'data-to': to.id };
  if (kind === 'after') attrs[from.x <= to.x ? 'marker-end' : 'marker-start'] = 'url(#arrow)';
  return svg('path', attrs);
}

function nodeBox(n: Placed): SVGElement {
  const label = n.label.length > 20 ? n.label.slice(0, 19) + '…' : n.label;
  return svg(
    'g',
    { class: `node ${n.kind}`, transform: `translate(${n.x},${n.y})`, 'data-id': n.id },
    svg('title', {}, `${n.kind === 'group' ? t('graph.legendGroup') : t('graph.legendTarget')}: ${n.label}`),
    svg('rect', { width: NODE_W, height: NODE_H, rx: n.kind === 'group' ? 4 : 12 }),
    svg('text', { x: NODE_W / 2, y: NODE_H / 2, 'dominant-baseline': 'middle', 'text-anchor': 'middle' }, label),
  );
}
