// The OCF resource agent (scripts/cluster/psv.ocf) on its own: resource-agents'
// ocf-tester, and the exit codes Pacemaker acts on, with a real psv monitor.
// The whole cluster is in test/cluster/pacemaker.ts (npm run test:cluster).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cleanup, monitorSection, psv, psvCommand, ROOT, taggedSleep, tempDir, waitFor, writeConfig, writeFile } from './helpers.js';

const AGENT = join(ROOT, 'scripts', 'cluster', 'psv.ocf');
const OCF = { SUCCESS: 0, ERR_GENERIC: 1, ERR_UNIMPLEMENTED: 3, ERR_INSTALLED: 5, ERR_CONFIGURED: 6, NOT_RUNNING: 7 };

const hasTester = spawnSync('sh', ['-c', 'command -v ocf-tester'], { stdio: 'ignore' }).status === 0;

interface AgentRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

let dir = '';
let binary = '';

/** Runs the agent the way Pacemaker does: action as argument, parameters as OCF_RESKEY_*. */
function agent(action: string, params: Record<string, string>, env: Record<string, string> = {}): AgentRun {
  const reskeys = Object.fromEntries(Object.entries(params).map(([k, v]) => [`OCF_RESKEY_${k}`, v]));
  const r = spawnSync(AGENT, [action], {
    encoding: 'utf8',
    timeout: 90_000,
    env: { PATH: process.env.PATH, OCF_ROOT: '/usr/lib/ocf', OCF_RESOURCE_INSTANCE: 'psv-test', OCF_RESKEY_CRM_meta_interval: '10000', ...reskeys, ...env },
  });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function configWith(name: string, targetYaml: string): string {
  const d = join(dir, name);
  spawnSync('mkdir', ['-p', d]);
  return writeConfig(d, `${monitorSection(d)}targets:\n${targetYaml}`).config;
}

before(() => {
  dir = tempDir('psv-ocf-');
  // The agent's `binary`: this build of psv (PSV_EXE or the compiled sources).
  binary = writeFile(join(dir, 'psv'), `#!/bin/sh\nexec ${psvCommand().map((a) => `'${a}'`).join(' ')} "$@"\n`, true);
});

after(() => cleanup(dir));

describe('OCF agent', () => {
  test('passes ocf-tester', { skip: hasTester ? false : 'ocf-tester is not installed (resource-agents; bash scripts/setup-test-env.sh)' }, () => {
    const { command } = taggedSleep();
    const config = configWith('tester', `  - name: worker\n    command: ${JSON.stringify(command)}\n`);
    const r = spawnSync('ocf-tester', ['-n', 'psv-tester', '-o', `config=${config}`, '-o', `binary=${binary}`, AGENT], { encoding: 'utf8', timeout: 240_000 });
    assert.equal(r.status, 0, `ocf-tester failed:\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /passed all tests/);
    assert.equal(psv(['status', '-c', config]).code, 3, 'ocf-tester stopped the monitor at the end');
  });

  test('monitor: not running 7, running 0, retry over 1 with the health line as exit reason; stop twice 0', async () => {
    const { command } = taggedSleep();
    const config = configWith('cycle', `  - name: worker\n    command: ${JSON.stringify(command)}\n    restart: { retries: 0 }\n    onRetryOver: stop\n`);
    const params = { config, binary };
    assert.equal(agent('monitor', params).code, OCF.NOT_RUNNING);
    try {
      const start = agent('start', params);
      assert.equal(start.code, OCF.SUCCESS, start.stderr);
      assert.equal(agent('monitor', params).code, OCF.SUCCESS);

      // The monitor it started carries the resource's name for the failover adapter.
      const status = JSON.parse(psv(['status', '-c', config, '--json']).stdout) as { monitor: { pid: number }; targets: Array<{ pid: number }> };
      const environ = readFileSync(`/proc/${status.monitor.pid}/environ`, 'utf8').split('\0');
      assert.ok(environ.includes('OCF_RESOURCE_INSTANCE=psv-test'), 'OCF_RESOURCE_INSTANCE is passed to the monitor');

      // Retry over (no retries): health says failed, monitor fails with the reason Pacemaker shows.
      process.kill(status.targets[0]!.pid, 'SIGKILL');
      const failed = await waitFor('monitor to fail after retry over', () => {
        const m = agent('monitor', params);
        return m.code !== OCF.SUCCESS ? m : null;
      });
      assert.equal(failed.code, OCF.ERR_GENERIC, failed.stderr);
      assert.match(failed.stderr, /^ocf-exit-reason:failed: /m);
    } finally {
      assert.equal(agent('stop', params).code, OCF.SUCCESS);
    }
    assert.equal(agent('stop', params).code, OCF.SUCCESS, 'stopping a stopped resource succeeds');
    assert.equal(agent('monitor', params).code, OCF.NOT_RUNNING);
  });

  test('start fails with the reason when the monitor cannot start its targets healthy', () => {
    const config = configWith('nostart', `  - name: worker\n    command: ["/nonexistent/psv-ocf-test"]\n    restart: { retries: 0 }\n    onRetryOver: stop\n`);
    const params = { config, binary };
    try {
      const r = agent('start', params);
      assert.equal(r.code, OCF.ERR_GENERIC, r.stderr);
      assert.match(r.stderr, /^ocf-exit-reason:/m);
    } finally {
      agent('stop', params);
    }
  });

  test('validate-all and probes: config and installation errors map to OCF codes', () => {
    const good = configWith('valid', `  - name: worker\n    command: ["sleep", "1000"]\n`);
    const bad = configWith('invalid', `  - name: worker\n    command: ["sleep", "1000"]\n    restart: { retries: lots }\n`);
    assert.equal(agent('validate-all', { config: good, binary }).code, OCF.SUCCESS);
    const invalid = agent('validate-all', { config: bad, binary });
    assert.equal(invalid.code, OCF.ERR_CONFIGURED);
    assert.match(invalid.stderr, /invalid[/\\]psv\.yaml:\d+:\d+/);
    assert.equal(agent('validate-all', { binary }).code, OCF.ERR_CONFIGURED, 'config is required');
    assert.equal(agent('validate-all', { config: join(dir, 'missing.yaml'), binary }).code, OCF.ERR_INSTALLED, 'a config missing on this node');
    assert.equal(agent('validate-all', { config: good, binary: join(dir, 'no-psv') }).code, OCF.ERR_INSTALLED);
    // A probe on a node without psv or without the config: "not running here", not an error.
    assert.equal(agent('monitor', { config: good, binary: join(dir, 'no-psv') }, { OCF_RESKEY_CRM_meta_interval: '0' }).code, OCF.NOT_RUNNING);
    assert.equal(agent('monitor', { config: join(dir, 'missing.yaml'), binary }, { OCF_RESKEY_CRM_meta_interval: '0' }).code, OCF.NOT_RUNNING);
    assert.equal(agent('stop', { config: join(dir, 'missing.yaml'), binary }).code, OCF.SUCCESS);
  });

  test('meta-data is the OCF XML; unknown actions are unimplemented', () => {
    const meta = agent('meta-data', {});
    assert.equal(meta.code, OCF.SUCCESS);
    assert.match(meta.stdout, /<resource-agent name="psv"/);
    for (const p of ['config', 'binary', 'health_timeout']) assert.match(meta.stdout, new RegExp(`<parameter name="${p}"`));
    assert.equal(agent('promote', {}).code, OCF.ERR_UNIMPLEMENTED);
  });
});
