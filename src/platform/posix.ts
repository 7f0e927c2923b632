// Linux (and other Unix) adapter: targets run in their own session, so the
// process group id equals the target's pid and one kill(-pid) reaches the tree.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Platform, SpawnSpec } from './types.js';

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
  // The leader may have left the group (setsid/setpgid of its own): signal it too.
  try {
    process.kill(pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/** Field 22 of /proc/PID/stat: start time in clock ticks since boot. */
function linuxStartToken(pid: number): string | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return null;
  }
  // comm (field 2) may hold spaces and parentheses: split after the last ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = rest[0];
  if (state === 'Z' || state === 'X') return null; // a zombie is dead
  return rest[19] ?? null;
}

export const posixPlatform: Platform = {
  name: process.platform === 'linux' ? 'linux' : 'posix',
  isWindows: false,
  shutdownSignals: ['SIGINT', 'SIGTERM'],

  spawnTarget(spec: SpawnSpec) {
    const [file, ...args] = spec.command;
    return spawn(file!, args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', spec.outputFd, spec.outputFd],
    });
  },

  terminateTree(pid) {
    signalGroup(pid, 'SIGTERM');
  },

  killTree(pid) {
    signalGroup(pid, 'SIGKILL');
  },

  processStartToken(pid) {
    if (process.platform === 'linux') return linuxStartToken(pid);
    try {
      process.kill(pid, 0);
      return 'alive';
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM' ? 'alive' : null;
    }
  },

  scriptCommand(path) {
    return [path];
  },

  defaultControlAddress(stateDir) {
    if (process.getuid?.() === 0) return '/run/psv/psv.sock';
    const runtime = process.env.XDG_RUNTIME_DIR;
    return runtime ? join(runtime, 'psv', 'psv.sock') : join(stateDir, 'psv.sock');
  },

  currentUser() {
    return userInfo().username;
  },
};
