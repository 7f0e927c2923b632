// The engine end to end: a real monitor process, real targets, real kills.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cleanup, isAlive, monitorSection, MonitorProcess, tempDir, waitFor, writeConfig, writeFile, type PsvEvent } from './helpers.js';

const dirs: string[] = [];
const monitors: MonitorProcess[] = [];
after(async () => {
  for (const m of monitors) await m.stop();
  for (const d of dirs) cleanup(d);
});

function setup(targets: string, monitorExtra = ''): { dir: string; m: MonitorProcess } {
  const dir = tempDir();
  dirs.push(dir);
  const { config, events } = writeConfig(dir, `${monitorSection(dir, monitorExtra)}targets:\n${targets}`);
  const m = new MonitorProcess(config, events);
  monitors.push(m);
  return { dir, m };
}

const byTarget = (name: string, event: string) => (e: PsvEvent) => e.target === name && e.event === event;

describe('restart after a kill', () => {
  it('brings a SIGKILLed target back with a new PID; events TargetDown, RestartAttempt, TargetUp in order', async () => {
    const { m } = setup(`  - name: sleeper\n    command: ["sleep", "1000"]\n`);
    const [up] = await m.waitEvents('first TargetUp', byTarget('sleeper', 'TargetUp'));
    const firstPid = up!.pid!;
    assert.ok(isAlive(firstPid));
    process.kill(firstPid, 'SIGKILL');
    const ups = await m.waitEvents('second TargetUp', byTarget('sleeper', 'TargetUp'), 2);
    const secondPid = ups[1]!.pid!;
    assert.notEqual(secondPid, firstPid);
    assert.ok(isAlive(secondPid), 'the new process runs');
    const seq = m
      .events()
      .filter((e) => e.target === 'sleeper' && e.event !== 'IncidentRecorded')
      .map((e) => e.event);
    const afterKill = seq.slice(seq.indexOf('TargetUp') + 1);
    assert.deepEqual(afterKill.slice(0, 4), ['TargetDown', 'RestartAttempt', 'TargetStarted', 'TargetUp']);
    const down = m.events().find((e) => e.event === 'TargetDown')!;
    assert.equal(down.signal, 'SIGKILL');
    assert.equal(down.pid, firstPid);
    assert.match(down.message, new RegExp(`Process \\['sleeper', pid=${firstPid}\\] Down`));
    assert.equal(await m.stop(), 0);
    assert.ok(!isAlive(secondPid), 'stopping the monitor stops its targets');
  });

  it('writes the target output to its log file under stateDir', async () => {
    const { dir, m } = setup(`  - name: talker\n    command: ["/bin/sh", "-c", "echo hello-out; echo hello-err >&2; exec sleep 1000"]\n`);
    const log = join(dir, 'state', 'logs', 'talker.log');
    await waitFor('both lines in the log', () => {
      try {
        const text = readFileSync(log, 'utf8');
        return text.includes('hello-out') && text.includes('hello-err');
      } catch {
        return false;
      }
    });
    await m.stop();
  });
});

describe('retry rule and onRetryOver', () => {
  const crashing = (action: string, extra = '') =>
    `  - name: crasher\n    command: ["/bin/sh", "-c", "exit 3"]\n    restart: { retries: 3, window: 1h${extra} }\n    onRetryOver: ${action}\n`;

  it('stop: 3 restarts, then RetryOver and no further start', async () => {
    const { m } = setup(crashing('stop'));
    const [over] = await m.waitEvents('RetryOver', byTarget('crasher', 'RetryOver'));
    assert.equal(over!.action, 'stop');
    assert.equal(over!.restarts, 3);
    assert.equal(await m.stop(), 0);
    const events = m.events();
    const starts = events.filter(byTarget('crasher', 'TargetStarted'));
    const attempts = events.filter(byTarget('crasher', 'RestartAttempt'));
    const downs = events.filter(byTarget('crasher', 'TargetDown'));
    assert.equal(starts.length, 4, 'the first start and 3 restarts');
    assert.deepEqual(attempts.map((e) => e.attempt), [1, 2, 3]);
    assert.equal(downs.length, 4);
    assert.equal(downs[0]!.exitCode, 3);
    assert.ok(events.findIndex((e) => e.event === 'RetryOver') > events.lastIndexOf(starts.at(-1)!));
  });

  it('continue: reports RetryOver, then keeps restarting at the maximum backoff', async () => {
    const { m } = setup(crashing('continue', ', backoff: { max: 1s }'));
    const [over] = await m.waitEvents('RetryOver', byTarget('crasher', 'RetryOver'));
    assert.equal(over!.action, 'continue');
    const starts = await m.waitEvents('a 5th and 6th start', byTarget('crasher', 'TargetStarted'), 6);
    const gap = Date.parse(starts[5]!.time) - Date.parse(starts[4]!.time);
    assert.ok(gap >= 900, `restarts past the retries wait the maximum backoff (gap ${gap} ms)`);
    const attempts = m.events().filter(byTarget('crasher', 'RestartAttempt'));
    assert.equal(attempts.at(-1)!.delayMs, 1000);
    assert.equal(m.events().filter((e) => e.event === 'RetryOver').length, 1, 'RetryOver is reported once');
    assert.equal(await m.stop(), 0);
  });

  it('failover: stops the other targets and exits with the failover code 4', async () => {
    const { m } = setup(crashing('failover') + `  - name: bystander\n    command: ["sleep", "1000"]\n`);
    const [up] = await m.waitEvents('bystander up', byTarget('bystander', 'TargetUp'));
    const code = await m.exited;
    assert.equal(code, 4);
    const events = m.events();
    assert.ok(events.some((e) => e.event === 'Failover' && e.target === 'crasher'));
    assert.ok(events.some(byTarget('bystander', 'TargetStopped')));
    assert.ok(!isAlive(up!.pid!), 'the other target was stopped');
  });

  it('a delay with backoff spaces the restarts out', async () => {
    const { m } = setup(crashing('stop', ', delay: 200ms, backoff: { factor: 2, max: 10s }'));
    await m.waitEvents('RetryOver', byTarget('crasher', 'RetryOver'));
    const delays = m.events().filter(byTarget('crasher', 'RestartAttempt')).map((e) => e.delayMs);
    assert.deepEqual(delays, [200, 400, 800]);
    const starts = m.events().filter(byTarget('crasher', 'TargetStarted'));
    const gap = Date.parse(starts[3]!.time) - Date.parse(starts[2]!.time);
    assert.ok(gap >= 750, `third restart waited its backoff (gap ${gap} ms)`);
    await m.stop();
  });
});

describe('restart script', () => {
  it('runs with PSV_TARGET, PSV_PID, PSV_REASON and PSV_EXIT_CODE before the re-spawn', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const out = join(dir, 'script.env');
    const script = writeFile(
      join(dir, 'restart.sh'),
      `#!/bin/sh\nprintf '%s|%s|%s|%s\\n' "$PSV_TARGET" "$PSV_PID" "$PSV_REASON" "$PSV_EXIT_CODE" >> ${out}\n`,
      true,
    );
    const { config, events } = writeConfig(
      dir,
      `${monitorSection(dir)}targets:\n  - name: scripted\n    command: ["/bin/sh", "-c", "read x; exit 7"]\n    restart: { script: ${script} }\n  - name: killed\n    command: ["sleep", "1000"]\n    restart: { script: ${script} }\n`,
    );
    const m = new MonitorProcess(config, events);
    monitors.push(m);
    const [killedUp] = await m.waitEvents('killed up', byTarget('killed', 'TargetUp'));
    process.kill(killedUp!.pid!, 'SIGKILL');
    await m.waitEvents('killed back', byTarget('killed', 'TargetUp'), 2);
    await m.waitEvents('scripted restarted', byTarget('scripted', 'RestartScriptRun'));
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    assert.ok(lines.includes(`killed|${killedUp!.pid}|signal SIGKILL|`), lines.join('\n'));
    const scriptedDown = m.events().find(byTarget('scripted', 'TargetDown'))!;
    assert.ok(lines.includes(`scripted|${scriptedDown.pid}|exit code 7|7`), lines.join('\n'));
    // The script ran before the new process started.
    const seq = m.events().filter((e) => e.target === 'killed' && e.event !== 'IncidentRecorded').map((e) => e.event);
    assert.deepEqual(seq.slice(-3), ['RestartScriptRun', 'TargetStarted', 'TargetUp']);
    await m.stop();
  });

  it('a failing or hanging script is reported as RestartFailed and counted against the retries', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const failing = writeFile(join(dir, 'fail.sh'), '#!/bin/sh\nexit 9\n', true);
    const hanging = writeFile(join(dir, 'hang.sh'), '#!/bin/sh\nexec sleep 1000\n', true);
    const { config, events } = writeConfig(
      dir,
      `${monitorSection(dir)}targets:\n` +
        `  - name: a\n    command: ["/bin/sh", "-c", "exit 1"]\n    restart: { retries: 2, script: ${failing} }\n` +
        `  - name: b\n    command: ["/bin/sh", "-c", "exit 1"]\n    restart: { retries: 1, script: ${hanging}, scriptTimeout: 300ms }\n`,
    );
    const m = new MonitorProcess(config, events);
    monitors.push(m);
    await m.waitEvents('a retry over', byTarget('a', 'RetryOver'));
    await m.waitEvents('b retry over', byTarget('b', 'RetryOver'));
    const aFails = m.events().filter(byTarget('a', 'RestartFailed'));
    assert.equal(aFails.length, 2);
    assert.match(aFails[0]!.message, /restart script: .*fail\.sh failed \(exit code 9\)/);
    const bFail = m.events().find(byTarget('b', 'RestartFailed'))!;
    assert.match(bFail.message, /timed out after 300 ms/);
    assert.equal(m.events().filter(byTarget('a', 'TargetStarted')).length, 1, 'no re-spawn after a failed script');
    await m.stop();
  });
});

describe('stopping', () => {
  it('kills the whole tree, grandchildren too, even those that ignore SIGTERM', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const gcFile = join(dir, 'gc.pid');
    const { config, events } = writeConfig(
      dir,
      `${monitorSection(dir)}targets:\n` +
        `  - name: tree\n    command: ["/bin/sh", "-c", "sleep 1000 & echo $! > ${gcFile}; (trap '' TERM; exec sleep 1001) & echo $! >> ${gcFile}; wait"]\n    stopTimeout: 500ms\n`,
    );
    const m = new MonitorProcess(config, events);
    monitors.push(m);
    const [up] = await m.waitEvents('tree up', byTarget('tree', 'TargetUp'));
    const grandchildren = await waitFor('grandchild pids', () => {
      try {
        const pids = readFileSync(gcFile, 'utf8').trim().split('\n').map(Number);
        return pids.length === 2 && pids.every((p) => p > 0) ? pids : undefined;
      } catch {
        return undefined;
      }
    });
    assert.ok(grandchildren.every(isAlive));
    assert.equal(await m.stop(), 0);
    assert.ok(!isAlive(up!.pid!));
    for (const pid of grandchildren) assert.ok(!isAlive(pid), `grandchild ${pid} is gone`);
  });
});

describe('bad commands', () => {
  it('a program that does not exist is RestartFailed with the OS error, counted, and the monitor keeps the others', async () => {
    const { m } = setup(
      `  - name: ghost\n    command: ["/nonexistent/program"]\n    restart: { retries: 2 }\n  - name: steady\n    command: ["sleep", "1000"]\n`,
    );
    const [up] = await m.waitEvents('steady up', byTarget('steady', 'TargetUp'));
    const [over] = await m.waitEvents('ghost retry over', byTarget('ghost', 'RetryOver'));
    assert.equal(over!.restarts, 2);
    const fails = m.events().filter(byTarget('ghost', 'RestartFailed'));
    assert.equal(fails.length, 3, 'the first start and two restarts failed');
    assert.match(fails[0]!.message, /ENOENT/);
    assert.ok(isAlive(up!.pid!), 'the other target still runs');
    assert.equal(m.child.exitCode, null, 'the monitor still runs');
    process.kill(up!.pid!, 'SIGKILL');
    await m.waitEvents('steady back', byTarget('steady', 'TargetUp'), 2);
    assert.equal(await m.stop(), 0);
  });
});
