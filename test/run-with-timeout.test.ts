// The one way psv runs a child with a time limit (src/platform/run-with-timeout.ts):
// real child processes, each outcome a result, never a throw.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runWithTimeout } from '../src/platform/run-with-timeout.js';

const node = process.execPath;

describe('runWithTimeout', () => {
  it('keeps the output and the exit code', async () => {
    const r = await runWithTimeout([node, '-e', 'process.stdout.write("out"); process.stderr.write("err"); process.exit(3)'], { timeoutMs: 20_000 });
    assert.equal(r.ok, false);
    assert.equal(r.exitCode, 3);
    assert.equal(r.stdout, 'out');
    assert.equal(r.stderr, 'err');
    assert.equal(r.timedOut, false);
    assert.equal(r.error, null);
  });

  it('writes input to the child\'s stdin and closes it; a child that reads none still ends ok', async () => {
    const echo = await runWithTimeout([node, '-e', 'process.stdin.pipe(process.stdout)'], { timeoutMs: 20_000, input: '{"a":1}\n' });
    assert.deepEqual([echo.ok, echo.stdout], [true, '{"a":1}\n']);
    const deaf = await runWithTimeout([node, '-e', ''], { timeoutMs: 20_000, input: 'x'.repeat(1 << 20) });
    assert.deepEqual([deaf.ok, deaf.error], [true, null]);
    const none = await runWithTimeout([node, '-e', 'process.stdout.write(String(require("fs").fstatSync(0).isFIFO()))'], { timeoutMs: 20_000 });
    assert.equal(none.stdout, 'false', 'without input stdin is not a pipe');
  });

  it('is ok on exit code 0', async () => {
    const r = await runWithTimeout([node, '-e', ''], { timeoutMs: 20_000 });
    assert.deepEqual([r.ok, r.exitCode, r.signal], [true, 0, null]);
  });

  it('kills the child at the time limit and says so', async () => {
    const started = Date.now();
    const r = await runWithTimeout([node, '-e', 'setInterval(() => {}, 1000)'], { timeoutMs: 300 });
    assert.equal(r.timedOut, true);
    assert.equal(r.ok, false);
    assert.equal(r.signal, 'SIGKILL');
    assert.ok(Date.now() - started < 15_000);
  });

  it('settles at the time limit without waiting, when asked, and uses the given kill', async () => {
    const killed: number[] = [];
    const r = await runWithTimeout([node, '-e', 'setInterval(() => {}, 1000)'], {
      timeoutMs: 300,
      settleAtTimeout: true,
      kill: (child) => {
        killed.push(child.pid!);
        child.kill('SIGKILL');
      },
    });
    assert.equal(r.timedOut, true);
    assert.equal(r.exitCode, null);
    assert.equal(killed.length, 1);
  });

  it('a program that does not exist is an error, not a throw', async () => {
    const r = await runWithTimeout(['/nonexistent/program'], { timeoutMs: 5000 });
    assert.equal(r.ok, false);
    assert.equal((r.error as NodeJS.ErrnoException).code, 'ENOENT');
    assert.equal(r.threw, false);
  });

  it('a start that throws at once is an error too', async () => {
    const r = await runWithTimeout([node, 'a\0b'], { timeoutMs: 5000 });
    assert.equal(r.ok, false);
    assert.equal(r.threw, true);
    assert.ok(r.error);
  });
});
