// SEA assets on disk (src/platform/assets.ts): extracted once into a private
// folder, checked against the recorded SHA-256 on every use, replaced when
// tampered with, refused when the executable's own copy is damaged.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { AssetError, extractAsset, isSingleExecutable, type AssetSource } from '../src/platform/assets.js';
import { cleanup, tempDir } from './helpers.js';

const dir = tempDir('psv-assets-');
after(() => cleanup(dir));

const sha256 = (text: string | Uint8Array): string => createHash('sha256').update(text).digest('hex');

/** An executable's assets as a map; counts reads so that a test can see an extraction happen. */
function fakeSource(files: Record<string, string>, recorded: Record<string, string> = {}): AssetSource & { reads: number } {
  const source = {
    reads: 0,
    read(name: string) {
      source.reads++;
      return name in files ? new TextEncoder().encode(files[name]) : null;
    },
    expectedSha256: (name: string) => recorded[name] ?? (name in files ? sha256(files[name]!) : null),
  };
  return source;
}

describe('extractAsset', () => {
  it('writes the asset once into a private folder named by its hash, readable by this user only', () => {
    const source = fakeSource({ 'NOTICES.txt': 'licence text\n' });
    const path = extractAsset('NOTICES.txt', { source, dir });
    assert.equal(path, join(dir, sha256('licence text\n').slice(0, 16), 'NOTICES.txt'));
    assert.equal(readFileSync(path, 'utf8'), 'licence text\n');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(statSync(join(path, '..')).mode & 0o777, 0o700);
    assert.equal(source.reads, 1);

    assert.equal(extractAsset('NOTICES.txt', { source, dir }), path);
    assert.equal(source.reads, 1, 'a verified copy on disk is used as it is');
  });

  it('replaces a copy on disk that no longer matches the recorded SHA-256', () => {
    const source = fakeSource({ 'helper.txt': 'the real thing' });
    const path = extractAsset('helper.txt', { source, dir });
    writeFileSync(path, 'tampered');
    assert.equal(extractAsset('helper.txt', { source, dir }), path);
    assert.equal(readFileSync(path, 'utf8'), 'the real thing');
    assert.equal(source.reads, 2);
  });

  it('makes helper programs executable', () => {
    const path = extractAsset('helper.exe', { source: fakeSource({ 'helper.exe': 'MZ...' }), dir, executable: true });
    assert.equal(statSync(path).mode & 0o777, 0o700);
  });

  it('refuses an asset whose bytes differ from the recorded hash: the executable is damaged', () => {
    const source = fakeSource({ 'x.txt': 'changed after the build' }, { 'x.txt': sha256('as built') });
    assert.throws(() => extractAsset('x.txt', { source, dir }), (err: unknown) => err instanceof AssetError && /damaged.*'x\.txt'.*reinstall/.test(err.message));
  });

  it('names a missing asset', () => {
    assert.throws(() => extractAsset('nope.txt', { source: fakeSource({}), dir }), /no asset 'nope\.txt'/);
  });

  it('says that the compiled sources carry no assets', () => {
    assert.equal(isSingleExecutable(), false);
    assert.throws(() => extractAsset('THIRD-PARTY-NOTICES.txt', { dir }), /only in the built executable \(npm run build:exe\)/);
  });
});
