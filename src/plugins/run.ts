// Runs one plug-in, whatever it does: a program in a process group of its own
// (killed as a tree at its timeout or when it floods its output), or a
// JavaScript plug-in in a worker thread (terminated the same way). Never throws
// and never rejects; a misbehaving plug-in is a PluginRun with `failure` set.
import type { ChildProcess } from 'node:child_process';
import { formatDuration } from '../config/duration.js';
import { platform } from '../platform/index.js';
import { runWithTimeout, type RunResult, type RunWithTimeoutOptions } from '../platform/run-with-timeout.js';
import { contextEnv, contextJson } from './context.js';
import { runJs } from './js.js';
import type { PluginContext, PluginRun, PluginSpec } from './types.js';

/** The most output read from a plug-in; past it the plug-in is killed (a flood). */
export const OUTPUT_CAP = 64 * 1024;

export interface RunPluginOptions {
  timeoutMs: number;
  /** Working directory and environment (the target's) the context is added to. */
  cwd?: string;
  env: Record<string, string | undefined>;
  /** Which table of a JavaScript module the plug-in is in. */
  table: 'checks' | 'actions';
  memoryMb: number;
}

export function describePlugin(spec: PluginSpec): string {
  return spec.kind === 'js' ? `${spec.module}.${spec.name}` : spec.argv.join(' ');
}

export async function runPlugin(spec: PluginSpec, ctx: PluginContext, opts: RunPluginOptions): Promise<PluginRun> {
  const began = Date.now();
  try {
    const run = spec.kind === 'js' ? await runJs(spec, ctx, { table: opts.table, timeoutMs: opts.timeoutMs, memoryMb: opts.memoryMb, cap: OUTPUT_CAP, env: opts.env }) : await runProgram(spec.argv, ctx, opts);
    return { ...run, ms: Date.now() - began };
  } catch (err) {
    return { exitCode: null, stdout: '', failure: `cannot run it: ${err instanceof Error ? err.message : String(err)}`, ms: Date.now() - began };
  }
}

async function runProgram(argv: string[], ctx: PluginContext, opts: RunPluginOptions): Promise<Omit<PluginRun, 'ms'>> {
  const command = [...platform.scriptCommand(argv[0]!), ...argv.slice(1)];
  const r = await runContained(command, { cwd: opts.cwd, env: { ...opts.env, ...contextEnv(ctx) }, input: contextJson(ctx), timeoutMs: opts.timeoutMs });
  const failure = (why: string): Omit<PluginRun, 'ms'> => ({ exitCode: r.exitCode, stdout: r.stdout, failure: why });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    return failure(code === 'ENOENT' ? `${argv[0]} not found` : code === 'EACCES' ? `${argv[0]} is not executable` : `cannot run it: ${r.error.message}`);
  }
  if (r.flooded) return failure(`it wrote more than ${OUTPUT_CAP / 1024} KiB of output and was killed`);
  if (r.timedOut) return failure(`it did not finish within ${formatDuration(opts.timeoutMs)} and was killed`);
  if (r.exitCode === null) return failure(`it was ended by ${r.signal}${tail(r.stderr)}`);
  return { exitCode: r.exitCode, stdout: r.stdout, failure: null };
}

/**
 * One program run the way every plug-in is (also the failover command's
 * runner): its own process group, killed as a tree at the time limit, at most
 * OUTPUT_CAP read of its output and killed when it writes more (`flooded`).
 */
export async function runContained(argv: readonly string[], opts: RunWithTimeoutOptions): Promise<RunResult & { flooded: boolean }> {
  let flooded = false;
  const r = await runWithTimeout(argv, {
    ...opts,
    output: 'pipe',
    maxOutput: OUTPUT_CAP,
    detached: !platform.isWindows,
    kill: killTree,
    settleAtTimeout: true,
    watch: (child, stop) => {
      let bytes = 0;
      const count = (d: string | Buffer): void => {
        bytes += d.length;
        if (bytes > OUTPUT_CAP && !flooded) {
          flooded = true;
          stop();
        }
      };
      child.stdout?.on('data', count);
      child.stderr?.on('data', count);
      return () => undefined;
    },
  });
  // A flood is no clean exit, whatever code the killed writer left.
  return { ...r, ok: r.ok && !flooded, flooded };
}

function killTree(child: ChildProcess): void {
  if (child.pid !== undefined) platform.killTree(child.pid);
}

/** The last words it wrote to stderr, for the reason. */
export function tail(stderr: string): string {
  const line = stderr.trim().split(/\r?\n/).pop()?.trim() ?? '';
  return line ? `: ${line.slice(0, 200)}` : '';
}
