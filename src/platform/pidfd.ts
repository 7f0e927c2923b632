// Waits on the end of processes psv did not start (adopted ones), through
// pidfds the spawn helper holds (src/native/pid-watch.c): the monitor hears
// of an end at once instead of at its next check tick. The tick stays the
// fallback: where the helper cannot wait (no pidfd in the kernel, out of
// descriptors, no helper, or PSV_NO_PIDFD=1) nothing is waited on and the
// tick's probe finds the end as before.
import type { SpawnHelper } from './spawner.js';

interface Wait {
  pid: number;
  token: string;
  /** 'waiting' while the helper holds its pidfd; 'ended' once it said so; 'unwatched' when it cannot wait on it. */
  state: 'waiting' | 'ended' | 'unwatched';
  listeners: Set<() => void>;
}

const key = (pid: number, token: string): string => `${pid} ${token}`;

export class PidfdWatches {
  private readonly waits = new Map<string, Wait>();

  constructor(private readonly helper: SpawnHelper) {
    helper.onReply('W', ([pid, token]) => this.ended(Number(pid), token ?? ''));
    helper.onReply('N', ([pid, token]) => this.cannot(Number(pid), token ?? ''));
    // A new helper holds no pidfd: it is asked again for every wait still wanted.
    helper.onStart(() => {
      for (const w of this.waits.values()) if (w.state === 'waiting') this.helper.send(['W', String(w.pid), w.token]);
    });
    helper.onGone(() => this.helperGone());
  }

  /** Calls `onEnd` once process `pid` (start token `token`) has ended; returns what cancels it. */
  watch(pid: number, token: string, onEnd: () => void): () => void {
    const k = key(pid, token);
    let wait = this.waits.get(k);
    if (!wait) {
      wait = { pid, token, state: 'waiting', listeners: new Set() };
      this.waits.set(k, wait);
      if (!this.helper.sendIfUsable(['W', String(pid), token])) wait.state = 'unwatched';
    }
    const w = wait;
    w.listeners.add(onEnd);
    if (w.state === 'ended') process.nextTick(() => w.listeners.has(onEnd) && onEnd());
    return () => {
      w.listeners.delete(onEnd);
      if (w.listeners.size > 0 || this.waits.get(k) !== w) return;
      this.waits.delete(k);
      if (w.state === 'waiting') this.helper.sendIfUsable(['U', String(pid), token]);
    };
  }

  /**
   * What the wait on `pid` with `token` knows: 'ended' once the helper said so
   * (gone, even while a zombie nobody has reaped), 'waiting' while the helper
   * holds its pidfd (alive: the pidfd would have fired), else null (no wait,
   * or one the helper could not take: the caller looks for itself).
   */
  known(pid: number, token: string): 'ended' | 'waiting' | null {
    const state = this.waits.get(key(pid, token))?.state;
    return state === 'ended' || (state === 'waiting' && this.helper.helperRuns) ? state : null;
  }

  /** Drops every wait on `pid` (the caller forgets it). */
  forget(pid: number): void {
    for (const [k, w] of this.waits) {
      if (w.pid !== pid) continue;
      this.waits.delete(k);
      if (w.state === 'waiting') this.helper.sendIfUsable(['U', String(pid), w.token]);
    }
  }

  /** The helper died (its pidfds with it): the waits are asked again of the next one, or left to the tick. */
  private helperGone(): void {
    if (![...this.waits.values()].some((w) => w.state === 'waiting')) return;
    if (!this.helper.restart()) for (const w of this.waits.values()) if (w.state === 'waiting') w.state = 'unwatched';
  }

  private ended(pid: number, token: string): void {
    const w = this.waits.get(key(pid, token));
    if (!w || w.state === 'ended') return;
    w.state = 'ended';
    for (const onEnd of [...w.listeners]) onEnd();
  }

  private cannot(pid: number, token: string): void {
    const w = this.waits.get(key(pid, token));
    if (w && w.state === 'waiting') w.state = 'unwatched';
  }
}
