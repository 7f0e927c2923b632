// A monitor killed with SIGKILL and started again: every target keeps exactly
// one process, nothing is restarted needlessly, the retry counts survive, and
// the re-adopted processes are still watched.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { StatusResult, TargetStatusInfo } from '../src/control/protocol.js';
import {
  cleanup,
  isAlive,
  killProcessesWithArg,
  monitorSection,
  pidsWithArg,
  psvAsync,
  readEvents,
  taggedSleep,
  tempDir,
  waitFor,
  waitForAsync,
  writeConfig,
  type PsvEvent,
} from './helpers.js';

const COUNT = 10;

describe('a monitor killed with SIGKILL', () => {
  const dir = tempDir('psv-crash-');
  const sleepers = Array.from({ length: COUNT }, () => taggedSleep());
  const { config, events } = writeConfig(
    dir,
    `${monitorSection(dir, '  interval: 300ms\n')}targets:\n` +
      sleepers.map((s, i) => `  - name: t${i}\n    command: ${JSON.stringify(s.command)}\n    restart: { retries: 5, window: 1h }\n`).join(''),
  );
  const cli = (...args: string[]) => psvAsync([...args, '-c', config]);
  const status = async (): Promise<StatusResult> => {
    const r = await cli('status', '--json');
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as StatusResult;
  };
  const allRunning = (what: string, accept: (s: StatusResult) => boolean = () => true): Promise<StatusResult> =>
    waitForAsync(what, async () => {
      const s = await status();
      return s.targets.every((t) => t.state === 'Running') && accept(s) ? s : null;
    });
  const byName = (s: StatusResult, name: string): TargetStatusInfo => s.targets.find((t) => t.name === name)!;
  const since = (time: string, event: string): PsvEvent[] => readEvents(events).filter((e) => e.time >= time && e.event === event);

  after(async () => {
    await cli('stop');
    killProcessesWithArg(config, ...sleepers.map((s) => s.tag));
    cleanup(dir);
  });

  it('comes back with one process per target, the same pids, the retry counts kept, and still watching', async () => {
    const start = await cli('start');
    assert.equal(start.code, 0, start.stderr);
    const first = await allRunning('10 targets running');
    assert.equal(first.targets.length, COUNT);

    // One restart before the crash, so that there is a retry count to keep.
    const t0 = byName(first, 't0');
    process.kill(t0.pid!, 'SIGKILL');
    const before = await allRunning('t0 restarted', (s) => byName(s, 't0').pid !== t0.pid);
    assert.equal(byName(before, 't0').restarts, 1);

    // The crash. Targets run in their own sessions and outlive it.
    const monitorPid = before.monitor.pid;
    process.kill(monitorPid, 'SIGKILL');
    await waitFor('the monitor gone', () => !isAlive(monitorPid));
    assert.equal((await cli('status')).code, 3);
    assert.ok(before.targets.every((t) => isAlive(t.pid!)), 'the targets outlive the monitor');
    // t0 dies while nobody watches.
    const t0Before = byName(before, 't0').pid!;
    process.kill(t0Before, 'SIGKILL');
    await waitFor('t0 gone', () => !isAlive(t0Before));

    const restartedAt = new Date().toISOString();
    const again = await cli('start', '--json');
    assert.equal(again.code, 0, again.stderr);
    assert.notEqual((JSON.parse(again.stdout) as { pid: number }).pid, monitorPid);
    const after1 = await allRunning('every target running again');

    for (const s of sleepers) assert.equal(pidsWithArg(s.tag).length, 1, `exactly one process with argument ${s.tag}`);
    for (const t of after1.targets) {
      const was = byName(before, t.name);
      if (t.name === 't0') continue;
      assert.equal(t.pid, was.pid, `${t.name} keeps its process`);
      assert.equal(t.adopted, true);
      assert.equal(t.restarts, 0);
    }
    const adopted = since(restartedAt, 'TargetAdopted');
    assert.deepEqual(adopted.map((e) => e.target).sort(), after1.targets.filter((t) => t.name !== 't0').map((t) => t.name).sort());
    assert.deepEqual(since(restartedAt, 'TargetStarted').map((e) => e.target), ['t0'], 'only the dead target was started');

    // t0 died while the monitor was down: restarted, and its count went on from 1.
    const t0After = byName(after1, 't0');
    assert.notEqual(t0After.pid, t0Before);
    assert.equal(t0After.adopted, false);
    assert.equal(t0After.restarts, 2, 'the retry count survives the monitor crash');
    const down = since(restartedAt, 'TargetDown').filter((e) => e.target === 't0');
    assert.equal(down.length, 1);
    assert.equal(down[0]!.pid, t0Before);
    assert.match(String(down[0]!.how), /while the monitor was down/);

    // A re-adopted process is not the monitor's child, yet its death is still noticed.
    const t5 = byName(after1, 't5');
    process.kill(t5.pid!, 'SIGKILL');
    const after2 = await allRunning('t5 restarted', (s) => byName(s, 't5').pid !== t5.pid);
    const t5Now = byName(after2, 't5');
    assert.ok(isAlive(t5Now.pid!));
    assert.deepEqual(pidsWithArg(sleepers[5]!.tag), [t5Now.pid]);
    assert.deepEqual([t5Now.restarts, t5Now.adopted], [1, false]);
    assert.ok(since(restartedAt, 'TargetDown').some((e) => e.target === 't5' && e.pid === t5.pid));
    for (const t of after2.targets) if (t.name !== 't5') assert.equal(t.pid, byName(after1, t.name).pid);

    // Stopping stops the adopted processes too.
    const stop = await cli('stop');
    assert.equal(stop.code, 0, stop.stderr);
    await waitFor('every target stopped', () => after2.targets.every((t) => !isAlive(t.pid!)));
    for (const s of sleepers) assert.deepEqual(pidsWithArg(s.tag), []);
  });
});
