// psv stop --keep-targets lets every target go: one whose start was still on
// its way when the monitor let go of it must be let go too once it runs. Left
// held, it kept the monitor's event loop alive: the monitor said it had
// stopped and never exited (found by the soak, bench/soak.mjs, once in ~100
// stop/start cycles with a target that fails every few hundred ms).
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import type { CommandTargetConfig } from '../src/config/types.js';
import { CommandTarget } from '../src/engine/target.js';
import { realTimers } from '../src/engine/timers.js';
import { EventBus, type EventRecord } from '../src/events/bus.js';
import type { Platform } from '../src/platform/index.js';
import type { TargetProcess } from '../src/platform/types.js';
import { posixPlatform } from '../src/platform/posix.js';
import { cleanup, targetConfig, tempDir, waitFor } from './helpers.js';

/** A started process whose pid the helper has not told yet (its 'spawn' comes later). */
class PendingChild extends EventEmitter implements TargetProcess {
  pid: number | undefined = undefined;
  refs = 1;
  unref(): void {
    this.refs = 0;
  }
}


describe('letting go of a target whose start is on its way', () => {
  it('the process that then starts is let go too (released, not held, not stopped)', async () => {
    const dir = tempDir();
    const seen: EventRecord[] = [];
    const children: PendingChild[] = [];
    const killed: number[] = [];
    const platform: Platform = {
      ...posixPlatform,
      launchTarget: () => {
        const child = new PendingChild();
        children.push(child);
        return child;
      },
      processStartToken: () => '1',
      killTree: (pid) => void killed.push(pid),
      terminateTree: (pid) => void killed.push(pid),
    };
    const target = new CommandTarget(targetConfig() as CommandTargetConfig, {
      platform,
      events: new EventBus([{ write: (r) => seen.push(r) }]),
      logDir: dir,
      logMaxBytes: 1 << 20,
      logKeep: 1,
      now: Date.now,
      timers: realTimers,
      escalate: () => undefined,
      changed: () => undefined,
      pollingChanged: () => undefined,
      processTable: async () => [],
      memberDown: () => false,
      ready: () => undefined,
      recorder: null,
      notifyEnv: () => ({}),
      targetId: (name) => `test/${name}`,
      signalDescendants: () => undefined,
    });
    target.start();
    assert.equal(children.length, 1, 'a start is on its way');
    // The monitor stops with --keep-targets before the helper has said the process runs.
    target.retire();
    await target.release();
    const child = children[0]!;
    child.pid = 777;
    child.emit('spawn');
    await waitFor('let go', () => child.refs === 0);
    assert.equal(child.listenerCount('exit'), 0, 'its exit is nobody\'s to handle');
    assert.deepEqual(killed, [], 'a release never stops a process');
    assert.ok(seen.some((e) => e.event === 'TargetReleased' && e.pid === 777), 'told that it is left running');
    // Its end is no longer a failure of this monitor's: nothing starts again.
    child.emit('exit', 1, null);
    assert.equal(children.length, 1);
    cleanup(dir);
  });
});
