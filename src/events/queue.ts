// A bounded queue in front of one sink: the monitor hands an event over in O(1) and
// goes on; the sink writes at its own pace, off the hot path. A sink that blocks or
// fails only loses its own events, counted here and reported by the bus.
// A sink whose failures are outages (a host process to re-open) is given a
// RetryPolicy instead: its events are held (still bounded) and written again
// once it is back, the retries spaced by a growing delay.
import { performance } from 'node:perf_hooks';
import { backoffDelay } from '../policy/retry.js';
import type { EventRecord, EventSink } from './bus.js';

/** A sink that may take its time: the queue awaits each write before the next. */
export interface SlowSink {
  readonly name: string;
  write(record: EventRecord): void | Promise<void>;
  /** Writes several at once (the file sink: one write call for a burst). */
  writeBatch?(records: readonly EventRecord[]): Promise<void>;
  close?(): void | Promise<void>;
  /** True once the sink has said it cannot work at all (reported once, by itself): its events are not queued. */
  readonly off?: boolean;
}

/** How a sink that holds its events retries: the first delay, doubled after each failure up to `maxMs`. */
export interface RetryPolicy {
  firstMs: number;
  maxMs: number;
}

/**
 * A sink that writes in batches, given an event within this many ms of its
 * last write, waits that long for more: a burst (a thousand targets starting)
 * goes out in a few dozen writes instead of one per event.
 */
const GATHER_MS = 5;

/** 1 s, 2 s, 4 s … at most 5 min: an outage of a minute costs a handful of attempts, a day of them ~300. */
export const SINK_RETRY: RetryPolicy = { firstMs: 1000, maxMs: 300_000 };

/** What a sink that was down went through, told once it writes again. */
export interface Recovery {
  downMs: number;
  /** Events that waited in the queue and are written now. */
  held: number;
  /** Events that did not fit in the queue since the sink last wrote all it was given (the outage, and the slow write that began it). */
  dropped: number;
}

interface Outage {
  since: number;
  failures: number;
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
  /** When the last write ended (monotonic ms). */
  private lastWriteEnd = -Infinity;
  /** Builds the EventsDropped record a recovered sink gets for what it missed. */
  recoveryRecord: ((count: number) => EventRecord) | null = null;
  /** Told once per outage, when a sink with a RetryPolicy first fails. */
  onDown: ((reason: string) => void) | null = null;
  /** Told when a sink that was down has written again. */
  onUp: ((recovery: Recovery) => void) | null = null;
  private outage: Outage | null = null;
  /** Ends the wait before the next attempt (close must not wait for a 5 min backoff). */
  private wake: (() => void) | null = null;

  constructor(
    readonly inner: SlowSink,
    readonly capacity: number,
    /** Null: a failed write drops its events. Given: they are held and written again after a delay. */
    readonly retry: RetryPolicy | null = null,
  ) {}

  get name(): string {
    return this.inner.name;
  }

  get pending(): number {
    return this.queue.length;
  }

  /** True from the first failed write of a sink with a RetryPolicy until a write works again. */
  get down(): boolean {
    return this.outage !== null;
  }

  write(record: EventRecord): void {
    if (this.closed || this.inner.off) return;
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
    // A sink that is down writes nothing before its next attempt: no use waiting for it.
    if (this.outage === null) await this.flush(timeoutMs);
    this.closed = true;
    this.queue.length = 0;
    this.wake?.();
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
    while (this.queue.length > 0 && !this.closed) {
      if (this.inner.off) {
        // The sink said why itself; what it was given is not a drop.
        this.queue.length = 0;
        this.outage = null;
        break;
      }
      const sinceWrite = performance.now() - this.lastWriteEnd;
      // Held (not unref'd): the events must be written before the process may end.
      if (this.inner.writeBatch && sinceWrite < GATHER_MS) await new Promise((resolve) => setTimeout(resolve, GATHER_MS - sinceWrite));
      // Taken off only once written, so that the queue's bound counts them.
      const batch = this.inner.writeBatch ? this.queue.slice() : [this.queue[0]!];
      let ok = true;
      let failure: unknown;
      try {
        await (this.inner.writeBatch ? this.inner.writeBatch(batch) : this.inner.write(batch[0]!));
      } catch (err) {
        ok = false;
        failure = err;
      }
      this.lastWriteEnd = performance.now();
      if (!ok && this.retry && !this.inner.off) {
        // Held at the head of the queue and written again once the delay is over: at
        // least once (a host that died after writing but before answering writes it twice).
        await this.waitOut(failure);
        continue;
      }
      // Counted before the written ones leave the queue, told after: the report itself must fit in it.
      const held = this.queue.length;
      this.queue.splice(0, batch.length);
      if (ok && this.outage) this.recovered(held);
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

  /** Starts or continues the outage and waits for the next attempt. */
  private async waitOut(failure: unknown): Promise<void> {
    if (this.outage === null) {
      this.outage = { since: Date.now(), failures: 0 };
      this.onDown?.(failure instanceof Error ? failure.message : String(failure));
    }
    this.outage.failures += 1;
    const ms = backoffDelay({ retries: 0, windowMs: 0, delayMs: this.retry!.firstMs, backoff: { factor: 2, maxMs: this.retry!.maxMs } }, this.outage.failures);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => resolve(), ms);
      // The monitor's other work keeps the process alive; a sink's retry must not.
      timer.unref();
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = null;
  }

  private recovered(held: number): void {
    const since = this.outage!.since;
    this.outage = null;
    // Told in the recovery report: not again in the next EventsDropped.
    this.unreported = 0;
    this.onUp?.({ downMs: Date.now() - since, held, dropped: this.missed });
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
