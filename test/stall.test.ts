// Stall monitoring end to end: processes that stay alive but stop answering.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cleanup, isAlive, monitorSection, MonitorProcess, tempDir, writeConfig, writeFile, type PsvEvent } from './helpers.js';

const dirs: string[] = [];
const monitors: MonitorProcess[] = [];
after(async () => {
  for (const m of monitors) await m.stop();
  for (const d of dirs) cleanup(d);
});

const of = (name: string, event: string) => (e: PsvEvent) => e.target === name && e.event === event;

/** A node program that sends WATCHDOG=1 to PSV_NOTIFY every 100 ms for `beats` beats, then hangs. */
function beatingScript(dir: string, beats: number): string {
  return writeFile(
    join(dir, 'beats.js'),
    `const net = require('net');
let n = 0;
const s = net.connect(process.env.PSV_NOTIFY, () => {
  s.write('READY=1\\n');
  const t = setInterval(() => { s.write('WATCHDOG=1\\n'); if (++n >= ${beats}) clearInterval(t); }, 100);
});
setInterval(() => {}, 1 << 30);
`,
  );
}

function incidents(dir: string): Array<{ folder: string; summary: Record<string, unknown> }> {
  const root = join(dir, 'state', 'incidents');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((f) => existsSync(join(root, f, 'summary.json')))
    .map((f) => ({ folder: join(root, f), summary: JSON.parse(readFileSync(join(root, f, 'summary.json'), 'utf8')) as Record<string, unknown> }));
}

describe('heartbeats', () => {
  it('a target that stops sending WATCHDOG=1 on PSV_NOTIFY is detected within heartbeat + 1 s, and restarted', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const script = beatingScript(dir, 5);
    const { config, events } = writeConfig(dir, `${monitorSection(dir)}targets:\n  - name: beater\n    command: ["node", "${script}"]\n    stall: { heartbeat: 600ms }\n`);
    const m = new MonitorProcess(config, events);
    monitors.push(m);
    const [up] = await m.waitEvents('up', of('beater', 'TargetUp'));
    const [stall] = await m.waitEvents('stall', of('beater', 'StallDetected'));
    assert.equal(stall!.pid, up!.pid);
    assert.match(stall!.message, /no heartbeat for/);
    // 5 beats at 100 ms, then at most heartbeat + 1 s.
    const late = Date.parse(stall!.time) - Date.parse(up!.time);
    assert.ok(late < 500 + 600 + 1000, `detected ${late} ms after start`);
    // The capture before the kill (gdb) can take long on a busy machine: a generous deadline.
    const ups = await m.waitEvents('restarted', of('beater', 'TargetUp'), 2, 90_000);
    assert.notEqual(ups[1]!.pid, up!.pid);
    assert.ok(!isAlive(up!.pid!), 'the hung process was killed');
    const down = m.events().find(of('beater', 'TargetDown'))!;
    assert.match(down.message, /stalled: no heartbeat/);
  });

  it('systemd-style NOTIFY_SOCKET works unchanged (systemd-notify)', async (t) => {
    if (!existsSync('/usr/bin/systemd-notify') && !existsSync('/bin/systemd-notify')) return t.skip('systemd-notify is not installed (scripts/setup-test-env.sh installs it)');
    const dir = tempDir();
    dirs.push(dir);
    const { config, events } = writeConfig(
      dir,
      `${monitorSection(dir)}targets:\n  - name: sd\n    command: ["/bin/sh", "-c", "for i in 1 2 3 4; do systemd-notify WATCHDOG=1; sleep 0.1; done; exec sleep 1000"]\n    stall: { heartbeat: 800ms }\n`,
    );
    const m = new MonitorProcess(config, events);
    monitors.push(m);
    const [up] = await m.waitEvents('up', of('sd', 'TargetUp'));
    const [stall] = await m.waitEvents('stall', of('sd', 'StallDetected'));
    const late = Date.parse(stall!.time) - Date.parse(up!.time);
    assert.ok(late >= 800, `not before the heartbeats stopped (${late} ms)`);
    await m.waitEvents('restarted', of('sd', 'TargetUp'), 2);
  });

  it('file mode: a heartbeat file whose modification time stops advancing', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const alive = join(dir, 'alive');
    const { config, events } = writeConfig(
      dir,
      `${monitorSection(dir)}targets:\n  - name: toucher\n    command: ["/bin/sh", "-c", "for i in 1 2 3 4 5; do touch ${alive}; sleep 0.1; done; exec sleep 1000"]\n    stall: { heartbeat: 700ms, file: ${alive} }\n`,
    );
    const m = new MonitorProcess(config, events);
    monitors.push(m);
    const [stall] = await m.waitEvents('stall', of('toucher', 'StallDetected'));
    assert.match(stall!.message, /alive not modified for/);
    const late = Date.parse(stall!.time) - statSync(alive).mtimeMs;
    assert.ok(late < 700 + 1000, `detected ${late} ms after the last touch`);
    await m.waitEvents('restarted', of('toucher', 'TargetUp'), 2);
  });

  it('psv heartbeat NAME keeps a target alive from a script', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const { config, events } = writeConfig(dir, `${monitorSection(dir)}targets:\n  - name: quiet\n    command: ["sleep", "1000"]\n    stall: { heartbeat: 4s }\n`);
    const m = new MonitorProcess(config, events);
    monitors.push(m);
    await m.waitEvents('up', of('quiet', 'TargetUp'));
    const { psvAsync } = await import('./helpers.js');
    const started = Date.now();
    // Beats for longer than the heartbeat: a psv process can take a second to start on a busy machine.
    while (Date.now() - started < 5000) {
      const r = await psvAsync(['heartbeat', 'quiet', '-c', config]);
      assert.equal(r.code, 0, r.stderr);
    }
    assert.equal(m.events().filter(of('quiet', 'StallDetected')).length, 0, 'no stall while the script beats');
    await m.waitEvents('stall once the beats stop', of('quiet', 'StallDetected'));
  });
});

describe('probes', () => {
  it('an HTTP server that stops answering (but stays alive) is caught after `failures` misses', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const server = writeFile(
      join(dir, 'server.js'),
      `const http = require('http');
let n = 0;
http.createServer((req, res) => { if (++n <= 3) res.end('ok'); /* then hang: never answer */ }).listen(0, '127.0.0.1', function () {
  require('fs').writeFileSync(${JSON.stringify(join(dir, 'port'))}, String(this.address().port));
});
`,
    );
    const port = 41000 + (process.pid % 2000);
    writeFile(server, readFileSync(server, 'utf8').replace("listen(0,", `listen(${port},`));
    // initialDelay covers the server's start-up (Kubernetes' meaning): the misses counted are the hang's.
    const { config, events } = writeConfig(
      dir,
      `${monitorSection(dir)}targets:\n  - name: web\n    command: ["node", "${server}"]\n    probes:\n      - http: http://127.0.0.1:${port}/health\n        expect: 200\n        initialDelay: 3s\n        every: 150ms\n        timeout: 300ms\n        failures: 3\n`,
    );
    const m = new MonitorProcess(config, events);
    monitors.push(m);
    const [up] = await m.waitEvents('up', of('web', 'TargetUp'));
    const [stall] = await m.waitEvents('stall', of('web', 'StallDetected'));
    assert.equal(stall!.pid, up!.pid);
    assert.match(stall!.message, /http http:\/\/127\.0\.0\.1:\d+\/health failed 3 times in a row: timed out/);
    await m.waitEvents('restarted', of('web', 'TargetUp'), 2);
  });

  it('a TCP probe and a command probe', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const flag = join(dir, 'healthy');
    writeFile(flag, 'yes');
    // A port nobody listens on: the TCP probe fails from the start.
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const { config, events } = writeConfig(
      dir,
      `${monitorSection(dir)}targets:\n` +
        `  - name: tcp\n    command: ["sleep", "1000"]\n    probes: [{ tcp: ${closed}, every: 100ms, timeout: 200ms, failures: 2 }]\n    restart: { retries: 0 }\n` +
        `  - name: cmd\n    command: ["sleep", "1001"]\n    probes: [{ command: ["test", "-f", "${flag}"], every: 100ms, failures: 2, initialDelay: 200ms }]\n`,
    );
    const m = new MonitorProcess(config, events);
    monitors.push(m);
    const [tcpStall] = await m.waitEvents('tcp stall', of('tcp', 'StallDetected'));
    assert.match(tcpStall!.message, /tcp 127\.0\.0\.1:\d+ failed 2 times in a row: .*refused/);
    await m.waitEvents('cmd up', of('cmd', 'TargetUp'));
    assert.equal(m.events().filter(of('cmd', 'StallDetected')).length, 0);
    const { unlinkSync } = await import('node:fs');
    unlinkSync(flag);
    const [cmdStall] = await m.waitEvents('cmd stall', of('cmd', 'StallDetected'));
    assert.match(cmdStall!.message, /command test -f .* failed 2 times in a row: exit code 1/);
  });
});

describe('incidents', () => {
  it('the incident of an ordinary crash holds the tail of the output and the exit code', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const { config, events } = writeConfig(
      dir,
      `${monitorSection(dir)}targets:\n  - name: crash\n    command: ["/bin/sh", "-c", "echo boom-marker-out; echo boom-marker-err >&2; exit 3"]\n    restart: { retries: 0 }\n`,
    );
    const m = new MonitorProcess(config, events);
    monitors.push(m);
    const [rec] = await m.waitEvents('incident', of('crash', 'IncidentRecorded'));
    const found = incidents(dir);
    assert.equal(found.length, 1);
    const { folder, summary } = found[0]!;
    assert.equal(rec!.folder, folder);
    assert.equal(summary.exitCode, 3);
    assert.equal(summary.kind, 'exit');
    const out = readFileSync(join(folder, 'output.log'), 'utf8');
    assert.match(out, /boom-marker-out/);
    assert.match(out, /boom-marker-err/);
    assert.ok(existsSync(join(folder, 'events.jsonl')));
  });

  it('a hung process is captured before it is killed: thread stacks and a core file (gdb)', async (t) => {
    if (!existsSync('/usr/bin/gdb')) return t.skip('gdb is not installed (scripts/setup-test-env.sh installs it)');
    const dir = tempDir();
    dirs.push(dir);
    const { config, events } = writeConfig(dir, `${monitorSection(dir)}targets:\n  - name: hung\n    command: ["sleep", "1000"]\n    stall: { heartbeat: 300ms }\n    restart: { retries: 0 }\n`);
    const m = new MonitorProcess(config, events);
    monitors.push(m);
    const [rec] = await m.waitEvents('incident', of('hung', 'IncidentRecorded'), 1, 90_000);
    const folder = rec!.folder as string;
    const files = readdirSync(folder);
    const core = files.find((f) => f.startsWith('core'));
    assert.ok(core, `a core file in ${files.join(', ')}`);
    assert.ok(statSync(join(folder, core!)).size > 0);
    assert.match(readFileSync(join(folder, 'stacks.txt'), 'utf8'), /Thread|#0/);
    const summary = JSON.parse(readFileSync(join(folder, 'summary.json'), 'utf8')) as { kind: string };
    assert.equal(summary.kind, 'stall');
    // Captured first, then killed (the kill comes after the event: wait for its TargetDown).
    await m.waitEvents('killed after the capture', of('hung', 'TargetDown'));
    const ev = m.events();
    assert.ok(ev.findIndex(of('hung', 'IncidentRecorded')) < ev.findIndex(of('hung', 'TargetDown')));
  });
});
