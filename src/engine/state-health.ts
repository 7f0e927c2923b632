// Whether the state can be written, told once. A write of state.json or the
// journal that fails (full disk, read-only mount, permissions, a directory in
// the way) never stops monitoring: it is reported once (StateWriteFailed),
// retried on every change and on a backoff timer (so that a quiet monitor
// notices too), and the end of the trouble is reported (StateWriteRecovered).
import type { EventBus } from '../events/bus.js';

/** The first retry after a failure; each next one waits twice as long, up to RETRY_MAX_MS. */
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 30_000;

export interface StateHealthOptions {
  /** Where the events go; none in unit tests of the store. */
  events?: EventBus | null;
  /** The monitor's stderr: the one place left when every sink is on the full disk. */
  warn?: (line: string) => void;
  /** The first retry's delay (tests shorten it). */
  retryMs?: number;
}

export class StateHealth {
  /** File → the error of its last write, for the files whose last write failed (the reserve among them). */
  private readonly failing = new Map<string, string>();
  private reported = false;
  private timer: NodeJS.Timeout | null = null;
  private delayMs: number;
  private closed = false;

  constructor(
    private readonly dir: string,
    private readonly options: StateHealthOptions,
    /** One more try: save everything, make the reserve again. */
    private readonly retry: () => void,
  ) {
    this.delayMs = options.retryMs ?? RETRY_MIN_MS;
  }

  wrote(file: string): void {
    if (!this.failing.delete(file) || this.failing.size > 0 || !this.reported) return;
    this.reported = false;
    this.delayMs = this.options.retryMs ?? RETRY_MIN_MS;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.options.events?.emit('StateWriteRecovered', { dir: this.dir });
  }

  failed(file: string, err: unknown): void {
    this.failing.set(file, errorText(err));
    this.arm();
    if (this.reported) return;
    this.reported = true;
    const record = this.options.events?.emit('StateWriteFailed', { file, error: errorText(err), dir: this.dir });
    this.options.warn?.(record?.message ?? `cannot write ${file}: ${errorText(err)}`);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.retry();
      if (this.failing.size > 0) {
        this.delayMs = Math.min(this.delayMs * 2, RETRY_MAX_MS);
        this.arm();
      }
    }, this.delayMs);
    this.timer.unref();
  }
}

/** An fs error as an operator reads it: the code and what the OS said. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The disk (or the quota) is full: freeing the reserve may help. */
export function isNoSpace(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}
