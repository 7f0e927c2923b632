// Runs a restart script directly (never through a pasted command line), with
// the documented environment, and kills it past its timeout.
import type { TargetConfig } from '../config/types.js';
import type { Platform } from '../platform/index.js';
import { timerMs } from '../policy/retry.js';
import type { FailureContext } from './supervised.js';

export interface ScriptResult {
  ok: boolean;
  exitCode: number | null;
  error: string | null;
}

/** The environment a restore step runs in: the monitor's, the target's env, and what failed. */
export function restartScriptEnv(config: Pick<TargetConfig, 'name' | 'env'>, failure: FailureContext): Record<string, string> {
  return {
    ...(process.env as Record<string, string>),
    ...config.env,
    PSV_TARGET: config.name,
    PSV_PID: failure.deadPid === null ? '' : String(failure.deadPid),
    PSV_REASON: failure.reason,
    PSV_EXIT_CODE: failure.exitCode === null ? '' : String(failure.exitCode),
  };
}

export function runRestartScript(
  platform: Platform,
  script: string,
  opts: { cwd: string; env: Record<string, string>; timeoutMs: number; outputFd: number | 'ignore' },
): Promise<ScriptResult> {
  return new Promise((resolve) => {
    const argv = platform.scriptCommand(script);
    let child: ReturnType<Platform['spawnTarget']>;
    try {
      child = platform.spawnTarget({ command: argv, cwd: opts.cwd, env: opts.env, outputFd: opts.outputFd });
    } catch (err) {
      // A spawn that throws at once is a failed script like any other, not a restart left hanging.
      resolve({ ok: false, exitCode: null, error: `cannot run ${script}: ${(err as Error).message}` });
      return;
    }
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) platform.killTree(child.pid);
      } catch {
        // Its exit (or the next restart's) still settles this; the kill is best effort.
      }
    }, timerMs(opts.timeoutMs));
    child.once('error', (err) => {
      clearTimeout(timer);
      resolve({ ok: false, exitCode: null, error: `cannot run ${script}: ${err.message}` });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) resolve({ ok: false, exitCode: code, error: `${script} timed out after ${opts.timeoutMs} ms and was killed` });
      else if (code === 0) resolve({ ok: true, exitCode: 0, error: null });
      else resolve({ ok: false, exitCode: code, error: `${script} failed (${code !== null ? `exit code ${code}` : `signal ${signal}`})` });
    });
  });
}
