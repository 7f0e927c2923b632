// Live capture on Windows: a memory dump by ProcDump when configured, else by
// psv's own helper (psv-win.exe dump: dbghelp's MiniDumpWriteDump); the stacks
// are read from the dump. No rundll32 comsvcs.dll,MiniDump fallback: endpoint
// protection takes that pattern for credential theft (an alert on every stall
// is worse than no dump), and it cannot write to a path with spaces.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { emptyResult, keepDump, runBounded, sizeOf, type CaptureResult, type LiveCaptureOptions } from './dumps.js';
import { windowsHelperPath } from './helpers.js';

/** How much a dump holds: all memory (as procdump -ma), or stacks, threads, modules and what they point at. */
export type DumpKind = 'full' | 'mini';

/** The tool that writes the dump, as the incident names it. */
export function windowsDumpTool(procdump: string | null, helper: string | null): string | null {
  if (procdump !== null) return `ProcDump (${procdump})`;
  return helper !== null ? `psv-win.exe MiniDumpWriteDump (${helper})` : null;
}

/**
 * The argv that writes a memory dump of `pid` to `file`: ProcDump when
 * configured, else psv-win.exe; null when there is neither.
 */
export function windowsDumpCommand(pid: number, file: string, procdump: string | null, helper: string | null, kind: DumpKind = 'full'): string[] | null {
  if (procdump !== null) return [procdump, '-accepteula', kind === 'full' ? '-ma' : '-mp', String(pid), file];
  if (helper !== null) return [helper, 'dump', String(pid), file, kind];
  return null;
}

export async function captureWindows(o: LiveCaptureOptions): Promise<CaptureResult> {
  const result = emptyResult();
  const dumpName = `dump-${o.pid}.dmp`;
  const dumpFile = path.win32.join(o.folder, dumpName);
  const helper = o.winHelper === undefined ? windowsHelperPath() : o.winHelper;
  const kind = o.dumpType ?? 'full';
  const argv = windowsDumpCommand(o.pid, dumpFile, o.procdump, helper, kind);
  const tool = windowsDumpTool(o.procdump, helper);
  if (argv === null || tool === null) {
    result.skipped.push({ what: 'memory dump', why: 'this psv carries no psv-win.exe and analysis.procdump is not set: configure analysis.procdump (Sysinternals procdump64.exe)' });
  } else {
    const outputFile = path.join(o.folder, 'dump-tool.txt');
    const run = await runBounded(argv, {
      outputFile,
      timeoutMs: o.timeoutMs,
      watchFile: dumpFile,
      maxFileBytes: o.maxDumpBytes,
      env: process.env,
    });
    const toolBytes = await sizeOf(outputFile);
    if (toolBytes === 0) await rm(outputFile, { force: true });
    else result.captured.push({ file: 'dump-tool.txt', what: `output of ${tool}`, bytes: toolBytes });
    if (run.error) result.notes.push(`${tool}: ${run.error}`);
    if (run.timedOut) result.notes.push(`${tool} did not finish within ${o.timeoutMs} ms and was stopped`);
    await keepDump(dumpFile, `${kind} memory dump (${tool})`, o.maxDumpBytes, run, result);
  }
  result.skipped.push({ what: 'thread stacks', why: 'not taken separately on Windows: open the dump in WinDbg and run ~*k' });
  return result;
}
