// What the soak reads from /proc: the marked processes of one run, a process's
// parent and state, the monitor's memory and descriptors. The soak counts
// processes here, never by asking psv, so that what psv believes and what runs
// can disagree in the report.
import { readdirSync, readFileSync } from 'node:fs';

function read(pid, file) {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null;
  }
}

export function allPids() {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
}

/** State letter, parent and start time (clock ticks since boot), or null when the pid is gone. */
export function procStat(pid) {
  const text = read(pid, 'stat');
  if (text === null) return null;
  // The command name may hold spaces and parentheses: the fields start after the last ')'.
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: f[0], ppid: Number(f[1]), start: Number(f[19]) };
}

/** Alive and not a zombie; with `start`, also the same process (not a reused pid). */
export function alive(pid, start) {
  const s = procStat(pid);
  if (!s || s.state === 'Z' || s.state === 'X') return false;
  return start === undefined || s.start === start;
}

export function childrenOf(ppid) {
  return allPids().filter((pid) => procStat(pid)?.ppid === ppid);
}

export function argv0(pid) {
  const cmdline = read(pid, 'cmdline');
  return cmdline ? cmdline.split('\0')[0] : '';
}

/**
 * The run's marked processes: a target's root is `<prefix>r-<name>` (what psv
 * started, after `exec -a`), a daemonized child is `<prefix>c-<name>-<root pid>`.
 * Zombies have an empty command line, so only live processes are counted.
 */
export function scanMarked(prefix) {
  const roots = new Map();
  const children = [];
  const all = [];
  for (const pid of allPids()) {
    const a0 = argv0(pid);
    if (!a0.startsWith(prefix)) continue;
    all.push(pid);
    const m = /^(r|c)-([a-z0-9]+)(?:-(\d+))?$/.exec(a0.slice(prefix.length));
    if (!m) continue;
    if (m[1] === 'r') roots.set(m[2], [...(roots.get(m[2]) ?? []), pid]);
    else children.push({ name: m[2], pid, rootPid: Number(m[3]) });
  }
  return { roots, children, all };
}

/**
 * Two processes seen in one scan may never have run at the same time (one died
 * and the other started while /proc was being read). Checking every pid twice
 * proves they overlapped: each was alive at a moment between two sightings of the others.
 */
export function coexist(pids, marker) {
  const check = () => pids.every((pid) => alive(pid) && argv0(pid) === marker);
  return check() && check();
}

/** The monitor's resident memory (KiB) and open descriptors. */
export function monitorSample(pid) {
  const status = read(pid, 'status');
  if (status === null) return null;
  const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  let fds = NaN;
  try {
    fds = readdirSync(`/proc/${pid}/fd`).length;
  } catch {}
  return { pid, at: new Date().toISOString(), rssKiB: rss, fds };
}
