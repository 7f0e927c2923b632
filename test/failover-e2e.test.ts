// Failover end to end: a real monitor, real targets killed until their retries
// are used up, and real adapter commands (a script, a stand-in crm_resource)
// that record what psv told them. With then: stay the monitor runs on, shows
// the failover in its status, and a reset clears it.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { StatusResult } from '../src/control/protocol.js';
import { isAlive, monitorFixtures, monitorSection, psvAsync, waitFor, writeConfig, writeFile, type MonitorProcess, type PsvEvent } from './helpers.js';

const fixtures = monitorFixtures();
const sleeper = fixtures.sleeper;

function setup(failover: string, targets: string, env: NodeJS.ProcessEnv = {}): { dir: string; config: string; m: MonitorProcess } {
  return fixtures.monitor('psv-failover-e2e-', `${failover}${targets}`, env);
}

const is = (name: string, event: string) => (e: PsvEvent) => e.target === name && e.event === event;

/** Kills `name` each time it is up, `kills` times: with `retries` = kills - 1 the last kill is the retry over. */
async function killUntilRetryOver(m: MonitorProcess, name: string, kills: number): Promise<void> {
  for (let i = 1; i <= kills; i++) {
    const ups = await m.waitEvents(`${name} up (${i})`, is(name, 'TargetUp'), i);
    process.kill(ups[i - 1]!.pid!, 'SIGKILL');
  }
}

async function status(config: string): Promise<StatusResult> {
  const r = await psvAsync(['status', '-c', config, '--json']);
  assert.equal(r.code, 0, `psv status: exit ${r.code}\n${r.stderr}`);
  return JSON.parse(r.stdout) as StatusResult;
}

describe('via: command', () => {
  it('a group over its retries: the script gets the failover in its environment and as JSON; the monitor runs on until reset', async () => {
    const scriptDir = fixtures.dir('psv-failover-script-');
    const script = writeFile(join(scriptDir, 'tell-cluster.sh'), `#!/bin/sh\nenv > ${join(scriptDir, 'failover.env')}\ncat > ${join(scriptDir, 'failover.json')}\n`, true);
    const { config, m } = setup(
      `  failover:\n    via: command\n    command:\n      run: [${script}, --package, app]\n`,
      `targets:\n  - name: crasher\n    command: ${sleeper()}\n    restart: { retries: 5 }\n  - name: helper\n    command: ${sleeper()}\n    restart: { retries: 5 }\n` +
        `groups:\n  - name: app\n    members: [crasher, helper]\n    strategy: all\n    restart: { retries: 2, window: 1m }\n    onRetryOver: failover\n`,
    );
    await killUntilRetryOver(m, 'crasher', 3);
    const [requested] = await m.waitEvents('FailoverRequested', (e) => e.event === 'FailoverRequested');
    assert.equal(requested!.message, `Failover of group 'app' requested through command: ${script} --package app (exit 0) (then: stay)`);

    const env = Object.fromEntries(
      readFileSync(join(scriptDir, 'failover.env'), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('PSV_'))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    // What psv sets for the adapter; the rest of PSV_* is whatever the test's own environment carries.
    const told = ['PSV_FAILOVER_SCOPE', 'PSV_FAILOVER_NAME', 'PSV_FAILOVER_REASON', 'PSV_TARGET', 'PSV_GROUP', 'PSV_CONFIG'];
    assert.deepEqual(Object.fromEntries(told.map((k) => [k, env[k]])), {
      PSV_FAILOVER_SCOPE: 'group',
      PSV_FAILOVER_NAME: 'app',
      PSV_FAILOVER_REASON: 'retry over',
      PSV_TARGET: 'crasher',
      PSV_GROUP: 'app',
      PSV_CONFIG: config,
    });
    const json = JSON.parse(readFileSync(join(scriptDir, 'failover.json'), 'utf8')) as Record<string, unknown>;
    const restarts = json.restarts as string[];
    assert.equal(restarts.length, 2, 'the two group restarts within the window');
    const groupRestarts = m.events().filter((e) => e.event === 'GroupRestart');
    assert.equal(groupRestarts.length, 2);
    restarts.forEach((t, i) => assert.ok(Math.abs(Date.parse(t) - Date.parse(groupRestarts[i]!.time)) < 1000, `restart ${i} at ${t}, reported at ${groupRestarts[i]!.time}`));
    const s = await status(config);
    assert.deepEqual(
      { ...json, restarts: undefined, at: undefined },
      { scope: 'group', name: 'app', target: 'crasher', group: 'app', reason: 'retry over', restarts: undefined, retries: 2, window: '1m', config, monitorPid: s.monitor.pid, at: undefined },
    );

    assert.equal(m.child.exitCode, null, 'the monitor runs on');
    assert.deepEqual({ ...s.monitor.failover, at: undefined }, { scope: 'group', name: 'app', reason: 'retry over', via: 'command', at: undefined });
    assert.equal(s.groups.find((g) => g.name === 'app')!.state, 'Failed');
    assert.ok(s.targets.every((t) => t.state !== 'Running' && t.pid === null), `the group stays down: ${JSON.stringify(s.targets.map((t) => [t.name, t.state, t.pid]))}`);

    const reset = await psvAsync(['reset', 'app', '-c', config]);
    assert.equal(reset.code, 0, reset.stderr);
    const after = await status(config);
    assert.equal(after.monitor.failover, null, 'reset of the group clears the failover');
    await m.waitEvents('crasher up again', is('crasher', 'TargetUp'), 4);
    assert.equal(await m.stop(), 0);
  });
});

describe('via: pacemaker, action fail', () => {
  it('runs crm_resource --fail for the resource the agent names; the monitor runs on, the target stays Failed until reset', async () => {
    const d = fixtures.dir('psv-failover-crm-');
    mkdirSync(join(d, 'bin'));
    const args = join(d, 'crm.args');
    writeFile(join(d, 'bin', 'crm_resource'), `#!/bin/sh\nprintf '%s\\n' "$@" > ${args}\n`, true);
    const { config, m } = setup(
      `  failover:\n    via: pacemaker\n    pacemaker:\n      action: fail\n      node: node1\n      crmResource: ${join(d, 'bin', 'crm_resource')}\n`,
      `targets:\n  - name: crasher\n    command: ${sleeper()}\n    restart: { retries: 2, window: 1m }\n    onRetryOver: failover\n  - name: bystander\n    command: ${sleeper()}\n`,
      { OCF_RESOURCE_INSTANCE: 'psv-app' },
    );
    const [bystander] = await m.waitEvents('bystander up', is('bystander', 'TargetUp'));
    await killUntilRetryOver(m, 'crasher', 3);
    await m.waitEvents('FailoverRequested', (e) => e.event === 'FailoverRequested');
    assert.deepEqual(readFileSync(args, 'utf8').split('\n').filter(Boolean), ['--fail', '--resource', 'psv-app', '--node', 'node1']);

    const s = await status(config);
    assert.equal(m.child.exitCode, null, 'the monitor runs on');
    assert.deepEqual({ ...s.monitor.failover, at: undefined }, { scope: 'target', name: 'crasher', reason: 'retry over', via: 'pacemaker', at: undefined });
    assert.ok(Math.abs(Date.parse(s.monitor.failover!.at) - Date.now()) < 60_000);
    const state = (name: string) => s.targets.find((t) => t.name === name)!;
    assert.equal(state('crasher').state, 'Failed');
    assert.equal(state('bystander').state, 'Running');
    assert.equal(state('bystander').pid, bystander!.pid, 'what did not fail is left alone');
    assert.equal(m.events().filter(is('crasher', 'TargetStarted')).length, 3, 'no restart after the retry over');

    const reset = await psvAsync(['reset', 'crasher', '-c', config]);
    assert.equal(reset.code, 0, reset.stderr);
    assert.equal((await status(config)).monitor.failover, null, 'reset clears the failover');
    await m.waitEvents('crasher started again', is('crasher', 'TargetStarted'), 4);
    assert.equal(await m.stop(), 0);
  });

  it('crm_resource fails: FailoverFailed, then the fallback stops every target and exits 4', async () => {
    const d = fixtures.dir('psv-failover-crm-');
    writeFile(join(d, 'crm_resource'), `#!/bin/sh\necho "Error performing operation: No such object" >&2\nexit 6\n`, true);
    const { m } = setup(
      `  failover:\n    via: pacemaker\n    pacemaker: { action: ban, resource: psv-app, crmResource: ${join(d, 'crm_resource')} }\n`,
      `targets:\n  - name: crasher\n    command: ${sleeper()}\n    restart: { retries: 1, window: 1m }\n    onRetryOver: failover\n  - name: bystander\n    command: ${sleeper()}\n`,
    );
    const [bystander] = await m.waitEvents('bystander up', is('bystander', 'TargetUp'));
    await killUntilRetryOver(m, 'crasher', 2);
    assert.equal(await m.exited, 4);
    const failed = m.events().find((e) => e.event === 'FailoverFailed')!;
    assert.equal(failed.error, `${join(d, 'crm_resource')} --ban --resource psv-app exited with code 6: Error performing operation: No such object`);
    assert.ok(m.events().some((e) => e.event === 'Failover' && e.target === 'crasher'));
    assert.ok(!isAlive(bystander!.pid!), 'the fallback stopped the other target');
  });
});

describe('psv check', () => {
  it('a failover setting that cannot work: FILE:LINE:COL and exit 2', async () => {
    const dir = fixtures.dir('psv-failover-check-');
    const { config } = writeConfig(dir, `${monitorSection(dir, '  failover:\n    via: clusterpro\n    clusterpro: { action: move }\n')}targets:\n  - name: a\n    command: [sleep, "1"]\n`);
    const r = await psvAsync(['check', '-c', config]);
    assert.equal(r.code, 2);
    const line = r.stderr.split('\n').find((l) => l.includes('monitor.failover'));
    assert.ok(line, r.stderr);
    const lines = readFileSync(config, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('clusterpro: {'));
    assert.equal(line, `${config}:${at + 1}:${lines[at]!.indexOf('move') + 1}: monitor.failover.clusterpro.action: move needs monitor.failover.clusterpro.group (the failover group clpgrp -m moves)`);
  });
});
