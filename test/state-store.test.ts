// stateDir/state.json and its journal: what a monitor that was killed at any
// moment finds again when it starts.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { StateStore, STATE_VERSION, type PersistedState } from '../src/engine/state-store.js';
import { TargetState } from '../src/engine/states.js';
import type { PersistedTarget } from '../src/engine/supervised.js';
import { EventBus, type EventRecord } from '../src/events/bus.js';
import { cleanup, fillDisk, tempDir, waitFor } from './helpers.js';

const dirs: string[] = [];
after(() => dirs.forEach(cleanup));

function target(pid: number): PersistedTarget {
  return { kind: 'command', state: TargetState.Running, pid, token: `tok${pid}`, startedAt: 1, restarts: [], paused: false, continueMode: false, lastExit: null, spec: '[]' };
}

/** A store over a live map of targets, as the monitor keeps them; its events and warnings are kept. */
function fixture(count: number, dir = tempDir('psv-state-')) {
  dirs.push(dir);
  const targets = new Map<string, PersistedTarget>();
  for (let i = 0; i < count; i++) targets.set(`t${i}`, target(1000 + i));
  const snapshot = (): PersistedState => ({ version: STATE_VERSION, monitorPid: process.pid, savedAt: 'now', overrides: {}, targets: Object.fromEntries(targets) });
  const records: EventRecord[] = [];
  const warnings: string[] = [];
  const events = new EventBus([{ write: (r) => void records.push(r) }]);
  const open = () => new StateStore(dir, snapshot, (name) => targets.get(name) ?? null, { events, warn: (l) => void warnings.push(l), retryMs: 20 });
  const store = open();
  stores.push(store);
  const named = (event: string) => records.filter((r) => r.event === event);
  return { dir, targets, store, open, records, warnings, named };
}

/** Stores whose retry timers must not outlive the tests. */
const stores: StateStore[] = [];
after(() => stores.forEach((s) => s.close()));

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
    const loaded = open().load().state!;
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
    const { state: loaded, recovered } = open().load(['t0', 't2']);
    assert.deepEqual(Object.keys(loaded!.targets).sort(), ['t0', 't2']);
    assert.equal(loaded!.targets.t2!.pid, 1002);
    assert.match(recovered!.problem, /state\.journal: its last line is cut short/);
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
    assert.equal(open().load().state!.targets.t3!.pid, 5299);
    // A crash between writing state.json and removing the journal: the old lines must not win.
    writeFileSync(join(dir, 'state.journal'), JSON.stringify({ n: 1, t: 't3', s: target(1) }) + '\n');
    assert.equal(open().load().state!.targets.t3!.pid, saved.targets.t3!.pid);
  });

  it('writes everything at once when the change is not one target\'s (overrides)', async () => {
    const { store } = fixture(2);
    store.schedule();
    await waitFor('state.json', () => existsSync(store.path) || undefined);
    assert.ok(!existsSync(store.journalPath));
  });
});

describe('a damaged state', () => {
  const configured = ['t0', 't1', 't2'];
  /** A store whose state.json holds `text` (written after a good save, journal gone). */
  function damaged(write: (path: string) => void) {
    const f = fixture(3);
    f.store.saveNow();
    write(f.store.path);
    return { ...f, loaded: f.open().load(configured) };
  }

  for (const [what, write, problem] of [
    ['garbage', (p: string) => writeFileSync(p, 'garbage{{'), /state\.json: not valid JSON/],
    ['cut short', (p: string) => writeFileSync(p, readFileSync(p, 'utf8').slice(0, 120)), /state\.json: not valid JSON/],
    ['empty', (p: string) => writeFileSync(p, ''), /state\.json: empty/],
    ['a directory', (p: string) => (rmSync(p), mkdirSync(p)), /state\.json: a directory, not a file/],
    ['a number', (p: string) => writeFileSync(p, '5'), /state\.json: not an object but 5/],
    ['without a version', (p: string) => writeFileSync(p, '{"targets":{"t0":{}}}'), /state\.json: no version/],
    ['of another version', (p: string) => writeFileSync(p, '{"version":7,"targets":{}}'), /state\.json: version 7, not 1/],
  ] as const) {
    it(`is not used when state.json is ${what}, and every target is named as having no saved state`, () => {
      const { loaded } = damaged(write);
      assert.equal(loaded.state, null);
      assert.match(loaded.recovered!.problem, problem);
      assert.equal(loaded.recovered!.targets, 3);
      assert.equal(loaded.recovered!.names, 't0, t1, t2');
    });
  }

  it('drops only the target entries that fail a check, and names each problem', () => {
    const { loaded } = damaged((p) => {
      const state = JSON.parse(readFileSync(p, 'utf8')) as { targets: Record<string, Record<string, unknown>> };
      state.targets.t1!.pid = 'abc';
      state.targets.t2!.restarts = [1, 'x'];
      writeFileSync(p, JSON.stringify(state));
    });
    assert.deepEqual(Object.keys(loaded.state!.targets), ['t0']);
    assert.equal(loaded.state!.targets.t0!.pid, 1000);
    assert.match(loaded.recovered!.problem, /target 't1': pid is "abc", not a positive integer or null/);
    assert.match(loaded.recovered!.problem, /target 't2': restarts is \[1,"x"\], not a list of times/);
    assert.deepEqual([loaded.recovered!.targets, loaded.recovered!.names], [2, 't1, t2']);
  });

  it('checks every field of a target: kind, state, pid, token, times, flags, last exit, spec, instances', () => {
    const good = target(7);
    const bad: Array<[string, unknown]> = [
      ['kind', 'rocket'], ['state', 'Flying'], ['pid', 0], ['pid', 1.5], ['token', 5], ['startedAt', 'noon'], ['restarts', null],
      ['paused', 'no'], ['continueMode', 1], ['lastExit', { code: 'x', signal: null, at: 1 }], ['spec', null], ['instances', [{ pid: -1, token: 't', startedAt: 1 }]],
    ];
    for (const [field, value] of bad) {
      const { loaded } = damaged((p) => writeFileSync(p, JSON.stringify({ version: 1, monitorPid: 1, savedAt: '', overrides: {}, targets: { t0: { ...good, [field]: value }, t1: good } })));
      assert.deepEqual(Object.keys(loaded.state!.targets), ['t1'], `${field}=${JSON.stringify(value)} is refused`);
      assert.match(loaded.recovered!.problem, new RegExp(`target 't0': ${field} `));
    }
    const { loaded } = damaged((p) => writeFileSync(p, JSON.stringify({ version: 1, monitorPid: 1, savedAt: '', overrides: { t1: { a: 1 } }, targets: { t0: good } })));
    assert.deepEqual(loaded.state!.overrides, {});
    assert.match(loaded.recovered!.problem, /overrides of 't1' are not settings/);
    const { loaded: odd } = damaged((p) => writeFileSync(p, JSON.stringify({ version: 1, monitorPid: 'x', overrides: {}, targets: { t0: good } })));
    assert.match(odd.recovered!.problem, /monitorPid is "x", not a pid; state\.json: savedAt is missing, not a time/);
    assert.equal(odd.state!.targets.t0!.pid, 7);
  });

  it('skips a journal line that fails a check: its target keeps the state saved before it', async () => {
    const { store, open, targets } = fixture(2);
    store.saveNow();
    targets.set('t1', target(2001));
    store.schedule('t1');
    await flushed(store);
    appendFileSync(store.journalPath, JSON.stringify({ n: 50, t: 't1', s: { pid: 'abc' } }) + '\n' + 'not json\n');
    const { state, recovered } = open().load(['t0', 't1']);
    assert.equal(state!.targets.t1!.pid, 2001);
    assert.match(recovered!.problem, /state\.journal line 2: target 't1': not an object|state\.journal line 2: target 't1': kind missing/);
    assert.match(recovered!.problem, /state\.journal line 3: not valid JSON/);
    assert.deepEqual([recovered!.targets, recovered!.names], [0, '-']);
  });

  it('says nothing on a first start, and names a state.json that is gone while its journal is there', async () => {
    const { store, open, targets } = fixture(2);
    assert.deepEqual(open().load(['t0', 't1']), { state: null, recovered: null });
    store.saveNow();
    targets.set('t0', target(3000));
    store.schedule('t0');
    await flushed(store);
    rmSync(store.path);
    const { state, recovered } = open().load(['t0', 't1']);
    assert.equal(state!.targets.t0!.pid, 3000);
    assert.match(recovered!.problem, /state\.json is missing but state\.journal has 1 entries/);
    assert.deepEqual([recovered!.targets, recovered!.names], [1, 't1']);
  });

  it('cuts a torn end off the journal before appending to it', async () => {
    const { store, open, targets } = fixture(2);
    store.saveNow();
    writeFileSync(store.journalPath, '{"n":1,"t":"t1","s":{"kind":"comm');
    targets.set('t1', target(4000));
    store.schedule('t1');
    await flushed(store);
    await waitFor('the append', () => readFileSync(store.journalPath, 'utf8').includes('4000') || undefined);
    const lines = readFileSync(store.journalPath, 'utf8').split('\n');
    assert.equal(lines.pop(), '', 'ends with a newline');
    for (const line of lines) JSON.parse(line);
    assert.equal(open().load(['t0', 't1']).state!.targets.t1!.pid, 4000);
  });
});

describe('state writes that fail', () => {
  it('never throw: a directory in the way of state.json is reported once, the journal takes the changes, and the end is reported', async () => {
    const { store, open, targets, named, warnings } = fixture(2);
    store.saveNow();
    rmSync(store.path);
    mkdirSync(store.path);
    assert.equal(store.saveNow(), false);
    assert.equal(store.saveNow(), false);
    targets.set('t1', target(5000));
    store.schedule('t1');
    await flushed(store);
    assert.equal(named('StateWriteFailed').length, 1, 'reported once');
    assert.match(named('StateWriteFailed')[0]!.message, /^Cannot write .*state\.json \(EISDIR.*monitoring goes on and psv retries$/);
    assert.equal(warnings.length, 1, 'and once on stderr');
    assert.equal(open().load(['t0', 't1']).state!.targets.t1!.pid, 5000, 'the change is in the journal');
    rmdirSync(store.path);
    await waitFor('StateWriteRecovered from the retry timer', () => named('StateWriteRecovered').length === 1 || undefined);
    assert.equal((JSON.parse(readFileSync(store.path, 'utf8')) as PersistedState).targets.t1!.pid, 5000);
    assert.equal(named('StateWriteFailed').length, 1);
  });

  it('a snapshot that fails between a change and its flush leaves the change for the journal (the retry timer may come first)', async () => {
    const { store, open, targets } = fixture(2);
    store.saveNow();
    rmSync(store.path);
    mkdirSync(store.path);
    targets.set('t1', target(5100));
    store.schedule('t1');
    // What the backoff timer does when it fires before the flush: try the whole state, and fail.
    assert.equal(store.saveNow(), false);
    await flushed(store);
    assert.equal(open().load(['t0', 't1']).state!.targets.t1!.pid, 5100, 'the change is in the journal');
  });

  it('clear() reports what it cannot remove, and nothing is written after it', async () => {
    const { store, named, targets } = fixture(2);
    store.saveNow();
    assert.ok(statSync(join(store.path, '..', 'state.reserve')).size >= 16 * 1024, 'a reserve is made');
    rmSync(store.path);
    mkdirSync(store.path);
    store.clear();
    assert.equal(named('StateWriteFailed').length, 1);
    assert.ok(!existsSync(join(store.path, '..', 'state.reserve')), 'the reserve goes with the state');
    targets.set('t1', target(6000));
    store.schedule('t1');
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    assert.ok(!existsSync(store.journalPath), 'no journal after clear');
  });
});

describe('a full disk', () => {
  const root = process.getuid?.() === 0;
  it('frees the reserve so that the state still fits, says so once, and makes the reserve again when there is room', { skip: root ? false : 'needs root to mount a 64 KiB tmpfs' }, async (t) => {
    const dir = tempDir('psv-state-full-');
    dirs.push(dir);
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { encoding: 'utf8' });
    if (mount.status !== 0) return t.skip(`cannot mount a tmpfs here: ${mount.stderr.trim()}`);
    t.after(() => void spawnSync('umount', ['-l', dir]));
    const { store, open, targets, named } = fixture(3, join(dir, 'state'));
    store.saveNow();
    fillDisk(join(dir, 'filler'));
    // Each line needs room sooner or later: a page of the journal holds a dozen.
    let round = 0;
    for (; round < 200 && named('StateWriteFailed').length === 0; round++) {
      targets.set('t1', { ...target(7000 + round), restarts: [round] });
      store.schedule('t1');
      await new Promise((r) => setImmediate(r));
    }
    assert.equal(named('StateWriteFailed').length, 1, 'the full disk is reported');
    assert.match(named('StateWriteFailed')[0]!.message, /ENOSPC/);
    for (let more = 0; more < 5; more++, round++) {
      targets.set('t1', { ...target(7000 + round), restarts: [round] });
      store.schedule('t1');
      await new Promise((r) => setImmediate(r));
    }
    assert.equal(open().load(['t0', 't1', 't2']).state!.targets.t1!.pid, 7000 + round - 1, 'every change made it to disk, on the reserve');
    assert.equal(named('StateWriteRecovered').length, 0, 'not recovered while the reserve is spent');
    rmSync(join(dir, 'filler'));
    await waitFor('StateWriteRecovered', () => named('StateWriteRecovered').length === 1 || undefined);
    assert.ok(existsSync(join(dir, 'state', 'state.reserve')), 'the reserve is back');
    store.clear();
  });
});

describe('the journal is bounded', () => {
  /** Waits for the write that follows one schedule(). */
  const settled = () => new Promise((r) => setImmediate(r));

  it('is folded into state.json once it outgrows twice the state (large records, few entries)', async () => {
    const { targets, store } = fixture(1);
    store.saveNow();
    // A record of ~4 KiB: a long restart history within its window.
    const big = (pid: number): PersistedTarget => ({ ...target(pid), restarts: Array.from({ length: 300 }, (_, i) => 1_700_000_000_000 + i) });
    let largest = 0;
    for (let i = 0; i < 200; i++) {
      targets.set('t0', big(5000 + i));
      store.schedule('t0');
      await settled();
      if (existsSync(store.journalPath)) largest = Math.max(largest, statSync(store.journalPath).size);
    }
    const record = JSON.stringify(big(1)).length;
    assert.ok(largest > 0, 'the journal was used');
    assert.ok(largest <= 256 * 1024 + 2 * record, `journal at most 256 KiB and a line (was ${largest} B)`);
  });

  it('is folded once its oldest entry is ten minutes old, however small it is', async (t) => {
    const { targets, store } = fixture(3);
    store.saveNow();
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
    targets.set('t1', target(7001));
    store.schedule('t1');
    await settled();
    assert.ok(existsSync(store.journalPath), 'the change went to the journal');
    t.mock.timers.tick(10 * 60_000 + 1000);
    targets.set('t2', target(7002));
    store.schedule('t2');
    await settled();
    assert.equal(existsSync(store.journalPath), false, 'folded into state.json');
    const saved = JSON.parse(readFileSync(store.path, 'utf8')) as PersistedState;
    assert.equal(saved.targets.t1!.pid, 7001);
    assert.equal(saved.targets.t2!.pid, 7002);
  });
});
