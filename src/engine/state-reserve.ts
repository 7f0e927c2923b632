// Space kept free in stateDir for the day the disk fills up: a file of a few
// KiB written at start, removed the moment a state write finds no room, so
// that the retry counts, and the events saying the disk is full, still fit.
// It is written again once there is room.
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';

/** At least this much: a state.json of a few targets, its temporary copy, and a page of events. */
export const RESERVE_MIN = 16 * 1024;
/** Enough for most state.json files twice over; a larger state is not held back whole. */
export const RESERVE_MAX = 8 * 1024 * 1024;

/**
 * The reserve for a state.json of `stateBytes`: room for it and its temporary
 * copy, and some events. A power of two, so that a state that grows by a few
 * bytes does not have the reserve written again each time.
 */
export function reserveSize(stateBytes: number): number {
  const wanted = 2 * stateBytes + 8 * 1024;
  let size = RESERVE_MIN;
  while (size < wanted && size < RESERVE_MAX) size *= 2;
  return size;
}

export class Reserve {
  constructor(readonly path: string) {}

  /** The size it has on disk, 0 when missing. */
  size(): number {
    try {
      return statSync(this.path).size;
    } catch {
      return 0;
    }
  }

  /** Makes it `bytes` large (when missing or smaller); throws when there is no room for it. */
  ensure(bytes: number): void {
    if (this.size() >= bytes) return;
    const tmp = `${this.path}.${process.pid}.tmp`;
    try {
      // Random bytes: a compressing file system would store zeros in no space at all.
      writeFileSync(tmp, randomBytes(bytes));
      renameSync(tmp, this.path);
    } catch (err) {
      removeQuietly(tmp);
      throw err;
    }
  }

  /** Frees its space; false when there was none to free. */
  release(): boolean {
    return this.size() > 0 && removeQuietly(this.path);
  }
}

/** Removes a file; false when it could not (a full or read-only disk must not throw here). */
export function removeQuietly(path: string): boolean {
  try {
    rmSync(path, { force: true });
    return true;
  } catch {
    return false;
  }
}
