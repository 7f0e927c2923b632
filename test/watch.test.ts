// A match target against a fake process table: pid reuse and zombies decided by
// the start token and the process state, without depending on real pids.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import type { ChildProcess } from 'node:child_process';
import type { MatchTargetConfig } from '../src/config/types.js';
import { EventBus, type EventRecord } from '../src/events/bus.js';
import type { Platform, ProcessInfo, SpawnSpec } from '../src/platform/index.js';
import { posixPlatform } from '../src/platform/posix.js';
import { MatchTarget } from '../src/engine/watch/match.js';
import { realTimers } from '../src/engine/timers.js';
import { compileMatcher } from '../src/engine/match.js';
import { tempDir, waitFor, cleanup } from './helpers.js';

interface FakeRow extends ProcessInfo {
  zombie?: boolean;
}

class FakeTable {
  rows: FakeRow[] = [];
  spawned: SpawnSpec[] = [];
  nextPid = 500;
  /** What a restore script "starts". */
  onSpawn: (spec: SpawnSpec) => void = () => undefined;
  /** The waits the target asked the platform for (watchProcessEnd), by pid. */
  ends = new Map<number, () => void>();

  row(pid: number, name: string, token: string, commandLine = name): FakeRow {
    return { pid, ppid: 1, name, commandLine, user: 'root', startToken: token, state: 'S' };
  }

  platform(): Platform {
    return {
      ...posixPlatform,
      probeProcess: (pid, token) => {
        const r = this.rows.find((x) => x.pid === pid);
        if (!r || r.startToken !== token) return 'gone';
        return r.zombie ? 'zombie' : 'alive';
      },
      forgetProcess: () => undefined,
      watchProcessEnd: (pid, _token, onEnd) => {
        this.ends.set(pid, onEnd);
        return () => this.ends.delete(pid);
      },
      listProcesses: async () => this.rows.filter((r) => !r.zombie),
      processInfo: async (pid) => this.rows.find((r) => r.pid === pid && !r.zombie) ?? null,
      terminateTree: (pid) => {
        this.rows = this.rows.filter((r) => r.pid !== pid);
      },
      spawnTarget: (spec) => {
        this.spawned.push(spec);
        this.onSpawn(spec);
        const child = new EventEmitter() as ChildProcess;
        Object.assign(child, { pid: this.nextPid++, unref: () => undefined });
        setImmediate(() => child.emit('exit', 0, null));
        return child;
      },
    };
  }
}

function matchConfig(over: Partial<MatchTargetConfig> = {}): MatchTargetConfig {
  return {
    name: 'app',
    kind: 'match',
    command: [],
    match: { name: 'app', args: null, user: null },
    pidfile: null,
    service: null,
    restartWhenStopped: false,
    instances: null,
    onExcess: 'warn',
    cwd: '/',
    env: {},
    restart: {
      type: 'permanent',
      retries: 3,
      windowMs: 60_000,
      delayMs: 0,
      backoff: { factor: 2, maxMs: 1000 },
      script: '/restore-app.sh',
      scriptTimeoutMs: 5000,
      command: null,
      confirmTimeoutMs: 2000,
    },
    onRetryOver: 'stop',
    stopTimeoutMs: 1000,
    stopSignal: 'SIGTERM',
    runAs: null,
    userEnv: {},
    scriptUser: null,
    dependsOn: [],
    readyAfterMs: 0,
    readyOnNotify: false,
    group: null,
    stall: { heartbeatMs: null, file: null, stuckForMs: null },
    probes: [],
    on: {},
    ...over,
  };
}

function harness(table: FakeTable, config = matchConfig(), processTable?: (since?: number) => Promise<ProcessInfo[]>) {
  const events: EventRecord[] = [];
  const dir = tempDir();
  const target = new MatchTarget(config, {
    platform: table.platform(),
    events: new EventBus([{ write: (r) => events.push(r) }]),
    logDir: dir,
    logMaxBytes: 1 << 20,
    logKeep: 1,
    now: Date.now,
    timers: realTimers,
    escalate: () => undefined,
    changed: () => undefined,
    pollingChanged: () => undefined,
    processTable: processTable ?? (() => table.platform().listProcesses()),
    memberDown: () => false,
    ready: () => undefined,
    recorder: null,
    notifyEnv: () => ({}),
    targetId: (name) => `test/${name}`,
    signalDescendants: () => undefined,
  });
  const seen = (name: string) => events.filter((e) => e.event === name);
  return { target, events, seen, done: () => cleanup(dir) };
}

describe('watching a process psv did not start', () => {
  it('a recorded pid that now belongs to another process (other start time) is dead, and the target is restored', async () => {
    const table = new FakeTable();
    table.rows = [table.row(100, 'app', '1000')];
    table.onSpawn = () => table.rows.push(table.row(200, 'app', '3000'));
    const h = harness(table);
    h.target.start();
    await waitFor('up', () => h.target.state === 'Running');
    assert.equal(h.target.pid, 100);
    // pid 100 is reused by an unrelated process started later.
    table.rows = [table.row(100, 'other', '2000')];
    await h.target.tick();
    const [down] = h.seen('TargetDown');
    assert.equal(down!.pid, 100);
    assert.match(down!.message, /process gone/);
    await waitFor('restored', () => h.target.state === 'Running' && h.target.pid === 200);
    assert.equal(table.spawned.length, 1, 'the restore script ran once');
    assert.equal(table.spawned[0]!.env.PSV_PID, '100');
    assert.equal(table.spawned[0]!.env.PSV_INSTANCE, '1');
    assert.deepEqual(h.seen('TargetUp').map((e) => e.pid), [100, 200]);
    h.done();
  });

  it('an end the platform reports (Windows: the helper waits on the handle) is checked at once, without a tick', async () => {
    const table = new FakeTable();
    table.rows = [table.row(100, 'app', '1000')];
    table.onSpawn = () => table.rows.push(table.row(200, 'app', '3000'));
    const h = harness(table);
    h.target.start();
    await waitFor('up', () => h.target.state === 'Running');
    assert.deepEqual([...table.ends.keys()], [100], 'the instance is waited on');
    table.rows = [];
    table.ends.get(100)!();
    // No tick() here: the report alone leads to the check, the TargetDown and the restore.
    await waitFor('TargetDown', () => h.seen('TargetDown')[0]);
    await waitFor('restored', () => h.target.state === 'Running' && h.target.pid === 200);
    assert.deepEqual([...table.ends.keys()], [200], 'the dead instance is no longer waited on; the new one is');
    await h.target.stop();
    assert.equal(table.ends.size, 0, 'a target no longer watched waits on nothing');
    h.done();
  });

  it('even when the reused pid runs a process of the same name, the start time tells them apart', async () => {
    const table = new FakeTable();
    table.rows = [table.row(100, 'app', '1000')];
    const h = harness(table, matchConfig({ restart: { ...matchConfig().restart, script: null } }));
    h.target.start();
    await waitFor('up', () => h.target.state === 'Running');
    table.rows = [table.row(100, 'app', '5000')];
    await h.target.tick();
    assert.equal(h.seen('TargetDown').length, 1, 'the old instance is reported down');
    // It is the same name, so discovery adopts the new process as the target.
    assert.deepEqual(h.seen('TargetUp').map((e) => e.pid), [100, 100]);
    h.done();
  });

  it('a zombie counts as dead', async () => {
    const table = new FakeTable();
    table.rows = [table.row(100, 'app', '1000')];
    table.onSpawn = () => table.rows.push(table.row(300, 'app', '4000'));
    const h = harness(table);
    h.target.start();
    await waitFor('up', () => h.target.state === 'Running');
    table.rows[0]!.zombie = true;
    await h.target.tick();
    assert.match(h.seen('TargetDown')[0]!.message, /zombie/);
    await waitFor('restored', () => h.target.pid === 300);
    h.done();
  });

  it('a table read before the end was seen does not bring the ended process back', async () => {
    const table = new FakeTable();
    table.rows = [table.row(100, 'app', '1000')];
    table.onSpawn = () => table.rows.push(table.row(200, 'app', '3000'));
    // The monitor shares one table read between targets for a few ms; this one was read while 100 was alive.
    const stale = { at: Date.now(), rows: [table.row(100, 'app', '1000')] };
    const asked: Array<number | undefined> = [];
    const h = harness(table, matchConfig(), async (since) => {
      asked.push(since);
      return since === undefined || stale.at >= since ? stale.rows : table.platform().listProcesses();
    });
    h.target.start();
    await waitFor('up', () => h.target.state === 'Running');
    table.rows = [];
    table.ends.get(100)!();
    await waitFor('restored', () => h.target.state === 'Running' && h.target.pid === 200);
    assert.deepEqual(h.seen('TargetUp').map((e) => e.pid), [100, 200], 'the dead pid is not found up again');
    assert.ok(asked.some((since) => since !== undefined), 'the look after the loss asks for a read begun after it');
    h.done();
  });

  it('even a read that still lists the ended instance (same pid, same start) cannot adopt it', async () => {
    const table = new FakeTable();
    table.rows = [table.row(100, 'app', '1000')];
    table.onSpawn = () => table.rows.push(table.row(200, 'app', '3000'));
    let staleOnce = false;
    const h = harness(table, matchConfig(), async () => {
      if (staleOnce) {
        staleOnce = false;
        return [table.row(100, 'app', '1000')];
      }
      return table.platform().listProcesses();
    });
    h.target.start();
    await waitFor('up', () => h.target.state === 'Running');
    table.rows = [];
    staleOnce = true;
    table.ends.get(100)!();
    await waitFor('restored', () => h.target.state === 'Running' && h.target.pid === 200);
    assert.deepEqual(h.seen('TargetUp').map((e) => e.pid), [100, 200]);
    assert.equal(h.seen('TargetDown').length, 1);
    h.done();
  });

  it('a restore that brings nothing back within confirmTimeout is RestartFailed, counted, then retry over', async () => {
    const table = new FakeTable();
    table.rows = [];
    const config = matchConfig();
    config.restart.retries = 2;
    config.restart.confirmTimeoutMs = 200;
    const h = harness(table, config);
    h.target.start();
    await waitFor('retry over', () => h.seen('RetryOver').length === 1, 20_000);
    assert.equal(h.seen('RestartFailed').length, 2);
    assert.match(h.seen('RestartFailed')[0]!.message, /not found within 200 ms/);
    assert.equal(h.target.state, 'Failed');
    h.done();
  });
});

describe('matching', () => {
  const row = (name: string, commandLine: string, user = 'svc'): ProcessInfo => ({ pid: 1, ppid: 0, name, commandLine, user, startToken: '1', state: 'S' });

  it('matches the image name exactly, by glob, and case-insensitively on Windows', () => {
    assert.ok(compileMatcher({ name: 'java', args: null, user: null }, false)(row('java', 'java -jar x')));
    assert.ok(!compileMatcher({ name: 'java', args: null, user: null }, false)(row('Java', 'Java')));
    assert.ok(compileMatcher({ name: 'java', args: null, user: null }, true)(row('JAVA.EXE', 'JAVA.EXE')));
    assert.ok(compileMatcher({ name: 'py*', args: null, user: null }, false)(row('python3', 'python3 app.py')));
    assert.ok(!compileMatcher({ name: 'py?', args: null, user: null }, false)(row('python3', 'python3')));
  });

  it('tells same-name instances apart by a regular expression on the command line, and by user', () => {
    const billing = compileMatcher({ name: 'java', args: '-Dapp=billing\\b', user: null }, false);
    assert.ok(billing(row('java', 'java -Dapp=billing -jar app.jar')));
    assert.ok(!billing(row('java', 'java -Dapp=billingx -jar app.jar')));
    assert.ok(!billing(row('java', 'java -Dapp=orders -jar app.jar')));
    const svc = compileMatcher({ name: 'java', args: null, user: 'svc' }, false);
    assert.ok(svc(row('java', 'java', 'svc')));
    assert.ok(!svc(row('java', 'java', 'root')));
  });
});
