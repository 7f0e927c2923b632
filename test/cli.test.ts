// The command line as a user meets it: exit codes, messages, help.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Command } from 'commander';
import { PsvCommand } from '../src/cli/usage-errors.js';
import { setOutputLanguage } from '../src/i18n/say.js';
import { cleanup, psv, ROOT, tempDir, writeFile } from './helpers.js';
import { IN_PROCESS, inProcessError, USAGE_ERRORS, usageError } from './usage-cases.js';

const dir = tempDir();
after(() => cleanup(dir));

describe('psv check', () => {
  it('accepts a good config with a one-line summary and exit 0', () => {
    const file = writeFile(join(dir, 'good.yaml'), 'targets:\n  - name: a\n    command: ["sleep", "1"]\n  - name: b\n    command: sleep 2\n');
    const r = psv(['check', '-c', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), `${file}: OK, 2 targets`);
  });

  it('lists every problem as FILE:LINE:COL: message and exits 2, without a stack trace', () => {
    const file = writeFile(
      join(dir, 'bad.yaml'),
      [
        'monitor:',
        '  intervall: 1s',
        'targets:',
        '  - name: a',
        '    command: ["sleep", "1"]',
        '    restart:',
        '      retries: many',
        '      window: 5 minutes',
        '    onRetryOver: restart',
        '  - name: a',
        '    command: ["sleep", "1"]',
        '',
      ].join('\n'),
    );
    const r = psv(['check', '-c', file]);
    assert.equal(r.code, 2);
    const lines = r.stderr.trim().split('\n');
    const at = (line: number, col: number) => lines.find((l) => l.startsWith(`${file}:${line}:${col}: `));
    assert.match(at(2, 3) ?? '', /unknown key 'intervall'.*did you mean 'interval'/);
    assert.match(at(7, 16) ?? '', /retries/);
    assert.match(at(8, 15) ?? '', /bad duration '5 minutes'/);
    assert.match(at(9, 18) ?? '', /one of continue, stop, failover/);
    assert.match(at(10, 11) ?? '', /duplicate target name 'a'/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });

  it('reports broken YAML with its line and column', () => {
    const file = writeFile(join(dir, 'broken.yaml'), 'targets:\n  - name: a\n    command: ["sleep", "1"\n  - name: b\n');
    const r = psv(['check', '-c', file]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `, 'm'));
  });

  it('warns about a command that cannot be found, and still accepts the file', () => {
    const file = writeFile(join(dir, 'warn.yaml'), 'targets:\n  - name: a\n    command: ["no-such-program-psv"]\n');
    const r = psv(['check', '-c', file]);
    assert.equal(r.code, 0);
    assert.match(r.stderr, new RegExp(`:3:\\d+: warning: .*no-such-program-psv`));
    assert.match(r.stdout, /OK, 1 target, 1 warning/);
  });

  it('a missing file is one problem and exit 2', () => {
    const r = psv(['check', '-c', join(dir, 'nope.yaml')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /nope\.yaml:1:1: cannot read config/);
  });

  it('--json names the Event Log source and log of a valid config (the install paths register them)', () => {
    const file = writeFile(join(dir, 'evsrc.yaml'), 'monitor:\n  events:\n    eventlog: { source: "MyApp 監視" }\ntargets:\n  - name: a\n    command: ["sleep", "1"]\n');
    const r = psv(['check', '-c', file, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as { eventlog: unknown }).eventlog, { source: 'MyApp 監視', log: 'Application' });
  });

  it('--json gives the problems as data', () => {
    const file = writeFile(join(dir, 'bad2.yaml'), 'targets:\n  - name: a\n');
    const r = psv(['check', '-c', file, '--json']);
    assert.equal(r.code, 2);
    const out = JSON.parse(r.stdout) as { ok: boolean; problems: Array<{ line: number; col: number; message: string }> };
    assert.equal(out.ok, false);
    assert.ok(out.problems.some((p) => p.line === 2 && /command/.test(p.message)));
  });
});

describe('psv run with a bad config', () => {
  it('exits 2 with the problems and a ConfigInvalid event, starting nothing', () => {
    const file = writeFile(join(dir, 'bad-run.yaml'), 'targets:\n  - name: a\n    command: ["sleep", "1"]\n    bogus: 1\n');
    const r = psv(['run', '-c', file]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /:4:5: unknown key 'bogus'/);
    assert.match(r.stderr, /\[310\] Configuration .* is invalid/);
  });
});

describe('usage', () => {
  it('psv version prints the package version', async () => {
    const pkg = (await import(join(ROOT, 'package.json'), { with: { type: 'json' } })).default as { version: string };
    const r = psv(['version']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), `psv ${pkg.version}`);
    assert.equal(JSON.parse(psv(['version', '--json']).stdout).version, pkg.version);
  });

  it('every verb has --help, exit 0', () => {
    for (const verb of ['run', 'check', 'start', 'stop', 'status', 'pause', 'resume', 'restart', 'set', 'reset', 'reload', 'events', 'version']) {
      const r = psv([verb, '--help']);
      assert.equal(r.code, 0, `${verb} --help`);
      assert.match(r.stdout, new RegExp(`Usage: psv ${verb}`));
    }
  });

  it('an unknown verb or option is a usage error, exit 2', () => {
    const r = psv(['frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command 'frobnicate'/);
    assert.equal(psv(['check', '--nope']).code, 2);
  });

  it('a verb that needs a monitor exits 3 when none runs', () => {
    const file = writeFile(join(dir, 'idle.yaml'), `monitor:\n  control: ${join(dir, 'idle.sock')}\ntargets: []\n`);
    const r = psv(['status', '-c', file]);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /no monitor is running/);
  });
});

describe("commander's usage errors in English: as commander words them, exit 2", () => {
  // English whatever the machine's locale, and no PSV_CONFIG: -c is then missing unless given.
  const EN = { LANG: 'C', LC_ALL: '', LC_MESSAGES: '', PSV_LANG: '', PSV_CONFIG: undefined };
  for (const c of USAGE_ERRORS) {
    it(`${c.kind}: psv ${c.args.join(' ')}`, () => {
      const r = psv(c.args, { env: EN });
      assert.equal(r.code, 2, r.stderr);
      assert.equal(usageError(r.stderr), c.en);
      // Then the verb's help, or psv's hint after an error of psv itself.
      if (c.topLevel) assert.match(r.stderr, /\n\(run psv --help for usage\)\n$/);
      else assert.match(r.stderr, /\n\nUsage: psv /);
      assert.equal(r.stdout, '');
    });
  }

  it('an empty PSV_CONFIG is no config: -c is missing, not the current folder', () => {
    const r = psv(['check'], { env: { ...EN, PSV_CONFIG: '' } });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(usageError(r.stderr), "error: required option '-c, --config <file>' not specified");
  });

  it("the kinds no verb raises yet (choices, a parser, conflicts), and a verb's: commander's very words", () => {
    setOutputLanguage('en');
    try {
      for (const c of IN_PROCESS) {
        const words = inProcessError(new PsvCommand('demo'), c);
        assert.equal(words, inProcessError(new Command('demo'), c), c.args.join(' '));
        assert.equal(words, c.en);
      }
    } finally {
      setOutputLanguage(undefined);
    }
  });
});
