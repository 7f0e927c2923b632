// The output file of a monitor started in the background (psv start sends its
// stdout and stderr to stateDir/monitor.log): rotated by size like the target
// logs, by copying it aside and truncating it in place, because the monitor's
// descriptors 1 and 2 point at that file and cannot be re-opened from Node.
import { basename, dirname } from 'node:path';
import { OutputLog } from '../engine/output-log.js';

/** The environment variable through which psv start names the output file to the monitor it starts. */
export const OUTPUT_LOG_ENV = 'PSV_OUTPUT_LOG';
/** Size is checked after at most this much output (and at most maxBytes / 16). */
const CHECK_EVERY = 64 * 1024;

/**
 * Keeps `path` within `maxBytes` (plus one check's worth) with `keep` rotated
 * copies, counting what this process writes to stdout and stderr.
 */
export function boundOutputFile(path: string, maxBytes: number, keep: number): void {
  const log = new OutputLog(dirname(path), basename(path).replace(/\.log$/, ''), maxBytes, keep);
  const step = Math.max(1, Math.min(CHECK_EVERY, Math.floor(maxBytes / 16)));
  let since = 0;
  const rotate = (): void => {
    try {
      log.rotateIfNeeded();
    } catch {
      // Best effort: a full or read-only disk must not stop the monitor.
    }
  };
  rotate();
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const ok = write(chunk, ...rest);
      since += typeof chunk === 'string' ? Buffer.byteLength(chunk) : ((chunk as Uint8Array | undefined)?.byteLength ?? 0);
      if (since >= step) {
        since = 0;
        rotate();
      }
      return ok;
    }) as typeof stream.write;
  }
}
