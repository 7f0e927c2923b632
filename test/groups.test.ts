// Groups on a real three-tier stack, db -> app -> web: which members restart,
// and in what order, read from the event file.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cleanup, isAlive, monitorSection, MonitorProcess, psv, tempDir, writeConfig, writeFile, type PsvEvent } from './helpers.js';

const dirs: string[] = [];
const monitors: MonitorProcess[] = [];
after(async () => {
  for (const m of monitors) await m.stop();
  for (const d of dirs) cleanup(d);
});

function stack(strategy: string, extra = ''): { m: MonitorProcess; config: string } {
  const dir = tempDir();
  dirs.push(dir);
  const { config, events } = writeConfig(
    dir,
    `${monitorSection(dir)}groups:\n  - name: stack\n    members: [db, app, web]\n    strategy: ${strategy}\n${extra}` +
      `targets:\n` +
      `  - name: db\n    command: ["sleep", "1000"]\n    readyAfter: 300ms\n` +
      `  - name: app\n    command: ["sleep", "1001"]\n    dependsOn: [db]\n    readyAfter: 300ms\n` +
      `  - name: web\n    command: ["sleep", "1002"]\n    dependsOn: [app]\n    readyAfter: 300ms\n`,
  );
  const m = new MonitorProcess(config, events);
  monitors.push(m);
  return { m, config };
}

const is = (target: string, event: string) => (e: PsvEvent) => e.target === target && e.event === event;
const index = (events: PsvEvent[], target: string, event: string, from = 0) => events.findIndex((e, i) => i >= from && is(target, event)(e));

async function upInOrder(m: MonitorProcess): Promise<Record<string, number>> {
  const pids: Record<string, number> = {};
  for (const name of ['db', 'app', 'web']) pids[name] = (await m.waitEvents(`${name} ready`, is(name, 'TargetReady')))[0]!.pid!;
  const ev = m.events();
  // The first start honours the dependencies: each starts after what it needs is ready.
  assert.ok(index(ev, 'app', 'TargetStarted') > index(ev, 'db', 'TargetReady'), 'app starts after db is ready');
  assert.ok(index(ev, 'web', 'TargetStarted') > index(ev, 'app', 'TargetReady'), 'web starts after app is ready');
  return pids;
}

describe('group strategies on db -> app -> web', () => {
  it('rest: app then web restart, in order, web only after app is ready; db untouched', async () => {
    const { m } = stack('rest');
    const pids = await upInOrder(m);
    const mark = m.events().length;
    process.kill(pids.app!, 'SIGKILL');
    await m.waitEvents('web ready again', is('web', 'TargetReady'), 2);
    const ev = m.events();
    const [restart] = ev.filter((e) => e.event === 'GroupRestart');
    assert.equal(restart!.cause, 'app');
    assert.equal(restart!.members, 'app, web');
    assert.equal(restart!.group, 'stack');
    const webStopped = index(ev, 'web', 'TargetStopped', mark);
    const appStarted = index(ev, 'app', 'TargetStarted', mark);
    const appReady = index(ev, 'app', 'TargetReady', mark);
    const webStarted = index(ev, 'web', 'TargetStarted', mark);
    assert.ok(webStopped > 0 && webStopped < appStarted, 'web is stopped before app starts');
    assert.ok(appReady < webStarted, 'web starts only after app is ready');
    assert.equal(index(ev, 'db', 'TargetStopped', mark), -1, 'db is not stopped');
    assert.ok(isAlive(pids.db!), 'db keeps its process');
    assert.equal(ev.filter(is('db', 'TargetStarted')).length, 1);
    assert.equal(ev.find(is('app', 'TargetDown'))!.group, 'stack', 'events carry the group');
  });

  it('all: web, app, db stop in that order and start db, app, web', async () => {
    const { m } = stack('all');
    const pids = await upInOrder(m);
    const mark = m.events().length;
    process.kill(pids.app!, 'SIGKILL');
    await m.waitEvents('web ready again', is('web', 'TargetReady'), 2);
    const ev = m.events().slice(mark);
    const stopped = ev.filter((e) => e.event === 'TargetStopped' || e.event === 'TargetDown').map((e) => e.target);
    assert.deepEqual(stopped, ['app', 'web', 'db'], 'app died; then web and db are stopped, dependants first');
    const started = ev.filter((e) => e.event === 'TargetStarted').map((e) => e.target);
    assert.deepEqual(started, ['db', 'app', 'web']);
    assert.ok(index(ev, 'app', 'TargetStarted') > index(ev, 'db', 'TargetReady'));
    assert.ok(index(ev, 'web', 'TargetStarted') > index(ev, 'app', 'TargetReady'));
    assert.ok(!isAlive(pids.db!), 'db got a new process');
  });

  it('one: only app restarts', async () => {
    const { m } = stack('one');
    const pids = await upInOrder(m);
    process.kill(pids.app!, 'SIGKILL');
    await m.waitEvents('app up again', is('app', 'TargetUp'), 2);
    const ev = m.events();
    assert.equal(ev.filter((e) => e.event === 'GroupRestart').length, 0);
    assert.equal(ev.filter(is('web', 'TargetStarted')).length, 1);
    assert.equal(ev.filter(is('db', 'TargetStarted')).length, 1);
    assert.ok(isAlive(pids.web!) && isAlive(pids.db!));
  });

  it('a group that keeps failing uses up its group budget and takes its onRetryOver (stop)', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const { config, events } = writeConfig(
      dir,
      `${monitorSection(dir)}groups:\n  - name: pair\n    members: [base, flaky]\n    strategy: all\n    restart: { retries: 2, window: 1h }\n    onRetryOver: stop\n` +
        `targets:\n  - name: base\n    command: ["sleep", "1000"]\n  - name: flaky\n    command: ["/bin/sh", "-c", "sleep 0.3; exit 1"]\n    dependsOn: [base]\n    restart: { retries: 10 }\n`,
    );
    const m = new MonitorProcess(config, events);
    monitors.push(m);
    const [over] = await m.waitEvents('group retry over', (e) => e.event === 'GroupRetryOver', 1, 30_000);
    assert.equal(over!.group, 'pair');
    assert.equal(over!.action, 'stop');
    assert.equal(over!.restarts, 2);
    await m.waitEvents('base stopped', is('base', 'TargetStopped'), 3);
    assert.equal(m.events().filter((e) => e.event === 'GroupRestart').length, 2);
    const status = JSON.parse(psv(['status', '-c', config, '--json']).stdout) as { groups: Array<{ name: string; state: string }>; targets: Array<{ name: string; state: string }> };
    assert.equal(status.groups[0]!.state, 'Failed');
    assert.deepEqual(status.targets.map((t) => t.state), ['Stopped', 'Stopped']);
  });

  it('status, pause, restart and reset accept a group name', async () => {
    const { m, config } = stack('rest');
    const pids = await upInOrder(m);
    const st = JSON.parse(psv(['status', 'stack', '-c', config, '--json']).stdout) as { targets: Array<{ name: string; group: string }> };
    assert.deepEqual(st.targets.map((t) => `${t.name}@${t.group}`), ['db@stack', 'app@stack', 'web@stack']);
    const paused = psv(['pause', 'stack', '-c', config, '--json']);
    assert.deepEqual(JSON.parse(paused.stdout).targets, ['db', 'app', 'web']);
    psv(['resume', 'stack', '-c', config]);
    const mark = m.events().length;
    assert.equal(psv(['restart', 'stack', '-c', config]).code, 0);
    await m.waitEvents('web ready again', is('web', 'TargetReady'), 2);
    const started = m.events().slice(mark).filter((e) => e.event === 'TargetStarted').map((e) => e.target);
    assert.deepEqual(started, ['db', 'app', 'web'], 'a group restart starts in dependency order');
    assert.ok(!isAlive(pids.db!));
  });
});

describe('psv check on groups', () => {
  const dir = tempDir();
  dirs.push(dir);
  const check = (yaml: string) => psv(['check', '-c', writeFile(join(dir, `g${Math.random()}.yaml`), yaml)]);
  const targets = 'targets:\n  - name: a\n    command: sleep 1\n  - name: b\n    command: sleep 1\n';

  it('names a dependency cycle, with line and column', () => {
    const r = check(`targets:\n  - name: a\n    command: sleep 1\n    dependsOn: [b]\n  - name: b\n    command: sleep 1\n    dependsOn: [a]\n`);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /:4:17: dependency cycle: a -> b -> a/);
  });

  it('rejects an unknown member', () => {
    const r = check(`groups:\n  - name: g\n    members: [a, ghost]\n${targets}`);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /:3:18: groups\[0\]\.members: unknown target 'ghost'/);
  });

  it('rejects a target in two groups', () => {
    const r = check(`groups:\n  - name: g1\n    members: [a]\n  - name: g2\n    members: [b, a]\n${targets}`);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /:5:18: groups\[1\]\.members: target 'a' is already a member of group 'g1'/);
  });

  it('rejects an unknown dependency and a bad strategy', () => {
    const r = check(`groups:\n  - name: g\n    members: [a]\n    strategy: some\n${targets.replace('command: sleep 1\n  - name: b', 'command: sleep 1\n    dependsOn: [nope]\n  - name: b')}`);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /:4:15: .*strategy.*all, rest, one/);
    assert.match(r.stderr, /dependsOn: unknown target or group 'nope'/);
  });
});
