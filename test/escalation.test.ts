// The escalation decision, with the clock passed in: no processes, no timers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decideFailure,
  memberFailureOwner,
  membersToRestart,
  notAFailure,
  restartOf,
  type Budget,
  type FailureInput,
  type RetryOverAction,
} from '../src/policy/escalation.js';
import { CRASH_LOOP_FLOOR_MS, MIN_CONTINUE_DELAY_MS, type RetryRule } from '../src/policy/retry.js';

const rule = (over: Partial<RetryRule> = {}): RetryRule => ({ retries: 2, windowMs: 10_000, delayMs: 0, backoff: { factor: 2, maxMs: 8000 }, ...over });
const budget = (over: Partial<Budget> = {}): Budget => ({ rule: rule(), restarts: [], continueMode: false, onRetryOver: 'stop', ...over });
const decide = (over: Partial<FailureInput> = {}) => decideFailure({ now: 100_000, budget: budget(), ...over });
const kinds = (input: Partial<FailureInput>) => decide(input).actions.map((a) => a.kind);

describe('restart types', () => {
  it('permanent: every exit is a failure, a clean one too', () => {
    assert.equal(notAFailure('permanent', true), null);
    assert.deepEqual(kinds({ restartType: 'permanent', cleanExit: true }), ['restart']);
  });

  it('transient: a clean exit leaves the target stopped, budget untouched; a failed exit restarts', () => {
    const clean = decide({ restartType: 'transient', cleanExit: true, budget: budget({ restarts: [99_000] }) });
    assert.deepEqual(clean.actions, [{ kind: 'leaveStopped', why: 'clean exit' }]);
    assert.deepEqual(clean.restarts, [99_000]);
    assert.deepEqual(kinds({ restartType: 'transient', cleanExit: false }), ['restart']);
  });

  it('temporary: never restarted, whatever the exit', () => {
    assert.deepEqual(decide({ restartType: 'temporary', cleanExit: false }).actions, [{ kind: 'leaveStopped', why: 'temporary' }]);
    assert.deepEqual(kinds({ restartType: 'temporary', cleanExit: true }), ['leaveStopped']);
  });
});

describe('the budget', () => {
  it('restarts while the window has room, counting the new restart, with the backoff delay', () => {
    const first = decide({ budget: budget({ rule: rule({ delayMs: 1000 }) }) });
    assert.deepEqual(first.actions, [{ kind: 'restart', attempt: 1, delayMs: 1000, continued: false }]);
    assert.deepEqual(first.restarts, [100_000]);
    const second = decide({ budget: budget({ rule: rule({ delayMs: 1000 }), restarts: first.restarts }) });
    assert.deepEqual(second.actions, [{ kind: 'restart', attempt: 2, delayMs: 2000, continued: false }]);
  });

  it('window edge: a restart exactly one window old no longer counts, one a millisecond younger does', () => {
    const now = 100_000;
    const atStart = decide({ now, budget: budget({ restarts: [now - 10_000, now - 1] }) });
    assert.equal(restartOf(atStart)?.attempt, 2, 'the restart at the window start has left it');
    assert.deepEqual(atStart.restarts, [now - 1, now]);
    const inside = decide({ now, budget: budget({ restarts: [now - 9_999, now - 1] }) });
    assert.deepEqual(kinds({ now, budget: budget({ restarts: [now - 9_999, now - 1] }) }), ['retryOver', 'stop']);
    assert.deepEqual(inside.restarts, [now - 9_999, now - 1]);
    const atEnd = decide({ now, budget: budget({ restarts: [now, now] }) });
    assert.equal(restartOf(atEnd), null, 'restarts made at this very moment count');
  });

  it('zero retries: straight to the retry-over action', () => {
    assert.deepEqual(kinds({ budget: budget({ rule: rule({ retries: 0 }) }) }), ['retryOver', 'stop']);
  });
});

describe('retry over', () => {
  const full = (onRetryOver: RetryOverAction, continueMode = false) => budget({ restarts: [99_000, 99_500], onRetryOver, continueMode });

  it('stop: reports, stops, does not escalate', () => {
    const d = decide({ budget: full('stop') });
    assert.deepEqual(d.actions, [{ kind: 'retryOver', restarts: 2, action: 'stop' }, { kind: 'stop' }]);
    assert.equal(d.continueMode, false);
  });

  it('failover: reports, stops and escalates', () => {
    assert.deepEqual(decide({ budget: full('failover') }).actions, [{ kind: 'retryOver', restarts: 2, action: 'failover' }, { kind: 'stop' }, { kind: 'escalate' }]);
  });

  it('continue: reports once, then restarts at the continue delay in continue mode', () => {
    const d = decide({ budget: full('continue') });
    assert.deepEqual(d.actions, [
      { kind: 'retryOver', restarts: 2, action: 'continue' },
      { kind: 'restart', attempt: 3, delayMs: Math.max(8000, MIN_CONTINUE_DELAY_MS), continued: true },
    ]);
    assert.equal(d.continueMode, true);
    assert.deepEqual(d.restarts, [99_000, 99_500, 100_000]);
  });

  it('continue mode: no second report; it ends when the window has room again', () => {
    assert.deepEqual(kinds({ budget: full('continue', true) }), ['restart']);
    const roomAgain = decide({ now: 200_000, budget: full('continue', true) });
    assert.deepEqual(roomAgain.actions, [{ kind: 'restart', attempt: 1, delayMs: 0, continued: false }]);
    assert.equal(roomAgain.continueMode, false);
  });

  it('continue mode after the action was changed to stop: the new action is reported and taken', () => {
    assert.deepEqual(kinds({ budget: full('stop', true) }), ['retryOver', 'stop']);
    assert.equal(decide({ budget: full('stop', true) }).continueMode, false);
  });
});

describe('the crash-loop floor and a least delay', () => {
  it('a run shorter than the minimum, or none, waits at least the floor', () => {
    assert.equal(restartOf(decide({ runBegan: 99_900 }))?.delayMs, CRASH_LOOP_FLOOR_MS);
    assert.equal(restartOf(decide({ runBegan: null }))?.delayMs, CRASH_LOOP_FLOOR_MS);
  });

  it('a run that lasted comes back at once; no run given (a group) has no floor', () => {
    assert.equal(restartOf(decide({ runBegan: 10_000 }))?.delayMs, 0);
    assert.equal(restartOf(decide({}))?.delayMs, 0);
  });

  it('the floor and the least delay never shorten a longer configured delay', () => {
    assert.equal(restartOf(decide({ runBegan: null, budget: budget({ rule: rule({ delayMs: 5000 }) }) }))?.delayMs, 5000);
    assert.equal(restartOf(decide({ minDelayMs: 700 }))?.delayMs, 700);
    assert.equal(restartOf(decide({ minDelayMs: 700, budget: continuing() }))?.delayMs, Math.max(8000, MIN_CONTINUE_DELAY_MS));
  });
});

function continuing(): Budget {
  return budget({ restarts: [99_000, 99_500], onRetryOver: 'continue' });
}

describe('groups', () => {
  const graph = new Map<string, string[]>([
    ['db', []],
    ['app', ['db']],
    ['web', ['app']],
    ['batch', ['db']],
    ['other', []],
  ]);
  const members = ['db', 'app', 'web', 'batch'];

  it('who handles a member failure: the member (no group, one), the group (all, rest), nobody more while the group is busy', () => {
    assert.equal(memberFailureOwner(null, false), 'member');
    assert.equal(memberFailureOwner('one', true), 'member');
    assert.equal(memberFailureOwner('all', false), 'group');
    assert.equal(memberFailureOwner('rest', false), 'group');
    assert.equal(memberFailureOwner('all', true), 'absorbed');
    assert.equal(memberFailureOwner('rest', true), 'absorbed');
  });

  it('all: every member; rest: the cause and what depends on it, within the group', () => {
    assert.deepEqual(membersToRestart('all', graph, 'app', members), members);
    assert.deepEqual(new Set(membersToRestart('rest', graph, 'app', members)), new Set(['app', 'web']));
    assert.deepEqual(new Set(membersToRestart('rest', graph, 'db', members)), new Set(members));
    assert.deepEqual(membersToRestart('rest', graph, 'web', members), ['web']);
  });

  it("a group's budget has no restart type and no floor: its failure is always one", () => {
    assert.deepEqual(kinds({ budget: budget({ restarts: [99_000, 99_500], onRetryOver: 'failover' }) }), ['retryOver', 'stop', 'escalate']);
  });
});
