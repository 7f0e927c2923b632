// A clock and timers that move only when the test says so: the engine's waits
// (backoff, group delays, retry windows) run in microseconds.
import type { TimerHandle, Timers } from '../src/engine/timers.js';

interface Pending {
  id: number;
  at: number;
  fn: () => void;
  every: number | null;
}

export class FakeClock implements Timers {
  private time: number;
  private nextId = 1;
  private pending: Pending[] = [];

  constructor(start = 1_000_000) {
    this.time = start;
  }

  readonly now = (): number => this.time;

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.add(fn, ms, null);
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    return this.add(fn, ms, Math.max(1, ms));
  }

  clearTimeout(handle: TimerHandle | null): void {
    if (handle) this.pending = this.pending.filter((p) => p.id !== (handle as FakeHandle).id);
  }

  clearInterval(handle: TimerHandle | null): void {
    this.clearTimeout(handle);
  }

  /** Timers waiting to fire. */
  get waiting(): number {
    return this.pending.length;
  }

  /** Moves the clock by `ms`, firing every timer due on the way, in order of their time. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await settle();
      const due = this.pending.filter((p) => p.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.time = Math.max(this.time, due.at);
      if (due.every === null) this.pending = this.pending.filter((p) => p !== due);
      else due.at += due.every;
      due.fn();
    }
    this.time = end;
    await settle();
  }

  private add(fn: () => void, ms: number, every: number | null): TimerHandle {
    const handle = new FakeHandle(this.nextId++);
    this.pending.push({ id: handle.id, at: this.time + Math.max(0, ms), fn, every });
    return handle;
  }
}

class FakeHandle implements TimerHandle {
  constructor(readonly id: number) {}
  unref(): this {
    return this;
  }
}

/** Lets promise chains started by a timer run to their next real wait. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
