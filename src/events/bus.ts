// Turns an event name and its fields into one record and hands it to every sink.
import { CATALOG, type EventFieldMap, type EventLevel, type EventName } from './catalog.generated.js';

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
  write(record: EventRecord): void;
  close?(): void;
}

export type Language = 'en' | 'ja';

const RECENT_KEPT = 200;

export function formatMessage(template: string, fields: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in fields ? String(fields[name]) : whole));
}

export class EventBus {
  private readonly recentRecords: EventRecord[] = [];
  private readonly listeners = new Set<(record: EventRecord) => void>();

  constructor(
    private readonly sinks: EventSink[],
    private readonly language: Language = 'en',
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * Writes one event. `context` adds fields that describe where it happened
   * (the target's kind, its group) without being part of the message.
   */
  emit<N extends EventName>(name: N, fields: EventFieldMap[N], context?: Record<string, unknown>): EventRecord {
    const def = CATALOG[name];
    const record: EventRecord = {
      time: this.clock().toISOString(),
      id: def.id,
      event: name,
      level: def.level,
      ...context,
      ...(fields as Record<string, unknown>),
      message: formatMessage(def[this.language], fields as Record<string, unknown>),
    };
    this.recentRecords.push(record);
    if (this.recentRecords.length > RECENT_KEPT) this.recentRecords.shift();
    for (const sink of this.sinks) {
      try {
        sink.write(record);
      } catch {
        // A failing sink must never stop monitoring; the other sinks still get the event.
      }
    }
    for (const listener of this.listeners) listener(record);
    return record;
  }

  /** The last events, oldest first (kept for incidents and `psv events`). */
  recent(): readonly EventRecord[] {
    return this.recentRecords;
  }

  subscribe(listener: (record: EventRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    for (const sink of this.sinks) sink.close?.();
  }
}
