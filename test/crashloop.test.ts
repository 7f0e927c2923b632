// A target that crashes the moment it starts, with no delay configured: the
// crash-loop floor keeps the restarts apart (a delay of 0 cannot spin a core),
// and `psv stop` ends the monitor however fast the loop turns. A target that
// ran for a while still comes back at once.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { CRASH_LOOP_FLOOR_MS, CRASH_LOOP_MIN_UPTIME_MS } from '../src/policy/retry.js';
import { cleanup, isAlive, monitorSection, MonitorProcess, psvAsync, taggedSleep, tempDir, waitFor, waitForAsync, writeConfig, type PsvEvent } from './helpers.js';
import type { StatusResult } from '../src/control/protocol.js';

const dirs: string[] = [];
const monitors: MonitorProcess[] = [];
after(async () => {
  for (const m of monitors) await m.stop();
  for (const d of dirs) cleanup(d);
});

/** A monitor with flood control off, so that every restart is in the event file. */
function setup(targets: string): { config: string; m: MonitorProcess } {
  const dir = tempDir('psv-crashloop-');
  dirs.push(dir);
  const { config, events } = writeConfig(dir, `${monitorSection(dir, '    flood: { perMinute: 0 }\n')}targets:\n${targets}`);
  const m = new MonitorProcess(config, events);
  monitors.push(m);
  return { config, m };
}

const of = (name: string, event: string) => (e: PsvEvent) => e.target === name && e.event === event;

describe('a crash loop with restart.delay 0', () => {
  it('restarts no faster than the floor, and `psv stop` ends the monitor', async () => {
    const { config, m } = setup(`  - name: loop\n    command: ["sh", "-c", "exit 1"]\n    restart: { retries: 100000, delay: 0s }\n`);
    const starts = await m.waitEvents('20 starts of the crash loop', of('loop', 'TargetStarted'), 20, 60_000);
    const times = starts.map((e) => Date.parse(e.time));
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // The floor is 100 ms; the event times are rounded to the millisecond.
    assert.ok(Math.min(...gaps) >= CRASH_LOOP_FLOOR_MS - 10, `restarts ${Math.min(...gaps)} ms apart (floor ${CRASH_LOOP_FLOOR_MS} ms): ${gaps.join(', ')}`);
    const attempts = m.events().filter(of('loop', 'RestartAttempt'));
    assert.ok(attempts.length >= 19);
    for (const a of attempts) assert.ok((a.delayMs as number) >= CRASH_LOOP_FLOOR_MS, `RestartAttempt says ${String(a.delayMs)} ms`);

    const stop = await psvAsync(['stop', '-c', config]);
    assert.equal(stop.code, 0, stop.stderr);
    const pid = m.child.pid!;
    await waitFor('the monitor process to end after psv stop', () => m.child.exitCode !== null || m.child.signalCode !== null, 20_000);
    assert.equal(m.child.exitCode, 0);
    assert.ok(!isAlive(pid));
  });

  it('`psv stop` during a group restart\'s delay: nothing starts after the stop, and the monitor ends', async () => {
    const { config, m } = setup(
      `  - name: flaky\n    command: ["sh", "-c", "exit 1"]\n    restart: { retries: 100000, delay: 0s }\n` +
        `groups:\n  - name: pair\n    members: [flaky]\n    strategy: all\n    restart: { retries: 100000, delay: 3s }\n`,
    );
    await m.waitEvents('a group restart', (e) => e.event === 'GroupRestart');
    const stop = await psvAsync(['stop', '-c', config]);
    assert.equal(stop.code, 0, stop.stderr);
    await waitFor('the monitor process to end after psv stop', () => m.child.exitCode !== null || m.child.signalCode !== null, 20_000);
    assert.equal(m.child.exitCode, 0);
    const stopped = m.events().findIndex((e) => e.event === 'MonitorStopped');
    assert.ok(stopped >= 0);
    assert.deepEqual(m.events().slice(stopped + 1).map((e) => e.event), [], 'nothing happens after MonitorStopped');
  });

  it('a target that ran longer than the crash-loop minimum comes back with no delay', async () => {
    const sleeper = taggedSleep();
    const { config, m } = setup(`  - name: steady\n    command: ${JSON.stringify(sleeper.command)}\n    restart: { retries: 100000, delay: 0s }\n`);
    const [up] = await m.waitEvents('steady up', of('steady', 'TargetUp'));
    // Up for longer than the minimum by the monitor's own account.
    await waitForAsync(
      `steady up for ${CRASH_LOOP_MIN_UPTIME_MS} ms`,
      async () => {
        const r = await psvAsync(['status', '--json', '-c', config]);
        const s = JSON.parse(r.stdout) as StatusResult;
        return (s.targets[0]?.uptimeMs ?? 0) > CRASH_LOOP_MIN_UPTIME_MS + 200;
      },
      30_000,
    );
    process.kill(up!.pid!, 'SIGKILL');
    const [attempt] = await m.waitEvents('RestartAttempt', of('steady', 'RestartAttempt'));
    assert.equal(attempt!.delayMs, 0);
    const ups = await m.waitEvents('steady up again', of('steady', 'TargetUp'), 2);
    assert.notEqual(ups[1]!.pid, up!.pid);
    assert.equal(await m.stop(), 0);
  });
});
