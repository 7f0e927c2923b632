// The Windows adapter when a system tool cannot start (finding 13: under Wine,
// spawn(taskkill.exe) once threw inside the handling of an exit, which left the
// dead target "Running" and made the monitor's stop hang). On Linux: the
// engine runs with the Windows adapter, and node:child_process's spawn,
// spawnSync and execFile throw at once for the tool in question, the way spawn
// does for EINVAL, EPERM or ENOMEM. The targets themselves are real processes.
import assert from 'node:assert/strict';
import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { loadConfigText } from '../src/config/load.js';
import { EventBus, type EventRecord } from '../src/events/bus.js';
import { cleanup, isAlive, killProcessesWithArg, taggedSleep, tempDir, waitFor, writeFile } from './helpers.js';

const dir = tempDir('psv-wintools-');

/** Tools (by the end of their path) whose start throws at once, as spawn does for EINVAL. */
const broken = new Set<string>();
const einval = (file: string): Error => Object.assign(new Error(`spawn ${file} EINVAL`), { code: 'EINVAL', errno: -22, syscall: `spawn ${file}` });
const isBroken = (file: unknown): boolean => [...broken].some((tool) => String(file).endsWith(tool));
const realSpawn = childProcess.spawn;
const realExecFile = childProcess.execFile;
const realSpawnSync = childProcess.spawnSync;
childProcess.spawn = ((file: string, ...rest: unknown[]) => {
  if (isBroken(file)) throw einval(file);
  return (realSpawn as (...a: unknown[]) => unknown)(file, ...rest);
}) as typeof childProcess.spawn;
childProcess.execFile = ((file: string, ...rest: unknown[]) => {
  if (isBroken(file)) throw einval(file);
  return (realExecFile as (...a: unknown[]) => unknown)(file, ...rest);
}) as typeof childProcess.execFile;
childProcess.spawnSync = ((file: string, ...rest: unknown[]) => {
  if (isBroken(file)) throw einval(file);
  return (realSpawnSync as (...a: unknown[]) => unknown)(file, ...rest);
}) as typeof childProcess.spawnSync;
// The adapters import spawn and execFile by name: their bindings follow the module object now.
syncBuiltinESMExports();

const { windowsPlatform } = await import('../src/platform/windows.js');
const { windowsServiceStatus } = await import('../src/platform/windows-processes.js');
const { onToolFailure } = await import('../src/platform/tools.js');
const { Monitor } = await import('../src/engine/monitor.js');
const { ExitEscalation } = await import('../src/escalation/exit.js');

// Before the fix a throw escaped from the exit handling: recorded here, so that the test fails instead of the runner.
const escaped: unknown[] = [];
process.on('uncaughtException', (err) => escaped.push(err));
process.on('unhandledRejection', (err) => escaped.push(err));

const records: EventRecord[] = [];
const events = new EventBus([{ write: (r) => records.push(r) }]);
onToolFailure((tool, error) => events.emit('ToolFailed', { tool, error }));
const sleepers: string[] = [];
const monitors: Array<InstanceType<typeof Monitor>> = [];

beforeEach(() => (escaped.length = 0));
afterEach(() => broken.clear());
after(async () => {
  // A monitor a failed test left behind must not keep this process alive.
  await Promise.race([Promise.all(monitors.map((m) => m.stop('test over'))), new Promise((r) => setTimeout(r, 5000).unref())]);
  onToolFailure(null);
  killProcessesWithArg(...sleepers);
  cleanup(dir);
});

const of = (target: string, event: string) => records.filter((r) => r.target === target && r.event === event);

function monitorFor(name: string, extra = ''): { monitor: InstanceType<typeof Monitor>; pidOf: () => number | null } {
  const sleeper = taggedSleep();
  sleepers.push(sleeper.tag);
  const home = join(dir, name);
  const loaded = loadConfigText(
    `monitor:\n  stateDir: ${join(home, 'state')}\n  events: { file: false, console: false }\n` +
      `targets:\n  - name: ${name}\n    command: ${JSON.stringify(sleeper.command)}\n    stopTimeout: 1s\n${extra}`,
    join(home, 'psv.yaml'),
    { isWindows: false },
  );
  if (!loaded.ok) assert.fail(loaded.problems.map((p) => p.message).join('\n'));
  const monitor = new Monitor(loaded.config, { platform: windowsPlatform, events, version: 'test', controlAddress: 'test', escalation: new ExitEscalation(events) });
  monitors.push(monitor);
  return { monitor, pidOf: () => monitor.status([name]).targets[0]!.pid };
}

describe('windows: a system tool that cannot start (finding 13)', () => {
  it('taskkill.exe throwing at the exit of a target: ToolFailed, the target restarted, and stop completes', async () => {
    const { monitor, pidOf } = monitorFor('web');
    await monitor.start();
    const first = await waitFor('web up', () => pidOf());
    broken.add('taskkill.exe');

    process.kill(first, 'SIGKILL');
    const second = await waitFor('web restarted with a new pid', () => {
      const pid = pidOf();
      return pid !== null && pid !== first && of('web', 'TargetUp').length >= 2 ? pid : null;
    });
    assert.ok(isAlive(second));
    assert.deepEqual(escaped, [], 'nothing thrown out of the exit handling');
    // (Here, on Linux, reading a start time reports the missing powershell.exe as well.)
    const failed = records.filter((r) => r.event === 'ToolFailed' && /taskkill\.exe$/.test(String(r.tool)));
    assert.ok(failed.length >= 1);
    assert.match(String(failed[0]!.tool), /taskkill\.exe$/);
    assert.match(failed[0]!.message, /^Cannot run the system tool .*taskkill\.exe: spawn .*EINVAL/);

    // Stop: the polite taskkill cannot run either; the forced end at stopTimeout needs no tool.
    let stopped = false;
    void monitor.stop('test').then(() => (stopped = true));
    await waitFor('the stop to complete', () => stopped, 20_000);
    assert.equal(of('web', 'TargetStopped').length, 1);
    await waitFor('the stopped target gone', () => !isAlive(second));
    assert.ok(records.some((r) => r.event === 'MonitorStopped'));
    assert.deepEqual(escaped, []);
  });

  it('a restart script whose start throws is a failed restart, counted, up to retry over', async () => {
    const script = writeFile(join(dir, 'fix.cmd'), '@echo off\r\n');
    const { monitor, pidOf } = monitorFor('db', `    restart: { retries: 2, script: ${JSON.stringify(script)} }\n    onRetryOver: stop\n`);
    await monitor.start();
    const pid = await waitFor('db up', () => pidOf());
    broken.add('cmd.exe');
    process.kill(pid, 'SIGKILL');
    const [over] = await waitFor('RetryOver', () => {
      const found = of('db', 'RetryOver');
      return found.length ? found : null;
    });
    assert.equal(over!.restarts, 2);
    const fails = of('db', 'RestartFailed');
    assert.equal(fails.length, 2);
    assert.match(String(fails[0]!.error), /^restart script: cannot run .*fix\.cmd: spawn .*cmd\.exe EINVAL/);
    assert.equal(monitor.status(['db']).targets[0]!.state, 'Failed');
    assert.deepEqual(escaped, []);
    broken.clear();
    await monitor.stop('test');
  });

  it('sc.exe throwing: the service status says so, and ToolFailed is written', async () => {
    broken.add('sc.exe');
    const before = records.filter((r) => r.event === 'ToolFailed').length;
    const [status] = await windowsServiceStatus(['Spooler']);
    assert.equal(status!.state, 'unknown');
    assert.match(status!.detail, /cannot run .*sc\.exe: spawn .*EINVAL/);
    const after = records.filter((r) => r.event === 'ToolFailed');
    assert.equal(after.length, before + 1);
    assert.match(String(after.at(-1)!.tool), /sc\.exe$/);
  });

  it('powershell.exe throwing when a start time is read: no throw into the caller, ToolFailed, the process counts as alive', () => {
    broken.add('powershell.exe');
    const before = records.filter((r) => r.event === 'ToolFailed').length;
    assert.equal(windowsPlatform.processStartToken(process.pid), 'alive');
    const after = records.filter((r) => r.event === 'ToolFailed');
    assert.equal(after.length, before + 1);
    assert.match(String(after.at(-1)!.tool), /powershell\.exe$/);
    assert.match(String(after.at(-1)!.error), /EINVAL/);
  });

  it('powershell.exe missing (ENOENT, as here on Linux) when a start time is read: ToolFailed too', () => {
    const before = records.filter((r) => r.event === 'ToolFailed').length;
    assert.equal(windowsPlatform.processStartToken(process.pid), 'alive');
    const after = records.filter((r) => r.event === 'ToolFailed');
    assert.equal(after.length, before + 1);
    assert.match(String(after.at(-1)!.error), /ENOENT/);
  });

  it('icacls.exe throwing: the control token is still written, with a warning, and the endpoint prepared', () => {
    broken.add('icacls.exe');
    const token = join(dir, 'control', 'pipe.token');
    const reach = windowsPlatform.prepareControlEndpoint('\\\\.\\pipe\\psv-test', token, 'secret', null);
    assert.match(reach, /can write to \\\\\.\\pipe\\psv-test/);
    assert.equal(readFileSync(token, 'utf8'), 'secret\r\n');
    assert.deepEqual(escaped, []);
  });
});
