// The event sinks and what sits between them and the monitor: bounded queues,
// drop reports, flood control, file rotation, the language default, the Event Log
// host (node-powershell on pwsh, with the Windows calls replaced), and a hanging
// sink that must not delay a restart of a real monitor.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { EventBus, type EventRecord } from '../src/events/bus.js';
import { EventLogSink } from '../src/events/eventlog.js';
import { FloodControl } from '../src/events/flood.js';
import { localeLanguage } from '../src/events/language.js';
import { QueuedSink } from '../src/events/queue.js';
import { sinkKinds } from '../src/events/setup.js';
import { FileSink } from '../src/events/sinks.js';
import type { EventsConfig } from '../src/config/types.js';
import { cleanup, isAlive, monitorSection, MonitorProcess, tempDir, waitFor, writeConfig, type PsvEvent } from './helpers.js';
import { eventLogPrelude, PWSH } from './eventlog-standin.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) cleanup(d);
});
function dir(): string {
  const d = tempDir('psv-sinks-');
  dirs.push(d);
  return d;
}

function memorySink(): { name: string; records: EventRecord[]; write(r: EventRecord): void } {
  const records: EventRecord[] = [];
  return { name: 'memory', records, write: (r) => void records.push(r) };
}

describe('bounded queues', () => {
  it('a hanging sink neither blocks emit nor grows without bound; drops are reported, and told to the sink when it recovers', async () => {
    let release: () => void = () => undefined;
    const released = new Promise<void>((r) => (release = r));
    const hung: EventRecord[] = [];
    const hanging = new QueuedSink({ name: 'syslog', write: async (r) => { await released; hung.push(r); } }, 5);
    const memory = memorySink();
    const bus = new EventBus([hanging, memory], 'en', undefined, { reportEveryMs: 50 });
    const started = performance.now();
    for (let i = 0; i < 100; i++) bus.emit('TargetUp', { target: 'web', pid: i });
    const took = performance.now() - started;
    assert.ok(took < 100, `100 emits took ${took.toFixed(1)} ms`);
    assert.ok(hanging.pending <= 5, `queue bounded (${hanging.pending})`);
    const report = await waitFor('EventsDropped in the healthy sink', () => memory.records.find((r) => r.event === 'EventsDropped'), 5000);
    assert.equal(report.sink, 'syslog');
    assert.equal(report.count, 95, 'the first is being written, 4 wait, 95 are dropped');
    assert.match(report.message, /95 events could not be written to the syslog sink/);
    release();
    const told = await waitFor('the recovered sink hears what it missed', () => hung.find((r) => r.event === 'EventsDropped'), 5000);
    assert.equal(told.count, 95);
    assert.equal(hung.filter((r) => r.event === 'TargetUp').length, 5);
    await bus.close();
  });

  it('a failing sink counts its failures as drops; the others get every event', async () => {
    const failing = new QueuedSink({ name: 'eventlog', write: async () => { throw new Error('host gone'); } }, 100);
    const memory = memorySink();
    const bus = new EventBus([failing, memory], 'en', undefined, { reportEveryMs: 20 });
    for (let i = 0; i < 7; i++) bus.emit('TargetUp', { target: 'web', pid: i });
    const report = await waitFor('EventsDropped', () => memory.records.find((r) => r.event === 'EventsDropped'), 5000);
    assert.equal(report.sink, 'eventlog');
    assert.equal(report.count, 7);
    assert.equal(memory.records.filter((r) => r.event === 'TargetUp').length, 7);
    await bus.close();
  });
});

describe('flood control', () => {
  it('summarises the same event for the same target past perMinute, in every sink, once the minute is over', async () => {
    let now = Date.parse('2026-11-25T00:00:00Z');
    const a = memorySink();
    const b = memorySink();
    const bus = new EventBus([a, b], 'ja', () => new Date(now), { floodPerMinute: 3 });
    for (let i = 0; i < 10; i++) {
      bus.emit('TargetDown', { target: 'flappy', pid: i, exitCode: 1, signal: null, how: 'exit code 1' });
      now += 1000;
    }
    bus.emit('TargetDown', { target: 'steady', pid: 99, exitCode: 1, signal: null, how: 'exit code 1' });
    assert.equal(a.records.filter((r) => r.target === 'flappy').length, 3, 'three written, seven held back');
    assert.equal(a.records.filter((r) => r.target === 'steady').length, 1, 'another target is not held back');
    now += 60_000;
    bus.emit('TargetDown', { target: 'flappy', pid: 100, exitCode: 1, signal: null, how: 'exit code 1' });
    for (const sink of [a, b]) {
      const summary = sink.records.find((r) => r.event === 'EventsSuppressed');
      assert.ok(summary, 'EventsSuppressed in every sink');
      assert.equal(summary.count, 7);
      assert.equal(summary.target, 'flappy');
      assert.equal(summary.eventName, 'TargetDown');
      assert.equal(summary.id, 240);
      assert.equal(summary.message, "60 s 以内に ('flappy') の 'TargetDown' イベントをさらに 7 件抑止しました (フラッド制御)");
      assert.equal(sink.records.at(-1)!.pid, 100, 'the next minute is written again');
    }
    await bus.close();
  });

  it('reports what is held back when the monitor stops', async () => {
    const a = memorySink();
    const bus = new EventBus([a], 'en', undefined, { floodPerMinute: 1 });
    for (let i = 0; i < 4; i++) bus.emit('TargetPaused', { target: 'x' });
    await bus.close();
    assert.deepEqual(a.records.map((r) => [r.event, r.count]), [['TargetPaused', undefined], ['EventsSuppressed', 3]]);
  });

  it('counts per window (pure)', () => {
    const f = new FloodControl(2, 1000);
    assert.deepEqual([0, 1, 2, 3].map((t) => f.admit('E', 't', t).write), [true, true, false, false]);
    assert.deepEqual(f.admit('E', 't', 1000), { write: true, ended: { event: 'E', target: 't', count: 2 } });
    assert.deepEqual(f.sweep(5000), []);
  });

  it('reports a window that held events back when it ends, among thousands of quiet ones (pure)', () => {
    const f = new FloodControl(1, 1000);
    for (let i = 0; i < 3000; i++) f.admit('TargetUp', `t${i}`, 0);
    assert.deepEqual([f.admit('E', 'loud', 10).write, f.admit('E', 'loud', 20).write, f.admit('E', 'loud', 30).write], [true, false, false]);
    assert.deepEqual(f.sweep(500), [], 'nothing has ended yet');
    assert.deepEqual(f.sweep(1009), [], 'the quiet windows end without a report');
    assert.deepEqual(f.sweep(1010), [{ event: 'E', target: 'loud', count: 2 }]);
    assert.deepEqual(f.sweep(5000), [], 'reported once');
    assert.equal(f.admit('TargetUp', 't7', 5000).write, true, 'a new window after the old one ended');
    assert.equal(f.admit('TargetUp', 't7', 5001).write, false);
    assert.deepEqual(f.sweep(5000, true), [{ event: 'TargetUp', target: 't7', count: 1 }], 'at the end, every window that held something back');
  });
});

describe('file sink', () => {
  it('writes JSON Lines in UTF-8 and rotates by size, keeping N files', async () => {
    const d = dir();
    const path = join(d, 'ev', 'events.jsonl');
    const sink = new FileSink(path, { maxBytes: 2000, keep: 2 });
    const bus = new EventBus([new QueuedSink(sink, 1000)], 'ja');
    for (let i = 0; i < 60; i++) bus.emit('TargetUp', { target: `日本語-${i}`, pid: i });
    await bus.close();
    assert.deepEqual(readdirSync(join(d, 'ev')).sort(), ['events.jsonl', 'events.jsonl.1', 'events.jsonl.2']);
    for (const f of ['events.jsonl', 'events.jsonl.1', 'events.jsonl.2']) assert.ok(statSync(join(d, 'ev', f)).size <= 2000, `${f} within maxSize`);
    const last = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as EventRecord);
    assert.equal(last.at(-1)!.target, '日本語-59');
    assert.equal(last.at(-1)!.message, "('日本語-59', pid=59) 稼働を確認しました");
  });

  it('cuts a torn last line (a crash, a full disk) before appending', async () => {
    const path = join(dir(), 'events.jsonl');
    writeFileSync(path, '{"id":1}\n{"id":2,"mess');
    const bus = new EventBus([new QueuedSink(new FileSink(path), 100)]);
    bus.emit('TargetUp', { target: 'web', pid: 3 });
    await bus.close();
    const lines = readFileSync(path, 'utf8').split('\n');
    assert.equal(lines.pop(), '');
    assert.deepEqual(lines.map((l) => (JSON.parse(l) as EventRecord).id), [1, 111]);
  });

  it('leaves no part of a write the full disk refuses, says so once, and writes again once there is room', { skip: process.getuid?.() === 0 ? false : 'needs root to mount a tmpfs' }, async (t) => {
    const d = dir();
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', d], { encoding: 'utf8' });
    if (mount.status !== 0) return t.skip(`cannot mount a tmpfs here: ${mount.stderr.trim()}`);
    t.after(() => void spawnSync('umount', ['-l', d]));
    const path = join(d, 'events.jsonl');
    const reasons: string[] = [];
    const queued = new QueuedSink(new FileSink(path, { unavailable: (r) => void reasons.push(r) }), 100_000);
    const bus = new EventBus([queued]);
    // Lines of odd lengths, so that one of them straddles the end of the space.
    const filler = Buffer.alloc(12 * 1024, 1);
    writeFileSync(join(d, 'filler'), filler);
    for (let i = 0; i < 200 && reasons.length === 0; i++) {
      bus.emit('TargetStarted', { target: 'web', pid: i, command: 'x'.repeat(37 + (i % 13)) });
      await queued.flush(5000);
    }
    for (let i = 0; i < 20; i++) {
      bus.emit('TargetUp', { target: 'web', pid: i });
      await queued.flush(5000);
    }
    assert.equal(reasons.length, 1, 'said once');
    assert.match(reasons[0]!, /cannot write .*events\.jsonl: ENOSPC/);
    const whole = (): EventRecord[] => {
      const text = readFileSync(path, 'utf8');
      assert.ok(text.endsWith('\n'), 'no torn last line');
      return text.trim().split('\n').map((l) => JSON.parse(l) as EventRecord);
    };
    whole();
    rmSync(join(d, 'filler'));
    bus.emit('TargetUp', { target: 'web', pid: 999 });
    await bus.close();
    const after = whole();
    assert.ok(after.some((e) => e.event === 'EventsDropped'), 'what was missed is counted in the file');
    assert.ok(after.some((e) => e.pid === 999));
  });
});

describe('configuration', () => {
  it('takes the language from the OS locale', () => {
    assert.equal(localeLanguage({ LANG: 'ja_JP.UTF-8' }, () => 'en-US'), 'ja');
    assert.equal(localeLanguage({ LC_ALL: 'C.UTF-8', LANG: 'ja_JP.UTF-8' }, () => 'ja-JP'), 'en', 'LC_ALL wins');
    assert.equal(localeLanguage({ LC_MESSAGES: 'ja_JP' }, () => 'en-US'), 'ja');
    assert.equal(localeLanguage({}, () => 'ja-JP'), 'ja', 'Intl decides when no variable is set (Windows)');
    assert.equal(localeLanguage({}, () => 'en-GB'), 'en');
    assert.equal(localeLanguage({ LANG: 'java' }, () => 'en-US'), 'en');
  });

  it('defaults to the OS log and the file, plus the console in the foreground', () => {
    const base = { file: '/x/events.jsonl', console: true, sinks: null } as unknown as EventsConfig;
    assert.deepEqual(sinkKinds(base, true), ['eventlog', 'file', 'console']);
    assert.deepEqual(sinkKinds(base, false), ['syslog', 'file', 'console']);
    assert.deepEqual(sinkKinds({ ...base, console: false, file: null }, false), ['syslog']);
    assert.deepEqual(sinkKinds({ ...base, sinks: ['file', 'syslog'] }, true), ['file', 'syslog']);
    const auto = { ...base, console: null };
    assert.deepEqual(sinkKinds(auto, false), ['syslog', 'file', 'console'], 'by default on in the foreground');
    assert.deepEqual(sinkKinds(auto, false, true), ['syslog', 'file'], 'by default off in the background');
    assert.deepEqual(sinkKinds(base, false, true), ['syslog', 'file', 'console'], 'true keeps it on in the background');
  });
});

describe('Event Log sink through one PowerShell host', { skip: existsSync(PWSH) ? false : `no pwsh at ${PWSH}` }, () => {

  it('writes 100 events with the right WriteEntry calls, all through one host', async () => {
    const calls = join(dir(), 'calls.jsonl');
    const sink = new EventLogSink({ source: 'Psv', log: 'Application', executable: PWSH, prelude: eventLogPrelude(calls), unavailable: (r) => assert.fail(r) });
    const bus = new EventBus([new QueuedSink(sink, 1000)], 'ja');
    try {
      const started = performance.now();
      for (let i = 0; i < 99; i++) bus.emit('TargetUp', { target: 'web', pid: i });
      bus.emit('RetryOver', { target: "we'b", restarts: 3, window: '1h', action: 'stop' });
      const lines = await waitFor('100 WriteEntry calls', () => existsSync(calls) && readFileSync(calls, 'utf8').trim().split('\n').length >= 100 && readFileSync(calls, 'utf8'), 60_000);
      const took = performance.now() - started;
      const written = lines.trim().split('\n').map((l) => JSON.parse(l) as { source: string; message: string; type: string; id: number; pid: number });
      assert.equal(written.length, 100);
      assert.equal(sink.hostsStarted, 1, 'one host process started');
      assert.deepEqual([...sink.hostPids].length, 1, 'every ack came from the same host');
      const [hostPid] = [...sink.hostPids];
      assert.notEqual(hostPid, process.pid);
      assert.ok(isAlive(hostPid!), 'the host stays up between events');
      assert.ok(written.every((w) => w.pid === hostPid && w.source === 'Psv'));
      assert.deepEqual(written[0], { source: 'Psv', message: "('web', pid=0) 稼働を確認しました", type: 'Information', id: 111, pid: hostPid });
      assert.deepEqual(written[99], {
        source: 'Psv',
        message: "('we'b') リトライオーバー: 1h 以内に 3 回再起動しました。動作: stop",
        type: 'Error',
        id: 301,
        pid: hostPid,
      });
      console.log(`# eventlog sink: 100 events through one host in ${took.toFixed(0)} ms (including the host's start)`);
    } finally {
      await bus.close(10_000);
    }
  });

  it('warns once when the source is not registered, and then stays quiet', async () => {
    const reasons: string[] = [];
    const sink = new EventLogSink({ source: 'NotRegistered', log: 'Application', executable: PWSH, prelude: eventLogPrelude(join(dir(), 'none')), unavailable: (r) => reasons.push(r) });
    const memory = memorySink();
    const bus = new EventBus([new QueuedSink(sink, 10), memory], 'en', undefined, { reportEveryMs: 50 });
    for (let i = 0; i < 5; i++) bus.emit('TargetUp', { target: 'web', pid: i });
    await waitFor('the warning', () => reasons.length > 0, 60_000);
    bus.emit('TargetUp', { target: 'web', pid: 6 });
    await bus.close(10_000);
    assert.equal(reasons.length, 1);
    assert.match(reasons[0]!, /event source 'NotRegistered' is not registered in the Application log/);
    assert.equal(memory.records.filter((r) => r.event === 'TargetUp').length, 6, 'the other sinks got every event');
    assert.equal(memory.records.filter((r) => r.event === 'EventsDropped').length, 0, 'a known-missing source is not a drop');
  });
});

describe('a hanging sink does not delay a restart', () => {
  const STORMS = 10;
  /** A syslog server that accepts and never reads: the sender blocks once the socket buffers are full. */
  function hangingServer(path: string): Promise<{ server: Server; sockets: Socket[] }> {
    const sockets: Socket[] = [];
    const server = createServer({ pauseOnConnect: true }, (s) => void sockets.push(s));
    return new Promise((resolve) => server.listen(path, () => resolve({ server, sockets })));
  }

  async function killToBack(m: MonitorProcess, name: string, rounds: number): Promise<number[]> {
    const times: number[] = [];
    const ups = (): PsvEvent[] => m.events().filter((e) => e.event === 'TargetUp' && e.target === name);
    for (let i = 0; i < rounds; i++) {
      const before = await waitFor(`TargetUp #${i + 1}`, () => ups()[i]);
      const killedAt = performance.now();
      process.kill(before.pid!, 'SIGKILL');
      await waitFor(`TargetUp #${i + 2}`, () => ups()[i + 1], 20_000);
      times.push(performance.now() - killedAt);
    }
    return times;
  }

  it('kill→back stays within 2 s with a syslog server that never reads, and the drops are reported', async () => {
    // Ten more targets crash-loop 40 times each (~1600 events, flood control off) so that
    // the socket buffers and then the sink's queue (1000) fill before the measured kills.
    // Ten of them side by side: each crash loop waits the 100 ms floor between restarts.
    const storms = Array.from({ length: STORMS }, (_, i) =>
      `  - name: storm${i}\n    command: ["/bin/sh", "-c", "exit 1"]\n    restart: { retries: 40, window: 1h, delay: 0 }\n    onRetryOver: stop\n`,
    ).join('');
    const targets = (name: string) => `  - name: ${name}\n    command: ["sleep", "1000"]\n    restart: { retries: 20, window: 1h, delay: 0 }\n` + storms;
    const baseDir = dir();
    const base = writeConfig(baseDir, `${monitorSection(baseDir, '    sinks: [file]\n    flood: { perMinute: 0 }\n')}targets:\n${targets('plain')}`);
    const hangDir = dir();
    const sock = join(hangDir, 'syslog.sock');
    const { server, sockets } = await hangingServer(sock);
    const hang = writeConfig(hangDir, `${monitorSection(hangDir, `    sinks: [file, syslog]\n    flood: { perMinute: 0 }\n    syslog: { address: "unix://${sock}" }\n`)}targets:\n${targets('hung')}`);
    const m1 = new MonitorProcess(base.config, base.events);
    const m2 = new MonitorProcess(hang.config, hang.events);
    try {
      for (const m of [m1, m2]) await m.waitEvents('the storm to end', (e) => e.event === 'RetryOver' && String(e.target).startsWith('storm'), STORMS, 60_000);
      const [plain, hung] = await Promise.all([killToBack(m1, 'plain', 4), killToBack(m2, 'hung', 4)]);
      console.log(`# kill→back without a hanging sink: ${plain.map((t) => t.toFixed(0)).join(', ')} ms; with one: ${hung.map((t) => t.toFixed(0)).join(', ')} ms`);
      for (const t of hung) assert.ok(t < 2000, `restart within 2 s despite the hanging sink (${t.toFixed(0)} ms)`);
      assert.ok(sockets.length >= 1, 'the monitor connected to the hanging server');
      const [dropped] = await m2.waitEvents('EventsDropped for syslog', (e) => e.event === 'EventsDropped' && e.sink === 'syslog', 1, 20_000);
      assert.ok((dropped!.count as number) > 0);
      assert.match(dropped!.message, /events could not be written to the syslog sink/);
    } finally {
      await Promise.all([m1.stop(), m2.stop()]);
      for (const s of sockets) s.destroy();
      server.close();
    }
  });
});
