// The spawn helper (src/native/psv-spawn.c through src/platform/spawner.ts):
// real targets started, reaped and reported by the helper, and a real monitor
// whose restarted targets are the helper's children.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SpawnHelper, spawnHelperPath, withRootMarker } from '../src/platform/spawner.js';
import { parseStat } from '../src/platform/proc.js';
import type { TargetProcess } from '../src/platform/types.js';
import { posixPlatform } from '../src/platform/posix.js';
import { Recorder } from '../src/analysis/recorder.js';
import type { ResourceSample } from '../src/analysis/samples.js';
import { EventBus } from '../src/events/bus.js';
import { VERSION } from '../src/version.js';
import { cleanup, isAlive, monitorSection, MonitorProcess, psvCommand, tempDir, waitFor, waitForAsync, writeConfig, type PsvEvent } from './helpers.js';

const helperPath = process.platform === 'linux' ? spawnHelperPath() : null;
const skip = process.platform !== 'linux' ? 'Linux only' : helperPath === null ? 'psv-spawn is not built (npm run build needs gcc and libc6-dev)' : false;
// CI builds the helper: there a missing one is a failure, not a skip.
if (process.env.PSV_REQUIRE_NATIVE === '1' && process.platform === 'linux') assert.ok(helperPath, 'dist/bin/psv-spawn was not built');

const dir = tempDir('psv-spawner-');
after(() => cleanup(dir));

function stat(pid: number): { ppid: number; session: number; comm: string } {
  const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const s = parseStat(text)!;
  const session = Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[3]);
  return { ppid: s.ppid, session, comm: s.comm };
}

/** How long process `pid` has been running, in ms (its start in clock ticks since boot against the uptime; 0 when it is gone). */
function ranFor(pid: number): number {
  try {
    const ticks = Number(parseStat(readFileSync(`/proc/${pid}/stat`, 'latin1'))!.startTicks);
    return Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 1000 - ticks * 10;
  } catch {
    return 0;
  }
}

function started(child: TargetProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('spawn', () => resolve(child.pid!));
    child.once('error', reject);
  });
}

function exited(child: TargetProcess): Promise<[number | null, string | null]> {
  return new Promise((resolve) => child.once('exit', (code: number | null, signal: string | null) => resolve([code, signal])));
}

describe('psv-spawn', { skip }, () => {
  const helper = skip ? null : new SpawnHelper(helperPath!);

  it('starts a target in its own session with its cwd, environment (PATH included) and output file', async () => {
    const out = join(dir, 'out.log');
    const child = helper!.launch({
      command: ['sh', '-c', 'echo "cwd=$(pwd) greeting=$GREETING"; echo to-stderr >&2; exec sleep 1000'],
      cwd: dir,
      env: { GREETING: 'hello world', PATH: '/usr/bin:/bin' },
      outputPath: out,
    })!;
    const pid = await started(child);
    const s = stat(pid);
    assert.equal(s.session, pid, 'a session of its own');
    assert.equal(stat(s.ppid).comm, 'psv-spawn', 'the helper is its parent');
    await waitFor('its output', () => readFileSync(out, 'utf8').includes('to-stderr'));
    assert.match(readFileSync(out, 'utf8'), new RegExp(`cwd=${dir} greeting=hello world`));
    const gone = exited(child);
    process.kill(pid, 'SIGKILL');
    assert.deepEqual(await gone, [null, 'SIGKILL']);
  });

  it('reports exit codes, and keeps empty arguments and UTF-8 intact', async () => {
    const child = helper!.launch({ command: ['/bin/sh', '-c', 'test "$1" = "" && test "$2" = "日本" && exit 7', 'sh', '', '日本'], cwd: dir, env: {}, outputPath: null })!;
    const gone = exited(child);
    await started(child);
    assert.deepEqual(await gone, [7, null]);
  });

  it('fails a missing program with the words Node uses (spawn FILE ENOENT), and a missing folder alike', async () => {
    await assert.rejects(started(helper!.launch({ command: ['/nonexistent/prog'], cwd: dir, env: {}, outputPath: null })!), /^Error: spawn \/nonexistent\/prog ENOENT$/);
    await assert.rejects(started(helper!.launch({ command: ['/bin/true'], cwd: join(dir, 'missing'), env: {}, outputPath: null })!), /spawn \/bin\/true ENOENT/);
    const notExecutable = join(dir, 'not-executable.sh');
    writeFileSync(notExecutable, 'echo hi\n', { mode: 0o644 });
    await assert.rejects(started(helper!.launch({ command: [notExecutable], cwd: dir, env: {}, outputPath: null })!), /spawn \S+not-executable.sh EACCES/);
  });

  it('starts a hundred targets at once and hears every exit', async () => {
    const children = Array.from({ length: 100 }, (_, i) => helper!.launch({ command: ['/bin/sh', '-c', `exit ${i % 50}`], cwd: dir, env: {}, outputPath: null })!);
    const codes = await Promise.all(children.map(async (c) => {
      const gone = exited(c);
      await started(c);
      return (await gone)[0];
    }));
    assert.deepEqual(codes, Array.from({ length: 100 }, (_, i) => i % 50));
  });

  it('restarts an armed target at once when it exits, once (the restart is not armed), and a disarmed one not at all', async () => {
    const spec = { command: ['sleep', '1000'], cwd: dir, env: { PATH: '/usr/bin:/bin' }, outputPath: null };
    const armed = helper!.launch({ ...spec, armed: true })!;
    const pid = await started(armed);
    await waitFor('the target to have run for a second (CRASH_LOOP_MIN_UPTIME_MS)', () => ranFor(pid) > 1100);
    const exit = new Promise<[number | null, string | null, { child?: TargetProcess; error?: Error } | undefined]>((resolve) =>
      armed.once('exit', (code: number | null, signal: string | null, respawn?: { child?: TargetProcess; error?: Error }) => resolve([code, signal, respawn])),
    );
    process.kill(pid, 'SIGKILL');
    const [code, signal, respawn] = await exit;
    assert.deepEqual([code, signal], [null, 'SIGKILL']);
    const again = respawn!.child!;
    assert.ok(again.pid && again.pid !== pid && isAlive(again.pid), 'restarted by the helper before the monitor decided anything');
    assert.equal(stat(again.pid).comm, 'sleep');
    assert.equal(again.armed, false, 'one-shot');
    const [, , second] = await new Promise<unknown[]>((resolve) => {
      again.once('exit', (...args: unknown[]) => resolve(args));
      process.kill(again.pid!, 'SIGKILL');
    });
    assert.equal(second, undefined, 'a restarted target is not restarted again unless armed again');

    const disarmed = helper!.launch({ ...spec, armed: true })!;
    const pid3 = await started(disarmed);
    await waitFor('the target to have run for a second', () => ranFor(pid3) > 1100);
    await disarmed.disarm!();
    const [, , none] = await new Promise<unknown[]>((resolve) => {
      disarmed.once('exit', (...args: unknown[]) => resolve(args));
      process.kill(pid3, 'SIGKILL');
    });
    assert.equal(none, undefined, 'disarmed: no restart');
  });

  it('does not restart an armed target that ran less than a second: a crash loop is the monitor\'s call', async () => {
    const armed = helper!.launch({ command: ['sleep', '1000'], cwd: dir, env: { PATH: '/usr/bin:/bin' }, outputPath: null, armed: true })!;
    const pid = await started(armed);
    const [, signal, respawn] = await new Promise<unknown[]>((resolve) => {
      armed.once('exit', (...args: unknown[]) => resolve(args));
      process.kill(pid, 'SIGKILL');
    });
    assert.equal(signal, 'SIGKILL');
    assert.equal(respawn, undefined, 'reported without a restart');
  });

  it('when the helper dies, its targets live on as detached and the next launch starts a new helper', async () => {
    const own = new SpawnHelper(helperPath!);
    const first = own.launch({ command: ['sleep', '1000'], cwd: dir, env: { PATH: '/usr/bin:/bin' }, outputPath: null })!;
    const pid = await started(first);
    const helperPid = stat(pid).ppid;
    const detached = new Promise<void>((resolve) => first.once('detached', resolve));
    process.kill(helperPid, 'SIGKILL');
    await detached;
    assert.ok(isAlive(pid), 'the target outlives its helper');
    const second = own.launch({ command: ['sleep', '1000'], cwd: dir, env: { PATH: '/usr/bin:/bin' }, outputPath: null })!;
    const pid2 = await started(second);
    assert.notEqual(stat(pid2).ppid, helperPid);
    assert.equal(stat(stat(pid2).ppid).comm, 'psv-spawn');
    process.kill(pid, 'SIGKILL');
    process.kill(pid2, 'SIGKILL');
  });

  it('is given up after five helpers in a row died young, never for deaths far apart', async () => {
    let clock = 1_000_000;
    const own = new SpawnHelper(helperPath!, () => clock);
    /** A helper that lived `lifeMs` (on the helper's clock), then killed. */
    const killHelper = async (lifeMs: number): Promise<void> => {
      const child = own.launch({ command: ['sleep', '1000'], cwd: dir, env: { PATH: '/usr/bin:/bin' }, outputPath: null })!;
      const pid = await started(child);
      clock += lifeMs;
      const detached = new Promise<void>((resolve) => child.once('detached', resolve));
      process.kill(stat(pid).ppid, 'SIGKILL');
      await detached;
      process.kill(pid, 'SIGKILL');
    };
    // Killed now and then: each helper lived over a minute.
    for (let i = 0; i < 7; i++) await killHelper(61_000);
    assert.equal(own.usable, true, 'seven deaths a minute apart');
    // Four more, each within a minute of its start: still usable; the fifth gives it up.
    for (let i = 0; i < 4; i++) await killHelper(10_000);
    assert.equal(own.usable, true, 'four young deaths after an old one');
    await killHelper(10_000);
    assert.equal(own.usable, false, 'five young deaths in a row');
    assert.equal(own.launch({ command: ['sleep', '1000'], cwd: dir, env: {}, outputPath: null }), null);
  });
});

describe('a spawn helper that dies between starting a target and saying so', { skip: process.platform !== 'linux' ? 'Linux only' : false }, () => {
  it('the target it started is found by its marker and taken (spawn, then detached), not reported as failed', async () => {
    // A stand-in for psv-spawn that starts the requested command (marked as psv-spawn
    // marks it: PSV_ROOT_PID is its own pid) and dies before it writes the pid back.
    const fake = join(dir, 'dying-helper.mjs');
    writeFileSync(
      fake,
      `#!${process.execPath}
import { spawn } from 'node:child_process';
process.stdout.write('R\\n');
let buf = Buffer.alloc(0);
process.stdin.on('data', (d) => {
  buf = Buffer.concat([buf, d]);
  const nl = buf.indexOf(10);
  if (nl < 0) return;
  const len = Number(buf.subarray(0, nl).toString());
  if (buf.length < nl + 1 + len) return;
  const f = buf.subarray(nl + 1, nl + 1 + len).toString().split('\\0').slice(0, -1);
  // S id armed cwd output run argc argv... env...
  const argc = Number(f[6]);
  const argv = f.slice(7, 7 + argc);
  const env = Object.fromEntries(f.slice(7 + argc).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  const child = spawn('/bin/sh', ['-c', 'PSV_ROOT_PID=$$; export PSV_ROOT_PID; exec "$@"', 'sh', ...argv], { env, detached: true, stdio: 'ignore' });
  child.unref();
  setTimeout(() => process.exit(0), 200);
});
`,
    );
    spawnSync('chmod', ['+x', fake]);
    const key = 'feedfacefeedface';
    const own = new SpawnHelper(fake);
    const child = own.launch({ command: ['sleep', '1000'], cwd: dir, env: { PATH: '/usr/bin:/bin', PSV_TARGET_ID: `${key}/lost` }, outputPath: null })!;
    const detached = new Promise<void>((resolve) => child.once('detached', resolve));
    const pid = await started(child);
    await detached;
    assert.ok(isAlive(pid), 'the pid given is the running target');
    assert.match(readFileSync(`/proc/${pid}/environ`, 'latin1'), new RegExp(`PSV_TARGET_ID=${key}/lost`));
    process.kill(pid, 'SIGKILL');
  });
});

describe('a monitor restarts its targets through psv-spawn', { skip }, () => {
  it('counts the restarts the helper made at once: the retry rule still ends in RetryOver, and nothing runs after it', async () => {
    const sub = tempDir('psv-spawner-r-');
    after(() => cleanup(sub));
    const marker = `psv-armed-${process.pid}-${Date.now()}`;
    const { config, events } = writeConfig(
      sub,
      `${monitorSection(sub)}targets:\n  - name: flaky\n    command: ["/bin/sh", "-c", "sleep 1000 & wait # ${marker}"]\n    restart: { retries: 2, window: 1h }\n    onRetryOver: stop\n`,
    );
    const m = new MonitorProcess(config, events);
    try {
      const is = (name: string) => (e: PsvEvent) => e.event === name && e.target === 'flaky';
      for (let round = 1; round <= 3; round++) {
        const [up] = (await m.waitEvents(`TargetUp #${round}`, is('TargetUp'), round)).slice(-1);
        process.kill(up!.pid!, 'SIGKILL');
        await m.waitEvents(`TargetDown #${round}`, is('TargetDown'), round);
      }
      await m.waitEvents('RetryOver', is('RetryOver'));
      const seq = m.events().filter((e) => e.target === 'flaky' && e.event !== 'IncidentRecorded').map((e) => e.event);
      assert.deepEqual(seq, [
        'TargetStarted', 'TargetUp',
        'TargetDown', 'RestartAttempt', 'TargetStarted', 'TargetUp',
        'TargetDown', 'RestartAttempt', 'TargetStarted', 'TargetUp',
        'TargetDown', 'RetryOver',
      ]);
      const attempts = m.events().filter(is('RestartAttempt')).map((e) => e.attempt);
      assert.deepEqual(attempts, [1, 2]);
      await waitFor('no process of the target left', () => !spawnSync('pgrep', ['-f', marker]).stdout.toString().trim() || undefined);
    } finally {
      await m.stop();
    }
  });

  it('pauses, restarts and stops armed targets without the helper restarting them behind the monitor', async () => {
    const sub = tempDir('psv-spawner-p-');
    after(() => cleanup(sub));
    const marker = `psv-armed-p-${process.pid}-${Date.now()}`;
    const { config, events } = writeConfig(
      sub,
      `${monitorSection(sub)}targets:\n  - name: a\n    command: ["/bin/sh", "-c", "sleep 1000 & wait # ${marker}"]\n`,
    );
    const m = new MonitorProcess(config, events);
    const cli = (...args: string[]) => spawnSync(psvCommand()[0]!, [...psvCommand().slice(1), ...args, '-c', config], { encoding: 'utf8' });
    const running = () => spawnSync('pgrep', ['-f', marker]).stdout.toString().trim().split('\n').filter(Boolean).map(Number);
    try {
      const [up] = await m.waitEvents('TargetUp', (e) => e.event === 'TargetUp');
      assert.equal(cli('pause', 'a').status, 0);
      process.kill(up!.pid!, 'SIGKILL');
      await m.waitEvents('TargetDownPaused', (e) => e.event === 'TargetDownPaused');
      await waitFor('the paused target to stay down', () => running().length === 0 || undefined);
      assert.equal(m.events().filter((e) => e.event === 'TargetStarted').length, 1, 'not restarted while paused');
      assert.equal(cli('resume', 'a').status, 0);
      await m.waitEvents('TargetUp after resume', (e) => e.event === 'TargetUp', 2);
      // The operator's restart stops the armed process first: one new process, not two.
      assert.equal(cli('restart', 'a').status, 0);
      const ups = await m.waitEvents('TargetUp after restart', (e) => e.event === 'TargetUp', 3);
      await waitFor('one process of the target', () => (running().length === 1 && running()[0] === ups[2]!.pid) || undefined);
      assert.equal(cli('stop').status, 0);
      assert.equal(await m.exited, 0);
      await waitFor('the stopped target gone', () => !isAlive(ups[2]!.pid!) || undefined);
      assert.deepEqual(running(), [], 'nothing restarted it');
    } finally {
      await m.stop();
    }
  });

  it('a killed target comes back as the helper\'s child, and the helper ends with the monitor', async () => {
    const sub = tempDir('psv-spawner-m-');
    after(() => cleanup(sub));
    const { config, events } = writeConfig(sub, `${monitorSection(sub)}targets:\n  - name: sleeper\n    command: ["sleep", "1000"]\n`);
    const m = new MonitorProcess(config, events);
    try {
      const [up] = await m.waitEvents('TargetUp', (e) => e.event === 'TargetUp');
      const helperPid = stat(up!.pid!).ppid;
      assert.equal(stat(helperPid).comm, 'psv-spawn');
      assert.equal(stat(helperPid).ppid, m.child.pid, 'the monitor started the helper');
      process.kill(up!.pid!, 'SIGKILL');
      const ups = await m.waitEvents('the second TargetUp', (e) => e.event === 'TargetUp', 2);
      assert.equal(stat(ups[1]!.pid!).ppid, helperPid);
      assert.equal(await m.stop(), 0);
      await waitFor('the helper to end with its monitor', () => !isAlive(helperPid) || stat(helperPid).ppid !== m.child.pid);
    } finally {
      await m.stop();
    }
  });
});

describe('withRootMarker: a target Node starts carries PSV_ROOT_PID as well', { skip: process.platform !== 'linux' ? 'Linux only' : false }, () => {
  const spec = (command: string[], cwd = dir) => ({ command, cwd, env: { PATH: '/usr/bin:/bin' }, outputPath: null });

  it('starts a program found on PATH through a shell that sets it and becomes the program', () => {
    const command = withRootMarker(spec(['sleep', '5']));
    assert.deepEqual(command.slice(0, 2), ['/bin/sh', '-c']);
    const r = spawnSync(command[0]!, [...command.slice(1, 3), 'sh', 'sh', '-c', 'echo "$PSV_ROOT_PID $$"'], { encoding: 'utf8' });
    const [root, self] = r.stdout.trim().split(' ');
    assert.equal(root, self, 'PSV_ROOT_PID is the pid the program runs as');
  });

  it('leaves a program that is not there, or a folder that is not there, to Node (whose error names it)', () => {
    assert.deepEqual(withRootMarker(spec(['no-such-program-psv'])), ['no-such-program-psv']);
    assert.deepEqual(withRootMarker(spec([join(dir, 'missing.sh')])), [join(dir, 'missing.sh')]);
    assert.deepEqual(withRootMarker(spec(['sleep', '5'], join(dir, 'no-such-folder'))), ['sleep', '5']);
  });
});

describe('what psv-spawn watches of the targets it runs', { skip }, () => {
  const fast = { sampleEveryMs: 100, sampleSpacingMs: 0, keepMs: 60_000, logMaxBytes: 0, logEveryMs: 0 };
  const env = { PATH: '/usr/bin:/bin' };
  /** Every target these tests start is killed at the end, also after a failed assertion (a running one holds the test process open). */
  const pids: number[] = [];
  after(() => {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
  const start = async (helper: SpawnHelper, command: string[], outputPath: string | null = null): Promise<{ pid: number; child: TargetProcess }> => {
    const child = helper.launch({ command, cwd: dir, env, outputPath })!;
    const pid = await started(child);
    pids.push(pid);
    return { pid, child };
  };

  it('samples a running target on its own, and keeps the readings after the target has ended', async () => {
    const helper = new SpawnHelper(helperPath!);
    helper.configure(fast);
    const { pid, child } = await start(helper, ['sleep', '1000']);
    assert.equal(helper.holds(pid), true);
    const readings = await waitForAsync('three readings', async () => {
      const r = await helper.readings(pid);
      return r && r.length >= 3 ? r : undefined;
    });
    const last = readings[readings.length - 1]!;
    assert.equal(last.state, 'S', 'sleep sleeps');
    assert.equal(last.threads, 1);
    assert.ok(last.rssPages > 0, `resident pages: ${last.rssPages}`);
    assert.ok(readings[0]!.fds !== null && readings[0]!.fds >= 3, `descriptors at the first reading: ${readings[0]!.fds}`);
    assert.ok(Math.abs(last.at - Date.now()) < 60_000, 'wall-clock times');
    assert.ok(readings.every((r, i) => i === 0 || r.at > readings[i - 1]!.at), 'oldest first');
    const gone = exited(child);
    process.kill(pid, 'SIGKILL');
    await gone;
    assert.equal(helper.holds(pid), false, 'an ended target is not held');
    const kept = await helper.readings(pid);
    assert.ok(kept && kept.length >= readings.length, `the readings of the ended target are kept (${kept?.length})`);
    assert.deepEqual(await helper.readings(1), [], 'none of a process it never ran');
  });

  it("tells when a running target's output file has grown above the limit, and not for a small one", async () => {
    const helper = new SpawnHelper(helperPath!);
    helper.configure({ ...fast, sampleEveryMs: 0, logMaxBytes: 1000, logEveryMs: 100 });
    const full: number[] = [];
    helper.onLogFull((pid) => full.push(pid));
    const quiet = await start(helper, ['sleep', '1000'], join(dir, 'quiet.log'));
    const big = await start(helper, ['sh', '-c', 'head -c 2000 /dev/zero; exec sleep 1000'], join(dir, 'full.log'));
    await waitFor('the full log told three times', () => full.filter((p) => p === big.pid).length >= 3 || undefined);
    assert.ok(!full.includes(quiet.pid), 'a small log is not told');
  });

  it('with a limit of 0 (logs.maxSize: 0) tells every log that is not empty, and no empty one', async () => {
    const helper = new SpawnHelper(helperPath!);
    helper.configure({ ...fast, sampleEveryMs: 0, logMaxBytes: 0, logEveryMs: 100 });
    const full: number[] = [];
    helper.onLogFull((pid) => full.push(pid));
    const empty = await start(helper, ['sleep', '1000'], join(dir, 'empty.log'));
    const one = await start(helper, ['sh', '-c', 'echo x; exec sleep 1000'], join(dir, 'one-line.log'));
    await waitFor('the one-line log told twice', () => full.filter((p) => p === one.pid).length >= 2 || undefined);
    assert.ok(!full.includes(empty.pid), 'an empty log is not told');
  });

  it("an incident of a target the helper ran shows the helper's samples, CPU % worked out, without the monitor sampling it", async () => {
    const helper = new SpawnHelper(helperPath!);
    helper.configure(fast);
    const { pid, child } = await start(helper, ['sh', '-c', 'while :; do :; done']);
    await waitForAsync('three readings', async () => ((await helper.readings(pid))?.length ?? 0) >= 3 || undefined);
    const gone = exited(child);
    process.kill(pid, 'SIGKILL');
    await gone;
    const recorder = new Recorder(
      { dir: join(dir, 'incidents'), keep: 5, maxBytes: 1 << 26, maxDumpBytes: 1 << 26, minIntervalMs: 600_000, procdump: null, dumpType: 'full' },
      new EventBus([]),
      posixPlatform,
      VERSION,
      Date.now,
      { childReadings: (p) => helper.readings(p) },
    );
    const now = Date.now();
    const folder = await recorder.record({
      target: 'spin', kind: 'exit', reason: 'killed', pid, exitCode: null, signal: 'SIGKILL', startedAt: now - 1000, failedAt: now,
      command: ['sh'], cwd: dir, restarts: 0, retries: 3, logPath: null, alive: false,
    });
    assert.ok(folder);
    const samples = readFileSync(join(folder, 'resources.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as ResourceSample);
    assert.ok(samples.length >= 3, `${samples.length} samples`);
    assert.ok(samples.every((x) => x.pid === pid && x.rssBytes! > 0 && x.threads === 1));
    assert.equal(samples[0]!.cpuPercent, null, 'no CPU % for the first reading');
    assert.ok(samples.slice(1).some((x) => x.cpuPercent! > 0), `a busy loop uses CPU: ${samples.map((x) => x.cpuPercent).join(' ')}`);
    assert.ok(samples.every((x, i) => i === 0 || x.time >= samples[i - 1]!.time), 'in time order');
  });
});

describe('the samples and log sizes of running targets, watched by psv-spawn or by the monitor', { skip, concurrency: true }, () => {
  const ways = [
    { by: 'psv-spawn', env: {} },
    { by: 'the monitor (targets spawned by Node)', env: { PSV_SPAWN_HELPER: '' } },
  ];
  for (const way of ways) {
    it(`${way.by}: the log of a running target that outgrew logs.maxSize is rotated without a restart, and its incident has samples`, async () => {
      const sub = tempDir('psv-spawner-l-');
      after(() => cleanup(sub));
      const { config, events } = writeConfig(
        sub,
        `${monitorSection(sub, '  logs: { maxSize: 1KiB, keep: 2 }\n')}targets:\n  - name: chatty\n    command: ["sh", "-c", "head -c 5000 /dev/zero | tr '\\\\0' x; exec sleep 1000"]\n`,
      );
      const m = new MonitorProcess(config, events, way.env);
      try {
        const [up] = await m.waitEvents('TargetUp', (e) => e.event === 'TargetUp');
        const parent = stat(stat(up!.pid!).ppid).comm;
        assert.equal(parent === 'psv-spawn', way.by === 'psv-spawn', `the target's parent: ${parent}`);
        const log = join(sub, 'state', 'logs', 'chatty.log');
        // Each log is looked at every 30 s.
        await waitFor('the log rotated', () => existsSync(`${log}.1`) || undefined, 90_000);
        assert.equal(statSync(`${log}.1`).size, 5000, 'the rotated copy holds what was written');
        assert.ok(statSync(log).size < 1024, 'the log starts again');
        assert.ok(isAlive(up!.pid!), 'the target still runs');
        assert.equal(m.events().filter((e) => e.event === 'TargetUp').length, 1, 'not restarted');
        // By now it has been sampled (every 15 s): the incident of its death shows it.
        process.kill(up!.pid!, 'SIGKILL');
        const [recorded] = await m.waitEvents('IncidentRecorded', (e) => e.event === 'IncidentRecorded');
        const samples = readFileSync(join(recorded!.folder as string, 'resources.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as ResourceSample);
        assert.ok(samples.some((x) => x.pid === up!.pid && x.state === 'S'), `samples of the dead process: ${JSON.stringify(samples)}`);
      } finally {
        await m.stop();
      }
    });
  }
});
