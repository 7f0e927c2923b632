// The operating system's own tools the adapters run (taskkill, sc, PowerShell).
// Starting one can fail twice over: spawn() throws at once for some errors
// (EINVAL, EPERM, ENOMEM, ...) and reports the others later as 'error'. Either
// way the failure is told to whoever listens (the monitor writes ToolFailed)
// and never thrown into the caller: a tool that cannot run in the middle of an
// exit or a stop must not leave a dead target "Running" or a stop waiting.
import { spawn, spawnSync, type ChildProcess, type SpawnOptions, type SpawnSyncOptionsWithStringEncoding, type SpawnSyncReturns } from 'node:child_process';

/** Told of every tool that could not be started: its path and why. */
export type ToolFailureSink = (tool: string, error: string) => void;

let sink: ToolFailureSink | null = null;

/** Where failures to start a tool go (the monitor's events); stderr while nobody listens. */
export function onToolFailure(next: ToolFailureSink | null): void {
  sink = next;
}

export function reportToolFailure(tool: string, error: string): void {
  try {
    if (sink) sink(tool, error);
    else process.stderr.write(`psv: warning: cannot run ${tool}: ${error}\n`);
  } catch {
    // Reporting must not be what breaks the caller either.
  }
}

/**
 * Starts `file` with `args`; returns the child, or null when it could not
 * start at once. `failed` runs at most once, for a start that threw or an
 * 'error' event, after the failure has been reported.
 */
export function startTool(file: string, args: readonly string[], options: SpawnOptions, failed: (err: Error) => void = () => undefined): ChildProcess | null {
  let done = false;
  const fail = (err: Error): void => {
    if (done) return;
    done = true;
    reportToolFailure(file, err.message);
    failed(err);
  };
  let child: ChildProcess;
  try {
    child = spawn(file, args, options);
  } catch (err) {
    fail(err as Error);
    return null;
  }
  child.on('error', fail);
  return child;
}

/**
 * Runs `file` to its end, as spawnSync does, but a start that throws at once
 * (EINVAL, EPERM, ENOMEM, a bad argument) comes back as `error` too, like a
 * start that fails later (ENOENT). Reports nothing: the caller decides whether
 * a tool that could not run is worth a ToolFailed.
 */
export function runToolSync(file: string, args: readonly string[], options: SpawnSyncOptionsWithStringEncoding): SpawnSyncReturns<string> {
  try {
    return spawnSync(file, args, options);
  } catch (err) {
    return { pid: 0, output: [], stdout: '', stderr: '', status: null, signal: null, error: err as Error };
  }
}
