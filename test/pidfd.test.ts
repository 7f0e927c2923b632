// The end of a process psv did not start is known at once on Linux: the spawn
// helper waits on its pidfd (src/native/pid-watch.c). The check interval here
// is an hour, so only the wait can find the end; with PSV_NO_PIDFD=1 the tick
// is the fallback that finds it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { platform } from '../src/platform/index.js';
import { cleanup, isAlive, monitorSection, MonitorProcess, psv, tempDir, waitFor, writeConfig, writeFile, type PsvEvent } from './helpers.js';

const linux = process.platform === 'linux';
const dirs: string[] = [];
const monitors: MonitorProcess[] = [];
const strays: number[] = [];
after(async () => {
  for (const m of monitors) await m.stop();
  for (const pid of strays) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  for (const d of dirs) cleanup(d);
});

const unique = (() => {
  let n = 0;
  return () => `${200000 + (process.pid % 1000) * 10 + n++}.5`;
})();
const argsOf = (d: string) => `'^sleep ${d.replace('.', '\\.')}$'`;

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** Starts a process that is not the monitor's child and waits until it has exec'ed. */
async function external(argv: string[]): Promise<number> {
  const child = spawn(argv[0]!, argv.slice(1), { stdio: 'ignore', detached: true });
  child.unref();
  strays.push(child.pid!);
  await waitFor(`${argv.join(' ')} running`, () => cmdline(child.pid!) === argv.join(' '));
  return child.pid!;
}

function monitor(interval: string, targets: (dir: string) => string, env: NodeJS.ProcessEnv = {}): { dir: string; m: MonitorProcess; config: string } {
  const dir = tempDir();
  dirs.push(dir);
  const { config, events } = writeConfig(dir, `${monitorSection(dir, `  interval: ${interval}\n`)}targets:\n${targets(dir)}`);
  const m = new MonitorProcess(config, events, env);
  monitors.push(m);
  return { dir, m, config };
}

const of = (name: string, event: string) => (e: PsvEvent) => e.target === name && e.event === event;

function startToken(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
}

describe('the end of an adopted process, through its pidfd', { skip: !linux }, () => {
  it('a match instance and a pidfile process are found dead and restored at once, with the tick an hour away', async () => {
    const [a, b] = [unique(), unique()];
    const pa = await external(['sleep', a]);
    const pb = await external(['sleep', b]);
    let pidfile = '';
    const { m } = monitor('1h', (dir) => {
      pidfile = join(dir, 'b.pid');
      writeFileSync(pidfile, `${pb}\n`);
      const restore = writeFile(join(dir, 'restore-b.sh'), `#!/bin/sh\nsleep ${b} </dev/null >/dev/null 2>&1 &\necho $! > ${pidfile}\n`, true);
      return (
        `  - name: m\n    match: { name: sleep, args: ${argsOf(a)} }\n    restart: { command: [sleep, '${a}'] }\n` +
        `  - name: p\n    pidfile: ${pidfile}\n    match: { name: sleep }\n    restart: { script: ${restore} }\n`
      );
    });
    await m.waitEvents('m up', of('m', 'TargetUp'));
    await m.waitEvents('p up', of('p', 'TargetUp'));
    process.kill(pa, 'SIGKILL');
    process.kill(pb, 'SIGKILL');
    const [downM] = await m.waitEvents('m down', of('m', 'TargetDown'));
    const [downP] = await m.waitEvents('p down', of('p', 'TargetDown'));
    assert.equal(downM!.pid, pa);
    assert.equal(downP!.pid, pb);
    const upsM = await m.waitEvents('m back', of('m', 'TargetUp'), 2);
    const upsP = await m.waitEvents('p back', of('p', 'TargetUp'), 2);
    strays.push(upsM[1]!.pid as number, upsP[1]!.pid as number);
    // The restored instance, as the monitor has it now (a first one may already have been replaced).
    const restored = await waitFor('m running as sleep a', () => {
      const t = (JSON.parse(psv(['status', 'm', '-c', m.config, '--json']).stdout) as { targets: Array<{ pid: number | null }> }).targets[0];
      return t?.pid && cmdline(t.pid) === `sleep ${a}` ? t.pid : undefined;
    });
    strays.push(restored);
    assert.equal(upsP[1]!.pid, Number(readFileSync(pidfile, 'utf8')));
    // The replacements are waited on too.
    process.kill(restored, 'SIGKILL');
    await m.waitEvents('m down again', of('m', 'TargetDown'), 2);
  });

  it('with PSV_NO_PIDFD=1 (as on a kernel without pidfd) the interval tick finds the end', async () => {
    const a = unique();
    const pa = await external(['sleep', a]);
    const { m } = monitor('300ms', () => `  - name: m\n    match: { name: sleep, args: ${argsOf(a)} }\n    restart: { command: [sleep, '${a}'] }\n`, { PSV_NO_PIDFD: '1' });
    await m.waitEvents('up', of('m', 'TargetUp'));
    process.kill(pa, 'SIGKILL');
    const [down] = await m.waitEvents('down', of('m', 'TargetDown'));
    assert.equal(down!.pid, pa);
    const ups = await m.waitEvents('back', of('m', 'TargetUp'), 2);
    strays.push(ups[1]!.pid as number);
  });

  it('a target re-adopted after a monitor crash is found dead at once and started again', async () => {
    const a = unique();
    const { m, config, dir } = monitor('1h', () => `  - name: c\n    command: [sleep, '${a}']\n`);
    const [started] = await m.waitEvents('started', of('c', 'TargetStarted'));
    const first = started!.pid as number;
    strays.push(first);
    m.child.kill('SIGKILL');
    await m.exited;
    const again = new MonitorProcess(config, join(dir, 'events.jsonl'));
    monitors.push(again);
    const [adopted] = await again.waitEvents('adopted', of('c', 'TargetAdopted'));
    assert.equal(adopted!.pid, first);
    process.kill(first, 'SIGKILL');
    const downs = await again.waitEvents('down', (e) => of('c', 'TargetDown')(e) && e.pid === first);
    assert.match(downs[0]!.message, /adopted/);
    const starts = await again.waitEvents('started again', of('c', 'TargetStarted'), 2);
    strays.push(starts[1]!.pid as number);
    assert.ok(isAlive(starts[1]!.pid as number));
  });

  it('a pid with another start time is not the process meant: its wait ends at once, and the real one is not disturbed', async () => {
    const pid = await external(['sleep', unique()]);
    const token = startToken(pid);
    let realEnded = false;
    const cancelReal = platform.watchProcessEnd(pid, token, () => (realEnded = true));
    // The same pid with an older start time: a process that has ended, its pid since reused.
    let staleEnded = false;
    const cancelStale = platform.watchProcessEnd(pid, String(Number(token) - 1), () => (staleEnded = true));
    await waitFor('the stale wait ends', () => staleEnded);
    // The helper answers in order: by now it has taken the real wait and holds its pidfd.
    assert.equal(realEnded, false);
    assert.equal(platform.probeProcess(pid, String(Number(token) - 1)), 'gone');
    assert.equal(platform.probeProcess(pid, token), 'alive');
    process.kill(pid, 'SIGKILL');
    await waitFor('the real wait ends', () => realEnded);
    // Ended: a zombie until this process (its parent) reaps it, then gone; never alive again.
    assert.notEqual(platform.probeProcess(pid, token), 'alive');
    cancelReal();
    cancelStale();
    platform.forgetProcess(pid);
  });
});
