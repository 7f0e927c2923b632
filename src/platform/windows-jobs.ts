// Each target in its own named Job Object (psv-win.exe, src/native/win-job.c).
// Right after Node spawned a target, its pid goes into the job named after
// the target's marker (PSV_TARGET_ID, marker.ts): whatever it starts is in
// the job, so killing the job kills the whole tree, what a dead leader left
// behind included, and a restarted monitor finds the job, and the processes
// in it, again by name. The questions go through the helper's named pipe,
// synchronously: the assignment follows the spawn at once (a process the
// target starts before it escapes the job, see docs/architecture.md), and
// the end of the old tree is complete before a restart spawns anything.
import { createHash } from 'node:crypto';
import type { MarkedProcess } from './types.js';

/** A FILETIME (100 ns since 1601) in ms since the epoch. */
const FILETIME_EPOCH_MS = 11_644_473_600_000;

/** The job's name for target id `id` (monitor key/target name): one word of [A-Za-z0-9.-_], what psv-win takes. */
export function jobName(id: string): string {
  let word = '';
  for (const byte of Buffer.from(id, 'utf8')) {
    const c = String.fromCharCode(byte);
    word += /[A-Za-z0-9.-]/.test(c) ? c : `_${byte.toString(16).padStart(2, '0')}`;
  }
  // A very long target name: a digest keeps the name within Windows' limits and unique.
  if (word.length > 160) word = `${word.slice(0, 100)}_${createHash('sha256').update(id).digest('hex').slice(0, 32)}`;
  return `psv-job-${word}`;
}

/** The members of a job as psv-win lists them ("pid,ppid,start ..."); null for "-" (no such job) or an answer it does not know. */
export function parseMembers(answer: string): { pid: number; ppid: number; startToken: string }[] | null {
  if (answer === '-' || answer === '?' || answer.startsWith('e')) return null;
  const out: { pid: number; ppid: number; startToken: string }[] = [];
  for (const item of answer.split(' ')) {
    const m = /^(\d+),(\d+),(\d+|\?)$/.exec(item);
    if (m) out.push({ pid: Number(m[1]), ppid: Number(m[2]), startToken: m[3] === '?' ? 'alive' : m[3]! });
  }
  return out;
}

/** A question to the helper's pipe: its answer, or null when the helper cannot answer. */
export type Ask = (question: string) => string | null;

export class TargetJobs {
  /** The job of each target process psv put in one (or found in one): pid -> job name. */
  private readonly byPid = new Map<number, string>();
  /** Every target id seen, so a scan without names still knows which jobs to look in. */
  private readonly ids = new Set<string>();

  constructor(private readonly ask: Ask) {}

  /** Puts the freshly spawned `pid` in the job of target `id`; false when the helper could not. */
  enter(pid: number, id: string): boolean {
    this.ids.add(id);
    const name = jobName(id);
    if (this.ask(`J ${name} ${pid}`) !== 'ok') return false;
    this.byPid.set(pid, name);
    return true;
  }

  /** Ends every process in `pid`'s job and waits until they are gone; false when `pid` has no job (the caller falls back). */
  kill(pid: number): boolean {
    const name = this.byPid.get(pid);
    if (name === undefined) return false;
    const answer = this.ask(`K ${name}`);
    if (answer !== 'ok' && answer !== '-') return false;
    // The leader is dead now: a later kill of this pid must never reach the job's next target.
    this.byPid.delete(pid);
    return true;
  }

  /**
   * Asks `pid`'s tree to end: CTRL_BREAK to its process group; where that
   * cannot be sent, psv-win ends the job at once (nothing polite is left to
   * wait stopTimeout for). False when `pid` has no job.
   */
  stop(pid: number): boolean {
    const name = this.byPid.get(pid);
    if (name === undefined) return false;
    const answer = this.ask(`K ${name} ${pid}`);
    return answer === 'break' || answer === 'killed' || answer === '-';
  }

  /** The live processes in the jobs of monitor `key`'s targets (`names`, and every target launched so far). */
  members(key: string, names: Iterable<string> = []): MarkedProcess[] {
    const out: MarkedProcess[] = [];
    const prefix = `${key}/`;
    const targets = new Set([...names].map((n) => prefix + n));
    for (const id of this.ids) if (id.startsWith(prefix)) targets.add(id);
    for (const id of targets) {
      const answer = this.ask(`J ${jobName(id)}`);
      const found = answer === null ? null : parseMembers(answer);
      if (!found) continue;
      this.ids.add(id);
      for (const p of found) {
        this.byPid.set(p.pid, jobName(id));
        const startedAt = /^\d+$/.test(p.startToken) ? Math.floor(Number(p.startToken) / 10_000) - FILETIME_EPOCH_MS : 0;
        // No PSV_ROOT_PID on Windows: recovery takes the oldest member without a parent in the job for the root.
        out.push({ pid: p.pid, ppid: p.ppid, startToken: p.startToken, startedAt, target: id.slice(prefix.length), rootPid: null });
      }
    }
    return out;
  }
}
