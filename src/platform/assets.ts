// Files the single executable carries as SEA assets (licence notices, helper
// programs) but that must exist on disk at run time. Each one is written on
// first use into a private per-user folder and checked against the SHA-256 the
// build recorded, on every use: a truncated or tampered copy is replaced, never used.
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sea from 'node:sea';
import { HOST_OS } from './host.js';

/** The SEA asset that lists every other asset's SHA-256 (written by scripts/build-exe.mjs). */
export const ASSET_MANIFEST = 'assets.json';

export interface AssetManifest {
  /** Asset name → SHA-256 of its bytes, lower-case hex. */
  sha256: Record<string, string>;
}

/** Where the assets come from: the executable itself, or a stand-in in tests. */
export interface AssetSource {
  /** The asset's bytes, or null when there is no such asset. */
  read(name: string): Uint8Array | null;
  /** The SHA-256 the build recorded for the asset, or null when it recorded none. */
  expectedSha256(name: string): string | null;
}

export class AssetError extends Error {}

/** Is this psv the single executable (as opposed to the compiled sources run by node)? */
export function isSingleExecutable(): boolean {
  return sea.isSea();
}

/** The assets embedded in this executable, or null when psv runs from its sources. */
export function embeddedAssets(): AssetSource | null {
  if (!sea.isSea()) return null;
  const read = (name: string): Uint8Array | null => {
    try {
      return new Uint8Array(sea.getRawAsset(name) as ArrayBuffer);
    } catch {
      return null;
    }
  };
  const manifestBytes = read(ASSET_MANIFEST);
  const manifest: AssetManifest = manifestBytes ? JSON.parse(Buffer.from(manifestBytes).toString('utf8')) : { sha256: {} };
  return { read, expectedSha256: (name) => manifest.sha256[name] ?? null };
}

/**
 * The per-user folder for extracted assets: %LOCALAPPDATA%\psv\assets on
 * Windows, $XDG_CACHE_HOME/psv/assets (default ~/.cache) elsewhere, and a
 * per-user folder under the temp dir for accounts without a usable home.
 */
export function defaultAssetDir(env: NodeJS.ProcessEnv = process.env): string {
  if (HOST_OS === 'windows') return join(env.LOCALAPPDATA || tmpdir(), 'psv', 'assets');
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'psv', 'assets');
  const home = env.HOME || homedir();
  if (home && home !== '/' && !home.startsWith('/nonexistent')) return join(home, '.cache', 'psv', 'assets');
  return join(tmpdir(), `psv-${process.getuid?.() ?? 'user'}`, 'assets');
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Makes `dir` (and its parents) and checks that only this user can write to it. */
function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (HOST_OS === 'windows') return; // a profile folder's ACL already is per-user
  const st = lstatSync(dir);
  if (!st.isDirectory()) throw new AssetError(`${dir} is not a directory`);
  if (st.uid !== process.getuid!()) throw new AssetError(`${dir} belongs to another user (uid ${st.uid}); remove it or set XDG_CACHE_HOME`);
  if ((st.mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

function sameContent(path: string, expected: string): boolean {
  try {
    if (!lstatSync(path).isFile()) return false;
    return sha256(readFileSync(path)) === expected;
  } catch {
    return false;
  }
}

export interface ExtractOptions {
  source?: AssetSource | null;
  dir?: string;
  /** Make the file executable (a helper program). */
  executable?: boolean;
}

/**
 * The path of asset `name` on disk, written there from the executable when it
 * is missing or differs from the recorded SHA-256. Throws AssetError when psv
 * runs from its sources, when the asset is missing, or when its bytes do not
 * match the recorded hash (a damaged executable).
 */
export function extractAsset(name: string, opts: ExtractOptions = {}): string {
  const source = opts.source === undefined ? embeddedAssets() : opts.source;
  if (!source) throw new AssetError(`'${name}' is embedded only in the built executable (npm run build:exe); this psv runs from its sources`);
  const expected = source.expectedSha256(name);
  if (!expected) throw new AssetError(`the executable carries no asset '${name}'`);
  // One folder per content: two psv versions side by side never overwrite each other's files.
  const dir = join(opts.dir ?? defaultAssetDir(), expected.slice(0, 16));
  const path = join(dir, name);
  privateDir(dir);
  if (sameContent(path, expected)) return path;

  const bytes = source.read(name);
  if (!bytes) throw new AssetError(`the executable carries no asset '${name}'`);
  if (sha256(bytes) !== expected) throw new AssetError(`the executable is damaged: asset '${name}' does not match its recorded SHA-256; reinstall psv`);
  // Write aside and rename: a reader never sees half a file, and concurrent first uses do not clash.
  const temp = join(dir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', opts.executable ? 0o700 : 0o600);
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    // Another psv may have put the same file there a moment ago (Windows refuses to replace a file in use).
    if (sameContent(path, expected)) return path;
    throw err;
  }
  return path;
}

/** The text of a UTF-8 asset, through its verified file on disk. */
export function assetText(name: string, opts: ExtractOptions = {}): string {
  return readFileSync(extractAsset(name, opts), 'utf8');
}
