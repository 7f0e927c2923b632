// The failover adapters: the exact command each one runs for each action (through
// a runner that records the argv), what happens when that command fails or
// hangs (FailoverFailed, then the exit fallback), and, with real programs, the
// time limit, a missing program and WSFC's PowerShell quoting.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadConfigText } from '../src/config/load.js';
import type { FailoverConfig } from '../src/config/types.js';
import type { EscalationOutcome, EscalationRequest } from '../src/engine/escalation-port.js';
import type { Runner } from '../src/escalation/adapter.js';
import { createEscalation, type EscalationDeps } from '../src/escalation/create.js';
import { quote, UTF8_OUTPUT } from '../src/escalation/wsfc.js';
import { EventBus, type EventRecord } from '../src/events/bus.js';
import type { RunResult, RunWithTimeoutOptions } from '../src/platform/run-with-timeout.js';
import { cleanup, tempDir, writeFile } from './helpers.js';

const dir = tempDir('psv-failover-');
after(() => cleanup(dir));

/** monitor.failover as the loader resolves it from `yaml` (indented under failover:). */
function failoverConfig(yaml: string): FailoverConfig {
  const text = `monitor:\n  failover:\n${yaml.replace(/^/gm, '    ')}\ntargets:\n  - name: app\n    command: [sleep, "1000"]\n`;
  const r = loadConfigText(text, join(dir, 'psv.yaml'), { isWindows: false, env: { PATH: '/usr/bin:/bin' } });
  if (!r.ok) assert.fail(r.problems.map((p) => `${p.line}:${p.col} ${p.message}`).join('\n'));
  return r.config.monitor.failover;
}

const ok = (over: Partial<RunResult> = {}): RunResult => ({
  ok: true,
  exitCode: 0,
  signal: null,
  timedOut: false,
  error: null,
  threw: false,
  stdout: '',
  stderr: '',
  output: '',
  ...over,
});

interface Call {
  argv: string[];
  opts: RunWithTimeoutOptions;
}

const request = (over: Partial<EscalationRequest> = {}): EscalationRequest => ({
  scope: 'target',
  name: 'web',
  reason: 'retry over',
  target: 'web',
  group: null,
  history: { restarts: [Date.UTC(2026, 10, 30, 1, 2, 3), Date.UTC(2026, 10, 30, 1, 2, 4)], retries: 2, windowMs: 600_000 },
  ...over,
});

/** Runs one failover through the adapter `yaml` configures, with a runner that answers `result`. */
async function failover(yaml: string, result: RunResult = ok(), deps: Partial<EscalationDeps> = {}, req = request()) {
  const calls: Call[] = [];
  const seen: EventRecord[] = [];
  const shutdowns: string[] = [];
  const run: Runner = async (argv, opts) => {
    calls.push({ argv: [...argv], opts });
    return result;
  };
  const port = createEscalation(failoverConfig(yaml), {
    events: new EventBus([{ write: (r) => seen.push(r) }]),
    config: '/etc/psv/app.yaml',
    run,
    env: {},
    now: () => Date.UTC(2026, 10, 30, 1, 2, 5),
    ...deps,
  });
  const outcome: EscalationOutcome = await port.escalate(req, { shutdown: async (reason) => void shutdowns.push(reason) });
  return { calls, seen, shutdowns, outcome, event: (name: string) => seen.find((e) => e.event === name) };
}

describe('pacemaker', () => {
  it('report: runs nothing; FailoverRequested, and the monitor stays (psv health says failed)', async () => {
    const r = await failover('via: pacemaker');
    assert.deepEqual(r.calls, []);
    assert.deepEqual(r.outcome, { kind: 'handled', via: 'pacemaker' });
    assert.deepEqual(r.shutdowns, []);
    const e = r.event('FailoverRequested')!;
    assert.equal(e.id, 330);
    assert.equal(e.message, "Failover of target 'web' requested through pacemaker: psv health reports failed (then: stay)");
  });

  it('fail: crm_resource --fail --resource R --node N, from the OCF agent\'s environment', async () => {
    const env = { OCF_RESOURCE_INSTANCE: 'psv-app', OCF_RESKEY_CRM_meta_on_node: 'node1' };
    const r = await failover('via: pacemaker\npacemaker: { action: fail }', ok(), { env });
    assert.deepEqual(r.calls.map((c) => c.argv), [['crm_resource', '--fail', '--resource', 'psv-app', '--node', 'node1']]);
    assert.equal(r.calls[0]!.opts.timeoutMs, 30_000);
    assert.deepEqual(r.outcome, { kind: 'handled', via: 'pacemaker' });
    assert.match(r.event('FailoverRequested')!.message, /crm_resource --fail --resource psv-app --node node1 \(exit 0\)/);
  });

  it('fail: the configured resource, node and path win over the environment', async () => {
    const env = { OCF_RESOURCE_INSTANCE: 'psv-app', OCF_RESKEY_CRM_meta_on_node: 'node1' };
    const yaml = 'via: pacemaker\ntimeout: 5s\npacemaker: { action: fail, resource: grp-psv, node: node2, crmResource: /usr/sbin/crm_resource }';
    const r = await failover(yaml, ok(), { env });
    assert.deepEqual(r.calls.map((c) => c.argv), [['/usr/sbin/crm_resource', '--fail', '--resource', 'grp-psv', '--node', 'node2']]);
    assert.equal(r.calls[0]!.opts.timeoutMs, 5000);
  });

  it('ban: crm_resource --ban --resource R (off the node it runs on)', async () => {
    const r = await failover('via: pacemaker\npacemaker: { action: ban }', ok(), { env: { OCF_RESOURCE_INSTANCE: 'psv-app' } });
    assert.deepEqual(r.calls.map((c) => c.argv), [['crm_resource', '--ban', '--resource', 'psv-app']]);
  });

  it('fail without a resource name anywhere: FailoverFailed, nothing run, stop and exit 4', async () => {
    const r = await failover('via: pacemaker\npacemaker: { action: fail }');
    assert.deepEqual(r.calls, []);
    assert.deepEqual(r.outcome, { kind: 'exit', exitCode: 4 });
    assert.match(r.event('FailoverFailed')!.error as string, /no Pacemaker resource/);
    assert.deepEqual(r.shutdowns, ['failover requested by web']);
  });
});

describe('clusterpro', () => {
  it('notice (default): clprexec --notice -k psv', async () => {
    const r = await failover('via: clusterpro');
    assert.deepEqual(r.calls.map((c) => c.argv), [['clprexec', '--notice', '-k', 'psv']]);
    assert.deepEqual(r.outcome, { kind: 'handled', via: 'clusterpro' });
  });

  it('notice by category.keyword to a server, with a path and extra arguments', async () => {
    const yaml = 'via: clusterpro\nclusterpro: { clprexec: /opt/nec/clusterpro/bin/clprexec, category: app, keyword: web, host: 10.0.0.11, args: [-p, 29002, -w, 10] }';
    const r = await failover(yaml);
    assert.deepEqual(r.calls.map((c) => c.argv), [['/opt/nec/clusterpro/bin/clprexec', '--notice', '-k', 'app.web', '-h', '10.0.0.11', '-p', '29002', '-w', '10']]);
  });

  it('notice to a message receive monitor resource by name', async () => {
    const r = await failover('via: clusterpro\nclusterpro: { monitor: mrw1 }');
    assert.deepEqual(r.calls.map((c) => c.argv), [['clprexec', '--notice', 'mrw1']]);
  });

  it('move: clpgrp -m GROUP, to a server when one is named', async () => {
    const one = await failover('via: clusterpro\nclusterpro: { action: move, group: failover-app }');
    assert.deepEqual(one.calls.map((c) => c.argv), [['clpgrp', '-m', 'failover-app']]);
    const two = await failover('via: clusterpro\nclusterpro: { action: move, group: failover-app, server: server2, clpgrp: /opt/nec/clusterpro/bin/clpgrp }');
    assert.deepEqual(two.calls.map((c) => c.argv), [['/opt/nec/clusterpro/bin/clpgrp', '-m', 'failover-app', '-a', 'server2']]);
  });

  it('clprexec fails: FailoverFailed with its exit code and output, then stop and exit with the configured code', async () => {
    const failed = ok({ ok: false, exitCode: 11, output: 'Failed to connect to the server.\n' });
    const r = await failover('via: clusterpro\nexitCode: 7', failed);
    assert.deepEqual(r.outcome, { kind: 'exit', exitCode: 7 });
    const e = r.event('FailoverFailed')!;
    assert.equal(e.id, 331);
    assert.equal(e.error, 'clprexec --notice -k psv exited with code 11: Failed to connect to the server.');
    assert.equal(e.fallback, 'exit');
    assert.equal(e.exitCode, 7);
    assert.equal(r.event('FailoverRequested'), undefined);
    assert.equal(r.event('Failover')!.exitCode, 7, 'the exit path reports as before');
    assert.deepEqual(r.shutdowns, ['failover requested by web']);
  });
});

describe('wsfc', () => {
  const decoded = (argv: string[]) => Buffer.from(argv.at(-1)!, 'base64').toString('utf16le');

  it('fail: Test-ClusterResourceFailure on the resource, in an -EncodedCommand', async () => {
    const r = await failover('via: wsfc\nwsfc: { resource: psv-app }');
    const argv = r.calls[0]!.argv;
    assert.deepEqual(argv.slice(0, 6), ['powershell.exe', '-NoProfile', '-NonInteractive', '-OutputFormat', 'Text', '-EncodedCommand']);
    assert.equal(argv.length, 7);
    assert.equal(decoded(argv), UTF8_OUTPUT + "$ErrorActionPreference = 'Stop'; Import-Module FailoverClusters; Test-ClusterResourceFailure -Name 'psv-app' | Out-Null");
    assert.match(r.event('FailoverRequested')!.message, /through wsfc: powershell\.exe Test-ClusterResourceFailure -Name 'psv-app' \(exit 0\)/);
  });

  it('move: Move-ClusterGroup on the role, to a node when one is named', async () => {
    const r = await failover('via: wsfc\nwsfc: { action: move, group: App Role, node: NODE2, powershell: C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe }');
    const argv = r.calls[0]!.argv;
    assert.equal(argv[0], 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    assert.equal(decoded(argv), UTF8_OUTPUT + "$ErrorActionPreference = 'Stop'; Import-Module FailoverClusters; Move-ClusterGroup -Name 'App Role' -Node 'NODE2' | Out-Null");
  });

  it('names are single-quoted literals with every kind of quote doubled', () => {
    assert.equal(quote(`it's`), `'it''s'`);
    assert.equal(quote('a\u2019b\u2018c'), `'a\u2019\u2019b\u2018\u2018c'`);
    assert.equal(quote('$(whoami) "x"; `n'), `'$(whoami) "x"; \`n'`);
  });

  it('PowerShell times out: FailoverFailed names the time limit, then stop and exit 4', async () => {
    const r = await failover('via: wsfc\ntimeout: 2s\nwsfc: { resource: psv-app }', ok({ ok: false, exitCode: null, signal: 'SIGKILL', timedOut: true }));
    assert.deepEqual(r.outcome, { kind: 'exit', exitCode: 4 });
    assert.equal(r.event('FailoverFailed')!.error, "powershell.exe Test-ClusterResourceFailure -Name 'psv-app' did not finish within 2s and was killed");
  });
});

describe('command', () => {
  it('runs the argv with the failover in its environment and as JSON on stdin', async () => {
    const r = await failover('via: command\ncommand: { run: [/usr/local/bin/notify-cluster, --package, app] }', ok(), { env: { PATH: '/usr/bin', KEEP: '1' } }, request({ scope: 'group', name: 'g', target: 'web', group: 'g' }));
    assert.equal(r.calls.length, 1);
    const { argv, opts } = r.calls[0]!;
    assert.deepEqual(argv, ['/usr/local/bin/notify-cluster', '--package', 'app']);
    assert.deepEqual(opts.env, {
      PATH: '/usr/bin',
      KEEP: '1',
      PSV_FAILOVER_SCOPE: 'group',
      PSV_FAILOVER_NAME: 'g',
      PSV_FAILOVER_REASON: 'retry over',
      PSV_TARGET: 'web',
      PSV_GROUP: 'g',
      PSV_CONFIG: '/etc/psv/app.yaml',
    });
    assert.deepEqual(JSON.parse(opts.input!), {
      scope: 'group',
      name: 'g',
      target: 'web',
      group: 'g',
      reason: 'retry over',
      restarts: ['2026-11-30T01:02:03.000Z', '2026-11-30T01:02:04.000Z'],
      retries: 2,
      window: '10m',
      config: '/etc/psv/app.yaml',
      monitorPid: process.pid,
      at: '2026-11-30T01:02:05.000Z',
    });
    assert.match(r.event('FailoverRequested')!.message, /^Failover of group 'g' requested through command: \/usr\/local\/bin\/notify-cluster --package app \(exit 0\) \(then: stay\)$/);
  });

  it('a string command is split like a target\'s; a relative path is the config folder\'s', async () => {
    const r = await failover(`via: command\ncommand: { run: "./bin/notify 'two words'" }`);
    assert.deepEqual(r.calls[0]!.argv, [join(dir, 'bin', 'notify'), 'two words']);
  });

  it('then: exit: FailoverRequested, then the exit path (Failover, stop, the exit code)', async () => {
    const r = await failover('via: command\nthen: exit\nexitCode: 9\ncommand: { run: [notify] }');
    assert.deepEqual(r.seen.map((e) => e.event), ['FailoverRequested', 'Failover']);
    assert.equal(r.event('FailoverRequested')!.then, 'exit');
    assert.deepEqual(r.outcome, { kind: 'exit', exitCode: 9 });
    assert.deepEqual(r.shutdowns, ['failover requested by web']);
  });

  it('a program that cannot start: FailoverFailed says why, then stop and exit 4', async () => {
    const r = await failover('via: command\ncommand: { run: [notify] }', ok({ ok: false, exitCode: null, error: new Error('spawn notify ENOENT') }));
    assert.equal(r.event('FailoverFailed')!.error, 'cannot run notify: spawn notify ENOENT');
    assert.deepEqual(r.outcome, { kind: 'exit', exitCode: 4 });
  });
});

describe('exit (the default)', () => {
  it('runs nothing, reports Failover and exits with the configured code', async () => {
    const r = await failover('exitCode: 6');
    assert.deepEqual(r.calls, []);
    assert.deepEqual(r.seen.map((e) => e.event), ['Failover']);
    assert.deepEqual(r.outcome, { kind: 'exit', exitCode: 6 });
  });
});

describe('with real programs (runWithTimeout)', () => {
  const real = (yaml: string) => failover(yaml, ok(), { run: undefined, env: process.env });

  it('a command past the time limit is killed: FailoverFailed, then exit', async () => {
    const script = writeFile(join(dir, 'hang.sh'), '#!/bin/sh\necho asking the cluster\nexec sleep 30\n', true);
    const began = Date.now();
    const r = await real(`via: command\ntimeout: 300ms\ncommand: { run: [${script}] }`);
    assert.ok(Date.now() - began < 10_000, 'the time limit ended it');
    assert.equal(r.event('FailoverFailed')!.error, `${script} did not finish within 300ms and was killed: asking the cluster`);
    assert.deepEqual(r.outcome, { kind: 'exit', exitCode: 4 });
  });

  it('a program that does not exist: FailoverFailed, then exit', async () => {
    const r = await real(`via: pacemaker\npacemaker: { action: ban, resource: r1, crmResource: ${join(dir, 'no-such-crm_resource')} }`);
    assert.match(r.event('FailoverFailed')!.error as string, /^cannot run .*no-such-crm_resource --ban --resource r1: spawn .* ENOENT$/);
    assert.deepEqual(r.outcome, { kind: 'exit', exitCode: 4 });
  });

  it('the command reads its JSON on stdin and sees its environment', async () => {
    const out = join(dir, 'seen.txt');
    const script = writeFile(join(dir, 'record.sh'), `#!/bin/sh\n{ printf '%s|%s|%s\\n' "$PSV_FAILOVER_SCOPE" "$PSV_FAILOVER_NAME" "$PSV_TARGET"; cat; } > ${out}\n`, true);
    const r = await real(`via: command\ncommand: { run: [${script}] }`);
    assert.deepEqual(r.outcome, { kind: 'handled', via: 'command' });
    const [line, json] = readFileSync(out, 'utf8').split('\n');
    assert.equal(line, 'target|web|web');
    assert.equal(JSON.parse(json!).name, 'web');
  });
});

/** pwsh from the project's setup (scripts/setup-pwsh.sh), or on PATH. */
function pwsh(): string | null {
  const tool = join(homedir(), '.dotnet', 'tools', 'pwsh');
  if (existsSync(tool)) return tool;
  for (const d of (process.env.PATH ?? '').split(':')) if (d && existsSync(join(d, 'pwsh'))) return join(d, 'pwsh');
  return null;
}

describe('wsfc through a real PowerShell and a stand-in FailoverClusters module', () => {
  const shell = pwsh();
  // The stand-in module records each cmdlet's parameters exactly as PowerShell bound them.
  const modules = join(dir, 'modules');
  const record = join(dir, 'cluster-calls.txt');
  mkdirSync(join(modules, 'FailoverClusters'), { recursive: true });
  writeFile(
    join(modules, 'FailoverClusters', 'FailoverClusters.psm1'),
    [
      'function Test-ClusterResourceFailure { param([string]$Name) if ($Name -eq "refuse") { throw "resource refuse not found" }',
      '  if ($Name -like "受注*") { throw "クラスター リソース \'$Name\' が見つかりません" }',
      `  [IO.File]::AppendAllText('${record}', "Test-ClusterResourceFailure|$Name" + [char]10) }`,
      'function Move-ClusterGroup { param([string]$Name, [string]$Node)',
      `  [IO.File]::AppendAllText('${record}', "Move-ClusterGroup|$Name|$Node" + [char]10) }`,
    ].join('\n') + '\n',
  );
  // PowerShell inherits the monitor's environment (this test process's): the stand-in comes first on its module path.
  const run = async (yaml: string) => {
    const before = process.env.PSModulePath;
    process.env.PSModulePath = modules;
    try {
      return await failover(`via: wsfc\ntimeout: 60s\n${yaml}`, ok(), { run: undefined });
    } finally {
      if (before === undefined) delete process.env.PSModulePath;
      else process.env.PSModulePath = before;
    }
  };
  const calls = (): string[] => (existsSync(record) ? readFileSync(record, 'utf8').split('\n').filter(Boolean) : []);

  it('passes names with quotes, $ and ; through unchanged, as data', { skip: shell ? false : 'pwsh is not installed' }, async () => {
    const name = `it's ‘a’ $(Write-Output pwned); "b" \`n`;
    const r = await run(`wsfc: { resource: ${JSON.stringify(name)}, powershell: ${shell} }`);
    assert.deepEqual(r.outcome, { kind: 'handled', via: 'wsfc' }, JSON.stringify(r.seen.map((e) => e.message)));
    assert.deepEqual(calls(), [`Test-ClusterResourceFailure|${name}`]);
    const move = await run(`wsfc: { action: move, group: "App's role", node: "N'2", powershell: ${shell} }`);
    assert.deepEqual(move.outcome, { kind: 'handled', via: 'wsfc' });
    assert.deepEqual(calls().at(-1), "Move-ClusterGroup|App's role|N'2");
  });

  it('the cluster\'s error in Japanese reaches FailoverFailed intact, whatever the console code page', { skip: shell ? false : 'pwsh is not installed' }, async () => {
    // pwsh takes its console encoding from the locale: ISO-8859-1 stands for the OEM code page of a Japanese Windows (932).
    const before = { LC_ALL: process.env.LC_ALL, LANG: process.env.LANG };
    process.env.LC_ALL = process.env.LANG = 'en_US.ISO-8859-1';
    try {
      const r = await run(`wsfc: { resource: 受注DB, powershell: ${shell} }`);
      assert.deepEqual(r.outcome, { kind: 'exit', exitCode: 4 });
      assert.match(r.event('FailoverFailed')!.error as string, /exited with code 1: .*クラスター リソース '受注DB' が見つかりません/);
    } finally {
      for (const [k, v] of Object.entries(before)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('a cmdlet that fails makes PowerShell exit non-zero: FailoverFailed, then exit', { skip: shell ? false : 'pwsh is not installed' }, async () => {
    const r = await run(`wsfc: { resource: refuse, powershell: ${shell} }`);
    assert.deepEqual(r.outcome, { kind: 'exit', exitCode: 4 });
    assert.match(r.event('FailoverFailed')!.error as string, /Test-ClusterResourceFailure -Name 'refuse' exited with code 1: .*resource refuse not found/);
  });
});
