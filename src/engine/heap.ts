// Start-up (parsing the config, starting every target) leaves V8's heap several
// times larger than what the monitor keeps. V8's memory reducer would shrink it
// over the following seconds with a series of full collections, a cost that
// lands in the first idle minute; psv runs with the reducer off and with
// --expose-gc (the single executable's execArgv, `psv start` from the sources)
// and gives that memory back itself, once, with one thorough collection as
// soon as the targets are started, and again after each reload.

/** V8's gc() as --expose-gc gives it (options since V8 11). */
type ExposedGc = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async'; flavor?: 'regular' | 'last-resort' }) => void;

const CHECK_EVERY_MS = 250;
/** Compact at the latest this long after asking, settled or not. */
const GIVE_UP_MS = 15_000;

let pending: NodeJS.Timeout | null = null;

/**
 * Compacts the heap once `settled()` holds (checked every 250 ms, at most 15 s),
 * when gc is exposed; otherwise does nothing (V8's memory reducer then does it).
 * Returns whether a compaction was scheduled.
 */
export function compactHeapWhenSettled(settled: () => boolean): boolean {
  const gc = (globalThis as { gc?: ExposedGc }).gc;
  if (typeof gc !== 'function') return false;
  if (pending) clearTimeout(pending);
  const deadline = Date.now() + GIVE_UP_MS;
  const check = (): void => {
    if (!settled() && Date.now() < deadline) {
      pending = setTimeout(check, CHECK_EVERY_MS).unref();
      return;
    }
    pending = null;
    try {
      gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    } catch {
      gc(); // an older V8 without options
    }
  };
  pending = setTimeout(check, CHECK_EVERY_MS).unref();
  return true;
}
