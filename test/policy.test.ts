// The retry rule, with the clock passed in: no processes, no waiting.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  backoffDelay,
  continueDelay,
  continuedRestart,
  CRASH_LOOP_FLOOR_MS,
  CRASH_LOOP_MIN_UPTIME_MS,
  crashLoopFloor,
  decideRestart,
  MAX_TIMER_MS,
  pruneRestarts,
  restartBudgetLeft,
  timerMs,
  type RetryRule,
} from '../src/policy/retry.js';

const rule = (over: Partial<RetryRule> = {}): RetryRule => ({
  retries: 3,
  windowMs: 86_400_000,
  delayMs: 0,
  backoff: { factor: 2, maxMs: 30_000 },
  ...over,
});

describe('sliding window', () => {
  it('keeps only the restarts inside the window ending now', () => {
    assert.deepEqual(pruneRestarts([1000, 5000, 9000], 10_000, 6000), [5000, 9000]);
    assert.deepEqual(pruneRestarts([1000, 5000, 9000], 10_000, 9000), [5000, 9000], 'a restart exactly window old has left');
    assert.deepEqual(pruneRestarts([], 10_000, 1000), []);
  });

  it('allows N restarts in the window, then says retry over', () => {
    const r = rule({ retries: 3, windowMs: 60_000 });
    let restarts: number[] = [];
    for (const [i, now] of [0, 1000, 2000].entries()) {
      const d = decideRestart(r, restarts, now);
      assert.equal(d.kind, 'restart');
      if (d.kind === 'restart') {
        assert.equal(d.attempt, i + 1);
        restarts = d.restarts;
      }
    }
    assert.equal(restartBudgetLeft(r, restarts, 3000), 0);
    assert.equal(decideRestart(r, restarts, 3000).kind, 'retryOver');
  });

  it('gives the budget back as old restarts leave the window', () => {
    const r = rule({ retries: 2, windowMs: 10_000 });
    const restarts = [0, 5000];
    assert.equal(decideRestart(r, restarts, 9999).kind, 'retryOver');
    const d = decideRestart(r, restarts, 10_000);
    assert.equal(d.kind, 'restart');
    if (d.kind === 'restart') {
      assert.equal(d.attempt, 2);
      assert.deepEqual(d.restarts, [5000, 10_000]);
    }
    assert.equal(restartBudgetLeft(r, restarts, 15_001), 2);
  });

  it('retries: 0 means retry over at the first failure', () => {
    assert.equal(decideRestart(rule({ retries: 0 }), [], 0).kind, 'retryOver');
  });
});

describe('backoff', () => {
  it('grows by the factor and stops at the maximum', () => {
    const r = rule({ delayMs: 500, backoff: { factor: 2, maxMs: 3000 } });
    assert.deepEqual([1, 2, 3, 4, 5].map((n) => backoffDelay(r, n)), [500, 1000, 2000, 3000, 3000]);
  });

  it('a zero delay stays zero, and factor 1 keeps the delay flat', () => {
    assert.equal(backoffDelay(rule({ delayMs: 0 }), 5), 0);
    assert.equal(backoffDelay(rule({ delayMs: 700, backoff: { factor: 1, maxMs: 30_000 } }), 9), 700);
  });

  it('a maximum below the delay does not shorten the delay', () => {
    assert.equal(backoffDelay(rule({ delayMs: 5000, backoff: { factor: 2, maxMs: 1000 } }), 3), 5000);
  });

  it('the decision carries the backoff of its attempt', () => {
    const r = rule({ delayMs: 100, backoff: { factor: 3, maxMs: 10_000 } });
    const d = decideRestart(r, [1, 2], 3);
    assert.equal(d.kind === 'restart' && d.delayMs, 900);
  });

  it('after retry over, continue waits the maximum backoff, never under a second', () => {
    assert.equal(continueDelay(rule({ backoff: { factor: 2, maxMs: 30_000 } })), 30_000);
    assert.equal(continueDelay(rule({ backoff: { factor: 2, maxMs: 0 } })), 1000);
  });

  it('a continued restart after retry over is counted in the window as the next attempt', () => {
    const r = rule({ backoff: { factor: 2, maxMs: 30_000 } });
    assert.deepEqual(continuedRestart(r, [10, 20, 30], 40), { attempt: 4, delayMs: 30_000, restarts: [10, 20, 30, 40] });
  });
});

describe('crash-loop floor', () => {
  it('is 1 s of run and 100 ms of wait, like systemd', () => {
    assert.equal(CRASH_LOOP_MIN_UPTIME_MS, 1000);
    assert.equal(CRASH_LOOP_FLOOR_MS, 100);
  });

  it('a run shorter than the minimum, or a start that failed, waits the floor', () => {
    assert.equal(crashLoopFloor(10_000, 10_000), CRASH_LOOP_FLOOR_MS, 'died at once');
    assert.equal(crashLoopFloor(10_000, 10_999), CRASH_LOOP_FLOOR_MS, 'a millisecond short');
    assert.equal(crashLoopFloor(null, 10_000), CRASH_LOOP_FLOOR_MS, 'never ran');
  });

  it('a target that ran longer than the minimum restarts with no floor', () => {
    assert.equal(crashLoopFloor(10_000, 11_000), 0);
    assert.equal(crashLoopFloor(10_000, 10_000 + 3_600_000), 0);
  });

  it('raises a delay of 0 and leaves a longer delay as it is', () => {
    const d = decideRestart(rule({ retries: 100_000 }), [], 5000);
    assert.equal(d.kind, 'restart');
    if (d.kind !== 'restart') return;
    assert.equal(Math.max(d.delayMs, crashLoopFloor(4990, 5000)), CRASH_LOOP_FLOOR_MS);
    const slow = decideRestart(rule({ delayMs: 2000 }), [], 5000);
    if (slow.kind === 'restart') assert.equal(Math.max(slow.delayMs, crashLoopFloor(4990, 5000)), 2000);
  });

});

describe('timers', () => {
  it('a wait longer than a timer can hold is cut to ~24.8 days instead of firing at once', () => {
    const month = 30 * 86_400_000;
    assert.equal(backoffDelay(rule({ delayMs: month, backoff: { factor: 2, maxMs: month } }), 1), MAX_TIMER_MS);
    assert.equal(continueDelay(rule({ backoff: { factor: 2, maxMs: month } })), MAX_TIMER_MS);
    assert.equal(timerMs(-5), 0);
  });
});
