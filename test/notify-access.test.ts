// Readiness and heartbeats from an unprivileged target (issue 17): the target's
// NOTIFY_SOCKET accepts a datagram only from the target's own processes (its
// main process or a descendant) running as its user or as root; the same
// datagram from another user, or from a process of the same user outside the
// target, is refused, counted and reported (NotifyRefused).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { notifyRefusal, NotifyGate, RefusalReports, unreachableFolder, type NotifySender, type RefusalReport } from '../src/probes/notify-access.js';
import { monitorFixtures, monitorSection, psv, waitFor, writeConfig, writeFile, type PsvEvent } from './helpers.js';

const PYTHON = '/usr/bin/python3';
const root = process.getuid?.() === 0;
const uidOf = (user: string): number | null => {
  const r = spawnSync('id', ['-u', user], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.trim()) : null;
};
const psvtest = uidOf('psvtest');
const psvtest2 = uidOf('psvtest2');
const skip = !root
  ? 'SKIPPED LOUDLY: needs root (targets run as the users psvtest and psvtest2)'
  : psvtest === null || psvtest2 === null
    ? 'SKIPPED LOUDLY: the users psvtest and psvtest2 are missing (scripts/setup-test-env.sh makes them)'
    : !existsSync(PYTHON)
      ? `SKIPPED LOUDLY: ${PYTHON} is missing`
      : false;
if (skip) console.log(`# notify-access: ${skip}`);

const fx = monitorFixtures();
const of = (name: string, event: string) => (e: PsvEvent) => e.target === name && e.event === event;

/** sd_notify as libsystemd does it: one datagram to $NOTIFY_SOCKET ('@' is the abstract namespace). */
const SEND = `import os, socket, sys
p = os.environ["NOTIFY_SOCKET"]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.sendto(sys.argv[1].encode(), "\\0" + p[1:] if p.startswith("@") else p)
`;

/** A target that says READY=1, then WATCHDOG=1 every 100 ms, counting its beats in a file. */
const BEATING = `import os, socket, time, sys
p = os.environ["NOTIFY_SOCKET"]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.sendto(b"READY=1", p)
n = 0
while True:
    time.sleep(0.1)
    s.sendto(b"WATCHDOG=1", p)
    n += 1
    with open(sys.argv[1] + ".tmp", "w") as f: f.write(str(n))
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
`;

/** A target that says READY=1 on PSV_NOTIFY (psv's own stream socket), then waits. */
const STREAM = `import os, socket, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(os.environ["PSV_NOTIFY"])
s.sendall(b"READY=1\\n")
while True: time.sleep(1000)
`;

/** Connects to a stream socket and says READY=1; exits 13 when the connection is refused for permissions. */
const CONNECT = `import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
try: s.connect(sys.argv[1])
except PermissionError: sys.exit(13)
s.sendall(b"READY=1\\n")
`;

/** A target that never notifies by itself: it only waits. */
const SILENT = `import time
while True: time.sleep(1000)
`;

/** Runs `argv` as `user` (no shell: the test users have none). */
function runAs(user: string, argv: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stderr: string } {
  const r = spawnSync('setpriv', [`--reuid=${user}`, `--regid=${user}`, '--clear-groups', '--', ...argv], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

/** NOTIFY_SOCKET as the target's process sees it. */
function notifySocketOf(pid: number): string {
  const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  const entry = environ.find((e) => e.startsWith('NOTIFY_SOCKET='));
  assert.ok(entry, `pid ${pid} has a NOTIFY_SOCKET`);
  return entry.slice('NOTIFY_SOCKET='.length);
}

describe('NOTIFY_SOCKET from an unprivileged target', { skip }, () => {
  it('accepts READY=1 and heartbeats from the target running as psvtest; refuses them from psvtest2 and from psvtest outside the target', async () => {
    const dir = fx.dir('psv-notify-access-');
    // The state folder must be reachable by the targets' user (a private temp folder is not).
    chmodSync(dir, 0o711);
    const beating = writeFile(join(dir, 'beating.py'), BEATING);
    const silent = writeFile(join(dir, 'silent.py'), SILENT);
    const send = writeFile(join(dir, 'send.py'), SEND);
    const stream = writeFile(join(dir, 'stream.py'), STREAM);
    const connect = writeFile(join(dir, 'connect.py'), CONNECT);
    const beatsDir = join(dir, 'out');
    spawnSync('install', ['-d', '-o', 'psvtest', '-m', '0700', beatsDir]);
    const py = (script: string, ...args: string[]) => JSON.stringify([PYTHON, script, ...args]);
    const { config, events } = writeConfig(
      dir,
      `${monitorSection(dir)}targets:\n` +
        `  - name: own\n    command: ${py(beating, join(beatsDir, 'beats'))}\n    user: psvtest\n    readyAfter: notify\n    stall: { heartbeat: 2s }\n` +
        `  - name: own-dep\n    command: ${fx.sleeper()}\n    dependsOn: [own]\n` +
        `  - name: streamer\n    command: ${py(stream)}\n    user: psvtest\n    readyAfter: notify\n` +
        `  - name: other\n    command: ${py(silent)}\n    user: psvtest\n    readyAfter: notify\n    stall: { heartbeat: 10s }\n` +
        `  - name: other-dep\n    command: ${fx.sleeper()}\n    dependsOn: [other]\n`,
    );
    const m = fx.run(config, events);

    // Accepted: the target's own process, as psvtest.
    const [ownUp] = await m.waitEvents('own up', of('own', 'TargetUp'));
    const [ready] = await m.waitEvents('own ready (READY=1 as psvtest)', of('own', 'TargetReady'));
    assert.equal(ready!.pid, ownUp!.pid);
    await m.waitEvents('its dependant started', of('own-dep', 'TargetUp'));
    // Heartbeats keep it alive: 40 beats (4 s, twice stall.heartbeat; generous for a busy machine) and no stall.
    await waitFor('40 heartbeats sent', () => {
      try {
        return Number(readFileSync(join(beatsDir, 'beats'), 'utf8')) >= 40;
      } catch {
        return false;
      }
    });
    assert.deepEqual(m.events().filter(of('own', 'StallDetected')), [], 'the heartbeats of psvtest were accepted');
    assert.deepEqual(m.events().filter(of('own', 'NotifyRefused')), []);

    // PSV_NOTIFY (psv's own stream socket) belongs to the target's user: it connects, psvtest2 cannot.
    const [streamerUp] = await m.waitEvents('streamer ready (READY=1 on PSV_NOTIFY as psvtest)', of('streamer', 'TargetReady'));
    const hb = join(dir, 'state', 'streamer.hb.sock');
    const st = statSync(hb);
    assert.deepEqual([st.uid, st.mode & 0o777], [psvtest, 0o600], 'PSV_NOTIFY is owned by the target user, mode 0600');
    assert.equal(runAs('psvtest2', [PYTHON, connect, hb]).status, 13, 'psvtest2 may not connect to PSV_NOTIFY');
    assert.ok(streamerUp!.pid);

    // Refused: the same datagrams sent by psvtest2, and by psvtest from outside the target.
    const [otherUp] = await m.waitEvents('other up', of('other', 'TargetUp'));
    const socket = notifySocketOf(otherUp!.pid!);
    const r2 = runAs('psvtest2', [PYTHON, send, 'READY=1'], { NOTIFY_SOCKET: socket });
    assert.equal(r2.status, 0, `psvtest2 can send (the socket is open to all; the sender is checked): ${r2.stderr}`);
    const [refused] = await m.waitEvents('the refusal of psvtest2', of('other', 'NotifyRefused'));
    assert.equal(refused!.uid, psvtest2);
    assert.equal(refused!.level, 'Warning');
    assert.equal(refused!.mainPid, otherUp!.pid);
    assert.match(refused!.message, new RegExp(`uid ${psvtest2}`));
    // More from psvtest2 (heartbeats), and READY=1 from a psvtest process that is not the target's.
    let sent = 0;
    const stall = await waitFor(
      'the stall of other while others send heartbeats',
      () => {
        if (runAs('psvtest2', [PYTHON, send, 'WATCHDOG=1'], { NOTIFY_SOCKET: socket }).status === 0) sent++;
        if (runAs('psvtest', [PYTHON, send, 'READY=1\nWATCHDOG=1'], { NOTIFY_SOCKET: socket }).status === 0) sent++;
        return m.events().find(of('other', 'StallDetected'));
      },
      40_000,
    );
    assert.ok(sent >= 2, `datagrams were sent meanwhile (${sent})`);
    assert.equal(stall.pid, otherUp!.pid);
    assert.match(stall.message, /no heartbeat/);
    assert.deepEqual(m.events().filter(of('other', 'TargetReady')), [], 'other never became ready');
    assert.deepEqual(m.events().filter(of('other-dep', 'TargetUp')), [], 'its dependant never started');
    const status = JSON.parse(psv(['status', 'other-dep', '-c', config, '--json']).stdout) as { targets: Array<{ state: string }> };
    assert.equal(status.targets[0]!.state, 'Waiting');
    // Every refusal is counted; the events are rate-limited (the first at once, then a summary).
    const all = m.events().filter(of('other', 'NotifyRefused'));
    assert.ok(all.length <= 2, `rate-limited: ${all.length} events for ${sent + 1} refusals`);
  });
});

describe('the rule (notifyRefusal)', () => {
  const main = 100;
  const from = (pid: number, uid: number, parents: Array<[number, number]> = []): NotifySender => ({ pid, uid, parents });

  it('accepts the main process and its descendants running as its user or as root', () => {
    assert.equal(notifyRefusal(from(100, 999), main), null);
    assert.equal(notifyRefusal(from(130, 999, [[120, 999], [100, 999], [50, 0], [1, 0]]), main), null);
    assert.equal(notifyRefusal(from(130, 0, [[100, 999], [1, 0]]), main), null, 'root inside the target (a setuid helper)');
    assert.equal(notifyRefusal(from(100, 0), main), null);
  });

  it('refuses another user, even inside the target, and anyone outside it', () => {
    assert.equal(notifyRefusal(from(130, 995, [[100, 999], [1, 0]]), main), 'user');
    assert.equal(notifyRefusal(from(200, 999, [[50, 0], [1, 0]]), main), 'outside', 'same user, not the target');
    assert.equal(notifyRefusal(from(200, 0, [[1, 0]]), main), 'outside', 'root outside the target too');
    assert.equal(notifyRefusal(from(200, 999, []), main), 'outside', 'a sender already gone');
    assert.equal(notifyRefusal({ pid: null, uid: 999, parents: [] }, main), 'outside', 'no pid (another pid namespace)');
    assert.equal(notifyRefusal(from(100, 999), null), 'not-running');
  });
});

describe('refusal reports (rate limit)', () => {
  /** Timers run by hand. */
  function manualTimers() {
    const due: Array<() => void> = [];
    return {
      timers: { setTimeout: (fn: () => void) => (due.push(fn), {}), clearTimeout: () => undefined },
      fire: () => due.splice(0).forEach((fn) => fn()),
    };
  }
  const sender = (pid: number): NotifySender => ({ pid, uid: 995, parents: [] });

  it('reports the first at once, then one summary per window with the count and the last sender', () => {
    const got: RefusalReport[] = [];
    const { timers, fire } = manualTimers();
    const r = new RefusalReports((x) => got.push(x), 60_000, timers);
    r.refused('db', sender(1), 'user', 10);
    assert.deepEqual(got, [{ target: 'db', count: 1, pid: 1, uid: 995, why: 'user', mainPid: 10 }]);
    for (let i = 2; i <= 500; i++) r.refused('db', sender(i), 'outside', 10);
    r.refused('web', sender(7), 'outside', null);
    assert.equal(got.length, 2, 'another target has its own window');
    fire();
    assert.deepEqual(got[2], { target: 'db', count: 499, pid: 500, uid: 995, why: 'outside', mainPid: 10 });
    assert.equal(got.length, 3, 'web had nothing more');
    fire();
    assert.equal(got.length, 3, 'a quiet window reports nothing');
    r.refused('db', sender(9), 'user', 10);
    assert.equal(got.length, 4, 'after a quiet window the next one is at once again');
    r.refused('db', sender(9), 'user', 10);
    r.close();
    assert.equal(got.at(-1)!.count, 1, 'close reports what is held');
  });
});

describe('NotifyGate', () => {
  it('holds a datagram that arrives before the target pid is known, then judges it', async () => {
    let main: number | null = null;
    const accepted: string[] = [];
    const refused: RefusalReport[] = [];
    const gate = new NotifyGate<string>({ mainPid: () => main, accept: (_t, m) => accepted.push(m), refused: (r) => refused.push(r) });
    gate.check('db', { pid: 42, uid: 999, parents: [] }, 'READY=1');
    gate.check('db', { pid: 43, uid: 999, parents: [] }, 'WATCHDOG=1');
    assert.deepEqual(accepted, []);
    main = 42;
    await waitFor('the held datagrams judged', () => accepted.length + refused.length === 2, 5000);
    assert.deepEqual(accepted, ['READY=1']);
    assert.equal(refused[0]!.why, 'outside');
    gate.close();
  });

  it('refuses what waited too long for a pid', async () => {
    const refused: RefusalReport[] = [];
    const gate = new NotifyGate<string>({ mainPid: () => null, accept: () => assert.fail('accepted'), refused: (r) => refused.push(r), waitMs: 100 });
    gate.check('gone', { pid: 42, uid: 999, parents: [] }, 'READY=1');
    await waitFor('the refusal', () => refused.length === 1, 5000);
    assert.equal(refused[0]!.why, 'not-running');
    gate.close();
  });
});

describe('unreachableFolder', () => {
  it('names the first folder that the target user may not search on the way to its endpoint', () => {
    const dir = fx.dir('psv-notify-reach-');
    const state = join(dir, 'state');
    mkdirSync(state, { mode: 0o755 });
    chmodSync(dir, 0o700);
    const me = process.getuid!();
    const stranger = { uid: me + 12345, gid: 65534 };
    assert.deepEqual(unreachableFolder(join(state, 'a.hb.sock'), stranger), { folder: dir, mode: 0o700, uid: me });
    assert.equal(unreachableFolder(join(state, 'a.hb.sock'), { uid: me, gid: null }), null, 'its owner passes');
    assert.equal(unreachableFolder(join(state, 'a.hb.sock'), { uid: 0, gid: 0 }), null, 'root passes');
    chmodSync(dir, 0o710);
    assert.notEqual(unreachableFolder(join(state, 'a.hb.sock'), stranger), null);
    const group = statSync(dir).gid;
    assert.equal(unreachableFolder(join(state, 'a.hb.sock'), { ...stranger, groups: [group] }), null, 'a member of its group passes');
    chmodSync(dir, 0o711);
    assert.equal(unreachableFolder(join(state, 'a.hb.sock'), stranger), null);
  });
});
