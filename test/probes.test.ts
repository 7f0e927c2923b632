// Stall detection building blocks: the stall/probes config keys, one probe run
// (tcp, http, command against real local servers and processes), and the
// scheduler's every/initialDelay/failures semantics with real short timers.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfigText, type LoadOptions } from '../src/config/load.js';
import type { ConfigProblem, PsvConfig } from '../src/config/types.js';
import { runProbe } from '../src/probes/run.js';
import { ProbeRunner, type Timers } from '../src/probes/scheduler.js';
import type { ProbeConfig, ProbeResult, ProbeSpec } from '../src/probes/types.js';
import { waitFor } from './helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'psv-probes-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = path.join(dir, 'psv.yaml');
const node = process.execPath;
const opts: LoadOptions = { isWindows: false, env: { PATH: path.dirname(node) } };
const runOpts = { cwd: dir, env: { PATH: process.env.PATH ?? '' } };

function target(extra: string): string {
  return `targets:\n  - name: app\n    command: ["${node}", "app.js"]\n${extra}`;
}

function configOf(text: string): PsvConfig {
  const r = loadConfigText(text, file, opts);
  if (!r.ok) assert.fail(`expected a valid config, got:\n${r.problems.map((p) => `${p.line}:${p.col} ${p.message}`).join('\n')}`);
  return r.config;
}

function problemsOf(text: string): ConfigProblem[] {
  const r = loadConfigText(text, file, opts);
  assert.equal(r.ok, false, 'expected the config to be rejected');
  return r.ok ? [] : r.problems.filter((p) => p.severity === 'error');
}

function only(list: ConfigProblem[]): ConfigProblem {
  assert.equal(list.length, 1, `expected one problem, got:\n${list.map((p) => `${p.line}:${p.col} ${p.message}`).join('\n')}`);
  return list[0]!;
}

describe('config: stall and probes', () => {
  it('leaves both off when not given', () => {
    const t = configOf(target('')).targets[0]!;
    assert.deepEqual(t.stall, { heartbeatMs: null, file: null, stuckForMs: null });
    assert.deepEqual(t.probes, []);
  });

  it('resolves stall: durations in ms, the file against the config folder', () => {
    const t = configOf(target('    stall:\n      heartbeat: 30s\n      file: ./app.alive\n      stuckFor: 1m\n')).targets[0]!;
    assert.deepEqual(t.stall, { heartbeatMs: 30_000, file: path.join(dir, 'app.alive'), stuckForMs: 60_000 });
  });

  it('takes a heartbeat alone, and a number of seconds', () => {
    const t = configOf(target('    stall: { heartbeat: 1.5 }\n')).targets[0]!;
    assert.deepEqual(t.stall, { heartbeatMs: 1500, file: null, stuckForMs: null });
  });

  it('refuses stall.file without stall.heartbeat, at the key', () => {
    const p = only(problemsOf(target('    stall:\n      file: ./app.alive\n')));
    assert.deepEqual([p.line, p.col], [5, 7]);
    assert.match(p.message, /targets\[0\]\.stall\.file: give stall\.heartbeat too/);
  });

  it('refuses a bad heartbeat duration with the duration hint', () => {
    const p = only(problemsOf(target('    stall: { heartbeat: soon }\n')));
    assert.match(p.message, /targets\[0\]\.stall\.heartbeat: bad duration 'soon' \(use e\.g\. 500ms/);
    assert.equal(p.line, 4);
  });

  it('fills the Kubernetes defaults and resolves each kind', () => {
    const t = configOf(
      target(
        [
          '    probes:',
          '      - tcp: 8080',
          '      - tcp: "localhost:9090"',
          '        every: 2s',
          '        timeout: 500ms',
          '        failures: 1',
          '        initialDelay: 5s',
          '      - tcp: "[::1]:7070"',
          '      - http: http://127.0.0.1:8080/health',
          '        expect: 200',
          '      - http: https://127.0.0.1:8443/',
          '      - command: ["/usr/local/bin/check-app", "--quick"]',
          '      - command: check-app --quick "two words"',
          '',
        ].join('\n'),
      ),
    ).targets[0]!;
    const reaction = { onUnhealthy: 'restart', actions: [] };
    const defaults = { everyMs: 10_000, timeoutMs: 1000, failures: 3, initialDelayMs: 0, ...reaction };
    assert.deepEqual(t.probes, [
      { spec: { kind: 'tcp', host: '127.0.0.1', port: 8080 }, ...defaults },
      { spec: { kind: 'tcp', host: 'localhost', port: 9090 }, everyMs: 2000, timeoutMs: 500, failures: 1, initialDelayMs: 5000, ...reaction },
      { spec: { kind: 'tcp', host: '::1', port: 7070 }, ...defaults },
      { spec: { kind: 'http', url: 'http://127.0.0.1:8080/health', expect: 200 }, ...defaults },
      { spec: { kind: 'http', url: 'https://127.0.0.1:8443/', expect: 0 }, ...defaults },
      { spec: { kind: 'command', command: ['/usr/local/bin/check-app', '--quick'] }, ...defaults },
      { spec: { kind: 'command', command: ['check-app', '--quick', 'two words'] }, ...defaults },
    ]);
  });

  it('refuses a probe with two kinds, at the second key', () => {
    const p = only(problemsOf(target('    probes:\n      - tcp: 8080\n        http: http://127.0.0.1:8080/\n')));
    assert.deepEqual([p.line, p.col], [6, 9]);
    assert.match(p.message, /targets\[0\]\.probes\[0\]\.http: a probe has one of tcp, http, command, check or plugin, and this one already has 'tcp'/);
  });

  it('refuses a probe with no kind', () => {
    const p = only(problemsOf(target('    probes:\n      - every: 5s\n')));
    assert.deepEqual([p.line, p.col], [5, 9]);
    assert.match(p.message, /targets\[0\]\.probes\[0\]: give one of tcp, http, command, check or plugin/);
  });

  it('refuses bad tcp addresses, URLs, expect on a non-http probe, and unknown keys', () => {
    const list = problemsOf(
      target(
        [
          '    probes:',
          '      - tcp: "127.0.0.1"',
          '      - tcp: 70000',
          '      - http: "http://"',
          '      - tcp: 22',
          '        expect: 200',
          '      - command: check',
          '        retries: 2',
          '',
        ].join('\n'),
      ),
    );
    const at = (line: number) => list.filter((p) => p.line === line).map((p) => p.message);
    assert.match(at(5).join('\n'), /probes\[0\]\.tcp: bad address "127\.0\.0\.1" \(give a port \(8080\) or host:port/);
    assert.deepEqual(at(6), ['targets[0].probes[1].tcp: must be <= 65535']);
    assert.match(at(7).join('\n'), /probes\[2\]\.http: bad URL "http:\/\/"/);
    assert.match(at(9).join('\n'), /probes\[3\]\.expect: applies to http probes only; this is a tcp probe/);
    assert.match(at(11).join('\n'), /retries/);
  });

  it('refuses a bad probe duration and a zero failure count', () => {
    const list = problemsOf(target('    probes:\n      - tcp: 80\n        every: often\n        failures: 0\n'));
    assert.match(list.map((p) => p.message).join('\n'), /probes\[0\]\.every: bad duration 'often'/);
    assert.match(list.map((p) => p.message).join('\n'), /probes\[0\]\.failures: must be at least 1/);
  });
});

// ---------------------------------------------------------------------------

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A port on which nothing listens: bound once, then released. */
async function freePort(): Promise<number> {
  const s = net.createServer();
  const port = await listen(s);
  await closeServer(s);
  return port;
}

describe('runProbe: tcp', () => {
  it('is ok when the port accepts', async () => {
    const server = net.createServer((s) => s.destroy());
    const port = await listen(server);
    try {
      const r = await runProbe({ kind: 'tcp', host: '127.0.0.1', port }, 1000, runOpts);
      assert.deepEqual(r, { ok: true, detail: `connected to 127.0.0.1:${port}` });
    } finally {
      await closeServer(server);
    }
  });

  it('fails with "connection refused" when nothing listens', async () => {
    const port = await freePort();
    const r = await runProbe({ kind: 'tcp', host: '127.0.0.1', port }, 1000, runOpts);
    assert.deepEqual(r, { ok: false, detail: `127.0.0.1:${port}: connection refused` });
  });

  it('times out when the handshake never completes', async (t) => {
    // A listener whose process never accepts, with a backlog of 1: once the kernel's
    // queue is full, further connection attempts get no answer at all.
    const child = spawn(
      node,
      ['-e', "const s=require('net').createServer().listen({port:0,host:'127.0.0.1',backlog:1},()=>{console.log(s.address().port);Atomics.wait(new Int32Array(new SharedArrayBuffer(4)),0,0)})"],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    t.after(() => child.kill('SIGKILL'));
    const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d) => resolve(Number(String(d).trim()))));
    const fillers: net.Socket[] = [];
    t.after(() => fillers.forEach((s) => s.destroy()));
    for (let i = 0; i < 20; i++) {
      const s = net.connect({ port, host: '127.0.0.1' });
      fillers.push(s);
      const connected = await new Promise<boolean>((resolve) => {
        s.once('connect', () => resolve(true));
        s.once('error', () => resolve(false));
        setTimeout(() => resolve(false), 300);
      });
      if (!connected) break;
    }
    const started = Date.now();
    const r = await runProbe({ kind: 'tcp', host: '127.0.0.1', port }, 200, runOpts);
    assert.deepEqual(r, { ok: false, detail: 'timed out after 200ms' });
    assert.ok(Date.now() - started >= 190, 'the timeout is honoured');
  });
});

describe('runProbe: http', () => {
  let server: http.Server;
  let base: string;
  const held: http.ServerResponse[] = [];
  before(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/ok') return void res.end('fine');
      if (req.url === '/down') return void res.writeHead(503).end('down');
      if (req.url === '/moved') return void res.writeHead(302, { Location: '/down' }).end();
      if (req.url === '/created') return void res.writeHead(201).end();
      held.push(res); // /hang: never answers
    });
    base = `http://127.0.0.1:${await listen(server)}`;
  });
  after(async () => {
    held.forEach((r) => r.destroy());
    server.closeAllConnections();
    await closeServer(server);
  });
  const get = (p: string, expect = 0, timeoutMs = 1000) => runProbe({ kind: 'http', url: base + p, expect }, timeoutMs, runOpts);

  it('is ok on 200 and on any 2xx/3xx by default, without following redirects', async () => {
    assert.deepEqual(await get('/ok'), { ok: true, detail: 'HTTP 200' });
    assert.deepEqual(await get('/created'), { ok: true, detail: 'HTTP 201' });
    assert.deepEqual(await get('/moved'), { ok: true, detail: 'HTTP 302' });
  });

  it('fails on 503', async () => {
    assert.deepEqual(await get('/down'), { ok: false, detail: 'HTTP 503' });
  });

  it('narrows to the expected status', async () => {
    assert.deepEqual(await get('/ok', 200), { ok: true, detail: 'HTTP 200' });
    assert.deepEqual(await get('/created', 200), { ok: false, detail: 'HTTP 201 (expected 200)' });
    assert.deepEqual(await get('/down', 503), { ok: true, detail: 'HTTP 503' });
  });

  it('times out when no answer comes', async () => {
    assert.deepEqual(await get('/hang', 0, 150), { ok: false, detail: 'timed out after 150ms' });
  });

  it('fails with "connection refused" when nothing listens', async () => {
    const port = await freePort();
    const r = await runProbe({ kind: 'http', url: `http://127.0.0.1:${port}/`, expect: 0 }, 1000, runOpts);
    assert.deepEqual(r, { ok: false, detail: 'connection refused' });
  });
});

describe('runProbe: command', () => {
  it('is ok on exit 0', async () => {
    assert.deepEqual(await runProbe({ kind: 'command', command: [node, '-e', 'process.exit(0)'] }, 5000, runOpts), { ok: true, detail: 'exit code 0' });
  });

  it('fails on exit 2, with the last line it printed', async () => {
    const r = await runProbe({ kind: 'command', command: [node, '-e', 'console.error("db unreachable"); process.exit(2)'] }, 5000, runOpts);
    assert.deepEqual(r, { ok: false, detail: 'exit code 2: db unreachable' });
  });

  it('runs in the given cwd with the given env', async () => {
    const script = 'process.exit(process.cwd() === process.env.WANT && process.env.PROBE_X === "1" ? 0 : 3)';
    const r = await runProbe({ kind: 'command', command: [node, '-e', script] }, 5000, { cwd: dir, env: { WANT: dir, PROBE_X: '1' } });
    assert.deepEqual(r, { ok: true, detail: 'exit code 0' });
  });

  it('is killed past the timeout, with what it started', async () => {
    const pidFile = path.join(dir, 'grandchild.pid');
    // The check starts a grandchild that would outlive it, then hangs. A shell starts in a
    // millisecond, so even a loaded machine writes the pid file long before the timeout.
    const script = `sleep 1000 & echo $! > '${pidFile}'; wait`;
    const r = await runProbe({ kind: 'command', command: ['/bin/sh', '-c', script] }, 1500, runOpts);
    assert.deepEqual(r, { ok: false, detail: 'timed out after 1.5s' });
    await waitFor('the grandchild pid file', () => existsSync(pidFile), 5000);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await waitFor('the grandchild to be killed', () => !alive(pid), 5000);
  });

  it('says so when the program does not exist', async () => {
    const r = await runProbe({ kind: 'command', command: [path.join(dir, 'no-such-check')] }, 1000, runOpts);
    assert.equal(r.ok, false);
    assert.match(r.detail, /cannot run .*no-such-check: not found/);
  });
});

/** Running, not a zombie (an orphan's zombie may wait long for a container's init to reap it). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------

interface Seen {
  at: number;
  probe: number;
  ok: boolean;
  consecutive: number;
}

/** A runner over fake checks whose results follow `script` (per probe; the last repeats). */
function scripted(probes: ProbeConfig[], scripts: boolean[][]) {
  const results: Seen[] = [];
  const failures: Seen[] = [];
  const calls = probes.map(() => 0);
  let t0 = Date.now();
  const runner = new ProbeRunner(probes, {
    ...runOpts,
    runProbe: async (spec: ProbeSpec): Promise<ProbeResult> => {
      const i = probes.findIndex((p) => p.spec === spec);
      const s = scripts[i]!;
      const ok = s[Math.min(calls[i]!++, s.length - 1)]!;
      return { ok, detail: ok ? 'fine' : 'bad' };
    },
    onResult: (probe, r, consecutive) => results.push({ at: Date.now() - t0, probe: probes.indexOf(probe), ok: r.ok, consecutive }),
    onFailure: (probe, r, consecutive) => failures.push({ at: Date.now() - t0, probe: probes.indexOf(probe), ok: r.ok, consecutive }),
  });
  return {
    runner,
    results,
    failures,
    calls,
    start(startedAt?: number) {
      t0 = Date.now();
      runner.start(startedAt);
    },
  };
}

/** Real timers that keep count of the ones pending. */
function countingTimers(): Timers & { pending: Set<unknown> } {
  const pending = new Set<unknown>();
  return {
    pending,
    now: () => Date.now(),
    setTimeout(fn, ms) {
      const h = setTimeout(() => {
        pending.delete(h);
        fn();
      }, ms);
      pending.add(h);
      return h;
    },
    clearTimeout(h) {
      pending.delete(h);
      clearTimeout(h as NodeJS.Timeout);
    },
  };
}

const probe = (over: Partial<ProbeConfig> = {}): ProbeConfig => ({
  spec: { kind: 'tcp', host: '127.0.0.1', port: 1 },
  onUnhealthy: 'restart',
  actions: [],
  everyMs: 50,
  timeoutMs: 1000,
  failures: 3,
  initialDelayMs: 0,
  ...over,
});

describe('ProbeRunner', () => {
  it('fires after `failures` consecutive misses, then again only after as many more', async () => {
    const s = scripted([probe({ failures: 3 })], [[false]]);
    s.start();
    await waitFor('two failure reports', () => s.failures.length >= 2, 5000);
    s.runner.stop();
    assert.deepEqual(
      s.failures.map((f) => f.consecutive),
      [3, 3],
    );
    const third = s.results.findIndex((r) => r.consecutive === 3);
    assert.equal(third, 2, 'the first report comes with the third check');
    const sixth = s.results.findIndex((r, i) => i > third && r.consecutive === 3);
    assert.equal(sixth, 5, 'the second report comes three checks later');
    assert.deepEqual(
      s.results.slice(0, 6).map((r) => r.consecutive),
      [1, 2, 3, 1, 2, 3],
    );
  });

  it('a success resets the count', async () => {
    // miss, miss, ok, miss, miss, ok ...: never three in a row.
    const s = scripted([probe({ failures: 3 })], [[false, false, true, false, false, true, false, false, true, false, false, true]]);
    s.start();
    await waitFor('ten checks', () => s.results.length >= 10, 5000);
    s.runner.stop();
    assert.equal(s.failures.length, 0);
    assert.deepEqual(
      s.results.slice(0, 6).map((r) => r.consecutive),
      [1, 2, 0, 1, 2, 0],
    );
  });

  it('waits initialDelay from start, then checks every `every`', async () => {
    const s = scripted([probe({ initialDelayMs: 200, everyMs: 100, failures: 1 })], [[true]]);
    s.start();
    await waitFor('three checks', () => s.results.length >= 3, 5000);
    s.runner.stop();
    const [a, b, c] = s.results.map((r) => r.at);
    assert.ok(a! >= 195, `first check after the initial delay (at ${a} ms)`);
    assert.ok(b! - a! >= 95 && c! - b! >= 95, `checks ${b! - a!} and ${c! - b!} ms apart, at least every`);
  });

  it('counts initialDelay from the process start passed to start()', async () => {
    const s = scripted([probe({ initialDelayMs: 1000, everyMs: 5000, failures: 1 })], [[true]]);
    s.start(Date.now() - 900); // the process started 900 ms ago: 100 ms left
    await waitFor('the first check', () => s.results.length >= 1, 5000);
    s.runner.stop();
    assert.ok(s.results[0]!.at < 700, `first check at ${s.results[0]!.at} ms, not a full second`);
  });

  it('keeps separate counts and schedules per probe', async () => {
    const s = scripted([probe({ failures: 2, everyMs: 50 }), probe({ failures: 2, everyMs: 50 })], [[false], [true]]);
    s.start();
    await waitFor('a failure report', () => s.failures.length >= 1, 5000);
    await waitFor('the healthy probe to be checked too', () => s.results.filter((r) => r.probe === 1).length >= 2, 5000);
    s.runner.stop();
    assert.ok(s.failures.every((f) => f.probe === 0));
  });

  it('stop() cancels everything: no further checks, and a late result is ignored', async () => {
    let release!: (r: ProbeResult) => void;
    let checks = 0;
    const failures: unknown[] = [];
    const results: unknown[] = [];
    const timers = countingTimers();
    const runner = new ProbeRunner([probe({ failures: 1 })], {
      ...runOpts,
      timers,
      runProbe: () => {
        checks++;
        return new Promise<ProbeResult>((r) => (release = r));
      },
      onResult: (p, r) => results.push(r),
      onFailure: (p, r) => failures.push(r),
    });
    runner.start();
    await waitFor('the first check to begin', () => checks === 1, 5000);
    runner.stop();
    release({ ok: false, detail: 'late' });
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(results, []);
    assert.deepEqual(failures, []);
    assert.equal(timers.pending.size, 0, 'no timer of the runner is left');
    assert.equal(checks, 1);
  });

  it('stop() before the initial delay leaves no timer and runs no check', async () => {
    const timers = countingTimers();
    let checks = 0;
    const runner = new ProbeRunner([probe({ initialDelayMs: 60_000 })], {
      ...runOpts,
      timers,
      runProbe: async () => {
        checks++;
        return { ok: true, detail: 'fine' };
      },
      onFailure: () => undefined,
    });
    runner.start();
    assert.equal(timers.pending.size, 1);
    runner.stop();
    assert.equal(timers.pending.size, 0);
    assert.equal(checks, 0);
  });

  it('a throwing callback does not end the schedule', async () => {
    let reports = 0;
    const runner = new ProbeRunner([probe({ failures: 1 })], {
      ...runOpts,
      runProbe: async () => ({ ok: false, detail: 'bad' }),
      onFailure: () => {
        reports++;
        throw new Error('handler bug');
      },
    });
    const warnings: unknown[] = [];
    const onWarning = (w: unknown) => warnings.push(w);
    process.on('warning', onWarning);
    runner.start();
    try {
      await waitFor('three reports', () => reports >= 3, 5000);
      await waitFor('the warnings', () => warnings.length >= 1, 5000);
      assert.match(String(warnings[0]), /handler bug/);
    } finally {
      runner.stop();
      process.off('warning', onWarning);
    }
  });

  it('runs real checks: a tcp probe against a server that goes away', async () => {
    const server = net.createServer((s) => s.destroy());
    const port = await listen(server);
    const failures: ProbeResult[] = [];
    const results: ProbeResult[] = [];
    const runner = new ProbeRunner([probe({ spec: { kind: 'tcp', host: '127.0.0.1', port }, everyMs: 50, timeoutMs: 500, failures: 2 })], {
      ...runOpts,
      onResult: (p, r) => results.push(r),
      onFailure: (p, r) => failures.push(r),
    });
    runner.start();
    try {
      await waitFor('a healthy check', () => results.some((r) => r.ok), 5000);
      assert.equal(failures.length, 0);
      await closeServer(server);
      await waitFor('the failure report', () => failures.length >= 1, 5000);
      assert.deepEqual(failures[0], { ok: false, detail: `127.0.0.1:${port}: connection refused` });
    } finally {
      runner.stop();
    }
  });
});

