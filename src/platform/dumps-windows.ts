// Live capture on Windows: a full memory dump by ProcDump, or by the minidump
// built into Windows (comsvcs.dll); the stacks are read from the dump.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { emptyResult, keepDump, runBounded, sizeOf, type CaptureResult, type LiveCaptureOptions } from './dumps.js';

/**
 * The argv that writes a full memory dump of `pid` to `file`: ProcDump when
 * configured, else the minidump built into Windows (comsvcs.dll MiniDump through
 * rundll32), run from PowerShell, whose elevated token has SeDebugPrivilege enabled.
 */
export function windowsDumpCommand(pid: number, file: string, procdump: string | null, systemRoot = 'C:\\Windows'): string[] {
  if (procdump !== null) return [procdump, '-accepteula', '-ma', String(pid), file];
  const sys32 = `${systemRoot.replace(/\\+$/, '')}\\System32`;
  const quoted = (s: string): string => `'${s.replace(/'/g, "''")}'`;
  // rundll32 hands "PID FILE full" to MiniDump as one string split at spaces: the
  // file name cannot be quoted, so it must not contain spaces (checked by the caller).
  const script = `& ${quoted(`${sys32}\\rundll32.exe`)} ${quoted(`${sys32}\\comsvcs.dll,`)} MiniDump ${pid} ${quoted(file)} full; exit $LASTEXITCODE`;
  return [`${sys32}\\WindowsPowerShell\\v1.0\\powershell.exe`, '-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', script];
}

export async function captureWindows(o: LiveCaptureOptions): Promise<CaptureResult> {
  const result = emptyResult();
  const dumpName = `dump-${o.pid}.dmp`;
  const dumpFile = path.win32.join(o.folder, dumpName);
  const tool = o.procdump !== null ? `ProcDump (${o.procdump})` : 'comsvcs.dll MiniDump';
  if (o.procdump === null && /\s/.test(dumpFile)) {
    result.skipped.push({ what: 'memory dump', why: `comsvcs.dll MiniDump cannot write to a path with spaces (${dumpFile}); set analysis.dir to a folder without spaces, or configure analysis.procdump` });
  } else {
    const outputFile = path.join(o.folder, 'dump-tool.txt');
    const run = await runBounded(windowsDumpCommand(o.pid, dumpFile, o.procdump, o.systemRoot ?? process.env.SystemRoot ?? process.env.SYSTEMROOT ?? 'C:\\Windows'), {
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
    await keepDump(dumpFile, `full memory dump (${tool})`, o.maxDumpBytes, run, result);
  }
  result.skipped.push({ what: 'thread stacks', why: 'not taken separately on Windows: open the dump in WinDbg and run ~*k' });
  return result;
}

