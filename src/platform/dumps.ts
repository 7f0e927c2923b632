// Evidence from a process that is still alive (a stall), taken before it is
// killed: thread stacks and a memory dump, by the OS's own tools (dumps-linux.ts:
// /proc and gdb; dumps-windows.ts: ProcDump or psv-win.exe's MiniDumpWriteDump). Every tool runs as
// a child process with a time limit and a size limit, so a hung debugger or a
// huge dump cannot hang the monitor or fill the disk.
import { open, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { runWithTimeout } from './run-with-timeout.js';

export interface LiveCaptureOptions {
  pid: number;
  folder: string;
  /** A dump larger than this is deleted (and the tool stopped as soon as it passes it). */
  maxDumpBytes: number;
  /** Everything together (stacks and dump) must finish within this. */
  timeoutMs: number;
  /** Linux: gdb's path, null for /proc only; default: gdb found on PATH. */
  gdb?: string | null;
  /** Windows: ProcDump's path, or null for psv-win.exe's minidump. */
  procdump: string | null;
  /** Windows: a full dump (all memory) or a mini one (stacks, threads, modules and what they point at); default full. */
  dumpType?: 'full' | 'mini';
  /** Windows: psv-win.exe's path, null for none; default: the one this psv carries. */
  winHelper?: string | null;
  /** Where /proc is (a test hook). */
  procRoot?: string;
}

/** A file written into the incident folder (the shape of analysis/store.ts's CapturedFile). */
export interface DumpFile {
  file: string;
  what: string;
  bytes: number;
}

/** Evidence not taken, and why (analysis/store.ts's SkippedCapture). */
export interface SkippedDump {
  what: string;
  why: string;
}

export interface CaptureResult {
  captured: DumpFile[];
  skipped: SkippedDump[];
  notes: string[];
}

export function emptyResult(): CaptureResult {
  return { captured: [], skipped: [], notes: [] };
}

export interface BoundedRun {
  code: number | null;
  signal: string | null;
  timedOut: boolean;
  overLimit: boolean;
  error: string | null;
}

export interface BoundedOptions {
  /** The tool's stdout and stderr go here. */
  outputFile: string;
  timeoutMs: number;
  /** Stop the tool as soon as this file grows past maxFileBytes. */
  watchFile: string | null;
  maxFileBytes: number;
  env: NodeJS.ProcessEnv;
}

const WATCH_EVERY_MS = 250;

/** Runs a tool with its output to a file, stopped (killed) at the time limit or when its file gets too big. */
export async function runBounded(argv: readonly string[], o: BoundedOptions): Promise<BoundedRun> {
  const out = await open(o.outputFile, 'w');
  let overLimit = false;
  try {
    const r = await runWithTimeout(argv, {
      env: o.env,
      timeoutMs: o.timeoutMs,
      output: out.fd,
      watch: (_child, stop) => {
        if (o.watchFile === null) return () => undefined;
        const watch = setInterval(() => {
          stat(o.watchFile!).then(
            (s) => {
              if (s.size > o.maxFileBytes && !overLimit) {
                overLimit = true;
                stop();
              }
            },
            () => undefined,
          );
        }, WATCH_EVERY_MS);
        return () => clearInterval(watch);
      },
    });
    return { code: r.exitCode, signal: r.signal, timedOut: r.timedOut, overLimit, error: r.error ? `cannot start ${argv[0]}: ${r.error.message}` : null };
  } finally {
    await out.close();
  }
}

export async function keepDump(file: string, what: string, maxBytes: number, run: BoundedRun, result: CaptureResult): Promise<void> {
  const bytes = await sizeOf(file);
  const name = path.basename(file);
  if (run.overLimit || bytes > maxBytes) {
    await rm(file, { force: true });
    result.skipped.push({ what, why: `the dump grew past analysis.maxDumpSize (${maxBytes} bytes) and was deleted` });
  } else if (run.timedOut && bytes > 0) {
    await rm(file, { force: true });
    result.skipped.push({ what, why: 'the dump was not finished within the time limit and was deleted' });
  } else if (bytes > 0) {
    result.captured.push({ file: name, what, bytes });
  } else {
    await rm(file, { force: true });
    result.skipped.push({ what, why: run.error ?? `the tool wrote no dump (exit code ${run.code ?? run.signal})` });
  }
}

export async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

