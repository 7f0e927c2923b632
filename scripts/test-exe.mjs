#!/usr/bin/env node
// Runs the Node test suites against the single executables instead of the
// compiled sources: PSV_EXE=out/psv for every end-to-end test, and the Wine
// suites (test/wine-smoke.test.ts, test/wine-native.test.ts, test/wine-services.test.ts,
// test/wine-dump.test.ts) against out/psv.exe.
//   --no-build   use the executables already in out/ (else: npm run build:exe first)
//   other words  file filters, passed on to scripts/run-tests.mjs
// Expects dist/test to be compiled (npm run test:exe runs `npm run build` first).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = process.cwd();
const args = process.argv.slice(2);
const exe = join(root, 'out', 'psv');

if (!args.includes('--no-build')) {
  const b = spawnSync(process.execPath, [join(root, 'scripts', 'build-exe.mjs'), '--no-archives'], { stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
if (!existsSync(exe)) {
  console.error(`test-exe: ${exe} is missing: run npm run build:exe`);
  process.exit(1);
}
const filters = args.filter((a) => a !== '--no-build');
const r = spawnSync(process.execPath, [join(root, 'scripts', 'run-tests.mjs'), '--node-only', ...filters], {
  stdio: 'inherit',
  env: { ...process.env, PSV_EXE: exe },
});
process.exit(r.status ?? 1);
