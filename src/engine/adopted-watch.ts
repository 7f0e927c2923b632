// Watching a command target's process that is not our child (adopted after a
// monitor restart, or left behind by a spawn helper that died): no exit event
// tells of its end, so the target looks for it itself (its tick). This keeps
// the platform's wait on it and the fast poll while it is being stopped.
import type { TargetHost } from './supervised.js';
import type { TimerHandle } from './timers.js';

/** How often a stopping adopted process is checked for being gone. */
const ADOPTED_STOP_POLL_MS = 50;

export class AdoptedWatch {
  /** Cancels the platform's wait on the process (watchProcessEnd). */
  private cancelWait: (() => void) | null = null;
  private pollTimer: TimerHandle | null = null;

  /** `look` checks whether the process is still there (the target's tick). */
  constructor(
    private readonly host: Pick<TargetHost, 'platform' | 'timers'>,
    private readonly look: () => void,
  ) {}

  /**
   * Where the platform can wait on a process that is not our child (Windows, Linux's pidfd),
   * its end is looked at at once instead of at the next tick, while `current` holds.
   */
  waitForEnd(pid: number, token: string | null, current: () => boolean): void {
    this.cancelWait?.();
    this.cancelWait = token === null ? null : this.host.platform.watchProcessEnd(pid, token, () => current() && this.look());
  }

  /** A stop waits for it: without an exit event it is looked at often until it is gone. */
  pollWhileStopping(): void {
    if (this.pollTimer === null) this.pollTimer = this.host.timers.setInterval(() => this.look(), ADOPTED_STOP_POLL_MS);
  }

  stopPolling(): void {
    if (this.pollTimer) this.host.timers.clearInterval(this.pollTimer);
    this.pollTimer = null;
  }

  /** The process is no longer ours to watch. */
  letGo(pid: number): void {
    this.cancelWait?.();
    this.cancelWait = null;
    this.host.platform.forgetProcess(pid);
  }
}
