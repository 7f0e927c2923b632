// The run-as keys as the config loader and `psv check` see them (no root
// needed): env files parsed with their own FILE:LINE:COL, unknown users and
// groups, unusable limits, a stop signal that is none, the ids and variables a
// resolved target carries, and the keys Windows ignores said in both languages.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseEnvFile } from '../src/config/env-file.js';
import { loadConfigText } from '../src/config/load.js';
import type { ConfigProblem, LoadResult, TargetConfig } from '../src/config/types.js';
import { setOutputLanguage } from '../src/i18n/say.js';
import { findUser } from '../src/platform/accounts.js';
import { spawnDetached } from '../src/platform/spawn-detached.js';
import { launchWithNode, runAsWords } from '../src/platform/spawner.js';
import { cleanup, psv, tempDir, waitFor, writeFile } from './helpers.js';

const dir = tempDir('psv-run-as-config-');
after(() => cleanup(dir));

function load(targetYaml: string, isWindows = false): LoadResult {
  return loadConfigText(`targets:\n  - name: app\n    command: [sleep, "1"]\n${targetYaml}`, join(dir, 'psv.yaml'), { isWindows });
}
function problems(targetYaml: string): ConfigProblem[] {
  const r = load(targetYaml);
  return r.ok ? r.warnings : r.problems;
}
function target(targetYaml: string, isWindows = false): TargetConfig {
  const r = load(targetYaml, isWindows);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  return r.config.targets[0]!;
}

describe('env files', () => {
  it('read the shared KEY=value format', () => {
    const text = '\uFEFF# comment\n; comment too\n\nPLAIN = two words  \nexport EXPORTED=1\nDQ="a\\nb \\"q\\" \\\\ \\$x" # after\nSQ=\'$HOME \\n\'\nEMPTY=\nHASH=a#b\r\n';
    assert.deepEqual(parseEnvFile(text), {
      ok: true,
      vars: { PLAIN: 'two words', EXPORTED: '1', DQ: 'a\nb "q" \\ $x', SQ: '$HOME \\n', EMPTY: '', HASH: 'a#b' },
    });
  });

  it('say where a line leaves the format', () => {
    const at = (text: string) => {
      const r = parseEnvFile(text);
      assert.ok(!r.ok);
      return [r.problem.line, r.problem.col, r.problem.message];
    };
    assert.deepEqual(at('A=1\n  9LIVES=x\n').slice(0, 2), [2, 3]);
    assert.deepEqual(at('A=1\nNOEQUALS\n').slice(0, 2), [2, 9]);
    assert.deepEqual(at('Q="open\n').slice(0, 2), [1, 3]);
    assert.deepEqual(at("Q='x' y\n").slice(0, 2), [1, 7]);
    assert.match(String(at('A=1\nNOEQUALS\n')[2]), /expected '=' after NOEQUALS/);
    // systemd would join the next line to this one, dotenv would not: refused, at the backslash.
    assert.deepEqual(at('A=1\nLONG=one \\\n  two\n'), [2, 10, 'a backslash at the end of a line continues it for systemd and not for dotenv: put the value on one line (in quotes if need be)']);
  });

  it('go under env, a later file over an earlier one', () => {
    writeFile(join(dir, 'one.env'), 'A=one\nB=one\nC=one\n');
    writeFile(join(dir, 'two.env'), 'B=two\nC=two\n');
    const t = target('    envFile: [one.env, two.env]\n    env: { C: env }\n');
    assert.deepEqual({ A: t.env.A, B: t.env.B, C: t.env.C }, { A: 'one', B: 'two', C: 'env' });
  });

  it('missing or with a bad line: psv check exits 2 and names ENVFILE:LINE:COL', () => {
    const bad = writeFile(join(dir, 'bad.env'), 'GOOD=1\n\nBAD LINE\n');
    const config = writeFile(join(dir, 'bad.yaml'), 'targets:\n  - name: app\n    command: [sleep, "1"]\n    envFile: [bad.env, missing.env]\n');
    const r = psv(['check', '-c', config], { env: { PSV_LANG: 'en' } });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, new RegExp(`^${escape(bad)}:3:4: expected '=' after BAD`, 'm'));
    assert.match(r.stderr, new RegExp(`^${escape(config)}:4:24: targets\\[0\\]\\.envFile: env file .*missing\\.env does not exist`, 'm'));
  });
});

describe('users, groups, limits and the stop signal', () => {
  it('an unknown user or group is an error where it is written', () => {
    const list = problems('    user: no-such-user-psv\n    group: 4000000001\n    groups: [root, no-such-group-psv]\n');
    const at = (line: number, col: number) => list.find((p) => p.line === line && p.col === col && p.severity === 'error')?.message ?? '';
    assert.match(at(4, 11), /targets\[0\]\.user: no user "no-such-user-psv"/);
    assert.match(at(5, 12), /targets\[0\]\.group: no group 4000000001 on this host/);
    assert.match(at(6, 20), /targets\[0\]\.groups\[1\]: no group "no-such-group-psv"/);
    assert.equal(list.filter((p) => p.severity === 'error').length, 3, JSON.stringify(list));
  });

  it('limits: numbers, unlimited, sizes, SOFT:HARD; anything else and soft over hard are errors', () => {
    const t = target('    limits: { nofile: 65536, core: unlimited, as: 2GiB, nproc: "100:200", stack: { soft: 8MiB, hard: unlimited } }\n');
    assert.deepEqual(t.runAs?.limits, [
      { resource: 'nofile', soft: 65536, hard: 65536 },
      { resource: 'core', soft: null, hard: null },
      { resource: 'as', soft: 2 * 1024 ** 3, hard: 2 * 1024 ** 3 },
      { resource: 'nproc', soft: 100, hard: 200 },
      { resource: 'stack', soft: 8 * 1024 ** 2, hard: null },
    ]);
    const messages = problems('    limits: { nofile: lots, nproc: 1MiB, core: "10:5" }\n').map((p) => p.message).join('\n');
    assert.match(messages, /limits\.nofile: bad limit "lots"/);
    assert.match(messages, /limits\.nproc: bad limit "1MiB"/);
    assert.match(messages, /limits\.core: the soft limit \(10\) is above the hard limit \(5\)/);
    assert.match(problems('    limits: { open: 3 }\n').map((p) => p.message).join('\n'), /unknown key 'open'.*nofile/);
  });

  it('stopSignal must name a signal; umask is octal', () => {
    assert.match(problems('    stopSignal: SIGFOO\n').map((p) => p.message).join('\n'), /stopSignal/);
    assert.match(problems('    umask: "0099"\n').map((p) => p.message).join('\n'), /umask/);
    const t = target('    stopSignal: SIGQUIT\n    umask: "027"\n    nice: -5\n');
    assert.equal(t.stopSignal, 'SIGQUIT');
    assert.equal(t.runAs?.umask, 0o27);
    assert.equal(t.runAs?.nice, -5);
    assert.equal(target('').stopSignal, 'SIGTERM');
    assert.equal(target('').runAs, null);
  });

  it('a user resolves to its ids, its groups, and HOME, USER and LOGNAME', { skip: findUser('psvtest') ? false : 'no user psvtest here' }, () => {
    const u = findUser('psvtest')!;
    const t = target('    user: psvtest\n    groups: [0]\n');
    assert.equal(t.runAs?.uid, u.uid);
    assert.equal(t.runAs?.gid, u.gid);
    assert.deepEqual(t.runAs?.groups, [u.gid, 0]);
    assert.deepEqual(t.userEnv, { HOME: u.home, USER: 'psvtest', LOGNAME: 'psvtest' });
    assert.deepEqual(t.scriptUser, { uid: u.uid, gid: u.gid, env: t.userEnv });
    assert.equal(target('    user: psvtest\n    scriptUser: root\n').scriptUser, null);
    assert.equal(target(`    user: ${u.uid}\n`).runAs?.uid, u.uid);
  });
});

describe('the spawn', () => {
  it('the words psv-spawn reads for a run-as', () => {
    assert.equal(runAsWords(null), '');
    const limits = [{ resource: 'nofile', soft: 1024, hard: null }];
    assert.equal(runAsWords({ uid: 999, gid: 995, groups: [995, 4], umask: 0o27, nice: -3, limits }), 'u999 g995 G995,4 m27 n-3 lnofile=1024:inf');
    assert.equal(runAsWords({ uid: null, gid: null, groups: [], umask: null, nice: null, limits: [] }), 'G');
  });

  it('started by Node (no helper, and on Windows): the nice value is set just after the start', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
    const runAs = { uid: null, gid: null, groups: null, umask: null, nice: 9, limits: [] };
    const child = launchWithNode({ spawnTarget: spawnDetached }, { command: ['sleep', '30'], cwd: dir, env: {}, outputPath: null, runAs });
    const pid = await waitFor('the pid', () => child.pid);
    try {
      const nice = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19 - 3];
      assert.equal(nice, '9');
    } finally {
      process.kill(pid, 'SIGKILL');
    }
  });
});

describe('on Windows', () => {
  after(() => setOutputLanguage(undefined));
  const yaml = '    user: whoever\n    umask: "0022"\n    limits: { nofile: 10 }\n    nice: 10\n    stopSignal: SIGINT\n';

  it('user, umask and limits are ignored with a warning naming each; nice and stopSignal apply', () => {
    setOutputLanguage('en');
    const r = load(yaml, true);
    assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
    const warnings = r.warnings.map((w) => `${w.line}:${w.col}: ${w.message}`);
    for (const [line, key] of [[4, 'user'], [5, 'umask'], [6, 'limits']] as const) {
      assert.ok(warnings.some((w) => w.startsWith(`${line}:`) && w.includes(`targets[0].${key}: does not apply on Windows`) && w.includes('Windows service')), warnings.join('\n'));
    }
    const t = r.config.targets[0]!;
    assert.deepEqual(t.runAs, { uid: null, gid: null, groups: null, umask: null, nice: 10, limits: [] });
    assert.equal(t.stopSignal, 'SIGINT');
  });

  it('says so in Japanese too', () => {
    setOutputLanguage('ja');
    const r = load(yaml, true);
    assert.ok(r.ok);
    assert.ok(r.warnings.some((w) => w.message.includes('targets[0].user: Windows では使えないため無視します')), JSON.stringify(r.warnings));
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
