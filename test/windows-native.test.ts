// The monitor's side of psv-win.exe's protocol (src/platform/windows-native.ts),
// on Linux: the parsing of every reply line, and the helper client driven by a
// stand-in helper that speaks the stdout protocol (tables, waits, its death).
// The named pipe and the real helper are tested under Wine (wine-native.test.ts).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseHelperLine, parseTokenAnswer, tokenWord, WinHelper } from '../src/platform/windows-native.js';
import { cleanup, tempDir, waitFor, writeFile } from './helpers.js';

describe('psv-win protocol: reply lines', () => {
  it('a row: pid, parent, start, image, owner, and a command line that keeps its tabs', () => {
    const r = parseHelperLine('R\t7\t4120\t600\t134405220367994510\tjava.exe\tCORP\\svc-app\t"C:\\Program Files\\java.exe" -jar\tapp.jar\r');
    assert.deepEqual(r, {
      kind: 'row',
      id: '7',
      row: { pid: 4120, ppid: 600, name: 'java.exe', startToken: '134405220367994510', user: 'CORP\\svc-app', commandLine: '"C:\\Program Files\\java.exe" -jar\tapp.jar', state: null },
    });
  });

  it('a row the helper could not open: no owner (null), the image name for a command line', () => {
    const r = parseHelperLine('R\t1\t4\t0\t0\tSystem\t\t');
    assert.equal(r?.kind, 'row');
    assert.deepEqual(r?.kind === 'row' && r.row, { pid: 4, ppid: 0, name: 'System', startToken: '0', user: null, commandLine: 'System', state: null });
  });

  it('non-ASCII names and command lines arrive as the UTF-8 the helper wrote', () => {
    const r = parseHelperLine('R\t2\t88\t4\t1\t日本語.exe\tPC\\ユーザー\t日本語.exe --名前 値');
    assert.ok(r?.kind === 'row');
    assert.equal(r.row.user, 'PC\\ユーザー');
    assert.equal(r.row.commandLine, '日本語.exe --名前 値');
  });

  it('end of a table, an exit, a process that cannot be waited on, the greeting', () => {
    assert.deepEqual(parseHelperLine('E\t12'), { kind: 'end', id: '12' });
    assert.deepEqual(parseHelperLine('X\t4120\t134405220367994510'), { kind: 'exit', pid: 4120, token: '134405220367994510' });
    assert.deepEqual(parseHelperLine('N\t4\t0'), { kind: 'nowait', pid: 4, token: '0' });
    assert.deepEqual(parseHelperLine('H\tpsv-win\t1'), { kind: 'hello', version: 1 });
  });

  it('lines it does not know, or malformed ones, are ignored (null), never thrown', () => {
    for (const line of ['', 'Z\t1', 'R\t1\tx\t0\t0\ta\tb\tc', 'R\t1\t2\t3', 'X\tabc\t1', 'X\t5', 'H\tother\t1', 'psv-win: bad request']) {
      assert.equal(parseHelperLine(line), null, JSON.stringify(line));
    }
  });

  it('tokens: a token psv could not read is sent as 0 (any process with the pid); the pipe answers -, ? or the token', () => {
    assert.equal(tokenWord('134405220367994510'), '134405220367994510');
    assert.equal(tokenWord('alive'), '0');
    assert.equal(parseTokenAnswer('134405220367994510\r\n'), '134405220367994510');
    assert.equal(parseTokenAnswer('-'), null);
    assert.equal(parseTokenAnswer('?'), 'alive');
    assert.equal(parseTokenAnswer('0'), 'alive');
  });
});

describe('psv-win client against a stand-in helper', () => {
  const dir = tempDir('psv-winhelper-');
  after(() => cleanup(dir));
  // Answers L and I with two rows, W with an X a moment later, and dies on "W 666 ...".
  const fake = writeFile(
    join(dir, 'fake-psv-win'),
    [
      '#!/usr/bin/env node',
      "process.stdout.write('H\\tpsv-win\\t1\\n');",
      "let partial = '';",
      "process.stdin.on('data', (d) => {",
      "  const lines = (partial + d).split('\\n'); partial = lines.pop();",
      '  for (const line of lines) {',
      "    const f = line.split(' ');",
      "    if (f[0] === 'L') process.stdout.write(`R\\t${f[1]}\\t10\\t1\\t100\\tping.exe\\tVM\\\\root\\tping -n 5\\nR\\t${f[1]}\\t11\\t1\\t101\\tcmd.exe\\t\\tcmd\\nE\\t${f[1]}\\n`);",
      "    else if (f[0] === 'I') process.stdout.write(`R\\t${f[1]}\\t${f[2]}\\t1\\t100\\tping.exe\\tVM\\\\root\\tping\\nE\\t${f[1]}\\n`);",
      "    else if (f[0] === 'W' && f[1] === '666') process.exit(3);",
      "    else if (f[0] === 'W') setTimeout(() => process.stdout.write(`X\\t${f[1]}\\t${f[2]}\\n`), 50);",
      '  }',
      '});',
      '',
    ].join('\n'),
    true,
  );

  it('reads the table and one row', async () => {
    const h = new WinHelper(fake);
    const rows = await h.table();
    assert.deepEqual(
      rows.map((r) => [r.pid, r.name, r.user, r.commandLine]),
      [
        [10, 'ping.exe', 'VM\\root', 'ping -n 5'],
        [11, 'cmd.exe', null, 'cmd'],
      ],
    );
    assert.deepEqual((await h.table(42)).map((r) => r.pid), [42]);
  });

  it('tells a waiter of the end, and answers the check from it without asking', async () => {
    const h = new WinHelper(fake);
    let ended = 0;
    h.watch(10, '100', () => ended++);
    await waitFor('the end to be told', () => ended === 1, 5000);
    assert.equal(h.check(10, '100'), 'gone');
  });

  it('a cancelled wait tells nobody', async () => {
    const h = new WinHelper(fake);
    let ended = 0;
    const cancel = h.watch(12, '100', () => ended++);
    cancel();
    let other = 0;
    h.watch(13, '100', () => other++);
    await waitFor('the other end to be told', () => other === 1, 5000);
    assert.equal(ended, 0);
  });

  it('a helper that dies fails the tables under way; after five deaths it is not used', async () => {
    const deaths: string[] = [];
    const h = new WinHelper(fake, (why) => deaths.push(why));
    for (let k = 0; k < 5; k++) {
      assert.equal(h.usable, true);
      h.watch(666, String(k), () => undefined);
      const table = h.table();
      await assert.rejects(table, /ended/);
    }
    assert.equal(h.usable, false);
    assert.equal(deaths.length, 1, 'the give-up is said once');
    await assert.rejects(h.table(), /cannot run/);
  });
});
