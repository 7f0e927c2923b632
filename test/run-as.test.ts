// Running real services the way their packages expect: a target's user,
// groups, umask, limits, nice value, env files and stop signal, applied by the
// spawn helper between fork and exec and seen by the target itself (`id`,
// `umask`, /proc/PID/limits, /proc/PID/stat, its environment, a trapped
// signal); its log still written when it runs as another user; its restart
// script run as its user. Switching users needs root: as anyone else these
// tests are skipped, and say so.
import assert from 'node:assert/strict';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findGroup, findUser } from '../src/platform/accounts.js';
import { spawnHelperPath } from '../src/platform/spawner.js';
import { cleanup, monitorSection, MonitorProcess, psvAsync, tempDir, waitFor, writeConfig, writeFile } from './helpers.js';

const isRoot = process.getuid?.() === 0;
const user = findUser('psvtest');
const other = findGroup('psvtest2');
const why = !isRoot
  ? 'needs root (switching users); run the suite as root'
  : !user || !other
    ? 'needs the users psvtest and psvtest2 (scripts/setup-test-env.sh)'
    : !spawnHelperPath()
      ? 'needs the spawn helper psv-spawn (npm run build with a C compiler)'
      : null;
if (why) process.stderr.write(`\n*** run-as tests SKIPPED: ${why} ***\n\n`);

describe('targets run as another user, with their limits, env files and stop signal', { skip: why ?? false }, () => {
  let dir: string;
  let monitor: MonitorProcess;
  let logs: string;
  const logOf = (name: string) => (existsSync(join(logs, `${name}.log`)) ? readFileSync(join(logs, `${name}.log`), 'utf8') : '');
  const lineOf = (text: string, key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(text)?.[1];

  before(async () => {
    dir = tempDir('psv-run-as-');
    // The target's cwd and the folder it writes into must be the target user's to enter.
    chmodSync(dir, 0o755);
    const own = join(dir, 'own');
    mkdirSync(own);
    chownSync(own, user!.uid, user!.gid);
    logs = join(dir, 'state', 'logs');
    writeFile(join(dir, 'base.env'), '# the base file\nFROM_FILE=base\nSHARED=base\nexport QUOTED="a b\\tc"\n');
    writeFile(join(dir, 'site.env'), "SHARED=site\nSINGLE='kept $as written'\n");
    // Prints what it is, then waits; SIGINT (its stop signal) is trapped and written down.
    const report = [
      'echo "ID=$(id)"',
      'echo "UMASK=$(umask)"',
      'echo "PID=$$"',
      'echo "IDENT=$HOME $USER $LOGNAME"',
      'echo "VARS=$FROM_FILE $SHARED $FROM_ENV|$QUOTED|$SINGLE"',
      `trap 'echo INT > ${own}/trapped; exit 0' INT`,
      'echo READY=yes',
      'while :; do sleep 0.1; done',
    ].join('; ');
    writeFile(join(dir, 'restore.sh'), '#!/bin/sh\necho "SCRIPT_USER=$(id -un) HOME=$HOME"\n', true);
    const { config, events } = writeConfig(
      dir,
      `${monitorSection(dir)}targets:
  - name: svc
    command: [sh, -c, ${JSON.stringify(report)}]
    user: psvtest
    groups: [psvtest2]
    umask: "0027"
    limits: { nofile: "1024:2048", core: 0, nproc: 500, as: unlimited, stack: { soft: 8MiB, hard: 16MiB } }
    nice: 7
    envFile: [base.env, site.env]
    env: { FROM_ENV: env, SHARED: env }
    stopSignal: SIGINT
    stopTimeout: 20s
  - name: crashy
    command: [sh, -c, 'echo "RUN_AS=$(id -un)"; exit 3']
    user: psvtest
    restart: { script: restore.sh, retries: 1 }
    onRetryOver: continue
  - name: crashy-root-script
    command: [sh, -c, 'exit 3']
    user: psvtest
    scriptUser: root
    restart: { script: restore.sh, retries: 1 }
    onRetryOver: continue
`,
    );
    monitor = new MonitorProcess(config, events);
    await waitFor('svc to report', () => lineOf(logOf('svc'), 'READY'), 30_000);
  });

  after(async () => {
    await monitor?.stop();
    if (dir) cleanup(dir);
  });

  it('runs as its user with its groups, the user\'s HOME, USER and LOGNAME, and its umask', () => {
    const log = logOf('svc');
    const id = lineOf(log, 'ID')!;
    assert.match(id, new RegExp(`^uid=${user!.uid}\\(psvtest\\) gid=${user!.gid}\\(psvtest\\) groups=`), log);
    const groups = /groups=(.*)$/.exec(id)![1]!;
    assert.ok(groups.includes(`${other!.gid}(psvtest2)`), `groups: ${groups}`);
    assert.ok(!/\b0\(root\)/.test(groups), `root's groups must be gone: ${groups}`);
    assert.equal(lineOf(log, 'UMASK'), '0027');
    assert.equal(lineOf(log, 'IDENT'), `${user!.home} psvtest psvtest`);
    // Its output reached the log, which stays psv's (opened before the switch to psvtest).
    assert.equal(statSync(join(logs, 'svc.log')).uid, 0);
  });

  it('reads the env files in order, under env', () => {
    assert.equal(lineOf(logOf('svc'), 'VARS'), 'base env env|a b\tc|kept $as written');
  });

  it('has its limits in /proc/PID/limits and its nice value in /proc/PID/stat', () => {
    const pid = Number(lineOf(logOf('svc'), 'PID'));
    const limits = readFileSync(`/proc/${pid}/limits`, 'utf8');
    const row = (name: string) => new RegExp(`^${name}\\s+(\\S+)\\s+(\\S+)`, 'm').exec(limits)!.slice(1, 3);
    assert.deepEqual(row('Max open files'), ['1024', '2048']);
    assert.deepEqual(row('Max core file size'), ['0', '0']);
    assert.deepEqual(row('Max processes'), ['500', '500']);
    assert.deepEqual(row('Max address space'), ['unlimited', 'unlimited']);
    assert.deepEqual(row('Max stack size'), [String(8 * 1024 * 1024), String(16 * 1024 * 1024)]);
    // Field 19 of stat is the nice value; the command name (field 2) has no spaces here.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    assert.equal(stat[19 - 3], '7');
  });

  it('runs the restart script as the target\'s user, and as root with scriptUser: root', async () => {
    await waitFor('the restart script of crashy', () => /SCRIPT_USER=/.test(logOf('crashy')), 30_000);
    assert.match(logOf('crashy'), new RegExp(`SCRIPT_USER=psvtest HOME=${user!.home}`));
    assert.match(logOf('crashy'), /RUN_AS=psvtest/);
    await waitFor('the restart script of crashy-root-script', () => /SCRIPT_USER=/.test(logOf('crashy-root-script')), 30_000);
    assert.match(logOf('crashy-root-script'), /SCRIPT_USER=root/);
  });

  it('stops it with its stop signal (psv restart), well before the kill after stopTimeout', async () => {
    const started = Date.now();
    const r = await psvAsync(['restart', 'svc', '-c', monitor.config]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    await waitFor('the trapped SIGINT', () => existsSync(join(dir, 'own', 'trapped')), 15_000);
    assert.equal(readFileSync(join(dir, 'own', 'trapped'), 'utf8').trim(), 'INT');
    assert.ok(Date.now() - started < 15_000, 'stopped by its signal, not killed after stopTimeout (20 s)');
  });
});
