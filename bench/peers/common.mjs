// Shared pieces of the peer benchmark (bench/peers.mjs): the start log all
// targets append to, /proc readers for the supervisor's own CPU and RSS, and
// the clean-up that makes sure nothing the benchmark started survives it.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, readSync, writeFileSync } from 'node:fs';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The start log: every target start appends "<id> <pid> <EPOCHREALTIME>".
 * Read incrementally (from the last offset), so polling it every millisecond
 * stays cheap at N = 1000.
 */
export class StartLog {
  constructor(path) {
    this.path = path;
    writeFileSync(path, '');
    this.fd = openSync(path, 'r');
    this.offset = 0;
    this.rest = '';
    this.lines = 0;
    this.latest = new Map(); // id → { pid, us }
    this.firstUs = new Map(); // id → µs of its first start
    this.allPids = new Set();
    this.buf = Buffer.alloc(1 << 16);
  }

  poll() {
    for (;;) {
      const n = readSync(this.fd, this.buf, 0, this.buf.length, this.offset);
      if (n <= 0) break;
      this.offset += n;
      const text = this.rest + this.buf.toString('utf8', 0, n);
      const parts = text.split('\n');
      this.rest = parts.pop();
      for (const line of parts) {
        const [id, pid, t] = line.trim().split(' ');
        if (!t) continue;
        const entry = { pid: Number(pid), us: Math.round(Number(t) * 1e6), seq: ++this.lines };
        this.latest.set(id, entry);
        if (!this.firstUs.has(id)) this.firstUs.set(id, entry.us);
        this.allPids.add(entry.pid);
      }
    }
    return this;
  }

  close() {
    try {
      closeSync(this.fd);
    } catch {}
  }
}

/** Polls every millisecond; resolves with probe()'s value, or null after timeoutMs. */
export async function pollUntil(probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) return null;
    await sleep(1);
  }
}

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** utime + stime of one process (all its threads), in ms; null when it is gone. */
export function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK; // fields 14 and 15
  } catch {
    return null;
  }
}

/**
 * Time on CPU of all of a process's threads, in ms, from /proc/PID/task/TID/schedstat
 * (nanoseconds; /proc/PID/stat counts in 10 ms ticks, too coarse for 0.1 %).
 */
export function schedCpuMs(pid) {
  try {
    let ns = 0;
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]);
      } catch {}
    }
    return ns / 1e6;
  } catch {
    return null;
  }
}

export function rssMb(pid) {
  return statusMb(pid, 'VmRSS');
}

/**
 * Private resident memory (RssAnon + RssShmem): RSS without the pages of the
 * program's files, which are shared with every other process running them and
 * which the kernel can drop and re-read. A Node program maps tens of MB of its
 * executable; what it allocates itself is this.
 */
export function privateMb(pid) {
  const anon = statusMb(pid, 'RssAnon');
  const shmem = statusMb(pid, 'RssShmem');
  return anon === null ? null : anon + (shmem ?? 0);
}

function statusMb(pid, field) {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Child processes of `pid` whose name (comm) is `name`: a supervisor's own helper processes. */
export function childrenNamed(pid, name) {
  const out = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid && comm === name) out.push(Number(entry));
    } catch {}
  }
  return out;
}

export function alive(pid) {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

export function killQuietly(pid, signal = 'SIGKILL') {
  try {
    process.kill(pid, signal);
  } catch {}
}

/** Processes whose command line contains one of the markers (not this one). */
export function processesMatching(markers) {
  const found = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    let cmd;
    try {
      cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
    } catch {
      continue;
    }
    if (cmd && markers.some((m) => cmd.includes(m))) found.push({ pid: Number(d), cmd });
  }
  return found;
}

/** Runs a command to completion with a deadline; never throws. */
export function run(file, args, { env = process.env, timeoutMs = 60_000, input } = {}) {
  const r = spawnSync(file, args, { env, encoding: 'utf8', timeout: timeoutMs, input, maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
}

/**
 * Launches a supervisor from a shell whose soft file limit is 1024 (the usual
 * login default; the hard limit is left as it is, so a tool may raise its soft
 * limit the way its documentation says, e.g. supervisord's minfds).
 * Its own process group, output to a file.
 */
export function launch(file, args, { env = process.env, out }) {
  const fd = openSync(out, 'a');
  const child = spawn('/bin/bash', ['-c', 'ulimit -Sn 1024 && exec "$@"', 'bash', file, ...args], {
    env,
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  child.exitPromise = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  return child;
}

/** Waits for a child to exit, SIGKILLing its process group after timeoutMs. */
export async function reap(child, timeoutMs) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const t = setTimeout(() => killQuietly(-child.pid), timeoutMs);
  await child.exitPromise;
  clearTimeout(t);
}
