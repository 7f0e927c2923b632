#!/usr/bin/env node
// One latency case of bench/adopted.mjs, in a process of its own (the platform
// reads PSV_NO_PIDFD once). argv: KIND N INTERVAL_MS KILLS, KIND one of
//   match      N external `sleep` processes, one match target each, restored by restart.command
//   pidfile    the same found by pidfile; the restore command writes its pid and execs sleep
//   readopted  N command targets started by a `psv run` that is then SIGKILLed; this
//              monitor adopts them (their deaths are not its children's exits)
// Prints one JSON line: death → TargetDown and death → restored (ms), failures, idle CPU.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { psvCommand, summarize, waitFor } from './lib.mjs';

const { Monitor } = await import('../dist/src/engine/monitor.js');
const { EventBus } = await import('../dist/src/events/bus.js');
const { platform } = await import('../dist/src/platform/index.js');
const { loadConfig } = await import('../dist/src/config/load.js');

const [kind, nArg, intervalArg, killsArg] = process.argv.slice(2);
const N = Number(nArg);
const INTERVAL_MS = Number(intervalArg);
const tick = process.env.PSV_NO_PIDFD === '1';
// At a 10 s tick, 30 kills take ten minutes: fewer, unless told.
const KILLS = Number(process.env.KILLS_TICK_SLOW && tick && INTERVAL_MS > 2000 ? process.env.KILLS_TICK_SLOW : tick && INTERVAL_MS > 2000 ? 10 : killsArg);
const IDLE_S = Number(process.env.IDLE_S ?? 10);
const dir = mkdtempSync(join(tmpdir(), 'psv-bench-case-'));
const tag = `${process.pid % 100000}`;
const duration = (i) => `${200000 + (kind === 'match' ? 1 : kind === 'pidfile' ? 2 : 3)}.${tag}${String(i).padStart(5, '0')}`;
const now = () => performance.now();

function yaml(targets) {
  return (
    `monitor:\n  interval: ${INTERVAL_MS}ms\n  stateDir: ${join(dir, 'state')}\n  control: ${join(dir, 'psv.sock')}\n` +
    `  events: { file: ${join(dir, 'events.jsonl')}, console: false, sinks: [file] }\n  analysis: { keep: 1 }\ntargets:\n${targets.join('')}`
  );
}

function cmdline(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

/** The pids of live processes whose command line names one of our durations. */
function ours() {
  const out = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    const c = cmdline(Number(e));
    if (c.startsWith('sleep\0') && c.includes(`.${tag}`)) out.push(Number(e));
  }
  return out;
}

async function externalSleepers() {
  const pids = [];
  for (let i = 0; i < N; i++) {
    const c = spawn('sleep', [duration(i)], { stdio: 'ignore', detached: true });
    c.unref();
    pids.push(c.pid);
  }
  await waitFor('sleepers exec', () => pids.every((pid, i) => cmdline(pid).includes(duration(i))), 120_000);
  return pids;
}

async function prepare() {
  const targets = [];
  if (kind === 'match' || kind === 'pidfile') {
    const pids = await externalSleepers();
    for (let i = 0; i < N; i++) {
      const d = duration(i);
      if (kind === 'match') {
        targets.push(`  - name: t${i}\n    match: { name: sleep, args: '^sleep ${d.replace('.', '\\.')}$' }\n    restart: { command: [sleep, '${d}'], retries: 100000, window: 1s }\n`);
      } else {
        const file = join(dir, `t${i}.pid`);
        writeFileSync(file, `${pids[i]}\n`);
        targets.push(`  - name: t${i}\n    pidfile: ${file}\n    restart: { command: [sh, -c, 'echo $$ > ${file}; exec sleep ${d}'], retries: 100000, window: 1s }\n`);
      }
    }
    writeFileSync(join(dir, 'psv.yaml'), yaml(targets));
    return;
  }
  for (let i = 0; i < N; i++) targets.push(`  - name: t${i}\n    command: [sleep, '${duration(i)}']\n    restart: { retries: 100000, window: 1s }\n`);
  writeFileSync(join(dir, 'psv.yaml'), yaml(targets));
  // A monitor that starts them and is then killed: its targets outlive it.
  const [file, ...pre] = psvCommand();
  const first = spawn(file, [...pre, 'run', '-c', join(dir, 'psv.yaml')], { stdio: 'ignore' });
  await waitFor('first monitor started all', () => ours().length >= N, 300_000);
  // Its state is saved after the starts: wait until the journal names them all.
  await waitFor('first monitor saved its state', () => {
    try {
      const text = readFileSync(join(dir, 'state', 'state.json'), 'utf8') + readFileSyncSafe(join(dir, 'state', 'state.journal'));
      return new Set(text.match(/"t\d+"/g) ?? []).size >= N;
    } catch {
      return false;
    }
  }, 60_000);
  first.kill('SIGKILL');
  await new Promise((r) => first.once('exit', r));
}

function readFileSyncSafe(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** On-CPU time of a process in ms (schedstat: ns). */
function cpuMs(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return 0;
  }
}

function helperPids() {
  const kids = readFileSyncSafe(`/proc/${process.pid}/task/${process.pid}/children`).trim().split(/\s+/).filter(Boolean).map(Number);
  return kids.filter((k) => readFileSyncSafe(`/proc/${k}/comm`).trim() === 'psv-spawn');
}

await prepare();
const loaded = loadConfig(join(dir, 'psv.yaml'));
if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems.slice(0, 3)));
const sink = [];
const events = new EventBus([{ write: (r) => { sink.push({ at: now(), event: r.event, target: r.target, pid: r.pid }); if (process.env.TRACE) console.error(now().toFixed(1), r.event, r.target, r.pid); } }]);
const monitor = new Monitor(loaded.config, { platform, events, version: 'bench', controlAddress: 'none' });
const t0 = now();
await monitor.start();
await waitFor('all watched', () => monitor.status().targets.every((t) => t.state === 'Running'), 300_000);
const allUpMs = now() - t0;
globalThis.gc?.();

const restoredEvent = kind === 'readopted' ? 'TargetStarted' : 'TargetUp';
const down = [];
const restored = [];
let failures = 0;
for (let k = 0; k < KILLS; k++) {
  // Random moments: with the tick alone, the phase of the kill against the tick decides.
  await new Promise((r) => setTimeout(r, 20 + Math.random() * (tick ? INTERVAL_MS : 30)));
  const i = Math.floor(Math.random() * N);
  const name = `t${i}`;
  const st = monitor.status().targets.find((t) => t.name === name);
  const pid = st.pid;
  const from = sink.length;
  const killedAt = now();
  process.kill(pid, 'SIGKILL');
  try {
    const d = await waitFor('down', () => sink.slice(from).find((e) => e.target === name && e.event === 'TargetDown'), INTERVAL_MS * 2 + 10_000);
    down.push(d.at - killedAt);
    const r = await waitFor('restored', () => sink.slice(from).find((e) => e.target === name && e.event === restoredEvent && e.pid !== pid), 15_000);
    restored.push(r.at - killedAt);
    await waitFor('running', () => monitor.status().targets.find((t) => t.name === name).state === 'Running', 15_000);
  } catch {
    failures++;
  }
}

// Idle: every target watched, nothing happening.
// V8 collects garbage for a while after activity (its memory reducer): the idle cost is measured once that has settled.
await new Promise((r) => setTimeout(r, Number(process.env.SETTLE_S ?? 1) * 1000));
const helpers = helperPids();
const cpu0 = cpuMs(process.pid) + helpers.reduce((a, p) => a + cpuMs(p), 0);
await new Promise((r) => setTimeout(r, IDLE_S * 1000));
const cpu1 = cpuMs(process.pid) + helpers.reduce((a, p) => a + cpuMs(p), 0);
const idleCpuPct = ((cpu1 - cpu0) / (IDLE_S * 1000)) * 100;

await monitor.stop('bench');
for (const pid of ours()) {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {}
}
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ kind, n: N, intervalMs: INTERVAL_MS, kills: KILLS, failures, allUpMs, down: summarize(down), restored: summarize(restored), idleCpuPct }));
process.exit(0);
