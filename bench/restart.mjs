#!/usr/bin/env node
// npm run bench:restart — kill→back latency of a target psv started itself.
// The target writes "<pid> <wall clock µs>" to a start log as it starts, so the
// latency is measured from the kill to the moment the new process runs,
// whatever the monitor reports. The floor is the same target restarted by the
// barest Node supervisor (bench/floor-supervisor.mjs), measured in the same run.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem, release } from 'node:os';
import { join } from 'node:path';
import { fmt, nowUs, psvCommand, summarize, waitFor } from './lib.mjs';

const KILLS = Number(process.env.KILLS ?? 40);
/** How long each target runs before it is killed (CRASH_LOOP_MIN_UPTIME_MS in src/policy/retry.ts). */
const MIN_UPTIME_MS = 1000;
const dir = mkdtempSync(join(tmpdir(), 'psv-bench-'));
const startLog = join(dir, 'starts.log');
const target = ['/bin/bash', '-c', `echo "$$ $EPOCHREALTIME" >> ${startLog}; exec sleep 100000`];

function starts() {
  try {
    return readFileSync(startLog, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [pid, t] = l.split(' ');
        return { pid: Number(pid), us: Math.round(Number(t) * 1e6) };
      });
  } catch {
    return [];
  }
}

/** Kills the current target n times under a supervisor command; kill→first line of the new one. */
async function killLoop(supervisorArgv, n) {
  writeFileSync(startLog, '');
  const [file, ...args] = supervisorArgv;
  const supervisor = spawn(file, args, { stdio: 'ignore' });
  let current = (await waitFor('first start', () => starts().at(-1))).pid;
  const samples = [];
  for (let i = 0; i < n; i++) {
    const before = starts().length;
    const t0 = nowUs();
    process.kill(current, 'SIGKILL');
    const entry = await waitFor('restart', () => starts()[before]);
    samples.push((entry.us - t0) / 1000);
    current = entry.pid;
    // Each target runs past CRASH_LOOP_MIN_UPTIME_MS (1 s) before it is killed: a
    // shorter run is a crash loop, which psv deliberately holds back (its helper then
    // leaves the restart to the monitor). Then a random pause, so that the kills do not
    // fall into step with anything periodic.
    const ranMs = (nowUs() - entry.us) / 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, MIN_UPTIME_MS - ranMs) + 20 + Math.random() * 30));
  }
  supervisor.kill('SIGTERM');
  await new Promise((r) => supervisor.once('exit', r));
  try {
    process.kill(-current, 'SIGKILL');
  } catch {}
  return summarize(samples);
}

function psvArgv() {
  const config = join(dir, 'psv.yaml');
  writeFileSync(
    config,
    `monitor:\n  stateDir: ${join(dir, 'state')}\n  control: ${join(dir, 'psv.sock')}\n  events: { file: ${join(dir, 'events.jsonl')}, console: false }\n` +
      `targets:\n  - name: bench\n    command: ${JSON.stringify(target)}\n    restart: { retries: 100000, window: 1s }\n`,
  );
  return [...psvCommand(), 'run', '-c', config];
}

try {
  const floorArgv = [process.execPath, join(import.meta.dirname, 'floor-supervisor.mjs'), JSON.stringify(target)];
  await killLoop(floorArgv, 5); // warm the page cache and the binaries
  const floor = await killLoop(floorArgv, KILLS);
  const psv = await killLoop(psvArgv(), KILLS);
  const machine = `${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${release()}, Node ${process.version}`;
  console.log(`kill→back latency, ${KILLS} kills (${new Date().toISOString().slice(0, 10)}; ${machine})`);
  console.log('| | p50 ms | p90 ms | p99 ms | max ms |');
  console.log('|---|---|---|---|---|');
  console.log(`| bare Node respawn loop (floor) | ${fmt(floor.p50)} | ${fmt(floor.p90)} | ${fmt(floor.p99)} | ${fmt(floor.max)} |`);
  console.log(`| psv kill→back | ${fmt(psv.p50)} | ${fmt(psv.p90)} | ${fmt(psv.p99)} | ${fmt(psv.max)} |`);
  console.log(`| psv above floor | ${fmt(psv.p50 - floor.p50)} | ${fmt(psv.p90 - floor.p90)} | ${fmt(psv.p99 - floor.p99)} | |`);
  console.log(JSON.stringify({ bench: 'restart', kills: KILLS, floor, psv }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
