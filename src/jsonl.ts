// JSON Lines files that never keep a torn last line: the event file and the
// state journal. A reader skips a line it cannot parse, but a torn line left
// at the end would glue itself to the next good one and spoil that too. So an
// append that fails half-way is cut back to where it started, and a file
// found with a torn end (a crash, a full disk before this code) is cut back
// to its last whole line before anything is appended to it.
import { fstatSync, ftruncateSync, readSync, writeSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

const NEWLINE = 0x0a;
/** How much of the end is read at a time while looking for the last newline. */
const STEP = 64 * 1024;

/** Where the last whole line ends, given a reader of `length` bytes at `position`. */
async function wholeLinesEnd(size: number, read: (buf: Buffer, position: number) => Promise<number> | number): Promise<number> {
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - STEP);
    const buf = Buffer.alloc(end - start);
    const got = await read(buf, start);
    const at = buf.subarray(0, got).lastIndexOf(NEWLINE);
    if (at >= 0) return start + at + 1;
    end = start;
  }
  return 0;
}

function wholeLinesEndSync(fd: number, size: number): number {
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - STEP);
    const buf = Buffer.alloc(end - start);
    const got = readSync(fd, buf, 0, buf.length, start);
    const at = buf.subarray(0, got).lastIndexOf(NEWLINE);
    if (at >= 0) return start + at + 1;
    end = start;
  }
  return 0;
}

/** Cuts an open file (read and append) back to its last whole line; returns its size after. */
export function trimTornTailSync(fd: number): number {
  const size = fstatSync(fd).size;
  if (size === 0) return 0;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  if (last[0] === NEWLINE) return size;
  const keep = wholeLinesEndSync(fd, size);
  ftruncateSync(fd, keep);
  return keep;
}

/** trimTornTailSync for a FileHandle (the event file sink). */
export async function trimTornTail(handle: FileHandle): Promise<number> {
  const size = (await handle.stat()).size;
  if (size === 0) return 0;
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, size - 1);
  if (last[0] === NEWLINE) return size;
  const keep = await wholeLinesEnd(size, async (buf, position) => (await handle.read(buf, 0, buf.length, position)).bytesRead);
  await handle.truncate(keep);
  return keep;
}

/**
 * Appends whole lines to a file opened for appending, whose size is `before`:
 * all of `data`, or nothing (cut back to `before`, then the error is thrown).
 */
export function appendWholeSync(fd: number, data: Buffer, before: number): void {
  try {
    // A full disk may take part of a write and refuse the rest.
    for (let done = 0; done < data.length; ) done += writeSync(fd, data, done, data.length - done);
  } catch (err) {
    cutBackSync(fd, before);
    throw err;
  }
}

/** appendWholeSync for a FileHandle. */
export async function appendWhole(handle: FileHandle, data: Buffer, before: number): Promise<void> {
  try {
    for (let done = 0; done < data.length; ) done += (await handle.write(data, done, data.length - done)).bytesWritten;
  } catch (err) {
    await handle.truncate(before).catch(() => undefined);
    throw err;
  }
}

function cutBackSync(fd: number, before: number): void {
  try {
    ftruncateSync(fd, before);
  } catch {
    // The file keeps its torn end; the next open cuts it (trimTornTail).
  }
}
