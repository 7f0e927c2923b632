// `psv stop` says which targets are still stopping while it waits, and a target
// that had to be killed when its stopTimeout ran out is reported so (issue 20).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { StatusResult } from '../src/control/protocol.js';
import { cleanup, monitorSection, psvAsync, readEvents, tempDir, waitForAsync, writeConfig } from './helpers.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) cleanup(d);
});

/** Two targets: one stops at once; one ignores the terminate request until it is killed. */
async function startMonitor(): Promise<{ config: string; events: string }> {
  const dir = tempDir('psv-stop-progress-');
  dirs.push(dir);
  const stubborn = `["/bin/sh", "-c", "trap '' TERM; while :; do sleep 0.1; done"]`;
  const files = writeConfig(
    dir,
    `${monitorSection(dir)}targets:\n  - name: quick\n    command: ["sleep", "1000"]\n  - name: stubborn\n    command: ${stubborn}\n    stopTimeout: 2s\n`,
  );
  const r = await psvAsync(['start', '-c', files.config]);
  assert.equal(r.code, 0, r.stderr);
  await waitForAsync('both running', async () => {
    const s = await psvAsync(['status', '--json', '-c', files.config]);
    return s.code === 0 && (JSON.parse(s.stdout) as StatusResult).targets.every((t) => t.state === 'Running');
  });
  return files;
}

describe('psv stop', () => {
  it('names the targets still stopping, and TargetStopped says which one was killed after stopTimeout', async () => {
    const { config, events } = await startMonitor();
    const r = await psvAsync(['stop', '-c', config], { env: { ...process.env, PSV_LANG: 'en' } });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('psv: stopping: '));
    assert.equal(lines[0], 'psv: stopping: quick, stubborn', r.stderr);
    assert.equal(lines.at(-1), 'psv: stopping: stubborn', r.stderr);
    const stopped = readEvents(events).filter((e) => e.event === 'TargetStopped');
    const reason = (name: string) => String(stopped.find((e) => e.target === name)?.reason);
    assert.match(reason('stubborn'), /; killed after stopTimeout 2s$/);
    assert.doesNotMatch(reason('quick'), /killed/);
  });

  it('with many targets, names ten and counts the rest, and reports a few times, not once per target', async () => {
    const dir = tempDir('psv-stop-many-');
    dirs.push(dir);
    const names = Array.from({ length: 60 }, (_, i) => `t${String(i).padStart(2, '0')}`);
    const files = writeConfig(dir, `${monitorSection(dir)}targets:\n${names.map((n) => `  - name: ${n}\n    command: ["sleep", "1000"]\n`).join('')}`);
    assert.equal((await psvAsync(['start', '-c', files.config])).code, 0);
    await waitForAsync('all running', async () => {
      const s = await psvAsync(['status', '--json', '-c', files.config]);
      return s.code === 0 && (JSON.parse(s.stdout) as StatusResult).targets.every((t) => t.state === 'Running');
    });
    const r = await psvAsync(['stop', '-c', files.config], { env: { ...process.env, PSV_LANG: 'en' } });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('psv: stopping: '));
    assert.equal(lines[0], `psv: stopping: ${names.slice(0, 10).join(', ')} and 50 more`, r.stderr);
    for (const line of lines) assert.ok(line.split(', ').length <= 10, line);
    // One report at once, then at most one each quarter second while they stop.
    assert.ok(lines.length < names.length / 2, `${lines.length} progress lines for ${names.length} targets`);
    const ja = await startMonitor();
    const rj = await psvAsync(['stop', '-c', ja.config], { env: { ...process.env, PSV_LANG: 'ja' } });
    assert.match(rj.stderr, /^psv: 停止中: quick, stubborn$/m);
  });

  it('with --json, writes the progress to stderr as JSON lines and the result to stdout', async () => {
    const { config } = await startMonitor();
    const r = await psvAsync(['stop', '--json', '-c', config]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { stopped: boolean }).stopped, true);
    const progress = r.stderr.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { stopping: boolean; remaining: string[] });
    assert.deepEqual(progress[0], { stopping: true, remaining: ['quick', 'stubborn'] });
    assert.deepEqual(progress.at(-1)!.remaining, []);
  });
});
