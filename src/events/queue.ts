// A bounded queue in front of one sink: the monitor hands an event over in O(1) and
// goes on; the sink writes at its own pace, off the hot path. A sink that blocks or
// fails only loses its own events, counted here and reported by the bus.
import type { EventRecord, EventSink } from './bus.js';

/** A sink that may take its time: the queue awaits each write before the next. */
export interface SlowSink {
  readonly name: string;
  write(record: EventRecord): void | Promise<void>;
  /** Writes several at once (the file sink: one write call for a burst). */
  writeBatch?(records: readonly EventRecord[]): Promise<void>;
  close?(): void | Promise<void>;
}

export class QueuedSink implements EventSink {
  private readonly queue: EventRecord[] = [];
  private draining = false;
  /** Drops not yet reported through the bus. */
  private unreported = 0;
  /** Drops since the sink last wrote everything it was given: told to the sink itself once it recovers. */
  private missed = 0;
  private idle: Array<() => void> = [];
  private closed = false;
  /** Builds the EventsDropped record a recovered sink gets for what it missed. */
  recoveryRecord: ((count: number) => EventRecord) | null = null;

  constructor(
    readonly inner: SlowSink,
    readonly capacity: number,
  ) {}

  get name(): string {
    return this.inner.name;
  }

  get pending(): number {
    return this.queue.length;
  }

  write(record: EventRecord): void {
    if (this.closed) return;
    if (this.queue.length >= this.capacity) {
      this.drop(record);
      return;
    }
    this.queue.push(record);
    if (!this.draining) {
      this.draining = true;
      setImmediate(() => void this.drain());
    }
  }

  /** Drops counted since the last call. */
  takeDropped(): number {
    const n = this.unreported;
    this.unreported = 0;
    return n;
  }

  /** Resolves once the queue is empty, or after `timeoutMs` (a hung sink must not hold up the exit). */
  async flush(timeoutMs: number): Promise<void> {
    if (!this.draining && this.queue.length === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      timer.unref();
      this.idle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async close(timeoutMs = 2000): Promise<void> {
    await this.flush(timeoutMs);
    this.closed = true;
    this.queue.length = 0;
    await Promise.race([Promise.resolve(this.inner.close?.()).catch(() => undefined), delay(timeoutMs)]);
  }

  private drop(record: EventRecord): void {
    // A drop report that cannot be queued is not itself a drop: counting it would
    // make every report cause the next one.
    if (record.event === 'EventsDropped') return;
    this.unreported += 1;
    this.missed += 1;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      // Taken off only once written, so that the queue's bound counts them.
      const batch = this.inner.writeBatch ? this.queue.slice() : [this.queue[0]!];
      let ok = true;
      try {
        await (this.inner.writeBatch ? this.inner.writeBatch(batch) : this.inner.write(batch[0]!));
      } catch {
        ok = false;
      }
      this.queue.splice(0, batch.length);
      if (!ok) for (const record of batch) this.drop(record);
      else if (this.queue.length === 0 && this.missed > 0 && this.recoveryRecord && !this.closed) {
        this.queue.push(this.recoveryRecord(this.missed));
        this.missed = 0;
      }
    }
    this.draining = false;
    const waiting = this.idle;
    this.idle = [];
    for (const resolve of waiting) resolve();
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
