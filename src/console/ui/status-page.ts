// The status page: the live target table (pushed by the stream, never polled),
// the operator actions with a confirmation, and the detail of one target.
import { ApiError, post, type StatusResult, type TargetStatus } from './api.js';
import { confirmAction } from './confirm.js';
import { DetailPanel } from './detail.js';
import { h, replace } from './dom.js';
import { lastExit, uptime } from './format.js';
import { t, type TextKey } from './i18n.js';
import type { LiveStream } from './stream.js';

type Action = 'pause' | 'resume' | 'restart' | 'reset';

const COLUMNS: TextKey[] = [
  'status.col.name',
  'status.col.state',
  'status.col.pid',
  'status.col.uptime',
  'status.col.restarts',
  'status.col.lastExit',
  'status.col.paused',
  'status.col.overrides',
  'status.col.actions',
];

interface Row {
  tr: HTMLTableRowElement;
  cells: Record<'state' | 'pid' | 'uptime' | 'restarts' | 'lastExit' | 'paused' | 'overrides', HTMLTableCellElement>;
  pauseButton: HTMLButtonElement;
  /** When the process started: the uptime ticks from it (a status comes only when something changed). */
  startedAt: string | null;
}

export class StatusPage {
  private readonly body = h('tbody');
  private readonly notice = h('div', { class: 'notice', role: 'status', 'aria-live': 'polite' });
  private readonly message = h('div', { class: 'action-message', role: 'status', 'aria-live': 'polite' });
  private readonly detail: DetailPanel;
  private rows = new Map<string, Row>();
  private ticker: number | undefined;

  constructor(private readonly stream: LiveStream) {
    this.detail = new DetailPanel();
    stream.onStatus((status) => this.update(status));
  }

  render(): HTMLElement {
    this.rows = new Map();
    this.body.replaceChildren();
    const head = h('tr', {}, ...COLUMNS.map((k) => h('th', { scope: 'col' }, t(k))));
    const page = h(
      'section',
      { class: 'page status-page', 'aria-labelledby': 'status-heading' },
      h('h2', { id: 'status-heading' }, t('status.heading')),
      this.notice,
      this.message,
      h('div', { class: 'table-wrap' }, h('table', { class: 'targets', 'aria-labelledby': 'status-heading' }, h('thead', {}, head), this.body)),
      this.detail.element(),
    );
    this.update(this.stream.status);
    window.clearInterval(this.ticker);
    this.ticker = window.setInterval(() => this.tick(), 1000);
    return page;
  }

  private update(status: StatusResult | null): void {
    if (!status) {
      replace(this.notice, h('p', { class: 'warning' }, t('status.noMonitor')));
      for (const row of this.rows.values()) row.tr.remove();
      this.rows.clear();
      return;
    }
    replace(this.notice, status.targets.length ? null : h('p', {}, t('status.noTargets')));
    const seen = new Set<string>();
    for (const target of status.targets) {
      seen.add(target.name);
      let row = this.rows.get(target.name);
      if (!row) {
        row = this.makeRow(target.name);
        this.rows.set(target.name, row);
      }
      this.body.appendChild(row.tr); // keeps the server's order; moving a row keeps its focus
      fillRow(row, target);
    }
    for (const [name, row] of this.rows) {
      if (!seen.has(name)) {
        row.tr.remove();
        this.rows.delete(name);
      }
    }
    this.detail.update(status);
  }

  private makeRow(name: string): Row {
    const td = (cls: string): HTMLTableCellElement => h('td', { class: cls });
    const cells = { state: td('state'), pid: td('pid num'), uptime: td('uptime num'), restarts: td('restarts num'), lastExit: td('last-exit'), paused: td('paused'), overrides: td('overrides') };
    const pauseButton = h('button', { type: 'button', 'data-action': 'pause' });
    pauseButton.addEventListener('click', () => void this.act(pauseButton.dataset.action as Action, name));
    const button = (action: Action): HTMLButtonElement =>
      h('button', { type: 'button', 'data-action': action, 'aria-label': `${t(`action.${action}`)} ${name}`, onclick: () => void this.act(action, name) }, t(`action.${action}`));
    const details = h('button', { type: 'button', 'data-action': 'details', 'aria-label': `${t('action.details')} ${name}`, onclick: () => void this.detail.open(name) }, t('action.details'));
    const tr = h(
      'tr',
      { 'data-target': name },
      h('th', { scope: 'row', class: 'name' }, name),
      cells.state,
      cells.pid,
      cells.uptime,
      cells.restarts,
      cells.lastExit,
      cells.paused,
      cells.overrides,
      h('td', { class: 'actions' }, pauseButton, button('restart'), button('reset'), details),
    );
    return { tr, cells, pauseButton, startedAt: null };
  }

  private tick(): void {
    for (const row of this.rows.values()) {
      if (row.startedAt !== null) row.cells.uptime.textContent = uptime(row.startedAt);
    }
  }

  private async act(action: Action, name: string): Promise<void> {
    if (!(await confirmAction(t(`action.confirm.${action}`, { name })))) return;
    const label = t(`action.${action}`);
    try {
      await post(`/api/targets/${encodeURIComponent(name)}/${action}`);
      replace(this.message, h('p', { class: 'ok' }, t('action.done', { action: label, name })));
    } catch (err) {
      const message = err instanceof ApiError ? err.body.message : String(err);
      replace(this.message, h('p', { class: 'error', role: 'alert' }, t('action.failed', { action: label, message })));
    }
  }
}

function fillRow(row: Row, target: TargetStatus): void {
  const set = (cell: HTMLElement, text: string): void => {
    if (cell.textContent !== text) cell.textContent = text;
  };
  set(row.cells.state, target.state);
  row.tr.dataset.state = target.state;
  set(row.cells.pid, target.pid !== null ? String(target.pid) : target.instances.length ? target.instances.map((i) => i.pid).join(', ') : '—');
  row.startedAt = target.startedAt;
  set(row.cells.uptime, target.startedAt ? uptime(target.startedAt) : '—');
  set(row.cells.restarts, t('status.within', { used: target.restarts, allowed: target.retries, window: target.window }));
  set(row.cells.lastExit, lastExit(target.lastExit));
  set(row.cells.paused, target.paused ? t('status.yes') : t('status.no'));
  row.tr.classList.toggle('is-paused', target.paused);
  const overrides = Object.entries(target.overrides ?? {}).map(([k, v]) => `${k}=${v}`);
  set(row.cells.overrides, overrides.length ? overrides.join(', ') : '—');
  const next: Action = target.paused ? 'resume' : 'pause';
  row.pauseButton.dataset.action = next;
  set(row.pauseButton, t(`action.${next}`));
  row.pauseButton.setAttribute('aria-label', `${t(`action.${next}`)} ${target.name}`);
}
