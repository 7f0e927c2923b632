// Windows services through psv-win svc (src/platform/windows-services.ts): the
// parsing of its query lines, the exact arguments of each request, what a
// failure says, and the fallback to sc.exe/PowerShell only when the helper is
// missing (said once). The helper itself runs under Wine in wine-services.test.ts.
import assert from 'node:assert/strict';
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { onToolFailure } from '../src/platform/tools.js';
import { parseSvcLine, parseSvcQuery, SERVICE_WAIT_MS, WindowsServices, type SvcResult, type SvcRunner } from '../src/platform/windows-services.js';
import type { ServiceStatus } from '../src/platform/types.js';
import { cleanup, tempDir, writeFile } from './helpers.js';

const ok = (stdout = ''): SvcResult => ({ code: 0, stdout, stderr: '', timedOut: false, error: null });

describe('psv-win svc query lines', () => {
  it('reads state, pid, start type and exit codes; the name comes last', () => {
    assert.deepEqual(parseSvcLine('running\t264\tdemand\t0\t0\tSpooler\r'), {
      name: 'Spooler',
      state: 'running',
      pid: 264,
      stoppedCleanly: false,
      exitCode: 0,
      detail: 'running (start demand)',
    });
    assert.deepEqual(parseSvcLine('stopped\t0\tauto\t0\t0\tBilling'), { name: 'Billing', state: 'stopped', pid: null, stoppedCleanly: true, exitCode: 0, detail: 'stopped (start auto)' });
  });

  it('a stop with an error code is failed; 1066 gives the service its own code; 1077 (never started) has none', () => {
    assert.equal(parseSvcLine('stopped\t0\tauto\t1067\t0\tB')!.state, 'failed');
    assert.equal(parseSvcLine('stopped\t0\tauto\t1067\t0\tB')!.exitCode, 1067);
    assert.deepEqual([parseSvcLine('stopped\t0\tauto\t1066\t3\tB')!.state, parseSvcLine('stopped\t0\tauto\t1066\t3\tB')!.exitCode], ['failed', 3]);
    const never = parseSvcLine('stopped\t0\tdemand\t1077\t0\tB')!;
    assert.deepEqual([never.state, never.exitCode, never.stoppedCleanly], ['stopped', null, true]);
  });

  it('pending and paused states; missing and unreadable services are unknown with their reason', () => {
    assert.equal(parseSvcLine('starting\t0\tauto\t0\t0\tB')!.state, 'starting');
    assert.equal(parseSvcLine('resuming\t9\tauto\t0\t0\tB')!.state, 'starting');
    assert.equal(parseSvcLine('stopping\t9\tauto\t0\t0\tB')!.state, 'stopping');
    assert.equal(parseSvcLine('paused\t9\tauto\t0\t0\tB')!.state, 'stopping');
    assert.deepEqual(parseSvcLine('missing\t0\tunknown\t0\t0\tNope'), { name: 'Nope', state: 'unknown', pid: null, stoppedCleanly: false, exitCode: null, detail: 'no such service' });
    assert.equal(parseSvcLine('error:5\t0\tunknown\t0\t0\tLocked')!.detail, 'cannot read the service (error 5)');
  });

  it('garbage is no line; a name with a tab or non-ASCII survives; answers come in the order asked, a missing answer is unknown', () => {
    assert.equal(parseSvcLine(''), null);
    assert.equal(parseSvcLine('running\tx\tauto\t0\t0\tB'), null);
    assert.equal(parseSvcLine('running\t1\tauto\t0\tB'), null);
    assert.equal(parseSvcLine('running\t1\tauto\t0\t0\ta\tb')!.name, 'a\tb');
    const text = 'stopped\t0\tdemand\t0\t0\tサービス\r\nrunning\t7\tauto\t0\t0\tA\r\n';
    const [a, s, z] = parseSvcQuery(['A', 'サービス', 'Z'], text);
    assert.deepEqual([a!.state, a!.pid, s!.state, z!.state, z!.detail], ['running', 7, 'stopped', 'unknown', 'no answer from the service manager']);
  });
});

describe('WindowsServices (psv-win svc, mocked runner: the exact requests)', () => {
  const failures: string[] = [];
  onToolFailure((tool, error) => failures.push(`${tool}: ${error}`));
  after(() => onToolFailure(null));

  function services(answer: (args: string[]) => SvcResult, path: string | null = 'C:\\psv\\psv-win.exe') {
    const calls: Array<[string, string[], number]> = [];
    const old: string[] = [];
    const runner: SvcRunner = async (helper, args, timeoutMs) => {
      calls.push([helper, args, timeoutMs]);
      return answer(args);
    };
    const fallback = {
      status: async (names: readonly string[]): Promise<ServiceStatus[]> => {
        old.push(`status ${names.join(',')}`);
        return names.map((name) => ({ name, state: 'running', pid: 1, stoppedCleanly: false, exitCode: null, detail: 'sc' }));
      },
      start: async (name: string) => void old.push(`start ${name}`),
      restart: async (name: string) => void old.push(`restart ${name}`),
    };
    return { s: new WindowsServices(() => path, runner, fallback), calls, old };
  }

  it('one query for all names, start and restart with the name as one argument and the wait in ms', async () => {
    failures.length = 0;
    const { s, calls, old } = services((args) => (args[1] === 'query' ? ok('running\t5\tauto\t0\t0\tA\nstopped\t0\tdemand\t0\t0\tb c\n') : ok()));
    const st = await s.status(['A', 'b c']);
    assert.deepEqual(st.map((x) => [x.name, x.state, x.pid]), [['A', 'running', 5], ['b c', 'stopped', null]]);
    await s.start(`it's "a"; $(x)`);
    await s.restart('Spooler');
    assert.deepEqual(calls, [
      ['C:\\psv\\psv-win.exe', ['svc', 'query', 'A', 'b c'], 15_000],
      ['C:\\psv\\psv-win.exe', ['svc', 'start', `it's "a"; $(x)`, String(SERVICE_WAIT_MS)], SERVICE_WAIT_MS + 15_000],
      ['C:\\psv\\psv-win.exe', ['svc', 'restart', 'Spooler', String(SERVICE_WAIT_MS)], 2 * SERVICE_WAIT_MS + 15_000],
    ]);
    assert.deepEqual(await s.status([]), [], 'no names, no run');
    assert.equal(calls.length, 3);
    assert.deepEqual(old, [], 'no sc.exe, no PowerShell');
    assert.deepEqual(failures, []);
  });

  it('a failed request says what failed: the helper\'s line, else its exit code\'s meaning, or the time limit', async () => {
    const { s } = services((args) =>
      args[2] === 'Locked'
        ? { code: 5, stdout: '', stderr: 'psv-win svc restart Locked: access denied (OpenService) (error 5)\r\n', timedOut: false, error: null }
        : args[2] === 'Gone'
          ? { code: 6, stdout: '', stderr: '', timedOut: false, error: null }
          : { code: null, stdout: '', stderr: '', timedOut: true, error: null },
    );
    await assert.rejects(s.restart('Locked'), /^Error: psv-win svc restart Locked: access denied \(OpenService\) \(error 5\)$/);
    await assert.rejects(s.start('Gone'), /^Error: service start Gone: no such service$/);
    await assert.rejects(s.start('Slow'), /service start Slow: psv-win\.exe gave no answer within 45000 ms/);
  });

  it('a failed query makes every asked service unknown with the reason (the monitor goes on)', async () => {
    const { s } = services(() => ({ code: 5, stdout: '', stderr: 'psv-win svc query : access denied (OpenSCManager) (error 5)\n', timedOut: false, error: null }));
    const st = await s.status(['A', 'B']);
    assert.deepEqual(st.map((x) => [x.name, x.state, x.detail]), [
      ['A', 'unknown', 'psv-win svc query : access denied (OpenSCManager) (error 5)'],
      ['B', 'unknown', 'psv-win svc query : access denied (OpenSCManager) (error 5)'],
    ]);
  });

  it('without the helper, sc.exe and PowerShell answer, and ToolFailed says so once', async () => {
    failures.length = 0;
    const { s, calls, old } = services(() => ok(), null);
    await s.status(['A']);
    await s.start('A');
    await s.restart('A');
    assert.deepEqual(calls, []);
    assert.deepEqual(old, ['status A', 'start A', 'restart A']);
    assert.deepEqual(failures, ['psv-win.exe: this psv carries no psv-win.exe; services are handled through sc.exe and PowerShell']);
  });

  it('a helper that cannot be started falls back for that request, said once', async () => {
    failures.length = 0;
    const { s, old } = services(() => ({ code: null, stdout: '', stderr: '', timedOut: false, error: new Error('spawn C:\\psv\\psv-win.exe ENOENT') }));
    await s.start('A');
    await s.start('A');
    assert.deepEqual(old, ['start A', 'start A']);
    assert.equal(failures.length, 1);
    assert.match(failures[0]!, /cannot run C:\\psv\\psv-win\.exe: spawn .* ENOENT; services are handled through sc\.exe and PowerShell/);
  });
});

describe('WindowsServices with its own runner: the names reach the program as argv, no shell', () => {
  const dir = tempDir('psv-svc-argv-');
  after(() => cleanup(dir));

  it('quotes, spaces, $(...), ; and non-ASCII arrive as one argument each', async () => {
    const seen = join(dir, 'argv.txt');
    // A stand-in for psv-win.exe that writes its arguments, one a line, and answers the query.
    const helper = writeFile(join(dir, 'psv-win'), `#!/bin/sh\nprintf '%s\\n' "$@" >> '${seen}'\nprintf 'running\\t9\\tauto\\t0\\t0\\t%s\\n' "$3"\n`);
    chmodSync(helper, 0o755);
    const names = [`it's "a" name; echo pwned`, '$(touch pwned)', 'サービス'];
    const s = new WindowsServices(() => helper);
    for (const name of names) {
      const [st] = await s.status([name]);
      assert.deepEqual([st!.name, st!.state, st!.pid], [name, 'running', 9]);
    }
    await s.restart(names[0]!);
    assert.deepEqual(readFileSync(seen, 'utf8').split('\n').filter(Boolean), [
      ...names.flatMap((n) => ['svc', 'query', n]),
      'svc',
      'restart',
      names[0]!,
      String(SERVICE_WAIT_MS),
    ]);
  });
});
