// The Windows adapter's control token file (src/platform/windows.ts), on Linux:
// when icacls cannot run at all (Wine without it, a stripped image) the monitor
// starts with a warning; when icacls runs and refuses, starting fails.
// SystemRoot points at a folder of this test, so "icacls" is a script here.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cleanup, tempDir, writeFile } from './helpers.js';

const dir = tempDir('psv-wincontrol-');
after(() => cleanup(dir));
// The adapter joins Windows paths with backslashes: on Linux that is one file name.
const systemRoot = join(dir, 'Windows');
process.env.SystemRoot = systemRoot;
const icacls = `${systemRoot}\\System32\\icacls.exe`;
const { windowsPlatform } = await import('../src/platform/windows.js');

function capturingStderr<T>(fn: () => T): { value: T; stderr: string } {
  const write = process.stderr.write;
  let stderr = '';
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += chunk.toString()), true)) as typeof process.stderr.write;
  try {
    return { value: fn(), stderr };
  } finally {
    process.stderr.write = write;
  }
}

describe('windows default control pipe', () => {
  it('is one per config: named after the stateDir\'s key; none without a stateDir', () => {
    const a = windowsPlatform.defaultControlAddress(join(dir, 'a', 'state'));
    const b = windowsPlatform.defaultControlAddress(join(dir, 'b', 'state'));
    assert.match(a!, /^\\\\\.\\pipe\\psv-[0-9a-f]{16}$/);
    assert.notEqual(a, b);
    assert.equal(windowsPlatform.defaultControlAddress(join(dir, 'a', 'state')), a);
    assert.equal(windowsPlatform.defaultControlAddress(null), null);
  });
});

describe('windows prepareControlEndpoint', () => {
  it('writes the token and warns, without failing, when icacls cannot run', () => {
    const token = join(dir, 'a', 'psv.token');
    const { stderr } = capturingStderr(() => windowsPlatform.prepareControlEndpoint('\\\\.\\pipe\\psv', token, 'secret', null));
    assert.equal(readFileSync(token, 'utf8'), 'secret\r\n');
    assert.match(stderr, /^psv: warning: cannot run .*icacls\.exe .*psv\.token keeps the access rights it inherits/);
  });

  it('fails when icacls runs and refuses', () => {
    writeFile(icacls, '#!/bin/sh\necho "Access is denied." >&2\nexit 5\n', true);
    assert.ok(existsSync(icacls));
    const token = join(dir, 'b', 'psv.token');
    assert.throws(() => windowsPlatform.prepareControlEndpoint('\\\\.\\pipe\\psv', token, 'secret', null), /cannot restrict access to .*psv\.token: Access is denied\./);
  });
});
