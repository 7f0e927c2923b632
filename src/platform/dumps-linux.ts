// Live capture on Linux: what /proc tells at once, then gdb for every thread's
// stack and a core file (what gcore does).
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { findExecutable } from '../config/which.js';
import { emptyResult, keepDump, runBounded, sizeOf, type CaptureResult, type LiveCaptureOptions } from './dumps.js';

function gdbOnPath(): string | null {
  const found = findExecutable('gdb', { cwd: process.cwd(), env: process.env, isWindows: false });
  return found.found ? found.file : null;
}

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

  const gdb = o.gdb === undefined ? gdbOnPath() : o.gdb;
  if (gdb === null) {
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
  const run = await runBounded(gdbCommand(gdb, o.pid, dump ? coreFile : null), {
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

