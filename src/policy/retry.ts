// The retry rule as pure functions over plain data: "restart up to N times
// within the grace window, then the retry-over action". Restart timestamps are
// kept in a list pruned to the window; its length answers "too many?".
// The clock is passed in.

/** Timers take at most 2^31-1 ms; a longer wait would fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A wait that a timer can hold: longer ones are cut to the ~24.8 days a timer allows. */
export function timerMs(ms: number): number {
  return Math.min(Math.max(0, ms), MAX_TIMER_MS);
}

export interface RetryRule {
  retries: number;
  windowMs: number;
  delayMs: number;
  backoff: { factor: number; maxMs: number };
}

/** Timestamps (ms) of the restarts still inside the window ending at `now`. */
export function pruneRestarts(restarts: readonly number[], now: number, windowMs: number): number[] {
  const since = now - windowMs;
  return restarts.filter((t) => t > since);
}

/** How many more restarts the rule allows at `now`. */
export function restartBudgetLeft(rule: RetryRule, restarts: readonly number[], now: number): number {
  return Math.max(0, rule.retries - pruneRestarts(restarts, now, rule.windowMs).length);
}

/**
 * The wait before restart number `attempt` (1-based) within the window:
 * delay × factor^(attempt-1), capped at backoff.max. A zero delay stays zero.
 */
export function backoffDelay(rule: RetryRule, attempt: number): number {
  if (rule.delayMs <= 0) return 0;
  const grown = rule.delayMs * Math.pow(rule.backoff.factor, Math.max(0, attempt - 1));
  return timerMs(Math.min(grown, Math.max(rule.backoff.maxMs, rule.delayMs)));
}

export type RestartDecision =
  | { kind: 'restart'; attempt: number; delayMs: number; restarts: number[] }
  | { kind: 'retryOver'; restarts: number[] };

/**
 * What to do when a target has failed at `now`, given the restart timestamps
 * recorded so far. On 'restart', `restarts` already holds the new attempt.
 */
export function decideRestart(rule: RetryRule, restarts: readonly number[], now: number): RestartDecision {
  const inWindow = pruneRestarts(restarts, now, rule.windowMs);
  if (inWindow.length >= rule.retries) return { kind: 'retryOver', restarts: inWindow };
  const attempt = inWindow.length + 1;
  return { kind: 'restart', attempt, delayMs: backoffDelay(rule, attempt), restarts: [...inWindow, now] };
}

/**
 * The restart after a retry-over whose action is continue: counted in the
 * window like any other, after the continue delay. `inWindow` is the
 * retryOver decision's restarts.
 */
export function continuedRestart(rule: RetryRule, inWindow: readonly number[], now: number): { attempt: number; delayMs: number; restarts: number[] } {
  return { attempt: inWindow.length + 1, delayMs: continueDelay(rule), restarts: [...inWindow, now] };
}

/** Never restart a target that keeps failing faster than this once it is over its retries. */
export const MIN_CONTINUE_DELAY_MS = 1000;

/**
 * The wait between restarts once retry-over has said "continue": the maximum
 * backoff, and never less than MIN_CONTINUE_DELAY_MS, so that a target that can
 * never start does not spin the monitor.
 */
export function continueDelay(rule: RetryRule): number {
  return timerMs(Math.max(rule.backoff.maxMs, rule.delayMs, MIN_CONTINUE_DELAY_MS));
}

/** A run shorter than this is a crash loop's: the next restart waits at least CRASH_LOOP_FLOOR_MS. */
export const CRASH_LOOP_MIN_UPTIME_MS = 1000;
/** The least wait between the restarts of a crash loop (systemd's RestartSec is 100 ms too), whatever delay says. */
export const CRASH_LOOP_FLOOR_MS = 100;

/**
 * The least wait before restarting a target whose run began at `runBegan` and
 * ended at `now`: CRASH_LOOP_FLOOR_MS when the run was shorter than
 * CRASH_LOOP_MIN_UPTIME_MS or never began (null: the start itself failed),
 * else 0, so that a target that ran for a while comes back at once.
 */
export function crashLoopFloor(runBegan: number | null, now: number): number {
  return runBegan === null || now - runBegan < CRASH_LOOP_MIN_UPTIME_MS ? CRASH_LOOP_FLOOR_MS : 0;
}
