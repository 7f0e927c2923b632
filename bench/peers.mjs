#!/usr/bin/env node
// npm run bench (npm run bench:quick) — psv against the tools an admin would
// pick instead (PM2, supervisord, Monit) and two floors, on one workload:
// N identical targets, each `bash -c 'echo "$0 $$ $EPOCHREALTIME" >> LOG;
// exec sleep …'`, under each supervisor in turn. Per supervisor and N:
//   start-up   launch of the supervisor → every target has written its line;
//   idle cost  CPU % of one core and RSS of the supervisor's own process over
//              IDLE_S seconds with all N running (/proc/PID/stat, /status);
//              60 s by default: at N = 1000 psv's slowest periodic work (the
//              incidents' resource samples) comes once a minute, which a
//              shorter window often misses;
//   kill→back  K SIGKILLs of random targets, each waiting for the target to be
//              back (its new start line) before the next: p50/p90/p99/max,
//              failures = not back within 10 s.
// Then, for psv alone: adopted-process detection (bench/adopted.mjs) and the
// start-up of the single executable (out/psv version), when it exists.
// Writes bench/RESULTS.md and prints the tables and one JSON line per row.
//
// Env: SIZES (10,100,1000), KILLS (30), IDLE_S (60), ONLY (keys, comma-separated),
//      MONIT_MAX_N (largest N Monit is run at; 1000), BUDGET_MIN (30),
//      RESULTS (where the Markdown goes; bench/RESULTS.md), PSV_ONLY_PEERS=1 (skip psv's
//      adopted-process and start-up extras: for partial runs while working on psv).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fmt, nowUs, ROOT, summarize } from './lib.mjs';
import { alive, cpuMs, schedCpuMs, killQuietly, pollUntil, privateMb, processesMatching, rssMb, sleep, StartLog } from './peers/common.mjs';
import { ensurePeers } from './peers/install.mjs';
import { ALL } from './peers/supervisors.mjs';

const QUICK = process.argv.includes('--quick');
const SIZES = (process.env.SIZES ?? (QUICK ? '10' : '10,100,1000')).split(',').map(Number);
const KILLS = Number(process.env.KILLS ?? (QUICK ? 10 : 30));
const IDLE_S = Number(process.env.IDLE_S ?? (QUICK ? 10 : 60));
const ONLY = process.env.ONLY ? process.env.ONLY.split(',') : null;
const MONIT_MAX_N = Number(process.env.MONIT_MAX_N ?? 1000);
const BUDGET_MS = Number(process.env.BUDGET_MIN ?? 30) * 60_000;
const BACK_DEADLINE_MS = 10_000;
/** A killed target has run at least this long (psv's crash-loop minimum, 1 s, and a margin). */
const RUN_BEFORE_KILL_US = 1_100_000;
const began = Date.now();
const log = (...a) => console.error(`[${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s]`, ...a);

// Every target's command line ends in `sleep <MARK>`, unique to this run, so a
// leftover can be found whoever started it; every supervisor's command line
// holds the run's folder.
const MARK = `1000000.${String(process.pid).padStart(7, '0')}`;
const runDir = mkdtempSync(join(tmpdir(), 'psv-peers-'));
const peersDir = join(import.meta.dirname, '.peers');

function startupTimeoutMs(key, n) {
  return key === 'monit' ? 30_000 + n * 600 : 30_000 + n * 60;
}

async function measure(sup, n, tools) {
  const dir = mkdtempSync(join(runDir, `${sup.key}-${n}-`));
  const logPath = join(dir, 'starts.log');
  const script = `echo "$0 $$ $EPOCHREALTIME" >> ${logPath}; exec sleep ${MARK}`;
  const ids = Array.from({ length: n }, (_, i) => `t${i}`);
  const starts = new StartLog(logPath);
  const row = { bench: 'peers', supervisor: sup.key, n, kills: KILLS, idleS: IDLE_S };
  let handle;
  try {
    const t0 = nowUs();
    handle = await sup.start({ dir, n, script, ids, tools });
    const up = await pollUntil(() => starts.poll().firstUs.size >= n, startupTimeoutMs(sup.key, n));
    if (!up) {
      row.error = `only ${starts.firstUs.size} of ${n} targets up after ${startupTimeoutMs(sup.key, n) / 1000} s`;
      return row;
    }
    row.startupMs = (Math.max(...starts.firstUs.values()) - t0) / 1000;
    await handle.settle?.();
    const pid = typeof handle.pid === 'function' ? handle.pid() : handle.pid;
    row.pid = pid;

    // Idle cost, with every target running and nothing dying. The supervisor's own
    // helper processes (psv: psv-spawn) count as the supervisor.
    await sleep(1000);
    const procs = [pid, ...(handle.helperPids?.(pid) ?? [])];
    row.helperPids = procs.slice(1);
    const sum = (f) => {
      const values = procs.map(f);
      return values[0] === null ? null : values.reduce((a, b) => a + (b ?? 0), 0);
    };
    const c0 = sum(cpuMs);
    const s0 = sum(schedCpuMs);
    const w0 = performance.now();
    await sleep(IDLE_S * 1000);
    const c1 = sum(cpuMs);
    const s1 = sum(schedCpuMs);
    const wall = performance.now() - w0;
    // utime+stime (10 ms ticks) and the scheduler's ns count (the one shown).
    row.idleCpuPctStat = c0 === null || c1 === null ? null : ((c1 - c0) / wall) * 100;
    row.idleCpuPct = s0 === null || s1 === null ? row.idleCpuPctStat : ((s1 - s0) / wall) * 100;
    row.rssMb = sum(rssMb);
    row.privateMb = sum(privateMb);

    // Kill→back.
    const samples = [];
    const down = new Set();
    let failures = 0;
    for (let k = 0; k < KILLS; k++) {
      let live = ids.filter((id) => !down.has(id));
      if (live.length === 0) break;
      // Only targets that have run past psv's crash-loop minimum (1 s; a shorter run
      // waits 100 ms before its restart): what is measured is the restart of a target
      // that ran for a while, the same rule for every supervisor.
      const ranLongEnough = () => {
        const { latest } = starts.poll();
        const now = nowUs();
        return live.filter((id) => now - latest.get(id).us >= RUN_BEFORE_KILL_US);
      };
      while (ranLongEnough().length === 0) await sleep(50);
      live = ranLongEnough();
      const id = live[Math.floor(Math.random() * live.length)];
      const before = starts.poll().latest.get(id);
      const k0 = nowUs();
      killQuietly(before.pid, 'SIGKILL');
      const back = await pollUntil(() => {
        const e = starts.poll().latest.get(id);
        return e.seq !== before.seq ? e : null;
      }, BACK_DEADLINE_MS);
      if (back) samples.push((back.us - k0) / 1000);
      else {
        failures++;
        down.add(id);
      }
      // A random pause so the kills do not fall into step with anything
      // periodic; Monit gets 0–1 s more, as its latency depends on where in
      // its 1 s cycle the kill lands.
      await sleep(20 + Math.random() * 30 + (sup.key === 'monit' ? Math.random() * 1000 : 0));
    }
    row.killBack = summarize(samples);
    row.failures = failures;
    row.supervisorAlive = alive(pid);
    return row;
  } catch (e) {
    row.error = String(e?.stack ?? e);
    return row;
  } finally {
    try {
      await handle?.stop();
    } catch (e) {
      row.stopError = String(e);
    }
    // Whatever the supervisor left behind: every target pid it ever started.
    starts.poll();
    let left = 0;
    for (const pid of starts.allPids) {
      if (alive(pid)) {
        left++;
        killQuietly(pid);
      }
    }
    row.targetsLeftAfterStop = left;
    starts.close();
    log(`${sup.key} N=${n}: ${row.error ?? `up ${fmt(row.startupMs)} ms, p50 ${fmt(row.killBack?.p50)} ms, cpu ${fmt(row.idleCpuPct)} %, rss ${fmt(row.rssMb)} MB`}`);
  }
}

/** psv only: adopted-process detection and tick cost (bench/adopted.mjs). */
function adopted() {
  const env = { ...process.env, SIZES: SIZES.join(','), KILLS: String(QUICK ? 10 : 30), TICKS: String(QUICK ? 20 : 100) };
  const r = spawnSync(process.execPath, [join(import.meta.dirname, 'adopted.mjs')], { env, encoding: 'utf8', timeout: 600_000 });
  const line = (r.stdout ?? '').trim().split('\n').at(-1);
  try {
    return JSON.parse(line);
  } catch {
    return { bench: 'adopted', error: `adopted.mjs exited ${r.status}: ${(r.stderr ?? '').trim().split('\n').at(-1)}` };
  }
}

/** psv only: `out/psv version`, wall clock, median of 11 runs after 3 warm-ups. */
function seaStartup() {
  const exe = join(ROOT, 'out', 'psv');
  if (!existsSync(exe)) return { bench: 'sea-startup', skipped: 'out/psv is absent (npm run build:exe makes it)' };
  const once = () => {
    const t0 = performance.now();
    const r = spawnSync(exe, ['version'], { stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`out/psv version exited ${r.status}`);
    return performance.now() - t0;
  };
  for (let i = 0; i < 3; i++) once();
  return { bench: 'sea-startup', ...summarize(Array.from({ length: 11 }, once)) };
}

function cleanupLeftovers() {
  const left = processesMatching([MARK, runDir]);
  for (const p of left) killQuietly(p.pid);
  return left;
}

// ---- report ----

const COLS = [
  ['p50', (r) => r.killBack?.p50, 'kill→back p50 ms'],
  ['p90', (r) => r.killBack?.p90, 'p90 ms'],
  ['p99', (r) => r.killBack?.p99, 'p99 ms'],
  ['max', (r) => r.killBack?.max, 'max ms'],
  ['fail', (r) => r.failures, 'failures'],
  ['cpu', (r) => r.idleCpuPct, 'idle CPU % of a core'],
  ['rss', (r) => r.rssMb, 'RSS MB'],
  ['priv', (r) => r.privateMb, 'private MB'],
  ['up', (r) => r.startupMs, 'start-up ms'],
];

function report(rows, extras, meta) {
  const out = [];
  const labels = Object.fromEntries(ALL.map((s) => [s.key, s.label]));
  const cell = (v, key) => (v === undefined || v === null ? 'n/a' : key === 'fail' ? `${v}/${KILLS}` : key === 'cpu' ? v.toFixed(3) : fmt(v));
  out.push(`# psv against its peers${QUICK ? ` — QUICK RUN (N=${SIZES.join(',')}, K=${KILLS}, idle ${IDLE_S} s: not the full benchmark; \`npm run bench\` makes that)` : ''}`);
  out.push('');
  out.push(`Made by \`npm run ${QUICK ? 'bench:quick' : 'bench'}\` (bench/peers.mjs) on ${meta.date}.`);
  out.push(`Machine: ${meta.machine}. Whole run: ${meta.durationS} s.`);
  if (QUICK) out.push('A quick run checks that the benchmark works; on a busy machine its figures (K = 10: p99 = max) say little about how the tools compare.');
  out.push(`Versions: ${meta.versions.map(([k, v]) => `${labels[k]} ${v}`).join('; ')}.`);
  out.push('');
  out.push(
    `Workload: N targets \`bash -c 'echo "$0 $$ $EPOCHREALTIME" >> LOG; exec sleep …'\`; ${KILLS} SIGKILLs of random targets per row, each waiting for the target's new start line (failure: not back within ${BACK_DEADLINE_MS / 1000} s), 20–50 ms random pause between kills (Monit: 0–1 s more), each killed target having run at least 1.1 s (psv's crash-loop minimum is 1 s: a shorter run waits 100 ms before its restart). ` +
      `Idle cost: the supervisor's own process (psv: its monitor; PM2: its God daemon; supervisord: its python process; Monit: its daemon; floors: the loop), on-CPU time over ${IDLE_S} s with all N running (the sum of /proc/PID/task/*/schedstat, ns; utime+stime from /proc/PID/stat, in 10 ms ticks, is in the raw lines as idleCpuPctStat), and VmRSS at the end of that window, with its private part (RssAnon + RssShmem: RSS less the pages of the program's own files, which are shared and which the kernel can drop; a Node program maps 35–60 MB of its executable). psv's figures include its spawn helper (psv-spawn, a child of the monitor). ` +
      'Start-up: from launching the supervisor (PM2: `pm2 start ecosystem.json`, which also starts its daemon) until all N targets have written their start line. Every supervisor is launched from a shell with `ulimit -Sn 1024` (the hard limit left as it is: Node — psv, PM2, the Node floor — raises its soft limit to the hard one by itself; supervisord is given `minfds` = 3N+128, its documented setting; Monit holds no per-target descriptor). Monit runs under a subreaper (bench/peers/reaper.c) that reaps orphaned targets at once, as systemd as pid 1 would: this machine\'s pid 1 leaves them zombies for up to a second, which Monit counts as running.',
  );
  out.push('');
  out.push('How each one is set up (its fastest documented restart, a private home and config in a temporary folder, nothing listening on the network):');
  out.push('');
  out.push('- psv: `psv run -c psv.yaml` in the foreground; `monitor: { stateDir, control: <tmp>/psv.sock, events: { console: false, sinks: [file] } }`; each target `restart: { retries: 100000, window: 1s }`. Stopped with SIGTERM.');
  out.push('- PM2: installed from the npm registry into bench/.peers; `pm2 start ecosystem.json`, each app `script: /bin/bash`, `interpreter: none`, `autorestart: true`, `restart_delay: 0` (no `exp_backoff_restart_delay`), `max_restarts: 1000000`; `PM2_HOME` and `HOME` in the temporary folder, `PM2_DISABLE_VERSION_CHECK=true`, `PM2_NO_INTERACTION=true`, and PM2_HOME/touch written first (else the CLI runs its first-use version check). Stopped with `pm2 kill`.');
  out.push('- supervisord (Debian package): `supervisord -n -c supervisord.conf`; each `[program]` `startsecs=0`, `startretries=1000000`, `autorestart=true`, output `NONE`, `stopasgroup`/`killasgroup`; control through a unix socket (mode 0700) only. Stopped with `supervisorctl shutdown`.');
  out.push('- Monit (Debian package): `monit -I -c monitrc`, `set daemon 1`, no httpd; each target `check process … with pidfile`, a start program that backgrounds the target and writes its pidfile, a stop program that kills it. Stopped with `monit quit` (which leaves the targets; the benchmark kills them).');
  out.push('- Floors: bench/peers/floor.c (one process: `waitpid()` → `fork()`+`exec()` again) and bench/peers/floor-multi.mjs (bench/floor-supervisor.mjs\'s Node loop over N children). They show what restarting costs with no supervisor logic at all.');
  for (const n of SIZES) {
    const at = rows.filter((r) => r.n === n);
    if (!at.length) continue;
    out.push('');
    out.push(`## N = ${n}`);
    out.push('');
    out.push(`| supervisor | ${COLS.map((c) => c[2]).join(' | ')} |`);
    out.push(`|---|${COLS.map(() => '---').join('|')}|`);
    for (const r of at) {
      if (r.error || r.skipped) out.push(`| ${labels[r.supervisor]} | ${r.skipped ?? 'error: ' + r.error.split('\n')[0]} ${'| '.repeat(COLS.length - 1)}|`);
      else out.push(`| ${labels[r.supervisor]} | ${COLS.map(([k, f]) => cell(f(r), k)).join(' | ')} |`);
    }
    const base = at.find((r) => r.supervisor === 'psv' && !r.error);
    if (base) {
      out.push('');
      out.push('Each peer ÷ psv (above 1: psv is better by that factor; failures: peer − psv):');
      out.push('');
      out.push(`| supervisor | ${COLS.map((c) => c[2]).join(' | ')} |`);
      out.push(`|---|${COLS.map(() => '---').join('|')}|`);
      for (const r of at) {
        if (r.supervisor === 'psv' || r.error || r.skipped) continue;
        const ratio = ([k, f]) => {
          const a = f(r);
          const b = f(base);
          if (k === 'fail') return a === undefined || b === undefined ? 'n/a' : String(a - b);
          if (!Number.isFinite(a) || !Number.isFinite(b)) return 'n/a';
          if (b === 0) return a === 0 ? '=' : '∞';
          return `${(a / b).toFixed(2)}×`;
        };
        out.push(`| ${labels[r.supervisor]} | ${COLS.map(ratio).join(' | ')} |`);
      }
    }
  }

  // Goals (issue 10), read at the largest N measured.
  const nMax = Math.max(...SIZES);
  const p = rows.find((r) => r.n === nMax && r.supervisor === 'psv' && !r.error);
  const fl = rows.find((r) => r.n === nMax && r.supervisor === 'floor-c' && !r.error) ?? rows.find((r) => r.n === nMax && r.supervisor === 'floor-node' && !r.error);
  if (p) {
    const yes = (ok) => (ok ? 'met' : '**not met**');
    out.push('');
    out.push(`## psv against its goals (at N = ${nMax}${nMax < 1000 ? '; the goals are set at N = 1000' : ''})`);
    out.push('');
    out.push('| goal | measured | |');
    out.push('|---|---|---|');
    if (fl) {
      out.push(`| kill→back p50 within 1 ms of the floor (${labels[fl.supervisor]}) | ${fmt(p.killBack.p50)} vs ${fmt(fl.killBack.p50)} ms (${p.killBack.p50 >= fl.killBack.p50 ? '+' : ''}${fmt(p.killBack.p50 - fl.killBack.p50)}) | ${yes(p.killBack.p50 - fl.killBack.p50 <= 1)} |`);
      out.push(`| kill→back p99 within 10 ms of the floor | ${fmt(p.killBack.p99)} vs ${fmt(fl.killBack.p99)} ms (${p.killBack.p99 >= fl.killBack.p99 ? '+' : ''}${fmt(p.killBack.p99 - fl.killBack.p99)}) | ${yes(p.killBack.p99 - fl.killBack.p99 <= 10)} |`);
    }
    out.push(`| idle CPU ≤ 0.1 % of one core | ${cell(p.idleCpuPct, 'cpu')} % | ${yes(p.idleCpuPct <= 0.1)} |`);
    out.push(`| RSS ≤ 60 MB | ${fmt(p.rssMb)} MB (private ${fmt(p.privateMb)} MB) | ${yes(p.rssMb <= 60)} |`);
    out.push(`| all targets up within 2 s of start | ${fmt(p.startupMs)} ms | ${yes(p.startupMs <= 2000)} |`);
    const floorC = rows.find((r) => r.n === nMax && r.supervisor === 'floor-c' && !r.error);
    if (floorC) {
      const times = p.startupMs / floorC.startupMs;
      out.push(`| all targets up ≤ 1.2× the C floor in the same run | ${fmt(p.startupMs)} vs ${fmt(floorC.startupMs)} ms (${times.toFixed(2)}×) | ${yes(times <= 1.2)} |`);
    }
    out.push(`| no failures | ${p.failures}/${KILLS} | ${yes(p.failures === 0)} |`);
  }

  // What was found about psv's figures, kept by hand in bench/FINDINGS.md so that a rerun keeps it.
  const findings = join(import.meta.dirname, 'FINDINGS.md');
  if (existsSync(findings)) {
    out.push('');
    out.push(readFileSync(findings, 'utf8').trim());
  }

  out.push('');
  out.push('## psv only');
  out.push('');
  const ad = extras.adopted;
  if (ad.error) out.push(`Adopted processes: ${ad.error}`);
  else {
    out.push('Adopted processes (bench/adopted.mjs: processes psv did not start, watched by polling):');
    out.push('');
    out.push('| adopted processes | CPU per check tick p50 ms | p90 ms | max ms |');
    out.push('|---|---|---|---|');
    for (const t of ad.ticks) out.push(`| ${t.n} | ${fmt(t.tick.p50)} | ${fmt(t.tick.p90)} | ${fmt(t.tick.max)} |`);
    const d = ad.detection;
    out.push('');
    out.push(`Detection latency at interval 1 s, ${d.n} kills at random moments: p50 ${fmt(d.p50)} ms, p90 ${fmt(d.p90)} ms, p99 ${fmt(d.p99)} ms, max ${fmt(d.max)} ms.`);
  }
  const sea = extras.sea;
  out.push('');
  out.push(sea.skipped ? `Single executable start-up: skipped — ${sea.skipped}.` : `Single executable start-up (\`out/psv version\`, wall clock, 11 runs): p50 ${fmt(sea.p50)} ms, p90 ${fmt(sea.p90)} ms, max ${fmt(sea.max)} ms.`);

  if (meta.notes.length) {
    out.push('');
    out.push('## Notes');
    out.push('');
    for (const note of meta.notes) out.push(`- ${note}`);
  }
  out.push('');
  out.push('## Raw');
  out.push('');
  out.push('```json');
  for (const r of [...rows, extras.adopted, extras.sea, { bench: 'peers-run', ...meta }]) out.push(JSON.stringify(r));
  out.push('```');
  return out.join('\n') + '\n';
}

// ---- main ----

const rows = [];
const notes = [];
let exitCode = 0;
const onSignal = () => {
  const left = cleanupLeftovers();
  rmSync(runDir, { recursive: true, force: true });
  console.error(`interrupted; killed ${left.length} leftover processes`);
  process.exit(130);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

try {
  const tools = ensurePeers(peersDir, log);
  notes.push(...tools.notes);
  const sups = ALL.filter((s) => (!ONLY || ONLY.includes(s.key)) && s.available(tools));
  for (const s of ALL) if (!sups.includes(s) && (!ONLY || ONLY.includes(s.key))) notes.push(`${s.label}: not available, not measured.`);
  const versions = sups.map((s) => [s.key, s.version(tools)]);
  for (const n of SIZES) {
    for (const sup of sups) {
      if (sup.key === 'monit' && n > MONIT_MAX_N) {
        rows.push({ bench: 'peers', supervisor: 'monit', n, skipped: `skipped: Monit starts its targets one by one (≈0.2 s each); MONIT_MAX_N=${MONIT_MAX_N}` });
        continue;
      }
      if (Date.now() - began > BUDGET_MS) {
        rows.push({ bench: 'peers', supervisor: sup.key, n, skipped: `skipped: the ${BUDGET_MS / 60_000}-minute budget was spent` });
        continue;
      }
      log(`${sup.key} N=${n}…`);
      const row = await measure(sup, n, tools);
      rows.push(row);
      console.log(JSON.stringify(row));
      const left = cleanupLeftovers();
      // Targets are killed by pid above (a late one is caught here by its
      // marker); anything else of the run still alive is worth a note.
      const others = left.filter((p) => !p.cmd.includes(MARK));
      if (left.length) row.leftovers = left.length;
      if (others.length) {
        left.splice(0, left.length, ...others);
        notes.push(`${sup.label} at N=${n}: ${left.length} processes of the run were still there after its stop and the kill of its targets (killed), e.g. \`${left[0].cmd.slice(0, 120)}\`.`);
      }
    }
  }
  const extras = { adopted: { error: 'not run' }, sea: { skipped: 'not run' } };
  if (sups.some((s) => s.key === 'psv') && process.env.PSV_ONLY_PEERS !== '1') {
    log('psv: adopted processes (bench/adopted.mjs)…');
    extras.adopted = adopted();
    extras.sea = seaStartup();
  }
  const meta = {
    date: new Date().toISOString().slice(0, 10),
    machine: `${cpus().length} cores (${cpus()[0]?.model?.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${release()}, Node ${process.versions.node}`,
    versions,
    quick: QUICK,
    sizes: SIZES,
    kills: KILLS,
    idleS: IDLE_S,
    durationS: Math.round((Date.now() - began) / 1000),
    notes,
  };
  const md = report(rows, extras, meta);
  writeFileSync(process.env.RESULTS ?? join(import.meta.dirname, 'RESULTS.md'), md);
  console.log(md);
  console.log(JSON.stringify({ bench: 'peers-run', durationS: meta.durationS, rows: rows.length }));
} catch (e) {
  console.error(e);
  exitCode = 1;
} finally {
  const left = cleanupLeftovers();
  if (left.length) {
    console.error(`leftovers killed at the end (${left.length}):`);
    for (const p of left) console.error(`  ${p.pid} ${p.cmd.slice(0, 160)}`);
  } else console.error('final check: no leftover processes');
  rmSync(runDir, { recursive: true, force: true });
}
process.exit(exitCode);
