// Turns an event name and its fields into one record and hands it to every sink.
// Flood control and drop reports live here because they span all sinks; the
// per-sink queues (queue.ts) keep a slow sink off the monitor's hot path.
import { formatDuration } from '../config/duration.js';
import { CATALOG, type EventFieldMap, type EventLevel, type EventName } from './catalog.generated.js';
import { FloodControl, type Suppressed } from './flood.js';
import { QueuedSink } from './queue.js';
import { translate } from './phrases.js';

export interface EventRecord {
  time: string;
  id: number;
  event: EventName;
  level: EventLevel;
  message: string;
  target?: string;
  pid?: number;
  [field: string]: unknown;
}

export interface EventSink {
  /** What the sink is called in EventsDropped and warnings (file, syslog, eventlog, console). */
  readonly name?: string;
  /** Must return at once: a sink that does I/O sits behind a QueuedSink. */
  write(record: EventRecord): void;
  close?(): void | Promise<void>;
}

export type { Language } from './language.js';
import type { Language } from './language.js';

export interface EventBusOptions {
  /** The same event for the same target more than this many times a minute is summarised; 0 turns it off. */
  floodPerMinute?: number;
  /** How often held-back and dropped counts are reported (ms). */
  reportEveryMs?: number;
}

const RECENT_KEPT = 200;
const DEFAULT_REPORT_MS = 5000;
/** Events about the event machinery itself are never held back, or reports could be lost. */
const NEVER_SUPPRESSED: ReadonlySet<string> = new Set(['EventsSuppressed', 'EventsDropped', 'EventSinkUnavailable', 'EventSinkDown', 'EventSinkRecovered']);

export function formatMessage(template: string, fields: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in fields ? String(fields[name]) : whole));
}

export class EventBus {
  private readonly recentRecords: EventRecord[] = [];
  private readonly listeners = new Set<(record: EventRecord) => void>();
  /** Told of every event as it is emitted, flood-suppressed ones too (the metrics count them all). */
  private readonly taps = new Set<(record: EventRecord) => void>();
  private readonly flood: FloodControl;
  private readonly queues: QueuedSink[];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly sinks: EventSink[],
    private readonly language: Language = 'en',
    private readonly clock: () => Date = () => new Date(),
    options: EventBusOptions = {},
  ) {
    this.flood = new FloodControl(options.floodPerMinute ?? 0);
    this.queues = sinks.filter((s): s is QueuedSink => s instanceof QueuedSink);
    for (const q of this.queues) {
      q.recoveryRecord = (count) => this.record('EventsDropped', { sink: q.name, count });
      // An outage is told to every sink (the one that is down gets it too, once it is back).
      q.onDown = (reason) => this.emit('EventSinkDown', { sink: q.name, reason, capacity: q.capacity, retryMax: formatDuration(q.retry?.maxMs ?? 0) });
      q.onUp = (r) => this.emit('EventSinkRecovered', { sink: q.name, downFor: formatDuration(Math.round(r.downMs / 100) * 100), held: r.held, dropped: r.dropped });
    }
    if (this.queues.length > 0 || this.flood.perMinute > 0) {
      this.timer = setInterval(() => this.report(), options.reportEveryMs ?? DEFAULT_REPORT_MS);
      this.timer.unref();
    }
  }

  /**
   * Writes one event. `context` adds fields that describe where it happened
   * (the target's kind, its group) without being part of the message.
   */
  emit<N extends EventName>(name: N, fields: EventFieldMap[N], context?: Record<string, unknown>): EventRecord {
    const record = this.record(name, fields, context);
    for (const tap of this.taps) {
      try {
        tap(record);
      } catch {
        // Counting must never stop an event.
      }
    }
    this.recentRecords.push(record);
    if (this.recentRecords.length > RECENT_KEPT) this.recentRecords.shift();
    if (!NEVER_SUPPRESSED.has(name)) {
      const verdict = this.flood.admit(name, typeof record.target === 'string' ? record.target : '', Date.parse(record.time));
      if (verdict.ended) this.summarise(verdict.ended);
      if (!verdict.write) return record;
    }
    this.deliver(record);
    return record;
  }

  /** The last events, oldest first (kept for incidents and `psv events`), including those flood control held back. */
  recent(): readonly EventRecord[] {
    return this.recentRecords;
  }

  /** Calls `listener` with every event emitted, before flood control: for counting, never for writing. */
  tap(listener: (record: EventRecord) => void): () => void {
    this.taps.add(listener);
    return () => this.taps.delete(listener);
  }

  subscribe(listener: (record: EventRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reports what is pending, then gives every sink up to `timeoutMs` to write its queue. */
  async close(timeoutMs = 2000): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const s of this.flood.sweep(this.clock().getTime(), true)) this.summarise(s);
    this.reportDrops(true);
    await Promise.all(
      this.sinks.map(async (sink) => {
        try {
          await (sink instanceof QueuedSink ? sink.close(timeoutMs) : sink.close?.());
        } catch {
          // Closing is best effort; the monitor is on its way out.
        }
      }),
    );
  }

  private record<N extends EventName>(name: N, fields: EventFieldMap[N], context?: Record<string, unknown>): EventRecord {
    const def = CATALOG[name];
    return {
      time: this.clock().toISOString(),
      id: def.id,
      event: name,
      level: def.level,
      ...context,
      ...(fields as Record<string, unknown>),
      message: formatMessage(def[this.language], this.inLanguage(def.texts, fields as Record<string, unknown>)),
    };
  }

  /** The fields as the message shows them: psv's own words in the bus's language; the record keeps them in English. */
  private inLanguage(texts: readonly string[], fields: Record<string, unknown>): Record<string, unknown> {
    if (this.language === 'en' || texts.length === 0) return fields;
    const shown = { ...fields };
    for (const k of texts) if (typeof shown[k] === 'string') shown[k] = translate(shown[k], this.language);
    return shown;
  }

  private deliver(record: EventRecord): void {
    for (const sink of this.sinks) {
      try {
        sink.write(record);
      } catch {
        // A failing sink must never stop monitoring; the other sinks still get the event.
      }
    }
    for (const listener of this.listeners) listener(record);
  }

  private summarise(s: Suppressed): void {
    this.emit('EventsSuppressed', { eventName: s.event, target: s.target === '' ? '(monitor)' : s.target, count: s.count, window: `${this.flood.windowMs / 1000} s` });
  }

  /** A sink that is down says what it dropped once it is back (EventSinkRecovered), not every few seconds meanwhile. */
  private reportDrops(final = false): void {
    for (const q of this.queues) {
      if (q.down && !final) continue;
      const count = q.takeDropped();
      if (count > 0) this.emit('EventsDropped', { sink: q.name, count });
    }
  }

  private report(): void {
    for (const s of this.flood.sweep(this.clock().getTime())) this.summarise(s);
    this.reportDrops();
  }
}
