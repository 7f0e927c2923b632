// The spawn helper's armed restart (psv-spawn): a process whose next exit psv
// is certain to restart at once with the same spec is armed, and the helper
// starts it again the moment it exits instead of waiting for the monitor's
// round trip (the restart is counted afterwards). Here: when a process may be
// armed, and the restart the helper made while the monitor handles the exit.
import type { CommandTargetConfig } from '../config/types.js';
import type { TargetProcess } from '../platform/types.js';
import { restartBudgetLeft, type RetryRule } from '../policy/retry.js';
import { StallWatch } from './stall.js';
import type { TargetHost } from './supervised.js';

/** What the spawn helper did at the exit of an armed process: started it again, or failed to. */
export type Respawn = { child: TargetProcess } | { error: Error };

/** The target's standing that decides arming besides its config. */
export interface ArmingState {
  paused: boolean;
  continueMode: boolean;
  rule: RetryRule;
  restarts: readonly number[];
}

/**
 * Whether the next exit of the running process is certain to be restarted at
 * once with the same spec under the retry rule, so that the spawn helper may
 * do it without waiting for the monitor: every exit a failure (restart type
 * permanent), no delay, no restart script, no group, no stall watch, no plug-in
 * holding restarts, not paused, not in continue mode, and at least one restart
 * left in the window (the window only frees restarts as time passes, so this
 * still holds at the exit).
 */
export function armable(config: CommandTargetConfig, target: ArmingState, host: Pick<TargetHost, 'now' | 'plugins'>): boolean {
  return (
    !target.paused &&
    !target.continueMode &&
    config.restart.type === 'permanent' &&
    config.group === null &&
    config.restart.script === null &&
    target.rule.delayMs === 0 &&
    !StallWatch.wanted(config) &&
    !host.plugins?.holdsRestarts(config) &&
    restartBudgetLeft(target.rule, target.restarts, host.now()) >= 1
  );
}

/**
 * The restart the helper already made, held while the exit of the process it
 * replaces is handled: the target's own restart (spawnNow) takes it instead of
 * starting one. Whatever psv's decision did not call for is killed.
 */
export class HeldRespawn {
  private held: { made: Respawn; spec: string | null } | null = null;

  constructor(private readonly killTree: (pid: number) => void) {}

  /** Holds `made` (started from `spec`, the dead process's) while `handle` runs; what it did not take goes. */
  during(made: Respawn | null, spec: string | null, handle: () => void): void {
    this.held = made ? { made, spec } : null;
    try {
      handle();
    } finally {
      const left = this.held;
      this.held = null;
      this.discard(left?.made ?? null);
    }
  }

  /** The held restart, if any; one made from a command, cwd or env that has changed since is killed, to be started anew. */
  take(currentSpec: () => string): Respawn | null {
    const taken = this.held;
    this.held = null;
    if (!taken) return null;
    if (taken.spec === currentSpec()) return taken.made;
    this.discard(taken.made);
    return null;
  }

  /** A restart the helper made that psv's decision did not call for: it goes at once. */
  discard(respawn: Respawn | null): void {
    if (!respawn || !('child' in respawn)) return;
    const pid = respawn.child.pid!;
    respawn.child.removeAllListeners();
    respawn.child.unref();
    this.killTree(pid);
  }
}
