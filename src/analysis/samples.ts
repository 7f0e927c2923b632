// Resource samples of each target's processes, kept in a small ring buffer so that
// an incident can show how CPU, memory, handles and threads moved before the failure.
// The engine calls sample() every 15 s per target: it must stay cheap (one read of
// /proc/PID/stat per pid, the fd folder listed every eighth round, no child process).
import { readdirSync, readFileSync } from 'node:fs';
import { readProcFile } from '../platform/proc.js';

export interface ResourceSample {
  time: string;
  pid: number;
  /** CPU use since the previous sample of this pid (100 = one core); null on the first sample. */
  cpuPercent: number | null;
  rssBytes: number | null;
  /** Open file descriptors (Linux) or handles (Windows); null when unreadable. */
  fds: number | null;
  threads: number | null;
  /** Linux process state letter (R, S, D, Z...). */
  state: string | null;
}

export interface SamplerOptions {
  /** Samples older than this are dropped. */
  keepMs?: number;
  /** At most this many sample rounds per target. */
  maxRounds?: number;
  /** Where /proc is (a test hook). */
  procRoot?: string;
}

/** Linux USER_HZ: the unit of utime and stime in /proc/PID/stat; 100 on every mainstream architecture. */
const CLOCK_TICKS_PER_SECOND = 100;

interface Round {
  at: number;
  samples: ResourceSample[];
}

/** Page size of x86-64 and arm64 Linux, for the resident set in /proc/PID/stat. */
const PAGE_BYTES = 4096;
/** File descriptors are counted every this many sampling rounds. */
const FDS_EVERY = 8;

export class ResourceSampler {
  private readonly rounds = new Map<string, Round[]>();
  /** Last CPU reading per target and pid, for the CPU % of the next one. */
  private readonly lastCpu = new Map<string, Map<number, { at: number; ticks: number }>>();
  private readonly keepMs: number;
  private readonly maxRounds: number;
  private readonly procRoot: string;

  constructor(
    /** 'linux' reads /proc; anything else records nothing (see unavailableReason). */
    private readonly os: string,
    private readonly clock: () => number,
    options: SamplerOptions = {},
  ) {
    this.keepMs = options.keepMs ?? 5 * 60_000;
    this.maxRounds = options.maxRounds ?? 300;
    this.procRoot = options.procRoot ?? '/proc';
  }

  /** Why samples are not available on this OS, or null when they are. */
  get unavailableReason(): string | null {
    return this.os === 'linux' ? null : `resource samples are read from /proc and not collected on ${this.os}`;
  }

  sample(target: string, pids: readonly number[]): void {
    if (this.unavailableReason !== null) return;
    const now = this.clock();
    const last = this.lastCpu.get(target) ?? new Map<number, { at: number; ticks: number }>();
    const next = new Map<number, { at: number; ticks: number }>();
    const samples: ResourceSample[] = [];
    // Spread over the rounds by pid, so that a thousand targets do not all list their fds at once.
    const round = this.counts.get(target) ?? 0;
    const countFds = round === 0 || (round + (pids[0] ?? 0)) % FDS_EVERY === 0;
    this.counts.set(target, round + 1);
    for (const pid of pids) {
      const s = this.read(pid, now, last.get(pid), next, countFds);
      if (s) samples.push(s);
    }
    this.lastCpu.set(target, next);
    const list = this.rounds.get(target) ?? [];
    list.push({ at: now, samples });
    while (list.length > this.maxRounds || (list.length > 0 && now - list[0]!.at > this.keepMs)) list.shift();
    this.rounds.set(target, list);
  }

  /** The target's samples of the last keepMs, oldest first. */
  samples(target: string): ResourceSample[] {
    const now = this.clock();
    return (this.rounds.get(target) ?? []).filter((r) => now - r.at <= this.keepMs).flatMap((r) => r.samples);
  }

  /** Drops a target that is no longer monitored. */
  forget(target: string): void {
    this.rounds.delete(target);
    this.lastCpu.delete(target);
    this.counts.delete(target);
  }

  private readonly counts = new Map<string, number>();

  private read(pid: number, now: number, prev: { at: number; ticks: number } | undefined, next: Map<number, { at: number; ticks: number }>, countFds: boolean): ResourceSample | null {
    const dir = `${this.procRoot}/${pid}`;
    let stat: string;
    try {
      // One open and one read: readFileSync stats and re-reads these zero-sized files.
      stat = readProcFile(`${dir}/stat`);
    } catch {
      return null; // Gone since the engine looked.
    }
    // comm (field 2) may hold spaces and parentheses: the fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = fields[0] ?? null;
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15)
    const threads = Number(fields[17]); // num_threads (field 20)
    let cpuPercent: number | null = null;
    if (Number.isFinite(ticks)) {
      next.set(pid, { at: now, ticks });
      if (prev && now > prev.at && ticks >= prev.ticks) {
        cpuPercent = Math.round(((ticks - prev.ticks) / CLOCK_TICKS_PER_SECOND / ((now - prev.at) / 1000)) * 1000) / 10;
      }
    }
    // Resident pages (field 24) from the same read: no second file per process.
    const pages = Number(fields[21]);
    const rssBytes: number | null = Number.isFinite(pages) && state !== 'Z' ? pages * PAGE_BYTES : null;
    // Counting descriptors lists a folder: every FDS_EVERY-th round only.
    let fds: number | null = null;
    if (countFds) {
      try {
        fds = readdirSync(`${dir}/fd`).length;
      } catch {
        // Another user's process when not root.
      }
    }
    return {
      time: new Date(now).toISOString(),
      pid,
      cpuPercent,
      rssBytes,
      fds,
      threads: Number.isFinite(threads) ? threads : null,
      state,
    };
  }
}
