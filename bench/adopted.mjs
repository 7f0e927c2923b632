#!/usr/bin/env node
// npm run bench:adopted — watching processes psv did not start.
// 1. CPU of one check tick against N adopted processes (N = 10, 100, 1000):
//    N external `sleep` processes, N match targets, the monitor's own tick.
// 2. Detection latency at interval 1 s: kill a watched process at a random
//    moment, time until the monitor reports it down.
// 3. At N adopted processes (LATENCY_N, 1000): by match, by pidfile, and
//    command targets re-adopted after a monitor crash; KILLS SIGKILLs each,
//    death → TargetDown and death → restored (the new process seen: TargetUp,
//    or TargetStarted for a command target), at interval 1 s and 10 s, with
//    the pidfd waits (after) and with PSV_NO_PIDFD=1 (before: the tick alone);
//    and the monitor's idle CPU over IDLE_S seconds with all N watched. Each
//    case runs in a process of its own (bench/adopted-case.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fmt, summarize, waitFor } from './lib.mjs';

const { Monitor } = await import('../dist/src/engine/monitor.js');
const { EventBus } = await import('../dist/src/events/bus.js');
const { platform } = await import('../dist/src/platform/index.js');

const SIZES = (process.env.SIZES ?? '10,100,1000').split(',').map(Number);
const TICKS = Number(process.env.TICKS ?? 100);
const KILLS = Number(process.env.KILLS ?? 30);
// sleep takes no extra arguments, so each sleeper is told apart by its duration.
const marker = String(process.pid);
const sleepArg = (tag, i) => `${100000 + tag}.${marker}${String(i).padStart(5, '0')}`;
const sleepRegex = (tag, i) => `^sleep ${sleepArg(tag, i).replace('.', '\\.')}$`;
const dir = mkdtempSync(join(tmpdir(), 'psv-bench-adopted-'));

function targetConfig(name, args, duration) {
  return {
    name,
    kind: 'match',
    command: [],
    match: { name: 'sleep', args, user: null },
    pidfile: null,
    service: null,
    restartWhenStopped: false,
    instances: null,
    onExcess: 'warn',
    cwd: dir,
    env: {},
    restart: { retries: 1000, windowMs: 60_000, delayMs: 0, backoff: { factor: 2, maxMs: 1000 }, script: null, scriptTimeoutMs: 1000, command: ['sleep', duration], confirmTimeoutMs: 10_000 },
    onRetryOver: 'continue',
    stopTimeoutMs: 1000,
    dependsOn: [],
    readyAfterMs: 0,
    readyOnNotify: false,
    group: null,
    stall: { heartbeatMs: null, file: null, stuckForMs: null },
    probes: [],
  };
}

function monitorFor(targets, intervalMs, sink = []) {
  const config = {
    file: join(dir, 'bench.yaml'),
    monitor: { intervalMs, stateDir: join(dir, `state-${Date.now()}`), control: null, adminGroup: null, events: { file: null, console: false, language: 'en' }, logs: { maxBytes: 1 << 20, keep: 1 }, analysis: { dir: join(dir, 'incidents'), keep: 1, maxBytes: 1 << 20, maxDumpBytes: 0, minIntervalMs: 3_600_000, procdump: null } },
    targets,
    groups: [],
  };
  const events = new EventBus([{ write: (r) => sink.push(r) }]);
  return new Monitor(config, { platform, events, version: 'bench', controlAddress: 'none' });
}

function startSleepers(n, tag) {
  const children = [];
  for (let i = 0; i < n; i++) {
    const c = spawn('sleep', [sleepArg(tag, i)], { stdio: 'ignore', detached: true });
    c.unref();
    children.push(c.pid);
  }
  return children;
}

/** Waits until every sleeper has exec'ed (its command line shows the marker). */
async function visible(pids) {
  const { readFileSync } = await import('node:fs');
  await waitFor('sleepers exec', () =>
    pids.every((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
      } catch {
        return false;
      }
    }),
  );
}

function killAll(pids) {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
}

async function tickCost(n) {
  const pids = startSleepers(n, n);
  await visible(pids);
  const targets = pids.map((_, i) => targetConfig(`t${i}`, sleepRegex(n, i), sleepArg(n, i)));
  const sink = [];
  const monitor = monitorFor(targets, 3_600_000, sink);
  const t0 = performance.now();
  monitor.start();
  await waitFor('all adopted', () => monitor.status().targets.every((t) => t.state === 'Running'), 120_000);
  const adoptMs = performance.now() - t0;
  const samples = [];
  for (let i = 0; i < TICKS; i++) {
    const before = process.cpuUsage();
    await monitor.tick();
    const used = process.cpuUsage(before);
    samples.push((used.user + used.system) / 1000);
  }
  await monitor.stop('bench');
  killAll(pids);
  return { n, adoptMs, tick: summarize(samples) };
}

async function detection() {
  const pids = startSleepers(1, 0);
  await visible(pids);
  const sink = [];
  const monitor = monitorFor([targetConfig('watched', sleepRegex(0, 0), sleepArg(0, 0))], 1000, sink);
  monitor.start();
  await waitFor('adopted', () => monitor.status().targets[0].state === 'Running', 10_000);
  const latencies = [];
  let current = pids[0];
  const spawned = [];
  for (let k = 0; k < KILLS; k++) {
    await new Promise((r) => setTimeout(r, 200 + Math.random() * 1000));
    const downs = sink.filter((e) => e.event === 'TargetDown').length;
    const killedAt = Date.now();
    process.kill(current, 'SIGKILL');
    await waitFor('down', () => sink.filter((e) => e.event === 'TargetDown').length > downs, 10_000);
    const down = sink.filter((e) => e.event === 'TargetDown').at(-1);
    latencies.push(Date.parse(down.time) - killedAt);
    await waitFor('back', () => monitor.status().targets[0].state === 'Running' && monitor.status().targets[0].pid !== current, 15_000);
    current = monitor.status().targets[0].pid;
    spawned.push(current);
  }
  await monitor.stop('bench');
  killAll([...pids, ...spawned]);
  return summarize(latencies);
}

/** The latency cases, each in a child process; ONLY_LATENCY=1 skips parts 1 and 2. */
function latencyCases() {
  const n = Number(process.env.LATENCY_N ?? 1000);
  const kinds = (process.env.KINDS ?? 'match,pidfile,readopted').split(',');
  const intervals = (process.env.INTERVALS ?? '1000,10000').split(',').map(Number);
  const modes = (process.env.MODES ?? 'pidfd,tick').split(',');
  const out = [];
  for (const kind of kinds)
    for (const intervalMs of intervals)
      for (const mode of modes) {
        const args = [join(import.meta.dirname, 'adopted-case.mjs'), kind, String(n), String(intervalMs), String(KILLS)];
        const r = spawnSync(process.execPath, ['--expose-gc', ...args], { env: { ...process.env, PSV_NO_PIDFD: mode === 'tick' ? '1' : '0' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 1_800_000 });
        const line = r.stdout.trim().split('\n').at(-1) ?? '';
        try {
          const result = JSON.parse(line);
          out.push({ ...result, mode });
          console.error(`adopted ${kind} n=${n} interval=${intervalMs} ${mode}: down p50 ${fmt(result.down.p50)} p99 ${fmt(result.down.p99)}, restored p50 ${fmt(result.restored.p50)} p99 ${fmt(result.restored.p99)}, idle CPU ${result.idleCpuPct.toFixed(3)} %`);
        } catch {
          console.error(`adopted ${kind} interval=${intervalMs} ${mode}: failed (${r.status ?? r.signal}): ${r.stdout.slice(-500)}`);
        }
      }
  return out;
}

function printLatency(rows) {
  console.log('');
  console.log('| adopted by | processes | interval | detection | death→TargetDown p50 ms | p99 ms | death→restored p50 ms | p99 ms | failures | idle CPU % |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.kind} | ${r.n} | ${r.intervalMs / 1000} s | ${r.mode === 'tick' ? 'tick (PSV_NO_PIDFD=1, before)' : 'pidfd'} | ${fmt(r.down.p50)} | ${fmt(r.down.p99)} | ${fmt(r.restored.p50)} | ${fmt(r.restored.p99)} | ${r.failures}/${r.kills} | ${r.idleCpuPct.toFixed(3)} |`,
    );
}

if (process.env.ONLY_LATENCY === '1') {
  const rows = latencyCases();
  printLatency(rows);
  console.log(JSON.stringify({ bench: 'adopted-latency', rows }));
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

try {
  const machine = `${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${release()}, Node ${process.version}`;
  const rows = [];
  for (const n of SIZES) rows.push(await tickCost(n));
  const det = await detection();
  console.log(`adopted processes (${new Date().toISOString().slice(0, 10)}; ${machine})`);
  console.log('| adopted processes | CPU per tick p50 ms | p90 ms | max ms | first look (all adopted) ms |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.n} | ${fmt(r.tick.p50)} | ${fmt(r.tick.p90)} | ${fmt(r.tick.max)} | ${fmt(r.adoptMs)} |`);
  console.log('');
  console.log(`detection latency at interval 1 s, ${det.n} kills at random moments: p50 ${fmt(det.p50)} ms, p90 ${fmt(det.p90)} ms, p99 ${fmt(det.p99)} ms, max ${fmt(det.max)} ms`);
  const latency = latencyCases();
  printLatency(latency);
  console.log(JSON.stringify({ bench: 'adopted', ticks: rows, detection: det, latency }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
