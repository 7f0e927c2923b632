// The spawn helper (src/native/psv-spawn.c through src/platform/spawner.ts):
// real targets started, reaped and reported by the helper, and a real monitor
// whose restarted targets are the helper's children.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SpawnHelper, spawnHelperPath } from '../src/platform/spawner.js';
import { parseStat } from '../src/platform/proc.js';
import type { TargetProcess } from '../src/platform/types.js';
import { cleanup, isAlive, monitorSection, MonitorProcess, tempDir, waitFor, writeConfig } from './helpers.js';

const helperPath = process.platform === 'linux' ? spawnHelperPath() : null;
const skip = process.platform !== 'linux' ? 'Linux only' : helperPath === null ? 'psv-spawn is not built (npm run build needs gcc and libc6-dev)' : false;
// CI builds the helper: there a missing one is a failure, not a skip.
if (process.env.PSV_REQUIRE_NATIVE === '1' && process.platform === 'linux') assert.ok(helperPath, 'dist/bin/psv-spawn was not built');

const dir = tempDir('psv-spawner-');
after(() => cleanup(dir));

function stat(pid: number): { ppid: number; session: number; comm: string } {
  const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const s = parseStat(text)!;
  const session = Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[3]);
  return { ppid: s.ppid, session, comm: s.comm };
}

function started(child: TargetProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('spawn', () => resolve(child.pid!));
    child.once('error', reject);
  });
}

function exited(child: TargetProcess): Promise<[number | null, string | null]> {
  return new Promise((resolve) => child.once('exit', (code: number | null, signal: string | null) => resolve([code, signal])));
}

describe('psv-spawn', { skip }, () => {
  const helper = skip ? null : new SpawnHelper(helperPath!);

  it('starts a target in its own session with its cwd, environment (PATH included) and output file', async () => {
    const out = join(dir, 'out.log');
    const child = helper!.launch({
      command: ['sh', '-c', 'echo "cwd=$(pwd) greeting=$GREETING"; echo to-stderr >&2; exec sleep 1000'],
      cwd: dir,
      env: { GREETING: 'hello world', PATH: '/usr/bin:/bin' },
      outputPath: out,
    })!;
    const pid = await started(child);
    const s = stat(pid);
    assert.equal(s.session, pid, 'a session of its own');
    assert.equal(stat(s.ppid).comm, 'psv-spawn', 'the helper is its parent');
    await waitFor('its output', () => readFileSync(out, 'utf8').includes('to-stderr'));
    assert.match(readFileSync(out, 'utf8'), new RegExp(`cwd=${dir} greeting=hello world`));
    const gone = exited(child);
    process.kill(pid, 'SIGKILL');
    assert.deepEqual(await gone, [null, 'SIGKILL']);
  });

  it('reports exit codes, and keeps empty arguments and UTF-8 intact', async () => {
    const child = helper!.launch({ command: ['/bin/sh', '-c', 'test "$1" = "" && test "$2" = "日本" && exit 7', 'sh', '', '日本'], cwd: dir, env: {}, outputPath: null })!;
    const gone = exited(child);
    await started(child);
    assert.deepEqual(await gone, [7, null]);
  });

  it('fails a missing program with the words Node uses (spawn FILE ENOENT), and a missing folder alike', async () => {
    await assert.rejects(started(helper!.launch({ command: ['/nonexistent/prog'], cwd: dir, env: {}, outputPath: null })!), /^Error: spawn \/nonexistent\/prog ENOENT$/);
    await assert.rejects(started(helper!.launch({ command: ['/bin/true'], cwd: join(dir, 'missing'), env: {}, outputPath: null })!), /spawn \/bin\/true ENOENT/);
    const notExecutable = join(dir, 'not-executable.sh');
    writeFileSync(notExecutable, 'echo hi\n', { mode: 0o644 });
    await assert.rejects(started(helper!.launch({ command: [notExecutable], cwd: dir, env: {}, outputPath: null })!), /spawn \S+not-executable.sh EACCES/);
  });

  it('starts a hundred targets at once and hears every exit', async () => {
    const children = Array.from({ length: 100 }, (_, i) => helper!.launch({ command: ['/bin/sh', '-c', `exit ${i % 50}`], cwd: dir, env: {}, outputPath: null })!);
    const codes = await Promise.all(children.map(async (c) => {
      const gone = exited(c);
      await started(c);
      return (await gone)[0];
    }));
    assert.deepEqual(codes, Array.from({ length: 100 }, (_, i) => i % 50));
  });

  it('when the helper dies, its targets live on as detached and the next launch starts a new helper', async () => {
    const own = new SpawnHelper(helperPath!);
    const first = own.launch({ command: ['sleep', '1000'], cwd: dir, env: { PATH: '/usr/bin:/bin' }, outputPath: null })!;
    const pid = await started(first);
    const helperPid = stat(pid).ppid;
    const detached = new Promise<void>((resolve) => first.once('detached', resolve));
    process.kill(helperPid, 'SIGKILL');
    await detached;
    assert.ok(isAlive(pid), 'the target outlives its helper');
    const second = own.launch({ command: ['sleep', '1000'], cwd: dir, env: { PATH: '/usr/bin:/bin' }, outputPath: null })!;
    const pid2 = await started(second);
    assert.notEqual(stat(pid2).ppid, helperPid);
    assert.equal(stat(stat(pid2).ppid).comm, 'psv-spawn');
    process.kill(pid, 'SIGKILL');
    process.kill(pid2, 'SIGKILL');
  });
});

describe('a monitor restarts its targets through psv-spawn', { skip }, () => {
  it('a killed target comes back as the helper\'s child, and the helper ends with the monitor', async () => {
    const sub = tempDir('psv-spawner-m-');
    after(() => cleanup(sub));
    const { config, events } = writeConfig(sub, `${monitorSection(sub)}targets:\n  - name: sleeper\n    command: ["sleep", "1000"]\n`);
    const m = new MonitorProcess(config, events);
    try {
      const [up] = await m.waitEvents('TargetUp', (e) => e.event === 'TargetUp');
      const helperPid = stat(up!.pid!).ppid;
      assert.equal(stat(helperPid).comm, 'psv-spawn');
      assert.equal(stat(helperPid).ppid, m.child.pid, 'the monitor started the helper');
      process.kill(up!.pid!, 'SIGKILL');
      const ups = await m.waitEvents('the second TargetUp', (e) => e.event === 'TargetUp', 2);
      assert.equal(stat(ups[1]!.pid!).ppid, helperPid);
      assert.equal(await m.stop(), 0);
      await waitFor('the helper to end with its monitor', () => !isAlive(helperPid) || stat(helperPid).ppid !== m.child.pid);
    } finally {
      await m.stop();
    }
  });
});
