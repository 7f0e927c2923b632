// stateDir/state.json and its journal: what a monitor that was killed at any
// moment finds again when it starts.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { StateStore, STATE_VERSION, type PersistedState } from '../src/engine/state-store.js';
import { TargetState } from '../src/engine/states.js';
import type { PersistedTarget } from '../src/engine/supervised.js';
import { cleanup, tempDir, waitFor } from './helpers.js';

const dirs: string[] = [];
after(() => dirs.forEach(cleanup));

function target(pid: number): PersistedTarget {
  return { kind: 'command', state: TargetState.Running, pid, token: `tok${pid}`, startedAt: 1, restarts: [], paused: false, continueMode: false, lastExit: null, spec: '[]' };
}

/** A store over a live map of targets, as the monitor keeps them. */
function fixture(count: number) {
  const dir = tempDir('psv-state-');
  dirs.push(dir);
  const targets = new Map<string, PersistedTarget>();
  for (let i = 0; i < count; i++) targets.set(`t${i}`, target(1000 + i));
  const snapshot = (): PersistedState => ({ version: STATE_VERSION, monitorPid: process.pid, savedAt: 'now', overrides: {}, targets: Object.fromEntries(targets) });
  const open = () => new StateStore(dir, snapshot, (name) => targets.get(name) ?? null);
  return { dir, targets, store: open(), open };
}

const flushed = (store: StateStore) => waitFor('the write', () => existsSync(store.journalPath) || undefined);

describe('state store', () => {
  it('records one changed target as one journal line, and a new monitor reads it back over state.json', async () => {
    const { targets, store, open } = fixture(1000);
    store.saveNow();
    const fullSize = readFileSync(store.path).length;
    targets.set('t7', target(4242));
    store.schedule('t7');
    await flushed(store);
    const journal = readFileSync(store.journalPath, 'utf8');
    assert.equal(journal.trim().split('\n').length, 1);
    assert.ok(journal.length < fullSize / 100, 'a line, not the whole state');
    const loaded = open().load()!;
    assert.equal(loaded.targets.t7!.pid, 4242);
    assert.equal(loaded.targets.t8!.pid, 1008);
    assert.equal(Object.keys(loaded.targets).length, 1000);
  });

  it('skips a line cut short by a crash, and forgets a target that is no longer configured', async () => {
    const { targets, store, open } = fixture(3);
    store.saveNow();
    targets.delete('t1');
    store.schedule('t1');
    await flushed(store);
    appendFileSync(store.journalPath, '{"n":99,"t":"t2","s":{"kind":"comm');
    const loaded = open().load()!;
    assert.deepEqual(Object.keys(loaded.targets).sort(), ['t0', 't2']);
    assert.equal(loaded.targets.t2!.pid, 1002);
  });

  it('folds the journal into state.json once it grows, and never replays entries state.json already holds', async () => {
    const { dir, targets, store, open } = fixture(10);
    store.saveNow();
    // 256 entries at least before a fold (10 targets × 4 is less).
    for (let round = 0; round < 300; round++) {
      targets.set('t3', target(5000 + round));
      store.schedule('t3');
      await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => setImmediate(r));
    const saved = JSON.parse(readFileSync(store.path, 'utf8')) as PersistedState;
    assert.ok((saved.seq ?? 0) >= 256, `state.json took the journal in (seq ${saved.seq})`);
    const left = existsSync(store.journalPath) ? readFileSync(store.journalPath, 'utf8').trim().split('\n').filter(Boolean).length : 0;
    assert.ok(left < 256, `the journal was emptied when folded (${left} lines now)`);
    assert.equal(open().load()!.targets.t3!.pid, 5299);
    // A crash between writing state.json and removing the journal: the old lines must not win.
    writeFileSync(join(dir, 'state.journal'), JSON.stringify({ n: 1, t: 't3', s: target(1) }) + '\n');
    assert.equal(open().load()!.targets.t3!.pid, saved.targets.t3!.pid);
  });

  it('writes everything at once when the change is not one target\'s (overrides)', async () => {
    const { store } = fixture(2);
    store.schedule();
    await waitFor('state.json', () => existsSync(store.path) || undefined);
    assert.ok(!existsSync(store.journalPath));
  });
});
