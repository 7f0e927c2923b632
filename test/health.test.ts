// `psv health`, what a cluster's monitor resource asks: the classification of a
// status reply (pure, over many shapes), and the verb against real monitors and
// real processes in each state, read by its exit code, its line and its JSON.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { FailoverInfo, GroupStatusInfo, StatusResult, TargetStatusInfo } from '../src/control/protocol.js';
import { healthLine, notRunningLine } from '../src/cli/health-line.js';
import { HEALTH_EXIT } from '../src/cli/health.js';
import { readMonitorSection } from '../src/cli/remote.js';
import { EXIT } from '../src/errors.js';
import { classifyHealth } from '../src/policy/health.js';
import { parseDocument } from 'yaml';
import { cleanup, monitorSection, MonitorProcess, psv, psvCommand, tempDir, waitFor, writeConfig, type RunResult } from './helpers.js';

// ---- the classification, over status shapes built by hand ----

function target(name: string, over: Partial<TargetStatusInfo> = {}): TargetStatusInfo {
  return {
    name,
    kind: 'command',
    instances: [],
    service: null,
    state: 'Running',
    pid: 100,
    startedAt: '2026-01-01T00:00:00.000Z',
    uptimeMs: 1000,
    restarts: 0,
    retries: 3,
    window: '10m',
    windowMs: 600_000,
    lastExit: null,
    paused: false,
    overrides: {},
    adopted: false,
    group: null,
    dependsOn: [],
    ready: true,
    ...over,
  };
}

function group(name: string, members: string[], over: Partial<GroupStatusInfo> = {}): GroupStatusInfo {
  return { name, strategy: 'all', state: 'Running', members, restarts: 0, retries: 2, window: '1h', windowMs: 3_600_000, ...over };
}

function status(targets: TargetStatusInfo[], groups: GroupStatusInfo[] = [], failover: FailoverInfo | null = null): StatusResult {
  return {
    monitor: { pid: 4321, version: '0', config: '/etc/psv.yaml', startedAt: '2026-01-01T00:00:00.000Z', control: '/run/psv.sock', intervalMs: 1000, overrides: {}, failover },
    targets,
    groups,
  };
}

const exited = { code: 1, signal: null, time: '2026-01-01T00:00:01.000Z' };

describe('health classification', () => {
  it('every target running: healthy, all named running', () => {
    const r = classifyHealth(status([target('web'), target('db')]));
    assert.equal(r.state, 'healthy');
    assert.deepEqual(r.targets, { total: 2, running: ['web', 'db'], degraded: [], failed: [], paused: [], stopped: [] });
    assert.deepEqual(r.concerns, []);
    assert.equal(healthLine(r, 4321, 'en'), 'healthy: 2 of 2 targets running (monitor pid 4321)');
  });

  it('no targets at all: healthy', () => {
    const r = classifyHealth(status([]));
    assert.equal(r.state, 'healthy');
    assert.equal(healthLine(r, 1, 'en'), 'healthy: 0 of 0 targets running (monitor pid 1)');
  });

  it('a running target that has restarted within its budget is healthy again', () => {
    assert.equal(classifyHealth(status([target('web', { restarts: 3, retries: 3, lastExit: exited })])).state, 'healthy');
  });

  it('paused targets count as healthy but are named, whatever their process does', () => {
    const r = classifyHealth(status([target('web'), target('db', { paused: true }), target('job', { paused: true, state: 'Exited', lastExit: exited })]));
    assert.equal(r.state, 'healthy');
    assert.deepEqual(r.targets.paused, ['db', 'job']);
    assert.deepEqual(r.targets.running, ['web']);
    assert.equal(healthLine(r, 7, 'en'), 'healthy: 1 of 3 targets running, paused: db, job (monitor pid 7)');
  });

  it('a target left stopped by its restart type (it ran and exited) is healthy, named stopped', () => {
    const r = classifyHealth(status([target('web'), target('once', { state: 'Stopped', pid: null, startedAt: null, lastExit: { code: 0, signal: null, time: exited.time } })]));
    assert.equal(r.state, 'healthy');
    assert.deepEqual(r.targets.stopped, ['once']);
    assert.equal(healthLine(r, 7, 'en'), 'healthy: 1 of 2 targets running, stopped: once (monitor pid 7)');
  });

  it('a service stopped by its service manager is stopped, not degraded', () => {
    const r = classifyHealth(status([target('svc', { kind: 'service', service: 'inactive', state: 'Stopped', pid: null, startedAt: null })]));
    assert.equal(r.state, 'healthy');
    assert.deepEqual(r.targets.stopped, ['svc']);
  });

  it('Backoff: degraded, restarting, with the budget used', () => {
    const r = classifyHealth(status([target('web', { state: 'Backoff', pid: null, restarts: 2, lastExit: exited }), target('db')]));
    assert.equal(r.state, 'degraded');
    assert.deepEqual(r.targets.degraded, ['web']);
    assert.deepEqual(r.targets.running, ['db']);
    assert.equal(healthLine(r, 1, 'en'), 'degraded: web restarting (2 of 3 retries in 10m)');
    assert.equal(healthLine(r, 1, 'ja'), "縮退: ('web') 再起動中 (10m 以内に 3 回中 2 回)");
  });

  it('Starting after a failure is restarting; Starting for the first time (or not yet started) is starting', () => {
    const again = classifyHealth(status([target('web', { state: 'Starting', pid: null, restarts: 1, lastExit: exited })]));
    assert.equal(again.state, 'degraded');
    assert.equal(again.concerns[0]!.why, 'restarting');
    const first = classifyHealth(status([target('web', { state: 'Starting', pid: null, startedAt: null })]));
    assert.equal(first.state, 'degraded');
    assert.equal(healthLine(first, 1, 'en'), 'degraded: web starting');
    const notYet = classifyHealth(status([target('web', { state: 'Stopped', pid: null, startedAt: null })]));
    assert.equal(notYet.state, 'degraded', 'a command target that never ran is being taken up');
    assert.deepEqual(notYet.targets.degraded, ['web']);
  });

  it('Waiting on a restarting dependency: degraded, naming what it waits for', () => {
    const r = classifyHealth(
      status([target('db', { state: 'Backoff', pid: null, restarts: 1, lastExit: exited, ready: false }), target('app', { state: 'Waiting', pid: null, dependsOn: ['db'], ready: false })]),
    );
    assert.equal(r.state, 'degraded');
    assert.deepEqual(r.targets.degraded, ['db', 'app']);
    assert.equal(healthLine(r, 1, 'en'), 'degraded: db restarting (1 of 3 retries in 10m), app waiting for db');
  });

  it('Stopping and Exited (not paused) are degraded', () => {
    assert.equal(classifyHealth(status([target('web', { state: 'Stopping' })])).state, 'degraded');
    const r = classifyHealth(status([target('web', { state: 'Exited', pid: null, lastExit: exited })]));
    assert.equal(r.state, 'degraded');
    assert.equal(healthLine(r, 1, 'en'), 'degraded: web exited');
  });

  it('retry over said continue (restarts past the retries): degraded even while the process runs', () => {
    const r = classifyHealth(status([target('web', { restarts: 4, retries: 3, lastExit: exited })]));
    assert.equal(r.state, 'degraded');
    assert.equal(r.concerns[0]!.why, 'continuing');
    assert.equal(healthLine(r, 1, 'en'), 'degraded: web over its retries, restarted on (onRetryOver: continue; 4 restarts in 10m)');
    assert.equal(classifyHealth(status([target('web', { state: 'Backoff', restarts: 5, retries: 3 })])).concerns[0]!.why, 'continuing');
  });

  it('a group restarting: degraded, the group named and its members not named again', () => {
    const r = classifyHealth(
      status(
        [target('a', { state: 'Stopped', pid: null, group: 'g', restarts: 1, lastExit: exited }), target('b', { state: 'Backoff', group: 'g', restarts: 1 }), target('c')],
        [group('g', ['a', 'b'], { state: 'Restarting', restarts: 1 })],
      ),
    );
    assert.equal(r.state, 'degraded');
    assert.deepEqual(r.groups, { degraded: ['g'], failed: [] });
    assert.deepEqual(r.targets.degraded, ['a', 'b']);
    assert.equal(healthLine(r, 1, 'en'), 'degraded: group g restarting (1 of 2 retries in 1h)');
    assert.equal(healthLine(r, 1, 'ja'), "縮退: グループ 'g' 再起動中 (1h 以内に 2 回中 1 回)");
  });

  it('a group past its retries under continue is degraded while it runs', () => {
    const r = classifyHealth(status([target('a', { group: 'g' })], [group('g', ['a'], { restarts: 3, retries: 2 })]));
    assert.equal(r.state, 'degraded');
    assert.deepEqual(r.groups.degraded, ['g']);
  });

  it('a Failed target: failed, even when others only restart', () => {
    const r = classifyHealth(status([target('web', { state: 'Failed', pid: null, restarts: 3, lastExit: exited }), target('db', { state: 'Backoff', restarts: 1 })]));
    assert.equal(r.state, 'failed');
    assert.deepEqual(r.targets.failed, ['web']);
    assert.deepEqual(r.targets.degraded, ['db'], 'the JSON still lists what restarts');
    assert.equal(healthLine(r, 1, 'en'), 'failed: web over its retries', 'the line names the failure only');
    assert.equal(healthLine(r, 1, 'ja'), "異常: ('web') リトライオーバー");
  });

  it('a paused Failed target is still failed', () => {
    assert.equal(classifyHealth(status([target('web', { state: 'Failed', paused: true })])).state, 'failed');
  });

  it('a Failed group: failed, its stopped members listed as failed, only the group named', () => {
    const r = classifyHealth(
      status(
        [target('a', { state: 'Stopped', pid: null, group: 'app', lastExit: exited }), target('b', { state: 'Stopped', pid: null, group: 'app' }), target('c')],
        [group('app', ['a', 'b'], { state: 'Failed', restarts: 2 })],
      ),
    );
    assert.equal(r.state, 'failed');
    assert.deepEqual(r.groups, { degraded: [], failed: ['app'] });
    assert.deepEqual(r.targets.failed, ['a', 'b']);
    assert.deepEqual(r.targets.running, ['c']);
    assert.equal(healthLine(r, 1, 'en'), 'failed: group app over its retries');
  });

  it('monitor.failover set: failed whatever the targets say, the failover leads the line', () => {
    const failover: FailoverInfo = { scope: 'group', name: 'app', reason: 'retry over', via: 'pacemaker', at: '2026-01-01T00:00:02.000Z' };
    const r = classifyHealth(status([target('web', { state: 'Failed' }), target('a', { state: 'Stopped', pid: null, group: 'app' })], [group('app', ['a'], { state: 'Failed' })], failover));
    assert.equal(r.state, 'failed');
    assert.deepEqual(r.failover, failover);
    assert.equal(healthLine(r, 1, 'en'), 'failed: group app over its retries, web over its retries; failover requested via pacemaker');
    const alone = classifyHealth(status([target('web')], [], { ...failover, scope: 'target', name: 'gone' }));
    assert.equal(alone.state, 'failed', 'a failover stands until reset, even with every target back up');
    assert.equal(healthLine(alone, 1, 'en'), 'failed: gone over its retries; failover requested via pacemaker');
    assert.equal(healthLine(alone, 1, 'ja'), "異常: ('gone') リトライオーバー。pacemaker 経由でフェイルオーバーを要求しました");
  });

  it('many targets down: the line names three and counts the rest', () => {
    const many = Array.from({ length: 100 }, (_, i) => target(`t${i}`, { state: 'Backoff', restarts: 1 }));
    const r = classifyHealth(status(many));
    assert.equal(r.targets.degraded.length, 100);
    assert.equal(healthLine(r, 1, 'en'), 'degraded: t0 restarting (1 of 3 retries in 10m), t1 restarting (1 of 3 retries in 10m), t2 restarting (1 of 3 retries in 10m), and 97 more');
    assert.match(healthLine(r, 1, 'ja'), /、他 97 件$/);
  });

  it('every target is in exactly one list', () => {
    const r = classifyHealth(
      status(
        [
          target('run'),
          target('back', { state: 'Backoff' }),
          target('fail', { state: 'Failed' }),
          target('pause', { paused: true }),
          target('done', { state: 'Stopped', lastExit: exited }),
          target('m', { state: 'Stopped', group: 'g' }),
        ],
        [group('g', ['m'], { state: 'Failed' })],
      ),
    );
    const { total, ...lists } = r.targets;
    const all = Object.values(lists).flat().sort();
    assert.equal(total, 6);
    assert.deepEqual(all, ['back', 'done', 'fail', 'm', 'pause', 'run']);
  });

  it('exit codes: distinct, and 0/6/4/3 as the contract says', () => {
    assert.deepEqual(HEALTH_EXIT, { healthy: 0, degraded: 6, failed: 4, 'not-running': 3 });
    assert.equal(EXIT.degraded, 6);
    assert.equal(new Set(Object.values(EXIT)).size, Object.values(EXIT).length, 'no two meanings share an exit code');
  });

  it('the not-running line, in both languages', () => {
    assert.equal(notRunningLine('en', '/run/x.sock'), 'not running: no monitor answers at /run/x.sock');
    assert.equal(notRunningLine('ja', '/run/x.sock'), '未稼働: /run/x.sock で応答するモニタがありません');
    assert.equal(notRunningLine('en', '/s', { pid: 9, config: '/b.yaml', mine: '/a.yaml' }), 'not running: the monitor at /s (pid 9) runs /b.yaml, not /a.yaml');
  });
});

// ---- finding the monitor without parsing every target (health is called every few seconds) ----

describe('the lenient read of the monitor section', () => {
  const dir = tempDir('psv-health-read-');
  after(() => cleanup(dir));
  const read = (name: string, text: string): Record<string, unknown> => readMonitorSection(writeFileAt(join(dir, name), text)).monitor;
  const whole = (text: string): unknown => (parseDocument(text, { uniqueKeys: false }).toJS() as { monitor?: unknown } | null)?.monitor ?? {};
  const targets = Array.from({ length: 50 }, (_, i) => `  - name: t${i}\n    command: ["sleep", "${i}"]\n`).join('');

  const shapes: Record<string, string> = {
    'block, first': `monitor:\n  stateDir: /srv/a\n  control: /srv/a.sock\n  events:\n    language: ja\ntargets:\n${targets}`,
    'block, last, with comments and blank lines': `# app\ntargets:\n${targets}\nmonitor: # the monitor\n\n  # where\n  stateDir: /srv/b\n`,
    'CRLF line ends': `monitor:\r\n  stateDir: /srv/c\r\ntargets:\r\n  - name: a\r\n    command: [x]\r\n`,
    'flow style on one line': `monitor: { stateDir: /srv/d, events: { language: en } }\ntargets:\n${targets}`,
    'an alias to an anchor outside the block': `x-dir: &dir /srv/e\nmonitor:\n  stateDir: *dir\ntargets:\n${targets}`,
    'no monitor section': `targets:\n${targets}`,
    'a key that only begins with monitor': `monitoring: 1\nmonitor:\n  stateDir: /srv/f\n`,
  };
  for (const [shape, text] of Object.entries(shapes)) {
    it(`reads what the whole file says: ${shape}`, () => {
      assert.deepEqual(read(`${shape.replace(/\W+/g, '-')}.yaml`, text), whole(text));
    });
  }

  it('a syntax error among the targets does not hide the monitor section', () => {
    assert.deepEqual(read('broken.yaml', `monitor:\n  stateDir: /srv/g\ntargets:\n  - name: [unclosed\n`), { stateDir: '/srv/g' });
  });
});

// ---- the verb, against real monitors ----

const dirs: string[] = [];
const monitors: MonitorProcess[] = [];
after(async () => {
  for (const m of monitors) await m.stop();
  for (const d of dirs) cleanup(d);
});

/** English whatever the machine's locale: the tests that want Japanese say so. */
const ENGLISH = { LC_ALL: 'C', LC_MESSAGES: '', LANG: 'C' };

interface HealthJsonOut {
  state: string;
  exitCode: number;
  message: string;
  monitor: { pid: number; config: string; control: string } | null;
  targets: { total: number; running: string[]; degraded: string[]; failed: string[]; paused: string[]; stopped: string[] };
  groups: { degraded: string[]; failed: string[] };
  failover: FailoverInfo | null;
}

function health(config: string, ...args: string[]): RunResult {
  return psv(['health', '-c', config, ...args], { env: ENGLISH });
}

function healthJson(config: string): { code: number | null; json: HealthJsonOut } {
  const r = health(config, '--json');
  return { code: r.code, json: JSON.parse(r.stdout) as HealthJsonOut };
}

function statusOf(config: string): StatusResult {
  return JSON.parse(psv(['status', '-c', config, '--json']).stdout) as StatusResult;
}

function setup(targets: string, extra = ''): { dir: string; config: string; m: MonitorProcess } {
  const dir = tempDir('psv-health-');
  dirs.push(dir);
  const { config, events } = writeConfig(dir, `${monitorSection(dir)}${extra}targets:\n${targets}`);
  const m = new MonitorProcess(config, events);
  monitors.push(m);
  return { dir, config, m };
}

const up = (m: MonitorProcess, name: string, count = 1) => m.waitEvents(`${name} started`, (e) => e.event === 'TargetStarted' && e.target === name, count);

describe('psv health against a real monitor', () => {
  it('healthy: targets running -> exit 0, the line, and the JSON', async () => {
    const { config, m } = setup(`  - name: web\n    command: ["sleep", "1000"]\n  - name: db\n    command: ["sleep", "1001"]\n`);
    await up(m, 'web');
    await up(m, 'db');
    const r = health(config);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `healthy: 2 of 2 targets running (monitor pid ${m.child.pid})\n`);
    const { code, json } = healthJson(config);
    assert.equal(code, 0);
    assert.deepEqual(Object.keys(json), ['state', 'exitCode', 'message', 'monitor', 'targets', 'groups', 'failover']);
    assert.equal(json.state, 'healthy');
    assert.equal(json.exitCode, 0);
    assert.equal(json.message, r.stdout.trim());
    assert.equal(json.monitor!.pid, m.child.pid);
    assert.equal(json.monitor!.config, config);
    assert.equal(json.monitor!.control, join(config, '..', 'psv.sock'));
    assert.deepEqual(json.targets, { total: 2, running: ['web', 'db'], degraded: [], failed: [], paused: [], stopped: [] });
    assert.deepEqual(json.groups, { degraded: [], failed: [] });
    assert.equal(json.failover, null);

    // Japanese by the locale (the rule events follow).
    const ja = psv(['health', '-c', config], { env: { LC_ALL: '', LC_MESSAGES: '', LANG: 'ja_JP.UTF-8' } });
    assert.equal(ja.code, 0);
    assert.equal(ja.stdout, `正常: 監視対象 2 件中 2 件が稼働中 (モニタ pid ${m.child.pid})\n`);
    // --lang and PSV_LANG win over the locale, as for every verb.
    const byFlag = psv(['health', '-c', config, '--lang', 'ja'], { env: { LC_ALL: 'C', LANG: 'C' } });
    assert.equal(byFlag.stdout, ja.stdout);
    const byEnv = psv(['health', '-c', config], { env: { LC_ALL: '', LC_MESSAGES: '', LANG: 'ja_JP.UTF-8', PSV_LANG: 'en' } });
    assert.equal(byEnv.stdout, `healthy: 2 of 2 targets running (monitor pid ${m.child.pid})\n`);

    // A paused target keeps it healthy, named.
    assert.equal(psv(['pause', 'db', '-c', config]).code, 0);
    const paused = health(config);
    assert.equal(paused.code, 0);
    assert.equal(paused.stdout, `healthy: 1 of 2 targets running, paused: db (monitor pid ${m.child.pid})\n`);
  });

  it('the config\'s monitor.events.language: ja speaks Japanese whatever the locale', async () => {
    const { config, m } = setup(`  - name: web\n    command: ["sleep", "1000"]\n`, '    language: ja\n');
    await up(m, 'web');
    const r = health(config);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `正常: 監視対象 1 件中 1 件が稼働中 (モニタ pid ${m.child.pid})\n`);
  });

  it('degraded: a target killed and waiting out its restart delay -> exit 6, until it is back', async () => {
    const { config, m } = setup(
      `  - name: web\n    command: ["sleep", "1000"]\n    restart: { retries: 3, window: 1h, delay: 1h }\n  - name: db\n    command: ["sleep", "1001"]\n`,
    );
    const [started] = await up(m, 'web');
    await up(m, 'db');
    process.kill(started!.pid!, 'SIGKILL');
    await m.waitEvents('web restart attempt', (e) => e.event === 'RestartAttempt' && e.target === 'web');
    await waitFor('web in Backoff', () => statusOf(config).targets.find((t) => t.name === 'web')!.state === 'Backoff');
    const r = health(config);
    assert.equal(r.code, 6, r.stdout + r.stderr);
    assert.equal(r.stdout, 'degraded: web restarting (1 of 3 retries in 1h)\n');
    const { code, json } = healthJson(config);
    assert.equal(code, 6);
    assert.equal(json.state, 'degraded');
    assert.equal(json.exitCode, 6);
    assert.deepEqual(json.targets.degraded, ['web']);
    assert.deepEqual(json.targets.running, ['db']);
    // Restarted by hand (not counted): healthy again.
    assert.equal(psv(['restart', 'web', '-c', config]).code, 0);
    await up(m, 'web', 2);
    await waitFor('healthy again', () => health(config).code === 0);
  });

  it('failed: a target over its retries with onRetryOver: stop -> exit 4', async () => {
    const { config, m } = setup(
      `  - name: bad\n    command: ["/bin/sh", "-c", "exit 1"]\n    restart: { retries: 1, window: 1h, delay: 0s }\n    onRetryOver: stop\n  - name: web\n    command: ["sleep", "1000"]\n`,
    );
    await m.waitEvents('bad retry over', (e) => e.event === 'RetryOver' && e.target === 'bad');
    await waitFor('bad Failed', () => statusOf(config).targets.find((t) => t.name === 'bad')!.state === 'Failed');
    const r = health(config);
    assert.equal(r.code, 4, r.stdout + r.stderr);
    assert.equal(r.stdout, 'failed: bad over its retries\n');
    const { json } = healthJson(config);
    assert.equal(json.state, 'failed');
    assert.equal(json.exitCode, 4);
    assert.deepEqual(json.targets.failed, ['bad']);
    assert.deepEqual(json.targets.running, ['web']);
    assert.equal(json.failover, null);
  });

  it('failed: a group over its retries -> exit 4, the group named, its members failed', async () => {
    const { config, m } = setup(
      `  - name: base\n    command: ["sleep", "1000"]\n  - name: flaky\n    command: ["/bin/sh", "-c", "sleep 0.2; exit 1"]\n    dependsOn: [base]\n    restart: { retries: 10 }\n  - name: other\n    command: ["sleep", "1002"]\n`,
      `groups:\n  - name: pair\n    members: [base, flaky]\n    strategy: all\n    restart: { retries: 1, window: 1h, delay: 0s }\n    onRetryOver: stop\n`,
    );
    await m.waitEvents('group retry over', (e) => e.event === 'GroupRetryOver', 1, 30_000);
    await waitFor('pair Failed, members stopped', () => {
      const s = statusOf(config);
      return s.groups[0]!.state === 'Failed' && s.targets.every((t) => t.name === 'other' || t.state === 'Stopped');
    });
    const r = health(config);
    assert.equal(r.code, 4, r.stdout + r.stderr);
    assert.equal(r.stdout, 'failed: group pair over its retries\n');
    const { json } = healthJson(config);
    assert.deepEqual(json.groups, { degraded: [], failed: ['pair'] });
    assert.deepEqual(json.targets.failed, ['base', 'flaky']);
    assert.deepEqual(json.targets.running, ['other']);
    const ja = psv(['health', '-c', config], { env: { LC_ALL: 'ja_JP.UTF-8' } });
    assert.equal(ja.code, 4);
    assert.equal(ja.stdout, "異常: グループ 'pair' リトライオーバー\n");
  });

  it('not running: no monitor -> exit 3, and the JSON says not-running', () => {
    const dir = tempDir('psv-health-');
    dirs.push(dir);
    const { config } = writeConfig(dir, `${monitorSection(dir)}targets:\n  - name: web\n    command: ["sleep", "1000"]\n`);
    const sock = join(dir, 'psv.sock');
    const r = health(config);
    assert.equal(r.code, 3, r.stderr);
    assert.equal(r.stdout, `not running: no monitor answers at ${sock}\n`);
    const { code, json } = healthJson(config);
    assert.equal(code, 3);
    assert.equal(json.state, 'not-running');
    assert.equal(json.exitCode, 3);
    assert.equal(json.message, r.stdout.trim());
    assert.equal(json.monitor, null);
    assert.equal(json.targets.total, 0);
    assert.equal(json.failover, null);
  });

  it("another config's monitor at the endpoint -> exit 3, naming it", async () => {
    const { dir, config: mine, m } = setup(`  - name: web\n    command: ["sleep", "1000"]\n`);
    await up(m, 'web');
    // A second config that points at the same endpoint: the monitor there is not its own.
    const other = join(dir, 'other.yaml');
    writeFileSync(other, readFileSync(mine, 'utf8'));
    const r = health(other);
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.equal(r.stdout, `not running: the monitor at ${join(dir, 'psv.sock')} (pid ${m.child.pid}) runs ${mine}, not ${other}\n`);
    assert.equal(healthJson(other).json.state, 'not-running');
  });

  it('--timeout: an endpoint that never answers -> exit 1 within the timeout; a bad value -> exit 2', async () => {
    const dir = tempDir('psv-health-');
    dirs.push(dir);
    const { config } = writeConfig(dir, `${monitorSection(dir)}targets:\n  - name: web\n    command: ["sleep", "1000"]\n`);
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(join(dir, 'psv.sock'), resolve));
    try {
      const began = Date.now();
      const r = await psvAsync(['health', '-c', config, '--timeout', '500ms']);
      const took = Date.now() - began;
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stderr, /did not answer 'status' within/);
      assert.ok(took < 10_000, `returned after ${took} ms`);
    } finally {
      silent.close();
    }
    assert.equal(health(config, '--timeout', 'soon').code, 2);
    assert.equal(health(config, '--timeout', '0s').code, 2);
  });
});

function writeFileAt(path: string, text: string): string {
  writeFileSync(path, text);
  return path;
}

/** Runs psv without blocking this process (the test's own server must go on accepting). */
function psvAsync(args: string[]): Promise<RunResult> {
  const [file, ...pre] = psvCommand();
  return new Promise((resolve) => {
    const child = spawn(file!, [...pre, ...args], { env: { ...process.env, ...ENGLISH }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
