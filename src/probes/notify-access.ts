// Who may notify a target through its NOTIFY_SOCKET (Linux).
//
// The socket file is open to every user (psv-notify makes it 0666), so that a
// target running as any user can reach it; each datagram is then judged by
// what the kernel says about its sender (SCM_CREDENTIALS: pid and real uid)
// and by the sender's parents, which psv-notify reads from /proc the moment
// the datagram is read. The rule, psv's counterpart of systemd's NotifyAccess:
//
//   1. the sender is the target's main process, or a descendant of it (its
//      chain of parents reaches the main pid) — NotifyAccess=all, with the
//      process tree in place of a cgroup; and
//   2. the sender runs as the user of the main process (its real uid), or as
//      root.
//
// So another user's process is refused, and so is a process of the same user
// that the target did not start (another target of that user, a login
// shell). What the rule cannot see: a descendant that double-forked away (it
// is re-parented to psv-spawn, not the target), and one that exited before
// its datagram was read (its parents are gone; systemd has the same limit,
// which sd_notify_barrier and systemd-notify's default wait close). A
// descendant that switched to another user than the main process is refused
// too: run the target as that user (`user:`) instead.
//
// A refused datagram is counted and reported as NotifyRefused, the first at
// once and then at most one per minute per target with the count: a target
// whose readiness never arrives must be explainable from the events, but a
// sender in a loop must not flood the Event Log.

import { statSync } from 'node:fs';
import path from 'node:path';

/** A datagram's sender as psv-notify reports it. */
export interface NotifySender {
  /** The kernel's pid of the sender; null when it could not be given (another pid namespace). */
  pid: number | null;
  /** The kernel's real uid of the sender. */
  uid: number | null;
  /** The sender's parents, parent first: [pid, real uid] each. */
  parents: ReadonlyArray<readonly [number, number]>;
}

/** Why a datagram was refused: not from the target's process tree, from another user, or the target runs no process yet. */
export type Refusal = 'outside' | 'user' | 'not-running';

/** Null when `sender` may notify the target whose main process is `mainPid`; else why not. */
export function notifyRefusal(sender: NotifySender, mainPid: number | null): Refusal | null {
  if (mainPid === null) return 'not-running';
  if (sender.pid === null || sender.uid === null) return 'outside';
  const mainUid = sender.pid === mainPid ? sender.uid : sender.parents.find(([pid]) => pid === mainPid)?.[1];
  if (mainUid === undefined) return 'outside';
  return sender.uid === 0 || sender.uid === mainUid ? null : 'user';
}

/** What one NotifyRefused event says. */
export interface RefusalReport {
  target: string;
  /** Refusals since the previous report of this target (this one included). */
  count: number;
  /** The last refused sender. */
  pid: number;
  uid: number;
  why: Refusal;
  /** The target's main pid when the last one was refused (0: none). */
  mainPid: number;
}

interface Timer {
  unref?(): unknown;
}

interface Window {
  held: RefusalReport | null;
  timer: Timer;
}

/** Counts refusals per target and reports them: the first at once, then one summary per window. */
export class RefusalReports {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly report: (r: RefusalReport) => void,
    private readonly windowMs = 60_000,
    private readonly timers: { setTimeout(fn: () => void, ms: number): Timer; clearTimeout(t: Timer): void } = {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (t) => clearTimeout(t as NodeJS.Timeout),
    },
  ) {}

  refused(target: string, sender: NotifySender, why: Refusal, mainPid: number | null): void {
    const w = this.windows.get(target);
    const r: RefusalReport = { target, count: 1, pid: sender.pid ?? 0, uid: sender.uid ?? -1, why, mainPid: mainPid ?? 0 };
    if (w) {
      w.held = { ...r, count: (w.held?.count ?? 0) + 1 };
      return;
    }
    this.report(r);
    this.open(target);
  }

  /** Reports what is held and stops the timers. */
  close(): void {
    for (const [target, w] of this.windows) {
      this.timers.clearTimeout(w.timer);
      if (w.held) this.report(w.held);
      this.windows.delete(target);
    }
  }

  private open(target: string): void {
    const timer = this.timers.setTimeout(() => {
      const w = this.windows.get(target);
      this.windows.delete(target);
      if (!w?.held) return;
      // A sender that keeps at it gets one report per window.
      this.report(w.held);
      this.open(target);
    }, this.windowMs);
    timer.unref?.();
    this.windows.set(target, { held: null, timer });
  }
}

export interface NotifyGateOptions<T> {
  /** The target's main pid now; null while it runs no process (or before psv has heard of its start). */
  mainPid(target: string): number | null;
  accept(target: string, message: T): void;
  refused(report: RefusalReport): void;
  /** How long a datagram waits for its target's pid before it is refused (default 2 s). */
  waitMs?: number;
  /** The reports' window (default 1 min). */
  windowMs?: number;
}

/** How often a held datagram looks again for its target's pid. */
const RETRY_MS = 50;
/** At most this many datagrams wait per target; more are refused at once. */
const MAX_HELD = 16;

interface Held<T> {
  sender: NotifySender;
  message: T;
  since: number;
}

/**
 * Applies the rule to each datagram. A datagram can arrive before psv has
 * heard from the spawn helper that the target started (two pipes, no order
 * between them): it then waits, briefly, for the target's pid instead of
 * being lost, and is judged once the pid is known.
 */
export class NotifyGate<T> {
  private readonly reports: RefusalReports;
  private readonly held = new Map<string, Array<Held<T>>>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly opts: NotifyGateOptions<T>) {
    this.reports = new RefusalReports(opts.refused, opts.windowMs);
  }

  check(target: string, sender: NotifySender, message: T): void {
    const waiting = this.held.get(target);
    if (waiting) {
      if (waiting.length >= MAX_HELD) return this.reports.refused(target, sender, 'not-running', null);
      waiting.push({ sender, message, since: Date.now() });
      return;
    }
    const mainPid = this.opts.mainPid(target);
    if (mainPid === null) {
      this.held.set(target, [{ sender, message, since: Date.now() }]);
      this.schedule();
      return;
    }
    this.judge(target, sender, message, mainPid);
  }

  /** Refuses what still waits and reports what is held. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const [target, list] of this.held) for (const h of list) this.reports.refused(target, h.sender, 'not-running', null);
    this.held.clear();
    this.reports.close();
  }

  private judge(target: string, sender: NotifySender, message: T, mainPid: number | null): void {
    const why = notifyRefusal(sender, mainPid);
    if (why === null) this.opts.accept(target, message);
    else this.reports.refused(target, sender, why, mainPid);
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.retry();
    }, RETRY_MS);
    this.timer.unref();
  }

  private retry(): void {
    const waitMs = this.opts.waitMs ?? 2000;
    for (const [target, list] of this.held) {
      const mainPid = this.opts.mainPid(target);
      if (mainPid === null && Date.now() - list[0]!.since < waitMs) continue;
      this.held.delete(target);
      for (const h of list) this.judge(target, h.sender, h.message, mainPid);
    }
    if (this.held.size > 0) this.schedule();
  }
}

/** A user as the kernel checks it against a folder's mode: uid, primary group, supplementary groups. */
export interface FolderUser {
  uid: number | null;
  gid: number | null;
  groups?: readonly number[] | null;
}

/**
 * The first folder on the way to `file` that `user` may not search (x), with
 * its mode and owner, or null when it can reach the file (or is root). A
 * target that runs as another user finds its endpoints in the monitor's state
 * folder only when every folder above them lets it through.
 */
export function unreachableFolder(file: string, user: FolderUser): { folder: string; mode: number; uid: number } | null {
  if (user.uid === null || user.uid === 0) return null;
  const groups = new Set([...(user.groups ?? []), ...(user.gid === null ? [] : [user.gid])]);
  for (let folder = path.dirname(file); ; folder = path.dirname(folder)) {
    let st;
    try {
      st = statSync(folder);
    } catch {
      return null; // not there: the bind says so
    }
    const bit = st.uid === user.uid ? 0o100 : groups.has(st.gid) ? 0o010 : 0o001;
    if ((st.mode & bit) === 0) return { folder, mode: st.mode & 0o7777, uid: st.uid };
    if (path.dirname(folder) === folder) return null;
  }
}
