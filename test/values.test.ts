// Values that mean what they say: numbers in decimal digits and finite, durations
// that pace a loop at least their minimum, `psv set` keys that exist, and names
// that cannot be mistaken for options. The file (`psv check`) and `psv set`
// refuse the same values with the same words.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfigText } from '../src/config/load.js';
import { applyMonitorSettings, applyTargetSettings, SettingError } from '../src/config/settings.js';
import type { ConfigProblem, PsvConfig } from '../src/config/types.js';
import type { StatusResult } from '../src/control/protocol.js';
import { cleanup, killProcessesWithArg, monitorSection, psv, psvAsync, taggedSleep, tempDir, waitForAsync, writeConfig, writeFile } from './helpers.js';

const dir = tempDir('psv-values-');
after(() => cleanup(dir));
const file = join(dir, 'psv.yaml');

function problems(text: string): ConfigProblem[] {
  const r = loadConfigText(text, file, { isWindows: false, env: { PATH: '/bin:/usr/bin' } });
  return r.ok ? [] : r.problems.filter((p) => p.severity === 'error');
}

function accepted(text: string): PsvConfig {
  const r = loadConfigText(text, file, { isWindows: false, env: { PATH: '/bin:/usr/bin' } });
  if (!r.ok) assert.fail(r.problems.map((p) => `${p.line}:${p.col} ${p.message}`).join('\n'));
  return r.config;
}

/** Line and column (1-based) of the last occurrence of `needle` in `text`: where a problem with it must point. */
function whereIs(text: string, needle: string): { line: number; col: number } {
  const before = text.slice(0, text.lastIndexOf(needle)).split('\n');
  return { line: before.length, col: before[before.length - 1]!.length + 1 };
}

/** The one problem at the value `needle`, matching `message`. */
function expectProblem(text: string, needle: string, message: RegExp): void {
  const { line, col } = whereIs(text, needle);
  const list = problems(text);
  const at = list.filter((p) => p.line === line && p.col === col);
  assert.equal(at.length, 1, `one problem at ${line}:${col} expected, got:\n${list.map((p) => `${p.line}:${p.col} ${p.message}`).join('\n')}`);
  assert.match(at[0]!.message, message);
}

const target = (restart: string) => `targets:\n  - name: a\n    command: [sleep, "1"]\n    restart: ${restart}\n`;

describe('restart.window (finding 7)', () => {
  it('check refuses a window under 1 s, in a target, in defaults and in a group', () => {
    expectProblem(target('{ retries: 2, window: 0s }'), '0s', /targets\[0\]\.restart\.window: must be at least 1s \(got '0s'\)/);
    expectProblem(target('{ window: 0.5 }'), '0.5', /must be at least 1s \(got 0\.5\)/);
    expectProblem(`defaults:\n  restart: { window: 999ms }\n${target('{}')}`, '999ms', /defaults\.restart\.window: must be at least 1s/);
    expectProblem(
      `${target('{}')}groups:\n  - name: g\n    members: [a]\n    restart: { window: 0s }\n`,
      '0s',
      /groups\[0\]\.restart\.window: must be at least 1s/,
    );
  });

  it('a window of 1 s is accepted', () => {
    assert.equal(accepted(target('{ window: 1s }')).targets[0]!.restart.windowMs, 1000);
  });

  it('psv check says FILE:LINE:COL and exits 2', () => {
    const bad = writeFile(join(dir, 'window.yaml'), target('{ retries: 2, window: 0s }'));
    const r = psv(['check', '-c', bad]);
    assert.equal(r.code, 2);
    const { line, col } = whereIs(target('{ retries: 2, window: 0s }'), '0s');
    assert.match(r.stderr, new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line}:${col}: targets\\[0\\]\\.restart\\.window: must be at least 1s`, 'm'));
  });
});

describe('numbers and intervals in the file (finding 12)', () => {
  it('numbers must be decimal digits: no hex, octal, exponent, infinity', () => {
    expectProblem(target('{ retries: 0x10 }'), '0x10', /targets\[0\]\.restart\.retries: write numbers in decimal digits \(got 0x10/);
    expectProblem(target('{ retries: 0o17 }'), '0o17', /decimal digits \(got 0o17/);
    expectProblem(target('{ retries: 1e309 }'), '1e309', /decimal digits \(got 1e309/);
    expectProblem(target('{ retries: .inf }'), '.inf', /decimal digits \(got \.inf/);
    expectProblem(target('{ backoff: { factor: 1e3 } }'), '1e3', /factor: write numbers in decimal digits/);
    expectProblem(target(`{ retries: 1${'0'.repeat(400)} }`), '1000', /number too large/);
  });

  it('an environment value that YAML would turn into another number is refused with a hint to quote it', () => {
    const list = problems(`targets:\n  - name: a\n    command: [sleep, "1"]\n    env: { MASK: 0x1F }\n`);
    assert.equal(list.length, 1);
    assert.match(list[0]!.message, /env\.MASK: write numbers in decimal digits \(got 0x1F; quote it to keep it as text\)/);
    assert.equal(accepted(`targets:\n  - name: a\n    command: [sleep, "1"]\n    env: { MASK: "0x1F", N: 16 }\n`).targets[0]!.env.MASK, '0x1F');
  });

  it('decimal numbers still read as before', () => {
    const t = accepted(target('{ retries: 16, backoff: { factor: 1.5 }, delay: 0.25 }')).targets[0]!;
    assert.deepEqual([t.restart.retries, t.restart.backoff.factor, t.restart.delayMs], [16, 1.5, 250]);
  });

  it('monitor.interval is at least 100ms', () => {
    expectProblem(`monitor:\n  interval: 0s\n${target('{}')}`, '0s', /monitor\.interval: must be at least 100ms \(got '0s'\)/);
    expectProblem(`monitor:\n  interval: 0.05\n${target('{}')}`, '0.05', /must be at least 100ms \(got 0\.05\)/);
    assert.equal(accepted(`monitor:\n  interval: 100ms\n${target('{}')}`).monitor.intervalMs, 100);
  });

  it('a probe\'s every and stall.heartbeat are at least 100ms', () => {
    const probe = (every: string) =>
      `targets:\n  - name: a\n    command: [sleep, "1"]\n    probes:\n      - command: [/bin/true]\n        every: ${every}\n`;
    expectProblem(probe('0s'), '0s', /probes\[0\]\.every: must be at least 100ms/);
    accepted(probe('100ms'));
    expectProblem(`targets:\n  - name: a\n    command: [sleep, "1"]\n    stall: { heartbeat: 10ms }\n`, '10ms', /stall\.heartbeat: must be at least 100ms/);
  });
});

describe('names that look like options (finding 12)', () => {
  it('a target or group name cannot start with -', () => {
    expectProblem(`targets:\n  - name: --all\n    command: [sleep, "1"]\n`, '--all', /targets\[0\]\.name: bad name '--all': a name cannot start with '-'/);
    expectProblem(`targets:\n  - name: -x\n    command: [sleep, "1"]\n`, '-x', /cannot start with '-'/);
    expectProblem(`${target('{}')}groups:\n  - name: -g\n    members: [a]\n`, '-g', /groups\[0\]\.name: bad name '-g': a name cannot start with '-'/);
  });

  it('a - inside a name is still fine', () => {
    assert.equal(accepted(`targets:\n  - name: web-1\n    command: [sleep, "1"]\n`).targets[0]!.name, 'web-1');
  });
});

describe('psv set refuses what check refuses (finding 12)', () => {
  const base = (): PsvConfig => accepted(target('{}'));
  const setTarget = (key: string, value: string) => applyTargetSettings(base().targets[0]!, { [key]: value }, dir);
  const refused = (fn: () => unknown, message: RegExp) =>
    assert.throws(fn, (err: unknown) => {
      assert.ok(err instanceof SettingError, String(err));
      assert.match(err.message, message);
      return true;
    });

  it('numbers: decimal digits, finite', () => {
    refused(() => setTarget('restart.retries', '1e309'), /^restart\.retries=1e309: write numbers in decimal digits/);
    refused(() => setTarget('restart.retries', '0x10'), /^restart\.retries=0x10: write numbers in decimal digits/);
    refused(() => setTarget('restart.backoff.factor', '.inf'), /decimal digits/);
    assert.equal(setTarget('restart.retries', '16').restart.retries, 16);
  });

  it('durations: the same minimums', () => {
    refused(() => setTarget('restart.window', '0s'), /^restart\.window=0s: must be at least 1s \(got '0s'\)/);
    refused(() => applyMonitorSettings(base().monitor, { 'monitor.interval': '0s' }), /^monitor\.interval=0s: must be at least 100ms/);
    refused(() => applyMonitorSettings(base().monitor, { 'monitor.interval': '99ms' }), /at least 100ms/);
    assert.equal(applyMonitorSettings(base().monitor, { 'monitor.interval': '100ms' }).intervalMs, 100);
  });

  it('unknown keys, prototype names included, are unknown settings, with a suggestion where one is near', () => {
    for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      refused(() => setTarget(key, '1'), new RegExp(`^unknown setting '${key}'`));
      refused(() => applyMonitorSettings(base().monitor, { [key]: '1' }), new RegExp(`^unknown setting '${key}'`));
    }
    refused(() => setTarget('restart.retrys', '1'), /^unknown setting 'restart\.retrys' \(did you mean 'restart\.retries'\?\)/);
    refused(() => setTarget('retries', '1'), /did you mean 'restart\.retries'\?/);
    refused(() => applyMonitorSettings(base().monitor, { 'monitor.intervall': '1s' }), /did you mean 'monitor\.interval'\?/);
    // A misspelt last part alone (issue 20).
    refused(() => setTarget('retires', '3'), /^unknown setting 'retires' \(did you mean 'restart\.retries'\?\)/);
    refused(() => setTarget('restart.retires', '3'), /did you mean 'restart\.retries'\?/);
  });

  it('a bad duration says what a duration looks like, not the schema pattern (issue 20)', () => {
    for (const key of ['restart.delay', 'restart.window', 'stopTimeout', 'restart.backoff.max', 'restart.scriptTimeout']) {
      assert.throws(
        () => setTarget(key, '2x'),
        (err: unknown) => {
          assert.ok(err instanceof SettingError, String(err));
          assert.equal(err.message, `${key}=2x: bad duration (use e.g. 500ms, 5s, 2m, 24h, or a number of seconds)`);
          return true;
        },
      );
    }
    refused(() => applyMonitorSettings(base().monitor, { 'monitor.interval': 'fast' }), /^monitor\.interval=fast: bad duration \(use e\.g\./);
  });

  it('restart.script must name a file that exists, relative to the config folder (issue 20)', () => {
    refused(() => setTarget('restart.script', './missing.sh'), new RegExp(`^restart\\.script=\\./missing\\.sh: no such file: ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/missing\\.sh$`));
    writeFile(join(dir, 'there.sh'), '#!/bin/sh\n');
    assert.equal(setTarget('restart.script', './there.sh').restart.script, join(dir, 'there.sh'));
  });
});

describe('psv set against a running monitor (finding 12)', () => {
  const sleeper = taggedSleep();
  let config = '';
  const cli = (...args: string[]) => psvAsync([...args, '-c', config]);
  const status = async (): Promise<StatusResult> => JSON.parse((await cli('status', '--json')).stdout) as StatusResult;

  before(async () => {
    const home = tempDir('psv-values-set-');
    ({ config } = writeConfig(home, `${monitorSection(home)}targets:\n  - name: a\n    command: ${JSON.stringify(sleeper.command)}\n`));
    const r = await cli('start');
    assert.equal(r.code, 0, r.stderr);
    await waitForAsync('a running', async () => (await status()).targets[0]?.state === 'Running');
  });
  after(async () => {
    await cli('stop');
    killProcessesWithArg(config, sleeper.tag);
  });

  it('psv heartbeat for a target that expects no heartbeat is an error, exit 2 (issue 20)', async () => {
    const r = await cli('heartbeat', 'a');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /a: no heartbeat expected \(set stall\.heartbeat for the target\)/);
  });

  it('psv start on a running monitor still names its log (issue 20)', async () => {
    const r = await cli('start', '--json');
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { alreadyRunning: boolean; log: string };
    assert.equal(j.alreadyRunning, true);
    assert.match(j.log, /monitor\.log$/);
    assert.ok(existsSync(j.log), j.log);
  });

  it('refuses each bad value with exit 2 and changes nothing', async () => {
    const bad: Array<[string[], RegExp]> = [
      [['set', 'a', 'restart.retries=1e309'], /restart\.retries=1e309: write numbers in decimal digits/],
      [['set', 'a', 'restart.retries=0x10'], /restart\.retries=0x10: write numbers in decimal digits/],
      [['set', 'a', 'restart.window=0s'], /restart\.window=0s: must be at least 1s/],
      [['set', 'monitor.interval=0s'], /monitor\.interval=0s: must be at least 100ms/],
      [['set', 'a', 'constructor=1'], /unknown setting 'constructor'/],
      [['set', 'a', '__proto__=1'], /unknown setting '__proto__'/],
      [['set', 'a', 'toString=1'], /unknown setting 'toString'/],
      [['set', 'a', 'restart.retrys=1'], /unknown setting 'restart\.retrys' \(did you mean 'restart\.retries'\?\)/],
    ];
    for (const [args, message] of bad) {
      const r = await cli(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: exit ${r.code} ${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
    }
    const s = await status();
    assert.deepEqual(s.targets[0]!.overrides, {});
    assert.equal(s.targets[0]!.retries, 3);
    assert.equal(s.monitor.intervalMs, 1000);
  });
});
