// Runs one child program with a time limit: restart scripts, command checks,
// service tools, debuggers. Never throws and never rejects: a program that
// cannot start (spawn throws at once for EINVAL, EPERM, ENOMEM, or reports
// ENOENT later) is a result like any other, so that a caller in the middle of
// an exit or a stop is never left waiting.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';

export interface RunWithTimeoutOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** 'pipe': stdout and stderr kept (the last `maxOutput` characters of each); a descriptor: both written there; 'ignore'. */
  output?: 'pipe' | number | 'ignore';
  /** Default 64 MiB. */
  maxOutput?: number;
  /** Written to the child's standard input, which is then closed; without it stdin is not open. */
  input?: string;
  /** POSIX: run as this user and group; null or omitted: the monitor's. */
  user?: { uid: number; gid: number } | null;
  /** A process group of its own (Unix), so that `kill` can reach what it started. */
  detached?: boolean;
  /** Starts the child in place of Node's spawn (a platform adapter's own). */
  start?: (argv: readonly string[], stdio: StdioOptions) => ChildProcess;
  /** Ends the child, and what it started, at the time limit. Default: SIGKILL to the child. */
  kill?: (child: ChildProcess) => void;
  /** Settle at the time limit without waiting for the child to end (a check that must not wait on one that ignores its kill). */
  settleAtTimeout?: boolean;
  /** Once started: `stop` ends it early, `timedOut` unset (a dump grown too big). Returns what to release when it ends. */
  watch?: (child: ChildProcess, stop: () => void) => () => void;
}

export interface RunResult {
  /** Exit code 0, in time. */
  ok: boolean;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** Why it did not start at all ("spawn X ENOENT"), else null. */
  error: Error | null;
  /** The start threw at once (EINVAL, EPERM, ENOMEM, a bad argument) rather than reporting `error` later. */
  threw: boolean;
  /** With output 'pipe'; `output` is both, in the order they came. */
  stdout: string;
  stderr: string;
  output: string;
}

/** How long a child's exit waits for its pipes to close: a grandchild may hold them open after it. */
const EXIT_GRACE_MS = 100;

export function runWithTimeout(argv: readonly string[], opts: RunWithTimeoutOptions): Promise<RunResult> {
  return new Promise((resolve) => {
    const output = opts.output ?? 'pipe';
    const maxOutput = opts.maxOutput ?? 64 * 1024 * 1024;
    const stdin = opts.input === undefined ? 'ignore' : 'pipe';
    const stdio: StdioOptions = output === 'pipe' ? [stdin, 'pipe', 'pipe'] : [stdin, output, output];
    const result: RunResult = { ok: false, exitCode: null, signal: null, timedOut: false, error: null, threw: false, stdout: '', stderr: '', output: '' };
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let grace: NodeJS.Timeout | undefined;
    let release: () => void = () => undefined;
    let child: ChildProcess | undefined;
    let exited = false;

    const settle = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      try {
        release();
      } catch {
        // Releasing is best effort; the result stands.
      }
      child?.stdout?.destroy();
      child?.stderr?.destroy();
      result.ok = result.error === null && !result.timedOut && result.exitCode === 0;
      resolve(result);
    };
    try {
      child = opts.start
        ? opts.start(argv, stdio)
        : spawn(argv[0]!, argv.slice(1), {
            cwd: opts.cwd,
            env: opts.env,
            stdio,
            detached: opts.detached ?? false,
            windowsHide: true,
            ...(opts.user ? { uid: opts.user.uid, gid: opts.user.gid } : {}),
          });
    } catch (err) {
      result.error = err as Error;
      result.threw = true;
      settle();
      return;
    }
    const started = child;
    if (opts.input !== undefined && started.stdin) {
      // A child that exits without reading its input makes the write fail (EPIPE): that is its business, not an error here.
      started.stdin.on('error', () => undefined);
      started.stdin.end(opts.input);
    }
    const stop = (): void => {
      try {
        if (!exited) (opts.kill ?? ((c: ChildProcess) => c.kill('SIGKILL')))(started);
      } catch {
        // Its exit still settles this; the kill is best effort.
      }
    };
    for (const stream of ['stdout', 'stderr'] as const) {
      started[stream]?.setEncoding('utf8');
      started[stream]?.on('data', (d: string) => {
        result[stream] = (result[stream] + d).slice(-maxOutput);
        result.output = (result.output + d).slice(-maxOutput);
      });
    }
    timer = setTimeout(() => {
      result.timedOut = true;
      stop();
      if (opts.settleAtTimeout) settle();
    }, opts.timeoutMs);
    if (opts.watch) release = opts.watch(started, stop);
    started.on('error', (err: Error) => {
      // After a start, an error is a failed kill: the exit still comes.
      if (started.pid !== undefined) return;
      result.error = err;
      settle();
    });
    const ended = (code: number | null, signal: NodeJS.Signals | null): void => {
      result.exitCode = code;
      result.signal = signal;
      settle();
    };
    started.on('close', ended);
    started.on('exit', (code: number | null, signal: NodeJS.Signals | null) => {
      exited = true;
      if (output !== 'pipe') ended(code, signal);
      else grace = setTimeout(() => ended(code, signal), EXIT_GRACE_MS);
    });
  });
}
