// Evidence from a process that is still alive (a stall), taken before it is killed:
// thread stacks and a memory dump. Every tool runs as a child process with a time
// limit and a size limit, so a hung debugger or a huge dump cannot hang the monitor
// or fill the disk.
import { spawn } from 'node:child_process';
import { open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CapturedFile, SkippedCapture } from './store.js';

export interface LiveCaptureOptions {
  pid: number;
  folder: string;
  /** A dump larger than this is deleted (and the tool stopped as soon as it passes it). */
  maxDumpBytes: number;
  /** Everything together (stacks and dump) must finish within this. */
  timeoutMs: number;
  /** Linux: gdb's path, or null when not installed (then /proc only). */
  gdb: string | null;
  /** Windows: ProcDump's path, or null for the comsvcs.dll minidump. */
  procdump: string | null;
  /** Windows: %SystemRoot%. */
  systemRoot: string;
  /** Where /proc is (a test hook). */
  procRoot?: string;
}

export interface CaptureResult {
  captured: CapturedFile[];
  skipped: SkippedCapture[];
  notes: string[];
}

function emptyResult(): CaptureResult {
  return { captured: [], skipped: [], notes: [] };
}

// ---------------------------------------------------------------------------
// Linux

/** The gdb session that prints every thread's stack and, when `coreFile` is given, writes a core (what gcore does). */
export function gdbCommand(gdb: string, pid: number, coreFile: string | null): string[] {
  const argv = [gdb, '--batch', '--nx', '-p', String(pid), '-ex', 'set pagination off', '-ex', 'info threads', '-ex', 'thread apply all bt'];
  if (coreFile !== null) argv.push('-ex', `generate-core-file ${coreFile}`);
  argv.push('-ex', 'detach');
  return argv;
}

export async function captureLinux(o: LiveCaptureOptions): Promise<CaptureResult> {
  const result = emptyResult();
  const deadline = Date.now() + o.timeoutMs;
  const procRoot = o.procRoot ?? '/proc';
  // /proc first: it is instant and still there if the debugger fails.
  await captureProc(o.pid, o.folder, procRoot, result);

  if (o.gdb === null) {
    result.skipped.push({ what: 'thread stacks and core dump (gdb)', why: 'gdb is not installed; install it (apt-get install gdb) for stacks and a core file' });
    return result;
  }
  const coreFile = path.join(o.folder, `core.${o.pid}`);
  let dump = true;
  const rss = await residentBytes(o.pid, procRoot);
  if (rss !== null && rss > o.maxDumpBytes) {
    dump = false;
    result.skipped.push({ what: 'core dump', why: `resident memory ${rss} bytes is over analysis.maxDumpSize (${o.maxDumpBytes} bytes)` });
  }
  const stacksFile = path.join(o.folder, 'stacks.txt');
  const run = await runBounded(gdbCommand(o.gdb, o.pid, dump ? coreFile : null), {
    outputFile: stacksFile,
    timeoutMs: Math.max(1000, deadline - Date.now()),
    watchFile: dump ? coreFile : null,
    maxFileBytes: o.maxDumpBytes,
    // No symbol downloads from the network while the target is stopped.
    env: { ...process.env, DEBUGINFOD_URLS: '' },
  });
  if (run.timedOut || run.overLimit) {
    // gdb killed while attached can leave the target stopped; it is about to be killed anyway, but never leave it frozen.
    try {
      process.kill(o.pid, 'SIGCONT');
    } catch {
      // Already gone.
    }
  }
  const stacksBytes = await sizeOf(stacksFile);
  const denied = stacksBytes > 0 ? /ptrace: Operation not permitted|Could not attach to process/.exec(await readFile(stacksFile, 'utf8')) : null;
  if (denied) {
    result.skipped.push({ what: 'thread stacks and core dump (gdb)', why: `gdb could not attach (${denied[0]}): run the monitor as root, or see kernel.yama.ptrace_scope; gdb's words are in stacks.txt` });
  } else if (stacksBytes > 0) {
    result.captured.push({ file: 'stacks.txt', what: 'thread stacks (gdb thread apply all bt)', bytes: stacksBytes });
  } else {
    result.skipped.push({ what: 'thread stacks (gdb)', why: run.error ?? 'gdb printed nothing' });
  }
  if (run.error) result.notes.push(`gdb: ${run.error}`);
  if (run.timedOut) result.notes.push(`gdb did not finish within ${o.timeoutMs} ms and was stopped`);

  if (dump) await keepDump(coreFile, 'core dump (gdb generate-core-file, like gcore)', o.maxDumpBytes, run, result);
  return result;
}

/** What /proc tells about a live process without a debugger. */
async function captureProc(pid: number, folder: string, procRoot: string, result: CaptureResult): Promise<void> {
  const dir = `${procRoot}/${pid}`;
  const copy = async (name: string, file: string, what: string): Promise<void> => {
    try {
      const text = await readFile(`${dir}/${name}`, 'latin1');
      await writeFile(path.join(folder, file), text, 'latin1');
      result.captured.push({ file, what, bytes: Buffer.byteLength(text, 'latin1') });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied (root only)' : code === 'ENOENT' ? 'the process is gone' : (err as Error).message;
      result.skipped.push({ what, why });
    }
  };
  await copy('status', 'proc-status.txt', '/proc/PID/status');
  await copy('wchan', 'proc-wchan.txt', 'kernel wait channel (/proc/PID/wchan)');
  await copy('stack', 'proc-stack.txt', 'kernel stack (/proc/PID/stack)');
  await copy('maps', 'proc-maps.txt', 'memory map (/proc/PID/maps)');

  // One block per thread: its stat line, wait channel and kernel stack.
  let tids: string[];
  try {
    tids = (await readdir(`${dir}/task`)).sort((a, b) => Number(a) - Number(b));
  } catch {
    result.skipped.push({ what: 'threads (/proc/PID/task)', why: 'the process is gone' });
    return;
  }
  const blocks: string[] = [];
  for (const tid of tids) {
    const t = `${dir}/task/${tid}`;
    const read = async (name: string): Promise<string> => {
      try {
        return (await readFile(`${t}/${name}`, 'latin1')).trim();
      } catch {
        return '(unreadable)';
      }
    };
    blocks.push(`task ${tid}\nstat: ${await read('stat')}\nwchan: ${await read('wchan')}\nstack:\n${await read('stack')}\n`);
  }
  const text = blocks.join('\n');
  await writeFile(path.join(folder, 'proc-threads.txt'), text);
  result.captured.push({ file: 'proc-threads.txt', what: `threads (/proc/PID/task/*: stat, wchan, kernel stack), ${tids.length} threads`, bytes: Buffer.byteLength(text) });
}

async function residentBytes(pid: number, procRoot: string): Promise<number | null> {
  try {
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(await readFile(`${procRoot}/${pid}/status`, 'latin1'))?.[1];
    return kb === undefined ? null : Number(kb) * 1024;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------
// Windows

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
    const run = await runBounded(windowsDumpCommand(o.pid, dumpFile, o.procdump, o.systemRoot), {
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

// ---------------------------------------------------------------------------
// Shared

async function keepDump(file: string, what: string, maxBytes: number, run: BoundedRun, result: CaptureResult): Promise<void> {
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

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

interface BoundedRun {
  code: number | null;
  signal: string | null;
  timedOut: boolean;
  overLimit: boolean;
  error: string | null;
}

interface BoundedOptions {
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
  try {
    return await new Promise<BoundedRun>((resolve) => {
      const r: BoundedRun = { code: null, signal: null, timedOut: false, overLimit: false, error: null };
      let child;
      try {
        child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', out.fd, out.fd], env: o.env, windowsHide: true });
      } catch (err) {
        resolve({ ...r, error: `cannot start ${argv[0]}: ${(err as Error).message}` });
        return;
      }
      const stop = (): void => {
        try {
          child.kill('SIGKILL');
        } catch {
          // Already exited.
        }
      };
      const timer = setTimeout(() => {
        r.timedOut = true;
        stop();
      }, o.timeoutMs);
      const watch =
        o.watchFile === null
          ? null
          : setInterval(() => {
              stat(o.watchFile!).then(
                (s) => {
                  if (s.size > o.maxFileBytes && !r.overLimit) {
                    r.overLimit = true;
                    stop();
                  }
                },
                () => undefined,
              );
            }, WATCH_EVERY_MS);
      const done = (): void => {
        clearTimeout(timer);
        if (watch) clearInterval(watch);
        resolve(r);
      };
      child.on('error', (err) => {
        r.error = `cannot start ${argv[0]}: ${err.message}`;
        done();
      });
      child.on('exit', (code, signal) => {
        r.code = code;
        r.signal = signal;
        done();
      });
    });
  } finally {
    await out.close();
  }
}
