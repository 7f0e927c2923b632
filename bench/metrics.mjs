#!/usr/bin/env node
// npm run bench:metrics — what Prometheus costs the monitor at N targets (1000 by
// default): the time of one scrape of /metrics (p50/p90/max over SCRAPES), the
// size of the answer, and the monitor's CPU over a minute idle against the same
// minute with a scrape every second.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fmt, psvCommand, summarize } from './lib.mjs';

const { values: opt } = parseArgs({
  options: {
    targets: { type: 'string', default: '1000' },
    scrapes: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '60' }, // each CPU phase
  },
});
const N = Number(opt.targets);
const SECONDS = Number(opt.seconds);
const dir = mkdtempSync(join(tmpdir(), 'psv-bench-metrics-'));
const config = join(dir, 'psv.yaml');
const events = join(dir, 'events.jsonl');
// sleep takes a fraction: digits only, this run's pid first, so that its targets can be found and killed.
const tag = `1000000.${process.pid}`;
writeFileSync(
  config,
  [
    'monitor:',
    `  stateDir: ${join(dir, 'state')}`,
    `  control: ${join(dir, 'psv.sock')}`,
    `  events: { file: ${events}, sinks: [file] }`,
    '  metrics: { listen: "127.0.0.1:0" }',
    'targets:',
    ...Array.from({ length: N }, (_, i) => `  - { name: t${i}, command: [sleep, "${tag}${String(i).padStart(5, '0')}"] }`),
  ].join('\n') + '\n',
);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const [file, ...pre] = psvCommand();
const monitor = spawn(file, [...pre, 'run', '-c', config], { stdio: 'ignore' });
const cpuOf = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, clock ticks of 10 ms
};

try {
  let url = null;
  for (let i = 0; i < 600 && url === null; i++) {
    await sleep(100);
    try {
      const served = readFileSync(events, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((e) => e.event === 'MetricsServed');
      url = served?.url ?? null;
    } catch {}
  }
  if (url === null) throw new Error('the monitor did not serve metrics within 60 s');
  // Every target up before measuring.
  for (let i = 0; i < 1200; i++) {
    const text = await (await fetch(url)).text();
    if ((text.match(/^psv_target_up\{[^}]*\} 1$/gm) ?? []).length === N) break;
    await sleep(100);
  }
  const times = [];
  let bytes = 0;
  for (let i = 0; i < Number(opt.scrapes); i++) {
    const t0 = performance.now();
    const text = await (await fetch(url)).text();
    times.push(performance.now() - t0);
    bytes = text.length;
  }
  const scrape = summarize(times);

  await sleep(5000);
  const idle0 = cpuOf(monitor.pid);
  await sleep(SECONDS * 1000);
  const idle = (cpuOf(monitor.pid) - idle0) / SECONDS;
  const busy0 = cpuOf(monitor.pid);
  for (let s = 0; s < SECONDS; s++) {
    const next = Date.now() + 1000;
    await (await fetch(url)).text();
    await sleep(Math.max(0, next - Date.now()));
  }
  const scraped = (cpuOf(monitor.pid) - busy0) / SECONDS;

  console.log(`/metrics at ${N} targets (${new Date().toISOString().slice(0, 10)}; ${cpus().length} cores, Linux ${release()})`);
  console.log('| what | value |');
  console.log('|---|---|');
  console.log(`| one scrape, p50 / p90 / max ms (${times.length} scrapes) | ${fmt(scrape.p50)} / ${fmt(scrape.p90)} / ${fmt(scrape.max)} |`);
  console.log(`| answer size | ${(bytes / 1024).toFixed(0)} KiB |`);
  console.log(`| monitor CPU idle (${SECONDS} s) | ${(idle * 100).toFixed(2)} % |`);
  console.log(`| monitor CPU, one scrape a second (${SECONDS} s) | ${(scraped * 100).toFixed(2)} % |`);
} finally {
  monitor.kill('SIGTERM');
  await new Promise((r) => monitor.once('exit', r));
  spawnSync('pkill', ['-f', tag]);
  rmSync(dir, { recursive: true, force: true });
}
