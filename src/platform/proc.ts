// The Linux process table, read straight from /proc: one directory listing and
// two small reads and a stat per process, no `ps` process.
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseMarkers, TARGET_ID_ENV } from './marker.js';
import type { MarkedProcess, ProcessInfo } from './types.js';

let users: Map<string, string> | null = null;
let usersReadAt = 0;

/** uid → name from /etc/passwd, re-read at most once a minute. */
function userName(uid: string): string {
  const now = Date.now();
  if (!users || now - usersReadAt > 60_000) {
    users = new Map();
    usersReadAt = now;
    try {
      for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
        const f = line.split(':');
        if (f.length > 2) users.set(f[2]!, f[0]!);
      }
    } catch {
      // No passwd file: numeric names.
    }
  }
  return users.get(uid) ?? uid;
}

/** Parses /proc/PID/stat: state, ppid and start time (clock ticks since boot). */
export function parseStat(stat: string): { comm: string; state: string; ppid: number; startTicks: string } | null {
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  if (open < 0 || close < 0) return null;
  const rest = stat.slice(close + 2).split(' ');
  const startTicks = rest[19];
  if (startTicks === undefined) return null;
  return { comm: stat.slice(open + 1, close), state: rest[0]!, ppid: Number(rest[1]), startTicks };
}

const scratch = { buffer: Buffer.alloc(16 * 1024) };

/**
 * Reads a small /proc file with one open and one read (readFileSync stats
 * and re-reads these zero-sized files, which costs several times more).
 */
export function readProcFile(path: string): string {
  return scratch.buffer.toString('utf8', 0, readProcBytes(path));
}

/** Reads a /proc file into scratch.buffer; its length. */
function readProcBytes(path: string): number {
  const fd = openSync(path, 'r');
  try {
    let length = 0;
    for (;;) {
      const n = readSync(fd, scratch.buffer, length, scratch.buffer.length - length, length);
      length += n;
      if (n === 0 || length < scratch.buffer.length) break;
      const bigger = Buffer.alloc(scratch.buffer.length * 2);
      scratch.buffer.copy(bigger);
      scratch.buffer = bigger;
    }
    return length;
  } finally {
    closeSync(fd);
  }
}

export function readProcess(pid: number): ProcessInfo | null {
  try {
    const stat = parseStat(readProcFile(`/proc/${pid}/stat`));
    if (!stat || stat.state === 'Z' || stat.state === 'X') return null;
    const argv = readProcFile(`/proc/${pid}/cmdline`).split('\0');
    if (argv.at(-1) === '') argv.pop();
    // The owner of /proc/PID is the process's user: one stat instead of reading status.
    const uid = String(statSync(`/proc/${pid}`).uid);
    // Kernel threads have no command line: their name is the comm.
    const name = argv.length ? basename(argv[0]!) : stat.comm;
    return {
      pid,
      ppid: stat.ppid,
      name,
      commandLine: argv.length ? argv.join(' ') : `[${stat.comm}]`,
      user: userName(uid),
      startToken: stat.startTicks,
      state: stat.state,
    };
  } catch {
    return null; // gone between the listing and the read
  }
}

export function listProcesses(): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    const c = entry.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    const info = readProcess(Number(entry));
    if (info) out.push(info);
  }
  return out;
}

/** Linux's clock ticks per second (USER_HZ) for /proc's times: 100 on every architecture psv runs on. */
const TICKS_PER_SECOND = 100;

/** When the system booted, in ms since the epoch: now less the uptime (btime in /proc/stat is in whole seconds). */
function bootTime(): number {
  return Date.now() - Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 1000;
}

/**
 * Every live process that carries a target marker of monitor `key`: one
 * read of each /proc/PID/environ, searched for the marker before anything
 * is decoded, and /proc/PID/stat only for those that carry it. Processes
 * whose environment cannot be read (other users' when not root) are skipped.
 */
export function listMarked(key: string): MarkedProcess[] {
  const needle = Buffer.from(`${TARGET_ID_ENV}=${key}/`);
  const out: MarkedProcess[] = [];
  const boot = bootTime();
  for (const entry of readdirSync('/proc')) {
    const c = entry.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    const pid = Number(entry);
    try {
      const length = readProcBytes(`/proc/${pid}/environ`);
      if (scratch.buffer.subarray(0, length).indexOf(needle) < 0) continue;
      const markers = parseMarkers(scratch.buffer, length, key);
      if (!markers) continue;
      const stat = parseStat(readProcFile(`/proc/${pid}/stat`));
      if (!stat || stat.state === 'Z' || stat.state === 'X') continue;
      const startedAt = boot + Math.round((Number(stat.startTicks) * 1000) / TICKS_PER_SECOND);
      out.push({ pid, ppid: stat.ppid, startToken: stat.startTicks, startedAt, ...markers });
    } catch {
      // gone between the listing and the read, or not ours to read
    }
  }
  return out;
}

/**
 * Steady-state liveness of known processes. /proc/PID/comm is opened once and
 * re-read with one pread per check: a descriptor opened on a process keeps
 * referring to it, so once the process is gone the read fails even when its
 * pid has been reused (the start token is compared only when the file is
 * opened). comm is the cheapest file to read; a zombie still answers it, so
 * every ZOMBIE_CHECK_EVERY-th check of a pid also reads its state from stat.
 * When descriptors run short, checks fall back to open-read-close.
 */
export class ProcProbe {
  private readonly held = new Map<number, { fd: number | null; checks: number }>();
  private readonly buffer = Buffer.alloc(512);
  private static readonly ZOMBIE_CHECK_EVERY = 20;

  probe(pid: number, token: string): 'alive' | 'zombie' | 'gone' {
    let entry = this.held.get(pid);
    if (entry === undefined) {
      let stat: string;
      try {
        stat = readProcFile(`/proc/${pid}/stat`);
      } catch {
        return 'gone';
      }
      const parsed = parseStat(stat);
      if (parsed?.startTicks !== token) return 'gone';
      let fd: number | null = null;
      try {
        fd = openSync(`/proc/${pid}/comm`, 'r');
      } catch {
        fd = null; // out of descriptors: check by path from now on
      }
      // Spread the zombie checks of many pids over the ticks.
      entry = { fd, checks: pid % ProcProbe.ZOMBIE_CHECK_EVERY };
      this.held.set(pid, entry);
      return parsed.state === 'Z' ? 'zombie' : parsed.state === 'X' ? 'gone' : 'alive';
    }
    entry.checks++;
    if (entry.fd === null || entry.checks % ProcProbe.ZOMBIE_CHECK_EVERY === 0) {
      // By path: compare the start token again (the pid may have been reused).
      try {
        const parsed = parseStat(readProcFile(`/proc/${pid}/stat`));
        if (parsed?.startTicks !== token) return this.lost(pid);
        if (parsed.state === 'Z') return 'zombie';
        if (parsed.state === 'X') return this.lost(pid);
      } catch {
        return this.lost(pid);
      }
      if (entry.fd === null) return 'alive';
    }
    try {
      return readSync(entry.fd!, this.buffer, 0, this.buffer.length, 0) > 0 ? 'alive' : this.lost(pid);
    } catch {
      return this.lost(pid);
    }
  }

  private lost(pid: number): 'gone' {
    this.forget(pid);
    return 'gone';
  }

  forget(pid: number): void {
    const entry = this.held.get(pid);
    if (entry === undefined) return;
    this.held.delete(pid);
    if (entry.fd === null) return;
    try {
      closeSync(entry.fd);
    } catch {
      // already closed
    }
  }
}
