#!/usr/bin/env node
// npm run soak — never lose, never duplicate (issue 13). N targets under one
// background monitor, then a bounded run of random kills: a target, the
// monitor, the spawn helper, the monitor and a target together, and
// `stop --keep-targets` / damaged state.json / `start` cycles. At the end:
// exactly one process per target, no orphaned daemon children, every kill
// answered, and nothing left after `psv stop`. Processes are counted from
// /proc by the names the targets give themselves, never by asking psv.
// Exit code 1 when an invariant fails, 2 when the soak itself could not run.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { nowUs, psvCommand, seededRandom } from './lib.mjs';
import { alive, argv0, childrenOf, monitorSample, procStat, scanMarked } from './soak-procs.mjs';
import { alertEvents, report } from './soak-report.mjs';
import { SoakRecord } from './soak-record.mjs';

const { values: opt } = parseArgs({
  options: {
    targets: { type: 'string', default: '200' },
    minutes: { type: 'string', default: '10' },
    seconds: { type: 'string' },
    'cycle-every': { type: 'string', default: '60' }, // seconds between stop/damage/start cycles
    pace: { type: 'string', default: '400' }, // mean ms between actions
    settle: { type: 'string', default: '60' }, // seconds allowed for the end state
    seed: { type: 'string', default: String(Date.now() % 1e9) },
    json: { type: 'boolean', default: false },
    'keep-dir': { type: 'boolean', default: false }, // leave the folder (events, monitor log) for a post-mortem
    // Bounded disk (issue 23): a target that fails every few hundred ms, printing 2 KiB each
    // time, under small rotation bounds, with the console sink on (the worst case for monitor.log).
    flapping: { type: 'boolean', default: false },
    'disk-every': { type: 'string', default: '0' }, // seconds between samples of stateDir's size; 0: start and end only
    'daemon-every': { type: 'string', default: '20' }, // every Nth target daemonizes a child
  },
});
const N = Number(opt.targets);
if (!(N >= 1) || !(Number(opt.seconds ?? opt.minutes) > 0)) {
  console.error('soak: --targets must be at least 1 and --minutes / --seconds above 0');
  process.exit(2);
}
if (!process.env.PSV_EXE && !existsSync(psvCommand()[1])) {
  console.error(`soak: ${psvCommand()[1]} is missing: run npm run build first (or set PSV_EXE)`);
  process.exit(2);
}
const DURATION_MS = 1000 * (opt.seconds !== undefined ? Number(opt.seconds) : 60 * Number(opt.minutes));
const CYCLE_MS = 1000 * Number(opt['cycle-every']);
const PACE_MS = Number(opt.pace);
const SEED = Number(opt.seed);
/** Past this many marked processes per target the run stops: duplicates are multiplying. */
const RUNAWAY = 12;
const WEIGHTS = { killTarget: 70, killMonitor: 10, killHelper: 10, killTogether: 10 };
const DAMAGES = ['none', 'garbage', 'truncate', 'empty', 'remove'];

const rng = seededRandom(SEED);
const pick = (list) => list[Math.floor(rng() * list.length)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- the run's folder, config and targets ----

const dir = mkdtempSync(join(tmpdir(), 'psv-soak-'));
const run = {
  config: join(dir, 'psv.yaml'),
  stateDir: join(dir, 'state'),
  startLog: join(dir, 'starts.log'),
  prefix: `psv-soak-${randomBytes(3).toString('hex')}-`, // in every process name of this run
};
// Every 20th target (--daemon-every) daemonizes a child (5 %): the names say which.
const DAEMON_EVERY = Math.max(1, Number(opt['daemon-every']) || 20);
const names = Array.from({ length: N }, (_, i) => `${i % DAEMON_EVERY === 0 ? 'd' : 't'}${String(i).padStart(4, '0')}`);

/** bash writes "name pid time" to the start log, then becomes the marked sleep (same pid). */
function targetCommand(name) {
  const root = `${run.prefix}r-${name}`;
  const log = `echo "${name} $$ $EPOCHREALTIME" >> ${run.startLog}`;
  // A double fork into a new session: the child escapes the target's process group.
  const daemon = `(setsid bash -c "exec -a ${run.prefix}c-${name}-$$ sleep 1000000" < /dev/null &)`;
  const body = name.startsWith('d') ? `${log}; ${daemon}; exec -a ${root} sleep 1000000` : `${log}; exec -a ${root} sleep 1000000`;
  return JSON.stringify(['/bin/bash', '-c', body]);
}

/** The flapping target: 2 KiB of output, then a failure, after 200 ms. */
const FLAP = JSON.stringify(['/bin/sh', '-c', 'head -c 2047 /dev/zero | tr "\\0" f; echo; sleep 0.2; exit 1']);

function writeConfig() {
  const bounds = opt.flapping
    ? [
        `  events: { sinks: [file, console], file: { path: ${join(run.stateDir, 'events.jsonl')}, maxSize: 2MiB, keep: 2 }, flood: { perMinute: 0 } }`,
        '  output: { maxSize: 1MiB, keep: 2 }',
        '  logs: { maxSize: 256KiB, keep: 2 }',
        '  analysis: { keep: 10, maxSize: 4MiB, maxDumpSize: 1MiB }',
      ]
    : ['  events: { sinks: [file] }'];
  const lines = [
    'monitor:',
    `  stateDir: ${run.stateDir}`,
    `  control: ${join(dir, 'psv.sock')}`,
    ...bounds,
    'defaults:',
    // Never retry over in the run; with --flapping a count whose stored history (one time per restart
    // in the window) gives psv check a bound worth comparing with.
    `  restart: { retries: ${opt.flapping ? 10000 : 100000000}, window: 1h, delay: 0s }`,
    'targets:',
    ...names.map((name) => `  - { name: ${name}, command: ${targetCommand(name)} }`),
    ...(opt.flapping ? [`  - { name: flap, command: ${FLAP}, restart: { retries: 100000, backoff: { factor: 1 } } }`] : []),
  ];
  writeFileSync(run.config, lines.join('\n') + '\n');
}

// ---- what the run observed (bench/soak-record.mjs) ----

const soak = new SoakRecord(run.prefix, names, run.startLog, [...Object.keys(WEIGHTS), 'cycle']);
const clean = (e) => !e.missing.length && !e.multiple.length && !e.orphans.length;

// ---- psv and the monitor ----

function psv(args) {
  const [file, ...pre] = psvCommand();
  const r = spawnSync(file, [...pre, ...args, '-c', run.config], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) soak.verbFailures.push(`psv ${args.join(' ')}: exit ${r.status}: ${(r.stderr || r.error?.message || '').trim().slice(0, 300)}`);
  return r;
}

const monitor = () => soak.monitors.at(-1);
const monitorAlive = () => !!monitor() && alive(monitor().pid, monitor().start);

/** Polls a condition until it holds or the deadline passes; true when it held. */
async function until(probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 5; ; delay = Math.min(delay * 2, 50)) {
    if (probe()) return true;
    if (Date.now() > deadline) return false;
    await sleep(delay);
  }
}

async function startMonitor(after) {
  const us = nowUs();
  for (let attempt = 0; attempt < 3; attempt++) {
    const r = psv(['start', '--json']);
    let pid = NaN;
    try {
      pid = JSON.parse(r.stdout).pid;
    } catch {}
    const s = procStat(pid);
    if (s) {
      const first = monitorSample(pid);
      soak.monitors.push({ pid, start: s.start, us, after, first, last: first });
      return;
    }
  }
  throw new Error(`psv start failed three times:\n${soak.verbFailures.slice(-3).join('\n')}`);
}

function sampleMonitor() {
  if (!monitorAlive()) return;
  monitor().last = monitorSample(monitor().pid) ?? monitor().last;
}

function rememberHelpers() {
  if (!monitorAlive()) return [];
  const found = childrenOf(monitor().pid).filter((pid) => argv0(pid).endsWith('psv-spawn'));
  for (const pid of found) if (!soak.helpers.some((h) => h.pid === pid)) soak.helpers.push({ pid, start: procStat(pid)?.start });
  return found;
}

async function waitMonitorGone(why, verb = null) {
  const m = monitor();
  if (await until(() => !alive(m.pid, m.start), 30_000)) return;
  throw new Error(`the monitor (pid ${m.pid}) still runs 30 s after ${why}\n${stuckMonitor(m.pid, verb)}`);
}

/** What a monitor that does not go away is doing: the verb's answer, its threads' states and kernel stacks, its log's end. */
function stuckMonitor(pid, verb) {
  const read = (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (err) {
      return `(${err.code})`;
    }
  };
  const lines = [];
  if (verb) lines.push(`verb: exit ${verb.status} signal ${verb.signal}\nstdout: ${verb.stdout?.trim()}\nstderr: ${verb.stderr?.trim()}`);
  for (const tid of readdirSync(`/proc/${pid}/task`, { withFileTypes: false })) {
    const stat = read(`/proc/${pid}/task/${tid}/stat`);
    lines.push(`thread ${tid} ${read(`/proc/${pid}/task/${tid}/comm`).trim()} state ${stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)} wchan ${read(`/proc/${pid}/task/${tid}/wchan`)}`);
  }
  lines.push(`children: ${childrenOf(pid).map((c) => `${c} ${argv0(c)}`).join(', ')}`);
  lines.push(`monitor.log (end):\n${read(join(run.stateDir, 'monitor.log')).split('\n').slice(-40).join('\n')}`);
  lines.push(`events (end):\n${read(join(run.stateDir, 'events.jsonl')).split('\n').slice(-15).join('\n')}`);
  // Left for a post-mortem whatever --keep-dir says.
  opt['keep-dir'] = true;
  return lines.join('\n');
}

/** A monitor that died without being killed is a failure; the soak starts another and goes on. */
async function ensureMonitor() {
  if (monitorAlive()) return;
  soak.monitorDeaths++;
  await startMonitor('its predecessor died');
}

// ---- the actions ----

// Each action returns false when it found nothing to act on (counted as skipped).

/**
 * A running target with no kill pending, or undefined. A target that runs
 * twice (a duplicate, already recorded) loses both processes: "back" then
 * still means a process of it that was not there before. After a monitor
 * restart every target is adopted until it restarts, so half of the target
 * kills look for one the current monitor started, to time that path too.
 */
function victim(scan, preferChild = false) {
  const ok = names.filter((n) => scan.roots.has(n) && !soak.pending.has(n));
  const children = preferChild ? ok.filter((n) => isChildOfMonitor(scan.roots.get(n)[0])) : [];
  return children.length ? pick(children) : ok.length ? pick(ok) : undefined;
}

/** Started by the current monitor's spawn helper (its exit is seen at once), not adopted (seen at the next check). */
function isChildOfMonitor(pid) {
  const parent = procStat(pid)?.ppid;
  return parent === monitor().pid || (argv0(parent).endsWith('psv-spawn') && procStat(parent)?.ppid === monitor().pid);
}

function kill(pid) {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {}
}

const actions = {
  async killTarget(scan) {
    const name = victim(scan, rng() < 0.5);
    if (!name) return false;
    const pids = scan.roots.get(name);
    const kind = isChildOfMonitor(pids[0]) ? 'child' : 'adopted';
    pids.forEach(kill);
    soak.pending.set(name, { us: nowUs(), kind, killed: pids });
  },
  async killMonitor() {
    sampleMonitor();
    rememberHelpers();
    kill(monitor().pid);
    await waitMonitorGone('SIGKILL');
    await startMonitor('killMonitor');
  },
  async killHelper() {
    const helpers = rememberHelpers();
    if (!helpers.length) return false;
    for (const pid of helpers) kill(pid);
  },
  /** One burst, in either order: the case where a restart can be started twice. */
  async killTogether(scan) {
    const name = victim(scan);
    if (!name) return false;
    sampleMonitor();
    rememberHelpers();
    const us = nowUs();
    const pids = rng() < 0.5 ? [...scan.roots.get(name), monitor().pid] : [monitor().pid, ...scan.roots.get(name)];
    pids.forEach(kill);
    soak.pending.set(name, { us, kind: 'withMonitor', killed: scan.roots.get(name) });
    await waitMonitorGone('SIGKILL');
    await startMonitor('killTogether');
  },
  async cycle() {
    sampleMonitor();
    rememberHelpers();
    const stopped = psv(['stop', '--keep-targets']);
    await waitMonitorGone('psv stop --keep-targets', stopped);
    const mode = DAMAGES[soak.counts.cycle % DAMAGES.length];
    soak.actionLog.at(-1).action = `cycle (${mode})`;
    damageState(mode);
    await startMonitor(`cycle (${mode})`);
  },
};

function damageState(mode) {
  const file = join(run.stateDir, 'state.json');
  const size = existsSync(file) ? statSync(file).size : null;
  if (mode === 'garbage') writeFileSync(file, randomBytes(512));
  if (mode === 'truncate' && size !== null) truncateSync(file, Math.floor(size / 2));
  if (mode === 'empty') writeFileSync(file, '');
  if (mode === 'remove') rmSync(file, { force: true });
  soak.damages.push({ mode, sizeBefore: size });
}

function chooseAction() {
  const total = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);
  let r = rng() * total;
  for (const [name, w] of Object.entries(WEIGHTS)) if ((r -= w) < 0) return name;
  return 'killTarget';
}

function progress(scan) {
  const up = names.filter((n) => scan.roots.get(n)?.length === 1).length;
  const done = Object.values(soak.counts).reduce((a, b) => a + b, 0);
  process.stderr.write(
    `[soak ${Math.round((Date.now() - soak.t0) / 1000)} s] actions ${done}, targets with one process ${up}/${N}, ` +
      `marked processes ${scan.all.length}, duplicates seen ${soak.duplicates.size}, monitors ${soak.monitors.length}\n`,
  );
}

// ---- the disk (issue 23): stateDir's size over the run, against the bound psv check states ----

const DISK_EVERY_MS = 1000 * Number(opt['disk-every']);
const disk = { samples: [], bound: null };

/** Bytes under a folder, every file at any depth (files that vanish while counting count 0). */
function treeSize(path) {
  try {
    const st = statSync(path);
    if (!st.isDirectory()) return st.size;
    return readdirSync(path).reduce((sum, name) => sum + treeSize(join(path, name)), 0);
  } catch {
    return 0;
  }
}

function sampleDisk(when) {
  const bytes = treeSize(run.stateDir);
  disk.samples.push({ when, seconds: Math.round((Date.now() - (soak.t0 ?? Date.now())) / 1000), bytes });
  process.stderr.write(`[soak disk] ${when}: stateDir ${(bytes / 1048576).toFixed(2)} MiB\n`);
}

function diskReport() {
  const mib = (b) => (b / 1048576).toFixed(2);
  const over = disk.samples.filter((s) => disk.bound !== null && s.bytes > disk.bound);
  const lines = ['', '## Disk', '', `Worst case stated by psv check --json: ${disk.bound === null ? 'no bound' : `${mib(disk.bound)} MiB`}`, '', '| when | s | stateDir MiB |', '|---|---|---|'];
  for (const s of disk.samples) lines.push(`| ${s.when} | ${s.seconds} | ${mib(s.bytes)} |`);
  lines.push('', over.length ? `**Over the bound** ${over.length} time(s)` : 'Within the bound at every sample.');
  // Flat once the bounds are reached: the second half of the run adds little.
  const mid = disk.samples.find((s) => s.seconds >= disk.samples.at(-1).seconds / 2);
  if (mid && disk.samples.length > 2) lines.push(`Growth over the second half: ${mib(disk.samples.at(-1).bytes - mid.bytes)} MiB (from ${mid.when}).`);
  return { ok: over.length === 0, text: lines.join('\n') };
}

async function actionPhase() {
  const end = Date.now() + DURATION_MS;
  let nextDisk = DISK_EVERY_MS > 0 ? Date.now() + DISK_EVERY_MS : Infinity;
  let nextCycle = Date.now() + CYCLE_MS;
  let nextProgress = Date.now() + 30_000;
  while (Date.now() < end) {
    await ensureMonitor();
    sampleMonitor();
    const scan = scanMarked(run.prefix);
    soak.observe(scan);
    if (scan.all.length > RUNAWAY * N) return void (soak.runaway = true);
    if (Date.now() >= nextProgress) (nextProgress += 30_000), progress(scan);
    if (Date.now() >= nextDisk) (nextDisk += DISK_EVERY_MS), sampleDisk(`${Math.round((Date.now() - soak.t0) / 60000)} min`);
    const action = Date.now() >= nextCycle ? 'cycle' : chooseAction();
    if (action === 'cycle') nextCycle += CYCLE_MS;
    soak.actionLog.push({ us: nowUs(), action });
    const key = (await actions[action](scan)) === false ? `${action} skipped` : action;
    soak.counts[key] = (soak.counts[key] ?? 0) + 1;
    await sleep(PACE_MS * (0.5 + rng()));
  }
}

// ---- the end ----

/** Waits (up to --settle) for one process per target and no orphans, then reads the final state from /proc. */
async function settle() {
  const settled = await until(() => {
    const scan = scanMarked(run.prefix);
    soak.observe(scan);
    return clean(soak.endState(scan));
  }, 1000 * Number(opt.settle));
  await ensureMonitor();
  sampleMonitor();
  return { settled, ...soak.endState(scanMarked(run.prefix)), neverBack: [...soak.pending.keys()] };
}

/** Everything of this run that still runs: marked processes, monitors, spawn helpers. */
function leftovers() {
  const procs = [...soak.monitors, ...soak.helpers].filter((p) => alive(p.pid, p.start)).map((p) => p.pid);
  return [...procs, ...scanMarked(run.prefix).all];
}

async function stopAll() {
  rememberHelpers();
  psv(['stop']);
  await until(() => leftovers().length === 0, 30_000);
  return leftovers().map((pid) => `${pid} ${argv0(pid)}`);
}

/** Kills whatever the run left (monitors and helpers first, so nothing restarts what follows). */
function killEverything() {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let pass = 0; pass < 50; pass++) {
    rememberHelpers();
    const rest = leftovers();
    if (!rest.length) break;
    rest.forEach(kill);
    Atomics.wait(pause, 0, 0, 20);
  }
  if (opt['keep-dir']) process.stderr.write(`[soak] kept ${dir}\n`);
  else rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
}

process.once('SIGINT', () => (killEverything(), process.exit(130)));
process.once('SIGTERM', () => (killEverything(), process.exit(143)));

let exitCode = 2;
try {
  writeConfig();
  disk.bound = JSON.parse(psv(['check', '--json']).stdout || '{}').disk?.total ?? null;
  await startMonitor('the soak began');
  if (!(await until(() => clean(soak.endState(scanMarked(run.prefix))), 30_000 + 50 * N))) throw new Error('the targets did not all start');
  soak.noteStarts(); // the first starts are nobody's answer to a kill
  soak.unprompted.clear();
  sampleMonitor();
  monitor().first = monitor().last;
  soak.t0 = Date.now();
  process.stderr.write(`[soak] ${N} targets up under pid ${monitor().pid}; ${DURATION_MS / 1000} s of actions (seed ${SEED}, ${dir})\n`);
  sampleDisk('start');
  await actionPhase();
  sampleDisk('end');
  const end = await settle();
  const left = await stopAll();
  const result = report({ soak, end, left, N, durationS: DURATION_MS / 1000, seed: SEED, backMs: soak.backSummaries(), alerts: alertEvents(run.stateDir) });
  const diskResult = diskReport();
  console.log(opt.json ? JSON.stringify({ ...result.json, disk }, null, 2) : result.markdown + '\n' + diskResult.text);
  exitCode = result.ok && diskResult.ok ? 0 : 1;
  // A failed invariant is evidence: its folder (events, monitor log, state) stays for a post-mortem.
  if (exitCode !== 0) opt['keep-dir'] = true;
} catch (err) {
  console.error(`soak: ${err.stack ?? err}`);
} finally {
  killEverything();
}
process.exit(exitCode);
