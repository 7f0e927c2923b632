// One identity per target process, kept outside the monitor (Linux): every
// target carries PSV_TARGET_ID=<monitor key>/<name> (and, through the spawn
// helper, PSV_ROOT_PID) in its environment, so that a monitor with no usable
// saved state finds its targets again instead of starting second copies, and
// what a target daemonizes dies with it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { StatusResult } from '../src/control/protocol.js';
import { monitorKey } from '../src/config/monitor-key.js';
import { spawnHelperPath } from '../src/platform/spawner.js';
import {
  cleanup,
  isAlive,
  killProcessesWithArg,
  monitorSection,
  pidsWithArg,
  psvAsync,
  readEvents,
  taggedSleep,
  tempDir,
  waitFor,
  waitForAsync,
  writeConfig,
  writeFile,
  type PsvEvent,
} from './helpers.js';

const skip = process.platform !== 'linux' ? 'Linux only' : spawnHelperPath() === null ? 'psv-spawn is not built' : false;

/** A background monitor of one config, driven through the CLI. */
function bench(dir: string, yaml: string, env: NodeJS.ProcessEnv = {}) {
  const { config, events } = writeConfig(dir, yaml);
  const cli = (...args: string[]) => psvAsync([...args, '-c', config], { env });
  const status = async (): Promise<StatusResult | null> => {
    const r = await cli('status', '--json');
    return r.code === 0 ? (JSON.parse(r.stdout) as StatusResult) : null;
  };
  /** The status once every target runs and `accept` agrees; past the deadline, an error that says what the last status was. */
  const running = async (what: string, accept: (s: StatusResult) => boolean = () => true, timeoutMs = 60_000): Promise<StatusResult> => {
    let last = null as StatusResult | null;
    try {
      return await waitForAsync(
        what,
        async () => {
          const s = (last = await status());
          return s && s.targets.every((t) => t.state === 'Running' && t.pid !== null && isAlive(t.pid)) && accept(s) ? s : null;
        },
        timeoutMs,
      );
    } catch (err) {
      const seen = last ? last.targets.map((t) => `${t.name} ${t.state} pid ${t.pid} restarts ${t.restarts}`).join(', ') : 'no answer';
      throw new Error(`${(err as Error).message}; last status: ${seen}`);
    }
  };
  const pidOf = (s: StatusResult, name: string): number => s.targets.find((t) => t.name === name)!.pid!;
  const since = (time: string, name: string): PsvEvent[] => readEvents(events).filter((e) => e.time >= time && e.event === name);
  return { config, events, cli, status, running, pidOf, since };
}

async function ok(run: Promise<{ code: number | null; stdout: string; stderr: string }>, what: string): Promise<string> {
  const r = await run;
  assert.equal(r.code, 0, `${what}: ${r.stderr}`);
  return r.stdout;
}

describe('a monitor and its target killed at the same instant', { skip }, () => {
  const dir = tempDir('psv-identity-1-');
  const sleeper = taggedSleep();
  const b = bench(dir, `${monitorSection(dir)}targets:\n  - name: f\n    command: ${JSON.stringify(sleeper.command)}\n    restart: { retries: 1000, window: 1h }\n`);
  after(async () => {
    await b.cli('stop');
    killProcessesWithArg(b.config, sleeper.tag);
    cleanup(dir);
  });

  // How the two die: the monitor first (the helper must not restart the target), the target first
  // (the helper may restart it), or the monitor a moment after the helper restarted the target,
  // before it could record the new process (frozen meanwhile): the next monitor must find that one.
  const ways = ['monitor, then target', 'target, then monitor', 'target restarted, then the monitor before it saw it'] as const;

  it('leaves exactly one process of the target after the next start, and none after stop (6 tries)', async () => {
    for (let attempt = 1; attempt <= 6; attempt++) {
      const way = ways[attempt % 3]!;
      await ok(b.cli('start'), `start #${attempt}`);
      // The helper restarts at once only a target that ran at least a second (a crash loop is the monitor's call).
      const s = await b.running(`f running for over a second (#${attempt})`, (st) => (st.targets[0]!.uptimeMs ?? 0) > 1100);
      const monitor = s.monitor.pid;
      const target = b.pidOf(s, 'f');
      if (way === 'monitor, then target') {
        process.kill(monitor, 'SIGKILL');
        process.kill(target, 'SIGKILL');
      } else if (way === 'target, then monitor') {
        process.kill(target, 'SIGKILL');
        process.kill(monitor, 'SIGKILL');
      } else {
        process.kill(monitor, 'SIGSTOP');
        process.kill(target, 'SIGKILL');
        await waitFor('the helper\'s restart', () => pidsWithArg(sleeper.tag).some((p) => p !== target));
        process.kill(monitor, 'SIGKILL');
      }
      await waitFor('the monitor gone', () => !isAlive(monitor));

      await ok(b.cli('start'), `start again #${attempt}`);
      const again = await b.running(`f running again (#${attempt})`);
      const pid = b.pidOf(again, 'f');
      assert.deepEqual(pidsWithArg(sleeper.tag), [pid], `try ${attempt} (${way}): exactly one process of the target`);

      await ok(b.cli('stop'), `stop #${attempt}`);
      await waitFor(`no process of the target left (#${attempt})`, () => pidsWithArg(sleeper.tag).length === 0);
    }
  });
});

// Through the spawn helper, and through Node where there is no helper (not built, or given up
// after it kept dying): both ways the target's daemons go with it.
for (const [how, env] of [
  ['started by the spawn helper', {}],
  ['started by Node (no spawn helper)', { PSV_SPAWN_HELPER: '' }],
] as const) {
  describe(`a target that daemonizes, ${how}`, { skip }, () => {
    const dir = tempDir('psv-identity-11-');
    const unique = `${process.pid}-${Date.now()}`;
    const tags = { setsid: `psv-daemon-s-${unique}`, double: `psv-daemon-d-${unique}` };
    const nap = `1000.${Date.now() % 1e7}7`;
    const starts = join(dir, 'daemons.log');
    const terms = join(dir, 'terms.log');
    // The daemon notes its start and a TERM it receives; it sleeps in a child and waits, so a TERM is seen at once.
    const daemon = writeFile(join(dir, 'daemon.sh'), `echo "$1 $$" >> ${starts}\ntrap 'echo "$1 $$" >> ${terms}; exit 0' TERM\nsleep ${nap} & wait\n`);
    // setsid: a child of the target in a session of its own. double: a grandchild whose parent has exited.
    // On TERM the target waits for its children (the setsid daemon among them) before it exits.
    const root = writeFile(
      join(dir, 'root.sh'),
      `if [ "$1" = setsid ]; then setsid /bin/sh ${daemon} ${tags.setsid} & else ( setsid /bin/sh ${daemon} ${tags.double} & ); fi\n` +
        `trap 'wait; exit 0' TERM\nsleep ${nap} & wait\n`,
    );
    const b = bench(
      dir,
      `${monitorSection(dir)}targets:\n` +
        ['setsid', 'double'].map((v) => `  - name: ${v}\n    command: ["/bin/sh", "${root}", "${v}"]\n    restart: { retries: 100, window: 1h }\n`).join(''),
      env,
    );
    const daemons = (variant: 'setsid' | 'double'): number[] => pidsWithArg(tags[variant]).filter((p) => readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'sh');
    const started = (variant: 'setsid' | 'double'): number => {
      try {
        return readFileSync(starts, 'utf8').split('\n').filter((l) => l.startsWith(tags[variant])).length;
      } catch {
        return 0;
      }
    };
    /** Starts both targets with their daemons, then stops the monitor and leaves them running. */
    const startThenLetGo = async () => {
      await ok(b.cli('start'), 'start');
      const first = await b.running('both targets running, with their daemons', () => daemons('setsid').length === 1 && daemons('double').length === 1);
      const old = { setsid: daemons('setsid')[0]!, double: daemons('double')[0]! };
      await ok(b.cli('stop', '--keep-targets'), 'stop --keep-targets');
      await waitFor('the monitor gone', () => !isAlive(first.monitor.pid));
      return { first, old };
    };
    after(async () => {
      await b.cli('stop');
      killProcessesWithArg(b.config, tags.setsid, tags.double, nap);
      cleanup(dir);
    });

    it('leaves no daemon of a dead process behind over several restarts, and stop sends TERM to the daemon first', async () => {
      await ok(b.cli('start'), 'start');
      let s = await b.running('both targets running', () => started('setsid') === 1 && started('double') === 1);
      for (let round = 1; round <= 4; round++) {
        const before = s;
        for (const name of ['setsid', 'double']) process.kill(b.pidOf(before, name), 'SIGKILL');
        s = await b.running(
          `both targets restarted, with their daemons (#${round})`,
          (st) => ['setsid', 'double'].every((n) => b.pidOf(st, n) !== b.pidOf(before, n)) && started('setsid') === round + 1 && started('double') === round + 1,
        ).catch((err: Error) => {
          throw new Error(`${err.message}; daemons started: setsid ${started('setsid')}, double ${started('double')} (expected ${round + 1} each)`);
        });
      }
      for (const variant of ['setsid', 'double'] as const) {
        await waitFor(`one ${variant} daemon alive (the running target's); alive: ${daemons(variant).join(' ')}`, () => daemons(variant).length === 1, 10_000);
      }

      const daemon = daemons('setsid')[0]!;
      await ok(b.cli('stop'), 'stop');
      await waitFor('no target and no daemon left', () => pidsWithArg(tags.setsid).length + pidsWithArg(tags.double).length + pidsWithArg(nap).length === 0);
      const termed = readFileSync(terms, 'utf8');
      assert.ok(termed.includes(`${tags.setsid} ${daemon}\n`), `the setsid daemon ${daemon} got TERM before it went (terms.log: ${JSON.stringify(termed)})`);
    });

    it('kills what an adopted target daemonized when it dies (found by its marker)', async () => {
      const { old } = await startThenLetGo();
      await ok(b.cli('start'), 'start again');
      const adopted = await b.running('both adopted', (st) => st.targets.every((t) => t.adopted));
      for (const name of ['setsid', 'double']) process.kill(b.pidOf(adopted, name), 'SIGKILL');
      await b.running('both restarted', (st) => st.targets.every((t) => !t.adopted && t.pid !== b.pidOf(adopted, t.name)));
      await waitFor('the adopted targets\' daemons gone', () => !isAlive(old.setsid) && !isAlive(old.double));
      await ok(b.cli('stop'), 'stop');
      await waitFor('nothing left', () => pidsWithArg(tags.setsid).length + pidsWithArg(tags.double).length + pidsWithArg(nap).length === 0);
    });

    it('a new monitor never takes a dead target\'s daemon for the target: it kills the daemon and starts the target', async () => {
      const { first, old } = await startThenLetGo();
      // The targets die while no monitor runs; what they daemonized lives on.
      for (const name of ['setsid', 'double']) process.kill(b.pidOf(first, name), 'SIGKILL');
      await waitFor('the targets gone', () => !isAlive(b.pidOf(first, 'setsid')) && !isAlive(b.pidOf(first, 'double')));
      const restartedAt = new Date().toISOString();
      await ok(b.cli('start'), 'start again');
      const again = await b.running('both started again', (st) => st.targets.every((t) => !t.adopted));
      for (const name of ['setsid', 'double'] as const) assert.notEqual(b.pidOf(again, name), old[name], `${name}: its old daemon is not the target`);
      await waitFor('the old daemons gone', () => !isAlive(old.setsid) && !isAlive(old.double));
      const leftovers = b.since(restartedAt, 'LeftoverKilled').map((e) => e.pid);
      for (const name of ['setsid', 'double'] as const) assert.ok(leftovers.includes(old[name]), `LeftoverKilled names ${name}'s daemon ${old[name]}: ${leftovers.join(' ')}`);
      await ok(b.cli('stop'), 'stop');
      await waitFor('nothing left', () => pidsWithArg(tags.setsid).length + pidsWithArg(tags.double).length + pidsWithArg(nap).length === 0);
    });
  });
}

describe('damaged or missing state', { skip }, () => {
  const damages: Array<[string, (path: string) => void]> = [
    ['garbage', (p) => writeFileSync(p, 'this is not { json')],
    ['truncated', (p) => writeFileSync(p, readFileSync(p, 'utf8').slice(0, 40))],
    ['empty', (p) => writeFileSync(p, '')],
    ['missing', (p) => rmSync(p)],
    ['a directory', (p) => (rmSync(p), mkdirSync(p))],
  ];
  const cases: Array<[string, (path: string) => void, NodeJS.ProcessEnv]> = [
    ...damages.map(([kind, damage]) => [kind, damage, {}] as [string, (path: string) => void, NodeJS.ProcessEnv]),
    // Targets spawned by Node (no helper): the marker is there, PSV_ROOT_PID is not.
    ['garbage, targets started without the spawn helper', damages[0]![1], { PSV_SPAWN_HELPER: '' }],
  ];
  for (const [kind, damage, env] of cases) {
    it(`state.json ${kind}: the next start adopts the running targets (same pids), no second copies`, async () => {
      const dir = tempDir('psv-identity-2-');
      const sleepers = [taggedSleep(), taggedSleep()];
      const b = bench(
        dir,
        `${monitorSection(dir)}targets:\n` + sleepers.map((s, i) => `  - name: t${i}\n    command: ${JSON.stringify(s.command)}\n`).join(''),
        env,
      );
      try {
        await ok(b.cli('start'), 'start');
        const before = await b.running('both targets running');
        await ok(b.cli('stop', '--keep-targets'), 'stop --keep-targets');
        await waitFor('the monitor gone', () => !isAlive(before.monitor.pid));
        damage(join(dir, 'state', 'state.json'));

        const restartedAt = new Date().toISOString();
        await ok(b.cli('start'), 'start after the damage');
        const now = await b.running('both targets running again');
        for (const [i, s] of sleepers.entries()) {
          const name = `t${i}`;
          assert.deepEqual(pidsWithArg(s.tag), [b.pidOf(before, name)], `${name}: exactly one process, the one from before`);
          assert.equal(b.pidOf(now, name), b.pidOf(before, name));
          assert.equal(now.targets[i]!.adopted, true);
        }
        const adopted = b.since(restartedAt, 'TargetAdopted');
        assert.deepEqual(adopted.map((e) => e.target).sort(), ['t0', 't1']);
        assert.ok(adopted.every((e) => /marker/.test(e.message)), adopted.map((e) => e.message).join('\n'));
        assert.deepEqual(b.since(restartedAt, 'TargetStarted'), [], 'nothing started');

        // (What the state store makes of a directory in its place is another test's business.)
        rmSync(join(dir, 'state', 'state.json'), { recursive: true, force: true });
        await ok(b.cli('stop'), 'stop');
        await waitFor('no target left', () => sleepers.every((s) => pidsWithArg(s.tag).length === 0));
      } finally {
        await b.cli('stop');
        killProcessesWithArg(b.config, ...sleepers.map((s) => s.tag));
        cleanup(dir);
      }
    });
  }
});

describe('what a new monitor finds by the marker', { skip }, () => {
  it('keeps the saved process of a target, kills a second copy and a dead copy\'s leftovers, stops a removed target', async () => {
    const dir = tempDir('psv-identity-m-');
    const [kept, removed] = [taggedSleep(), taggedSleep()];
    const copy = taggedSleep();
    const leftover = taggedSleep();
    const b = bench(dir, `${monitorSection(dir)}targets:\n  - name: kept\n    command: ${JSON.stringify(kept.command)}\n`);
    const key = monitorKey(join(dir, 'state'));
    /** A process that carries the marker of `target` as the helper would give it, with `root` as its root (its own pid when null). */
    const marked = async (target: string, sleep: { command: string[]; tag: string }, root: number | null): Promise<number> => {
      const script = `PSV_ROOT_PID=${root ?? '$$'} exec ${sleep.command.join(' ')}`;
      const child = spawn('/bin/sh', ['-c', script], { env: { ...process.env, PSV_TARGET_ID: `${key}/${target}` }, detached: true, stdio: 'ignore' });
      child.unref();
      return waitFor(`${target}'s process`, () => pidsWithArg(sleep.tag)[0]);
    };
    try {
      await ok(b.cli('start'), 'start');
      const before = await b.running('kept running');
      await ok(b.cli('stop', '--keep-targets'), 'stop --keep-targets');
      await waitFor('the monitor gone', () => !isAlive(before.monitor.pid));
      const copyPid = await marked('kept', copy, null);
      const leftoverPid = await marked('kept', leftover, 2 ** 22 + 7); // a root that does not run
      const removedPid = await marked('gone', removed, null);

      const restartedAt = new Date().toISOString();
      await ok(b.cli('start'), 'start again');
      const now = await b.running('kept running again');
      assert.equal(b.pidOf(now, 'kept'), b.pidOf(before, 'kept'), 'the saved process is kept');
      await waitFor('the copy, the leftover and the removed target gone', () => ![copyPid, leftoverPid, removedPid].some(isAlive));
      const duplicate = b.since(restartedAt, 'DuplicateKilled');
      assert.deepEqual(duplicate.map((e) => [e.target, e.pid, e.kept]), [['kept', copyPid, b.pidOf(before, 'kept')]]);
      assert.equal(duplicate[0]!.level, 'Warning');
      assert.deepEqual(b.since(restartedAt, 'LeftoverKilled').map((e) => [e.target, e.pid]), [['kept', leftoverPid]]);
      assert.deepEqual(b.since(restartedAt, 'TargetStopped').map((e) => [e.target, e.pid]), [['gone', removedPid]]);
      assert.deepEqual(pidsWithArg(kept.tag), [b.pidOf(before, 'kept')]);
    } finally {
      await b.cli('stop');
      killProcessesWithArg(b.config, kept.tag, removed.tag, copy.tag, leftover.tag);
      cleanup(dir);
    }
  });

  for (const [how, env] of [
    ['the spawn helper', {}],
    ['Node (no spawn helper)', { PSV_SPAWN_HELPER: '' }],
  ] as const) {
    it(`gives every target its marker: PSV_TARGET_ID=<key>/<name>, and PSV_ROOT_PID=<its pid>, started by ${how}`, async () => {
      const dir = tempDir('psv-identity-e-');
      const sleeper = taggedSleep();
      const b = bench(dir, `${monitorSection(dir)}targets:\n  - name: t\n    command: ${JSON.stringify(sleeper.command)}\n    env: { PSV_TARGET_ID: forged, PSV_ROOT_PID: '1' }\n`, env);
      try {
        await ok(b.cli('start'), 'start');
        const pid = b.pidOf(await b.running('t running'), 't');
        const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
        assert.deepEqual(environ.filter((v) => v.startsWith('PSV_TARGET_ID=')), [`PSV_TARGET_ID=${monitorKey(join(dir, 'state'))}/t`]);
        assert.deepEqual(environ.filter((v) => v.startsWith('PSV_ROOT_PID=')), [`PSV_ROOT_PID=${pid}`]);
      } finally {
        await b.cli('stop');
        killProcessesWithArg(b.config, sleeper.tag);
        cleanup(dir);
      }
    });
  }
});

describe('daemons a running target hands to the spawn helper', { skip }, () => {
  // While the helper reaps (and looks for what dead targets left), a daemon on its way
  // through exec has no environment yet to read its marker from: it is the live target's.
  it('are never taken for leftovers while they exec: all 300 stay', async () => {
    const dir = tempDir('psv-identity-x-');
    const unique = `${process.pid}${Date.now() % 1e7}`;
    const daemonNap = `1000.${unique}1`;
    const rootNap = `1000.${unique}2`;
    // Each pass hands the helper a process that exits at once (the helper reaps it) and a daemon that stays.
    const root = writeFile(
      join(dir, 'root.sh'),
      `i=0\nwhile [ $i -lt 300 ]; do\n  ( exec /bin/true & )\n  ( exec sleep ${daemonNap} & )\n  i=$((i+1))\ndone\nsleep ${rootNap} & wait\n`,
    );
    const b = bench(dir, `${monitorSection(dir)}targets:\n  - name: many\n    command: ["/bin/sh", "${root}"]\n`);
    try {
      await ok(b.cli('start'), 'start');
      await waitFor('the target done handing out its daemons', () => pidsWithArg(rootNap).length === 1, 60_000);
      await waitFor(`all 300 daemons alive (alive: ${pidsWithArg(daemonNap).length})`, () => pidsWithArg(daemonNap).length === 300, 10_000).catch(() => {
        assert.equal(pidsWithArg(daemonNap).length, 300, 'daemons of the running target alive');
      });
      await ok(b.cli('stop'), 'stop');
      await waitFor('the daemons stopped with the target', () => pidsWithArg(daemonNap).length === 0);
    } finally {
      await b.cli('stop');
      killProcessesWithArg(b.config, daemonNap, rootNap);
      cleanup(dir);
    }
  });
});
