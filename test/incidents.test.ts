// Failure analysis: the incident recorder with real processes (a crash's exit code
// and output tail, a hung process's core and stacks, the /proc fallback), retention
// and rate limiting under a crash loop, resource samples, `psv incidents`, and the
// Windows dump commands (the real dumps under Wine: test/wine-dump.test.ts).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, closeSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { inflateRawSync } from 'node:zlib';
import { windowsDumpCommand } from '../src/analysis/capture.js';
import { captureWindows, windowsDumpTool } from '../src/platform/dumps-windows.js';
import { Recorder } from '../src/analysis/recorder.js';
import { ResourceSampler } from '../src/analysis/samples.js';
import { incidentId, parseIncidentId, type IncidentEntry, type IncidentSummary } from '../src/analysis/store.js';
import type { FailureReport } from '../src/analysis/types.js';
import { loadConfigText } from '../src/config/load.js';
import type { AnalysisConfig } from '../src/config/types.js';
import { findExecutable } from '../src/config/which.js';
import { EventBus, type EventRecord } from '../src/events/bus.js';
import { platform } from '../src/platform/index.js';
import { VERSION } from '../src/version.js';
import { cleanup, isAlive, monitorSection, psv, tempDir, waitFor, writeConfig, writeFile } from './helpers.js';

const HAS_GDB = findExecutable('gdb', { cwd: process.cwd(), env: process.env, isWindows: false }).found;
const IS_ROOT = process.getuid?.() === 0;

function analysis(dir: string, over: Partial<AnalysisConfig> = {}): AnalysisConfig {
  return { dir: join(dir, 'incidents'), keep: 20, maxBytes: 512 * 1024 * 1024, maxDumpBytes: 1024 * 1024 * 1024, minIntervalMs: 600_000, procdump: null, dumpType: 'full', ...over };
}

function report(over: Partial<FailureReport> = {}): FailureReport {
  return {
    target: 'web',
    kind: 'exit',
    reason: 'exit code 3',
    pid: null,
    exitCode: 3,
    signal: null,
    startedAt: Date.now() - 5000,
    failedAt: Date.now(),
    command: ['sh', '-c', 'exit 3'],
    cwd: '/tmp',
    restarts: 1,
    retries: 3,
    logPath: null,
    alive: false,
    ...over,
  };
}

function summaryOf(folder: string): IncidentSummary {
  return JSON.parse(readFileSync(join(folder, 'summary.json'), 'utf8')) as IncidentSummary;
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** Kills a test's own child (and its process group when it leads one) at the end, whatever happened. */
function killLater(child: ChildProcess, group = false): void {
  after(() => {
    try {
      if (group) process.kill(-child.pid!, 'SIGKILL');
      else child.kill('SIGKILL');
    } catch {
      // Gone already.
    }
  });
}

describe('the incident recorder', () => {
  const dir = tempDir('psv-incidents-');
  after(() => cleanup(dir));

  it('records a real crash: exit code, output tail from a line start, events, resource samples, and the IncidentRecorded event', async () => {
    const bus = new EventBus([]);
    const seen: EventRecord[] = [];
    bus.subscribe((e) => seen.push(e));
    bus.emit('TargetUp', { target: 'web', pid: 1 });
    const recorder = new Recorder(analysis(dir), bus, platform, VERSION);

    // More than 64 KiB of output, then the last words, then exit code 3 once told to.
    const log = join(dir, 'web.log');
    const fd = openSync(log, 'w');
    const child = spawn('sh', ['-c', 'seq 1 30000; read x; echo "fatal: out of cheese" >&2; exit 3'], { stdio: ['pipe', fd, fd] });
    closeSync(fd);
    killLater(child);
    const startedAt = Date.now();
    const exit = exited(child);
    await waitFor('the output', () => statSync(log).size > 100_000);
    recorder.sample('web', [child.pid!]);
    await waitFor('a second sample later', () => Date.now() - startedAt > 50);
    recorder.sample('web', [child.pid!]);
    child.stdin!.end('go\n');
    const { code } = await exit;
    assert.equal(code, 3);

    const folder = await recorder.record(
      report({ pid: child.pid!, exitCode: code, startedAt, failedAt: Date.now(), command: ['sh', '-c', 'crash'], logPath: log }),
    );
    assert.ok(folder, 'record() returns the folder');
    assert.match(folder, /[/\\]\d{8}-\d{6}-\d{3}-web$/);
    const s = summaryOf(folder);
    assert.equal(s.target, 'web');
    assert.equal(s.kind, 'exit');
    assert.equal(s.exitCode, 3);
    assert.equal(s.pid, child.pid);
    assert.equal(s.capture, 'full');
    assert.equal(s.psvVersion, VERSION);
    assert.deepEqual(s.restarts, { used: 1, allowed: 3 });
    assert.ok(s.uptimeMs !== null && s.uptimeMs >= 0);
    assert.equal(s.commandLine, 'sh -c crash');

    const tail = readFileSync(join(folder, 'output.log'), 'utf8');
    assert.ok(tail.length <= 64 * 1024 && tail.length > 60 * 1024, `tail is ${tail.length} bytes`);
    assert.ok(tail.endsWith('30000\nfatal: out of cheese\n'), 'the tail ends with the last words');
    assert.match(tail, /^\d+\n/, 'the tail starts at a line start');
    assert.ok(s.captured.some((c) => c.file === 'output.log'));

    const events = readFileSync(join(folder, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as EventRecord);
    assert.equal(events[0]!.event, 'TargetUp');

    const samples = readFileSync(join(folder, 'resources.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(samples.length, 2);
    assert.equal(samples[0]!.pid, child.pid);
    assert.ok((samples[0]!.rssBytes as number) > 0 && (samples[0]!.threads as number) >= 1 && (samples[0]!.fds as number) >= 3);
    assert.equal(typeof samples[1]!.cpuPercent, 'number');

    const recorded = seen.find((e) => e.event === 'IncidentRecorded');
    assert.ok(recorded, 'IncidentRecorded emitted');
    assert.equal(recorded.id, 150);
    assert.equal(recorded.folder, folder);
    assert.equal(recorded.target, 'web');
    await bus.close();
  });

  it('never throws: a missing log and an unusable folder become notes or null', async () => {
    const bus = new EventBus([]);
    const ok = await new Recorder(analysis(dir, { dir: join(dir, 'missing-log') }), bus, platform, VERSION).record(report({ logPath: join(dir, 'no-such.log') }));
    assert.ok(ok);
    assert.ok(summaryOf(ok).skipped.some((x) => x.what === 'output tail' && /ENOENT/.test(x.why)));

    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const none = await new Recorder(analysis(dir, { dir: join(blocker, 'incidents') }), bus, platform, VERSION).record(report());
    assert.equal(none, null);
    await bus.close();
  });

  it('a hung process: thread stacks and a core file from gdb, taken while it stays alive', { skip: HAS_GDB ? false : 'gdb is not installed (scripts/setup-test-env.sh installs it)' }, async () => {
    const bus = new EventBus([]);
    const child = spawn('sleep', ['1000'], { stdio: 'ignore' });
    killLater(child);
    await waitFor('sleep running', () => existsSync(`/proc/${child.pid}/status`) && /State:\s+S/.test(readFileSync(`/proc/${child.pid}/status`, 'utf8')));
    const started = Date.now();
    const folder = await new Recorder(analysis(dir, { dir: join(dir, 'gdb') }), bus, platform, VERSION).record(
      report({ kind: 'stall', reason: 'no heartbeat for 30s', pid: child.pid!, exitCode: null, alive: true, command: ['sleep', '1000'] }),
    );
    const took = Date.now() - started;
    assert.ok(folder);
    const core = join(folder, `core.${child.pid}`);
    assert.ok(existsSync(core) && statSync(core).size > 0, 'a non-empty core file');
    assert.equal(readFileSync(core).subarray(0, 4).toString('latin1'), '\x7fELF');
    const stacks = readFileSync(join(folder, 'stacks.txt'), 'utf8');
    assert.match(stacks, /Thread 1 /);
    assert.match(stacks, /#0 /);
    assert.ok(isAlive(child.pid!), 'the process is left alive (the engine kills it)');
    const s = summaryOf(folder);
    assert.equal(s.capture, 'full');
    assert.ok(s.captured.some((c) => c.file === `core.${child.pid}`));
    console.log(`    gdb capture took ${took} ms, core ${statSync(core).size} bytes`);
    await bus.close();
  });

  it('a dump over maxDumpSize is not kept, and the summary says why; the stacks are', { skip: HAS_GDB ? false : 'gdb is not installed' }, async () => {
    const bus = new EventBus([]);
    const child = spawn('sleep', ['1000'], { stdio: 'ignore' });
    killLater(child);
    await waitFor('sleep running', () => existsSync(`/proc/${child.pid}/status`) && /VmRSS/.test(readFileSync(`/proc/${child.pid}/status`, 'utf8')));
    const folder = await new Recorder(analysis(dir, { dir: join(dir, 'small'), maxDumpBytes: 4096 }), bus, platform, VERSION).record(
      report({ kind: 'stall', pid: child.pid!, alive: true }),
    );
    assert.ok(folder);
    assert.ok(!readdirSync(folder).some((f) => f.startsWith('core')), 'no core file');
    assert.ok(summaryOf(folder).skipped.some((x) => /core dump/.test(x.what) && /maxDumpSize/.test(x.why)));
    assert.ok(statSync(join(folder, 'stacks.txt')).size > 0);
    await bus.close();
  });

  it('without gdb: what /proc offers (status, wait channel, maps, every thread), and a note on what is missing', async () => {
    const bus = new EventBus([]);
    const child = spawn('sh', ['-c', 'sleep 1000 & wait'], { stdio: 'ignore', detached: true });
    killLater(child, true);
    await waitFor('sh running', () => existsSync(`/proc/${child.pid}/status`));
    const folder = await new Recorder(analysis(dir, { dir: join(dir, 'proc') }), bus, platform, VERSION, Date.now, { gdb: null }).record(
      report({ kind: 'stall', pid: child.pid!, alive: true }),
    );
    assert.ok(folder);
    const files = readdirSync(folder);
    for (const f of ['proc-status.txt', 'proc-wchan.txt', 'proc-maps.txt', 'proc-threads.txt', 'summary.json']) assert.ok(files.includes(f), `${f} in ${files.join(', ')}`);
    assert.ok(!files.some((f) => f.startsWith('core') || f === 'stacks.txt'));
    assert.match(readFileSync(join(folder, 'proc-status.txt'), 'utf8'), new RegExp(`^Pid:\\s+${child.pid}$`, 'm'));
    assert.match(readFileSync(join(folder, 'proc-threads.txt'), 'utf8'), new RegExp(`^task ${child.pid}\\nstat: ${child.pid} \\(sh\\)`, 'm'));
    if (IS_ROOT) assert.ok(files.includes('proc-stack.txt'), 'root reads the kernel stack');
    const s = summaryOf(folder);
    assert.ok(s.skipped.some((x) => /gdb/.test(x.what) && /not installed/.test(x.why)));
    await bus.close();
  });

  it('a debugger that hangs is stopped at the time limit; one whose dump keeps growing is stopped at maxDumpSize', async () => {
    const bus = new EventBus([]);
    const child = spawn('sleep', ['1000'], { stdio: 'ignore' });
    killLater(child);
    await waitFor('sleep running', () => existsSync(`/proc/${child.pid}/status`));
    const hung = writeFile(join(dir, 'hung-gdb'), '#!/bin/sh\necho attaching\nexec sleep 1000\n', true);
    let started = Date.now();
    const slow = await new Recorder(analysis(dir, { dir: join(dir, 'hung') }), bus, platform, VERSION, Date.now, { gdb: hung, captureTimeoutMs: 1000 }).record(
      report({ kind: 'stall', pid: child.pid!, alive: true }),
    );
    assert.ok(Date.now() - started < 8000, `record() returned after ${Date.now() - started} ms`);
    assert.ok(slow);
    assert.ok(summaryOf(slow).notes.some((n) => /did not finish within 1000 ms/.test(n)), JSON.stringify(summaryOf(slow).notes));
    assert.equal(readFileSync(join(slow, 'stacks.txt'), 'utf8'), 'attaching\n', 'what the tool printed before it hung is kept');

    // Writes 20 MB to the core file gdb was asked for, then hangs.
    const growing = writeFile(
      join(dir, 'growing-gdb'),
      '#!/bin/sh\nfor a; do case "$a" in "generate-core-file "*) core="${a#generate-core-file }";; esac; done\nhead -c 20000000 /dev/zero > "$core"\nexec sleep 1000\n',
      true,
    );
    started = Date.now();
    const big = await new Recorder(analysis(dir, { dir: join(dir, 'growing'), maxDumpBytes: 8_000_000 }), bus, platform, VERSION, Date.now, { gdb: growing, captureTimeoutMs: 60_000 }).record(
      report({ kind: 'stall', pid: child.pid!, alive: true }),
    );
    assert.ok(Date.now() - started < 15_000, `record() returned after ${Date.now() - started} ms`);
    assert.ok(big);
    assert.ok(!readdirSync(big).some((f) => f.startsWith('core')));
    assert.ok(summaryOf(big).skipped.some((x) => /core dump/.test(x.what) && /maxDumpSize/.test(x.why)));
    assert.ok(isAlive(child.pid!));
    await bus.close();
  });

  it('retention: keeps the newest `keep` incidents', async () => {
    const bus = new EventBus([]);
    const cfg = analysis(dir, { dir: join(dir, 'keep'), keep: 3, minIntervalMs: 0 });
    const recorder = new Recorder(cfg, bus, platform, VERSION);
    const t0 = Date.UTC(2024, 0, 31, 23, 59, 0);
    const folders: string[] = [];
    for (let i = 0; i < 6; i++) folders.push((await recorder.record(report({ failedAt: t0 + i * 1000 })))!);
    assert.deepEqual(readdirSync(cfg.dir).sort(), folders.slice(3).map((f) => f.split(/[/\\]/).pop()!));
    await bus.close();
  });

  it('retention: keeps all incidents under maxSize, the oldest go first, the newest always stays', async () => {
    const bus = new EventBus([]);
    const log = join(dir, 'big.log');
    writeFileSync(log, 'x'.repeat(40_000) + '\n');
    const cfg = analysis(dir, { dir: join(dir, 'bytes'), maxBytes: 100_000, minIntervalMs: 0 });
    const recorder = new Recorder(cfg, bus, platform, VERSION);
    const t0 = Date.UTC(2024, 0, 31, 12, 0, 0);
    for (let i = 0; i < 5; i++) await recorder.record(report({ failedAt: t0 + i * 1000, logPath: log }));
    const left = readdirSync(cfg.dir).sort();
    assert.equal(left.length, 2, `two of about 42 KB fit in 100 KB: ${left.join(', ')}`);
    assert.equal(left.at(-1), incidentId(t0 + 4000, 'web'));

    const tiny = analysis(dir, { dir: join(dir, 'tiny'), maxBytes: 10, minIntervalMs: 0 });
    const alone = new Recorder(tiny, bus, platform, VERSION);
    await alone.record(report({ failedAt: t0 }));
    const newest = await alone.record(report({ failedAt: t0 + 1000 }));
    assert.deepEqual(readdirSync(tiny.dir), [newest!.split(/[/\\]/).pop()]);
    await bus.close();
  });

  it('rate limiting: a crash loop gets one full capture per minInterval, light incidents in between (no dump even when alive)', async () => {
    const bus = new EventBus([]);
    let now = Date.UTC(2024, 5, 1, 8, 0, 0);
    const cfg = analysis(dir, { dir: join(dir, 'loop'), keep: 10, minIntervalMs: 600_000 });
    const recorder = new Recorder(cfg, bus, platform, VERSION, () => now, { gdb: null });
    const child = spawn('sleep', ['1000'], { stdio: 'ignore' });
    killLater(child);
    await waitFor('sleep running', () => existsSync(`/proc/${child.pid}/status`));
    recorder.sample('web', [child.pid!]);
    recorder.sample('other', [child.pid!]);

    const captures: string[] = [];
    for (let i = 0; i < 30; i++) {
      const folder = await recorder.record(report({ failedAt: now, alive: i === 5, pid: child.pid! }));
      captures.push(summaryOf(folder!).capture);
      if (i === 5) {
        const files = readdirSync(folder!);
        assert.ok(!files.some((f) => f.startsWith('proc-') || f.startsWith('core') || f === 'resources.jsonl'), `light: ${files.join(', ')}`);
        assert.deepEqual(files.sort(), ['events.jsonl', 'summary.json']);
        const s = summaryOf(folder!);
        assert.ok(s.skipped.some((x) => /memory dump/.test(x.what) && /light capture/.test(x.why) && /minInterval/.test(x.why)));
      }
      now += 1000;
    }
    assert.deepEqual(captures, ['full', ...Array<string>(29).fill('light')]);
    assert.equal(readdirSync(cfg.dir).length, 10, 'retention holds the crash loop to keep');

    // Another target is not held back by this one; this one gets a full capture again after minInterval.
    assert.equal(summaryOf((await recorder.record(report({ target: 'other', failedAt: now })))!).capture, 'full');
    now += 600_000;
    const again = await recorder.record(report({ failedAt: now, alive: true, pid: child.pid! }));
    assert.equal(summaryOf(again!).capture, 'full');
    assert.ok(readdirSync(again!).includes('proc-status.txt'));
    await bus.close();
  });

  it('two failures in the same millisecond get two folders', async () => {
    const bus = new EventBus([]);
    const recorder = new Recorder(analysis(dir, { dir: join(dir, 'same') }), bus, platform, VERSION);
    const t = Date.UTC(2024, 0, 1);
    const [a, b] = await Promise.all([recorder.record(report({ failedAt: t })), recorder.record(report({ failedAt: t }))]);
    assert.ok(a && b && a !== b);
    assert.deepEqual([summaryOf(a).capture, summaryOf(b).capture].sort(), ['full', 'light']);
    await bus.close();
  });
});

describe('resource samples', () => {
  it('measure CPU of a busy process', async () => {
    const child = spawn('sh', ['-c', 'while :; do :; done'], { stdio: 'ignore' });
    killLater(child);
    const sampler = new ResourceSampler('linux', Date.now);
    sampler.sample('busy', [child.pid!]);
    const busy = await waitFor('a CPU reading over 20 %', () => {
      sampler.sample('busy', [child.pid!]);
      return sampler.samples('busy').find((s) => (s.cpuPercent ?? 0) > 20);
    });
    assert.equal(busy.pid, child.pid);
    assert.equal(busy.state, 'R');
    child.kill('SIGKILL');
  });

  it('keep at most 300 rounds and 5 minutes per target', () => {
    let now = 0;
    const sampler = new ResourceSampler('linux', () => now);
    for (let i = 0; i < 400; i++) {
      sampler.sample('t', [process.pid]);
      now += 100;
    }
    assert.equal(sampler.samples('t').length, 300);
    now += 6 * 60_000;
    assert.equal(sampler.samples('t').length, 0);
    sampler.sample('t', [999_999_999]); // no such pid: nothing, no throw
    assert.equal(sampler.samples('t').length, 0);
    assert.equal(new ResourceSampler('windows', () => now).unavailableReason !== null, true);
  });
});

describe('incident ids', () => {
  it('are the UTC time to the millisecond and a file-safe target name', () => {
    const t = Date.UTC(2024, 0, 31, 23, 59, 58, 7);
    assert.equal(incidentId(t, 'web'), '20240131-235958-007-web');
    assert.equal(incidentId(t, 'a b/c:d'), '20240131-235958-007-a_b_c_d');
    assert.deepEqual(parseIncidentId('20240131-235958-007-web'), { time: '2024-01-31T23:59:58.007Z', target: 'web' });
    assert.equal(parseIncidentId('notes'), null);
  });
});

describe('monitor.analysis in the config', () => {
  it('defaults: stateDir/incidents, 20, 512MiB, 1GiB, 10m, no ProcDump, full dumps', () => {
    const r = loadConfigText('monitor:\n  stateDir: /srv/psv\ntargets: []\n', '/etc/psv/psv.yaml');
    assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
    assert.deepEqual(r.config.monitor.analysis, {
      dir: join('/srv/psv', 'incidents'),
      keep: 20,
      maxBytes: 512 * 1024 ** 2,
      maxDumpBytes: 1024 ** 3,
      minIntervalMs: 600_000,
      procdump: null,
      dumpType: 'full',
    });
  });

  it('reads every key; a relative dir resolves against the config folder; bad values are reported with their line', () => {
    const r = loadConfigText(
      'monitor:\n  analysis:\n    dir: ./dumps\n    keep: 5\n    maxSize: 100MB\n    maxDumpSize: 2GiB\n    minInterval: 30s\n    procdump: C:\\Tools\\procdump64.exe\n    dumpType: mini\ntargets: []\n',
      '/etc/psv/psv.yaml',
    );
    assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
    assert.deepEqual(r.config.monitor.analysis, {
      dir: '/etc/psv/dumps',
      keep: 5,
      maxBytes: 100_000_000,
      maxDumpBytes: 2 * 1024 ** 3,
      minIntervalMs: 30_000,
      procdump: 'C:\\Tools\\procdump64.exe',
      dumpType: 'mini',
    });
    const bad = loadConfigText('monitor:\n  analysis:\n    keep: 0\n    minInterval: soon\n    dumpType: tiny\ntargets: []\n', '/etc/psv/psv.yaml');
    assert.ok(!bad.ok);
    assert.ok(bad.problems.some((p) => p.line === 3 && /keep/.test(p.message)), JSON.stringify(bad.problems));
    assert.ok(bad.problems.some((p) => p.line === 4 && /minInterval/.test(p.message)), JSON.stringify(bad.problems));
    assert.ok(bad.problems.some((p) => p.line === 5 && /dumpType/.test(p.message)), JSON.stringify(bad.problems));
  });
});

describe('Windows memory dumps', () => {
  const HELPER = 'C:\\Program Files\\psv\\assets\\psv-win.exe';

  it('ProcDump first when configured: procdump -accepteula -ma PID FILE, even with the helper there', () => {
    assert.deepEqual(windowsDumpCommand(4242, 'C:\\psv\\incidents\\x\\dump-4242.dmp', 'C:\\Tools\\procdump64.exe', HELPER), [
      'C:\\Tools\\procdump64.exe',
      '-accepteula',
      '-ma',
      '4242',
      'C:\\psv\\incidents\\x\\dump-4242.dmp',
    ]);
    assert.equal(windowsDumpTool('C:\\Tools\\procdump64.exe', HELPER), 'ProcDump (C:\\Tools\\procdump64.exe)');
    assert.deepEqual(windowsDumpCommand(4242, 'C:\\d.dmp', 'C:\\Tools\\procdump64.exe', HELPER, 'mini'), ['C:\\Tools\\procdump64.exe', '-accepteula', '-mp', '4242', 'C:\\d.dmp']);
  });

  it('else psv-win.exe dump PID FILE full (MiniDumpWriteDump): one argument per field, spaces and quotes in the path as they are', () => {
    const file = "C:\\psv data\\o'brien\\インシデント\\dump-4242.dmp";
    assert.deepEqual(windowsDumpCommand(4242, file, null, HELPER), [HELPER, 'dump', '4242', file, 'full']);
    assert.deepEqual(windowsDumpCommand(4242, file, null, HELPER, 'mini'), [HELPER, 'dump', '4242', file, 'mini']);
    assert.equal(windowsDumpTool(null, HELPER), `psv-win.exe MiniDumpWriteDump (${HELPER})`);
  });

  it('no PowerShell, rundll32 or comsvcs.dll, ever; with neither tool there is no command', () => {
    for (const argv of [windowsDumpCommand(1, 'C:\\x y\\d.dmp', null, HELPER), windowsDumpCommand(1, 'C:\\d.dmp', 'procdump64.exe', null)]) {
      assert.ok(argv && !argv.some((a) => /powershell|rundll32|comsvcs/i.test(a)), String(argv));
    }
    assert.equal(windowsDumpCommand(1, 'C:\\d.dmp', null, null), null);
  });

  it('without psv-win.exe and ProcDump, the incident says why there is no dump (nothing is run)', async () => {
    const dir = tempDir('psv-windump-');
    after(() => cleanup(dir));
    const r = await captureWindows({ pid: process.pid, folder: dir, maxDumpBytes: 1 << 20, timeoutMs: 5000, procdump: null, winHelper: null });
    assert.deepEqual(r.captured, []);
    const skipped = r.skipped.find((x) => x.what === 'memory dump');
    assert.match(skipped?.why ?? '', /no psv-win\.exe.*analysis\.procdump/);
    assert.deepEqual(readdirSync(dir), []);
  });
});

/** Entry names and contents of a zip file (stored or deflated), read from its central directory. */
function readZip(file: string): Map<string, Buffer> {
  const zip = readFileSync(file);
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'end of central directory');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(p), 0x02014b50);
    const method = zip.readUInt16LE(p + 10);
    const compressed = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataAt, dataAt + compressed);
    out.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

describe('psv incidents', () => {
  const dir = tempDir('psv-incidents-cli-');
  after(() => cleanup(dir));
  const { config } = writeConfig(dir, `${monitorSection(dir)}targets: []\n`);
  const incidents = join(dir, 'state', 'incidents');
  let ids: string[] = [];

  it('lists the incidents (table and --json)', async () => {
    const bus = new EventBus([]);
    const recorder = new Recorder(analysis(dir, { dir: incidents, minIntervalMs: 0 }), bus, platform, VERSION, Date.now, { gdb: null });
    const log = join(dir, 'db.log');
    writeFileSync(log, 'connection refused\n');
    const t = Date.UTC(2024, 2, 3, 4, 5, 6, 789);
    await recorder.record(report({ target: 'web', failedAt: t, reason: 'signal SIGSEGV', exitCode: null, signal: 'SIGSEGV' }));
    await recorder.record(report({ target: 'db', failedAt: t + 1000, logPath: log }));
    ids = readdirSync(incidents).sort();
    await bus.close();

    const text = psv(['incidents', '-c', config]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^ID\s+TIME\s+TARGET\s+KIND\s+CAPTURE\s+SIZE\s+DUMP\s+REASON/);
    assert.match(text.stdout, /20240303-040506-789-web\s+2024-03-03 04:05:06Z\s+web\s+exit\s+full\s+[\d.]+ \S+\s+no\s+signal SIGSEGV/);

    const json = psv(['incidents', '--json', '-c', config]);
    assert.equal(json.code, 0, json.stderr);
    const list = JSON.parse(json.stdout) as IncidentEntry[];
    assert.deepEqual(list.map((e) => [e.id, e.target, e.kind, e.hasDump]), [
      ['20240303-040506-789-web', 'web', 'exit', false],
      ['20240303-040507-789-db', 'db', 'exit', false],
    ]);
    assert.ok(list.every((e) => e.bytes > 0 && !e.damaged));
  });

  it('shows one incident by its ID or a unique beginning; an unknown ID is a usage error', () => {
    const shown = psv(['incidents', '20240303-040507', '-c', config]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /^20240303-040507-789-db$/m);
    assert.match(shown.stdout, /target\s+db/);
    assert.match(shown.stdout, /exit\s+exit code 3/);
    assert.match(shown.stdout, /^output\.log\s+19 B/m);
    const json = JSON.parse(psv(['incidents', ids[1]!, '--json', '--dir', incidents]).stdout) as { summary: IncidentSummary; files: { file: string }[] };
    assert.equal(json.summary.target, 'db');
    assert.deepEqual(json.files.map((f) => f.file), ['events.jsonl', 'output.log', 'summary.json']);

    const unknown = psv(['incidents', 'nope', '-c', config]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no incident 'nope' in .*incidents/);
    const ambiguous = psv(['incidents', '2024', '-c', config]);
    assert.equal(ambiguous.code, 2);
    assert.match(ambiguous.stderr, /matches 2 incidents/);
    const nowhere = psv(['incidents'], { env: { PSV_CONFIG: '' } });
    assert.equal(nowhere.code, 2);
    assert.match(nowhere.stderr, /give -c FILE/);
  });

  it('exports one incident as a zip with every file under the incident folder name', () => {
    const zipFile = join(dir, 'out.zip');
    const r = psv(['incidents', 'export', ids[1]!, '-c', config, '-o', zipFile, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { id: ids[1], file: zipFile, files: 3, bytes: statSync(zipFile).size });
    const entries = readZip(zipFile);
    assert.deepEqual([...entries.keys()].sort(), [`${ids[1]}/events.jsonl`, `${ids[1]}/output.log`, `${ids[1]}/summary.json`]);
    assert.equal(entries.get(`${ids[1]}/output.log`)!.toString(), 'connection refused\n');
    assert.equal((JSON.parse(entries.get(`${ids[1]}/summary.json`)!.toString()) as IncidentSummary).target, 'db');

    const byDefault = psv(['incidents', 'export', '20240303-040506', '-c', config], { cwd: dir });
    assert.equal(byDefault.code, 0, byDefault.stderr);
    assert.ok(existsSync(join(dir, `${ids[0]}.zip`)));
    assert.match(byDefault.stdout, /wrote .*\.zip \(2 files/);
  });
});
