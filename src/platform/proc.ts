// The Linux process table, read straight from /proc: one directory listing and
// three small reads per process, no `ps` process.
import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import type { ProcessInfo } from './types.js';

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

export function readProcess(pid: number): ProcessInfo | null {
  try {
    const stat = parseStat(readFileSync(`/proc/${pid}/stat`, 'latin1'));
    if (!stat || stat.state === 'Z' || stat.state === 'X') return null;
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const argv = raw.split('\0');
    if (argv.at(-1) === '') argv.pop();
    const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1];
    // Kernel threads have no command line: their name is the comm.
    const name = argv.length ? basename(argv[0]!) : stat.comm;
    return {
      pid,
      ppid: stat.ppid,
      name,
      commandLine: argv.length ? argv.join(' ') : `[${stat.comm}]`,
      user: uid === undefined ? null : userName(uid),
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

/**
 * Steady-state liveness of known processes: /proc/PID/stat is opened once and
 * re-read with one pread per check. A descriptor opened on a process keeps
 * referring to it: once it has exited the read fails, even when its pid has
 * been reused, so the start token is compared only when the file is opened.
 */
export class ProcProbe {
  private readonly fds = new Map<number, number>();
  private readonly buffer = Buffer.alloc(1024);

  probe(pid: number, token: string): 'alive' | 'zombie' | 'gone' {
    let fd = this.fds.get(pid);
    if (fd === undefined) {
      try {
        fd = openSync(`/proc/${pid}/stat`, 'r');
      } catch {
        return 'gone';
      }
      this.fds.set(pid, fd);
      const stat = this.read(fd);
      if (stat === null || parseStat(stat)?.startTicks !== token) {
        this.forget(pid);
        return 'gone';
      }
      return stateOf(stat);
    }
    const stat = this.read(fd);
    if (stat === null) {
      this.forget(pid);
      return 'gone';
    }
    return stateOf(stat);
  }

  private read(fd: number): string | null {
    try {
      const n = readSync(fd, this.buffer, 0, this.buffer.length, 0);
      return n > 0 ? this.buffer.toString('latin1', 0, n) : null;
    } catch {
      return null;
    }
  }

  forget(pid: number): void {
    const fd = this.fds.get(pid);
    if (fd === undefined) return;
    this.fds.delete(pid);
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  }
}

function stateOf(stat: string): 'alive' | 'zombie' | 'gone' {
  const c = stat.charAt(stat.lastIndexOf(')') + 2);
  return c === 'Z' ? 'zombie' : c === 'X' ? 'gone' : 'alive';
}
