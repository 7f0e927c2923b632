// The live capture of the running OS (see dumps.ts).
import { captureLinux } from './dumps-linux.js';
import { captureWindows } from './dumps-windows.js';
import type { CaptureResult, LiveCaptureOptions } from './dumps.js';
import type { HostInfo } from './types.js';

export type { CaptureResult, LiveCaptureOptions } from './dumps.js';

/** Stacks and a memory dump of live process `o.pid`, by the tools of `platform`'s OS. */
export function captureLive(platform: HostInfo, o: LiveCaptureOptions): Promise<CaptureResult> {
  if (platform.isWindows) return captureWindows({ ...o, gdb: null });
  if (platform.name !== 'linux') {
    return Promise.resolve({ captured: [], skipped: [{ what: 'thread stacks and memory dump', why: `not supported on ${platform.name}` }], notes: [] });
  }
  return captureLinux(o);
}
