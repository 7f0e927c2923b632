// Finds the file a spawn of `program` would run, the way the OS looks it up, so the
// loader can warn about a command that cannot start. The OS flavour is a parameter
// (the caller asks src/platform), so both flavours are testable on one machine.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

export interface WhichOptions {
  /** Directory the program would be started in (relative programs resolve here). */
  cwd: string;
  /** Environment the program would be started with (PATH, and PATHEXT on Windows). */
  env: Record<string, string | undefined>;
  isWindows: boolean;
  /** Test hook: is `file` a file that can be run? Default: checks the real disk. */
  isRunnable?: (file: string, isWindows: boolean) => boolean;
}

export type WhichResult =
  | { found: true; file: string }
  | { found: false; reason: 'not-found' | 'not-executable'; tried: string };

const DEFAULT_PATHEXT = '.COM;.EXE;.BAT;.CMD';

/**
 * Answers of the last moments: a config of a thousand targets asks for the
 * same program in the same PATH a thousand times (one stat per PATH folder
 * each); kept for CACHE_MS only, so a reload a moment later sees the disk anew.
 */
const CACHE_MS = 2000;
const cache = new Map<string, { at: number; result: WhichResult }>();

export function findExecutable(program: string, opts: WhichOptions): WhichResult {
  if (opts.isRunnable) return lookUp(program, opts);
  const key = JSON.stringify([program, opts.cwd, opts.isWindows, envValue(opts.env, 'PATH', opts.isWindows), opts.isWindows ? envValue(opts.env, 'PATHEXT', true) : '']);
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && now - hit.at <= CACHE_MS) return hit.result;
  if (cache.size > 1000) cache.clear();
  const result = lookUp(program, opts);
  cache.set(key, { at: now, result });
  return result;
}

function lookUp(program: string, opts: WhichOptions): WhichResult {
  const p = opts.isWindows ? path.win32 : path.posix;
  const isRunnable = opts.isRunnable ?? runnableOnDisk;
  const exts = opts.isWindows ? windowsExtensions(program, envValue(opts.env, 'PATHEXT', true)) : [''];
  const hasDir = opts.isWindows ? /[\\/]/.test(program) : program.includes('/');

  const dirs = hasDir
    ? [p.resolve(opts.cwd, p.dirname(program))]
    : // Windows (libuv) looks in the working directory before PATH; POSIX does not.
      [...(opts.isWindows ? [opts.cwd] : []), ...splitPath(envValue(opts.env, 'PATH', opts.isWindows), p.delimiter)];
  const base = hasDir ? p.basename(program) : program;

  let notExecutable: string | null = null;
  for (const dir of dirs) {
    for (const ext of exts) {
      const file = p.resolve(opts.cwd, dir, base + ext);
      if (isRunnable(file, opts.isWindows)) return { found: true, file };
      if (!opts.isWindows && notExecutable === null && isFile(file)) notExecutable = file;
    }
  }
  if (notExecutable !== null) return { found: false, reason: 'not-executable', tried: notExecutable };
  return { found: false, reason: 'not-found', tried: hasDir ? p.resolve(opts.cwd, program) : 'PATH' };
}

/** Windows tries the name as given when it already has a PATHEXT extension, else each extension. */
function windowsExtensions(program: string, pathext: string | undefined): string[] {
  const exts = (pathext || DEFAULT_PATHEXT)
    .split(';')
    .map((e) => e.trim())
    .filter((e) => e.startsWith('.'));
  const own = path.win32.extname(program).toLowerCase();
  if (own && exts.some((e) => e.toLowerCase() === own)) return [''];
  return exts;
}

function envValue(env: Record<string, string | undefined>, name: string, caseInsensitive: boolean): string | undefined {
  if (!caseInsensitive) return env[name];
  // The last spelling wins, as it does when a target's env overrides an inherited "Path".
  const key = Object.keys(env).filter((k) => k.toUpperCase() === name).pop();
  return key === undefined ? undefined : env[key];
}

function splitPath(value: string | undefined, delimiter: string): string[] {
  return (value ?? '')
    .split(delimiter)
    .map((d) => d.replace(/^"(.*)"$/, '$1'))
    .filter((d) => d !== '');
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function runnableOnDisk(file: string, isWindows: boolean): boolean {
  if (!isFile(file)) return false;
  if (isWindows) return true;
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
