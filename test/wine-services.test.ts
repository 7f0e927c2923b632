// Services through the Service Control Manager (psv-win svc, src/native/win-scm.c)
// under Wine, no mocks: Wine runs its own services (Spooler is one, demand-start,
// safe to stop and start in a prefix of its own). The helper queries, starts,
// stops and restarts it with the exit codes and words the monitor relies on; and
// psv.exe watches it as a `service:` target: stopped from outside (Wine's own
// sc.exe), it is noticed and started again, and `psv restart` restarts it, all
// through psv-win.exe (its fallback to sc.exe and PowerShell would say ToolFailed;
// Wine's powershell.exe is a stub, so an operator restart could not pass that way).
// Skipped when wine, out/psv.exe or dist/bin/psv-win.exe is missing, unless PSV_REQUIRE_WINE=1.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { parseSvcQuery, SVC_ARGS } from '../src/platform/windows-services.js';
import { readEvents, ROOT, tempDir, waitFor, writeFile } from './helpers.js';
import { winPath, wineSession, wineSuite } from './wine.js';

const EXE = process.env.PSV_WIN_EXE ?? join(ROOT, 'out', 'psv.exe');
const HELPER = join(ROOT, 'dist', 'bin', 'psv-win.exe');
const SC = 'C:\\windows\\system32\\sc.exe';
const SERVICE = 'Spooler';

wineSuite(
  'services through the SCM (psv-win svc) under Wine',
  () =>
    !existsSync(EXE)
      ? `${EXE} is missing (npm run build:exe builds it)`
      : !existsSync(HELPER)
        ? `${HELPER} is missing (npm run build compiles it with x86_64-w64-mingw32-gcc)`
        : null,
  serviceTests,
);

function serviceTests(): void {
  const dir = tempDir('psv-wine-scm-');
  // A prefix of its own: another Wine suite's wineserver -k must not end this one's services.
  const { wine, background } = wineSession(dir, 'wine-scm');
  const svc = (args: string[]) => wine(HELPER, args, 120_000);
  const query = (name: string) => {
    const r = svc(SVC_ARGS.query([name]));
    assert.equal(r.code, 0, r.stderr);
    return parseSvcQuery([name], r.stdout)[0]!;
  };

  it('the helper lists, queries, starts, stops and restarts a service; a missing one is exit 6 with its words; names are UTF-16 in, UTF-8 out', () => {
    const all = svc(['svc', 'query']);
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stdout, new RegExp(`^\\w+\\t\\d+\\t\\w+\\t\\d+\\t\\d+\\t${SERVICE}\\r?$`, 'm'), 'every service, Spooler among them');

    const start = svc(SVC_ARGS.start(SERVICE, 20_000));
    assert.equal(start.code, 0, start.stderr);
    const up = query(SERVICE);
    assert.equal(up.state, 'running');
    assert.ok(up.pid, 'a running service has its process');

    const restart = svc(SVC_ARGS.restart(SERVICE, 20_000));
    assert.equal(restart.code, 0, restart.stderr);
    const again = query(SERVICE);
    assert.equal(again.state, 'running');
    assert.notEqual(again.pid, up.pid, 'restarted: another process');

    const stop = svc(SVC_ARGS.stop(SERVICE, 20_000));
    assert.equal(stop.code, 0, stop.stderr);
    assert.equal(query(SERVICE).state, 'stopped');
    assert.equal(svc(SVC_ARGS.stop(SERVICE, 20_000)).code, 0, 'stopping a stopped service is done, not an error');

    const missing = svc(SVC_ARGS.restart('NoSuchService', 5_000));
    assert.equal(missing.code, 6);
    assert.match(missing.stderr, /psv-win svc restart NoSuchService: no such service \(error 1060\)/);
    // A name outside the ANSI code page reaches the SCM and comes back as it was given.
    const name = 'サービス試験';
    const r = svc(SVC_ARGS.query([name]));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), `missing\t0\tunknown\t0\t0\t${name}`);
    assert.equal(svc(['svc', 'start']).code, 2, 'usage');
  });

  it('a service: target stopped from outside is noticed and started again through the SCM; psv restart restarts it', async (t) => {
    assert.equal(svc(SVC_ARGS.start(SERVICE, 20_000)).code, 0);
    const pipe = `\\\\.\\pipe\\psv-wine-scm-${process.pid}`;
    const config = writeFile(
      join(dir, 'svc.yaml'),
      [
        'monitor:',
        '  interval: 1s',
        '  stateDir: ./svc-state',
        `  control: '${pipe}'`,
        '  events: { sinks: [file] }',
        'targets:',
        '  - name: spool',
        `    service: ${SERVICE}`,
        // Wine reports a stopped service as stopped cleanly, however it stopped.
        '    restartWhenStopped: true',
        '    restart: { retries: 10, window: 1h, delay: 100ms }',
        '',
      ].join('\n'),
    );
    const events = join(dir, 'svc-state', 'events.jsonl');
    const monitor = background(EXE, ['run', '-c', winPath(config)], 'svc-monitor.log');
    let exited: number | null | undefined;
    monitor.once('exit', (code) => (exited = code));
    const log = () => readFileSync(join(dir, 'svc-monitor.log'), 'utf8');
    const ups = () => readEvents(events).filter((e) => e.event === 'TargetUp');
    const first = await waitFor('the running service to be seen', () => (exited === undefined ? ups()[0] : assert.fail(`monitor exited ${exited}: ${log()}`)), 120_000);
    assert.equal(first.pid, query(SERVICE).pid);

    // Stopped from outside, by Wine's own sc.exe.
    const stoppedAt = Date.now();
    const stop = wine(SC, ['stop', SERVICE]);
    assert.equal(stop.code, 0, stop.stdout + stop.stderr);
    const down = await waitFor('TargetDown', () => readEvents(events).find((e) => e.event === 'TargetDown'), 60_000);
    const restored = await waitFor('the service running again', () => ups().find((e) => e.pid !== first.pid), 60_000);
    t.diagnostic(`TargetDown ${Date.parse(down.time) - stoppedAt} ms, TargetUp ${Date.parse(restored.time) - stoppedAt} ms after sc stop (interval 1 s)`);
    assert.equal(query(SERVICE).state, 'running');
    assert.equal(query(SERVICE).pid, restored.pid);

    // The operator's restart: stop and start through the SCM (no Restart-Service).
    const r = wine(EXE, ['restart', 'spool', '-c', winPath(config)]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const third = await waitFor('the service restarted by psv restart', () => ups().find((e) => e.pid !== first.pid && e.pid !== restored.pid), 60_000);
    assert.equal(query(SERVICE).pid, third.pid);
    assert.deepEqual(readEvents(events).filter((e) => e.event === 'ToolFailed' || e.event === 'RestartFailed'), [], 'no fallback to sc.exe or PowerShell, no failed restart');

    const end = wine(EXE, ['stop', '-c', winPath(config)]);
    assert.equal(end.code, 0, end.stdout + end.stderr);
  });
}
