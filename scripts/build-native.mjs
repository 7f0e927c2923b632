// Compiles psv's native helpers for psv run from its sources on Linux, into dist/bin/:
//   psv-spawn   src/native/psv-spawn.c, launch.c, proc-tree.c: starts and reaps the targets
//   psv-notify  src/native/psv-notify.c: serves systemd's NOTIFY_SOCKET
// The single executable embeds its own copies (scripts/build-exe.mjs). Without
// a C compiler the helpers are left out: psv spawns its targets through Node
// (slower restarts when the monitor is large) and serves heartbeats on
// PSV_NOTIFY only; PSV_REQUIRE_NATIVE=1 makes that an error instead.
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Each helper's sources under src/native/. */
export const NATIVE_HELPERS = {
  'psv-spawn': ['psv-spawn.c', 'launch.c', 'proc-tree.c', 'io.c'],
  'psv-notify': ['psv-notify.c', 'io.c'],
};

/** Compiles helper `name` to `output`; returns false (with the reason on stderr) when it cannot. */
export function buildHelper(name, output) {
  const cc = process.env.CC || 'cc';
  mkdirSync(dirname(output), { recursive: true });
  const temp = `${output}.${process.pid}.tmp`;
  const sources = NATIVE_HELPERS[name].map((f) => join(ROOT, 'src', 'native', f));
  const r = spawnSync(cc, ['-O2', '-Wall', '-Wextra', '-Werror', '-o', temp, ...sources], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    process.stderr.write(`build-native: cannot compile ${name} with ${cc}: ${r.error?.message ?? r.stderr}\n`);
    return false;
  }
  renameSync(temp, output);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.platform !== 'linux') process.exit(0);
  const failed = Object.keys(NATIVE_HELPERS).filter((name) => !buildHelper(name, join(ROOT, 'dist', 'bin', name)));
  if (failed.length > 0) {
    if (process.env.PSV_REQUIRE_NATIVE === '1') process.exit(1);
    process.stderr.write('build-native: psv will spawn its targets through Node and serve no NOTIFY_SOCKET (install gcc and libc6-dev for the helpers)\n');
  }
}
