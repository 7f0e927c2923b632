// What only the single executable does (PSV_EXE=out/psv, as npm run test:exe
// sets): the licence notices from its SEA asset, and `psv start` re-running
// the executable itself when it was found on PATH. From the compiled sources,
// `psv version --notices` explains where the notices are.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cleanup, psv, psvCommand, tempDir, writeFile } from './helpers.js';

const EXE = process.env.PSV_EXE;
const dir = tempDir('psv-exe-');
after(() => cleanup(dir));

describe('psv version --notices from the compiled sources', { skip: EXE ? 'PSV_EXE is set: the executable is under test' : false }, () => {
  it('exits 1 and says the notices are in the built executable', () => {
    const r = psv(['version', '--notices']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /built executable \(npm run build:exe\)/);
  });
});

describe('the single executable', { skip: EXE ? false : 'set PSV_EXE to the executable (npm run test:exe)' }, () => {
  it('prints the third-party notices from its verified asset, extracted once into a private folder', () => {
    const cache = join(dir, 'cache');
    const r = psv(['version', '--notices'], { env: { XDG_CACHE_HOME: cache } });
    assert.equal(r.code, 0, r.stderr);
    for (const name of ['Node.js 22.', 'commander ', 'yaml ', 'ajv ']) assert.ok(r.stdout.includes(`\n${name}`), `notices name ${name}`);
    assert.match(r.stdout, /Permission is hereby granted, free of charge/);

    const base = join(cache, 'psv', 'assets');
    const [folder] = readdirSync(base);
    const file = join(base, folder!, 'THIRD-PARTY-NOTICES.txt');
    assert.equal(readFileSync(file, 'utf8'), r.stdout);
    assert.equal(createHash('sha256').update(r.stdout).digest('hex').slice(0, 16), folder, 'the folder is named by the SHA-256');
    assert.equal(statSync(file).mode & 0o777, 0o600);

    writeFileSync(file, 'tampered');
    const again = psv(['version', '--notices'], { env: { XDG_CACHE_HOME: cache } });
    assert.equal(again.stdout, r.stdout, 'a tampered copy is replaced');
  });

  it('psv start, found on PATH, starts the executable itself in the background', () => {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync(psvCommand()[0]!, join(bin, 'psv'));
    const work = join(dir, 'start');
    mkdirSync(work);
    const config = writeFile(
      join(work, 'psv.yaml'),
      `monitor:\n  stateDir: ./state\n  control: ${join(work, 'psv.sock')}\ntargets:\n  - name: s\n    command: ["sleep", "1000"]\n`,
    );
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
    const run = (...args: string[]) => {
      const r = spawnSync('psv', args, { cwd: work, env, encoding: 'utf8', timeout: 60_000 });
      return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
    };
    // `psv` as typed, through PATH: argv[1] of the executable is then "psv", no script.
    const start = run('start', '-c', 'psv.yaml');
    assert.equal(start.code, 0, start.stderr);
    try {
      const status = run('status', '-c', config, '--json');
      assert.equal(status.code, 0, status.stderr);
      const s = JSON.parse(status.stdout) as { targets: { name: string; state: string }[] };
      assert.equal(s.targets[0]?.state, 'Running');
    } finally {
      const stop = run('stop', '-c', config);
      assert.equal(stop.code, 0, stop.stderr);
    }
  });
});
