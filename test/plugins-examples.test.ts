// The plug-ins shipped in examples/plugins/, run for real: the Python and
// PowerShell checks against their contract, the JavaScript check in a monitor,
// the webhook action against a local HTTP server on loopback, and the
// diagnostics action writing into the incident before the restart.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, chmodSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cleanup, monitorSection, MonitorProcess, ROOT, taggedSleep, tempDir, writeConfig, type PsvEvent } from './helpers.js';

const EXAMPLES = join(ROOT, 'examples', 'plugins');
const dirs: string[] = [];
const monitors: MonitorProcess[] = [];
const servers: Server[] = [];
after(async () => {
  for (const m of monitors) await m.stop();
  for (const s of servers) s.close();
  for (const d of dirs) cleanup(d);
});

const of = (name: string, event: string) => (e: PsvEvent) => e.target === name && e.event === event;
const T = 90_000;

/** A loopback HTTP server: GET answers `body`, POST bodies are kept. */
async function server(body: unknown): Promise<{ url: string; posted: unknown[] }> {
  const posted: unknown[] = [];
  const s = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => {
      if (req.method === 'POST') posted.push(JSON.parse(text));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/health`, posted };
}

function setup(): string {
  const dir = tempDir();
  chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
}

const context = (dir: string) => JSON.stringify({ target: 'app', pid: process.pid, instance: 0, group: null, kind: 'command', stateDir: dir, config: join(dir, 'psv.yaml'), incidentDir: null, event: null });

describe('examples/plugins', { concurrency: 2 }, () => {
  it('disk_free.py: healthy with room, unhealthy (exit 1, JSON) without', () => {
    const dir = setup();
    const ok = spawnSync(join(EXAMPLES, 'disk_free.py'), ['0'], { input: context(dir), encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).status, 'healthy');
    const bad = spawnSync(join(EXAMPLES, 'disk_free.py'), ['999999999'], { input: context(dir), encoding: 'utf8' });
    assert.equal(bad.status, 1, bad.stderr);
    const said = JSON.parse(bad.stdout) as { status: string; message: string; details: { target: string } };
    assert.equal(said.status, 'unhealthy');
    assert.equal(said.details.target, 'app');
  });

  it('ServiceHealth.ps1: a queue over the limit is unhealthy (exit 1, JSON)', async (t) => {
    const pwsh = [join(process.env.HOME ?? '/root', '.dotnet', 'tools', 'pwsh'), '/usr/bin/pwsh'].find((p) => existsSync(p));
    if (!pwsh) return t.skip('pwsh is not installed (scripts/setup-pwsh.sh)');
    const { url } = await server({ queue: 512 });
    const dir = setup();
    const r = await new Promise<{ status: number | null; stdout: string }>((resolve) => {
      // Asynchronous: the HTTP server answers on this event loop.
      import('node:child_process').then(({ spawn }) => {
        const c = spawn(pwsh, ['-NoProfile', '-File', join(EXAMPLES, 'ServiceHealth.ps1'), url, '100'], { stdio: ['pipe', 'pipe', 'inherit'] });
        let stdout = '';
        c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        c.stdin.end(context(dir));
        c.on('close', (status) => resolve({ status, stdout }));
      });
    });
    assert.equal(r.status, 1, r.stdout);
    const said = JSON.parse(r.stdout.trim()) as { status: string; message: string; details: { queue: number } };
    assert.equal(said.status, 'unhealthy');
    assert.match(said.message, /queue length 512 over 100/);
    assert.equal(said.details.queue, 512);
  });

  it('js/health.mjs in a monitor: the JavaScript check reports the queue, details in the event', async () => {
    const dir = setup();
    const plugins = join(dir, 'plugins');
    mkdirSync(plugins, { mode: 0o755 });
    copyFileSync(join(EXAMPLES, 'js', 'health.mjs'), join(plugins, 'health.mjs'));
    const { url } = await server({ queue: 512 });
    const { config, events } = writeConfig(
      dir,
      `${monitorSection(dir, `  plugins: { dir: ${plugins} }\n`)}targets:\n  - name: app\n    command: ${JSON.stringify(taggedSleep().command)}\n    env: { HEALTH_URL: "${url}" }\n    probes:\n      - plugin: health.http\n        every: 300ms\n        timeout: 30s\n        failures: 1\n        onUnhealthy: warn\n`,
    );
    const m = new MonitorProcess(config, events);
    monitors.push(m);
    const [bad] = await m.waitEvents('unhealthy', of('app', 'CheckUnhealthy'), 1, T);
    assert.match(bad!.message, /check health\.http unhealthy: queue length 512 over 100/);
    assert.equal((bad!.details as { queue: number }).queue, 512);
  });

  it('webhook.py on RetryOver posts the event as JSON to a loopback server; collect-diagnostics.sh lands in the incident', async () => {
    const dir = setup();
    const hook = await server({ ok: true });
    const { config, events } = writeConfig(
      dir,
      `${monitorSection(dir)}targets:\n  - name: crashy\n    command: ["sh", "-c", "sleep 0.2; exit 3"]\n    restart: { retries: 1 }\n    on:\n      RetryOver:\n        - run: ${JSON.stringify([join(EXAMPLES, 'webhook.py'), hook.url])}\n          timeout: 20s\n      TargetDown:\n        - run: ${JSON.stringify([join(EXAMPLES, 'collect-diagnostics.sh')])}\n          wait: true\n          timeout: 20s\n`,
    );
    const m = new MonitorProcess(config, events);
    monitors.push(m);
    await m.waitEvents('webhook done', (e) => e.event === 'PluginActionDone' && e.trigger === 'RetryOver', 1, T);
    const message = hook.posted[0] as { text: string; target: string; event: { name: string; fields: { action: string } } };
    assert.equal(message.target, 'crashy');
    assert.equal(message.event.name, 'RetryOver');
    assert.equal(message.event.fields.action, 'stop');
    assert.match(message.text, /\[psv\] RetryOver: /);
    const incidents = join(dir, 'state', 'incidents');
    const withDiagnostics = readdirSync(incidents).filter((f) => existsSync(join(incidents, f, 'diagnostics-crashy.txt')));
    assert.ok(withDiagnostics.length >= 1, 'diagnostics in an incident folder');
    assert.match(readFileSync(join(incidents, withDiagnostics[0]!, 'diagnostics-crashy.txt'), 'utf8'), /target: crashy pid: \d+ event: TargetDown/);
  });
});
