// A group: members watched as one. When a member fails, the group's strategy
// decides who restarts (all, rest = the member and its dependants, one), the
// group's own retry budget decides whether to, and the members are stopped
// in reverse dependency order and started in order.
import { formatDuration } from '../config/duration.js';
import type { GroupConfig } from '../config/types.js';
import type { EventBus } from '../events/bus.js';
import { withDependants, type Graph } from '../policy/graph.js';
import { continuedRestart, decideRestart, pruneRestarts, timerMs } from '../policy/retry.js';
import type { Supervised } from './supervised.js';

export interface GroupHost {
  events: EventBus;
  now(): number;
  graph(): Graph;
  target(name: string): Supervised | undefined;
  /** Stops the named targets, dependants first, each after those that depend on it. */
  stopInOrder(names: readonly string[], reason: string): Promise<void>;
  /** Starts the named targets in dependency order, each once what it needs is ready. */
  startInOrder(names: readonly string[]): void;
  requestFailover(source: string): void;
}

export type GroupState = 'Running' | 'Restarting' | 'Failed';

export class Group {
  private restarts: number[] = [];
  private continueMode = false;
  private restarting: Promise<void> | null = null;
  /** The wait of a group restart under way, cut short by close(). */
  private pause: { timer: NodeJS.Timeout; end: () => void } | null = null;
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
  memberDown(member: Supervised): boolean {
    if (this.config.strategy === 'one') return false;
    // Members stopped or restarted by an ongoing group restart are part of it already.
    if (this.restarting || this.state === 'Failed' || this.closed) return true;
    const claim = member.claimRestart();
    if (claim === null) return true; // the member is over its own retries: its retry-over action was taken
    this.restarting = this.restartFor(member.name, claim.delayMs).finally(() => {
      this.restarting = null;
    });
    return true;
  }

  private affected(cause: string): string[] {
    const members = new Set(this.config.members);
    if (this.config.strategy === 'all') return [...members];
    return [...withDependants(this.host.graph(), cause, members)];
  }

  private async restartFor(cause: string, memberDelayMs: number): Promise<void> {
    const now = this.host.now();
    const rule = this.config.restart;
    const decision = decideRestart(rule, this.restarts, now);
    let next: { attempt: number; delayMs: number; restarts: number[] };
    if (decision.kind === 'restart') {
      this.continueMode = false;
      next = decision;
    } else {
      if (!this.continueMode) {
        this.host.events.emit('GroupRetryOver', {
          group: this.name,
          restarts: decision.restarts.length,
          window: formatDuration(rule.windowMs),
          action: this.config.onRetryOver,
        });
      }
      if (this.config.onRetryOver !== 'continue') return this.giveUp();
      this.continueMode = true;
      next = continuedRestart(rule, decision.restarts, now);
    }
    this.restarts = next.restarts;
    const attempt = next.attempt;
    // The member's claim carries its crash-loop floor: a group of crash-looping members cannot spin either.
    const delayMs = Math.max(next.delayMs, memberDelayMs);
    const names = this.affected(cause);
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
        clearTimeout(timer);
        this.pause = null;
        resolve();
      };
      const timer = setTimeout(end, timerMs(ms));
      this.pause = { timer, end };
    });
  }

  /** The monitor is ending: a group restart under way starts nothing, and nothing restarts the group again. */
  close(): void {
    this.closed = true;
    this.pause?.end();
  }

  /** Group retry over with stop or failover: every member stops. */
  private async giveUp(): Promise<void> {
    this.state = 'Failed';
    await this.host.stopInOrder(this.config.members, `group '${this.name}' retry over`);
    if (this.config.onRetryOver === 'failover') this.host.requestFailover(`group ${this.name}`);
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
