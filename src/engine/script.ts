// Runs a restart script directly (never through a pasted command line), with
// the documented environment, and kills it past its timeout.
import type { TargetConfig } from '../config/types.js';
import type { ProcessControl } from '../platform/index.js';
import { runWithTimeout } from '../platform/run-with-timeout.js';
import { timerMs } from '../policy/retry.js';
import type { FailureContext } from './supervised.js';
import { phrase } from '../events/phrases.js';

export interface ScriptResult {
  ok: boolean;
  exitCode: number | null;
  error: string | null;
}

/** The environment a restore step runs in: the monitor's, its user's HOME, USER and LOGNAME, the target's env, and what failed. */
export function restartScriptEnv(config: Pick<TargetConfig, 'name' | 'env' | 'scriptUser'>, failure: FailureContext): Record<string, string> {
  return {
    ...(process.env as Record<string, string>),
    ...config.scriptUser?.env,
    ...config.env,
    PSV_TARGET: config.name,
    PSV_PID: failure.deadPid === null ? '' : String(failure.deadPid),
    PSV_REASON: failure.reason,
    PSV_EXIT_CODE: failure.exitCode === null ? '' : String(failure.exitCode),
  };
}

export async function runRestartScript(
  platform: ProcessControl,
  script: string,
  opts: { cwd: string; env: Record<string, string>; timeoutMs: number; outputFd: number | 'ignore'; user?: { uid: number; gid: number } | null },
): Promise<ScriptResult> {
  const r = await runWithTimeout(platform.scriptCommand(script), {
    timeoutMs: timerMs(opts.timeoutMs),
    output: opts.outputFd,
    start: (argv) => platform.spawnTarget({ command: [...argv], cwd: opts.cwd, env: opts.env, outputFd: opts.outputFd, user: opts.user ?? null }),
    kill: (child) => {
      if (child.pid !== undefined) platform.killTree(child.pid);
    },
  });
  // A spawn that throws at once is a failed script like any other, not a restart left hanging.
  if (r.error) return { ok: false, exitCode: null, error: `cannot run ${script}: ${r.error.message}` };
  if (r.timedOut) return { ok: false, exitCode: r.exitCode, error: `${script} timed out after ${opts.timeoutMs} ms and was killed` };
  if (r.exitCode === 0) return { ok: true, exitCode: 0, error: null };
  return { ok: false, exitCode: r.exitCode, error: phrase('ScriptFailed', { script, how: r.exitCode !== null ? phrase('ExitCode', { code: r.exitCode }) : phrase('Signal', { signal: String(r.signal) }) }) };
}
