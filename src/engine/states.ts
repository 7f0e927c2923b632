// The vocabulary of a target's life. A leaf module: it imports nothing, so the
// engine, the status output and the PowerShell format file can share the words.

export const TargetState = {
  /** Not running and not wanted (before the first start, or after a stop). */
  Stopped: 'Stopped',
  /** Waiting for the targets it depends on to be ready. */
  Waiting: 'Waiting',
  /** Being spawned. */
  Starting: 'Starting',
  /** Alive and watched. */
  Running: 'Running',
  /** Died; waiting out the restart delay or running the restart script. */
  Backoff: 'Backoff',
  /** Being stopped: terminate sent, kill pending. */
  Stopping: 'Stopping',
  /** Died while monitoring was paused: reported, not restarted. */
  Exited: 'Exited',
  /** Retry over with onRetryOver=stop: no longer restarted until reset. */
  Failed: 'Failed',
} as const;

export type TargetState = (typeof TargetState)[keyof typeof TargetState];

const S = TargetState;

/** Allowed transitions: from → the states it may move to. */
export const TRANSITIONS: Readonly<Record<TargetState, readonly TargetState[]>> = {
  // Stopped → Running is adoption: a process still running from before the monitor restarted.
  [S.Stopped]: [S.Starting, S.Running, S.Waiting],
  [S.Waiting]: [S.Starting, S.Stopped],
  [S.Starting]: [S.Running, S.Backoff, S.Failed, S.Stopped, S.Exited],
  // Running → Stopped: a watched service stopped on purpose, or watching ended (psv did not start it, so it is not killed).
  [S.Running]: [S.Backoff, S.Stopping, S.Exited, S.Failed, S.Stopped],
  [S.Backoff]: [S.Starting, S.Failed, S.Stopped, S.Backoff, S.Waiting],
  [S.Stopping]: [S.Stopped],
  [S.Exited]: [S.Starting, S.Stopped, S.Running, S.Waiting],
  [S.Failed]: [S.Starting, S.Stopped, S.Waiting],
};

export class IllegalTransition extends Error {
  constructor(readonly target: string, readonly from: TargetState, readonly to: TargetState) {
    super(`illegal state transition for '${target}': ${from} -> ${to}`);
  }
}

export function assertTransition(target: string, from: TargetState, to: TargetState): void {
  if (!TRANSITIONS[from].includes(to)) throw new IllegalTransition(target, from, to);
}
