// The clock's other half: timers, injected so that the engine's waits (backoff,
// group delays, retry windows, periodic checks) run on a fake in unit tests.

/** What a timer call returns: opaque, except that it may be told not to hold the process open. */
export interface TimerHandle {
  unref(): unknown;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | null): void;
  setInterval(fn: () => void, ms: number): TimerHandle;
  clearInterval(handle: TimerHandle | null): void;
}

/** Node's own timers. */
export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout((handle ?? undefined) as NodeJS.Timeout | undefined),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (handle) => clearInterval((handle ?? undefined) as NodeJS.Timeout | undefined),
};
