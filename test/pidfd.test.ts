// The end of a process psv did not start is known at once on Linux: the spawn
// helper waits on its pidfd (src/native/pid-watch.c). The check interval here
// is an hour, so only the wait can find the end; with PSV_NO_PIDFD=1 the tick
// is the fallback that finds it.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { platform } from '../src/platform/index.js';
import { parseStat, readProcFile } from '../src/platform/proc.js';
import { cleanup, commandLineOf, eventOf, ExternalProcesses, isAlive, monitorSection, MonitorProcess, psv, tempDir, waitFor, writeConfig, writeFile } from './helpers.js';

const linux = process.platform === 'linux';
const dirs: string[] = [];
const monitors: MonitorProcess[] = [];
const procs = new ExternalProcesses(200000);
after(async () => {
  for (const m of monitors) await m.stop();
  procs.killAll();
  for (const d of dirs) cleanup(d);
});

const argsOf = (d: string) => `'^sleep ${d.replace('.', '\\.')}$'`;

function monitor(interval: string, targets: (dir: string) => string, env: NodeJS.ProcessEnv = {}): { dir: string; m: MonitorProcess; config: string } {
  const dir = tempDir();
  dirs.push(dir);
  const { config, events } = writeConfig(dir, `${monitorSection(dir, `  interval: ${interval}\n`)}targets:\n${targets(dir)}`);
  const m = new MonitorProcess(config, events, env);
  monitors.push(m);
  return { dir, m, config };
}


function startToken(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
}

describe('the end of an adopted process, through its pidfd', { skip: !linux }, () => {
  it('a match instance and a pidfile process are found dead and restored at once, with the tick an hour away', async () => {
    const [a, b] = [procs.unique(), procs.unique()];
    const pa = await procs.start(['sleep', a]);
    const pb = await procs.start(['sleep', b]);
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
    await m.waitEvents('m up', eventOf('m', 'TargetUp'));
    await m.waitEvents('p up', eventOf('p', 'TargetUp'));
    process.kill(pa, 'SIGKILL');
    process.kill(pb, 'SIGKILL');
    const [downM] = await m.waitEvents('m down', eventOf('m', 'TargetDown'));
    const [downP] = await m.waitEvents('p down', eventOf('p', 'TargetDown'));
    assert.equal(downM!.pid, pa);
    assert.equal(downP!.pid, pb);
    const upsM = await m.waitEvents('m back', eventOf('m', 'TargetUp'), 2);
    const upsP = await m.waitEvents('p back', eventOf('p', 'TargetUp'), 2);
    procs.add(upsM[1]!.pid as number, upsP[1]!.pid as number);
    // The restored instance, as the monitor has it now (a first one may already have been replaced).
    const restored = await waitFor('m running as sleep a', () => {
      const t = (JSON.parse(psv(['status', 'm', '-c', m.config, '--json']).stdout) as { targets: Array<{ pid: number | null }> }).targets[0];
      return t?.pid && commandLineOf(t.pid) === `sleep ${a}` ? t.pid : undefined;
    });
    procs.add(restored);
    assert.equal(upsP[1]!.pid, Number(readFileSync(pidfile, 'utf8')));
    // The replacements are waited on too.
    process.kill(restored, 'SIGKILL');
    await m.waitEvents('m down again', eventOf('m', 'TargetDown'), 2);
  });

  it('with PSV_NO_PIDFD=1 (as on a kernel without pidfd) the interval tick finds the end', async () => {
    const a = procs.unique();
    const pa = await procs.start(['sleep', a]);
    const { m } = monitor('300ms', () => `  - name: m\n    match: { name: sleep, args: ${argsOf(a)} }\n    restart: { command: [sleep, '${a}'] }\n`, { PSV_NO_PIDFD: '1' });
    await m.waitEvents('up', eventOf('m', 'TargetUp'));
    process.kill(pa, 'SIGKILL');
    const [down] = await m.waitEvents('down', eventOf('m', 'TargetDown'));
    assert.equal(down!.pid, pa);
    const ups = await m.waitEvents('back', eventOf('m', 'TargetUp'), 2);
    procs.add(ups[1]!.pid as number);
  });

  it('with PSV_NO_PIDFD=1, a target left by its dead spawn helper wakes the interval check, which slept while every target was a child', async () => {
    const a = procs.unique();
    const { m, config } = monitor('300ms', () => `  - name: c\n    command: [sleep, '${a}']\n`, { PSV_NO_PIDFD: '1' });
    const [started] = await m.waitEvents('started', eventOf('c', 'TargetStarted'));
    const first = started!.pid as number;
    procs.add(first);
    const helper = parseStat(readProcFile(`/proc/${first}/stat`))!.ppid;
    assert.equal(parseStat(readProcFile(`/proc/${helper}/stat`))!.comm, 'psv-spawn');
    process.kill(helper, 'SIGKILL');
    // Once the monitor knows, the target is watched like an adopted process: by the check alone here.
    await waitFor('the target shown as adopted', () => {
      const r = psv(['status', '--json', '-c', config]);
      return r.code === 0 && (JSON.parse(r.stdout) as { targets: Array<{ name: string; adopted: boolean }> }).targets.some((t) => t.name === 'c' && t.adopted);
    });
    process.kill(first, 'SIGKILL');
    const [down] = await m.waitEvents('down', (e) => eventOf('c', 'TargetDown')(e) && e.pid === first);
    assert.match(down!.message, /adopted/);
    const starts = await m.waitEvents('started again', eventOf('c', 'TargetStarted'), 2);
    procs.add(starts[1]!.pid as number);
    assert.ok(isAlive(starts[1]!.pid as number));
  });

  it('a target re-adopted after a monitor crash is found dead at once and started again', async () => {
    const a = procs.unique();
    const { m, config, dir } = monitor('1h', () => `  - name: c\n    command: [sleep, '${a}']\n`);
    const [started] = await m.waitEvents('started', eventOf('c', 'TargetStarted'));
    const first = started!.pid as number;
    procs.add(first);
    m.child.kill('SIGKILL');
    await m.exited;
    const again = new MonitorProcess(config, join(dir, 'events.jsonl'));
    monitors.push(again);
    const [adopted] = await again.waitEvents('adopted', eventOf('c', 'TargetAdopted'));
    assert.equal(adopted!.pid, first);
    process.kill(first, 'SIGKILL');
    const downs = await again.waitEvents('down', (e) => eventOf('c', 'TargetDown')(e) && e.pid === first);
    assert.match(downs[0]!.message, /adopted/);
    const starts = await again.waitEvents('started again', eventOf('c', 'TargetStarted'), 2);
    procs.add(starts[1]!.pid as number);
    assert.ok(isAlive(starts[1]!.pid as number));
  });

  it('a pid with another start time is not the process meant: its wait ends at once, and the real one is not disturbed', async () => {
    const pid = await procs.start(['sleep', procs.unique()]);
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
