// Plug-ins end to end with real processes (docs/plugins.md): custom checks and
// their reactions, on: hooks, waiting actions and the incident, misbehaving
// plug-ins that must never slow the monitor down, and psv check's refusals.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cleanup, isAlive, monitorSection, MonitorProcess, psv, taggedSleep, tempDir, waitFor, writeConfig, writeFile, type PsvEvent } from './helpers.js';

const dirs: string[] = [];
const monitors: MonitorProcess[] = [];
after(async () => {
  for (const m of monitors) await m.stop();
  for (const d of dirs) cleanup(d);
});

/** Generous: the machine may be busy; a start or an event can take seconds there. */
const waitE = (m: MonitorProcess, what: string, match: (e: PsvEvent) => boolean, count = 1, timeoutMs = 90_000) => m.waitEvents(what, match, count, timeoutMs);

const of = (name: string, event: string) => (e: PsvEvent) => e.target === name && e.event === event;

function setup(): string {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
}

/** A shell script that records its environment (PSV_*) and its stdin into OUT, then runs BODY. */
function script(dir: string, name: string, body: string): string {
  return writeFile(join(dir, name), `#!/bin/sh\nout="${join(dir, name)}.seen"\nenv | grep '^PSV_' | sort > "$out.env.$$"\ncat > "$out.json.$$"\nmv "$out.env.$$" "$out.env"; mv "$out.json.$$" "$out.json"\n${body}\n`, true);
}

function seen(file: string): { env: Record<string, string>; input: Record<string, unknown> } {
  const env = Object.fromEntries(
    readFileSync(`${file}.seen.env`, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { env, input: JSON.parse(readFileSync(`${file}.seen.json`, 'utf8')) as Record<string, unknown> };
}

function start(dir: string, yaml: string): MonitorProcess {
  const { config, events } = writeConfig(dir, `${monitorSection(dir)}${yaml}`);
  const m = new MonitorProcess(config, events);
  monitors.push(m);
  return m;
}

function target(name: string, extra: string): string {
  return `  - name: ${name}\n    command: ${JSON.stringify(taggedSleep().command)}\n${extra}`;
}

function check(argv: string, reaction: string, more = ''): string {
  return `    probes:\n      - check: ${argv}\n        every: 200ms\n        timeout: 2s\n        failures: 1\n        onUnhealthy: ${reaction}\n${more}`;
}

describe('custom checks', { concurrency: 2 }, () => {
  it('unhealthy by exit code, reaction warn: CheckUnhealthy with the context the check was given; the target keeps running', async () => {
    const dir = setup();
    const file = script(dir, 'check.sh', 'exit 1');
    const m = start(dir, `targets:\n${target('app', check(JSON.stringify([file]), 'warn'))}`);
    const [up] = await waitE(m, 'up', of('app', 'TargetUp'));
    const [bad] = await waitE(m, 'unhealthy', of('app', 'CheckUnhealthy'));
    assert.equal(bad!.pid, up!.pid);
    assert.equal(bad!.reaction, 'warn');
    assert.match(bad!.message, /Check check .*check\.sh unhealthy: exit code 1 \(reaction: warn\)/);
    const { env, input } = seen(file);
    assert.equal(env.PSV_TARGET, 'app');
    assert.equal(env.PSV_PID, String(up!.pid));
    assert.equal(env.PSV_INSTANCE, '0');
    assert.equal(env.PSV_STATE_DIR, join(dir, 'state'));
    assert.equal(input.target, 'app');
    assert.equal(input.pid, up!.pid);
    await waitE(m, 'unhealthy again', of('app', 'CheckUnhealthy'), 3);
    assert.equal(m.events().filter(of('app', 'TargetUp')).length, 1, 'warn does not restart');
    assert.ok(isAlive(up!.pid!));
  });

  it('unhealthy by its JSON line, reaction restart: the message and details in the event and the incident, a new pid', async () => {
    const dir = setup();
    const flag = join(dir, 'said-once');
    const file = script(dir, 'check.sh', `if [ -e ${flag} ]; then exit 0; fi\ntouch ${flag}\necho '{"status":"unhealthy","message":"queue length 512 over 100","details":{"queue":512}}'\nexit 0`);
    const m = start(dir, `targets:\n${target('app', check(JSON.stringify([file]), 'restart'))}`);
    const [up] = await waitE(m, 'up', of('app', 'TargetUp'));
    const [bad] = await waitE(m, 'unhealthy', of('app', 'CheckUnhealthy'));
    assert.match(bad!.message, /queue length 512 over 100/);
    assert.deepEqual(bad!.details, { queue: 512 });
    const [stall] = await waitE(m, 'stall', of('app', 'StallDetected'));
    assert.match(stall!.message, /queue length 512/);
    const ups = await waitE(m, 'restarted', of('app', 'TargetUp'), 2, 60_000);
    assert.notEqual(ups[1]!.pid, up!.pid);
    const [incident] = await waitE(m, 'incident', of('app', 'IncidentRecorded'));
    const recorded = readFileSync(join(incident!.folder as string, 'events.jsonl'), 'utf8');
    assert.match(recorded, /"details":\{"queue":512\}/);
  });

  it('reaction actions: the check\'s actions run with its answer', async () => {
    const dir = setup();
    const file = script(dir, 'check.sh', `echo '{"status":"unhealthy","message":"disk 97%"}'; exit 1`);
    const act = script(dir, 'act.sh', 'exit 0');
    const m = start(dir, `targets:\n${target('app', check(JSON.stringify([file]), 'actions', `        actions:\n          - run: ${JSON.stringify([act])}\n`))}`);
    await waitE(m, 'action', (e) => e.event === 'PluginActionDone' && e.target === 'app');
    const { env, input } = seen(act);
    assert.equal(env.PSV_EVENT, 'CheckUnhealthy');
    assert.equal(env.PSV_EVENT_ANSWER, 'disk 97%');
    assert.equal((input.event as { fields: { reaction: string } }).fields.reaction, 'actions');
    assert.equal(m.events().filter(of('app', 'TargetUp')).length, 1);
  });

  it('reaction escalate: the target goes to monitor.failover at once (exit adapter: code 4)', async () => {
    const dir = setup();
    const file = script(dir, 'check.sh', 'exit 1');
    const m = start(dir, `targets:\n${target('app', check(JSON.stringify([file]), 'escalate'))}`);
    await waitE(m, 'unhealthy', of('app', 'CheckUnhealthy'));
    assert.equal(await m.exited, 4);
    assert.ok(m.events().some((e) => e.event === 'Failover'), 'Failover written');
  });

  it('unknown (exit 2) is neither healthy nor unhealthy', async () => {
    const dir = setup();
    const file = script(dir, 'check.sh', 'exit 2');
    const m = start(dir, `targets:\n${target('app', check(JSON.stringify([file]), 'warn'))}`);
    await waitE(m, 'up', of('app', 'TargetUp'));
    await waitFor('three checks', () => existsSync(`${file}.seen.json`) && m.events().length > 0);
    // Several rounds of checks pass without a verdict.
    const t0 = Date.now();
    await waitFor('a second', () => Date.now() - t0 > 1000);
    assert.equal(m.events().filter((e) => e.event === 'CheckUnhealthy' || e.event === 'PluginFailed').length, 0);
  });
});

describe('hooks', () => {
  it('on: RetryOver runs an action that receives the target and the event\'s fields', async () => {
    const dir = setup();
    const act = script(dir, 'on-retry-over.sh', 'exit 0');
    const m = start(dir, `targets:\n  - name: crashy\n    command: ["sh", "-c", "exit 3"]\n    restart: { retries: 1 }\n    onRetryOver: stop\n    on:\n      RetryOver:\n        - run: ${JSON.stringify([act])}\n          timeout: 5s\n`);
    await waitE(m, 'action', (e) => e.event === 'PluginActionDone' && e.trigger === 'RetryOver');
    const { env, input } = seen(act);
    assert.equal(env.PSV_TARGET, 'crashy');
    assert.equal(env.PSV_EVENT, 'RetryOver');
    assert.equal(env.PSV_EVENT_ID, '301');
    assert.equal(env.PSV_EVENT_ACTION, 'stop');
    assert.ok(Number(env.PSV_EVENT_RESTARTS) >= 1);
    const event = input.event as { name: string; fields: Record<string, unknown> };
    assert.equal(event.name, 'RetryOver');
    assert.equal(event.fields.target, 'crashy');
    assert.equal(event.fields.action, 'stop');
  });

  it('a waiting action on TargetDown writes into the incident before the restart', async () => {
    const dir = setup();
    const act = script(dir, 'collect.sh', `sleep 0.3\necho "collected by $PSV_TARGET pid $PSV_PID" > "$PSV_INCIDENT_DIR/diagnostics.txt"\ndate +%s%3N >> "$PSV_INCIDENT_DIR/diagnostics.txt"`);
    const m = start(dir, `targets:\n${target('app', `    on:\n      TargetDown:\n        - run: ${JSON.stringify([act])}\n          wait: true\n          timeout: 5s\n`)}`);
    const [up] = await waitE(m, 'up', of('app', 'TargetUp'));
    process.kill(up!.pid!, 'SIGKILL');
    const ups = await waitE(m, 'restarted', of('app', 'TargetUp'), 2);
    const [incident] = await waitE(m, 'incident', of('app', 'IncidentRecorded'));
    const diag = readFileSync(join(incident!.folder as string, 'diagnostics.txt'), 'utf8').trim().split('\n');
    assert.equal(diag[0], `collected by app pid ${up!.pid}`);
    const writtenAt = Number(diag[1]);
    const started = m.events().filter(of('app', 'TargetStarted'));
    assert.ok(writtenAt <= Date.parse(started[1]!.time), `diagnostics at ${writtenAt}, restart at ${started[1]!.time}`);
    assert.ok(ups[1]!.pid !== up!.pid);
  });
});

/** Kills `victim` and returns how long its restart took (kill → TargetUp of the new pid, in ms). */
async function restartLatency(m: MonitorProcess, victim: string): Promise<number> {
  const ups = m.events().filter(of(victim, 'TargetUp'));
  const pid = ups[ups.length - 1]!.pid!;
  const killedAt = Date.now();
  process.kill(pid, 'SIGKILL');
  const after = await waitE(m, 'victim restarted', of(victim, 'TargetUp'), ups.length + 1);
  return Date.parse(after[after.length - 1]!.time) - killedAt;
}

describe('misbehaving plug-ins never slow the monitor down', () => {
  const cases: Array<{ name: string; probe: (dir: string) => string; why: RegExp }> = [
    { name: 'a check that hangs is killed at its timeout', probe: (dir) => `check: ${JSON.stringify([script(dir, 'hang.sh', 'exec sleep 1000')])}\n        timeout: 300ms`, why: /did not finish within 300ms and was killed/ },
    { name: 'a check that exits non-zero with garbage', probe: (dir) => `check: ${JSON.stringify([script(dir, 'garbage.sh', 'echo "%%% not json \\x01"; exit 7')])}`, why: /exit code 7 \(a check answers 0, 1 or 2\)/ },
    { name: 'a check that writes 100 MB to stdout', probe: (dir) => `check: ${JSON.stringify([script(dir, 'flood.sh', 'head -c 100000000 /dev/zero')])}\n        timeout: 20s`, why: /more than 64 KiB of output/ },
    {
      name: 'a JavaScript check that busy-loops',
      probe: (dir) => {
        mkdirSync(join(dir, 'plugins'), { mode: 0o755 });
        chmodSync(dir, 0o755);
        writeFile(join(dir, 'plugins', 'bad.mjs'), 'export const checks = { spin() { for (;;) {} } };\n');
        return 'plugin: bad.spin\n        timeout: 300ms';
      },
      why: /did not finish within 300ms and was stopped/,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: PluginFailed, and an unrelated target restarts in < 1.5 s`, async () => {
      const dir = setup();
      const probe = c.probe(dir);
      const plugins = existsSync(join(dir, 'plugins')) ? `  plugins: { dir: ${join(dir, 'plugins')} }\n` : '';
      const { config, events } = writeConfig(
        dir,
        `${monitorSection(dir, plugins)}targets:\n${target('victim', '')}${target('host', `    probes:\n      - ${probe}\n        every: 200ms\n        failures: 1\n        onUnhealthy: warn\n`)}`,
      );
      const m = new MonitorProcess(config, events);
      monitors.push(m);
      await waitE(m, 'victim up', of('victim', 'TargetUp'));
      const [failed] = await waitE(m, 'PluginFailed', of('host', 'PluginFailed'));
      assert.match(failed!.why as string, c.why);
      const latencies: number[] = [];
      for (let i = 0; i < 3; i++) latencies.push(await restartLatency(m, 'victim'));
      console.log(`${c.name}: kill→restart of the unrelated target ${latencies.join(', ')} ms`);
      for (const ms of latencies) assert.ok(ms < 1500, `restart took ${ms} ms`);
      assert.equal(m.events().filter((e) => e.event === 'CheckUnhealthy').length, 0, 'a broken plug-in is no verdict');
      assert.equal(m.child.exitCode, null, 'the monitor runs on');
      await m.stop();
    });
  }
});

describe('psv check refuses unsafe plug-ins', () => {
  it('a plug-in folder writable by others: exit 2, FILE:LINE:COL', () => {
    const dir = setup();
    chmodSync(dir, 0o755);
    const plugins = join(dir, 'plugins');
    mkdirSync(plugins);
    chmodSync(plugins, 0o777);
    writeFile(join(plugins, 'ok.mjs'), 'export const checks = { fine: () => true };\n');
    const { config } = writeConfig(dir, `${monitorSection(dir, `  plugins:\n    dir: ${plugins}\n`)}targets:\n${target('app', '    probes:\n      - plugin: ok.fine\n')}`);
    const r = psv(['check', '-c', config]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, new RegExp(`${config.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: monitor\\.plugins\\.dir: refused: '${plugins}' is writable by its group`));
  });

  it('a check program writable by others, or not executable: exit 2 at its line', () => {
    const dir = setup();
    const open = script(dir, 'open.sh', 'exit 0');
    chmodSync(open, 0o757);
    const noexec = writeFile(join(dir, 'noexec.sh'), '#!/bin/sh\nexit 0\n');
    const { config } = writeConfig(dir, `${monitorSection(dir)}targets:\n${target('a', check(JSON.stringify([open]), 'warn'))}${target('b', check(JSON.stringify([noexec]), 'warn'))}`);
    const r = psv(['check', '-c', config]);
    assert.equal(r.code, 2);
    const out = r.stdout + r.stderr;
    assert.match(out, /psv\.yaml:\d+:\d+: targets\[0\]\.probes\[0\]\.check: refused: '.*open\.sh' is writable by others \(mode 757\)/);
    assert.match(out, /psv\.yaml:\d+:\d+: targets\[1\]\.probes\[0\]\.check: '.*noexec\.sh' is not executable/);
  });

  it('an on: block with an event that is not in the catalog', () => {
    const dir = setup();
    const act = script(dir, 'a.sh', 'exit 0');
    const { config } = writeConfig(dir, `${monitorSection(dir)}  on:\n    TargetDied:\n      - run: ${JSON.stringify([act])}\ntargets:\n${target('app', '')}`);
    const r = psv(['check', '-c', config]);
    assert.equal(r.code, 2);
    assert.match(r.stdout + r.stderr, /psv\.yaml:\d+:\d+: monitor\.on: 'TargetDied' is not an event of psv's catalog/);
  });
});

