// The web console's server (src/console/) over real HTTP on 127.0.0.1, with a
// real monitor and real targets: the one-time login and the checks that keep
// other sites out, status equal to `psv status --json`, operating a target
// (recorded as OperatorCommand via console), the psv check lines for text in
// memory, apply (save + reload), and the live stream showing a kill from outside.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isAlive, monitorFixtures, monitorSection, MonitorProcess, psv, psvAsync, psvCommand, waitFor, waitForAsync, writeConfig, type PsvEvent } from './helpers.js';
import { http, httpBytes, SseReader } from './console-http.js';

const fx = monitorFixtures();

/** A placeholder page: the real one is the UI's bundle (dist/console), not this suite's subject. */
function placeholderAssets(): string {
  const dir = join(fx.dir('psv-console-assets-'), 'console');
  mkdirSync(dir);
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>psv console placeholder</title>');
  writeFileSync(join(dir, 'app.js'), 'console.log("placeholder")');
  return dir;
}

interface ConsoleProc {
  child: ChildProcess;
  url: string;
  base: string;
  token: string;
  stderr(): string;
}

const consoles: ChildProcess[] = [];
after(() => {
  for (const c of consoles) if (c.exitCode === null) c.kill('SIGTERM');
});

async function startConsole(config: string, env: NodeJS.ProcessEnv = {}): Promise<ConsoleProc> {
  const [file, ...pre] = psvCommand();
  const child = spawn(file!, [...pre, 'console', '-c', config, '--no-open', '--listen', '127.0.0.1:0'], {
    env: { ...process.env, PSV_LANG: 'en', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  consoles.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await waitFor(`the console's URL (stderr: ${err})`, () => /^console: (http:\/\/\S+)$/m.exec(out)?.[1], 30_000);
  const base = url.slice(0, url.indexOf('/login#'));
  return { child, url, base, token: url.slice(url.indexOf('#') + 1), stderr: () => err };
}

interface Session {
  base: string;
  cookie: string;
  csrf: string;
}

async function login(base: string, token: string): Promise<Session> {
  const r = await http(base, 'POST', '/api/login', { body: { token } });
  assert.equal(r.status, 204, r.text);
  const setCookie = String(r.headers['set-cookie']);
  const cookie = setCookie.split(';')[0]!;
  const s = await http(base, 'GET', '/api/session', { headers: { Cookie: cookie } });
  assert.equal(s.status, 200, s.text);
  return { base, cookie, csrf: s.json().csrf };
}

function post(s: Session, path: string, body: unknown = {}) {
  return http(s.base, 'POST', path, { headers: { Cookie: s.cookie, 'X-Psv-Csrf': s.csrf }, body });
}

function get(s: Session, path: string) {
  return http(s.base, 'GET', path, { headers: { Cookie: s.cookie } });
}

/** A status without what changes every moment. */
function steady(status: unknown): unknown {
  return JSON.parse(JSON.stringify(status, (k, v: unknown) => (k === 'uptimeMs' ? undefined : v)));
}

function statusJson(config: string): any {
  const r = psv(['status', '-c', config, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('psv console: the server over HTTP, with a running monitor', () => {
  let config = '';
  let m: ReturnType<typeof fx.monitor>['m'];
  let con: ConsoleProc;
  let s: Session;

  before(async () => {
    const started = fx.monitor(
      'psv-console-',
      `targets:\n  - name: a\n    command: ${fx.sleeper()}\n    restart: { delay: 1s }\n  - name: b\n    command: ${fx.sleeper()}\n`,
    );
    config = started.config;
    m = started.m;
    await m.waitEvents('targets started', (e) => e.event === 'TargetStarted', 2, 30_000);
    con = await startConsole(config, { PSV_CONSOLE_ASSETS: placeholderAssets() });
  });

  it('serves the page to anyone, with headers that keep it from being framed or mixed with other sites', async () => {
    const r = await http(con.base, 'GET', '/login');
    assert.equal(r.status, 200);
    assert.match(r.text, /psv console placeholder/);
    assert.match(String(r.headers['content-security-policy']), /default-src 'self'/);
    assert.equal(r.headers['x-frame-options'], 'DENY');
    assert.equal((await http(con.base, 'GET', '/app.js')).text, 'console.log("placeholder")');
  });

  it('refuses the API without a session, a login without or with a wrong token, from another origin or under another Host', async () => {
    assert.equal((await http(con.base, 'GET', '/api/status')).status, 401);
    assert.equal((await http(con.base, 'POST', '/api/login', { body: {} })).status, 401);
    const wrong = await http(con.base, 'POST', '/api/login', { body: { token: con.token.slice(0, -2) + 'xx' } });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.json().error.code, 'ACCESS_DENIED');
    // The right token from a page of another site, or through a DNS name that is not the console's: refused, and not used up.
    const cross = await http(con.base, 'POST', '/api/login', { headers: { Origin: 'http://evil.example' }, body: { token: con.token } });
    assert.equal(cross.status, 403);
    const site = await http(con.base, 'POST', '/api/login', { headers: { 'Sec-Fetch-Site': 'cross-site' }, body: { token: con.token } });
    assert.equal(site.status, 403);
    const port = new URL(con.base).port;
    const rebound = await http(con.base, 'POST', '/api/login', { headers: { Host: `evil.example:${port}` }, body: { token: con.token } });
    assert.equal(rebound.status, 403);
    assert.equal((await http(con.base, 'GET', '/login', { headers: { Host: `evil.example:${port}` } })).status, 403);
  });

  it('a login with the token gets an HttpOnly SameSite=Strict session cookie; the token works once only', async () => {
    const r = await http(con.base, 'POST', '/api/login', { headers: { Origin: con.base }, body: { token: con.token } });
    assert.equal(r.status, 204, r.text);
    const cookie = String(r.headers['set-cookie']);
    assert.match(cookie, /^psv_session_\d+=[\w-]{40,}; HttpOnly; SameSite=Strict; Path=\/$/);
    s = { base: con.base, cookie: cookie.split(';')[0]!, csrf: '' };
    const session = (await get(s, '/api/session')).json();
    s.csrf = session.csrf;
    assert.equal(session.configPath, config);
    assert.equal(session.monitor.running, true);
    assert.equal(session.monitor.pid, m.child.pid);
    assert.equal((await http(con.base, 'POST', '/api/login', { body: { token: con.token } })).status, 401);
  });

  it('GET /api/status is what psv status --json prints', async () => {
    const fromApi = (await get(s, '/api/status')).json();
    assert.deepEqual(steady(fromApi), steady(statusJson(config)));
    assert.equal(fromApi.targets.length, 2);
  });

  it('a change without the CSRF header, or from another origin, is refused and changes nothing', async () => {
    const bare = await http(s.base, 'POST', '/api/targets/a/pause', { headers: { Cookie: s.cookie }, body: {} });
    assert.equal(bare.status, 403);
    const cross = await http(s.base, 'POST', '/api/targets/a/pause', { headers: { Cookie: s.cookie, 'X-Psv-Csrf': s.csrf, Origin: 'http://evil.example' }, body: {} });
    assert.equal(cross.status, 403);
    assert.equal(statusJson(config).targets.find((t: any) => t.name === 'a').paused, false);
  });

  it('pause through the API: psv status agrees, and OperatorCommand is written with channel console', async () => {
    const r = await post(s, '/api/targets/a/pause');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), { ok: true, result: { targets: ['a'] } });
    assert.equal(statusJson(config).targets.find((t: any) => t.name === 'a').paused, true);
    const [op] = await m.waitEvents('OperatorCommand pause', (e) => e.event === 'OperatorCommand' && e.verb === 'pause');
    assert.equal(op!.channel, 'console');
    assert.equal(op!.target, 'a');
    assert.match(op!.message, / via console$/);
    assert.equal((await post(s, '/api/targets/a/resume')).status, 200);
    assert.equal(statusJson(config).targets.find((t: any) => t.name === 'a').paused, false);
    assert.equal((await post(s, '/api/targets/nosuch/pause')).json().error.code, 'UNKNOWN_TARGET');
  });

  it('POST /api/check answers with the exact lines psv check prints for a broken config', async () => {
    const broken = join(fx.dir('psv-console-broken-'), 'broken.yaml');
    const text = 'targets:\n  - name: x\n    comand: [sleep, "1"]\n    restart:\n      retries: many\n';
    writeFileSync(broken, text);
    const cli = psv(['check', '-c', broken]);
    assert.equal(cli.code, 2);
    const lines = cli.stderr.trim().split('\n').slice(0, -1);
    assert.ok(lines.length >= 2, cli.stderr);
    const r = await post(s, '/api/check', { text, path: broken });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json().problems.map((p: any) => p.text), lines);
    const first = r.json().problems[0];
    assert.equal(`${broken}:${first.line}:${first.col}: ${first.message}`, lines[0]);
    // Valid text: nothing to say.
    const good = await post(s, '/api/check', { text: readFileSync(config, 'utf8') });
    assert.deepEqual(good.json(), { problems: [] });
  });

  it('apply refuses a broken config (422, the problems, the file unchanged) and applies a good one: the added target runs', async () => {
    const before = readFileSync(config, 'utf8');
    const bad = await post(s, '/api/apply', { text: before + '  - name: c\n    comand: [x]\n' });
    assert.equal(bad.status, 422);
    assert.equal(bad.json().error.code, 'CONFIG_REJECTED');
    assert.ok(bad.json().error.problems.some((p: any) => /^\S+psv\.yaml:\d+:\d+: unknown key 'comand'/.test(p.text)), bad.text);
    assert.equal(readFileSync(config, 'utf8'), before);

    const text = before + `  - name: c\n    command: ${fx.sleeper()}\n`;
    const diff = (await post(s, '/api/diff', { text })).json().diff as string;
    assert.match(diff, /^\+  - name: c$/m);
    const r = await post(s, '/api/apply', { text });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json().result.added, ['c']);
    assert.equal(readFileSync(config, 'utf8'), text);
    const c = await waitFor('c running in psv status', () => {
      const t = statusJson(config).targets.find((x: any) => x.name === 'c');
      return t?.state === 'Running' && t.pid ? t : undefined;
    });
    assert.ok(isAlive(c.pid));
    const ops = m.events().filter((e) => e.event === 'OperatorCommand' && e.channel === 'console').map((e) => e.verb);
    assert.ok(ops.includes('save') && ops.includes('reload'), ops.join(','));
  });

  it('the stream pushes the status when a target is killed from outside: Down, then Running with a new pid, without being asked', async () => {
    const sse = new SseReader(s.base, '/api/stream', { Cookie: s.cookie });
    await sse.opened;
    assert.equal(sse.status, 200);
    const first = await waitFor('the first status', () => sse.messages.find((x) => x.event === 'status'));
    const a0 = first.data.targets.find((t: any) => t.name === 'a');
    assert.equal(a0.state, 'Running');
    const seen = sse.messages.length;
    process.kill(a0.pid, 'SIGKILL');
    const down = await waitFor('a status with a down', () =>
      sse.messages.slice(seen).find((x) => x.event === 'status' && x.data.targets.find((t: any) => t.name === 'a').state !== 'Running'),
    );
    const up = await waitFor('a status with a running again', () =>
      sse.messages.find((x) => x.at >= down.at && x.event === 'status' && x.data.targets.find((t: any) => t.name === 'a').state === 'Running'),
    );
    const a1 = up.data.targets.find((t: any) => t.name === 'a');
    assert.notEqual(a1.pid, a0.pid);
    assert.equal(a1.pid, statusJson(config).targets.find((t: any) => t.name === 'a').pid);
    const events = sse.messages.filter((x) => x.event === 'event').map((x) => x.data as PsvEvent);
    assert.ok(events.some((e) => e.event === 'TargetDown' && e.target === 'a'), JSON.stringify(events.map((e) => e.event)));
    sse.close();
  });

  it('history lists the restarts and incidents of a target; an incident downloads as a zip', async () => {
    const h = await waitForAsync('an incident of a', async () => {
      const r = (await get(s, '/api/targets/a/history')).json();
      return r.incidents.length > 0 ? r : undefined;
    }, 30_000);
    assert.ok(h.restarts.some((e: any) => e.event === 'TargetDown'));
    const zip = await httpBytes(s.base, `/api/incidents/${encodeURIComponent(h.incidents[0].id)}/export`, { Cookie: s.cookie });
    assert.equal(zip.status, 200);
    assert.equal(zip.headers['content-type'], 'application/zip');
    assert.equal(zip.bytes.subarray(0, 2).toString(), 'PK');
    const events = (await get(s, '/api/events?limit=5&target=a')).json().events;
    assert.ok(events.length > 0 && events.length <= 5 && events.every((e: any) => e.target === 'a'));
  });

  it('schema, examples and the dependency graph', async () => {
    assert.equal((await get(s, '/api/schema')).json().properties.monitor.properties.console.title, 'Web console');
    // From the sources, the examples folder of the checkout; the executable alone (out/psv) has none beside it.
    if (!process.env.PSV_EXE) assert.ok((await get(s, '/api/examples')).json().examples.some((e: any) => e.name === 'demo.yaml'));
    const text = `targets:\n  - name: db\n    command: [sleep, "1"]\n  - name: web\n    command: [sleep, "1"]\n    dependsOn: [db]\ngroups:\n  - name: front\n    members: [web]\n`;
    const g = (await post(s, '/api/graph', { text })).json();
    assert.deepEqual(g.nodes.map((n: any) => n.id).sort(), ['group:front', 'target:db', 'target:web']);
    assert.deepEqual(g.edges, [
      { from: 'target:web', to: 'target:db', kind: 'after' },
      { from: 'group:front', to: 'target:web', kind: 'member' },
    ]);
  });
});

describe('monitor.console: the monitor serves the console itself', () => {
  it('writes a private console.url and ConsoleStarted; a login works, operations are recorded via console, and a fresh URL replaces the used one', async () => {
    const dir = fx.dir('psv-console-own-');
    const { config, events } = writeConfig(dir, `${monitorSection(dir, '  console: { listen: "127.0.0.1:0" }\n')}targets:\n  - name: a\n    command: ${fx.sleeper()}\n`);
    const own = new MonitorProcess(config, events);
    after(() => own.stop());
    const [started] = await own.waitEvents('ConsoleStarted', (e) => e.event === 'ConsoleStarted', 1, 30_000);
    const file = join(dir, 'state', 'console.url');
    assert.equal(started!.file, file);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const url = readFileSync(file, 'utf8').trim();
    const base = url.slice(0, url.indexOf('/login#'));
    const sess = await login(base, url.slice(url.indexOf('#') + 1));
    const fresh = readFileSync(file, 'utf8').trim();
    assert.notEqual(fresh, url);
    assert.deepEqual(steady((await get(sess, '/api/status')).json()), steady(statusJson(config)));
    assert.equal((await post(sess, '/api/targets/a/pause')).status, 200);
    const [op] = await own.waitEvents('OperatorCommand', (e) => e.event === 'OperatorCommand' && e.verb === 'pause');
    assert.equal(op!.channel, 'console');
    await login(base, fresh.slice(fresh.indexOf('#') + 1));
    assert.equal((await psvAsync(['status', '-c', config, '--json'])).code, 0);
  });
});

describe('psv console without a running monitor', () => {
  it('is an editor still: the session says not running, status is 503 NO_MONITOR, the stream says offline, check works', async () => {
    const dir = fx.dir('psv-console-none-');
    const { config } = writeConfig(dir, `${monitorSection(dir)}targets:\n  - name: a\n    command: [sleep, "5"]\n`);
    const con = await startConsole(config);
    const sess = await login(con.base, con.token);
    assert.deepEqual((await get(sess, '/api/session')).json().monitor, { running: false });
    const status = await get(sess, '/api/status');
    assert.equal(status.status, 503);
    assert.equal(status.json().error.code, 'NO_MONITOR');
    const sse = new SseReader(sess.base, '/api/stream', { Cookie: sess.cookie });
    await sse.opened;
    const first = await waitFor('the first stream message', () => sse.messages[0]);
    assert.equal(first.event, 'offline');
    assert.equal(first.data.running, false);
    sse.close();
    assert.deepEqual((await post(sess, '/api/check', { text: readFileSync(config, 'utf8') })).json(), { problems: [] });
    // The timeline reads the event file, as psv events does without a monitor.
    writeFileSync(join(dir, 'events.jsonl'), JSON.stringify({ time: new Date().toISOString(), id: 110, event: 'TargetStarted', level: 'Information', target: 'a', message: 'x' }) + '\n');
    assert.deepEqual((await get(sess, '/api/events?target=a')).json().events.map((e: any) => e.event), ['TargetStarted']);
    const applied = await post(sess, '/api/apply', { text: readFileSync(config, 'utf8') });
    assert.equal(applied.status, 503);
  });
});
