// The control protocol under hostile input, spoken straight to the socket with
// node:net: random bytes, broken and oversized lines, wrong versions, missing
// tokens, and a storm of connections. The monitor must answer each with an
// error (or close the connection), never die, and never lose its targets.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { StatusResult } from '../src/control/protocol.js';
import {
  cleanup,
  isAlive,
  killProcessesWithArg,
  monitorSection,
  psvAsync,
  readEvents,
  taggedSleep,
  tempDir,
  waitFor,
  waitForAsync,
  writeConfig,
  type PsvEvent,
} from './helpers.js';

interface Reply {
  v: number;
  id: string | number | null;
  ok: boolean;
  result?: unknown;
  more?: boolean;
  error?: { code: string; message: string };
}

/** A client connection that collects reply lines. */
class Conn {
  private buffer = '';
  readonly replies: Reply[] = [];
  closed = false;
  private readonly closedPromise: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      this.buffer += d;
      for (let nl = this.buffer.indexOf('\n'); nl !== -1; nl = this.buffer.indexOf('\n')) {
        this.replies.push(JSON.parse(this.buffer.slice(0, nl)) as Reply);
        this.buffer = this.buffer.slice(nl + 1);
      }
    });
    socket.on('error', () => undefined);
    this.closedPromise = new Promise((r) => socket.once('close', () => r()));
    void this.closedPromise.then(() => (this.closed = true));
  }

  static open(address: string): Promise<Conn> {
    return new Promise((resolve, reject) => {
      const socket = connect(address);
      socket.once('connect', () => resolve(new Conn(socket)));
      socket.once('error', reject);
    });
  }

  send(data: string | Buffer): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.write(data, () => resolve());
    });
  }

  /** The next reply after the first `seen` ones. */
  async reply(seen: number, what: string): Promise<Reply> {
    return waitFor(`reply to ${what}`, () => this.replies[seen] ?? (this.closed ? Promise.reject(new Error(`connection closed before a reply to ${what}`)) : null), 10_000);
  }

  /** The reply with this id. */
  async replyWithId(id: string | number, what: string): Promise<Reply> {
    return waitFor(`reply ${id} to ${what}`, () => this.replies.find((r) => r.id === id) ?? (this.closed ? Promise.reject(new Error(`connection closed before a reply to ${what}`)) : null), 10_000);
  }

  /** Sends one line and returns its one reply. */
  async ask(line: string | Buffer, what = String(line).slice(0, 80)): Promise<Reply> {
    const seen = this.replies.length;
    await this.send(Buffer.concat([Buffer.isBuffer(line) ? line : Buffer.from(line), Buffer.from('\n')]));
    return this.reply(seen, what);
  }

  whenClosed(timeoutMs = 20_000): Promise<void> {
    return Promise.race([
      this.closedPromise,
      new Promise<void>((_, reject) => setTimeout(() => reject(new Error('the connection was not closed')), timeoutMs).unref()),
    ]);
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** A small seeded generator, so that a failing run can be repeated (the seed is in the message). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ERROR_CODES = new Set(['BAD_REQUEST', 'TOO_LARGE', 'UNKNOWN_VERB', 'UNSUPPORTED_VERSION', 'ACCESS_DENIED', 'UNKNOWN_TARGET', 'INVALID']);

function pieces(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let nl = bytes.indexOf(10); nl !== -1; nl = bytes.indexOf(10, start)) {
    out.push(bytes.subarray(start, nl));
    start = nl + 1;
  }
  out.push(bytes.subarray(start));
  return out;
}

function fdCount(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

describe('control protocol fuzzing', () => {
  const dir = tempDir('psv-fuzz-');
  const sleepers = [taggedSleep(), taggedSleep()];
  const { config, events } = writeConfig(
    dir,
    `${monitorSection(dir)}targets:\n` + sleepers.map((s, i) => `  - name: t${i}\n    command: ${JSON.stringify(s.command)}\n`).join(''),
  );
  const address = join(dir, 'psv.sock');
  let token = '';
  let before0!: StatusResult;
  const cli = (...args: string[]) => psvAsync([...args, '-c', config]);
  const request = (fields: Record<string, unknown>): string => JSON.stringify({ v: 1, id: 'x', auth: token, user: 'fuzz', pid: process.pid, ...fields });

  before(async () => {
    const r = await cli('start');
    assert.equal(r.code, 0, r.stderr);
    token = readFileSync(`${address}.token`, 'utf8').trim();
    before0 = await waitForAsync('targets running', async () => {
      const s = JSON.parse((await cli('status', '--json')).stdout) as StatusResult;
      return s.targets.every((t) => t.state === 'Running') ? s : null;
    });
  });
  after(async () => {
    await cli('stop');
    killProcessesWithArg(config, ...sleepers.map((s) => s.tag));
    cleanup(dir);
  });

  it('answers random bytes with error replies and keeps serving the same connection', async () => {
    const seed = Date.now() % 1_000_000;
    const random = prng(seed);
    const conn = await Conn.open(address);
    for (let round = 0; round < 300; round++) {
      const bytes = Buffer.alloc(1 + Math.floor(random() * 2000));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
      // As the monitor reads them: split at newline bytes, each piece decoded as UTF-8; blank lines get no reply.
      const lines = pieces(bytes).filter((l) => l.toString('utf8').trim() !== '').length;
      const seen = conn.replies.length;
      await conn.send(Buffer.concat([bytes, Buffer.from('\n'), Buffer.from(request({ id: `ping-${round}`, verb: 'ping' }) + '\n')]));
      const pong = await conn.replyWithId(`ping-${round}`, `ping after random round ${round} (seed ${seed})`);
      assert.equal(pong.ok, true, `seed ${seed} round ${round}`);
      // Error replies are written at once, so they all precede the pong.
      assert.equal(conn.replies.at(-1), pong);
      const errors = conn.replies.slice(seen, -1);
      assert.equal(errors.length, lines, `one error reply per non-blank line (seed ${seed}, round ${round})`);
      for (const e of errors) assert.ok(!e.ok && ERROR_CODES.has(e.error!.code), `seed ${seed}: ${JSON.stringify(e)}`);
    }
    conn.destroy();
  });

  it('answers truncated JSON, JSON that is not an object, bad fields, unknown verbs and wrong versions with the right error', async () => {
    const conn = await Conn.open(address);
    const valid = request({ verb: 'status' });
    for (let cut = 1; cut < valid.length; cut++) {
      const r = await conn.ask(valid.slice(0, cut));
      assert.equal(r.error?.code, 'BAD_REQUEST', `prefix of ${cut} characters: ${JSON.stringify(r)}`);
      assert.match(r.error!.message, /malformed JSON/);
    }
    const cases: Array<[string, string]> = [
      ['[]', 'BAD_REQUEST'],
      ['[{"v":1}]', 'BAD_REQUEST'],
      ['null', 'BAD_REQUEST'],
      ['42', 'BAD_REQUEST'],
      ['"status"', 'BAD_REQUEST'],
      ['true', 'BAD_REQUEST'],
      ['{"v":1,"verb":"status"', 'BAD_REQUEST'],
      ['\u0000\u0001{}', 'BAD_REQUEST'],
      ['[' .repeat(50_000) + ']'.repeat(50_000), 'BAD_REQUEST'],
      ['{}', 'UNSUPPORTED_VERSION'],
      [request({ v: 2, verb: 'status' }), 'UNSUPPORTED_VERSION'],
      [request({ v: '1', verb: 'status' }), 'UNSUPPORTED_VERSION'],
      [request({ v: null, verb: 'status' }), 'UNSUPPORTED_VERSION'],
      [request({ auth: undefined, verb: 'status' }), 'ACCESS_DENIED'],
      [request({ auth: '', verb: 'stop' }), 'ACCESS_DENIED'],
      [request({ auth: 'x'.repeat(64), verb: 'stop' }), 'ACCESS_DENIED'],
      [request({ auth: token.slice(0, -1), verb: 'stop' }), 'ACCESS_DENIED'],
      [request({ auth: token + '0', verb: 'stop' }), 'ACCESS_DENIED'],
      [request({ auth: 12345, verb: 'stop' }), 'ACCESS_DENIED'],
      [request({ auth: [token], verb: 'stop' }), 'ACCESS_DENIED'],
      [request({ auth: 'é'.repeat(32), verb: 'stop' }), 'ACCESS_DENIED'],
      [request({ verb: 'explode' }), 'UNKNOWN_VERB'],
      [request({ verb: 'STATUS' }), 'UNKNOWN_VERB'],
      [request({ verb: '__proto__' }), 'UNKNOWN_VERB'],
      [request({ verb: 'constructor' }), 'UNKNOWN_VERB'],
      [request({ verb: 42 }), 'UNKNOWN_VERB'],
      [request({ verb: ['status'] }), 'UNKNOWN_VERB'],
      [request({ verb: null }), 'UNKNOWN_VERB'],
      [request({ verb: 'pause' }), 'BAD_REQUEST'],
      [request({ verb: 'pause', args: { names: [1, 2] } }), 'BAD_REQUEST'],
      [request({ verb: 'pause', args: { names: [] } }), 'BAD_REQUEST'],
      [request({ verb: 'pause', args: { names: [''] } }), 'BAD_REQUEST'],
      [request({ verb: 'pause', args: { all: 'yes' } }), 'BAD_REQUEST'],
      [request({ verb: 'restart', args: { names: ['constructor'] } }), 'UNKNOWN_TARGET'],
      [request({ verb: 'status', args: { names: ['__proto__'] } }), 'UNKNOWN_TARGET'],
      [request({ verb: 'status', args: { names: 't0' } }), 'OK'],
      [request({ verb: 'status', args: [1, 2] }), 'OK'],
      [request({ verb: 'status', args: 'all' }), 'OK'],
      [request({ verb: 'set', args: { target: 't0', settings: 'restart.retries=1' } }), 'BAD_REQUEST'],
      [request({ verb: 'set', args: { target: 't0', settings: {} } }), 'BAD_REQUEST'],
      [request({ verb: 'set', args: { target: 't0', settings: { 'restart.retries': { x: 1 } } } }), 'BAD_REQUEST'],
      [request({ verb: 'set', args: { target: 5, settings: { 'restart.retries': '1' } } }), 'BAD_REQUEST'],
      [request({ verb: 'set', args: { target: 'nope', settings: { 'restart.retries': '1' } } }), 'UNKNOWN_TARGET'],
      [request({ verb: 'set', args: { target: 't0', settings: { 'restart.retries': '-1' } } }), 'INVALID'],
      [request({ verb: 'set', args: { target: 't0', settings: { 'restart.window': '1 week' } } }), 'INVALID'],
      [request({ verb: 'set', args: { target: 't0', settings: { command: 'rm -rf /' } } }), 'INVALID'],
      [request({ verb: 'set', args: { settings: { 'restart.retries': '1' } } }), 'INVALID'],
      [request({ verb: 'set', args: { settings: { 'monitor.interval': '-5s' } } }), 'INVALID'],
      // A key named like a property of every object is an unknown setting like any other.
      ['{"v":1,"id":"x","auth":"' + token + '","verb":"set","args":{"target":"t0","settings":{"__proto__":"1"}}}', 'INVALID'],
      [request({ verb: 'events', args: { since: 'the dawn of time' } }), 'BAD_REQUEST'],
      [request({ verb: 'events', args: { since: '2026-13-45T99:99' } }), 'BAD_REQUEST'],
      [request({ verb: 'events', args: { since: { t: 1 } } }), 'BAD_REQUEST'],
      [request({ verb: 'events', args: { limit: -1, target: 'nobody' } }), 'OK'],
    ];
    for (const [line, code] of cases) {
      const r = await conn.ask(line);
      if (code === 'OK') assert.equal(r.ok, true, `${line.slice(0, 120)} → ${JSON.stringify(r).slice(0, 300)}`);
      else assert.equal(r.error?.code, code, `${line.slice(0, 120)} → ${JSON.stringify(r).slice(0, 300)}`);
      assert.equal(r.v, 1);
    }
    // Requests with an id get it back; requests without one get null.
    assert.equal((await conn.ask(request({ id: 7, verb: 'nope' }))).id, 7);
    assert.equal((await conn.ask(JSON.stringify({ v: 1, id: { a: 1 }, verb: 'nope' }))).id, null);
    conn.destroy();
    // None of that changed a target.
    const s = JSON.parse((await cli('status', '--json')).stdout) as StatusResult;
    assert.deepEqual(s.targets.map((t) => [t.pid, t.paused, t.overrides]), before0.targets.map((t) => [t.pid, false, {}]));
  });

  it('splits requests correctly: many in one write, one across many writes', async () => {
    const conn = await Conn.open(address);
    const many = Array.from({ length: 1000 }, (_, i) => request({ id: i, verb: 'ping' }) + '\n').join('');
    await conn.send(many);
    await waitFor('1000 replies', () => conn.replies.length >= 1000);
    assert.deepEqual(conn.replies.map((r) => r.id).sort((x, y) => Number(x) - Number(y)), Array.from({ length: 1000 }, (_, i) => i));
    assert.ok(conn.replies.every((r) => r.ok));
    const slow = request({ id: 'slow', verb: 'ping' }) + '\n';
    const seen = conn.replies.length;
    for (const ch of slow) await conn.send(ch);
    assert.equal((await conn.reply(seen, 'a request sent byte by byte')).id, 'slow');
    conn.destroy();
  });

  it('a 10 MiB line gets a TOO_LARGE reply or a closed connection', async () => {
    for (const line of [Buffer.alloc(10 * 1024 * 1024, 'x'), Buffer.from(request({ verb: 'status', pad: 'y'.repeat(10 * 1024 * 1024) }))]) {
      const conn = await Conn.open(address);
      void conn.send(Buffer.concat([line, Buffer.from('\n')]));
      await conn.whenClosed();
      for (const r of conn.replies) assert.equal(r.error?.code, 'TOO_LARGE', JSON.stringify(r).slice(0, 300));
      if (conn.replies.length) assert.match(conn.replies[0]!.error!.message, /over 1048576 bytes/);
    }
    // Just under the limit is still a request.
    const conn = await Conn.open(address);
    const padded = request({ verb: 'ping', pad: 'z'.repeat(1024 * 1024 - 200) });
    assert.ok(Buffer.byteLength(padded) < 1024 * 1024);
    assert.equal((await conn.ask(padded, 'a 1 MiB request')).ok, true);
    conn.destroy();
  });

  it('survives 2000 connections opened and dropped, 200 at a time, without leaking descriptors', async () => {
    const monitorPid = before0.monitor.pid;
    const fdsBefore = fdCount(monitorPid);
    const random = prng(42);
    for (let batch = 0; batch < 10; batch++) {
      const work: Promise<void>[] = [];
      for (let i = 0; i < 200; i++) {
        const kind = Math.floor(random() * 4);
        work.push(
          (async () => {
            let conn: Conn;
            try {
              conn = await Conn.open(address);
            } catch {
              return; // refused past the connection limit: allowed
            }
            if (kind === 1) await conn.send('{"v":1,"id":1,"verb":"sta');
            if (kind === 2) void conn.send(request({ verb: 'status' }) + '\n');
            if (kind === 3) {
              await conn.send(request({ verb: 'ping' }) + '\n');
              await waitFor('pong', () => conn.replies.length > 0 || conn.closed);
            }
            conn.destroy();
          })(),
        );
      }
      await Promise.all(work);
    }
    await waitFor(`the monitor's descriptors back to ${fdsBefore} (now ${fdCount(monitorPid)})`, () => fdCount(monitorPid) <= fdsBefore + 2);
  });

  it('afterwards the monitor still answers psv status, with the same targets and pids', async () => {
    const r = await cli('status', '--json');
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout) as StatusResult;
    assert.equal(s.monitor.pid, before0.monitor.pid);
    assert.deepEqual(s.targets.map((t) => [t.name, t.state, t.pid]), before0.targets.map((t) => [t.name, 'Running', t.pid]));
    assert.ok(s.targets.every((t) => isAlive(t.pid!)));
    const all: PsvEvent[] = readEvents(events);
    assert.ok(!all.some((e) => e.event === 'MonitorError'), 'no error inside the monitor');
    assert.equal(all.filter((e) => e.event === 'TargetStarted').length, 2, 'nothing was restarted');
    // Refusals are recorded, but rate-limited so that a flood cannot fill the disk.
    const denied = all.filter((e) => e.event === 'AccessDenied');
    assert.ok(denied.length >= 1 && denied.length <= 20, `${denied.length} AccessDenied events`);
    // The user the requests named is only ever their claim.
    assert.match(String(denied[0]!.claimed), /^user fuzz, pid \d+$/);
    assert.match(denied[0]!.message, /claims user fuzz, pid \d+ \(unverified\)/);
  });
});
