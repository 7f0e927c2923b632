#!/usr/bin/env node
// npm run bench:console — the web console with a monitor running 1000 targets:
//  1. time to the first full status: login, then GET /api/status (the status
//     page's first render needs exactly this), and the first `status` message
//     of a fresh /api/stream;
//  2. the event stream under 50 restarts a second: targets are SIGKILLed from
//     outside at that rate for a while; every event the monitor wrote to its
//     event file in that time must also have come down the stream (delivered
//     vs produced), with its delay (arrival − event time).
// Writes bench/CONSOLE.md. TARGETS, RATE, SECONDS override the defaults;
// MODE=monitor measures the console the monitor serves itself (monitor.console)
// instead of `psv console` (bench/CONSOLE-monitor.md).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fmt, psvCommand, ROOT, summarize, waitFor } from './lib.mjs';
import { http, SseReader } from '../dist/test/console-http.js';

const TARGETS = Number(process.env.TARGETS ?? 1000);
const RATE = Number(process.env.RATE ?? 50);
const SECONDS = Number(process.env.SECONDS ?? 10);
const MODE = process.env.MODE === 'monitor' ? 'monitor' : 'cli';
const dir = mkdtempSync(join(tmpdir(), 'psv-bench-console-'));
const eventsFile = join(dir, 'events.jsonl');
const config = join(dir, 'psv.yaml');
const tag = `100000.${Date.now() % 1e7}`;

const lines = [
  'monitor:',
  `  stateDir: ${join(dir, 'state')}`,
  `  control: ${join(dir, 'psv.sock')}`,
  '  events:',
  `    file: ${eventsFile}`,
  '    console: false',
  '    sinks: [file]',
  ...(MODE === 'monitor' ? ['  console: { listen: "127.0.0.1:0" }'] : []),
  'defaults:',
  '  restart: { retries: 100000, window: 1s }',
  'targets:',
];
for (let i = 0; i < TARGETS; i++) lines.push(`  - name: t${i}`, `    command: [sleep, "${tag}"]`);
writeFileSync(config, lines.join('\n') + '\n');

function events() {
  try {
    return readFileSync(eventsFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  } catch {
    return [];
  }
}

const [file, ...pre] = psvCommand();
const children = [];
function run(args) {
  const child = spawn(file, [...pre, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PSV_LANG: 'en' } });
  children.push(child);
  return child;
}
function cleanup() {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
}
process.on('exit', cleanup);

const t0 = Date.now();
const monitor = run(['run', '-c', config]);
await waitFor(`${TARGETS} targets started`, () => events().filter((e) => e.event === 'TargetStarted').length >= TARGETS, 300_000);
const startedMs = Date.now() - t0;
console.log(`monitor: ${TARGETS} targets running after ${startedMs} ms`);

let url;
if (MODE === 'monitor') {
  const urlFile = join(dir, 'state', 'console.url');
  url = await waitFor('console.url', () => {
    try {
      return readFileSync(urlFile, 'utf8').trim();
    } catch {
      return null;
    }
  }, 60_000);
} else {
  const consoleProc = run(['console', '-c', config, '--no-open', '--listen', '127.0.0.1:0']);
  let out = '';
  consoleProc.stdout.on('data', (d) => (out += d));
  url = await waitFor('console URL', () => /console: (http:\/\/\S+)/.exec(out)?.[1], 60_000);
}
const base = url.slice(0, url.indexOf('/login#'));

// 1. The first full status.
let t = performance.now();
const login = await http(base, 'POST', '/api/login', { body: { token: url.slice(url.indexOf('#') + 1) } });
const cookie = String(login.headers['set-cookie']).split(';')[0];
const session = (await http(base, 'GET', '/api/session', { headers: { Cookie: cookie } })).json();
const loginMs = performance.now() - t;
const statusMs = [];
let statusBytes = 0;
for (let i = 0; i < 7; i++) {
  t = performance.now();
  const r = await http(base, 'GET', '/api/status', { headers: { Cookie: cookie } });
  statusMs.push(performance.now() - t);
  statusBytes = r.text.length;
  if (r.json().targets.length !== TARGETS) throw new Error(`status has ${r.json().targets.length} targets`);
}
t = performance.now();
const sse = new SseReader(base, '/api/stream', { Cookie: cookie });
await sse.opened;
const first = await waitFor('first stream status', () => sse.messages.find((m) => m.event === 'status'), 30_000);
const streamFirstMs = first.at - (performance.timeOrigin + t);
console.log(`login+session ${fmt(loginMs)} ms; GET /api/status first ${fmt(statusMs[0])} ms, median ${fmt(summarize(statusMs).p50)} ms (${(statusBytes / 1024).toFixed(0)} KiB); first stream status ${fmt(streamFirstMs)} ms`);

// 2. Restarts at RATE a second, killed from outside.
const status = (await http(base, 'GET', '/api/status', { headers: { Cookie: cookie } })).json();
const pids = status.targets.map((x) => x.pid);
const before = events().length;
const sseBefore = sse.messages.length;
const kills = RATE * SECONDS;
const killStart = Date.now();
let killed = 0;
for (let i = 0; i < kills; i++) {
  const due = killStart + (i * 1000) / RATE;
  const wait = due - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  try {
    process.kill(pids[i % pids.length], 'SIGKILL');
    killed++;
  } catch {
    // already gone
  }
}
const killSeconds = (Date.now() - killStart) / 1000;
// Settled: the event file stops growing and every restart is back.
let last = -1;
await waitFor('events settled', async () => {
  const n = events().length;
  const settled = n === last;
  last = n;
  await new Promise((r) => setTimeout(r, 2000));
  return settled;
}, 120_000);
const produced = events().slice(before);
const key = (e) => `${e.time}|${e.id}|${e.target ?? ''}|${e.message}`;
const streamed = sse.messages.slice(sseBefore).filter((m) => m.event === 'event');
const got = new Map(streamed.map((m) => [key(m.data), m.at]));
const missing = produced.filter((e) => !got.has(key(e)));
const delays = produced.filter((e) => got.has(key(e))).map((e) => got.get(key(e)) - Date.parse(e.time));
const restarts = produced.filter((e) => e.event === 'TargetStarted').length;
const statusMsgs = sse.messages.slice(sseBefore).filter((m) => m.event === 'status');
const statusSpan = (statusMsgs.at(-1)?.at ?? 0) - (statusMsgs[0]?.at ?? 0);
const delay = summarize(delays);
console.log(`kills ${killed} in ${killSeconds.toFixed(1)} s (${(killed / killSeconds).toFixed(1)}/s); restarts ${restarts}; events produced ${produced.length}, delivered ${produced.length - missing.length}, missing ${missing.length}; delay p50 ${fmt(delay.p50)} ms p99 ${fmt(delay.p99)} ms max ${fmt(delay.max)} ms; status messages ${statusMsgs.length} over ${(statusSpan / 1000).toFixed(1)} s`);
sse.close();

const report = `# The web console under load

Made by \`npm run bench:console\` (bench/console.mjs) on ${new Date().toISOString().slice(0, 10)}.
Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Linux ${release()}, Node ${process.versions.node}; shared with other work (load average at the end: see below).

Set-up: \`psv run\` with ${TARGETS} targets (\`sleep\`), ${MODE === 'monitor' ? 'the console served by the monitor itself (monitor.console: its command handler and event bus in-process)' : '\`psv console\` as its own process reaching the monitor through the control socket (as the CLI does)'}, the client over HTTP on 127.0.0.1.

## First full status (the status page's first render)

| what | ms |
|---|---|
| monitor start until ${TARGETS} targets started | ${startedMs} |
| login + GET /api/session | ${fmt(loginMs)} |
| GET /api/status, first | ${fmt(statusMs[0])} |
| GET /api/status, median of ${statusMs.length} | ${fmt(summarize(statusMs).p50)} |
| GET /api/status, max | ${fmt(summarize(statusMs).max)} |
| GET /api/stream until its first \`status\` message | ${fmt(streamFirstMs)} |

The status is ${(statusBytes / 1024).toFixed(0)} KiB of JSON.

## The event stream under ${RATE} restarts a second

${killed} SIGKILLs of distinct targets from outside in ${killSeconds.toFixed(1)} s (${(killed / killSeconds).toFixed(1)}/s), ${restarts} restarts.

| what | value |
|---|---|
| events the monitor wrote (event file) | ${produced.length} |
| of them delivered on /api/stream | ${produced.length - missing.length} |
| missing | ${missing.length} |
| delay event time → arrival, p50 / p90 / p99 / max ms | ${fmt(delay.p50)} / ${fmt(delay.p90)} / ${fmt(delay.p99)} / ${fmt(delay.max)} |
| \`status\` messages (coalesced, at most ~4/s) | ${statusMsgs.length} over ${(statusSpan / 1000).toFixed(1)} s |

Load average at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}.
`;
const reportName = MODE === 'monitor' ? 'CONSOLE-monitor.md' : 'CONSOLE.md';
writeFileSync(join(ROOT, 'bench', reportName), report);
console.log(`wrote bench/${reportName}`);
void session;
cleanup();
await new Promise((r) => monitor.once('exit', r));
rmSync(dir, { recursive: true, force: true });
process.exit(missing.length === 0 && summarize(statusMs).p50 < 1000 ? 0 : 1);
