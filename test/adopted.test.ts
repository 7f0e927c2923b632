// Targets psv did not start: real external processes started by the test.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cleanup, eventOf, ExternalProcesses, isAlive, monitorSection, MonitorProcess, tempDir, waitFor, writeConfig, writeFile } from './helpers.js';

const dirs: string[] = [];
const monitors: MonitorProcess[] = [];
const procs = new ExternalProcesses(100000);
after(async () => {
  for (const m of monitors) await m.stop();
  procs.killAll();
  for (const d of dirs) cleanup(d);
});

/** A restore script that logs its environment and starts `sleep DURATION` again in the background. */
function restoreScript(dir: string, name: string, duration: string): { path: string; log: string } {
  const log = join(dir, `${name}.restores`);
  const path = writeFile(
    join(dir, `${name}.sh`),
    `#!/bin/sh\necho "$PSV_TARGET|$PSV_PID|$PSV_INSTANCE|$PSV_REASON" >> ${log}\nsleep ${duration} </dev/null >/dev/null 2>&1 &\necho $! >> ${log}.pids\n`,
    true,
  );
  return { path, log };
}

function pidsIn(file: string): number[] {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function setup(yaml: string, env: NodeJS.ProcessEnv = {}): { dir: string; m: MonitorProcess } {
  const dir = dirs.at(-1)!;
  const { config, events } = writeConfig(dir, `${monitorSection(dir, '  interval: 200ms\n')}targets:\n${yaml}`);
  const m = new MonitorProcess(config, events, env);
  monitors.push(m);
  return { dir, m };
}

function newDir(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}


describe('match targets', () => {
  it('tells two same-name instances apart by their arguments; killing one runs only its own restart script', async () => {
    const dir = newDir();
    const [a, b] = [procs.unique(), procs.unique()];
    const pa = await procs.start(['sleep', a]);
    const pb = await procs.start(['sleep', b]);
    const sa = restoreScript(dir, 'alpha', a);
    const sb = restoreScript(dir, 'beta', b);
    const { m } = setup(
      `  - name: alpha\n    match: { name: sleep, args: '^sleep ${a.replace('.', '\\.')}$' }\n    restart: { script: ${sa.path} }\n` +
        `  - name: beta\n    match: { name: sleep, args: '^sleep ${b.replace('.', '\\.')}$' }\n    restart: { script: ${sb.path} }\n`,
    );
    const [upA] = await m.waitEvents('alpha up', eventOf('alpha', 'TargetUp'));
    const [upB] = await m.waitEvents('beta up', eventOf('beta', 'TargetUp'));
    assert.equal(upA!.pid, pa);
    assert.equal(upB!.pid, pb);
    process.kill(pa, 'SIGKILL');
    const ups = await m.waitEvents('alpha back', eventOf('alpha', 'TargetUp'), 2);
    // The script writes the pid it started after starting it: the monitor may see the process first.
    const restored = await waitFor('the script logged the pid it started', () => {
      const pids = pidsIn(`${sa.log}.pids`);
      return pids.length > 0 ? pids : undefined;
    });
    procs.add(...restored);
    assert.equal(ups[1]!.pid, restored[0], 'the new alpha is the process its script started');
    // Seen at its end (pidfd): gone, or a zombie its parent (this test) has not reaped yet.
    assert.match(readFileSync(sa.log, 'utf8').split('\n')[0]!, new RegExp(`^alpha\\|${pa}\\|1\\|(process gone|zombie \\(defunct\\))$`));
    assert.deepEqual(pidsIn(sb.log), [], "beta's script did not run");
    assert.ok(isAlive(pb), 'beta untouched');
    assert.equal(m.events().filter(eventOf('beta', 'TargetDown')).length, 0);
  });

  it('restores the missing instances when fewer than instances.min run, and warns over max', async () => {
    const dir = newDir();
    const d = procs.unique();
    const p1 = await procs.start(['sleep', d]);
    const p2 = await procs.start(['sleep', d]);
    const s = restoreScript(dir, 'pool', d);
    const { m } = setup(`  - name: pool\n    match: { name: sleep, args: '^sleep ${d.replace('.', '\\.')}$' }\n    instances: { min: 2, max: 2 }\n    restart: { script: ${s.path} }\n`);
    await m.waitEvents('two up', eventOf('pool', 'TargetUp'), 2);
    process.kill(p2, 'SIGKILL');
    await m.waitEvents('restored', eventOf('pool', 'RestartScriptRun'));
    await m.waitEvents('up again', eventOf('pool', 'TargetUp'), 3);
    procs.add(...pidsIn(`${s.log}.pids`));
    assert.match(readFileSync(s.log, 'utf8'), new RegExp(`^pool\\|${p2}\\|2\\|`), 'PSV_INSTANCE names the missing instance');
    assert.ok(isAlive(p1));
    // A third one is one too many.
    await procs.start(['sleep', d]);
    const [excess] = await m.waitEvents('excess', eventOf('pool', 'InstancesExcess'));
    assert.equal(excess!.count, 3);
    assert.equal(excess!.max, 2);
  });
});

describe('pidfile targets', () => {
  it('follows the pid in the file; a lost process is restored and the new pid read from the file', async () => {
    const dir = newDir();
    const d = procs.unique();
    const pidfile = join(dir, 'app.pid');
    const first = await procs.start(['sleep', d]);
    writeFileSync(pidfile, `${first}\n`);
    const script = writeFile(join(dir, 'restore.sh'), `#!/bin/sh\nsleep ${d} </dev/null >/dev/null 2>&1 &\necho $! > ${pidfile}\n`, true);
    const { m } = setup(`  - name: app\n    pidfile: ${pidfile}\n    match: { name: sleep }\n    restart: { script: ${script} }\n`);
    const [up] = await m.waitEvents('up', eventOf('app', 'TargetUp'));
    assert.equal(up!.pid, first);
    process.kill(first, 'SIGKILL');
    const ups = await m.waitEvents('back', eventOf('app', 'TargetUp'), 2);
    const second = Number(readFileSync(pidfile, 'utf8'));
    procs.add(second);
    assert.equal(ups[1]!.pid, second);
    assert.notEqual(second, first);
  });

  it('a stale pidfile naming an unrelated live process is not accepted when the target has a name', async () => {
    const dir = newDir();
    const unrelated = await procs.start(['tail', '-f', '/dev/null']);
    const pidfile = join(dir, 'stale.pid');
    writeFileSync(pidfile, `${unrelated}\n`);
    const script = writeFile(join(dir, 'restore.sh'), '#!/bin/sh\nexit 0\n', true);
    const { m } = setup(`  - name: app\n    pidfile: ${pidfile}\n    match: { name: sleep }\n    restart: { retries: 1, script: ${script}, confirmTimeout: 500ms }\n`);
    const [down] = await m.waitEvents('down', eventOf('app', 'TargetDown'));
    assert.match(down!.message, /not running/);
    assert.equal(m.events().filter(eventOf('app', 'TargetUp')).length, 0, 'the unrelated process was not taken for the target');
    await m.waitEvents('retry over', eventOf('app', 'RetryOver'));
    assert.ok(isAlive(unrelated), 'and it was left alone');
  });
});

describe('zombies', () => {
  it('a zombie (an exited process its parent does not reap) counts as dead', async () => {
    newDir();
    const d = procs.unique();
    // The parent forks the sleep and never waits for it.
    const parent = await procs.start(['perl', '-e', `if (my $p = fork) { print STDERR $p; sleep 1000 } else { exec "sleep", "${d}" }`]);
    const child = await waitFor('the forked sleep', () => {
      const kids = readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
      return kids.find((k) => {
        try {
          return readFileSync(`/proc/${k}/cmdline`, 'utf8').startsWith('sleep');
        } catch {
          return false;
        }
      });
    });
    const { m } = setup(`  - name: z\n    match: { name: sleep, args: '^sleep ${d.replace('.', '\\.')}$' }\n    restart: { retries: 0 }\n`);
    await m.waitEvents('up', eventOf('z', 'TargetUp'));
    process.kill(child, 'SIGKILL');
    await waitFor('zombie', () => readFileSync(`/proc/${child}/stat`, 'utf8').split(') ')[1]!.startsWith('Z'));
    const [down] = await m.waitEvents('down', eventOf('z', 'TargetDown'), 1, 30_000);
    assert.equal(down!.pid, child);
    assert.match(down!.message, /zombie/);
  });
});

describe('service targets (systemctl test double on PATH)', () => {
  function fakeSystemctl(dir: string): { bin: string; calls: string; setState: (unit: string, active: string, result?: string) => void } {
    const bin = join(dir, 'bin');
    const state = join(dir, 'units');
    const calls = join(dir, 'systemctl.calls');
    spawn('mkdir', ['-p', bin, state]);
    writeFileSync(join(dir, 'mk'), '');
    const script = `#!/bin/sh
# A stand-in for systemctl: keeps each unit's state in ${state}/UNIT, records calls.
echo "$*" >> ${calls}
case "$1" in
  show)
    shift
    for a in "$@"; do case "$a" in --*) ;; *)
      f=${state}/$a
      if [ -f "$f" ]; then . "$f"; else ACTIVE=inactive; RESULT=success; LOAD=not-found; fi
      echo "Id=$a"; echo "ActiveState=$ACTIVE"; echo "SubState=x"; echo "MainPID=\${PID:-0}"; echo "Result=$RESULT"; echo "ExecMainStatus=\${STATUS:-0}"; echo "LoadState=\${LOAD:-loaded}"; echo
    ;; esac; done ;;
  --no-ask-password)
    shift
    case "$1" in start|restart) printf 'ACTIVE=active\\nRESULT=success\\nPID=4242\\n' > ${state}/$2 ;; esac ;;
esac
exit 0
`;
    return {
      bin,
      calls,
      setState: (unit, active, result = 'success') => writeFileSync(join(state, unit), `ACTIVE=${active}\nRESULT=${result}\nPID=${active === 'active' ? 4100 : 0}\nSTATUS=${result === 'success' ? 0 : 3}\n`),
      ...(() => {
        require_mkdir(bin, state);
        writeFile(join(bin, 'systemctl'), script, true);
        return {};
      })(),
    };
  }

  function require_mkdir(...paths: string[]): void {
    for (const p of paths) spawnSyncMkdir(p);
  }

  it('a failed service is started again; one stopped on purpose is reported and left stopped unless restartWhenStopped', async () => {
    const dir = newDir();
    const fake = fakeSystemctl(dir);
    fake.setState('web.service', 'active');
    fake.setState('db.service', 'active');
    fake.setState('cache.service', 'active');
    const { m } = setup(
      `  - name: web\n    service: web.service\n  - name: db\n    service: db.service\n  - name: cache\n    service: cache.service\n    restartWhenStopped: true\n`,
      { PATH: `${fake.bin}:${process.env.PATH}` },
    );
    await m.waitEvents('all up', (e) => e.event === 'TargetUp', 3);
    fake.setState('web.service', 'failed', 'exit-code');
    fake.setState('db.service', 'inactive', 'success');
    fake.setState('cache.service', 'inactive', 'success');
    await m.waitEvents('web back', eventOf('web', 'TargetUp'), 2);
    await m.waitEvents('cache back', eventOf('cache', 'TargetUp'), 2);
    const [stopped] = await m.waitEvents('db left stopped', eventOf('db', 'ServiceStopped'));
    assert.match(stopped!.message, /db\.service/);
    const calls = readFileSync(fake.calls, 'utf8');
    assert.match(calls, /--no-ask-password start web\.service/);
    assert.match(calls, /--no-ask-password start cache\.service/);
    assert.doesNotMatch(calls, /start db\.service/);
    assert.match(m.events().find(eventOf('web', 'TargetDown'))!.message, /failed/);
    // One query of the service manager per check serves all three services.
    assert.match(calls, /show --no-pager --property=\S+ web\.service db\.service cache\.service/);
  });
});

import { mkdirSync } from 'node:fs';
function spawnSyncMkdir(p: string): void {
  mkdirSync(p, { recursive: true });
}
