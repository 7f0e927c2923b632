// What psv decides when something fails, as one pure function over plain data
// (OTP's supervisor vocabulary): whether the exit counts as a failure at all
// (the restart type), whether the failure is the target's own business or its
// group's (the strategy), and, against the restart budget, whether to restart
// now or later, or to give up: retry over -> continue | stop | escalate.
// The engine carries the actions out; the clock is passed in.
import { withDependants, type Graph } from './graph.js';
import { continuedRestart, crashLoopFloor, decideRestart, type RetryRule } from './retry.js';

/** OTP's restart types: does an exit count as a failure? */
export type RestartType = 'permanent' | 'transient' | 'temporary';
export type RetryOverAction = 'continue' | 'stop' | 'failover';
export type GroupStrategy = 'all' | 'rest' | 'one';

/** A restart budget and where it stands: a target's own, or a group's. */
export interface Budget {
  rule: RetryRule;
  /** Timestamps of the restarts made so far (pruned to the window by the decision). */
  restarts: readonly number[];
  /** Retry over said continue, and the window has had no room since. */
  continueMode: boolean;
  onRetryOver: RetryOverAction;
}

export interface FailureInput {
  now: number;
  budget: Budget;
  /** Only targets have one; a group's failure is always a failure. Default permanent. */
  restartType?: RestartType;
  /** The run ended with exit code 0 (a transient target is then left stopped). */
  cleanExit?: boolean;
  /** When the failed run began, or null when it never did: a short run waits at least the crash-loop floor. Undefined: no floor. */
  runBegan?: number | null;
  /** A wait the restart may not undercut (a group's restart takes its member's). */
  minDelayMs?: number;
}

export type EscalationAction =
  /** Not a failure under the restart type: leave the target stopped and say why. */
  | { kind: 'leaveStopped'; why: 'clean exit' | 'temporary' }
  /** The budget is used up: report it, with the action about to be taken. */
  | { kind: 'retryOver'; restarts: number; action: RetryOverAction }
  /** Restart after delayMs; `continued` when retry over said continue. */
  | { kind: 'restart'; attempt: number; delayMs: number; continued: boolean }
  /** Stop restarting until reset. */
  | { kind: 'stop' }
  /** Hand the failure one level up (the escalation port). */
  | { kind: 'escalate' };

export interface FailureDecision {
  actions: EscalationAction[];
  /** The budget's restarts and continue mode after the decision: the caller keeps them. */
  restarts: number[];
  continueMode: boolean;
}

/** Whether an exit under `type` is a failure to act on, or the reason it is not. */
export function notAFailure(type: RestartType, cleanExit: boolean): 'clean exit' | 'temporary' | null {
  if (type === 'temporary') return 'temporary';
  if (type === 'transient' && cleanExit) return 'clean exit';
  return null;
}

/** What to do about one failure, against one budget. */
export function decideFailure(input: FailureInput): FailureDecision {
  const { now, budget } = input;
  const unchanged = { restarts: [...budget.restarts], continueMode: budget.continueMode };
  const why = notAFailure(input.restartType ?? 'permanent', input.cleanExit ?? false);
  if (why) return { actions: [{ kind: 'leaveStopped', why }], ...unchanged };
  // However small the configured delay, a crash loop cannot spin: a short run waits at least the floor.
  const floor = Math.max(input.runBegan === undefined ? 0 : crashLoopFloor(input.runBegan, now), input.minDelayMs ?? 0);
  const decision = decideRestart(budget.rule, budget.restarts, now);
  if (decision.kind === 'restart') {
    return {
      actions: [{ kind: 'restart', attempt: decision.attempt, delayMs: Math.max(decision.delayMs, floor), continued: false }],
      restarts: decision.restarts,
      continueMode: false,
    };
  }
  const inWindow = decision.restarts;
  // Continue mode lasts while the action still says continue: a retry over already reported is not reported again.
  const stillContinuing = budget.continueMode && budget.onRetryOver === 'continue';
  const actions: EscalationAction[] = stillContinuing ? [] : [{ kind: 'retryOver', restarts: inWindow.length, action: budget.onRetryOver }];
  if (budget.onRetryOver === 'continue') {
    const next = continuedRestart(budget.rule, inWindow, now);
    actions.push({ kind: 'restart', attempt: next.attempt, delayMs: Math.max(next.delayMs, floor), continued: true });
    return { actions, restarts: next.restarts, continueMode: true };
  }
  actions.push({ kind: 'stop' });
  if (budget.onRetryOver === 'failover') actions.push({ kind: 'escalate' });
  return { actions, restarts: inWindow, continueMode: false };
}

/**
 * Who handles a member's failure: the member alone (no group, or strategy
 * one), nobody more (the group is already restarting, has given up, or the
 * monitor is ending: the member is part of that), or the group.
 */
export function memberFailureOwner(strategy: GroupStrategy | null, groupBusy: boolean): 'member' | 'absorbed' | 'group' {
  if (strategy === null || strategy === 'one') return 'member';
  return groupBusy ? 'absorbed' : 'group';
}

/** The members a group restart for `cause` takes down and brings back: all, or the cause and its dependants (rest). */
export function membersToRestart(strategy: GroupStrategy, graph: Graph, cause: string, members: readonly string[]): string[] {
  if (strategy === 'all') return [...new Set(members)];
  return [...withDependants(graph, cause, new Set(members))];
}

/** The restart the decision makes, if any. */
export function restartOf(decision: FailureDecision): Extract<EscalationAction, { kind: 'restart' }> | null {
  return (decision.actions.find((a) => a.kind === 'restart') as Extract<EscalationAction, { kind: 'restart' }> | undefined) ?? null;
}
