// Compiles psv's one native helper, psv-spawn (src/native/psv-spawn.c and
// proc-tree.c), into dist/bin/psv-spawn for psv run from its sources on Linux. The single
// executable embeds its own copy (scripts/build-exe.mjs). Without a C compiler
// the helper is left out and psv spawns its targets through Node (slower
// restarts when the monitor is large, nothing else differs); PSV_REQUIRE_NATIVE=1
// makes that an error instead.
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Compiles the helper to `output`; returns false (with the reason on stderr) when it cannot. */
export function buildSpawnHelper(output) {
  const cc = process.env.CC || 'cc';
  mkdirSync(dirname(output), { recursive: true });
  const temp = `${output}.${process.pid}.tmp`;
  const sources = ['psv-spawn.c', 'proc-tree.c'].map((f) => join(ROOT, 'src', 'native', f));
  const r = spawnSync(cc, ['-O2', '-Wall', '-Wextra', '-Werror', '-o', temp, ...sources], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    process.stderr.write(`build-native: cannot compile psv-spawn with ${cc}: ${r.error?.message ?? r.stderr}\n`);
    return false;
  }
  renameSync(temp, output);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.platform !== 'linux') process.exit(0);
  if (!buildSpawnHelper(join(ROOT, 'dist', 'bin', 'psv-spawn'))) {
    if (process.env.PSV_REQUIRE_NATIVE === '1') process.exit(1);
    process.stderr.write('build-native: psv will spawn its targets through Node (install gcc and libc6-dev for the helper)\n');
  }
}
