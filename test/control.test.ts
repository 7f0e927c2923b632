// The control verbs end to end: `psv start` puts a real monitor in the
// background, every verb talks to it through the CLI (table and --json), and
// what the verb did is checked on the processes and in the event file.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { StatusResult, TargetStatusInfo } from '../src/control/protocol.js';
import { displayTime } from '../src/events/time.js';
import {
  cleanup,
  cmdlineOf,
  isAlive,
  killProcessesWithArg,
  monitorSection,
  parseTable,
  pidsWithArg,
  psvAsync,
  psvCommand,
  readEvents,
  taggedSleep,
  tempDir,
  waitFor,
  waitForAsync,
  writeConfig,
  type PsvEvent,
  type RunResult,
} from './helpers.js';

/** One monitor's test bench: its config, the CLI bound to it, and cleanup. */
class Bench {
  readonly dir = tempDir('psv-control-');
  readonly config: string;
  readonly eventsFile: string;
  private readonly tags: string[] = [];

  constructor(targets: (bench: Bench) => string, monitorExtra = '') {
    const { config, events } = writeConfig(this.dir, `${monitorSection(this.dir, monitorExtra)}targets:\n${targets(this)}`);
    this.config = config;
    this.eventsFile = events;
  }

  /** A `sleep` target's command with a unique argument; remembered for cleanup. */
  sleeper(): { command: string; tag: string } {
    const s = taggedSleep();
    this.tags.push(s.tag);
    return { command: JSON.stringify(s.command), tag: s.tag };
  }

  rewrite(targets: string, monitorExtra = ''): void {
    writeConfig(this.dir, `${monitorSection(this.dir, monitorExtra)}targets:\n${targets}`);
  }

  cli(...args: string[]): Promise<RunResult> {
    return psvAsync([...args, '-c', this.config]);
  }

  async json<T>(...args: string[]): Promise<T> {
    const r = await this.cli(...args, '--json');
    assert.equal(r.code, 0, `psv ${args.join(' ')} --json: exit ${r.code}\n${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  }

  async status(): Promise<StatusResult> {
    return this.json<StatusResult>('status');
  }

  async target(name: string): Promise<TargetStatusInfo> {
    const r = await this.json<StatusResult>('status', name);
    assert.equal(r.targets.length, 1);
    return r.targets[0]!;
  }

  events(): PsvEvent[] {
    return readEvents(this.eventsFile);
  }

  async waitEvent(what: string, match: (e: PsvEvent) => boolean, timeoutMs = 20_000): Promise<PsvEvent> {
    return waitFor(what, () => this.events().find(match), timeoutMs);
  }

  /** Stops the monitor if one still runs, kills whatever a failed test left behind, removes the folder. */
  async dispose(): Promise<void> {
    await this.cli('stop').catch(() => undefined);
    killProcessesWithArg(this.config, ...this.tags);
    cleanup(this.dir);
  }
}

const ok = (r: RunResult, what: string): RunResult => {
  assert.equal(r.code, 0, `${what}: exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
};

const is = (event: string, target?: string) => (e: PsvEvent) => e.event === event && (target === undefined || e.target === target);

describe('control verbs against a background monitor', () => {
  let A!: { command: string; tag: string };
  let B!: { command: string; tag: string };
  let F!: { command: string; tag: string };
  let failMarker = '';
  const bench = new Bench((b) => {
    A = b.sleeper();
    B = b.sleeper();
    F = b.sleeper();
    failMarker = join(b.dir, 'fail');
    // `flaky` fails at once while the marker exists, and sleeps once it is gone.
    const flaky = JSON.stringify(['/bin/sh', '-c', `if [ -e ${failMarker} ]; then exit 3; fi; exec sleep ${F.tag}`]);
    return (
      `  - name: a\n    command: ${A.command}\n` +
      `  - name: b\n    command: ${B.command}\n` +
      `  - name: flaky\n    command: ${flaky}\n    restart: { retries: 2, window: 1h }\n    onRetryOver: stop\n`
    );
  }, '  interval: 500ms\n');
  writeFileSync(failMarker, '');
  let monitorPid = 0;
  after(() => bench.dispose());

  it('start: starts the monitor in the background; a second start says it is already running (exit 0)', async () => {
    const first = ok(await bench.cli('start'), 'start');
    const m = /monitor started \(pid (\d+)/.exec(first.stdout);
    assert.ok(m, first.stdout);
    monitorPid = Number(m[1]);
    assert.ok(isAlive(monitorPid));
    const again = ok(await bench.cli('start'), 'start again');
    assert.match(again.stdout, new RegExp(`already running \\(pid ${monitorPid}`));
    const againJson = await bench.json<{ started: boolean; alreadyRunning: boolean; pid: number }>('start');
    assert.deepEqual([againJson.started, againJson.alreadyRunning, againJson.pid], [false, true, monitorPid]);
  });

  it('status: every target or the named ones, as a table and as JSON; an unknown name exits 2', async () => {
    const all = await waitForAsync('a and b running', async () => {
      const s = await bench.status();
      return s.targets.filter((t) => t.state === 'Running' && t.name !== 'flaky').length === 2 ? s : null;
    });
    assert.equal(all.monitor.pid, monitorPid);
    assert.equal(all.monitor.intervalMs, 500);
    assert.deepEqual(all.targets.map((t) => t.name), ['a', 'b', 'flaky']);
    const a = all.targets[0]!;
    assert.ok(cmdlineOf(a.pid!)?.includes(A.tag), 'the pid shown is the process of target a');
    assert.deepEqual([a.paused, a.restarts, a.adopted], [false, 0, false]);

    const table = parseTable(ok(await bench.cli('status'), 'status').stdout);
    assert.deepEqual(table.map((r) => r.NAME), ['a', 'b', 'flaky']);
    assert.deepEqual([table[0]!.STATE, table[0]!.PID, table[0]!.PAUSED], ['Running', String(a.pid), 'no']);

    const one = await bench.json<StatusResult>('status', 'b');
    assert.deepEqual(one.targets.map((t) => t.name), ['b']);
    assert.deepEqual(parseTable(ok(await bench.cli('status', 'b'), 'status b').stdout).map((r) => r.NAME), ['b']);

    for (const args of [['status', 'nope'], ['status', 'a', 'nope', '--json']]) {
      const r = await bench.cli(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /unknown target 'nope'; known targets: a, b, flaky/);
      assert.equal(r.stdout, '');
    }
  });

  it('pause: a paused target killed with SIGKILL is reported (TargetDownPaused) and not restarted; resume starts it again', async () => {
    const before = await bench.target('a');
    assert.equal(ok(await bench.cli('pause', 'a'), 'pause a').stdout, 'psv: pause: a\n');
    assert.equal((await bench.target('a')).paused, true);
    assert.equal(parseTable((await bench.cli('status', 'a')).stdout)[0]!.PAUSED, 'yes');
    await bench.waitEvent('TargetPaused a', is('TargetPaused', 'a'));

    process.kill(before.pid!, 'SIGKILL');
    const down = await bench.waitEvent('TargetDownPaused a', is('TargetDownPaused', 'a'));
    assert.equal(down.pid, before.pid);
    assert.match(down.message, /monitoring is paused, not restarting/);
    const paused = await bench.target('a');
    assert.deepEqual([paused.state, paused.pid, paused.lastExit?.signal], ['Exited', null, 'SIGKILL']);
    assert.equal(bench.events().filter(is('TargetStarted', 'a')).length, 1, 'no restart while paused');
    assert.deepEqual(pidsWithArg(A.tag), []);

    assert.deepEqual(await bench.json('resume', 'a'), { targets: ['a'] });
    const resumed = await waitForAsync('a running again', async () => {
      const t = await bench.target('a');
      return t.state === 'Running' ? t : null;
    });
    assert.notEqual(resumed.pid, before.pid);
    assert.equal(resumed.paused, false);
    assert.deepEqual(pidsWithArg(A.tag), [resumed.pid]);
    await bench.waitEvent('TargetResumed a', is('TargetResumed', 'a'));
  });

  it('resume and pause --all; names and --all together is a usage error', async () => {
    assert.match(ok(await bench.cli('pause', '--all'), 'pause --all').stdout, /^psv: pause: a, b, flaky$/m);
    assert.deepEqual((await bench.status()).targets.map((t) => t.paused), [true, true, true]);
    assert.deepEqual(await bench.json('resume', '--all'), { targets: ['a', 'b', 'flaky'] });
    assert.deepEqual((await bench.status()).targets.map((t) => t.paused), [false, false, false]);
    for (const args of [['pause', 'a', '--all'], ['resume'], ['pause', 'nope']]) {
      const r = await bench.cli(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /--all|unknown target 'nope'/);
    }
  });

  it('restart: a new pid, the restart count not increased', async () => {
    const before = await bench.target('b');
    assert.equal(ok(await bench.cli('restart', 'b'), 'restart b').stdout, 'psv: restart: b\n');
    const after1 = await bench.target('b');
    assert.equal(after1.state, 'Running');
    assert.notEqual(after1.pid, before.pid);
    assert.equal(after1.restarts, before.restarts, 'an operator restart is not counted against the retries');
    await waitFor('the old process gone', () => !isAlive(before.pid!));
    assert.deepEqual(pidsWithArg(B.tag), [after1.pid]);
    const stopped = await bench.waitEvent('TargetStopped b', (e) => is('TargetStopped', 'b')(e) && e.pid === before.pid);
    assert.equal(stopped.reason, 'restart requested');

    assert.deepEqual(await bench.json('restart', 'b'), { targets: ['b'] });
    const after2 = await bench.target('b');
    assert.notEqual(after2.pid, after1.pid);
    assert.equal(after2.restarts, before.restarts);
    assert.equal(bench.events().filter(is('RestartAttempt', 'b')).length, 0);
  });

  it('set: live parameters show in status (overrides, retries); invalid values exit 2 and change nothing; monitor-wide keys', async () => {
    const r = ok(await bench.cli('set', 'a', 'restart.retries=5', 'restart.delay=2s', 'onRetryOver=continue'), 'set a');
    const row = parseTable(r.stdout)[0]!;
    assert.equal(row.NAME, 'a');
    assert.equal(row.OVERRIDES, 'restart.retries=5 restart.delay=2s onRetryOver=continue');
    assert.match(row.RESTARTS!, /^0\/5 in /);
    const a = await bench.target('a');
    assert.deepEqual(a.overrides, { 'restart.retries': '5', 'restart.delay': '2s', onRetryOver: 'continue' });
    assert.equal(a.retries, 5);
    const changed = await bench.waitEvent('TargetChanged a', is('TargetChanged', 'a'));
    assert.match(changed.message, /restart\.retries=5 restart\.delay=2s onRetryOver=continue/);

    const bad: Array<[string[], RegExp]> = [
      [['set', 'a', 'restart.retries=many'], /restart\.retries=many: must be integer/],
      [['set', 'a', 'restart.delay=soon'], /restart\.delay=soon/],
      [['set', 'a', 'onRetryOver=explode'], /onRetryOver=explode.*\(one of continue, stop, failover\)/],
      [['set', 'a', 'no.such.key=1'], /unknown setting 'no\.such\.key'/],
      [['set', 'a', 'restart.retries'], /'restart\.retries' is not key=value/],
      [['set', 'nope', 'restart.retries=1'], /unknown target 'nope'/],
      [['set', 'restart.retries=1'], /name the target/],
      [['set', 'monitor.interval=often'], /monitor\.interval=often/],
    ];
    for (const [args, message] of bad) {
      const res = await bench.cli(...args);
      assert.equal(res.code, 2, `${args.join(' ')}: exit ${res.code} ${res.stderr}`);
      assert.match(res.stderr, message);
    }
    assert.deepEqual((await bench.target('a')).overrides, { 'restart.retries': '5', 'restart.delay': '2s', onRetryOver: 'continue' });

    const mon = await bench.json<StatusResult>('set', 'monitor.interval=2s');
    assert.equal(mon.monitor.intervalMs, 2000);
    assert.deepEqual(mon.monitor.overrides, { 'monitor.interval': '2s' });
    const text = ok(await bench.cli('set', 'monitor.interval=500ms'), 'set monitor.interval');
    assert.equal(text.stdout, 'psv: monitor settings now monitor.interval=500ms\n');
    assert.equal((await bench.status()).monitor.intervalMs, 500);
  });

  it('reset: a target Failed after RetryOver (onRetryOver: stop) starts again with its count cleared', async () => {
    const over = await bench.waitEvent('RetryOver flaky', is('RetryOver', 'flaky'));
    assert.equal(over.action, 'stop');
    const failed = await bench.target('flaky');
    assert.deepEqual([failed.state, failed.pid, failed.restarts, failed.lastExit?.code], ['Failed', null, 2, 3]);
    assert.equal(parseTable((await bench.cli('status', 'flaky')).stdout)[0]!.RESTARTS, '2/2 in 1h');

    rmSync(failMarker);
    assert.equal(ok(await bench.cli('reset', 'flaky'), 'reset flaky').stdout, 'psv: reset: flaky\n');
    const running = await waitForAsync('flaky running', async () => {
      const t = await bench.target('flaky');
      return t.state === 'Running' ? t : null;
    });
    assert.equal(running.restarts, 0);
    assert.ok(cmdlineOf(running.pid!)?.includes(F.tag));
    await bench.waitEvent('TargetReset flaky', is('TargetReset', 'flaky'));

    // On a running target, reset only clears the count.
    assert.deepEqual(await bench.json('reset', 'flaky'), { targets: ['flaky'] });
    assert.equal((await bench.target('flaky')).pid, running.pid);
  });

  it('reload: an unchanged file touches nothing (table and JSON)', async () => {
    const before = await bench.status();
    const table = parseTable(ok(await bench.cli('reload'), 'reload').stdout);
    assert.deepEqual(table, [{ ADDED: '-', REMOVED: '-', CHANGED: '-', UNCHANGED: 'a, b, flaky' }]);
    assert.deepEqual(await bench.json('reload'), { added: [], removed: [], changed: [], unchanged: ['a', 'b', 'flaky'] });
    const after1 = await bench.status();
    assert.deepEqual(after1.targets.map((t) => t.pid), before.targets.map((t) => t.pid));
    assert.deepEqual(after1.targets[0]!.overrides, before.targets[0]!.overrides, 'live overrides survive a reload');
    assert.ok(bench.events().some(is('ConfigReloaded')));
  });

  it('events: --since, --target, --json, and --follow receives a new event', async () => {
    const fileEvents = bench.events();
    const all = ok(await bench.cli('events', '--json'), 'events --json')
      .stdout.split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as PsvEvent);
    assert.deepEqual(all.map((e) => e.message), fileEvents.map((e) => e.message));

    const onlyA = ok(await bench.cli('events', '--target', 'a', '--json'), 'events --target a')
      .stdout.split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as PsvEvent);
    assert.ok(onlyA.length >= 5);
    assert.ok(onlyA.every((e) => e.target === 'a'));
    assert.ok(onlyA.some(is('TargetDownPaused')));

    const since = fileEvents.find(is('TargetReset', 'flaky'))!.time;
    const recent = ok(await bench.cli('events', '--since', since, '--json'), 'events --since TIME')
      .stdout.split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as PsvEvent);
    assert.ok(recent.length > 0 && recent.length < all.length);
    assert.ok(recent.every((e) => e.time >= since));
    assert.equal(recent[0]!.time, since);
    const ofB = fileEvents.filter((e) => e.target === 'b');
    const text = ok(await bench.cli('events', '--since', '10m', '--target', 'b'), 'events --since 10m').stdout.trim().split('\n');
    assert.equal(text.length, ofB.length);
    text.forEach((line, i) => assert.equal(line, `${displayTime(ofB[i]!.time)} ${ofB[i]!.level.padEnd(11)} [${ofB[i]!.id}] ${ofB[i]!.message}`));
    const bad = await bench.cli('events', '--since', 'yesterday');
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /since/);

    const [file, ...pre] = psvCommand();
    const follower = spawn(file!, [...pre, 'events', '--follow', '--json', '--target', 'b', '-c', bench.config], { stdio: ['ignore', 'pipe', 'pipe'] });
    let followed = '';
    follower.stdout.on('data', (d: Buffer) => (followed += d.toString()));
    const exited = new Promise((r) => follower.once('exit', r));
    try {
      const lines = (): PsvEvent[] => followed.split('\n').filter(Boolean).map((l) => JSON.parse(l) as PsvEvent);
      await waitFor('the past events of b', () => lines().some(is('TargetStarted', 'b')));
      const before = lines().length;
      assert.deepEqual(await bench.json('pause', 'b'), { targets: ['b'] });
      const paused = await waitFor('TargetPaused b on the follow stream', () => lines().slice(before).find(is('TargetPaused', 'b')));
      assert.equal(paused.target, 'b');
      assert.ok(lines().every((e) => e.target === 'b'));
    } finally {
      follower.kill('SIGTERM');
      await exited;
    }
    assert.equal(ok(await bench.cli('resume', 'b'), 'resume b').stdout, 'psv: resume: b\n');
  });

  it('every operator command wrote an OperatorCommand event with verb, target and user', () => {
    const ops = bench.events().filter(is('OperatorCommand'));
    // Only the token is verified; the user the CLI names is recorded as its claim.
    for (const user of ops.map((e) => e.user)) assert.match(String(user), /^token holder \(claims user \S+, pid \d+; unverified\)$/);
    for (const op of ops) assert.equal(op.channel, 'cli');
    const seen = new Set(ops.map((e) => `${e.verb} ${e.target}`));
    for (const expected of [
      'pause a',
      'resume a',
      'pause (all)',
      'resume (all)',
      'restart b',
      'set a',
      'set (monitor)',
      'reset flaky',
      'reload (config)',
      'pause b',
      'resume b',
    ]) {
      assert.ok(seen.has(expected), `OperatorCommand '${expected}' (seen: ${[...seen].join('; ')})`);
    }
    assert.match(ops.find((e) => e.verb === 'restart')!.message, /^Operator command 'restart' on b by token holder \(claims user \S+, pid \d+; unverified\) via cli$/);
    // Refused commands are not operator commands.
    assert.ok(!seen.has('set nope') && !seen.has('pause nope'));
  });

  it('stop --keep-targets leaves the targets running; the next start adopts them (same pids, TargetAdopted)', async () => {
    const before = await bench.status();
    const pids = before.targets.map((t) => t.pid!);
    assert.ok(pids.every((p) => p !== null && isAlive(p)));
    const r = ok(await bench.cli('stop', '--keep-targets'), 'stop --keep-targets');
    assert.equal(r.stdout, `psv: monitor (pid ${monitorPid}) stopped; its targets keep running\n`);
    await waitFor('the monitor gone', () => !isAlive(monitorPid));
    assert.ok(pids.every(isAlive), 'the targets still run');
    assert.equal((await bench.cli('status')).code, 3);
    const released = bench.events().filter(is('TargetReleased'));
    assert.deepEqual(released.map((e) => e.pid).sort(), [...pids].sort());

    const startedAt = new Date().toISOString();
    const started = await bench.json<{ started: boolean; pid: number }>('start');
    assert.equal(started.started, true);
    assert.notEqual(started.pid, monitorPid);
    monitorPid = started.pid;
    const now = await bench.status();
    assert.deepEqual(now.targets.map((t) => t.pid), pids, 'the same processes');
    assert.ok(now.targets.every((t) => t.adopted && t.state === 'Running'));
    const table = ok(await bench.cli('status'), 'status').stdout;
    assert.deepEqual(parseTable(table).map((row) => row.STATE), ['Running*', 'Running*', 'Running*']);
    assert.match(table, /^\* adopted: /m);
    const later = bench.events().filter((e) => e.time >= startedAt);
    assert.deepEqual(later.filter(is('TargetAdopted')).map((e) => [e.target, e.pid]), now.targets.map((t) => [t.name, t.pid]));
    assert.equal(later.filter(is('TargetStarted')).length, 0, 'nothing was started again');
    assert.deepEqual(now.targets[0]!.overrides, before.targets[0]!.overrides, 'live overrides survive a monitor restart');
    assert.ok(bench.events().some((e) => is('OperatorCommand')(e) && e.verb === 'stop --keep-targets'));
  });

  it('stop: stops the monitor and its targets', async () => {
    const pids = (await bench.status()).targets.map((t) => t.pid!);
    const r = await bench.json<{ stopped: boolean; keepTargets: boolean; pid: number }>('stop');
    assert.deepEqual(r, { stopped: true, keepTargets: false, pid: monitorPid });
    await waitFor('monitor and targets gone', () => !isAlive(monitorPid) && !pids.some(isAlive));
    assert.deepEqual([...pidsWithArg(A.tag), ...pidsWithArg(B.tag), ...pidsWithArg(F.tag)], []);
    const status = await bench.cli('status');
    assert.equal(status.code, 3);
    assert.match(status.stderr, /no monitor is running/);
    assert.ok(bench.events().some((e) => is('OperatorCommand')(e) && e.verb === 'stop' && e.target === '(monitor)'));
    assert.equal(bench.events().at(-1)!.event, 'MonitorStopped');
  });
});

describe('with no monitor running', () => {
  const bench = new Bench((b) => `  - name: a\n    command: ${b.sleeper().command}\n`);
  after(() => bench.dispose());

  it('every verb that talks to a monitor exits 3 with a clear message', async () => {
    const verbs = [
      ['status'],
      ['status', 'a', '--json'],
      ['stop'],
      ['stop', '--keep-targets'],
      ['pause', 'a'],
      ['resume', '--all'],
      ['restart', 'a'],
      ['reset', 'a'],
      ['set', 'a', 'restart.retries=1'],
      ['set', 'monitor.interval=1s'],
      ['reload'],
      ['events'],
      ['events', '--follow'],
    ];
    const results = await Promise.all(verbs.map((v) => bench.cli(...v)));
    const socket = join(bench.dir, 'psv.sock');
    results.forEach((r, i) => {
      const what = verbs[i]!.join(' ');
      assert.equal(r.code, 3, `${what}: exit ${r.code} ${r.stderr}`);
      assert.match(r.stderr, /^psv: no monitor is running/, what);
      if (verbs[i]![0] !== 'events') assert.ok(r.stderr.includes(socket) && r.stderr.includes('psv start -c FILE'), `${what}: ${r.stderr}`);
      assert.equal(r.stdout, '', what);
    });
    // Found through PSV_CONTROL instead of a config file.
    const r = await psvAsync(['status'], { env: { PSV_CONTROL: socket, PSV_CONFIG: '' } });
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /no monitor is running at .*psv\.sock/);
  });
});

describe('reload', () => {
  let keep!: { command: string; tag: string };
  let change!: { command: string; tag: string };
  let remove!: { command: string; tag: string };
  let added!: { command: string; tag: string };
  let changed2!: { command: string; tag: string };
  const bench = new Bench((b) => {
    keep = b.sleeper();
    change = b.sleeper();
    remove = b.sleeper();
    added = b.sleeper();
    changed2 = b.sleeper();
    return `  - name: keep\n    command: ${keep.command}\n  - name: change\n    command: ${change.command}\n  - name: remove\n    command: ${remove.command}\n`;
  });
  before(async () => {
    ok(await bench.cli('start'), 'start');
  });
  after(() => bench.dispose());

  it('restarts a changed target with its new command, keeps an unchanged one, starts an added one, stops a removed one', async () => {
    const before = await waitForAsync('three targets running', async () => {
      const s = await bench.status();
      return s.targets.every((t) => t.state === 'Running') ? s : null;
    });
    const pid = (name: string, s: StatusResult): number => s.targets.find((t) => t.name === name)!.pid!;
    bench.rewrite(
      `  - name: keep\n    command: ${keep.command}\n  - name: change\n    command: ${changed2.command}\n` +
        `  - name: added\n    command: ${added.command}\n`,
    );
    const r = await bench.json<Record<string, string[]>>('reload');
    assert.deepEqual(r, { added: ['added'], removed: ['remove'], changed: ['change'], unchanged: ['keep'] });

    const now = await waitForAsync('added running', async () => {
      const s = await bench.status();
      return s.targets.every((t) => t.state === 'Running') ? s : null;
    });
    assert.deepEqual(now.targets.map((t) => t.name), ['keep', 'change', 'added']);
    assert.equal(pid('keep', now), pid('keep', before), 'an unchanged target keeps its process');
    assert.notEqual(pid('change', now), pid('change', before));
    assert.deepEqual(cmdlineOf(pid('change', now)), ['sleep', changed2.tag], 'the changed target runs its new command');
    assert.deepEqual(pidsWithArg(change.tag), [], 'the old command is gone');
    assert.ok(cmdlineOf(pid('added', now))?.includes(added.tag));
    await waitFor('the removed target stopped', () => !isAlive(pid('remove', before)));
    assert.deepEqual(pidsWithArg(remove.tag), []);
    const events = bench.events();
    assert.ok(events.some((e) => is('TargetStarted', 'change')(e) && e.command === `sleep ${changed2.tag}`));
    assert.ok(events.some((e) => is('TargetStopped', 'remove')(e) && e.pid === pid('remove', before)));
    assert.ok(events.some((e) => is('ConfigReloaded')(e) && e.added === 1 && e.removed === 1 && e.changed === 1 && e.unchanged === 1));
    assert.equal((await bench.cli('status', 'remove')).code, 2);
  });

  it('rejects a broken file: exit 2, FILE:LINE:COL printed, ConfigRejected written, every pid unchanged', async () => {
    const before = await bench.status();
    const good = `  - name: keep\n    command: ${keep.command}\n  - name: change\n    command: ${changed2.command}\n  - name: added\n    command: ${added.command}\n`;
    const cases: Array<[string, RegExp]> = [
      // A YAML syntax error: an unclosed flow sequence.
      [`${good}  - name: [oops\n    command: ["sleep", "1"]\n`, /psv\.yaml:\d+:\d+: /],
      // Valid YAML that the schema refuses, and a change to a good target in the same file.
      [good.replace(changed2.tag, '1').replace('name: added', 'name: added\n    restart: { retries: -1 }'), /psv\.yaml:\d+:25: .*retries.*at least 0/],
    ];
    for (const [text, where] of cases) {
      bench.rewrite(text);
      const rejectedBefore = bench.events().filter(is('ConfigRejected')).length;
      const r = await bench.cli('reload');
      assert.equal(r.code, 2, `exit ${r.code}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, where);
      assert.match(r.stderr, /the running configuration stays/);
      const rejected = await waitFor('ConfigRejected', () => bench.events().filter(is('ConfigRejected'))[rejectedBefore]);
      assert.match(String(rejected.first), where);
      const now = await bench.status();
      assert.deepEqual(now.targets.map((t) => [t.name, t.pid, t.state]), before.targets.map((t) => [t.name, t.pid, t.state]));
    }
    // The broken file still lets the operator see and stop the monitor.
    const stop = ok(await bench.cli('stop'), 'stop with a broken file');
    assert.match(stop.stdout, /stopped with its targets/);
    await waitFor('targets stopped', () => !before.targets.some((t) => isAlive(t.pid!)));
  });
});

describe('access control', () => {
  const bench = new Bench((b) => `  - name: a\n    command: ${b.sleeper().command}\n`);
  after(() => bench.dispose());

  it('a non-root user may not even open the endpoint: exit 5, and nothing happens', async (t) => {
    if (process.getuid?.() !== 0) return t.skip('needs root: runs the CLI as the unprivileged user psvtest');
    assert.equal(spawnSync('id', ['-u', 'psvtest']).status, 0, 'the user psvtest exists (bash scripts/setup-test-env.sh creates it)');
    const cli = psvCommand().at(-1)!;
    assert.equal(spawnSync('runuser', ['-u', 'psvtest', '--', 'test', '-r', cli]).status, 0, `psvtest cannot read ${cli}: the checkout must be readable by other users`);
    ok(await bench.cli('start'), 'start');
    const before = await bench.target('a');
    // psvtest may reach the config and the folder of the socket: the socket itself is the gate here.
    chmodSync(bench.dir, 0o755);
    chmodSync(bench.config, 0o644);
    for (const args of [['status'], ['stop'], ['pause', 'a', '--json']]) {
      const r = await psvAsync([...args, '-c', bench.config], { user: 'psvtest' });
      assert.equal(r.code, 5, `${args.join(' ')} as psvtest: exit ${r.code}\n${r.stderr}`);
      assert.match(r.stderr, /access denied: this user may not open .*psv\.sock \(EACCES\)/);
      assert.equal(r.stdout, '');
    }
    // Nothing happened: same process, not paused, no operator command. The
    // kernel refused the connections, so the monitor never saw them.
    const after1 = await bench.target('a');
    assert.deepEqual([after1.pid, after1.paused], [before.pid, false]);
    assert.ok(!bench.events().some(is('OperatorCommand')));
    assert.ok(!bench.events().some(is('AccessDenied')));
    // Socket and token are for the monitor's user only (no monitor.adminGroup).
    assert.equal(statSync(join(bench.dir, 'psv.sock')).mode & 0o777, 0o600);
    assert.equal(statSync(join(bench.dir, 'psv.sock.token')).mode & 0o777, 0o600);
  });
});
