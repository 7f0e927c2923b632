// Where psv's native helper programs are (src/native/): extracted
// from the single executable, or next to the compiled sources in dist/bin/
// (scripts/build-native.mjs), or named by an environment variable.
import { accessSync, constants as fsConstants } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractAsset, isSingleExecutable } from './assets.js';
import { HOST_OS } from './host.js';

/** The SEA asset names of the helpers (scripts/build-exe.mjs embeds them in the Linux executable). */
export const SPAWN_HELPER_ASSET = 'psv-spawn';
export const NOTIFY_HELPER_ASSET = 'psv-notify';
/** The Windows helper (src/native/psv-win.c), embedded in psv.exe. */
export const WINDOWS_HELPER_ASSET = 'psv-win.exe';

/**
 * Where helper `name` is, or null when this psv has none (another OS's
 * helper, not built). `overrideVar` names a variable that, when set, gives
 * the path instead ("" for none).
 */
export function nativeHelperPath(name: string, overrideVar: string): string | null {
  if (HOST_OS !== (name === WINDOWS_HELPER_ASSET ? 'windows' : 'linux')) return null;
  const override = process.env[overrideVar];
  if (override !== undefined) return override === '' ? null : override;
  try {
    if (isSingleExecutable()) return extractAsset(name, { executable: true });
    // From the sources: dist/src/platform/helpers.js → dist/bin/NAME.
    const path = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', name);
    accessSync(path, fsConstants.X_OK);
    return path;
  } catch {
    return null;
  }
}

/** The NOTIFY_SOCKET helper (src/native/psv-notify.c), or null. */
export function notifyHelperPath(): string | null {
  return nativeHelperPath(NOTIFY_HELPER_ASSET, 'PSV_NOTIFY_HELPER');
}

/** The Windows helper (src/native/psv-win.c), or null. */
export function windowsHelperPath(): string | null {
  return nativeHelperPath(WINDOWS_HELPER_ASSET, 'PSV_WIN_HELPER');
}
