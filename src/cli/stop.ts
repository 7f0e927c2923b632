// `psv stop`: a stop that means stopped. The monitor answers once its targets
// are stopped, and exits after that; the verb returns only when the process
// is gone, or says that it is not.
import { join } from 'node:path';
import type { StoppingResult } from '../control/protocol.js';
import { PsvError } from '../errors.js';
import { platform } from '../platform/index.js';
import { request, type Located } from './remote.js';
import { say } from '../i18n/say.js';

const WAIT = {
  /** How long a monitor that never says how long it needs may take to answer a stop. */
  answerMs: 120_000,
  /** What exiting takes past stopping the targets: closing the connections, flushing the event sinks. */
  exitMarginMs: 30_000,
  pollMs: 25,
} as const;

export interface StopResult {
  stopped: true;
  keepTargets: boolean;
  pid: number;
}

function isStopping(result: unknown): result is StoppingResult {
  return typeof result === 'object' && result !== null && (result as StoppingResult).stopping === true && Number.isInteger((result as StoppingResult).pid);
}

/** Waits until process `pid` has exited (a zombie has); false when it still runs at the deadline. */
async function exited(pid: number, deadline: number): Promise<boolean> {
  const token = platform.processStartToken(pid);
  if (token === null) return true;
  for (;;) {
    if (platform.probeProcess(pid, token) !== 'alive') return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, WAIT.pollMs));
  }
}

function stillRunning(where: Located, pid: number, waitedMs: number): PsvError {
  const log = where.stateDir ? say({ en: '; see {log} and the event file', ja: '。{log} とイベントファイルを確認してください' }, { log: join(where.stateDir, 'monitor.log') }) : '';
  return new PsvError(
    'RUNTIME',
    say(
      {
        en: 'the monitor (pid {pid}) answered the stop but is still running {s} s later{log}; end process {pid} by hand if it does not exit',
        ja: 'モニタ (pid {pid}) は停止要求に応答しましたが、{s} 秒後もまだ動作しています{log}。終了しない場合はプロセス {pid} を手動で終了してください',
      },
      { pid, s: Math.round(waitedMs / 1000), log },
    ),
  );
}

/** Told, while the monitor stops, which targets are still stopping (all of them first, then after each stop). */
export type StopProgress = (remaining: string[]) => void;

export async function stopMonitor(where: Located, keepTargets: boolean, onProgress?: StopProgress): Promise<StopResult> {
  const asked = Date.now();
  let stopping: StoppingResult | null = null;
  let deadline = asked + WAIT.answerMs + WAIT.exitMarginMs;
  let reply: { pid: number };
  try {
    reply = (await request(
      where,
      'stop',
      { keepTargets },
      {
        timeoutMs: WAIT.answerMs,
        onMore: (result, call) => {
          if (!isStopping(result)) return;
          stopping = result;
          if (onProgress && Array.isArray(result.remaining)) onProgress(result.remaining);
          // The monitor said how long its targets may take: wait that long, and a margin for its exit.
          deadline = Date.now() + result.withinMs + WAIT.exitMarginMs;
          call.setTimeout(result.withinMs + WAIT.exitMarginMs);
        },
      },
    )) as { pid: number };
  } catch (err) {
    const known = stopping as StoppingResult | null;
    if (!(err instanceof PsvError) || known === null) throw err;
    // It began to stop and then broke off: say whether the process is gone.
    const gone = await exited(known.pid, deadline);
    const state = gone
      ? say({ en: 'the monitor (pid {pid}) has exited', ja: 'モニタ (pid {pid}) は終了しました' }, { pid: known.pid })
      : say({ en: 'the monitor (pid {pid}) is still running', ja: 'モニタ (pid {pid}) はまだ動作しています' }, { pid: known.pid });
    throw new PsvError('RUNTIME', `${err.message}; ${state}`);
  }
  if (!stopping) deadline = Date.now() + WAIT.exitMarginMs;
  if (!(await exited(reply.pid, deadline))) throw stillRunning(where, reply.pid, Date.now() - asked);
  return { stopped: true, keepTargets, pid: reply.pid };
}
