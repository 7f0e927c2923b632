// Flood control: the same event for the same target more than `perMinute` times
// within a window is held back, and the held-back count is handed out once the
// window ends, to be written as one EventsSuppressed event. Pure: the clock is passed in.

export interface Suppressed {
  event: string;
  target: string;
  count: number;
}

interface Window {
  start: number;
  seen: number;
  suppressed: number;
}

export class FloodControl {
  private readonly windows = new Map<string, Window>();
  /** The keys whose current window has held events back: the only ones sweep() has to report. */
  private readonly holding = new Set<string>();
  /** When the windows that held nothing back were last dropped (once per window length: they only take memory). */
  private prunedAt = 0;

  constructor(
    readonly perMinute: number,
    readonly windowMs = 60_000,
  ) {}

  /**
   * Counts one event. Returns whether to write it, and the summary of the previous
   * window of the same key when that window ended with events held back.
   */
  admit(event: string, target: string, now: number): { write: boolean; ended: Suppressed | null } {
    if (this.perMinute <= 0) return { write: true, ended: null };
    const key = `${event}\u0000${target}`;
    let ended: Suppressed | null = null;
    let w = this.windows.get(key);
    if (w && now - w.start >= this.windowMs) {
      if (w.suppressed > 0) ended = { event, target, count: w.suppressed };
      this.holding.delete(key);
      w = undefined;
    }
    if (!w) {
      w = { start: now, seen: 0, suppressed: 0 };
      this.windows.set(key, w);
    }
    w.seen += 1;
    if (w.seen <= this.perMinute) return { write: true, ended };
    w.suppressed += 1;
    this.holding.add(key);
    return { write: false, ended };
  }

  /**
   * Ends every window older than the window length (all of them with `all`);
   * returns those that held events back. It runs every few seconds: it looks
   * only at the windows that held something back, and drops the others (a
   * thousand targets' start-up leaves thousands) once per window length.
   */
  sweep(now: number, all = false): Suppressed[] {
    const out: Suppressed[] = [];
    const over = (w: Window): boolean => all || now - w.start >= this.windowMs;
    for (const key of this.holding) {
      const w = this.windows.get(key)!;
      if (!over(w)) continue;
      this.holding.delete(key);
      this.windows.delete(key);
      const [event, target] = key.split('\u0000') as [string, string];
      out.push({ event, target, count: w.suppressed });
    }
    if (all || now - this.prunedAt >= this.windowMs) {
      this.prunedAt = now;
      for (const [key, w] of this.windows) if (over(w)) this.windows.delete(key);
    }
    return out;
  }
}
