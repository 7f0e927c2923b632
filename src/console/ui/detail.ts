// One target in detail: what the table row says, its restart history and its
// incidents (each with a link to download its export zip).
import { get, type History, type StatusResult } from './api.js';
import { h, replace } from './dom.js';
import { lastExit, time, uptime } from './format.js';
import { t } from './i18n.js';

export class DetailPanel {
  private readonly root = h('section', { class: 'detail', 'aria-labelledby': 'detail-heading', hidden: true, tabindex: -1 });
  private name: string | null = null;
  private history: History | null = null;
  private historyError: string | null = null;
  private status: StatusResult | null = null;

  element(): HTMLElement {
    this.draw();
    return this.root;
  }

  async open(name: string): Promise<void> {
    this.name = name;
    this.history = null;
    this.historyError = null;
    this.draw();
    this.root.focus();
    await this.loadHistory(name);
  }

  update(status: StatusResult): void {
    const before = this.status?.targets.find((x) => x.name === this.name);
    this.status = status;
    const now = status.targets.find((x) => x.name === this.name);
    if (!this.name) return;
    // A new restart or exit means new history: fetch it again.
    if (before && now && (before.restarts !== now.restarts || before.lastExit?.time !== now.lastExit?.time)) void this.loadHistory(this.name);
    else this.draw();
  }

  private close(): void {
    this.name = null;
    this.draw();
  }

  private async loadHistory(name: string): Promise<void> {
    try {
      const history = await get<History>(`/api/targets/${encodeURIComponent(name)}/history`);
      if (this.name !== name) return;
      this.history = history;
      this.historyError = null;
    } catch (err) {
      if (this.name !== name) return;
      this.historyError = (err as Error).message;
    }
    this.draw();
  }

  private draw(): void {
    const name = this.name;
    this.root.hidden = name === null;
    if (name === null) {
      this.root.replaceChildren();
      return;
    }
    const target = this.status?.targets.find((x) => x.name === name);
    const facts = h('dl', { class: 'facts' });
    if (target) {
      const fact = (label: string, value: string): void => {
        facts.append(h('dt', {}, label), h('dd', {}, value));
      };
      fact(t('status.col.state'), target.state);
      fact(t('status.col.pid'), target.pid !== null ? String(target.pid) : '—');
      fact(t('status.col.uptime'), target.startedAt ? uptime(target.startedAt) : '—');
      fact(t('status.col.restarts'), t('status.within', { used: target.restarts, allowed: target.retries, window: target.window }));
      fact(t('status.col.lastExit'), lastExit(target.lastExit));
      if (target.group) fact(t('detail.group'), target.group);
      if (target.dependsOn.length) fact(t('detail.dependsOn'), target.dependsOn.join(', '));
    }
    replace(
      this.root,
      h(
        'div',
        { class: 'detail-head' },
        h('h3', { id: 'detail-heading' }, t('detail.heading', { name })),
        h('button', { type: 'button', onclick: () => this.close() }, t('detail.close')),
      ),
      facts,
      h('h4', {}, t('detail.restarts')),
      this.restartList(),
      h('h4', {}, t('detail.incidents')),
      this.incidentList(),
    );
  }

  private restartList(): HTMLElement {
    if (this.historyError) return h('p', { class: 'error' }, t('detail.loadFailed', { message: this.historyError }));
    const restarts = this.history?.restarts ?? [];
    if (!restarts.length) return h('p', { class: 'muted' }, t('detail.noRestarts'));
    const list = h('ol', { class: 'restarts' });
    // Newest first, as in the timeline.
    for (const r of [...restarts].reverse()) list.appendChild(h('li', { 'data-event': r.event }, h('time', { datetime: r.time }, time(r.time)), ` ${r.event}: ${r.message}`));
    return list;
  }

  private incidentList(): HTMLElement {
    const incidents = this.history?.incidents ?? [];
    if (!incidents.length) return h('p', { class: 'muted' }, t('detail.noIncidents'));
    const list = h('ul', { class: 'incidents' });
    for (const inc of incidents) {
      list.appendChild(
        h(
          'li',
          {},
          `${time(inc.time)} — ${inc.reason} `,
          h('a', { href: `/api/incidents/${encodeURIComponent(inc.id)}/export`, download: `${inc.id}.zip` }, t('detail.export')),
        ),
      );
    }
    return list;
  }
}
