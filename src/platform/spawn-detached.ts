// How a target is spawned by Node on every OS: detached (its own session or
// process tree, so it outlives the monitor and is killed as one unit), its
// output on the given descriptor, no console window on Windows.
import { spawn, type ChildProcess } from 'node:child_process';
import type { SpawnSpec } from './types.js';

export function spawnDetached(spec: SpawnSpec): ChildProcess {
  const [file, ...args] = spec.command;
  return spawn(file!, args, {
    cwd: spec.cwd,
    env: spec.env,
    detached: true,
    windowsHide: true,
    stdio: ['ignore', spec.outputFd, spec.outputFd],
    ...(spec.user ? { uid: spec.user.uid, gid: spec.user.gid } : {}),
  });
}
