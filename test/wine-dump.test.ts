// Memory dumps on Windows under Wine, no mocks: psv-win.exe dump (dbghelp's
// MiniDumpWriteDump) writes an MDMP file into a folder whose path has spaces
// and non-ASCII letters, and says in one line with its exit code what failed;
// the real psv.exe, when a small target (Wine's ping.exe) stops beating,
// records an incident whose dump was written by psv-win.exe. Wine's
// powershell.exe is a stub, so the old rundll32 comsvcs.dll path could not
// pass here. Skipped when wine, out/psv.exe or dist/bin/psv-win.exe is
// missing, unless PSV_REQUIRE_WINE=1.
import assert from 'node:assert/strict';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import type { IncidentSummary } from '../src/analysis/store.js';
import { parseHelperLine } from '../src/platform/windows-native.js';
import { readEvents, ROOT, tempDir, waitFor, writeFile } from './helpers.js';
import { wineSession, wineSuite } from './wine.js';

const EXE = process.env.PSV_WIN_EXE ?? join(ROOT, 'out', 'psv.exe');
/** The helper as npm run build compiles it (psv.exe carries the same, as an asset). */
const HELPER = join(ROOT, 'dist', 'bin', 'psv-win.exe');
const PING = 'C:\\windows\\system32\\ping.exe';

wineSuite(
  'memory dumps with psv-win.exe under Wine',
  () => (!existsSync(EXE) ? `${EXE} is missing (npm run build:exe builds it)` : !existsSync(HELPER) ? `${HELPER} is missing (npm run build compiles it with x86_64-w64-mingw32-gcc)` : null),
  dumpTests,
);

function win(path: string): string {
  return 'Z:' + path.replaceAll('/', '\\');
}

function head(file: string, n: number): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    return buf.subarray(0, readSync(fd, buf, 0, n, 0)).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

function dumpTests(): void {
  // Spaces and non-ASCII in every path the dumps go to.
  const dir = tempDir('psv wine dump ü-');
  const { wine, background } = wineSession(dir, 'wine-dump');

  /** The Windows pid of the ping whose command line holds `address`. */
  function pingPid(address: string): number | undefined {
    const r = wine(HELPER, ['list']);
    assert.equal(r.code, 0, r.stderr);
    for (const line of r.stdout.split('\n')) {
      const reply = parseHelperLine(line);
      if (reply?.kind === 'row' && reply.row.name.toLowerCase() === 'ping.exe' && reply.row.commandLine.includes(address)) return reply.row.pid;
    }
    return undefined;
  }

  it('psv-win.exe dump writes an MDMP file (full and mini) to a path with spaces and non-ASCII; failures are one line and an exit code', async (t) => {
    background(PING, ['-n', '100000', '127.0.0.9'], 'ping.log');
    const pid = await waitFor('the ping to run', () => pingPid('127.0.0.9'), 60_000);
    const folder = join(dir, 'dumps ü 日本');
    mkdirSync(folder);
    for (const kind of ['full', 'mini']) {
      const file = join(folder, `dump ${kind}.dmp`);
      const began = Date.now();
      const r = wine(HELPER, ['dump', String(pid), win(file), kind]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      assert.equal(head(file, 4), 'MDMP');
      t.diagnostic(`${kind}: ${Date.now() - began} ms (the wine start included)`);
    }
    const gone = wine(HELPER, ['dump', '999999', win(join(folder, 'gone.dmp'))]);
    assert.equal(gone.code, 3, 'no such process: exit 3');
    assert.match(gone.stderr, /^psv-win dump: OpenProcess\(999999\) failed: error 87\b[^\n]*\r?\n$/);
    const noFolder = wine(HELPER, ['dump', String(pid), win(join(dir, 'no such folder', 'x.dmp'))]);
    assert.equal(noFolder.code, 1);
    assert.match(noFolder.stderr, /^psv-win dump: CreateFileW \(the dump file\) failed: error 3\b[^\n]*\r?\n$/);
    const usage = wine(HELPER, ['dump', 'abc', win(join(folder, 'x.dmp'))]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /not a process id/);
    assert.deepEqual(readdirSync(folder).sort(), ['dump full.dmp', 'dump mini.dmp'], 'a failed dump leaves no file behind');
    wine('C:\\windows\\system32\\taskkill.exe', ['/F', '/PID', String(pid)]);
  });

  it('a stalled target (no heartbeat) gets an incident whose minidump psv-win.exe wrote (MDMP, analysis.dumpType mini) into a folder with a space', async (t) => {
    const pipe = `\\\\.\\pipe\\psv-wine-dump-${process.pid}`;
    const config = writeFile(
      join(dir, 'stall.yaml'),
      [
        'monitor:',
        '  interval: 500ms',
        '  stateDir: ./stall-state',
        `  control: '${pipe}'`,
        '  events: { sinks: [file] }',
        // mini: quicker to write under Wine than full (the full one is written above), and analysis.dumpType is wired through.
        "  analysis: { dir: './incidents with space', dumpType: mini }",
        'targets:',
        '  - name: quiet',
        `    command: ["${PING.replaceAll('\\', '\\\\')}", "-n", "100000", "127.0.0.8"]`,
        '    stall: { heartbeat: 3s }',
        '    restart: { retries: 0 }',
        '',
      ].join('\n'),
    );
    const events = join(dir, 'stall-state', 'events.jsonl');
    const monitor = background(EXE, ['run', '-c', win(config)], 'stall-monitor.log');
    let exited: number | null | undefined;
    monitor.once('exit', (code) => (exited = code));
    const alive = (): void => {
      if (exited !== undefined) assert.fail(`monitor exited ${exited}: ${readFileSync(join(dir, 'stall-monitor.log'), 'utf8')}`);
    };
    const up = await waitFor('TargetUp', () => (alive(), readEvents(events).find((e) => e.event === 'TargetUp' && e.target === 'quiet')), 120_000);
    const stall = await waitFor('StallDetected', () => (alive(), readEvents(events).find((e) => e.event === 'StallDetected' && e.target === 'quiet')), 60_000);
    assert.equal(stall.pid, up.pid);
    const incidents = join(dir, 'incidents with space');
    const summary = await waitFor(
      'the incident with its summary',
      () => {
        alive();
        for (const id of existsSync(incidents) ? readdirSync(incidents) : []) {
          const file = join(incidents, id, 'summary.json');
          if (existsSync(file)) return { folder: join(incidents, id), s: JSON.parse(readFileSync(file, 'utf8')) as IncidentSummary };
        }
        return undefined;
      },
      120_000,
    );
    assert.equal(summary.s.kind, 'stall');
    const dump = summary.s.captured.find((c) => c.file === `dump-${up.pid}.dmp`);
    assert.ok(dump, `a dump among ${JSON.stringify(summary.s.captured)}; skipped ${JSON.stringify(summary.s.skipped)}; notes ${JSON.stringify(summary.s.notes)}`);
    assert.match(dump.what, /^mini memory dump \(psv-win\.exe MiniDumpWriteDump/, 'the incident names the dump type and the tool that wrote it');
    assert.equal(head(join(summary.folder, dump.file), 4), 'MDMP');
    assert.ok(dump.bytes > 0);
    t.diagnostic(`dump of ${dump.bytes} bytes; stall at ${Date.parse(stall.time) - Date.parse(up.time)} ms after up`);
    assert.deepEqual(readEvents(events).filter((e) => e.event === 'ToolFailed'), [], 'no system tool failed');
    const stop = wine(EXE, ['stop', '-c', win(config)], 180_000);
    assert.equal(stop.code, 0, stop.stdout + stop.stderr);
  });
}
