// Resource samples of each target's processes, kept in a small ring buffer so that
// an incident can show how CPU, memory, handles and threads moved before the failure.
// The engine calls sample() every 15 s per target (once a minute at a thousand
// targets) for the processes the spawn helper does not run: it must stay cheap.
// One read of /proc/PID/stat per pid, the fds counted every eighth round, no
// child process, and a reading is kept as numbers: its time is written out only
// when an incident asks for it. The targets the helper runs it samples itself
// (src/native/usage.c); fromChild() turns its readings into the same samples.
import { readdirSync, statSync } from 'node:fs';
import { readProcFile } from '../platform/proc.js';
import type { ChildReading } from '../platform/types.js';

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

/** How long samples are kept: an incident shows the last minutes before the failure. */
export const SAMPLES_KEEP_MS = 5 * 60_000;

/** Linux USER_HZ: the unit of utime and stime in /proc/PID/stat; 100 on every mainstream architecture. */
const CLOCK_TICKS_PER_SECOND = 100;

/** A sample as kept: ResourceSample with its time as a number. */
type Reading = Omit<ResourceSample, 'time'>;

interface Round {
  at: number;
  readings: Reading[];
}

interface TargetSamples {
  rounds: Round[];
  /** Last CPU reading per pid, for the CPU % of the next one. */
  cpu: Map<number, { at: number; ticks: number }>;
  /** Rounds taken so far (the fds are counted every FDS_EVERY-th). */
  count: number;
}

/** Page size of x86-64 and arm64 Linux, for the resident set in /proc/PID/stat. */
const PAGE_BYTES = 4096;
/** File descriptors are counted every this many sampling rounds. */
const FDS_EVERY = 8;
/** The /proc/PID/stat fields read, counted from the state (field 3) as 0. */
const STATE = 0;
const UTIME = 11;
const STIME = 12;
const THREADS = 17;
const RSS_PAGES = 21;

export class ResourceSampler {
  private readonly targets = new Map<string, TargetSamples>();
  private readonly keepMs: number;
  private readonly maxRounds: number;
  private readonly procRoot: string;
  /** Where each field of the stat line being read starts (reused: no array per read). */
  private readonly starts = new Array<number>(RSS_PAGES + 2).fill(0);

  constructor(
    /** 'linux' reads /proc; anything else records nothing (see unavailableReason). */
    private readonly os: string,
    private readonly clock: () => number,
    options: SamplerOptions = {},
  ) {
    this.keepMs = options.keepMs ?? SAMPLES_KEEP_MS;
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
    let entry = this.targets.get(target);
    if (!entry) this.targets.set(target, (entry = { rounds: [], cpu: new Map(), count: 0 }));
    // Spread over the rounds by pid, so that a thousand targets do not all count their fds at once.
    const countFds = entry.count === 0 || (entry.count + (pids[0] ?? 0)) % FDS_EVERY === 0;
    entry.count++;
    const readings: Reading[] = [];
    for (const pid of pids) {
      const r = this.read(pid, now, entry.cpu, countFds);
      if (r) readings.push(r);
    }
    // Pids that are gone leave the CPU table (a target keeps one or a few).
    if (entry.cpu.size > pids.length) for (const pid of entry.cpu.keys()) if (!pids.includes(pid)) entry.cpu.delete(pid);
    const { rounds } = entry;
    rounds.push({ at: now, readings });
    while (rounds.length > this.maxRounds || (rounds.length > 0 && now - rounds[0]!.at > this.keepMs)) rounds.shift();
  }

  /** The target's samples of the last keepMs, oldest first. */
  samples(target: string): ResourceSample[] {
    const now = this.clock();
    const out: ResourceSample[] = [];
    for (const round of this.targets.get(target)?.rounds ?? []) {
      if (now - round.at > this.keepMs) continue;
      const time = new Date(round.at).toISOString();
      for (const r of round.readings) out.push({ time, ...r });
    }
    return out;
  }

  /**
   * The readings the spawn helper took of `pid` (usage.c), as samples: the same
   * CPU %, bytes and nulls as the monitor's own (the first has no CPU %).
   */
  fromChild(pid: number, readings: readonly ChildReading[]): ResourceSample[] {
    const now = this.clock();
    const out: ResourceSample[] = [];
    let prev: ChildReading | null = null;
    for (const r of readings) {
      if (now - r.at <= this.keepMs) {
        const cpuPercent = prev && r.at > prev.at && r.ticks >= prev.ticks ? cpuPercentOf(r.ticks - prev.ticks, r.at - prev.at) : null;
        out.push({
          time: new Date(r.at).toISOString(),
          pid,
          cpuPercent,
          rssBytes: Number.isFinite(r.rssPages) && r.state !== 'Z' ? r.rssPages * PAGE_BYTES : null,
          fds: r.fds,
          threads: Number.isFinite(r.threads) ? r.threads : null,
          state: r.state || null,
        });
      }
      prev = r;
    }
    return out;
  }

  /** Drops a target that is no longer monitored. */
  forget(target: string): void {
    this.targets.delete(target);
  }

  private read(pid: number, now: number, cpu: Map<number, { at: number; ticks: number }>, countFds: boolean): Reading | null {
    const dir = `${this.procRoot}/${pid}`;
    let stat: string;
    try {
      stat = readProcFile(`${dir}/stat`);
    } catch {
      cpu.delete(pid);
      return null; // Gone since the engine looked.
    }
    // comm (field 2) may hold spaces and parentheses: the fields start after the last ')'.
    // Only the five fields used are cut out (a split made some fifty strings per read).
    const { starts } = this;
    starts[0] = stat.lastIndexOf(')') + 2;
    for (let i = 1; i <= RSS_PAGES + 1; i++) {
      const space = stat.indexOf(' ', starts[i - 1]!);
      starts[i] = (space < 0 ? stat.length : space) + 1;
    }
    const field = (i: number): string => stat.slice(starts[i]!, starts[i + 1]! - 1);
    const state = field(STATE) || null;
    const ticks = Number(field(UTIME)) + Number(field(STIME));
    const threads = Number(field(THREADS));
    let cpuPercent: number | null = null;
    if (Number.isFinite(ticks)) {
      const prev = cpu.get(pid);
      if (prev && now > prev.at && ticks >= prev.ticks) cpuPercent = cpuPercentOf(ticks - prev.ticks, now - prev.at);
      if (prev) {
        prev.at = now;
        prev.ticks = ticks;
      } else cpu.set(pid, { at: now, ticks });
    }
    // Resident pages from the same read: no second file per process.
    const pages = Number(field(RSS_PAGES));
    const rssBytes: number | null = Number.isFinite(pages) && state !== 'Z' ? pages * PAGE_BYTES : null;
    return {
      pid,
      cpuPercent,
      rssBytes,
      fds: countFds ? this.countFds(dir) : null,
      threads: Number.isFinite(threads) ? threads : null,
      state,
    };
  }

  /**
   * Open descriptors: the size Linux 6.2 and later gives /proc/PID/fd (one stat),
   * else the folder listed. Null when neither can be read (another user's process when not root).
   */
  private countFds(dir: string): number | null {
    try {
      const size = statSync(`${dir}/fd`, { throwIfNoEntry: false })?.size ?? 0;
      return size > 0 ? size : readdirSync(`${dir}/fd`).length;
    } catch {
      return null;
    }
  }
}

/** CPU use (100 = one core, one decimal) of `ticks` clock ticks over `ms`. */
function cpuPercentOf(ticks: number, ms: number): number {
  return Math.round((ticks / CLOCK_TICKS_PER_SECOND / (ms / 1000)) * 1000) / 10;
}
