// Compiles psv's native helpers into dist/bin/:
//   psv-spawn    src/native/psv-spawn.c, launch.c, proc-tree.c, pid-watch.c, usage.c: starts and reaps the targets, waits on adopted processes' pidfds, samples its children and checks their output files' size (Linux)
//   psv-notify   src/native/psv-notify.c: serves systemd's NOTIFY_SOCKET (Linux)
//   psv-win.exe  src/native/psv-win.c, win-proc.c, win-scm.c, win-dump.c, win-job.c: the process
//                table, start times and waits on Windows, services through the SCM, minidumps
//                (dbghelp), each target in a Job Object,
//                cross-compiled with MinGW-w64 (x86_64-w64-mingw32-gcc, Debian's
//                gcc-mingw-w64-x86-64); the Wine tests and psv.exe use it
// The single executables embed their own copies (scripts/build-exe.mjs). Without
// a C compiler the helpers are left out: psv spawns its targets through Node
// (slower restarts when the monitor is large) and serves heartbeats on
// PSV_NOTIFY only, and psv.exe reads processes through PowerShell;
// PSV_REQUIRE_NATIVE=1 makes that an error instead.
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Each helper's sources under src/native/. */
export const NATIVE_HELPERS = {
  'psv-spawn': ['psv-spawn.c', 'launch.c', 'proc-tree.c', 'pid-watch.c', 'usage.c', 'io.c'],
  'psv-notify': ['psv-notify.c', 'io.c'],
};

/** The Windows helpers, their sources and libraries (built by the MinGW-w64 cross compiler). */
export const WINDOWS_HELPERS = {
  'psv-win.exe': { sources: ['psv-win.c', 'win-proc.c', 'win-scm.c', 'win-dump.c', 'win-job.c'], libs: ['-lntdll', '-lshell32', '-ladvapi32', '-ldbghelp'] },
};

/** The cross compiler for the Windows helpers: $MINGW_CC, else Debian's. */
export const MINGW_CC = process.env.MINGW_CC || 'x86_64-w64-mingw32-gcc';

/** Compiles helper `name` (Linux or Windows) to `output`; returns false (with the reason on stderr) when it cannot. */
export function buildHelper(name, output) {
  const windows = WINDOWS_HELPERS[name];
  const cc = windows ? MINGW_CC : process.env.CC || 'cc';
  mkdirSync(dirname(output), { recursive: true });
  const temp = `${output}.${process.pid}.tmp`;
  const sources = (windows ? windows.sources : NATIVE_HELPERS[name]).map((f) => join(ROOT, 'src', 'native', f));
  // -s: no symbols (the exe is embedded in psv.exe); static libgcc: nothing beyond Windows' own DLLs.
  const extra = windows ? ['-s', '-static-libgcc', ...windows.libs] : [];
  const r = spawnSync(cc, ['-O2', '-Wall', '-Wextra', '-Werror', '-o', temp, ...sources, ...extra], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    process.stderr.write(`build-native: cannot compile ${name} with ${cc}: ${r.error?.message ?? r.stderr}\n`);
    return false;
  }
  renameSync(temp, output);
  return true;
}

/** Whether the MinGW-w64 cross compiler is installed. */
export function haveMingw() {
  return spawnSync(MINGW_CC, ['--version'], { stdio: 'ignore' }).status === 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.platform !== 'linux') process.exit(0);
  const require = process.env.PSV_REQUIRE_NATIVE === '1';
  const failed = Object.keys(NATIVE_HELPERS).filter((name) => !buildHelper(name, join(ROOT, 'dist', 'bin', name)));
  if (failed.length > 0) {
    if (require) process.exit(1);
    process.stderr.write('build-native: psv will spawn its targets through Node and serve no NOTIFY_SOCKET (install gcc and libc6-dev for the helpers)\n');
  }
  if (haveMingw() || require) {
    const winFailed = Object.keys(WINDOWS_HELPERS).filter((name) => !buildHelper(name, join(ROOT, 'dist', 'bin', name)));
    if (winFailed.length > 0 && require) process.exit(1);
  } else {
    process.stderr.write(`build-native: no ${MINGW_CC}: psv.exe will read processes through PowerShell (install gcc-mingw-w64-x86-64 for psv-win.exe)\n`);
  }
}
