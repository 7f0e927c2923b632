// Bounded disk use (issue 23): a monitor started in the background and driven
// through many restarts keeps every file it writes within the bounds its config
// sets, and psv check --verbose / --json states those bounds.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cleanup, psv, psvAsync, readEvents, tempDir, waitFor, writeConfig } from './helpers.js';

const dirs: string[] = [];
const configs: string[] = [];
after(async () => {
  for (const c of configs) await psvAsync(['stop', '-c', c]);
  dirs.forEach(cleanup);
});

/** Bytes one run of the flapping target writes to its log. */
const RUN_OUTPUT = 3001;

/** A background monitor whose only target prints RUN_OUTPUT bytes and fails, over and over. */
function flapping(dir: string, monitorExtra: string): string {
  const yaml = `monitor:
  interval: 100ms
  stateDir: ${join(dir, 'state')}
  control: ${join(dir, 'psv.sock')}
  events:
    file: { path: ${join(dir, 'state', 'events.jsonl')}, maxSize: 8KiB, keep: 2 }
    flood: { perMinute: 0 }
${monitorExtra}
  logs: { maxSize: 8KiB, keep: 1 }
  analysis: { keep: 3, maxSize: 256KiB, maxDumpSize: 1MiB }
targets:
  - name: flap
    command: [sh, -c, 'head -c ${RUN_OUTPUT - 1} /dev/zero | tr "\\\\0" x; echo; exit 1']
    restart: { retries: 100000, window: 1h, delay: 0s, backoff: { factor: 1 } }
`;
  const { config } = writeConfig(dir, yaml);
  configs.push(config);
  return config;
}

function size(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

/** Bytes under a folder, every file at any depth. */
function treeSize(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.size;
  return readdirSync(path).reduce((sum, name) => sum + treeSize(join(path, name)), 0);
}

function restarts(events: string): number {
  return readEvents(events).filter((e) => e.event === 'TargetRestarted').length;
}

interface DiskItem {
  kind: string;
  path: string;
  bytes: number | null;
}

describe('bounded disk use', () => {
  it('a background monitor does not copy every event into monitor.log by default', async () => {
    const dir = tempDir('psv-disk-');
    dirs.push(dir);
    // The default sinks (the OS log, the file, and the console in the foreground only).
    const config = flapping(dir, '');
    const start = await psvAsync(['start', '-c', config]);
    assert.equal(start.code, 0, start.stderr);
    const events = join(dir, 'state', 'events.jsonl');
    await waitFor('20 restarts', () => restarts(events) >= 20 || existsSync(`${events}.1`), 60_000);
    const log = join(dir, 'state', 'monitor.log');
    assert.ok(size(log) < 2048, `monitor.log holds the monitor's own lines only (${size(log)} B)`);
    assert.doesNotMatch(readFileText(log), /TargetRestarted|restart/i);
    assert.equal((await psvAsync(['stop', '-c', config])).code, 0);
  });

  it('keeps every file under stateDir within its configured bound, rotating each', async () => {
    const dir = tempDir('psv-disk-');
    dirs.push(dir);
    const config = flapping(dir, '    sinks: [file, console]\n  output: { maxSize: 4KiB, keep: 1 }');
    const checked = psv(['check', '-c', config, '--json']);
    assert.equal(checked.code, 0, checked.stderr);
    const disk = (JSON.parse(checked.stdout) as { disk: { items: DiskItem[]; total: number } }).disk;
    const bound = (kind: string) => disk.items.find((i) => i.kind === kind)!.bytes!;
    assert.equal(bound('events'), 3 * 8 * 1024);
    assert.equal(bound('targetLogs'), 2 * 8 * 1024);

    const start = await psvAsync(['start', '-c', config]);
    assert.equal(start.code, 0, start.stderr);
    const state = join(dir, 'state');
    const events = join(state, 'events.jsonl');
    const targetLog = join(state, 'logs', 'flap.log');
    // Rotation visible for every rotated file: the oldest kept copy of each exists.
    await waitFor(
      'every rotated set full',
      () => existsSync(`${events}.2`) && existsSync(join(state, 'monitor.log.1')) && existsSync(`${targetLog}.1`),
      90_000,
    );
    assert.equal(existsSync(`${events}.3`), false, 'no more than keep rotated event files');
    assert.equal(existsSync(join(state, 'monitor.log.2')), false);
    assert.equal(existsSync(`${targetLog}.2`), false);

    const sizes = {
      events: size(events) + size(`${events}.1`) + size(`${events}.2`),
      output: size(join(state, 'monitor.log')) + size(join(state, 'monitor.log.1')),
      targetLogs: treeSize(join(state, 'logs')),
      incidents: treeSize(join(state, 'incidents')),
      state: ['state.json', 'state.journal', 'state.reserve'].reduce((sum, f) => sum + size(join(state, f)), 0),
    };
    for (const file of [events, `${events}.1`, `${events}.2`]) assert.ok(size(file) <= 8 * 1024, `${file}: ${size(file)} B`);
    for (const file of ['monitor.log', 'monitor.log.1']) assert.ok(size(join(state, file)) <= 4 * 1024 + 1024, `${file}: ${size(join(state, file))} B`);
    // A target's log is rotated after each of its exits: at most the bound and one run's output.
    for (const file of [targetLog, `${targetLog}.1`]) assert.ok(size(file) <= 8 * 1024 + RUN_OUTPUT, `${file}: ${size(file)} B`);
    for (const [kind, bytes] of Object.entries(sizes)) assert.ok(bytes <= bound(kind) + (kind === 'targetLogs' ? 2 * RUN_OUTPUT : 0), `${kind}: ${bytes} B, bound ${bound(kind)} B`);
    const total = treeSize(state);
    assert.ok(total <= disk.total, `stateDir ${total} B within the stated worst case ${disk.total} B`);
    // keep (3), plus incidents still being written in a crash loop, which pruning never removes.
    assert.ok(readdirSync(join(state, 'incidents')).length <= 3 + 2, `incidents kept: ${readdirSync(join(state, 'incidents')).length}`);
    assert.equal((await psvAsync(['stop', '-c', config])).code, 0);
  });

  it('psv check --verbose prints the bound of each file and the total, in English and Japanese', () => {
    const dir = tempDir('psv-disk-');
    dirs.push(dir);
    const config = flapping(dir, '');
    const en = psv(['check', '-c', config, '--verbose'], { env: { PSV_LANG: 'en' } });
    assert.equal(en.code, 0, en.stderr);
    assert.match(en.stdout, /event file \(rotated\) +24\.0 KiB/);
    assert.match(en.stdout, /target logs \(rotated\) +16\.0 KiB/);
    assert.match(en.stdout, /monitor output \(psv start\) +40\.1 MiB/);
    assert.match(en.stdout, /total: \d/);
    const ja = psv(['check', '-c', config, '--verbose'], { env: { PSV_LANG: 'ja' } });
    assert.match(ja.stdout, /イベントファイル/);
    assert.match(ja.stdout, /合計: \d/);
  });
});

function readFileText(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}
