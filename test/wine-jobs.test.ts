// Each target in its own named Job Object (src/native/win-job.c,
// src/platform/windows-jobs.ts), with the real psv.exe under Wine, no mocks:
// a target that leaves a grandchild behind and dies has the grandchild killed
// before the restart; stopping the monitor kills a target's whole tree;
// a monitor killed hard leaves its targets running, and the next one, with
// no saved state, adopts them from their job. Graceful stop: Wine cannot
// deliver CTRL_BREAK (GenerateConsoleCtrlEvent fails in every setup tried),
// so the stop here takes the helper's fallback, ending the job at once (the
// request itself is pinned by test/windows-jobs.test.ts).
// Skipped when wine or out/psv.exe is missing, unless PSV_REQUIRE_WINE=1.
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { parseHelperLine } from '../src/platform/windows-native.js';
import type { ProcessInfo } from '../src/platform/types.js';
import { readEvents, ROOT, tempDir, waitFor, writeFile } from './helpers.js';
import { winPath as win, wineSession, wineSuite } from './wine.js';

const EXE = process.env.PSV_WIN_EXE ?? join(ROOT, 'out', 'psv.exe');
const HELPER = join(ROOT, 'dist', 'bin', 'psv-win.exe');
const PING = 'C:\\\\windows\\\\system32\\\\ping.exe';
const CMD = 'C:\\\\windows\\\\system32\\\\cmd.exe';

wineSuite(
  'targets in Job Objects under Wine',
  () => (!existsSync(EXE) ? `${EXE} is missing (npm run build:exe builds it)` : !existsSync(HELPER) ? `${HELPER} is missing (npm run build compiles it)` : null),
  jobTests,
);

function jobTests(): void {
  const dir = tempDir('psv-wine-jobs-');
  // A prefix of its own: another Wine suite's wineserver -k must not end these monitors.
  const { wine, background } = wineSession(dir, 'wine-job');

  /** A monitor's config: its own state folder and pipe, file events only, checks a minute apart (ends are waited for). */
  function monitorConfig(name: string, targets: string[]): { config: string; events: string; stateDir: string } {
    const stateDir = join(dir, `${name}-state`);
    const monitor = { interval: '60s', stateDir: `./${name}-state`, control: `\\\\.\\pipe\\psv-wine-jobs-${name}-${process.pid}`, events: { sinks: ['file'] } };
    const config = writeFile(join(dir, `${name}.yaml`), [`monitor: ${JSON.stringify(monitor)}`, 'targets:', ...targets, ''].join('\n'));
    return { config, events: join(stateDir, 'events.jsonl'), stateDir };
  }

  /** The Windows process table, as psv-win.exe lists it. */
  function processes(): ProcessInfo[] {
    // Wine's loader now and then fails at a program's exit (ld.so "_dl_fini" assertion, status 127): asked again.
    let r = wine(HELPER, ['list']);
    for (let again = 0; again < 3 && r.code === 127; again++) r = wine(HELPER, ['list']);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.split('\n').flatMap((line) => {
      const reply = parseHelperLine(line);
      return reply?.kind === 'row' ? [reply.row] : [];
    });
  }

  /** The pings to `address`. */
  function pings(address: string): ProcessInfo[] {
    return processes().filter((p) => p.name.toLowerCase() === 'ping.exe' && p.commandLine.endsWith(` ${address}`));
  }

  it('a target that leaves a grandchild and dies: the grandchild is killed before the restart', async () => {
    // cmd starts a ping in the background (the grandchild, whose parent then dies) and ends 2 s later.
    const { config, events } = monitorConfig('orphan', [
      '  - name: leaver',
      `    command: ["${CMD}", "/c", "start /b ${PING} -n 100000 127.0.0.9 & ${PING} -n 3 127.0.0.1"]`,
      '    restart: { delay: 1s, retries: 100 }',
    ]);
    background(EXE, ['run', '-c', win(config)], 'orphan-monitor.log');
    const starts = () => readEvents(events).filter((e) => e.event === 'TargetStarted');
    const first = await waitFor('the first run', () => starts()[0], 120_000);
    const grandchild = await waitFor('the grandchild', () => pings('127.0.0.9')[0], 60_000);
    const down = await waitFor('the first run to end', () => readEvents(events).find((e) => e.event === 'TargetDown' && e.pid === first.pid), 60_000);
    assert.ok(down);
    const second = await waitFor('the restart', () => starts().find((e) => e.pid !== first.pid), 60_000);
    assert.notEqual(second.pid, first.pid);
    // Its job was ended before the restart was spawned: the old grandchild is gone (the new run's may be there).
    const now = pings('127.0.0.9').map((p) => p.pid);
    assert.ok(!now.includes(grandchild.pid), `the grandchild ${grandchild.pid} still runs (${now.join(', ')})`);
    const stop = wine(EXE, ['stop', '-c', win(config)], 120_000);
    assert.equal(stop.code, 0, stop.stdout + stop.stderr);
  });

  it('stopping the monitor ends the whole tree at once (CTRL_BREAK cannot be sent under Wine: the job is ended)', async () => {
    const { config, events } = monitorConfig('tree', [
      '  - name: tree',
      `    command: ["${CMD}", "/c", "start /b ${PING} -n 100000 127.0.0.10 & ${PING} -n 100000 127.0.0.11"]`,
      // Longer than the wait below: an end within it was not the stop timeout's forced kill.
      '    stopTimeout: 90s',
    ]);
    const monitor = background(EXE, ['run', '-c', win(config)], 'tree-monitor.log');
    await waitFor('the target', () => readEvents(events).find((e) => e.event === 'TargetStarted'), 120_000);
    const child = await waitFor('its ping', () => pings('127.0.0.11')[0], 60_000);
    const grandchild = await waitFor('its background ping', () => pings('127.0.0.10')[0], 60_000);
    const stoppedAt = Date.now();
    const stop = wine(EXE, ['stop', '-c', win(config)], 80_000);
    assert.equal(stop.code, 0, stop.stdout + stop.stderr);
    await new Promise((resolve) => (monitor.exitCode !== null ? resolve(null) : monitor.once('exit', resolve)));
    assert.ok(Date.now() - stoppedAt < 80_000, 'stopped before stopTimeout');
    assert.deepEqual(pings('127.0.0.11').map((p) => p.pid), [], `the ping ${child.pid} was ended`);
    assert.deepEqual(pings('127.0.0.10').map((p) => p.pid), [], `the background ping ${grandchild.pid} was ended`);
  });

  it('a monitor killed hard leaves its targets running; the next one, without saved state, adopts them from their job', async () => {
    const { config, events, stateDir } = monitorConfig('adopt', [`  - name: pinger`, `    command: ["${PING}", "-n", "100000", "127.0.0.12"]`]);
    const first = background(EXE, ['run', '-c', win(config)], 'adopt-monitor-1.log');
    const up = await waitFor('the target', () => readEvents(events).find((e) => e.event === 'TargetUp'), 120_000);
    const monitorPid = processes().find((p) => p.name.toLowerCase() === 'psv.exe' && p.commandLine.includes('adopt.yaml'))?.pid;
    assert.ok(monitorPid, 'the first monitor is listed');
    const itsHelper = () => processes().find((p) => p.name.toLowerCase() === 'psv-win.exe' && p.ppid === monitorPid);
    assert.ok(itsHelper(), 'the first monitor has its helper');
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    // The helper ends with its monitor (end of its input): only the target holds its job's name now.
    await waitFor('the first helper to end', () => !itsHelper() || undefined, 60_000);
    assert.deepEqual(pings('127.0.0.12').map((p) => p.pid), [up.pid], 'the target runs on');
    // No saved state: what the monitor knows of its target comes from the job alone.
    for (const f of ['state.json', 'state.journal']) rmSync(join(stateDir, f), { force: true });
    const before = readEvents(events).length;
    background(EXE, ['run', '-c', win(config)], 'adopt-monitor-2.log');
    const adopted = await waitFor('adopted', () => readEvents(events).slice(before).find((e) => e.event === 'TargetAdopted'), 120_000);
    assert.equal(adopted.pid, up.pid);
    assert.match(String(adopted.how), /marker/);
    assert.equal(readEvents(events).slice(before).filter((e) => e.event === 'TargetStarted').length, 0, 'not started a second time');
    const stop = wine(EXE, ['stop', '-c', win(config)], 120_000);
    assert.equal(stop.code, 0, stop.stdout + stop.stderr);
    assert.deepEqual(pings('127.0.0.12').map((p) => p.pid), [], 'the adopted target was ended through its job');
  });
}
