// The Event Log sink comes back after its PowerShell host fails: the queue in front
// holds its events (bounded) and re-opens the host with a growing delay; the outage
// is told once to every sink, and its end with what was held and dropped. With a
// host start that fails N times, with a real pwsh host that is killed, and with a
// real monitor whose host cannot start at all.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EventBus, type EventRecord } from '../src/events/bus.js';
import { EventLogSink, startPowerShellHost, type EventLogHost } from '../src/events/eventlog.js';
import { QueuedSink } from '../src/events/queue.js';
import { isAlive, monitorFixtures, monitorSection, MonitorProcess, waitFor, writeConfig, writeFile } from './helpers.js';
import { eventLogPrelude, PWSH } from './eventlog-standin.js';

const fixtures = monitorFixtures();
const dir = (): string => fixtures.dir('psv-evrec-');

/** Every event the bus hands it, at once. */
const memorySink = (): { name: string; records: EventRecord[]; write(r: EventRecord): void } => {
  const records: EventRecord[] = [];
  return { name: 'memory', records, write: (r) => void records.push(r) };
};

const named = (records: readonly EventRecord[], event: string): EventRecord[] => records.filter((r) => r.event === event);

describe('a sink that holds its events while it is down', () => {
  it('retries with a doubling, capped delay; says down once and back once, with what was held and dropped', async () => {
    let failuresLeft = 4;
    const attempts: number[] = [];
    const written: EventRecord[] = [];
    const flaky = new QueuedSink(
      {
        name: 'flaky',
        write: async (r) => {
          attempts.push(performance.now());
          if (failuresLeft > 0) {
            failuresLeft -= 1;
            throw new Error('host gone');
          }
          written.push(r);
        },
      },
      5,
      { firstMs: 100, maxMs: 400 },
    );
    const memory = memorySink();
    // Drop reports every 20 ms: a sink that is down has its drops told once, when it is back.
    const bus = new EventBus([flaky, memory], 'en', undefined, { reportEveryMs: 20 });
    try {
      bus.emit('TargetUp', { target: 'web', pid: 0 });
      const [down] = await waitFor('EventSinkDown', () => named(memory.records, 'EventSinkDown').length > 0 && named(memory.records, 'EventSinkDown'), 5000);
      assert.equal(down!.id, 340);
      assert.equal(down!.level, 'Warning');
      assert.equal(down!.sink, 'flaky');
      assert.equal(down!.capacity, 5);
      assert.match(down!.message, /^Event sink flaky is down: host gone; psv re-opens it after 1 s, then less and less often \(at least every 400ms\), and holds up to 5 events/);
      assert.ok(flaky.down);
      // The queue holds TargetUp 0 and EventSinkDown; three more fit, six do not.
      for (let i = 1; i <= 9; i++) bus.emit('TargetUp', { target: 'web', pid: i });
      const [back] = await waitFor('EventSinkRecovered', () => named(memory.records, 'EventSinkRecovered').length > 0 && named(memory.records, 'EventSinkRecovered'), 10_000);
      assert.equal(back!.id, 341);
      assert.equal(back!.held, 5);
      assert.equal(back!.dropped, 6);
      assert.match(back!.message, /^Event sink flaky works again after \S+: 5 events held meanwhile are written now; 6 did not fit in its queue/);
      await waitFor('the held events written', () => written.some((r) => r.event === 'EventsDropped'), 5000);
      assert.deepEqual(
        written.map((r) => [r.event, r.pid ?? r.count ?? r.held]),
        [['TargetUp', 0], ['EventSinkDown', undefined], ['TargetUp', 1], ['TargetUp', 2], ['TargetUp', 3], ['EventSinkRecovered', 5], ['EventsDropped', 6]],
        'held in order, then the recovery and what it missed',
      );
      assert.equal(named(memory.records, 'EventSinkDown').length, 1, 'one warning for the whole outage');
      assert.deepEqual(named(memory.records, 'EventsDropped'), [], 'no drop report besides the recovery');
      assert.equal(named(memory.records, 'TargetUp').length, 10, 'the other sink has every event');
      assert.equal(attempts.length, 4 + written.length, 'four failures, then one write each');
      const gaps = attempts.slice(1, 5).map((t, i) => t - attempts[i]!);
      // 100, 200, 400, 400 ms: doubled, then capped (timers may fire a little late, never early).
      [100, 200, 400, 400].forEach((want, i) => assert.ok(gaps[i]! >= want - 5, `gap ${i + 1} is ${gaps[i]!.toFixed(0)} ms, at least ${want}`));
      assert.ok(gaps[3]! < 1000, `the cap holds (${gaps[3]!.toFixed(0)} ms)`);
      assert.ok(!flaky.down);
    } finally {
      await bus.close();
    }
  });

  it('close does not wait for the next attempt', async () => {
    const sink = new QueuedSink({ name: 'dead', write: async () => { throw new Error('no'); } }, 10, { firstMs: 300_000, maxMs: 300_000 });
    const memory = memorySink();
    const bus = new EventBus([sink, memory]);
    bus.emit('TargetUp', { target: 'web', pid: 1 });
    await waitFor('EventSinkDown', () => named(memory.records, 'EventSinkDown').length > 0, 5000);
    const started = performance.now();
    await bus.close(200);
    assert.ok(performance.now() - started < 2000, 'closed without waiting out the 5 min delay');
  });
});

describe('the Event Log sink re-opens its PowerShell host', { skip: existsSync(PWSH) ? false : `no pwsh at ${PWSH}` }, () => {
  type Call = { id: number; message: string; pid: number };
  const readCalls = (calls: string): Call[] => (existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Call) : []);

  it('a host that fails to start three times: the events wait and are written by the fourth', async () => {
    const calls = join(dir(), 'calls.jsonl');
    let failures = 0;
    const startHost = async (options: Parameters<typeof startPowerShellHost>[0]): Promise<EventLogHost> => {
      if (failures < 3) {
        failures += 1;
        throw new Error(`powershell.exe did not start (${failures})`);
      }
      return startPowerShellHost(options);
    };
    const reasons: string[] = [];
    const sink = new EventLogSink({ source: 'Psv', log: 'Application', executable: PWSH, prelude: eventLogPrelude(calls), startHost, unavailable: (r) => reasons.push(r) });
    const memory = memorySink();
    const bus = new EventBus([new QueuedSink(sink, 100, { firstMs: 50, maxMs: 200 }), memory], 'en', undefined, { reportEveryMs: 60_000 });
    try {
      for (let i = 0; i < 5; i++) bus.emit('TargetUp', { target: 'web', pid: i });
      await waitFor('the five events and both reports in the Event Log', () => readCalls(calls).length >= 7, 60_000);
      const written = readCalls(calls);
      assert.deepEqual(
        written.map((c) => c.id),
        [111, 111, 111, 111, 111, 340, 341],
        'the five held events, the outage (told after them: it came after them), the recovery',
      );
      assert.deepEqual(written.filter((c) => c.id === 111).map((c) => c.message), [0, 1, 2, 3, 4].map((i) => `('web', pid=${i}) Up`));
      assert.match(written[5]!.message, /Event sink eventlog is down: cannot start the PowerShell host for the Event Log: powershell\.exe did not start \(1\)/);
      assert.equal(sink.hostsStarted, 4);
      assert.equal(new Set(written.map((c) => c.pid)).size, 1, 'one host wrote them all');
      assert.deepEqual(named(memory.records, 'EventSinkDown').map((r) => r.sink), ['eventlog']);
      assert.deepEqual(named(memory.records, 'EventSinkRecovered').map((r) => [r.held, r.dropped]), [[6, 0]]);
      assert.deepEqual(reasons, [], 'a host that failed is an outage, not a missing source');
    } finally {
      await bus.close(10_000);
    }
  });

  it('a killed host is replaced; what came meanwhile is written by the new one', async () => {
    const calls = join(dir(), 'calls.jsonl');
    const sink = new EventLogSink({ source: 'Psv', log: 'Application', executable: PWSH, prelude: eventLogPrelude(calls), unavailable: (r) => assert.fail(r) });
    const memory = memorySink();
    const queue = new QueuedSink(sink, 100, { firstMs: 50, maxMs: 200 });
    const bus = new EventBus([queue, memory], 'en', undefined, { reportEveryMs: 60_000 });
    try {
      for (let i = 0; i < 3; i++) bus.emit('TargetUp', { target: 'web', pid: i });
      await waitFor('three events written', () => readCalls(calls).length >= 3, 60_000);
      // And acknowledged: a host killed between WriteEntry and its ack has that event written again (at least once).
      await queue.flush(10_000);
      const [first] = [...sink.hostPids];
      process.kill(first!, 'SIGKILL');
      await waitFor('the host gone', () => !isAlive(first!), 10_000);
      for (let i = 3; i < 8; i++) bus.emit('TargetUp', { target: 'web', pid: i });
      await waitFor('the recovery written', () => readCalls(calls).some((c) => c.id === 341), 60_000);
      await queue.flush(10_000);
      const written = readCalls(calls);
      assert.deepEqual(written.filter((c) => c.id === 111).map((c) => c.message), [0, 1, 2, 3, 4, 5, 6, 7].map((i) => `('web', pid=${i}) Up`), 'no event lost');
      const second = written.at(-1)!.pid;
      assert.notEqual(second, first);
      assert.ok(isAlive(second), 'the new host stays up');
      assert.deepEqual(written.slice(3).map((c) => c.pid), written.slice(3).map(() => second), 'everything after the kill went through the new host');
      assert.equal(sink.hostsStarted, 2);
      assert.equal(named(memory.records, 'EventSinkDown').length, 1);
      assert.equal(named(memory.records, 'EventSinkRecovered').length, 1);
    } finally {
      await bus.close(10_000);
    }
  });
});

describe('the Event Log host whatever its console code page', { skip: existsSync(PWSH) ? false : `no pwsh at ${PWSH}` }, () => {
  it('a Japanese source name reaches the host intact, and a Japanese error comes back intact', async () => {
    // A host whose console is not UTF-8 (a Japanese Windows' is OEM code page 932):
    // pwsh takes ISO-8859-1 from the locale, for stdin and stdout alike.
    const d = dir();
    const latin1 = writeFile(join(d, 'pwsh-latin1'), `#!/bin/sh\nexport LC_ALL=en_US.ISO-8859-1 LANG=en_US.ISO-8859-1\nexec '${PWSH}' "$@"\n`, true);
    const calls = join(d, 'calls.jsonl');
    const prelude = `
function global:Test-PsvEventLogSourceCore { param([string] $Source) $Source -ceq 'Psv 監視' }
function global:Write-PsvEventLogEntryCore {
  param([string] $Source, [string] $Message, [string] $EntryType, [int] $EventId)
  # The first write fails (a file says so: the sink starts a new host after a failure).
  if (-not (Test-Path '${join(d, 'failed')}')) { New-Item '${join(d, 'failed')}' | Out-Null; throw 'イベント ログ サービスは停止しています' }
  $line = ConvertTo-Json -Compress -InputObject ([ordered]@{ source = $Source; message = $Message; id = $EventId })
  [System.IO.File]::AppendAllText('${calls}', $line + [char]10, [System.Text.UTF8Encoding]::new($false))
}`;
    const sink = new EventLogSink({ source: 'Psv 監視', log: 'Application', executable: latin1, prelude, unavailable: (r) => assert.fail(r) });
    const memory = memorySink();
    const bus = new EventBus([new QueuedSink(sink, 100, { firstMs: 50, maxMs: 200 }), memory], 'ja', undefined, { reportEveryMs: 60_000 });
    try {
      bus.emit('TargetUp', { target: '受注サービス', pid: 7 });
      const [down] = await waitFor('EventSinkDown', () => named(memory.records, 'EventSinkDown').length > 0 && named(memory.records, 'EventSinkDown'), 60_000);
      assert.match(down!.reason as string, /WriteEntry failed: イベント ログ サービスは停止しています$/);
      await waitFor('the held event written', () => existsSync(calls) && readFileSync(calls, 'utf8').includes('受注サービス'), 60_000);
      const first = JSON.parse(readFileSync(calls, 'utf8').split('\n')[0]!) as { source: string; message: string; id: number };
      assert.deepEqual(first, { source: 'Psv 監視', message: "('受注サービス', pid=7) 稼働を確認しました", id: 111 });
    } finally {
      await bus.close(10_000);
    }
  });
});

describe('a real monitor whose Event Log host cannot start', () => {
  it('warns once in the other sinks and on stderr, retries less and less often, and keeps monitoring', async () => {
    // node-powershell takes its executable from NODE_POWERSHELL: a "PowerShell" that notes the attempt and exits at once.
    const d = dir();
    const attemptsFile = join(d, 'attempts');
    const fake = writeFile(join(d, 'powershell.sh'), `#!/bin/sh\ndate +%s%3N >> '${attemptsFile}'\nexit 1\n`, true);
    const attempts = (): number[] => (existsSync(attemptsFile) ? readFileSync(attemptsFile, 'utf8').trim().split('\n').map(Number) : []);
    const { config, events } = writeConfig(
      d,
      `${monitorSection(d, '    sinks: [eventlog, file]\n    language: en\n')}targets:\n  - name: web\n    command: ["sleep", "1000"]\n    restart: { retries: 10, window: 1h, delay: 0 }\n`,
    );
    const m = new MonitorProcess(config, events, { NODE_POWERSHELL: fake });
    try {
      const [down] = await m.waitEvents('EventSinkDown', (e) => e.event === 'EventSinkDown', 1, 30_000);
      assert.equal(down!.sink, 'eventlog');
      assert.match(down!.message, /^Event sink eventlog is down: cannot start the PowerShell host for the Event Log/);
      // The first attempt, then after 1 s and 2 s more.
      await waitFor('three attempts', () => attempts().length >= 3, 30_000);
      const up = m.events().find((e) => e.event === 'TargetUp')!;
      process.kill(up.pid!, 'SIGKILL');
      await m.waitEvents('the restart', (e) => e.event === 'TargetUp', 2, 20_000);
    } finally {
      await m.stop();
    }
    const [a, b, c] = attempts();
    assert.ok(b! - a! >= 900 && c! - b! >= 1900, `1 s, then 2 s between attempts: ${attempts().join(', ')}`);
    const all = m.events();
    assert.equal(all.filter((e) => e.event === 'EventSinkDown').length, 1, 'one warning for the whole outage');
    assert.equal(all.filter((e) => e.event === 'EventSinkUnavailable').length, 0, 'a failing host is not "unavailable for good"');
    assert.equal((m.stderr.match(/Event sink eventlog is down/g) ?? []).length, 1, `stderr says it once: ${m.stderr}`);
  });
});
