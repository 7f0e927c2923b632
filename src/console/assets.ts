// The browser side of the console (index.html, app.js, app.css, bundled by
// scripts/build-console.mjs): SEA assets `console/NAME` in the single
// executable, files in dist/console/ when psv runs from its sources.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { embeddedAssets } from '../platform/assets.js';

/** dist/console next to dist/src, where the build puts the bundle. */
const SOURCE_DIR = fileURLToPath(new URL('../../console/', import.meta.url));

/** Names a request may ask for: one path segment, no dot files. */
const NAME_RE = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,100}$/;

const cache = new Map<string, Buffer | null>();

/**
 * The bytes of console asset `name`, or null when there is none. `dir`: read
 * from this folder instead (a UI being developed; tests' placeholder).
 */
export function consoleAsset(name: string, dir?: string): Buffer | null {
  if (!NAME_RE.test(name)) return null;
  const key = `${dir ?? ''}\0${name}`;
  if (!dir && cache.has(key)) return cache.get(key)!;
  let bytes: Buffer | null = null;
  const sea = dir ? null : embeddedAssets();
  if (sea) {
    const raw = sea.read(`console/${name}`);
    const expected = sea.expectedSha256(`console/${name}`);
    // A damaged executable serves nothing rather than a page that is not psv's.
    if (raw && (!expected || createHash('sha256').update(raw).digest('hex') === expected)) bytes = Buffer.from(raw);
  } else {
    try {
      bytes = readFileSync(join(dir ?? SOURCE_DIR, name));
    } catch {
      bytes = null;
    }
  }
  // From the executable the bytes never change: keep them. From disk, a rebuilt UI shows on the next request.
  if (sea) cache.set(key, bytes);
  return bytes;
}

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
};

export function contentType(name: string): string {
  return TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
}
