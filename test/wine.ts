// What the tests that run Windows programs under Wine share: the suite that is
// skipped when Wine (or what else it needs) is missing, unless
// PSV_REQUIRE_WINE=1 (CI) makes that a failure, and running a program to its
// end with its output through files (pipes from Wine to Unix processes are
// unreliable).
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cleanup, ROOT } from './helpers.js';

/** A describe() that needs Wine, and whatever `missing` names (it returns why it cannot run, or null). */
export function wineSuite(title: string, missing: () => string | null, body: () => void): void {
  const why = spawnSync('wine', ['--version'], { stdio: 'ignore' }).status !== 0 ? 'wine is not installed (bash scripts/setup-test-env.sh installs it)' : missing();
  if (why && process.env.PSV_REQUIRE_WINE === '1') {
    describe(title, () => {
      it('can run (PSV_REQUIRE_WINE=1)', () => assert.fail(why));
    });
  } else {
    describe(title, { skip: why ?? false }, body);
  }
}

/**
 * Prepares a Wine prefix (scripts/wine-prefix.sh: the shared one in .tools/wine,
 * or a fresh one at `prefix`) and returns the environment to run programs in it.
 */
export function winePrefix(prefix?: string): NodeJS.ProcessEnv {
  const env = prefix ? { ...process.env, WINEPREFIX: prefix } : process.env;
  const r = spawnSync('bash', [join(ROOT, 'scripts', 'wine-prefix.sh')], { encoding: 'utf8', timeout: 300_000, env });
  assert.equal(r.status, 0, `scripts/wine-prefix.sh failed: ${r.stderr}`);
  return { ...process.env, WINEPREFIX: r.stdout.trim(), WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=' };
}

export interface WineRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A runner of Windows programs under Wine: each run's output goes to its own
 * files in `dir`; `env()` is read at each run (a prefix made in before()).
 */
export function wineRunner(dir: string, cwd: string, env: () => NodeJS.ProcessEnv): (file: string, args: string[], timeoutMs?: number, extraEnv?: NodeJS.ProcessEnv) => WineRun {
  let seq = 0;
  return (file, args, timeoutMs = 120_000, extraEnv = {}) => {
    const n = ++seq;
    const outFile = join(dir, `out-${n}.txt`);
    const errFile = join(dir, `err-${n}.txt`);
    const out = openSync(outFile, 'w');
    const err = openSync(errFile, 'w');
    try {
      const r = spawnSync('wine', [file, ...args], { cwd, env: { ...env(), ...extraEnv }, stdio: ['ignore', out, err], timeout: timeoutMs });
      return { code: r.status, stdout: readFileSync(outFile, 'utf8'), stderr: readFileSync(errFile, 'utf8') };
    } finally {
      closeSync(out);
      closeSync(err);
    }
  };
}

/**
 * What a Wine suite with a prefix of its own needs, set up in before() and
 * torn down in after(): the prefix (`.tools/<prefixName>`: other suites end
 * every process of theirs with wineserver -k, and the suites may run side by
 * side), a runner, and programs started in the background (killed at the end).
 */
export function wineSession(dir: string, prefixName: string): {
  env: () => NodeJS.ProcessEnv;
  wine: ReturnType<typeof wineRunner>;
  background: (file: string, args: string[], log: string) => ChildProcess;
} {
  let env: NodeJS.ProcessEnv = {};
  const started: ChildProcess[] = [];
  before(() => {
    env = winePrefix(join(ROOT, '.tools', prefixName));
  });
  after(() => {
    for (const p of started) p.kill('SIGKILL');
    spawnSync('wineserver', ['-k'], { env, stdio: 'ignore', timeout: 30_000 });
    cleanup(dir);
  });
  const background = (file: string, args: string[], log: string): ChildProcess => {
    const fd = openSync(join(dir, log), 'w');
    const child = spawn('wine', [file, ...args], { cwd: dir, env, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    started.push(child);
    return child;
  };
  return { env: () => env, wine: wineRunner(dir, dir, () => env), background };
}

/** A Unix path as Wine's Z: drive shows it. */
export function winPath(path: string): string {
  return 'Z:' + path.replaceAll('/', '\\');
}
