#!/usr/bin/env node
// npm run bench:adopted — watching processes psv did not start.
// 1. CPU of one check tick against N adopted processes (N = 10, 100, 1000):
//    N external `sleep` processes, N match targets, the monitor's own tick.
// 2. Detection latency at interval 1 s: kill a watched process at a random
//    moment, time until the monitor reports it down.
import { spawn } from 'node:child_process';
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
  console.log(JSON.stringify({ bench: 'adopted', ticks: rows, detection: det }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
