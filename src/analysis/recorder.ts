// Keeps the evidence of every failure: one incident folder per failure with a
// summary, the tail of the target's output, the monitor's recent events, resource
// samples and, for a process that is still alive, stacks and a memory dump.
// record() never throws and never blocks the monitor for long (async I/O, bounded
// child processes); a crash loop gets light incidents between full captures, and
// retention keeps the folder within analysis.keep and analysis.maxSize.
import { mkdir, open, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AnalysisConfig } from '../config/types.js';
import type { EventBus } from '../events/bus.js';
import type { HostInfo } from '../platform/index.js';
import type { ChildReading } from '../platform/types.js';
import { captureLive, type CaptureResult } from '../platform/capture-live.js';
import { ResourceSampler, type ResourceSample } from './samples.js';
import { incidentId, pruneIncidents, SUMMARY_FILE, type CapturedFile, type IncidentSummary, type SkippedCapture } from './store.js';
import type { FailureReport, IncidentRecorder } from './types.js';

/** How much of the target's log an incident keeps. */
export const OUTPUT_TAIL_BYTES = 64 * 1024;

export interface RecorderOptions {
  /**
   * Linux: gdb's path; null forces the /proc-only capture. Default: gdb found on
   * PATH when record() runs.
   */
  gdb?: string | null;
  /** Time limit of the live capture (stacks and dump together). Default 60 s. */
  captureTimeoutMs?: number;
  /** Where /proc is (a test hook). */
  procRoot?: string;
  /** The readings the spawn helper keeps of a target it runs (Platform.childWatch); its samples are not the monitor's to take. */
  childReadings?: (pid: number) => Promise<ChildReading[] | null>;
}

const DEFAULT_CAPTURE_TIMEOUT_MS = 60_000;

export class Recorder implements IncidentRecorder {
  private readonly sampler: ResourceSampler;
  /** When each target last had a full capture, for analysis.minInterval. */
  private readonly lastFull = new Map<string, number>();
  /** Retention runs one at a time, so that two incidents at once do not race over the same folders. */
  private pruning: Promise<unknown> = Promise.resolve();
  /** Incidents being written: retention must not remove them under the capture's feet. */
  private readonly inProgress = new Set<string>();

  constructor(
    private readonly config: AnalysisConfig,
    private readonly events: Pick<EventBus, 'emit' | 'recent'>,
    private readonly platform: HostInfo,
    private readonly version: string,
    private readonly clock: () => number = Date.now,
    private readonly options: RecorderOptions = {},
  ) {
    this.sampler = new ResourceSampler(platform.name, clock, { procRoot: options.procRoot });
  }

  sample(target: string, pids: readonly number[]): void {
    try {
      this.sampler.sample(target, pids);
    } catch {
      // Samples are a nice-to-have: never let them disturb a check.
    }
  }

  /** Drops the samples of a target that is no longer monitored (after a reload). */
  forget(target: string): void {
    this.sampler.forget(target);
    this.lastFull.delete(target);
  }

  /** What the spawn helper sampled of `pid`, when it ran it. */
  private async childSamples(pid: number | null): Promise<ResourceSample[]> {
    const ask = this.options.childReadings;
    if (pid === null || !ask) return [];
    return this.sampler.fromChild(pid, (await ask(pid)) ?? []);
  }

  async record(report: FailureReport): Promise<string | null> {
    try {
      return await this.capture(report);
    } catch {
      return null; // Only reached when the folder itself cannot be made: nowhere to write a note.
    }
  }

  private async capture(report: FailureReport): Promise<string | null> {
    const began = this.clock();
    // Decided at once, before any await, so that simultaneous failures of one target get one full capture.
    const last = this.lastFull.get(report.target);
    const full = last === undefined || began - last >= this.config.minIntervalMs;
    if (full) this.lastFull.set(report.target, began);

    const { id, folder } = await this.makeFolder(report);
    this.inProgress.add(id);
    try {
      return await this.fill(report, id, folder, full, last, began);
    } finally {
      this.inProgress.delete(id);
    }
  }

  private async fill(report: FailureReport, id: string, folder: string, full: boolean, last: number | undefined, began: number): Promise<string> {
    const captured: CapturedFile[] = [];
    const skipped: SkippedCapture[] = [];
    const notes: string[] = [];
    const step = async (what: string, fn: () => Promise<void>): Promise<void> => {
      try {
        await fn();
      } catch (err) {
        notes.push(`${what}: ${(err as Error).message}`);
      }
    };

    // The live process first: the engine kills it once record() returns.
    if (report.alive) {
      if (!full) {
        skipped.push({ what: 'thread stacks and memory dump', why: this.lightWhy(last!) });
      } else if (report.pid === null) {
        skipped.push({ what: 'thread stacks and memory dump', why: 'the failure report names no pid' });
      } else {
        await step('live capture', async () => merge(await this.captureLiveProcess(report.pid!, folder), captured, skipped, notes));
      }
    }
    await step('output tail', async () => {
      const tail = await this.writeOutputTail(report.logPath, folder);
      if (typeof tail === 'number') captured.push({ file: 'output.log', what: `last ${OUTPUT_TAIL_BYTES / 1024} KiB of the target's output`, bytes: tail });
      else skipped.push({ what: 'output tail', why: tail.why });
    });
    await step('events', async () => {
      const text = this.events.recent().map((e) => JSON.stringify(e) + '\n').join('');
      await writeFile(path.join(folder, 'events.jsonl'), text);
      captured.push({ file: 'events.jsonl', what: `the monitor's last ${this.events.recent().length} events`, bytes: Buffer.byteLength(text) });
    });
    if (full) {
      await step('resource samples', async () => {
        const why = this.sampler.unavailableReason;
        const samples = [...this.sampler.samples(report.target), ...(await this.childSamples(report.pid))].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
        if (why !== null) skipped.push({ what: 'resource samples', why });
        else if (samples.length === 0) skipped.push({ what: 'resource samples', why: 'no samples of this target yet (taken every 15 s while it runs; with many targets less often: once a minute at 1000)' });
        else {
          const text = samples.map((s) => JSON.stringify(s) + '\n').join('');
          await writeFile(path.join(folder, 'resources.jsonl'), text);
          captured.push({ file: 'resources.jsonl', what: `resource samples of the last minutes (${samples.length})`, bytes: Buffer.byteLength(text) });
        }
      });
    } else {
      skipped.push({ what: 'resource samples', why: this.lightWhy(last!) });
    }

    const summary = this.summary(report, id, full, began, captured, skipped, notes);
    // Whole or not at all: a reader (psv incidents, the console) never sees half of it.
    const summaryPath = path.join(folder, SUMMARY_FILE);
    await step('summary', async () => {
      await writeFile(`${summaryPath}.tmp`, JSON.stringify(summary, null, 2) + '\n');
      await rename(`${summaryPath}.tmp`, summaryPath);
    });

    try {
      this.events.emit('IncidentRecorded', { target: report.target, kind: report.kind, capture: full ? 'full' : 'light', folder });
    } catch {
      // The incident is on disk either way.
    }
    await this.prune();
    return folder;
  }

  private lightWhy(lastFull: number): string {
    const at = new Date(lastFull).toISOString();
    return `light capture: this target had a full capture at ${at}, less than analysis.minInterval (${this.config.minIntervalMs} ms) ago`;
  }

  /** dir/<UTC time>-<target>, with -2, -3... when two failures of one target share a millisecond. */
  private async makeFolder(report: FailureReport): Promise<{ id: string; folder: string }> {
    await mkdir(this.config.dir, { recursive: true });
    const base = incidentId(report.failedAt, report.target);
    for (let n = 1; ; n++) {
      const id = n === 1 ? base : `${base}-${n}`;
      const folder = path.join(this.config.dir, id);
      try {
        await mkdir(folder);
        return { id, folder };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 1000) throw err;
      }
    }
  }

  private async captureLiveProcess(pid: number, folder: string): Promise<CaptureResult> {
    const common = {
      pid,
      folder,
      maxDumpBytes: this.config.maxDumpBytes,
      timeoutMs: this.options.captureTimeoutMs ?? DEFAULT_CAPTURE_TIMEOUT_MS,
      procdump: this.config.procdump,
      dumpType: this.config.dumpType,
      procRoot: this.options.procRoot,
    };
    return captureLive(this.platform, { ...common, gdb: this.options.gdb });
  }

  /** The last OUTPUT_TAIL_BYTES of the log, from a line start; the bytes written, or why not. */
  private async writeOutputTail(logPath: string | null, folder: string): Promise<number | { why: string }> {
    if (logPath === null) return { why: 'the target has no log file (its output is not kept by psv)' };
    let fh;
    try {
      fh = await open(logPath, 'r');
    } catch (err) {
      return { why: `cannot read ${logPath}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
    }
    try {
      const size = (await fh.stat()).size;
      const length = Math.min(size, OUTPUT_TAIL_BYTES);
      const buf = Buffer.alloc(length);
      const { bytesRead } = await fh.read(buf, 0, length, size - length);
      let tail = buf.subarray(0, bytesRead);
      if (size > length) {
        // Cut at a line start rather than in the middle of a line (or of a UTF-8 character).
        const nl = tail.indexOf(0x0a);
        if (nl >= 0 && nl < tail.length - 1) tail = tail.subarray(nl + 1);
      }
      await writeFile(path.join(folder, 'output.log'), tail);
      return tail.length;
    } finally {
      await fh.close();
    }
  }

  private summary(report: FailureReport, id: string, full: boolean, began: number, captured: CapturedFile[], skipped: SkippedCapture[], notes: string[]): IncidentSummary {
    const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());
    return {
      id,
      target: report.target,
      kind: report.kind,
      reason: report.reason,
      pid: report.pid,
      exitCode: report.exitCode,
      signal: report.signal,
      startedAt: iso(report.startedAt),
      failedAt: new Date(report.failedAt).toISOString(),
      uptimeMs: report.startedAt === null ? null : Math.max(0, report.failedAt - report.startedAt),
      command: report.command,
      commandLine: report.seenCommandLine ?? report.command.map((a) => (/[\s"]/.test(a) || a === '' ? JSON.stringify(a) : a)).join(' '),
      cwd: report.cwd,
      restarts: { used: report.restarts, allowed: report.retries },
      alive: report.alive,
      capture: full ? 'full' : 'light',
      psvVersion: this.version,
      host: {
        name: os.hostname(),
        os: this.platform.name,
        release: os.release(),
        arch: os.arch(),
        totalMemoryBytes: os.totalmem(),
        freeMemoryBytes: os.freemem(),
        loadAverage: os.loadavg(),
      },
      recordedAt: new Date(began).toISOString(),
      durationMs: Math.max(0, this.clock() - began),
      captured,
      skipped,
      notes,
    };
  }

  /** Sizes of the incidents on disk, kept between prunes. */
  private readonly incidentSizes = new Map<string, number>();

  private async prune(): Promise<void> {
    const run = this.pruning.then(() => pruneIncidents(this.config.dir, this.config.keep, this.config.maxBytes, this.inProgress, this.incidentSizes));
    this.pruning = run.catch(() => undefined);
    try {
      await run;
    } catch {
      // Retention is retried after the next incident.
    }
  }
}

function merge(from: CaptureResult, captured: CapturedFile[], skipped: SkippedCapture[], notes: string[]): void {
  captured.push(...from.captured);
  skipped.push(...from.skipped);
  notes.push(...from.notes);
}
