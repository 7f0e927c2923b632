// The event timeline: the recent events from GET /api/events, then every new one
// from the stream as it happens, filtered by level, target and time.
import { get, type EventRecord } from './api.js';
import { h, replace, uid } from './dom.js';
import { time } from './format.js';
import { t, type TextKey } from './i18n.js';
import type { LiveStream } from './stream.js';

const LEVELS = ['Information', 'Warning', 'Error'] as const;
const KEEP = 1000;
const FETCH = 300;

interface Filter {
  level: string;
  target: string;
  since: string;
}

export class EventsPage {
  private events: EventRecord[] = [];
  private filter: Filter = { level: '', target: '', since: '' };
  private readonly body = h('tbody');
  private readonly empty = h('p', { class: 'muted', role: 'status' });
  private targetSelect: HTMLSelectElement | null = null;

  constructor(private readonly stream: LiveStream) {
    stream.onEvent((e) => this.add(e));
    stream.onStatus(() => this.refreshTargets());
  }

  render(): HTMLElement {
    const level = h('select', { id: uid('level') }, h('option', { value: '' }, t('events.levelAll')), ...LEVELS.map((l) => h('option', { value: l }, t(`level.${l}` as TextKey))));
    level.value = this.filter.level;
    const target = h('select', { id: uid('target') });
    this.targetSelect = target;
    this.refreshTargets();
    const since = h('input', { id: uid('since'), type: 'datetime-local', step: 1 });
    since.value = this.filter.since;
    const changed = (): void => {
      this.filter = { level: level.value, target: target.value, since: since.value };
      void this.load();
    };
    for (const el of [level, target, since]) el.addEventListener('change', changed);
    const filters = h(
      'form',
      { class: 'filters', role: 'search', onsubmit: (e: Event) => e.preventDefault() },
      h('label', { for: level.id }, t('events.level')),
      level,
      h('label', { for: target.id }, t('events.target')),
      target,
      h('label', { for: since.id }, t('events.since')),
      since,
    );
    const cols: TextKey[] = ['events.col.time', 'events.col.level', 'events.col.event', 'events.col.target', 'events.col.message'];
    void this.load();
    return h(
      'section',
      { class: 'page events-page', 'aria-labelledby': 'events-heading' },
      h('h2', { id: 'events-heading' }, t('events.heading')),
      filters,
      this.empty,
      h('div', { class: 'table-wrap' }, h('table', { class: 'events', 'aria-labelledby': 'events-heading' }, h('thead', {}, h('tr', {}, ...cols.map((k) => h('th', { scope: 'col' }, t(k))))), this.body)),
    );
  }

  private refreshTargets(): void {
    const select = this.targetSelect;
    if (!select) return;
    const names = (this.stream.status?.targets ?? []).map((x) => x.name);
    if (this.filter.target && !names.includes(this.filter.target)) names.push(this.filter.target);
    const wanted = ['', ...names];
    const have = [...select.options].map((o) => o.value);
    if (have.join('\n') === wanted.join('\n')) return;
    replace(select, h('option', { value: '' }, t('events.targetAll')), ...names.map((n) => h('option', { value: n }, n)));
    select.value = this.filter.target;
  }

  private sinceIso(): string {
    if (!this.filter.since) return '';
    const d = new Date(this.filter.since); // datetime-local is local time
    return Number.isNaN(d.getTime()) ? '' : d.toISOString();
  }

  private async load(): Promise<void> {
    const q = new URLSearchParams({ limit: String(FETCH) });
    if (this.filter.level) q.set('level', this.filter.level);
    if (this.filter.target) q.set('target', this.filter.target);
    const since = this.sinceIso();
    if (since) q.set('since', since);
    try {
      const reply = await get<{ events: EventRecord[] }>(`/api/events?${q}`);
      this.events = reply.events.filter((e) => this.matches(e));
      this.draw();
    } catch (err) {
      replace(this.empty, t('error.generic', { message: (err as Error).message }));
    }
  }

  private matches(e: EventRecord): boolean {
    if (this.filter.level && e.level !== this.filter.level) return false;
    if (this.filter.target && e.target !== this.filter.target) return false;
    const since = this.sinceIso();
    if (since && e.time < since) return false;
    return true;
  }

  private add(e: EventRecord): void {
    if (!this.matches(e)) return;
    this.events.push(e);
    if (this.events.length > KEEP) this.events.splice(0, this.events.length - KEEP);
    if (this.body.isConnected) {
      this.body.insertBefore(row(e), this.body.firstChild);
      while (this.body.rows.length > KEEP) this.body.lastElementChild?.remove();
      this.empty.textContent = '';
    }
  }

  /** Newest first: the live end of the timeline is at the top. */
  private draw(): void {
    replace(this.body, ...[...this.events].reverse().map(row));
    this.empty.textContent = this.events.length ? '' : t('events.none');
  }
}

function row(e: EventRecord): HTMLTableRowElement {
  const levelKey = `level.${e.level}` as TextKey;
  const level = (LEVELS as readonly string[]).includes(e.level) ? t(levelKey) : e.level;
  return h(
    'tr',
    { class: `level-${e.level.toLowerCase()}`, 'data-event': e.event },
    h('td', { class: 'time' }, h('time', { datetime: e.time }, time(e.time))),
    h('td', { class: 'level' }, level),
    h('td', {}, `${e.event} (${e.id})`),
    h('td', {}, e.target ?? ''),
    h('td', { class: 'message' }, e.message),
  );
}
