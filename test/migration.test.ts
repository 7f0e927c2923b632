// The worked example of docs/migrating-from-processsaver.md (examples/migration)
// does what the guide says: it passes psv check; the AP server, a process psv did
// not start, is brought back by its restart script; the web server, which psv
// starts, is re-spawned by psv; pause and resume act like padmin stop and start.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cleanup, isAlive, parseTable, psv, psvAsync, readEvents, ROOT, tempDir, waitFor, waitForAsync } from './helpers.js';

const EXAMPLE = join(ROOT, 'examples', 'migration');

describe('the ProcessSaver migration example', () => {
  const dir = tempDir('psv-migration-');
  // A copy, so that its state, endpoint and incidents are this test's own.
  cpSync(EXAMPLE, dir, { recursive: true });
  const config = join(dir, 'psv.yaml');
  const events = join(dir, 'state', 'events.jsonl');
  const env = { PSV_LANG: 'en', PSV_CONFIG: '', PSV_CONTROL: '' };
  const started: number[] = [];
  after(async () => {
    await psvAsync(['stop', '-c', config], { env });
    for (const pid of started) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    cleanup(dir);
  });

  it('the guide shows this very file, and it passes psv check', () => {
    const guide = readFileSync(join(ROOT, 'docs', 'migrating-from-processsaver.md'), 'utf8');
    const ja = readFileSync(join(ROOT, 'docs', 'ja', 'migrating-from-processsaver.md'), 'utf8');
    const file = readFileSync(join(EXAMPLE, 'psv.yaml'), 'utf8').trim();
    assert.ok(guide.includes(file), 'docs/migrating-from-processsaver.md shows examples/migration/psv.yaml as it is');
    assert.ok(ja.includes(file), 'docs/ja/migrating-from-processsaver.md shows examples/migration/psv.yaml as it is');
    const r = psv(['check', '-c', config], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /OK, 2 targets/);
  });

  it('restores the AP server by its restart script, re-spawns the web server, and pauses like padmin stop', async () => {
    // The AP server is started by the system, not by psv (as under ProcessSaver).
    const ap = spawn(join(dir, 'apserver.sh'), [], { cwd: dir, detached: true, stdio: 'ignore' });
    started.push(ap.pid!);
    ap.unref();
    const start = await psvAsync(['start', '-c', config], { env });
    assert.equal(start.code, 0, start.stderr);
    const status = async (): Promise<Record<string, Record<string, string>>> => {
      const r = await psvAsync(['status', '-c', config], { env });
      return Object.fromEntries(parseTable(r.stdout).map((row) => [row.NAME!, row]));
    };
    const first = await waitForAsync('both targets running', async () => {
      const s = await status();
      return s.apserver?.STATE === 'Running' && s.web?.STATE === 'Running' ? s : null;
    });
    assert.equal(Number(first.apserver!.PID), ap.pid, 'psv found the AP server it did not start');

    // A loss of the AP server: the restart script starts a new one, psv finds it.
    process.kill(ap.pid!, 'SIGKILL');
    const restored = await waitForAsync(
      'the AP server restored by its restart script',
      async () => {
        const s = await status();
        return s.apserver?.STATE === 'Running' && Number(s.apserver.PID) !== ap.pid ? s : null;
      },
      40_000,
    );
    started.push(Number(restored.apserver!.PID));
    assert.match(readFileSync(join(dir, 'restart.log'), 'utf8'), /restart of apserver \(pid \d+: /);
    await waitFor('RestartScriptRun', () => readEvents(events).find((e) => e.event === 'RestartScriptRun' && e.target === 'apserver'));

    // The web server depends on the AP server, so it is restarted after it.
    const firstWeb = Number(first.web!.PID);
    await waitFor('web stopped for its dependency', () =>
      readEvents(events).find((e) => e.event === 'TargetStopped' && e.target === 'web' && e.pid === firstWeb && /dependency 'apserver' restarted/.test(String(e.reason))),
    );
    const rewebbed = await waitForAsync('web running again after the AP server', async () => {
      const s = await status();
      return s.web?.STATE === 'Running' && Number(s.web.PID) !== firstWeb ? s : null;
    });

    // A loss of the web server: psv re-spawns it at once, no script involved.
    const webPid = Number(rewebbed.web!.PID);
    process.kill(webPid, 'SIGKILL');
    await waitForAsync('the web server re-spawned', async () => {
      const s = await status();
      return s.web?.STATE === 'Running' && Number(s.web.PID) !== webPid ? s : null;
    });

    // padmin stop / start: psv pause / resume. A loss while paused is only reported.
    assert.equal((await psvAsync(['pause', 'apserver', '-c', config], { env })).code, 0);
    const apPid = Number(restored.apserver!.PID);
    process.kill(apPid, 'SIGKILL');
    await waitFor('TargetDownPaused', () => readEvents(events).find((e) => e.event === 'TargetDownPaused' && e.pid === apPid), 30_000);
    assert.equal((await psvAsync(['resume', 'apserver', '-c', config], { env })).code, 0);
    const resumed = await waitForAsync(
      'the AP server restored after resume',
      async () => {
        const s = await status();
        return s.apserver?.STATE === 'Running' && Number(s.apserver.PID) !== apPid ? s : null;
      },
      40_000,
    );
    started.push(Number(resumed.apserver!.PID));
    // Messages in Japanese, as monitor.events.language says; incidents where analysis.dir says.
    const down = readEvents(events).find((e) => e.event === 'TargetDown' && e.target === 'apserver')!;
    assert.match(String(down.message), /^プロセス \['apserver', pid=\d+\] ダウン/);
    assert.ok(existsSync(join(dir, 'incidents')), 'incidents in analysis.dir');
    // The incident of a process psv did not start records its command line as the process table showed it.
    const lost = await waitFor('the incident of the AP server', () =>
      readdirSync(join(dir, 'incidents'))
        .map((f) => join(dir, 'incidents', f, 'summary.json'))
        .filter((f) => existsSync(f))
        .map((f) => JSON.parse(readFileSync(f, 'utf8')) as { target: string; kind: string; commandLine: string })
        .find((x) => x.target === 'apserver' && x.kind === 'lost'),
    );
    assert.match(lost.commandLine, /apserver\.sh/);
  });
});
