// A group: members watched as one. When a member fails, the group's strategy
// decides who restarts (all, rest = the member and its dependants, one), the
// group's own retry budget decides whether to, and the members are stopped
// in reverse dependency order and started in order.
import { formatDuration } from '../config/duration.js';
import type { GroupConfig } from '../config/types.js';
import type { EventBus } from '../events/bus.js';
import type { Graph } from '../policy/graph.js';
import { decideFailure, memberFailureOwner, membersToRestart, restartOf } from '../policy/escalation.js';
import { pruneRestarts, timerMs } from '../policy/retry.js';
import type { EscalationRequest } from './escalation-port.js';
import type { Supervised } from './supervised.js';
import type { TimerHandle, Timers } from './timers.js';
import { phrase } from '../events/phrases.js';

/** What a group needs of a member: its name, and a restart counted against the member's own budget. */
export type Member = Pick<Supervised, 'name' | 'claimRestart'>;

export interface GroupHost {
  events: EventBus;
  now(): number;
  timers: Timers;
  graph(): Graph;
  /** Stops the named targets, dependants first, each after those that depend on it. */
  stopInOrder(names: readonly string[], reason: string): Promise<void>;
  /** Starts the named targets in dependency order, each once what it needs is ready. */
  startInOrder(names: readonly string[]): void;
  escalate(request: EscalationRequest): void;
}

export type GroupState = 'Running' | 'Restarting' | 'Failed';

export class Group {
  private restarts: number[] = [];
  private continueMode = false;
  private restarting: Promise<void> | null = null;
  /** The wait of a group restart under way, cut short by close(). */
  private pause: { timer: TimerHandle; end: () => void } | null = null;
  /** The monitor is ending: no group restart starts anything any more. */
  private closed = false;
  state: GroupState = 'Running';

  constructor(public config: GroupConfig, private readonly host: GroupHost) {}

  get name(): string {
    return this.config.name;
  }

  restartsInWindow(): number {
    return pruneRestarts(this.restarts, this.host.now(), this.config.restart.windowMs).length;
  }

  /** A member went down: true when the group takes over (strategies all and rest). */
  memberDown(member: Member): boolean {
    // Members stopped or restarted by an ongoing group restart are part of it already.
    const owner = memberFailureOwner(this.config.strategy, this.restarting !== null || this.state === 'Failed' || this.closed);
    if (owner === 'member') return false;
    if (owner === 'absorbed') return true;
    const claim = member.claimRestart();
    if (claim === null) return true; // the member is over its own retries: its retry-over action was taken
    this.restarting = this.restartFor(member.name, claim.delayMs).finally(() => {
      this.restarting = null;
    });
    return true;
  }

  private async restartFor(cause: string, memberDelayMs: number): Promise<void> {
    const rule = this.config.restart;
    const decision = decideFailure({
      now: this.host.now(),
      budget: { rule, restarts: this.restarts, continueMode: this.continueMode, onRetryOver: this.config.onRetryOver },
      // The member's claim carries its crash-loop floor: a group of crash-looping members cannot spin either.
      minDelayMs: memberDelayMs,
    });
    this.restarts = decision.restarts;
    this.continueMode = decision.continueMode;
    for (const action of decision.actions) {
      if (action.kind === 'retryOver') this.host.events.emit('GroupRetryOver', { group: this.name, restarts: action.restarts, window: formatDuration(rule.windowMs), action: action.action });
    }
    const restart = restartOf(decision);
    if (restart === null) return this.giveUp(decision.actions.some((a) => a.kind === 'escalate'), cause);
    const { attempt, delayMs } = restart;
    const names = membersToRestart(this.config.strategy, this.host.graph(), cause, this.config.members);
    this.state = 'Restarting';
    this.host.events.emit('GroupRestart', {
      group: this.name,
      strategy: this.config.strategy,
      cause,
      members: names.join(', '),
      attempt,
      retries: rule.retries,
      delayMs,
    });
    await this.host.stopInOrder(names, `group '${this.name}' restarts`);
    if (delayMs > 0) await this.wait(delayMs);
    if (this.state !== 'Restarting' || this.closed) return; // reset, or the monitor is ending
    this.state = 'Running';
    this.host.startInOrder(names);
    this.host.events.emit('GroupRestarted', { group: this.name, members: names.join(', ') });
  }

  /** The delay before a group restart's start; close() ends it at once (and the monitor's loop is not held). */
  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const end = (): void => {
        this.host.timers.clearTimeout(timer);
        this.pause = null;
        resolve();
      };
      const timer = this.host.timers.setTimeout(end, timerMs(ms));
      this.pause = { timer, end };
    });
  }

  /** The monitor is ending: a group restart under way starts nothing, and nothing restarts the group again. */
  close(): void {
    this.closed = true;
    this.pause?.end();
  }

  /** Group retry over with stop or failover: every member stops. */
  private async giveUp(escalate: boolean, cause: string): Promise<void> {
    this.state = 'Failed';
    await this.host.stopInOrder(this.config.members, `group '${this.name}' retry over`);
    const { retries, windowMs } = this.config.restart;
    const history = { restarts: [...this.restarts], retries, windowMs };
    if (escalate) this.host.escalate({ scope: 'group', name: this.name, reason: phrase('RetryOver', {}), target: cause, group: this.name, history });
  }

  /** The operator's restart of the whole group: not counted against any budget. */
  async restartAll(): Promise<void> {
    await this.restarting;
    this.state = 'Restarting';
    await this.host.stopInOrder(this.config.members, 'group restart requested');
    this.state = 'Running';
    if (this.closed) return;
    this.host.startInOrder(this.config.members);
  }

  /** Clears the group's count; a group stopped by retry over starts again. */
  reset(): void {
    this.restarts = [];
    this.continueMode = false;
    if (this.state === 'Failed') {
      this.state = 'Running';
      this.host.startInOrder(this.config.members);
    }
  }
}
