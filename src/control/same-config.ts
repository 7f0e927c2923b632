// One monitor per config: a request names the config file it means, and a
// monitor that runs another refuses it, so that no verb ever acts on the
// wrong monitor (two configs sharing an endpoint, a stray PSV_CONTROL).
import { realpathSync } from 'node:fs';
import { ControlError } from './protocol.js';

/** The file's real path (links resolved), or the path itself when it is gone. */
export function realPath(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

export function sameConfig(a: string, b: string): boolean {
  return a === b || realPath(a) === realPath(b);
}

/** Refuses a request meant for the monitor of `expected` when this one runs `running`; null asks for no check. */
export function checkConfig(expected: string | null, running: string): void {
  if (expected === null || sameConfig(expected, running)) return;
  throw new ControlError('WRONG_MONITOR', `this monitor (pid ${process.pid}) runs ${running}, not ${expected}`, undefined, { pid: process.pid, config: running });
}
