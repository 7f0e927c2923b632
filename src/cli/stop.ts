// `psv stop`: a stop that means stopped. The monitor answers once its targets
// are stopped, and exits after that; the verb returns only when the process
// is gone, or says that it is not.
import { join } from 'node:path';
import type { StoppingResult } from '../control/protocol.js';
import { PsvError } from '../errors.js';
import { platform } from '../platform/index.js';
import { request, type Located } from './remote.js';

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
  const log = where.stateDir ? `; see ${join(where.stateDir, 'monitor.log')} and the event file` : '';
  return new PsvError(
    'RUNTIME',
    `the monitor (pid ${pid}) answered the stop but is still running ${Math.round(waitedMs / 1000)} s later${log}; end process ${pid} by hand if it does not exit`,
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
    throw new PsvError('RUNTIME', `${err.message}; the monitor (pid ${known.pid}) ${gone ? 'has exited' : 'is still running'}`);
  }
  if (!stopping) deadline = Date.now() + WAIT.exitMarginMs;
  if (!(await exited(reply.pid, deadline))) throw stillRunning(where, reply.pid, Date.now() - asked);
  return { stopped: true, keepTargets, pid: reply.pid };
}
