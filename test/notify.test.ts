// Heartbeats: psv's own PSV_NOTIFY stream endpoint, and systemd's NOTIFY_SOCKET
// (Linux) served through the helper process psv-notify, fed by the real systemd-notify and by
// a program that calls sd_notify the way libsystemd does (a datagram to the socket).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { notifyHelperPath } from '../src/platform/helpers.js';
import { platform } from '../src/platform/index.js';
import { Heartbeats, HeartbeatServer, notifyEnv, NOTIFY_ENV_KEYS, NotifySockets, parseNotify, PSV_NOTIFY_ENV, type NotifyMessage } from '../src/probes/heartbeat.js';
import { waitFor } from './helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'psv-notify-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const which = (program: string): string | null => {
  const r = spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
};
// Debian's own python3 first: a version manager's shim on PATH adds a slow start.
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : which('python3');
const systemdNotify = which('systemd-notify');
const linux = platform.name === 'linux';
// The NOTIFY_SOCKET helper, compiled by npm run build (src/native/psv-notify.c).
const notifyHelper = linux ? notifyHelperPath() : null;

/** Sends `text` on one connection and closes it. */
function send(address: string, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = net.connect(address, () => c.end(text));
    c.on('close', () => resolve());
    c.on('error', reject);
  });
}

/** sd_notify as libsystemd does it: one datagram to $NOTIFY_SOCKET (python3's socket module). */
function sdNotify(socketPath: string, text: string): void {
  const code = 'import os, socket, sys\ns = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\ns.sendto(sys.argv[1].encode(), os.environ["NOTIFY_SOCKET"])\n';
  const r = spawnSync(python!, ['-c', code, text], { env: { ...process.env, NOTIFY_SOCKET: socketPath }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

describe('parseNotify', () => {
  it('reads sd_notify words, several per message', () => {
    assert.deepEqual(parseNotify('READY=1\nSTATUS=Serving 3 clients\nWATCHDOG=1\n', 'psv'), {
      via: 'psv',
      ready: true,
      status: 'Serving 3 clients',
      watchdog: true,
    });
    assert.deepEqual(parseNotify('STOPPING=1', 'notify-socket'), { via: 'notify-socket', stopping: true });
    assert.deepEqual(parseNotify('WATCHDOG_USEC=5000000\nMAINPID=42\nWATCHDOG=trigger', 'psv'), {
      via: 'psv',
      watchdogUsec: 5_000_000,
      mainPid: 42,
      watchdogTrigger: true,
    });
  });

  it('ignores what it does not know and returns null for nothing known', () => {
    assert.equal(parseNotify('FDSTORE=1\nhello\nREADY=0', 'psv'), null);
    assert.equal(parseNotify('', 'psv'), null);
    assert.deepEqual(parseNotify('X=1\r\nWATCHDOG=1\r\n', 'psv'), { via: 'psv', watchdog: true });
  });
});

describe('notifyEnv', () => {
  const stall = (heartbeatMs: number | null, file: string | null = null) => ({ stall: { heartbeatMs, file, stuckForMs: null } });

  it('names both endpoints and the watchdog timeout in microseconds', () => {
    assert.deepEqual(notifyEnv(stall(30_000), { psvNotify: '/s/app.hb.sock', notifySocket: '/s/app.notify.sock' }), {
      PSV_NOTIFY: '/s/app.hb.sock',
      NOTIFY_SOCKET: '/s/app.notify.sock',
      WATCHDOG_USEC: '30000000',
    });
  });

  it('sets no WATCHDOG_USEC without a heartbeat, or in file mode; no NOTIFY_SOCKET when not served', () => {
    assert.deepEqual(notifyEnv(stall(null), { psvNotify: 'p', notifySocket: null }), { PSV_NOTIFY: 'p' });
    assert.deepEqual(notifyEnv(stall(5000, '/x/alive'), { psvNotify: 'p', notifySocket: 'n' }), { PSV_NOTIFY: 'p', NOTIFY_SOCKET: 'n' });
  });

  it('lists every key it may set, for the engine to strip from the inherited environment', () => {
    assert.equal(PSV_NOTIFY_ENV, 'PSV_NOTIFY');
    const keys = Object.keys(notifyEnv(stall(1000), { psvNotify: 'p', notifySocket: 'n' }));
    for (const k of keys) assert.ok(NOTIFY_ENV_KEYS.includes(k), k);
    assert.ok(NOTIFY_ENV_KEYS.includes('WATCHDOG_PID'));
  });
});

describe('HeartbeatServer (PSV_NOTIFY)', () => {
  it('takes its address from the platform: a socket in the state folder, or a pipe', () => {
    const address = platform.heartbeatAddress(dir, 'web');
    if (platform.isWindows) assert.match(address, /^\\\\\.\\pipe\\psv-hb-web-[0-9a-f]+$/);
    else assert.equal(address, path.join(dir, 'web.hb.sock'));
    if (!platform.isWindows) {
      const long = platform.heartbeatAddress(path.join(dir, 'x'.repeat(120)), 'web');
      assert.ok(Buffer.byteLength(long) <= 107, long);
    }
  });

  it('receives WATCHDOG=1 and READY=1, one connection each or several lines on one', async () => {
    const got: NotifyMessage[] = [];
    const server = new HeartbeatServer('web', platform.heartbeatAddress(dir, 'web'), (m) => got.push(m));
    await server.listen();
    try {
      await send(server.address, 'WATCHDOG=1\n');
      await waitFor('the watchdog message', () => got.length >= 1, 5000);
      assert.deepEqual(got[0], { via: 'psv', watchdog: true });

      await send(server.address, 'READY=1\nSTATUS=up');
      await waitFor('the ready message', () => got.some((m) => m.ready), 5000);
      assert.ok(got.some((m) => m.status === 'up'));

      // One connection kept open: each line arrives as it is written.
      const c = net.connect(server.address);
      await new Promise((r) => c.once('connect', r));
      const before = got.length;
      c.write('WATCHDOG=1\n');
      await waitFor('a message on the open connection', () => got.length > before, 5000);
      c.write('STOPPING=1\n');
      await waitFor('the second message', () => got.some((m) => m.stopping), 5000);
      c.destroy();
    } finally {
      await server.close();
    }
  });

  it('replaces a stale socket left by an earlier monitor, and removes its own on close', { skip: platform.isWindows }, async () => {
    const address = platform.heartbeatAddress(dir, 'stale');
    // A monitor killed without closing its endpoint leaves the socket file behind.
    spawnSync(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(address)}, () => process.kill(process.pid, 'SIGKILL'))`]);
    assert.ok(lstatSync(address).isSocket(), 'a stale socket file is there');
    const got: NotifyMessage[] = [];
    const server = new HeartbeatServer('stale', address, (m) => got.push(m));
    await server.listen();
    await send(address, 'WATCHDOG=1\n');
    await waitFor('the message', () => got.length === 1, 5000);
    await server.close();
    assert.equal(existsSync(address), false);
  });
});

describe('NOTIFY_SOCKET (systemd compatibility)', { skip: !linux || !python || !notifyHelper ? 'needs Linux, python3 and psv-notify (npm run build)' : false }, () => {
  it('receives a datagram sent the way libsystemd sends it, with the sender pid', async () => {
    const got: Array<[string, NotifyMessage]> = [];
    const warnings: string[] = [];
    const sockets = new NotifySockets({ onMessage: (t, m) => got.push([t, m]), warn: (w) => warnings.push(w) });
    try {
      const started = Date.now();
      const p = await sockets.add('db', NotifySockets.pathFor(dir, 'db'));
      assert.equal(p, path.join(dir, 'db.notify.sock'));
      const bindMs = Date.now() - started;
      sdNotify(p!, 'READY=1\nSTATUS=accepting connections');
      sdNotify(p!, 'WATCHDOG=1');
      await waitFor('two messages', () => got.length >= 2, 5000);
      assert.equal(got[0]![0], 'db');
      assert.equal(got[0]![1].ready, true);
      assert.equal(got[0]![1].status, 'accepting connections');
      assert.equal(got[0]![1].via, 'notify-socket');
      assert.equal(typeof got[0]![1].pid, 'number');
      // The sender as the kernel gives it, and its parents read at once: python3, a child of this process.
      const sender = got[0]![1].sender!;
      assert.equal(sender.pid, got[0]![1].pid);
      assert.equal(sender.uid, process.getuid!());
      assert.deepEqual(sender.parents[0], [process.pid, process.getuid!()]);
      assert.deepEqual(sender.parents.at(-1), [1, 0], 'up to init');
      assert.deepEqual({ ...got[1]![1], pid: 0, sender: null }, { via: 'notify-socket', watchdog: true, pid: 0, sender: null });
      assert.deepEqual(warnings, []);
      assert.ok(bindMs < 5000);
    } finally {
      await sockets.close();
    }
    assert.equal(existsSync(path.join(dir, 'db.notify.sock')), false, 'the socket file is removed');
  });

  it('receives from the real systemd-notify', { skip: systemdNotify ? false : 'systemd-notify not installed (Debian package systemd)' }, async () => {
    const got: Array<[string, NotifyMessage]> = [];
    const sockets = new NotifySockets({ onMessage: (t, m) => got.push([t, m]), warn: (w) => assert.fail(w) });
    try {
      const p = (await sockets.add('web', NotifySockets.pathFor(dir, 'web')))!;
      const run = (...args: string[]) => {
        const r = spawnSync(systemdNotify!, args, { env: { ...process.env, NOTIFY_SOCKET: p }, encoding: 'utf8' });
        assert.equal(r.status, 0, `systemd-notify ${args.join(' ')}: ${r.stderr}`);
      };
      run('WATCHDOG=1');
      run('--ready', '--status=warming up');
      await waitFor('both messages', () => got.some(([, m]) => m.watchdog) && got.some(([, m]) => m.ready), 5000);
      assert.ok(got.every(([t]) => t === 'web'));
      assert.ok(got.some(([, m]) => m.status === 'warming up'));
    } finally {
      await sockets.close();
    }
  });

  it('serves many targets from one helper, and unbinds a removed one', async () => {
    const got: Array<[string, NotifyMessage]> = [];
    const sockets = new NotifySockets({ onMessage: (t, m) => got.push([t, m]), warn: (w) => assert.fail(w) });
    try {
      const [a, b] = await Promise.all([sockets.add('a', NotifySockets.pathFor(dir, 'a')), sockets.add('b', NotifySockets.pathFor(dir, 'b'))]);
      sdNotify(b!, 'WATCHDOG=1');
      sdNotify(a!, 'READY=1');
      await waitFor('both', () => got.length >= 2, 5000);
      assert.deepEqual(got.map(([t]) => t).sort(), ['a', 'b']);
      sockets.remove('a');
      await waitFor('a unbound', () => !existsSync(a!), 5000);
    } finally {
      await sockets.close();
    }
  });

  it('without its helper, warns once and serves nothing, without failing', async () => {
    const warnings: string[] = [];
    const sockets = new NotifySockets({ onMessage: () => undefined, warn: (w) => warnings.push(w), helper: path.join(dir, 'no-psv-notify') });
    assert.equal(await sockets.add('x', NotifySockets.pathFor(dir, 'x')), null);
    assert.equal(await sockets.add('y', NotifySockets.pathFor(dir, 'y')), null);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /NOTIFY_SOCKET is not served: .*no-psv-notify not found.*PSV_NOTIFY/);
    await sockets.close();
  });

  it('the helper dies with its monitor', async () => {
    // A monitor process of its own that starts the helper, then is killed.
    const script = `
      import { NotifySockets } from ${JSON.stringify(new URL('../src/probes/heartbeat.js', import.meta.url).href)};
      const s = new NotifySockets({ onMessage() {}, warn(w) { console.error(w); } });
      await s.add('m', ${JSON.stringify(NotifySockets.pathFor(dir, 'm'))});
      console.log('bound');
      setInterval(() => {}, 1000);`;
    const monitor = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    monitor.stdout!.on('data', (d) => (out += String(d)));
    await waitFor('the helper to bind', () => out.includes('bound'), 10_000);
    const helperPid = Number(spawnSync('pgrep', ['-P', String(monitor.pid)], { encoding: 'utf8' }).stdout.trim().split('\n')[0]);
    assert.ok(helperPid > 0, 'the helper runs as a child of the monitor');
    monitor.kill('SIGKILL');
    await waitFor('the helper to end', () => !running(helperPid), 5000);
  });
});

describe('Heartbeats (what the engine uses)', () => {
  it('opens both endpoints per target and gives their addresses in notifyEnv', async () => {
    const got: Array<[string, NotifyMessage]> = [];
    const warnings: string[] = [];
    // The senders below are children of this process: it plays the target's main process.
    const hb = new Heartbeats({ dir, onMessage: (t, m) => got.push([t, m]), warn: (w) => warnings.push(w), mainPid: () => process.pid, refused: (r) => assert.fail(JSON.stringify(r)) });
    try {
      await hb.add('api');
      const env = hb.notifyEnv({ name: 'api', stall: { heartbeatMs: 2000, file: null, stuckForMs: null } });
      assert.equal(env.WATCHDOG_USEC, '2000000');
      assert.ok(env.PSV_NOTIFY);
      await send(env.PSV_NOTIFY!, 'WATCHDOG=1\n');
      await waitFor('the PSV_NOTIFY heartbeat', () => got.some(([t, m]) => t === 'api' && m.via === 'psv' && m.watchdog), 5000);
      if (linux && python && notifyHelper) {
        assert.equal(env.NOTIFY_SOCKET, path.join(dir, 'api.notify.sock'));
        sdNotify(env.NOTIFY_SOCKET!, 'WATCHDOG=1');
        await waitFor('the NOTIFY_SOCKET heartbeat', () => got.some(([t, m]) => t === 'api' && m.via === 'notify-socket' && m.watchdog), 5000);
      }
      await hb.remove('api');
      assert.deepEqual(hb.notifyEnv({ name: 'api', stall: { heartbeatMs: null, file: null, stuckForMs: null } }), {});
      assert.deepEqual(warnings, []);
    } finally {
      await hb.close();
    }
  });

  it('keeps PSV_NOTIFY working when the NOTIFY_SOCKET helper cannot start', async () => {
    const got: NotifyMessage[] = [];
    const warnings: string[] = [];
    const hb = new Heartbeats({
      dir,
      notifySocket: true,
      notifyHelper: '/nonexistent/psv-notify',
      onMessage: (_t, m) => got.push(m),
      warn: (w) => warnings.push(w),
      mainPid: () => null,
      refused: () => undefined,
    });
    try {
      await hb.add('solo');
      const env = hb.notifyEnv({ name: 'solo', stall: { heartbeatMs: 1000, file: null, stuckForMs: null } });
      assert.equal(env.NOTIFY_SOCKET, undefined);
      await send(env.PSV_NOTIFY!, 'READY=1\n');
      await waitFor('the message', () => got.some((m) => m.ready), 5000);
      assert.equal(warnings.length, 1);
    } finally {
      await hb.close();
    }
  });
});

/** Running, not a zombie (an orphan's zombie may wait long for a container's init to reap it). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}
