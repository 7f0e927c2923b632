#!/usr/bin/env node
// npm run bench:startup — the size of the single executables and the wall-clock
// start-up of `psv version` (process start to exit), median of RUNS runs:
// the compiled sources on this Node, out/psv (Linux SEA), out/psv.exe under Wine.
// A row whose program is missing is left out (npm run build:exe makes out/).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { fmt, ROOT, summarize } from './lib.mjs';

const RUNS = Number(process.env.RUNS ?? 21);
const out = join(ROOT, 'out');

function measure(argv, env = process.env) {
  const run = () => {
    const t0 = performance.now();
    const r = spawnSync(argv[0], argv.slice(1), { env, stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
    return performance.now() - t0;
  };
  for (let i = 0; i < 3; i++) run(); // page cache, code cache, a warm wineserver
  return summarize(Array.from({ length: RUNS }, run));
}

const rows = [];
const sources = join(ROOT, 'dist', 'src', 'cli', 'main.js');
if (existsSync(sources)) rows.push({ what: `node dist/src/cli/main.js (Node ${process.versions.node})`, ...measure([process.execPath, sources, 'version']) });
if (existsSync(join(out, 'psv'))) rows.push({ what: 'out/psv (Linux SEA)', ...measure([join(out, 'psv'), 'version']) });

const wine = spawnSync('wine', ['--version'], { encoding: 'utf8' });
let winePrefix = null;
if (existsSync(join(out, 'psv.exe')) && wine.status === 0) {
  const p = spawnSync('bash', [join(ROOT, 'scripts', 'wine-prefix.sh')], { encoding: 'utf8' });
  if (p.status === 0) winePrefix = p.stdout.trim();
}
if (winePrefix) {
  const env = { ...process.env, WINEPREFIX: winePrefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=' };
  // stdout is not a pipe here (ignored): under Wine node.exe's output to pipes is unreliable.
  try {
    spawnSync('wineserver', ['-p'], { env, stdio: 'ignore' }); // one wineserver for all runs, as on a machine in use
    rows.push({ what: `wine out/psv.exe (${wine.stdout.trim()})`, ...measure(['wine', join(out, 'psv.exe'), 'version'], env) });
  } finally {
    spawnSync('wineserver', ['-k'], { env, stdio: 'ignore' });
  }
}

const sizes = ['psv', 'psv.exe']
  .map((f) => join(out, f))
  .filter(existsSync)
  .map((f) => ({ file: f.slice(ROOT.length + 1), mib: statSync(f).size / 2 ** 20 }));

const machine = `${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${release()}`;
console.log(`start-up of \`psv version\`, median of ${RUNS} runs (${new Date().toISOString().slice(0, 10)}; ${machine})`);
console.log('| program | p50 ms | p90 ms | max ms |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(`| ${r.what} | ${fmt(r.p50)} | ${fmt(r.p90)} | ${fmt(r.max)} |`);
if (sizes.length) {
  console.log('\n| executable | size MiB |');
  console.log('|---|---|');
  for (const s of sizes) console.log(`| ${s.file} | ${s.mib.toFixed(1)} |`);
}
console.log(JSON.stringify({ bench: 'startup', runs: RUNS, rows, sizes }));
