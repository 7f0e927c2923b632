// Who may reach the control channel, and that no one else can keep the
// administrators from it: the endpoint's folder and socket, the connection
// limits, the audit record of a refusal, one monitor per config, and a stop
// that returns only once the monitor is gone.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { monitorKey } from '../src/config/monitor-key.js';
import { call } from '../src/control/client.js';
import type { StatusResult } from '../src/control/protocol.js';
import {
  cleanup,
  isAlive,
  killProcessesWithArg,
  monitorSection,
  psvAsync,
  psvCommand,
  readEvents,
  taggedSleep,
  tempDir,
  waitFor,
  waitForAsync,
  type PsvEvent,
  type RunResult,
} from './helpers.js';

const isRoot = process.getuid?.() === 0;
const hasTestUser = spawnSync('id', ['-u', 'psvtest']).status === 0;

const ok = (r: RunResult, what: string): RunResult => {
  assert.equal(r.code, 0, `${what}: exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
};

/**
 * A local user trying to jam the endpoint: `slots` loops, each holding a
 * connection for as long as the monitor lets it and opening a new one as soon
 * as it is closed (or, when refused, `retryMs` later), until the time is up;
 * then prints what it managed (JSON). Run as another user through runuser.
 */
const JAMMER = `import { connect } from 'node:net';
const [address, ms, slots, retryMs] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5])];
const end = Date.now() + ms;
const held = new Set();
const stats = { attempts: 0, connected: 0, maxHeld: 0, errors: {} };
function attempt() {
  if (Date.now() > end) return;
  stats.attempts++;
  const s = connect(address);
  let up = false;
  s.on('connect', () => {
    up = true;
    stats.connected++;
    held.add(s);
    stats.maxHeld = Math.max(stats.maxHeld, held.size);
  });
  s.on('error', (e) => (stats.errors[e.code] = (stats.errors[e.code] ?? 0) + 1));
  s.on('close', () => {
    held.delete(s);
    setTimeout(attempt, up ? 10 : retryMs);
  });
}
for (let i = 0; i < slots; i++) attempt();
setTimeout(() => { process.stdout.write(JSON.stringify(stats)); process.exit(0); }, ms);
`;

interface JamStats {
  attempts: number;
  connected: number;
  maxHeld: number;
  errors: Record<string, number>;
}

/** Starts the jammer (as `user`, or as this user) and resolves with its stats when its time is up. */
function jam(dir: string, address: string, ms: number, opts: { user?: string; slots?: number; retryMs?: number } = {}): Promise<JamStats> {
  const script = join(dir, 'jammer.mjs');
  writeFileSync(script, JAMMER);
  chmodSync(script, 0o644);
  const argv = [process.execPath, script, address, String(ms), String(opts.slots ?? 400), String(opts.retryMs ?? 200)];
  const full = opts.user ? ['runuser', '-u', opts.user, '--', ...argv] : argv;
  return new Promise((resolve, reject) => {
    const child = spawn(full[0]!, full.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(out) as JamStats);
      } catch {
        reject(new Error(`the jammer exited ${code}: ${out}${err}`));
      }
    });
  });
}

/** A config in its own folder; `control` false leaves monitor.control out (the default endpoint). */
class Bench {
  readonly dir = tempDir('psv-access-');
  readonly config: string;
  readonly eventsFile: string;
  readonly tags: string[] = [];

  constructor(opts: { control?: string | false; name?: string } = {}) {
    const s = taggedSleep();
    this.tags.push(s.tag);
    this.config = join(this.dir, `${opts.name ?? 'psv'}.yaml`);
    this.eventsFile = join(this.dir, 'events.jsonl');
    let monitor = monitorSection(this.dir);
    if (opts.control === false) monitor = monitor.replace(/^ {2}control: .*\n/m, '');
    else if (opts.control) monitor = monitor.replace(/^ {2}control: .*$/m, `  control: ${opts.control}`);
    writeFileSync(this.config, `${monitor}targets:\n  - name: a\n    command: ${JSON.stringify(s.command)}\n`);
  }

  cli(...args: string[]): Promise<RunResult> {
    return psvAsync([...args, '-c', this.config]);
  }

  async status(): Promise<StatusResult> {
    const r = ok(await this.cli('status', '--json'), 'status');
    return JSON.parse(r.stdout) as StatusResult;
  }

  events(): PsvEvent[] {
    return readEvents(this.eventsFile);
  }

  async dispose(): Promise<void> {
    await this.cli('stop').catch(() => undefined);
    killProcessesWithArg(this.config, ...this.tags);
    cleanup(this.dir);
  }
}

/** One raw connection to the endpoint: send a line, read reply lines. */
function rawConnection(address: string, opts: { allowHalfOpen?: boolean } = {}): Promise<{ socket: Socket; replies: Array<Record<string, any>> }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ path: address, allowHalfOpen: opts.allowHalfOpen ?? false });
    const replies: Array<Record<string, any>> = [];
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      buffer += d;
      for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
        replies.push(JSON.parse(buffer.slice(0, nl)));
        buffer = buffer.slice(nl + 1);
      }
    });
    socket.once('connect', () => resolve({ socket, replies }));
    socket.once('error', reject);
  });
}

describe('an unprivileged user cannot jam the control channel (finding 8)', () => {
  const bench = new Bench({ control: false });
  after(() => bench.dispose());

  it('psvtest holds and keeps opening connections for 30 s; root\'s psv status answers 20 of 20 times within 2 s, and psv stop works', async (t) => {
    if (!isRoot) return t.skip('needs root: the jammer runs as the unprivileged user psvtest');
    assert.ok(hasTestUser, 'the user psvtest exists (bash scripts/setup-test-env.sh creates it)');
    chmodSync(bench.dir, 0o755);
    const started = JSON.parse(ok(await bench.cli('start', '--json'), 'start').stdout) as { pid: number; control: string };
    const jammed = jam(bench.dir, started.control, 30_000, { user: 'psvtest' });
    const token = readFileSync(`${started.control}.token`, 'utf8').trim();
    const slow: string[] = [];
    for (let i = 0; i < 20; i++) {
      // The CLI end to end; and the monitor's answer timed on its own (a CLI's
      // start-up on this shared box is no part of what the endpoint does).
      const r = await bench.cli('status', '--json');
      assert.equal(r.code, 0, `status ${i + 1} of 20 while psvtest jams: exit ${r.code}\n${r.stderr}`);
      assert.equal((JSON.parse(r.stdout) as StatusResult).monitor.pid, started.pid);
      const t0 = Date.now();
      const answer = (await call(started.control, 'status', {}, { token, config: bench.config, timeoutMs: 10_000 })) as StatusResult;
      const ms = Date.now() - t0;
      assert.equal(answer.monitor.pid, started.pid);
      if (ms >= 2000) slow.push(`status ${i + 1}: ${ms} ms`);
    }
    assert.deepEqual(slow, [], 'every status answered within 2 s');
    const stop = ok(await bench.cli('stop'), 'stop while psvtest jams');
    assert.match(stop.stdout, /stopped/);
    const stats = await jammed;
    assert.ok(stats.attempts > 100, `the jammer tried (${JSON.stringify(stats)})`);
    // The first gate: psvtest may not even open the endpoint.
    assert.equal(stats.maxHeld, 0, `psvtest held connections: ${JSON.stringify(stats)}`);
  });
});

describe('the connection limit cannot be exhausted by connections without the token', () => {
  const bench = new Bench();
  const address = join(bench.dir, 'psv.sock');
  after(() => bench.dispose());

  it('600 idle connections, renewed as they are closed: psv status still answers, and an authenticated follower is not pushed out', async () => {
    ok(await bench.cli('start'), 'start');
    const [file, ...pre] = psvCommand();
    const follower = spawn(file!, [...pre, 'events', '--follow', '--json', '-c', bench.config], { stdio: ['ignore', 'pipe', 'pipe'] });
    let followed = '';
    follower.stdout.on('data', (d: Buffer) => (followed += d.toString()));
    const followerExited = new Promise((r) => follower.once('exit', r));
    try {
      await waitFor('the follower got the past events', () => followed.includes('"MonitorStarted"'));
      const jammed = jam(bench.dir, address, 15_000, { slots: 600 });
      for (let i = 0; i < 10; i++) ok(await bench.cli('status', '--json'), `status ${i + 1} of 10 under the flood`);
      ok(await bench.cli('pause', 'a'), 'pause under the flood');
      await waitFor('TargetPaused on the follow stream', () => followed.includes('"TargetPaused"'));
      const stats = await jammed;
      assert.ok(stats.connected > 600, `the flood went past the limit of 256: ${JSON.stringify(stats)}`);
      assert.equal(follower.exitCode, null, 'the follower is still connected');
    } finally {
      follower.kill('SIGTERM');
      await followerExited;
    }
  });
});

describe('the audit record of a refusal names only what psv verified (finding 9)', () => {
  const bench = new Bench();
  const address = join(bench.dir, 'psv.sock');
  after(() => bench.dispose());

  it('a request with a forged user and pid and a wrong token: AccessDenied does not present them as the caller', async () => {
    ok(await bench.cli('start'), 'start');
    const { socket, replies } = await rawConnection(address);
    socket.write(JSON.stringify({ v: 1, id: 1, verb: 'stop', auth: '0'.repeat(64), user: 'mallory', pid: 1 }) + '\n');
    await waitFor('the refusal', () => replies.length > 0);
    socket.destroy();
    assert.equal(replies[0]!.error?.code, 'ACCESS_DENIED');
    const denied = await waitFor('AccessDenied', () => bench.events().find((e) => e.event === 'AccessDenied'));
    for (const [field, value] of Object.entries(denied)) {
      if (field === 'claimed' || field === 'message') continue;
      assert.doesNotMatch(String(value), /mallory|pid 1\b/, `field ${field} presents the claim as fact: ${JSON.stringify(denied)}`);
    }
    assert.match(String(denied.claimed), /mallory.*pid 1\b/);
    assert.match(denied.message, /claims.*mallory.*unverified/);
    assert.ok(isAlive((await bench.status()).monitor.pid), 'the monitor did not stop');
  });

  it('an operator command with the token and a forged user: OperatorCommand marks the user as claimed', async () => {
    const token = readFileSync(`${address}.token`, 'utf8').trim();
    const { socket, replies } = await rawConnection(address);
    socket.write(JSON.stringify({ v: 1, id: 1, verb: 'pause', auth: token, user: 'mallory', pid: 1, args: { names: ['a'] } }) + '\n');
    await waitFor('the reply', () => replies.length > 0);
    socket.destroy();
    assert.equal(replies[0]!.ok, true, JSON.stringify(replies[0]));
    const op = await waitFor('OperatorCommand', () => bench.events().find((e) => e.event === 'OperatorCommand'));
    assert.doesNotMatch(op.message, /by mallory/);
    assert.match(op.message, /token.*claims.*mallory/);
  });
});

describe('one monitor per config (finding 10)', () => {
  const A = new Bench({ control: false, name: 'a' });
  const B = new Bench({ control: false, name: 'b' });
  after(async () => {
    await A.dispose();
    await B.dispose();
  });

  it('two configs without monitor.control: two monitors, each verb with -c reaches its own, stop -c B leaves A running', async () => {
    const a = JSON.parse(ok(await A.cli('start', '--json'), 'start A').stdout) as { pid: number; started: boolean; control: string };
    const b = JSON.parse(ok(await B.cli('start', '--json'), 'start B').stdout) as { pid: number; started: boolean; control: string };
    assert.equal(b.started, true, `start -c B started a monitor (${JSON.stringify(b)})`);
    assert.notEqual(a.pid, b.pid);
    assert.notEqual(a.control, b.control);
    assert.ok(Buffer.byteLength(a.control) <= 107, a.control);
    if (isRoot) {
      // Root's default endpoint lives in a folder only root (and the admin group) may enter.
      assert.equal(statSync(dirname(a.control)).mode & 0o777, 0o700);
      assert.equal(statSync(a.control).mode & 0o777, 0o600);
    }
    assert.equal((await A.status()).monitor.config, A.config);
    assert.equal((await B.status()).monitor.config, B.config);
    ok(await B.cli('set', 'monitor.interval=2s'), 'set -c B');
    assert.equal((await B.status()).monitor.intervalMs, 2000);
    assert.notEqual((await A.status()).monitor.intervalMs, 2000);
    ok(await B.cli('pause', 'a'), 'pause -c B');
    assert.equal((await A.status()).targets[0]!.paused, false);

    const stop = ok(await B.cli('stop'), 'stop -c B');
    assert.match(stop.stdout, new RegExp(`pid ${b.pid}\\b`));
    assert.ok(!isAlive(b.pid), 'B is gone');
    assert.ok(isAlive(a.pid), 'A still runs');
    const sa = await A.status();
    assert.equal(sa.monitor.pid, a.pid);
    assert.equal(sa.targets[0]!.state, 'Running');
  });

  it('a client pointed at A\'s endpoint (PSV_CONTROL) with -c B is refused: exit 3, naming both configs; A is untouched', async () => {
    const sa = await A.status();
    for (const args of [['status'], ['set', 'monitor.interval=3s'], ['reload'], ['pause', 'a'], ['stop']]) {
      const r = await psvAsync([...args, '-c', B.config], { env: { PSV_CONTROL: sa.monitor.control } });
      assert.equal(r.code, 3, `${args.join(' ')}: exit ${r.code}\n${r.stderr}`);
      assert.ok(r.stderr.includes(A.config) && r.stderr.includes(B.config), `${args.join(' ')}: names both configs: ${r.stderr}`);
      assert.equal(r.stdout, '');
    }
    const now = await A.status();
    assert.equal(now.monitor.pid, sa.monitor.pid);
    assert.equal(now.monitor.intervalMs, sa.monitor.intervalMs);
    assert.equal(now.targets[0]!.paused, false);
    // Without a config there is nothing to compare: allowed.
    const bare = await psvAsync(['status', '--json'], { env: { PSV_CONTROL: sa.monitor.control, PSV_CONFIG: '' } });
    assert.equal(bare.code, 0, bare.stderr);
  });

  it('psv start -c D when C holds an explicitly shared address: a clear error naming C\'s config', async () => {
    const shared = join(A.dir, 'shared.sock');
    const C = new Bench({ control: shared, name: 'c' });
    const D = new Bench({ control: shared, name: 'd' });
    try {
      ok(await C.cli('start'), 'start C');
      const r = await D.cli('start');
      assert.notEqual(r.code, 0, `start -c D: ${r.stdout}`);
      assert.ok(r.stderr.includes(C.config), `names C's config: ${r.stderr}`);
      assert.ok(r.stderr.includes(shared), r.stderr);
    } finally {
      await D.dispose();
      await C.dispose();
    }
  });
});

describe('the default endpoint\'s folder', () => {
  it('a monitor run by an unprivileged user listens in stateDir/control, private to it; root finds it from the config', async (t) => {
    if (!isRoot || !hasTestUser) return t.skip('needs root and the user psvtest');
    const bench = new Bench({ control: false });
    try {
      const uid = Number(spawnSync('id', ['-u', 'psvtest'], { encoding: 'utf8' }).stdout.trim());
      chmodSync(bench.dir, 0o755);
      chownSync(bench.dir, uid, -1);
      chmodSync(bench.config, 0o644);
      const started = await psvAsync(['start', '--json', '-c', bench.config], { user: 'psvtest', env: { XDG_RUNTIME_DIR: '' } });
      assert.equal(started.code, 0, started.stderr);
      const control = (JSON.parse(started.stdout) as { control: string }).control;
      assert.equal(control, join(bench.dir, 'state', 'control', 'psv.sock'));
      const folder = statSync(dirname(control));
      assert.deepEqual([folder.uid, folder.mode & 0o777], [uid, 0o700]);
      assert.equal(statSync(control).mode & 0o777, 0o600);
      // Root's own default is elsewhere (/run/psv): the client finds the monitor where it is.
      const s = await bench.status();
      assert.equal(s.monitor.control, control);
      const stop = await psvAsync(['stop', '-c', bench.config], { user: 'psvtest', env: { XDG_RUNTIME_DIR: '' } });
      assert.equal(stop.code, 0, stop.stderr);
    } finally {
      await bench.dispose();
    }
  });

  it('root refuses a default folder that another user made first, naming it', async (t) => {
    if (!isRoot || !hasTestUser) return t.skip('needs root and the user psvtest');
    const bench = new Bench({ control: false });
    const squatted = `/run/psv/${monitorKey(join(bench.dir, 'state'))}`;
    try {
      mkdirSync(squatted, { recursive: true, mode: 0o777 });
      chownSync(squatted, Number(spawnSync('id', ['-u', 'psvtest'], { encoding: 'utf8' }).stdout.trim()), -1);
      const r = await bench.cli('start');
      assert.notEqual(r.code, 0, r.stdout);
      assert.match(r.stderr, new RegExp(`${squatted} exists but is not a folder of the monitor's user`));
    } finally {
      rmSync(squatted, { recursive: true, force: true });
      await bench.dispose();
    }
  });
});

describe('psv stop returns once the monitor is gone (finding 6)', () => {
  const bench = new Bench();
  after(() => bench.dispose());

  it('after psv stop exits 0 the monitor pid no longer exists', async () => {
    const started = JSON.parse(ok(await bench.cli('start', '--json'), 'start').stdout) as { pid: number };
    // A client that keeps its end of a connection open makes the monitor take
    // a while to close its connections after it has answered the stop.
    const lingering = await rawConnection(join(bench.dir, 'psv.sock'), { allowHalfOpen: true });
    const r = ok(await bench.cli('stop'), 'stop');
    assert.ok(!isAlive(started.pid), `psv stop returned (${r.stdout.trim()}) while the monitor (pid ${started.pid}) still ran`);
    assert.match(r.stdout, new RegExp(`monitor \\(pid ${started.pid}\\) stopped`));
    lingering.socket.destroy();
    await waitForAsync('status says no monitor', async () => (await bench.cli('status')).code === 3);
  });
});
