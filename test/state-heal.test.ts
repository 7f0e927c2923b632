// A stateDir that is damaged, in the way or full: the monitor starts anyway,
// keeps watching, says once what happened, and `psv stop` always finishes.
// (That a target found running is adopted rather than started twice is
// another part of issue 13, tested elsewhere.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { StatusResult } from '../src/control/protocol.js';
import { cleanup, fillDisk, isAlive, killProcessesWithArg, monitorSection, MonitorProcess, psvAsync, taggedSleep, tempDir, waitFor, waitForAsync, writeConfig, type PsvEvent } from './helpers.js';

const dirs: string[] = [];
const tags: string[] = [];
const configs: string[] = [];
const mounts: string[] = [];
const monitors: MonitorProcess[] = [];
after(async () => {
  for (const m of monitors) await m.stop();
  for (const config of configs) await psvAsync(['stop', '-c', config], { timeoutMs: 30_000 });
  killProcessesWithArg(...tags);
  for (const m of mounts) spawnSync('umount', ['-l', m]);
  dirs.forEach(cleanup);
});

interface Setup {
  dir: string;
  config: string;
  events: string;
  stateDir: string;
}

/** One target, s1, a sleep that carries a tag of its own. */
function setup(monitor?: (dir: string) => string): Setup {
  const dir = tempDir('psv-heal-');
  dirs.push(dir);
  const { command, tag } = taggedSleep();
  tags.push(tag);
  const section = monitor ? monitor(dir) : monitorSection(dir, '  interval: 200ms\n');
  const { config, events } = writeConfig(dir, `${section}targets:\n  - name: s1\n    command: ${JSON.stringify(command)}\n    restart:\n      retries: 100\n      delay: 0s\n`);
  configs.push(config);
  const stateDir = /stateDir: (.*)/.exec(section)![1]!;
  return { dir, config, events: /file: (.*)/.exec(section)?.[1] ?? events, stateDir };
}

/** The events written so far; a line still being written is not one yet. */
function eventsIn(file: string): PsvEvent[] {
  if (!existsSync(file)) return [];
  const out: PsvEvent[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    try {
      out.push(JSON.parse(line) as PsvEvent);
    } catch {
      // the line being written, or the empty end
    }
  }
  return out;
}

/** Every line of the event file, each of which must parse. */
function everyLine(file: string): PsvEvent[] {
  const text = readFileSync(file, 'utf8');
  assert.ok(text === '' || text.endsWith('\n'), `${file} ends with a whole line: ${JSON.stringify(text.slice(-80))}`);
  return text
    .split('\n')
    .filter(Boolean)
    .map((line, i) => {
      try {
        return JSON.parse(line) as PsvEvent;
      } catch {
        throw new assert.AssertionError({ message: `line ${i + 1} of ${file} is not JSON: ${line.slice(0, 200)}` });
      }
    });
}

async function psvOk(args: string[]): Promise<string> {
  const r = await psvAsync(args, { timeoutMs: 60_000 });
  assert.equal(r.code, 0, `psv ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return r.stdout;
}

async function status(config: string): Promise<StatusResult> {
  return JSON.parse(await psvOk(['status', '-c', config, '--json'])) as StatusResult;
}

/** s1 running with a live pid (other than `not`): its status. */
async function running(config: string, not: number | null = null): Promise<StatusResult['targets'][number] & { monitorPid: number }> {
  return waitForAsync(
    `s1 running${not ? ` with a pid other than ${not}` : ''}`,
    async () => {
      const r = await status(config);
      const t = r.targets.find((x) => x.name === 's1')!;
      return t.state === 'Running' && t.pid !== null && t.pid !== not && isAlive(t.pid) ? { ...t, monitorPid: r.monitor.pid } : undefined;
    },
    60_000,
  );
}

/** Starts the monitor, waits for s1, and stops the monitor leaving s1 running: the state to damage. */
async function leftRunning(s: Setup): Promise<number> {
  await psvOk(['start', '-c', s.config]);
  const { pid } = await running(s.config);
  await psvOk(['stop', '-c', s.config, '--keep-targets']);
  assert.ok(existsSync(join(s.stateDir, 'state.json')));
  return pid!;
}

const named = (file: string, event: string) => eventsIn(file).filter((e) => e.event === event);

const stateJson = (s: Setup) => join(s.stateDir, 'state.json');
const DAMAGES: Array<[what: string, damage: (s: Setup) => void, problem: RegExp]> = [
  ['garbage', (s) => writeFileSync(stateJson(s), 'garbage{{{'), /state\.json: not valid JSON/],
  ['cut short', (s) => writeFileSync(stateJson(s), readFileSync(stateJson(s), 'utf8').slice(0, 100)), /state\.json: not valid JSON/],
  ['empty', (s) => writeFileSync(stateJson(s), ''), /state\.json: empty/],
  ['5', (s) => writeFileSync(stateJson(s), '5'), /state\.json: not an object but 5/],
  ['{"targets":{"s1":{}}}', (s) => writeFileSync(stateJson(s), '{"targets":{"s1":{}}}'), /state\.json: no version/],
  ['{"targets":{"s1":{"pid":"abc"}}}', (s) => writeFileSync(stateJson(s), '{"targets":{"s1":{"pid":"abc"}}}'), /state\.json: no version/],
  ['{"version":1,"targets":{"s1":{}}}', (s) => writeFileSync(stateJson(s), '{"version":1,"targets":{"s1":{}}}'), /state\.json: target 's1': kind missing/],
  ['{"version":1,"targets":{"s1":{"pid":"abc"}}}', (s) => writeFileSync(stateJson(s), '{"version":1,"targets":{"s1":{"pid":"abc"}}}'), /state\.json: target 's1': kind missing, state missing, pid is "abc"/],
];

describe('a damaged state.json', () => {
  for (const [what, damage, problem] of DAMAGES) {
    it(`${what}: the monitor starts, says once what it assumed, and runs the target`, async () => {
      const s = setup();
      await leftRunning(s);
      damage(s);
      await psvOk(['start', '-c', s.config]);
      const t = await running(s.config);
      assert.ok(isAlive(t.pid!));
      const [recovered] = await waitFor('StateRecovered', () => named(s.events, 'StateRecovered').length > 0 && named(s.events, 'StateRecovered'));
      assert.equal(recovered!.level, 'Warning');
      assert.match(recovered!.message, problem);
      assert.match(recovered!.message, /targets without a usable saved state \(1: s1\) are adopted when found running and started otherwise, and their retry counts start from zero/);
      await psvOk(['stop', '-c', s.config]);
      assert.equal(named(s.events, 'StateRecovered').length, 1, 'said once');
      assert.deepEqual(named(s.events, 'MonitorError'), []);
    });
  }

  it('a journal line that fails its check is skipped: the target keeps the state saved before it and is adopted', async () => {
    const s = setup();
    const pid = await leftRunning(s);
    appendFileSync(join(s.stateDir, 'state.journal'), JSON.stringify({ n: 999, t: 's1', s: { pid: 'abc' } }) + '\n');
    await psvOk(['start', '-c', s.config]);
    const t = await running(s.config);
    assert.equal(t.pid, pid, 'adopted from state.json');
    assert.equal(t.adopted, true);
    const [recovered] = await waitFor('StateRecovered', () => named(s.events, 'StateRecovered').length > 0 && named(s.events, 'StateRecovered'));
    assert.match(recovered!.message, /state\.journal line 1: target 's1': kind missing/);
    assert.match(recovered!.message, /\(0: -\)/);
    await psvOk(['stop', '-c', s.config]);
    assert.deepEqual(named(s.events, 'MonitorError'), []);
  });

  it('a normal stop leaves nothing that the next start takes for damage', async () => {
    const s = setup();
    await psvOk(['start', '-c', s.config]);
    await running(s.config);
    await psvOk(['stop', '-c', s.config]);
    // Nothing is written after the state is cleared: a journal left behind would be read as damage.
    assert.deepEqual(['state.json', 'state.journal', 'state.reserve'].filter((f) => existsSync(join(s.stateDir, f))), []);
    await psvOk(['start', '-c', s.config]);
    await running(s.config);
    await psvOk(['stop', '-c', s.config]);
    assert.deepEqual(named(s.events, 'StateRecovered'), []);
  });
});

describe('state.json is a directory', () => {
  it('the monitor starts and reports it; psv stop stops the target and the monitor exits', async () => {
    const s = setup();
    await leftRunning(s);
    rmSync(stateJson(s));
    mkdirSync(stateJson(s));
    await psvOk(['start', '-c', s.config]);
    const t = await running(s.config);
    const [recovered] = await waitFor('StateRecovered', () => named(s.events, 'StateRecovered').length > 0 && named(s.events, 'StateRecovered'));
    assert.match(recovered!.message, /state\.json: a directory, not a file/);
    const [failed] = await waitFor('StateWriteFailed', () => named(s.events, 'StateWriteFailed').length > 0 && named(s.events, 'StateWriteFailed'));
    assert.match(failed!.message, /Cannot write .*state\.json \(EISDIR/);
    await psvOk(['stop', '-c', s.config]);
    await waitFor('the monitor to exit', () => !isAlive(t.monitorPid));
    await waitFor('the target to stop', () => !isAlive(t.pid!));
    await waitFor('MonitorStopped', () => named(s.events, 'MonitorStopped').length === 2, 30_000);
    assert.equal(named(s.events, 'StateWriteFailed').length, 1, 'said once');
  });
});

describe('a full stateDir', () => {
  const root = process.getuid?.() === 0;
  it('goes on monitoring, keeps whole event lines, says writes fail, keeps the retry counts, and says when writes work again', { skip: root ? false : 'needs root to mount a 64 KiB tmpfs' }, async (t) => {
    let fs = '';
    const s = setup((dir) => {
      fs = join(dir, 'fs');
      return `monitor:\n  stateDir: ${fs}/state\n  control: ${dir}/psv.sock\n  interval: 200ms\n  analysis:\n    dir: ${dir}/incidents\n  events:\n    file: ${fs}/events.jsonl\n    console: true\n    sinks: [file, console]\n`;
    });
    mkdirSync(fs);
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', fs], { encoding: 'utf8' });
    if (mount.status !== 0) return t.skip(`cannot mount a tmpfs here: ${mount.stderr.trim()}`);
    mounts.push(fs);
    const log = join(s.stateDir, 'monitor.log');
    const said = (pattern: RegExp) => named(s.events, 'StateWriteFailed').length > 0 || (existsSync(log) && pattern.test(readFileSync(log, 'utf8')));

    await psvOk(['start', '-c', s.config]);
    let target = await running(s.config);
    fillDisk(join(fs, 'filler'));
    // Each kill writes events and journal lines; sooner or later one of them needs a page the disk no longer has.
    for (let kill = 0; kill < 60 && !said(/Cannot write/); kill++) {
      process.kill(target.pid!, 'SIGKILL');
      target = await running(s.config, target.pid);
    }
    assert.ok(said(/Cannot write/), `a StateWriteFailed event (monitor.log: ${readFileSync(log, 'utf8').slice(-800)})`);
    everyLine(s.events);

    // Monitoring goes on: a killed target comes back.
    process.kill(target.pid!, 'SIGKILL');
    target = await running(s.config, target.pid);
    const restarts = target.restarts;
    assert.ok(restarts > 0);

    // The reserve kept room for the state: a new monitor knows the retry count, on the still full disk.
    await psvOk(['stop', '-c', s.config, '--keep-targets']);
    await psvOk(['start', '-c', s.config]);
    const adopted = await running(s.config);
    assert.deepEqual([adopted.pid, adopted.adopted, adopted.restarts], [target.pid, true, restarts]);

    rmSync(join(fs, 'filler'));
    await waitFor('StateWriteRecovered', () => named(s.events, 'StateWriteRecovered').length > 0, 90_000);
    const all = everyLine(s.events);
    assert.ok(all.some((e) => e.event === 'StateWriteFailed'), 'the failure is in the event file too, once there was room');
    // A console on the full disk (monitor.log) fails its writes: dropped and counted, never a monitor error.
    assert.deepEqual(all.filter((e) => e.event === 'MonitorError').map((e) => e.message.slice(0, 200)), []);
    await psvOk(['stop', '-c', s.config]);
    everyLine(s.events);
  });
});

describe('stderr that fails', () => {
  it('a warning the monitor cannot write to stderr is lost, not reported as a monitor error', async () => {
    const s = setup();
    // state.json in the way from the start: StateWriteFailed, and its warning on stderr.
    mkdirSync(stateJson(s), { recursive: true });
    const m = new MonitorProcess(s.config, s.events);
    monitors.push(m);
    // Nobody reads the monitor's stderr any more: each write to it fails (EPIPE).
    m.child.stderr!.destroy();
    await m.waitEvents('StateWriteFailed', (e) => e.event === 'StateWriteFailed');
    await m.waitEvents('s1 up', (e) => e.event === 'TargetUp');
    assert.equal(await m.stop(), 0);
    assert.deepEqual(named(s.events, 'MonitorError').map((e) => e.message.slice(0, 200)), []);
  });
});
