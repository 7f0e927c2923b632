import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import schemaJson from '../manifest/config.schema.json' with { type: 'json' };
import { splitCommandLine } from '../src/config/argv.js';
import { formatDuration, parseDuration, parseSize } from '../src/config/duration.js';
import { loadConfig, loadConfigText, type LoadOptions } from '../src/config/load.js';
import type { ConfigProblem, LoadResult, PsvConfig } from '../src/config/types.js';
import { findExecutable } from '../src/config/which.js';
import { localeLanguage } from '../src/events/language.js';

const dir = mkdtempSync(path.join(tmpdir(), 'psv-config-test-'));
const file = path.join(dir, 'psv.yaml');
const node = process.execPath;
// Program lookup sees only the folder node lives in, whatever the machine's PATH is.
const opts: LoadOptions = { isWindows: false, env: { PATH: path.dirname(node) } };

function load(text: string): LoadResult {
  return loadConfigText(text, file, opts);
}

function problemsOf(text: string): ConfigProblem[] {
  const r = load(text);
  assert.equal(r.ok, false, 'expected the config to be rejected');
  return r.ok ? [] : r.problems;
}

function configOf(text: string): { config: PsvConfig; warnings: ConfigProblem[] } {
  const r = load(text);
  if (!r.ok) assert.fail(`expected a valid config, got:\n${r.problems.map((p) => `${p.line}:${p.col} ${p.message}`).join('\n')}`);
  return r;
}

/** The one problem at line:col; fails with the full list otherwise. */
function problemAt(list: ConfigProblem[], line: number, col: number): ConfigProblem {
  const found = list.filter((p) => p.line === line && p.col === col);
  assert.equal(found.length, 1, `expected one problem at ${line}:${col}, got:\n${list.map((p) => `${p.line}:${p.col} ${p.message}`).join('\n')}`);
  return found[0];
}

function repoRoot(): string {
  for (const start of [process.cwd(), path.dirname(fileURLToPath(import.meta.url))]) {
    let d = start;
    for (;;) {
      if (existsSync(path.join(d, 'manifest', 'config.schema.json')) && existsSync(path.join(d, 'package.json'))) return d;
      const up = path.dirname(d);
      if (up === d) break;
      d = up;
    }
  }
  throw new Error('repository root not found');
}

describe('config errors point at the line and column', () => {
  it('unknown key, with a suggestion from the schema', () => {
    const list = problemsOf(`targets:
  - name: web
    command: [${JSON.stringify(node)}]
    restart:
      retires: 3
`);
    const p = problemAt(list, 5, 7);
    assert.equal(p.severity, 'error');
    assert.equal(p.message, "unknown key 'retires' in targets[0].restart (did you mean 'retries'?)");
  });

  it('unknown key at the top level lists what is allowed when nothing is close', () => {
    const p = problemAt(problemsOf('targets: []\nzzzzzz: 1\n'), 2, 1);
    assert.match(p.message, /^unknown key 'zzzzzz' at the top level \(allowed: monitor, defaults, targets, groups\)$/);
  });

  it('unknown key known from other tools', () => {
    const p = problemAt(problemsOf('targets:\n  - name: a\n    cmd: x\n'), 3, 5);
    assert.match(p.message, /unknown key 'cmd' in targets\[0\] \(did you mean 'command'\?\)/);
    const q = problemAt(problemsOf('targets:\n  - name: a\n    command: x\n    cmdline: x\n'), 4, 5);
    assert.match(q.message, /unknown key 'cmdline' in targets\[0\] \(did you mean 'command'\?\)/);
  });

  it('wrong type', () => {
    const p = problemAt(
      problemsOf(`targets:
  - name: web
    command: x
    restart:
      retries: three
`),
      5,
      16,
    );
    assert.equal(p.message, "targets[0].restart.retries: must be a whole number (got 'three')");
  });

  it('wrong type of a whole section', () => {
    const p = problemAt(problemsOf('monitor: [1]\ntargets: []\n'), 1, 10);
    assert.equal(p.message, 'monitor: must be a mapping (key: value) (got a list)');
  });

  it('bad duration', () => {
    const list = problemsOf(`targets:
  - name: a
    command: x
  - name: b
    command: x
    restart:
      window: 5 minutes
`);
    assert.equal(
      problemAt(list, 7, 15).message,
      "targets[1].restart.window: bad duration '5 minutes' (use e.g. 500ms, 5s, 2m, 24h, or a number of seconds)",
    );
  });

  it('bad duration through defaults and a negative number', () => {
    const list = problemsOf('defaults:\n  stopTimeout: soon\ntargets:\n  - name: a\n    command: x\n    stopTimeout: -1\n');
    assert.match(problemAt(list, 2, 16).message, /^defaults\.stopTimeout: bad duration 'soon'/);
    assert.match(problemAt(list, 6, 18).message, /^targets\[0\]\.stopTimeout: bad duration -1 /);
  });

  it('bad size', () => {
    const p = problemAt(problemsOf('monitor:\n  logs:\n    maxSize: 10 megs\ntargets: []\n'), 3, 14);
    assert.match(p.message, /^monitor\.logs\.maxSize: bad size '10 megs' \(use e\.g\. 10MiB/);
  });

  it('bad enum value', () => {
    const p = problemAt(problemsOf('targets:\n  - name: web\n    command: x\n    onRetryOver: restart\n'), 4, 18);
    assert.equal(p.message, "targets[0].onRetryOver: must be one of continue, stop, failover (got 'restart')");
  });

  it('bad target name', () => {
    const p = problemAt(problemsOf('targets:\n  - name: my web\n    command: x\n'), 2, 11);
    assert.match(p.message, /^targets\[0\]\.name: bad name 'my web'/);
  });

  it('duplicate target names, also when they differ only in case', () => {
    const list = problemsOf(`targets:
  - name: api
    command: x
  - name: web
    command: x
  - name: web
    command: x
  - name: WEB
    command: x
`);
    assert.equal(problemAt(list, 6, 11).message, "targets[2].name: duplicate target name 'web' (first defined at line 4)");
    assert.match(problemAt(list, 8, 11).message, /^targets\[3\]\.name: duplicate target name 'WEB' \(same as 'web' ignoring case\) \(first defined at line 4\)$/);
  });

  it('missing required key', () => {
    const p = problemAt(problemsOf('targets:\n  - cwd: /tmp\n    command: x\n'), 2, 5);
    assert.equal(p.message, "targets[0]: missing required key 'name'");
  });

  it('missing targets', () => {
    const p = problemAt(problemsOf('monitor:\n  interval: 2s\n'), 1, 1);
    assert.equal(p.message, "top level: missing required key 'targets'");
  });

  it('empty file', () => {
    const list = problemsOf('');
    assert.equal(list.length, 1);
    assert.equal(list[0].message, "top level: missing required key 'targets'");
  });

  it('unclosed bracket', () => {
    const list = problemsOf('targets:\n  - name: web\n    command: [node, x\n    cwd: /tmp\n');
    assert.ok(list.length >= 1);
    // yaml notices at the next key; the message also says where the [ was opened.
    assert.deepEqual([list[0].line, list[0].col], [4, 5]);
    assert.match(list[0].message, /^YAML syntax: .*\] \(the \[ opened at line 3, column 14\)$/);
  });

  it('bad indentation', () => {
    const list = problemsOf('targets:\n  - name: web\n    command: x\n   cwd: /tmp\n');
    assert.equal(list[0].line, 4);
    assert.match(list[0].message, /^YAML syntax: /);
  });

  it('duplicate mapping key', () => {
    const list = problemsOf('targets:\n  - name: web\n    command: x\n    name: api\n');
    assert.equal(problemAt(list, 4, 5).message, "YAML: duplicate key 'name' (each key may appear once per mapping)");
  });

  it('unterminated quote in a command string', () => {
    const p = problemAt(problemsOf(`targets:\n  - name: a\n    command: 'node "server.js'\n`), 3, 14);
    assert.match(p.message, /^targets\[0\]\.command: unterminated double quote/);
  });

  it('reports every problem at once, sorted, without duplicates', () => {
    const list = problemsOf(`monitor:
  interval: often
targets:
  - name: a
    command: x
    onRetryOver: never
    restart: { retires: 1, delay: later }
`);
    assert.deepEqual(
      list.map((p) => [p.line, p.col]),
      [
        [2, 13],
        [6, 18],
        [7, 16],
        [7, 35],
      ],
    );
    assert.equal(new Set(list.map((p) => p.message)).size, list.length);
  });

  it('never throws on odd input', () => {
    for (const text of ['- 1\n- 2\n', 'just a string', '\u0000\u0001', 'a: *nope\n', 'targets: 5\n', '---\na: 1\n---\nb: 2\n']) {
      const r = load(text);
      assert.equal(r.ok, false, text);
      if (!r.ok) assert.ok(r.problems.length > 0 && r.problems.every((p) => p.line >= 1 && p.col >= 1));
    }
  });

  it('a missing file is one problem at 1:1', () => {
    const r = loadConfig(path.join(dir, 'nope.yaml'));
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.problems.length, 1);
    assert.deepEqual([r.problems[0].line, r.problems[0].col], [1, 1]);
    assert.match(r.problems[0].message, /^cannot read config: ENOENT/);
    assert.equal(r.problems[0].file, path.join(dir, 'nope.yaml'));
  });
});

describe('config warnings', () => {
  it('command not found on PATH, pointing at the command', () => {
    const r = configOf('targets:\n  - name: a\n    command: psv-no-such-program --x\n');
    const w = problemAt(r.warnings, 3, 14);
    assert.equal(w.severity, 'warning');
    assert.match(w.message, /^targets\[0\]\.command: program 'psv-no-such-program' not found on PATH/);
  });

  it('relative program that does not exist, and one that is not executable', () => {
    writeFileSync(path.join(dir, 'plain.sh'), 'echo hi\n');
    chmodSync(path.join(dir, 'plain.sh'), 0o644);
    const r = configOf('targets:\n  - name: a\n    command: [./missing.sh]\n  - name: b\n    command: ./plain.sh\n');
    assert.match(problemAt(r.warnings, 3, 14).message, /program '.*missing\.sh' does not exist/);
    assert.match(problemAt(r.warnings, 5, 14).message, /plain\.sh' is not executable/);
  });

  it('restart script that does not exist', () => {
    const r = configOf(`targets:\n  - name: a\n    command: [${JSON.stringify(node)}]\n    restart:\n      script: ./nope.sh\n`);
    assert.match(problemAt(r.warnings, 5, 15).message, /^targets\[0\]\.restart\.script: '.*nope\.sh' does not exist/);
  });

  it('empty targets list is allowed, with a warning', () => {
    for (const text of ['targets: []\n', 'targets:\n']) {
      const r = configOf(text);
      assert.deepEqual(r.config.targets, []);
      assert.equal(r.warnings.length, 1);
      assert.equal(r.warnings[0].line, 1);
      assert.match(r.warnings[0].message, /empty/);
    }
  });
});

describe('a good config resolves', () => {
  it('takes every default from the schema', () => {
    const { config, warnings } = configOf(`targets:\n  - name: web\n    command: [${JSON.stringify(node)}, server.js]\n`);
    assert.deepEqual(warnings, []);
    assert.deepEqual(config, {
      file,
      monitor: {
        intervalMs: 1000,
        stateDir: path.join(dir, 'state'),
        control: null,
        adminGroup: null,
        events: {
          file: path.join(dir, 'state', 'events.jsonl'),
          rotate: { maxBytes: 10 * 1024 * 1024, keep: 5 },
          console: null,
          language: localeLanguage(),
          sinks: null,
          syslog: { address: 'local', facility: 'daemon' },
          eventlog: { source: 'Psv', log: 'Application' },
          floodPerMinute: 20,
          queue: 1000,
        },
        logs: { maxBytes: 10 * 1024 * 1024, keep: 5 },
        output: { maxBytes: 10 * 1024 * 1024, keep: 3 },
        analysis: {
          dir: path.join(dir, 'state', 'incidents'),
          keep: 20,
          maxBytes: 512 * 1024 * 1024,
          maxDumpBytes: 1024 * 1024 * 1024,
          minIntervalMs: 600_000,
          procdump: null,
          dumpType: 'full',
        },
        failover: {
          via: 'exit',
          then: 'exit',
          exitCode: 4,
          timeoutMs: 30_000,
          pacemaker: { action: 'report', resource: null, node: null, crmResource: 'crm_resource' },
          clusterpro: {
            action: 'notice',
            clprexec: 'clprexec',
            clpgrp: 'clpgrp',
            monitor: null,
            category: 'psv',
            keyword: null,
            host: null,
            group: null,
            server: null,
            args: [],
          },
          wsfc: { action: 'fail', resource: null, group: null, node: null, powershell: 'powershell.exe' },
          command: { run: null },
        },
        metrics: null,
        console: null,
        plugins: { dir: null, memoryMb: 64 },
        on: {},
      },
      targets: [
        {
          name: 'web',
          kind: 'command',
          command: [node, 'server.js'],
          match: null,
          pidfile: null,
          service: null,
          restartWhenStopped: false,
          instances: null,
          onExcess: 'warn',
          cwd: dir,
          env: {},
          restart: {
            type: 'permanent',
            retries: 3,
            windowMs: 86_400_000,
            delayMs: 0,
            backoff: { factor: 2, maxMs: 30_000 },
            script: null,
            scriptTimeoutMs: 60_000,
            command: null,
            confirmTimeoutMs: 10_000,
          },
          onRetryOver: 'stop',
          stopTimeoutMs: 10_000,
          stopSignal: 'SIGTERM',
          runAs: null,
          userEnv: {},
          scriptUser: null,
          dependsOn: [],
          readyAfterMs: 0,
          readyOnNotify: false,
          group: null,
          stall: { heartbeatMs: null, file: null, stuckForMs: null },
          probes: [],
          on: {},
        },
      ],
      groups: [],
    } satisfies PsvConfig);
  });

  it('converts durations and sizes and makes paths absolute', () => {
    mkdirSync(path.join(dir, 'app'), { recursive: true });
    writeFileSync(path.join(dir, 'restart.sh'), '#!/bin/sh\n');
    const { config, warnings } = configOf(`monitor:
  interval: 500ms
  stateDir: var/psv
  control: /run/psv.sock
  events: { file: ev/events.jsonl, console: false, language: ja }
  logs: { maxSize: 512KiB, keep: 0 }
targets:
  - name: web
    command: [${JSON.stringify(node)}]
    cwd: app
    env: { PORT: 8080, DEBUG: true, NAME: x }
    restart:
      retries: 0
      window: 1h30m
      delay: 1.5s
      backoff: { factor: 1.5, max: 90 }
      script: restart.sh
      scriptTimeout: 2m
    onRetryOver: failover
    stopTimeout: 0.25
`);
    assert.deepEqual(warnings, []);
    assert.equal(config.monitor.intervalMs, 500);
    assert.equal(config.monitor.stateDir, path.join(dir, 'var', 'psv'));
    assert.equal(config.monitor.control, '/run/psv.sock');
    const { file: eventsFile, console: eventsConsole, language } = config.monitor.events;
    assert.deepEqual({ file: eventsFile, console: eventsConsole, language }, { file: path.join(dir, 'ev', 'events.jsonl'), console: false, language: 'ja' });
    assert.deepEqual(config.monitor.logs, { maxBytes: 512 * 1024, keep: 0 });
    const t = config.targets[0];
    assert.equal(t.cwd, path.join(dir, 'app'));
    assert.deepEqual(t.env, { PORT: '8080', DEBUG: 'true', NAME: 'x' });
    assert.deepEqual(t.restart, {
      type: 'permanent',
      retries: 0,
      windowMs: 5_400_000,
      delayMs: 1500,
      backoff: { factor: 1.5, maxMs: 90_000 },
      script: path.join(dir, 'restart.sh'),
      scriptTimeoutMs: 120_000,
      command: null,
      confirmTimeoutMs: 10_000,
    });
    assert.equal(t.onRetryOver, 'failover');
    assert.equal(t.stopTimeoutMs, 250);
  });

  it('events file false disables it', () => {
    const { config } = configOf('monitor:\n  events:\n    file: false\ntargets: []\n');
    assert.equal(config.monitor.events.file, null);
  });

  it('merges defaults: under each target, key by key', () => {
    mkdirSync(path.join(dir, 'shared'), { recursive: true });
    const { config } = configOf(`defaults:
  cwd: shared
  env: { A: "1", B: "2" }
  restart:
    retries: 7
    delay: 2s
    backoff: { max: 1m }
  onRetryOver: continue
  stopTimeout: 3s
targets:
  - name: a
    command: [${JSON.stringify(node)}]
  - name: b
    command: [${JSON.stringify(node)}]
    cwd: .
    env: { B: "own", C: "3" }
    restart:
      delay: 5s
      backoff: { factor: 3 }
    onRetryOver: failover
    stopTimeout: 4s
`);
    const [a, b] = config.targets;
    assert.equal(a.cwd, path.join(dir, 'shared'));
    assert.deepEqual(a.env, { A: '1', B: '2' });
    const rest = { script: null, scriptTimeoutMs: 60_000, command: null, confirmTimeoutMs: 10_000 };
    const type = 'permanent';
    assert.deepEqual(a.restart, { type, retries: 7, windowMs: 86_400_000, delayMs: 2000, backoff: { factor: 2, maxMs: 60_000 }, ...rest });
    assert.equal(a.onRetryOver, 'continue');
    assert.equal(a.stopTimeoutMs, 3000);
    assert.equal(b.cwd, dir);
    assert.deepEqual(b.env, { A: '1', B: 'own', C: '3' });
    assert.deepEqual(b.restart, { type, retries: 7, windowMs: 86_400_000, delayMs: 5000, backoff: { factor: 3, maxMs: 60_000 }, ...rest });
    assert.equal(b.onRetryOver, 'failover');
    assert.equal(b.stopTimeoutMs, 4000);
  });

  it('splits a command string without a shell', () => {
    const { config } = configOf(`targets:\n  - name: a\n    command: ${JSON.stringify(`${node} -e "console.log('a b')" 'x y' z\\ w $HOME`)}\n`);
    assert.deepEqual(config.targets[0].command, [node, '-e', "console.log('a b')", 'x y', 'z w', '$HOME']);
  });

  it('takes numbers in a command list as strings', () => {
    const { config } = configOf(`targets:\n  - name: a\n    command: [${JSON.stringify(node)}, --port, 8080]\n`);
    assert.deepEqual(config.targets[0].command, [node, '--port', '8080']);
  });

  it('reads a file from disk, with a byte order mark', () => {
    const f = path.join(dir, 'bom.yaml');
    writeFileSync(f, `\uFEFFtargets:\n  - name: a\n    command: [${JSON.stringify(node)}]\n    bogus: 1\n`);
    const r = loadConfig(f, opts);
    assert.equal(r.ok, false);
    if (!r.ok) assert.deepEqual([r.problems[0].line, r.problems[0].col], [4, 5]);
  });

  it('the example in docs/config.md is valid', async () => {
    const gen = await import(pathToFileURL(path.join(repoRoot(), 'scripts', 'gen-config-doc.mjs')).href);
    const r = loadConfigText(gen.EXAMPLE_YAML as string, path.join(dir, 'example.yaml'), opts);
    assert.ok(r.ok, r.ok ? '' : r.problems.map((p) => `${p.line}:${p.col} ${p.message}`).join('\n'));
    assert.deepEqual(
      r.config.targets.map((t) => [t.kind, t.command]),
      [
        ['command', ['/usr/bin/node', 'server.js']],
        ['command', ['python3', '-u', 'worker.py', '--queue', 'jobs high']],
        ['match', []],
        ['pidfile', []],
        ['service', []],
      ],
    );
  });
});

describe('defaults: how targets run', () => {
  const envFile = path.join(dir, 'defaults.env');
  writeFileSync(envFile, 'FROM_DEFAULTS=yes\n');
  const text = (defaults: string, targets: string) => `defaults:\n${defaults}targets:\n${targets}`;
  const sleeper = (name: string, extra = '') => `  - name: ${name}\n    command: [${JSON.stringify(node)}, -e, "0"]\n${extra}`;

  it('gives every target the run-as keys it leaves out, limits merged resource by resource', () => {
    const { config } = configOf(
      text(
        `  user: nobody\n  umask: "0027"\n  nice: 5\n  stopSignal: SIGINT\n  envFile: defaults.env\n  limits: { nofile: 1024, core: 0 }\n`,
        sleeper('plain') + sleeper('own', '    umask: "0077"\n    limits: { nofile: 4096 }\n    stopSignal: SIGQUIT\n'),
      ),
    );
    const [plain, own] = config.targets;
    assert.equal(plain!.runAs?.uid, 65534);
    assert.equal(plain!.runAs?.umask, 0o27);
    assert.equal(plain!.runAs?.nice, 5);
    assert.equal(plain!.stopSignal, 'SIGINT');
    assert.equal(plain!.env.FROM_DEFAULTS, 'yes');
    assert.deepEqual(plain!.runAs?.limits, [
      { resource: 'nofile', soft: 1024, hard: 1024 },
      { resource: 'core', soft: 0, hard: 0 },
    ]);
    assert.equal(own!.runAs?.uid, 65534);
    assert.equal(own!.runAs?.umask, 0o77);
    assert.equal(own!.stopSignal, 'SIGQUIT');
    assert.deepEqual(own!.runAs?.limits, [
      { resource: 'nofile', soft: 4096, hard: 4096 },
      { resource: 'core', soft: 0, hard: 0 },
    ]);
  });

  it('takes user, group, groups and scriptUser as one: a target with its own user gets none of the default\'s group', () => {
    const { config } = configOf(text(`  user: nobody\n  group: 65534\n  scriptUser: root\n  umask: "0027"\n`, sleeper('mine', '    user: daemon\n') + sleeper('theirs')));
    const [mine, theirs] = config.targets;
    assert.equal(mine!.runAs?.uid, 1);
    assert.equal(mine!.runAs?.gid, 1, "daemon's own primary group, not the default's");
    assert.equal(mine!.scriptUser?.uid, 1, 'scripts run as the target\'s own user, not as the default scriptUser');
    assert.equal(mine!.runAs?.umask, 0o27, 'the other keys still come from defaults');
    assert.equal(theirs!.runAs?.uid, 65534);
    assert.equal(theirs!.runAs?.gid, 65534);
    assert.equal(theirs!.scriptUser, null, 'scriptUser: root runs scripts as the monitor runs');
  });

  it('reports a bad default once, where defaults says it, not once per target', () => {
    const list = problemsOf(text(`  user: psv-no-such-user\n  limits: { nofile: "9:1" }\n`, sleeper('a') + sleeper('b', '    limits: { core: 0 }\n')));
    assert.match(problemAt(list, 2, 9).message, /^defaults\.user: no user "psv-no-such-user" on this host/);
    assert.match(problemAt(list, 3, 21).message, /^defaults\.limits\.nofile: the soft limit \(9\) is above the hard limit \(1\)/);
    assert.equal(list.length, 2, list.map((p) => p.message).join('\n'));
  });

  it('on Windows, warns once that a default user does not apply', () => {
    const r = loadConfigText(text(`  user: nobody\n  nice: 3\n`, sleeper('a') + sleeper('b')), file, { ...opts, isWindows: true });
    assert.ok(r.ok, r.ok ? '' : r.problems.map((p) => p.message).join('\n'));
    const about = r.warnings.filter((w) => /does not apply on Windows/.test(w.message));
    assert.equal(about.length, 1, about.map((w) => w.message).join('\n'));
    assert.match(about[0]!.message, /^defaults\.user: /);
    assert.equal(about[0]!.line, 2);
    assert.equal(r.config.targets[0]!.runAs?.nice, 3);
  });
});

describe('target kinds: command, match, pidfile, service', () => {
  const restore = `restart: { command: [${JSON.stringify(node)}, restore.js] }`;

  it('a target without any of the kind keys', () => {
    const list = problemsOf(`targets:
  - name: a
    command: x
  - name: b
    command: x
  - name: c
    cwd: /tmp
`);
    assert.equal(list.length, 1);
    assert.equal(problemAt(list, 6, 5).message, 'targets[2]: give one of command, match, pidfile or service');
  });

  it('two kind keys: the error is at the second; pidfile with match is allowed in either order', () => {
    const list = problemsOf(`targets:
  - name: a
    command: x
    service: Spooler
  - name: b
    pidfile: /run/b.pid
    match: b
  - name: c
    match: c
    pidfile: /run/c.pid
    service: c
`);
    assert.equal(list.length, 2, list.map((p) => p.message).join('\n'));
    assert.equal(
      problemAt(list, 4, 5).message,
      "targets[0].service: a target has one of command, match, pidfile or service, and this one already has 'command' (only pidfile and match go together)",
    );
    assert.match(problemAt(list, 11, 5).message, /^targets\[2\]\.service: .* already has 'match' /);
  });

  it('kind problems come together with schema problems', () => {
    const list = problemsOf('targets:\n  - name: a\n    stopTimeout: soon\n');
    assert.deepEqual(
      list.map((p) => [p.line, p.col]),
      [
        [2, 5],
        [3, 18],
      ],
    );
  });

  it('a bad regular expression in match.args, in flow and block style', () => {
    const list = problemsOf(`targets:
  - name: a
    match: { name: java, args: "-Dapp=(billing" }
  - name: b
    match:
      args: '[a-'
`);
    assert.equal(problemAt(list, 3, 32).message, 'targets[0].match.args: bad regular expression "-Dapp=(billing": Unterminated group');
    assert.match(problemAt(list, 6, 13).message, /^targets\[1\]\.match\.args: bad regular expression "\[a-": /);
  });

  it('match needs name or args, and a name without a folder', () => {
    const list = problemsOf(`targets:
  - name: a
    match: { user: svc }
  - name: b
    match: { name: /usr/bin/java }
  - name: c
    match: C:\\Java\\bin\\java.exe
  - name: d
    match: { nmae: java }
  - name: e
    image: java
    match: { exe: java }
`);
    assert.equal(problemAt(list, 3, 5).message, 'targets[0].match: give name or args (or both); user alone would match every process of that user');
    assert.equal(problemAt(list, 5, 20).message, "targets[1].match.name: '/usr/bin/java' has a folder, but name is compared with the executable's base name only (give 'java')");
    assert.match(problemAt(list, 7, 12).message, /^targets\[2\]\.match: .* \(give 'java\.exe'\)$/);
    assert.equal(problemAt(list, 9, 14).message, "unknown key 'nmae' in targets[3].match (did you mean 'name'?)");
    assert.equal(problemAt(list, 11, 5).message, "unknown key 'image' in targets[4] (did you mean 'match'?)");
    assert.equal(problemAt(list, 12, 14).message, "unknown key 'exe' in targets[4].match (did you mean 'name'?)");
  });

  it('instances, onExcess and restartWhenStopped only where they apply', () => {
    const list = problemsOf(`targets:
  - name: a
    command: x
    instances: { min: 2 }
    onExcess: kill-newest
  - name: p
    pidfile: p.pid
    match: p
    instances: { min: 1 }
  - name: m
    match: m
    restartWhenStopped: true
`);
    assert.equal(list.length, 4, list.map((p) => p.message).join('\n'));
    assert.equal(problemAt(list, 4, 5).message, 'targets[0].instances: applies to match targets only; this is a command target');
    assert.equal(problemAt(list, 5, 5).message, 'targets[0].onExcess: applies to match targets only; this is a command target');
    assert.equal(problemAt(list, 9, 5).message, 'targets[1].instances: applies to match targets only; this is a pidfile target');
    assert.equal(problemAt(list, 12, 5).message, 'targets[2].restartWhenStopped: applies to service targets only; this is a match target');
  });

  it('instances.max below min', () => {
    const list = problemsOf(`targets:
  - name: a
    match: a
    instances: { min: 3, max: 2 }
  - name: b
    match: b
    instances:
      max: 0
  - name: c
    match: c
    instances: { min: -1 }
`);
    assert.equal(problemAt(list, 4, 31).message, 'targets[0].instances.max: must be at least instances.min (3) (got 2)');
    assert.equal(problemAt(list, 8, 12).message, 'targets[1].instances.max: must be at least instances.min (1, the default) (got 0)');
    assert.equal(problemAt(list, 11, 23).message, 'targets[2].instances.min: must be at least 0 (got -1)');
  });

  it('restart.command is refused for command and service targets and under defaults', () => {
    const list = problemsOf(`defaults:
  restart:
    command: x
targets:
  - name: a
    command: x
    restart:
      retries: 2
      command: x --restore
  - name: s
    service: Spooler
    restart: { command: x }
`);
    assert.equal(list.length, 3, list.map((p) => p.message).join('\n'));
    assert.equal(problemAt(list, 3, 5).message, "defaults.restart.command: a restore command belongs to one target; give it under that target's restart");
    assert.equal(
      problemAt(list, 9, 7).message,
      'targets[0].restart.command: psv starts this target itself and re-spawns it with its command; restart.command is for targets psv did not start (use restart.script for a step before each re-spawn)',
    );
    assert.match(problemAt(list, 12, 16).message, /^targets\[1\]\.restart\.command: psv starts a service through the service manager; /);
  });

  it('restart.command: split like command, checked like command', () => {
    const bad = problemsOf(`targets:\n  - name: a\n    match: a\n    restart:\n      command: 'start "x'\n`);
    assert.match(problemAt(bad, 5, 16).message, /^targets\[0\]\.restart\.command: unterminated double quote/);
    const { config, warnings } = configOf(`targets:\n  - name: a\n    match: a\n    restart:\n      command: ./start.sh --detach "a b"\n`);
    assert.deepEqual(config.targets[0].restart.command, ['./start.sh', '--detach', 'a b']);
    assert.equal(warnings.length, 1);
    assert.match(problemAt(warnings, 5, 16).message, /^targets\[0\]\.restart\.command: program '.*start\.sh' does not exist; the target cannot be restored$/);
  });

  it('warns when psv could not restore a match or pidfile target', () => {
    const { warnings } = configOf(`targets:
  - name: a
    match: a
  - name: p
    pidfile: /run/p.pid
  - name: zero
    match: z
    restart: { retries: 0 }
  - name: s
    service: Spooler
  - name: r
    match: r
    ${restore}
`);
    assert.deepEqual(
      warnings.map((w) => [w.line, w.col, w.severity, w.message]),
      [
        [2, 5, 'warning', 'targets[0]: psv can detect the loss but has no way to restore it; give restart.script or restart.command'],
        [4, 5, 'warning', 'targets[1]: psv can detect the loss but has no way to restore it; give restart.script or restart.command'],
      ],
    );
  });

  it('match given as a string is an image name; every default applies', () => {
    const { config, warnings } = configOf(`targets:\n  - name: billing\n    match: java\n    ${restore}\n`);
    assert.deepEqual(warnings, []);
    assert.deepEqual(config.targets[0], {
      name: 'billing',
      kind: 'match',
      command: [],
      match: { name: 'java', args: null, user: null },
      pidfile: null,
      service: null,
      restartWhenStopped: false,
      instances: { min: 1, max: null },
      onExcess: 'warn',
      cwd: dir,
      env: {},
      restart: {
        type: 'permanent',
        retries: 3,
        windowMs: 86_400_000,
        delayMs: 0,
        backoff: { factor: 2, maxMs: 30_000 },
        script: null,
        scriptTimeoutMs: 60_000,
        command: [node, 'restore.js'],
        confirmTimeoutMs: 10_000,
      },
      onRetryOver: 'stop',
      stopTimeoutMs: 10_000,
      stopSignal: 'SIGTERM',
      runAs: null,
      userEnv: {},
      scriptUser: null,
      dependsOn: [],
      readyAfterMs: 0,
      readyOnNotify: false,
      group: null,
      stall: { heartbeatMs: null, file: null, stuckForMs: null },
      probes: [],
      on: {},
    } satisfies PsvConfig['targets'][number]);
  });

  it('a full match target, with confirmTimeout from defaults', () => {
    const { config } = configOf(`defaults:
  restart: { confirmTimeout: 45s }
targets:
  - name: billing
    match: { name: "java*", args: "-Dapp=billing\\\\b", user: svc }
    instances: { min: 2, max: 4 }
    onExcess: kill-newest
    restart:
      command: [${JSON.stringify(node)}, start.js]
  - name: any
    match: { args: worker }
    instances: { min: 0 }
    ${restore.replace(' }', ', confirmTimeout: 2m }')}
`);
    const [billing, any] = config.targets;
    assert.deepEqual(billing.match, { name: 'java*', args: '-Dapp=billing\\b', user: 'svc' });
    assert.deepEqual(billing.instances, { min: 2, max: 4 });
    assert.equal(billing.onExcess, 'kill-newest');
    assert.equal(billing.restart.confirmTimeoutMs, 45_000);
    assert.deepEqual(any.match, { name: null, args: 'worker', user: null });
    assert.deepEqual(any.instances, { min: 0, max: null });
    assert.equal(any.onExcess, 'warn');
    assert.equal(any.restart.confirmTimeoutMs, 120_000);
  });

  it('a pidfile resolves against the config folder; match checks its pid', () => {
    const { config } = configOf(`targets:
  - name: rel
    pidfile: run/app.pid
    match: { name: app }
    ${restore}
  - name: abs
    pidfile: /run/abs.pid
    ${restore}
`);
    const [rel, abs] = config.targets;
    assert.equal(rel.kind, 'pidfile');
    assert.equal(rel.pidfile, path.join(dir, 'run', 'app.pid'));
    assert.deepEqual(rel.match, { name: 'app', args: null, user: null });
    assert.deepEqual([rel.command, rel.instances, rel.service], [[], null, null]);
    assert.equal(abs.pidfile, path.resolve('/run/abs.pid'));
    assert.equal(abs.match, null);
  });

  it('a service, with and without restartWhenStopped, needs no restore (nor a cwd when nothing runs there)', () => {
    const { config, warnings } = configOf(`defaults:
  stopTimeout: 3s
targets:
  - name: spooler
    service: Spooler
    restartWhenStopped: true
  - name: nginx
    service: nginx.service
    cwd: ./no-such-folder
`);
    assert.deepEqual(warnings, []);
    const [spooler, nginx] = config.targets;
    assert.deepEqual(
      [spooler.kind, spooler.service, spooler.restartWhenStopped, spooler.command, spooler.match, spooler.instances, spooler.stopTimeoutMs],
      ['service', 'Spooler', true, [], null, null, 3000],
    );
    assert.deepEqual([nginx.service, nginx.restartWhenStopped], ['nginx.service', false]);
  });
});

describe('parseDuration / formatDuration / parseSize', () => {
  it('parses units, compounds, decimals and seconds', () => {
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('5s'), 5000);
    assert.equal(parseDuration('2m'), 120_000);
    assert.equal(parseDuration('24h'), 86_400_000);
    assert.equal(parseDuration('1d'), 86_400_000);
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('1m0.5s'), 60_500);
    assert.equal(parseDuration('1.5s'), 1500);
    assert.equal(parseDuration(0), 0);
    assert.equal(parseDuration(2.5), 2500);
  });

  it('rejects bad input with a clear message', () => {
    for (const bad of ['5 minutes', '', '5', 's', '-1s', '1.s', '5sec', '1h 30m']) {
      assert.throws(() => parseDuration(bad), /bad duration '.*' \(use e\.g\. 500ms/, bad);
    }
    assert.throws(() => parseDuration(-1), /bad duration -1/);
    assert.throws(() => parseDuration(Number.NaN), /bad duration/);
  });

  it('agrees with the schema pattern', () => {
    const pattern = new RegExp(schemaJson.definitions.duration.pattern, 'u');
    for (const s of ['500ms', '5s', '1h30m', '1.5s', '2d', '5 minutes', '5', '1h 30m', '.5s', '5S']) {
      let parses = true;
      try {
        parseDuration(s);
      } catch {
        parses = false;
      }
      assert.equal(pattern.test(s), parses, s);
    }
    const sizePattern = new RegExp(schemaJson.definitions.size.pattern, 'u');
    for (const s of ['10MiB', '512KiB', '1MB', '2G', '100', '1.5 GB', '10 megs', 'MiB', '5XB', '10mib']) {
      let parses = true;
      try {
        parseSize(s);
      } catch {
        parses = false;
      }
      assert.equal(sizePattern.test(s), parses, s);
    }
  });

  it('formats back to the short form', () => {
    assert.equal(formatDuration(1500), '1.5s');
    assert.equal(formatDuration(86_400_000), '24h');
    assert.equal(formatDuration(5_400_000), '1h30m');
    assert.equal(formatDuration(500), '500ms');
    assert.equal(formatDuration(0), '0s');
    assert.equal(formatDuration(60_500), '1m0.5s');
    for (const ms of [1, 999, 1000, 61_000, 3_599_999, 90_061_500]) assert.equal(parseDuration(formatDuration(ms)), ms);
  });

  it('parses sizes', () => {
    assert.equal(parseSize(1234), 1234);
    assert.equal(parseSize('100'), 100);
    assert.equal(parseSize('100B'), 100);
    assert.equal(parseSize('10MiB'), 10 * 1024 * 1024);
    assert.equal(parseSize('512KiB'), 512 * 1024);
    assert.equal(parseSize('1MB'), 1_000_000);
    assert.equal(parseSize('1kb'), 1000);
    assert.equal(parseSize('2G'), 2 * 1024 ** 3);
    assert.equal(parseSize('1.5 KiB'), 1536);
    assert.throws(() => parseSize('10 megs'), /bad size '10 megs'/);
    assert.throws(() => parseSize(-5), /bad size -5/);
  });
});

describe('splitCommandLine', () => {
  it('splits on whitespace', () => {
    assert.deepEqual(splitCommandLine('  node   server.js\t--port 80 '), ['node', 'server.js', '--port', '80']);
    assert.deepEqual(splitCommandLine(''), []);
  });

  it('honours quotes and escapes', () => {
    assert.deepEqual(splitCommandLine(`a "b c" 'd e' f\\ g`), ['a', 'b c', 'd e', 'f g']);
    assert.deepEqual(splitCommandLine(`"say \\"hi\\"" 'it"s' \\'x`), ['say "hi"', 'it"s', "'x"]);
    assert.deepEqual(splitCommandLine(`--name="a b"c '' ""`), ['--name=a bc', '', '']);
    assert.deepEqual(splitCommandLine(`'$HOME' $PATH *.txt | x`), ['$HOME', '$PATH', '*.txt', '|', 'x']);
  });

  it('keeps Windows paths as written', () => {
    assert.deepEqual(splitCommandLine('C:\\tools\\app.exe \\\\server\\share\\x'), ['C:\\tools\\app.exe', '\\\\server\\share\\x']);
    assert.deepEqual(splitCommandLine('"C:\\Program Files\\App\\app.exe" -v'), ['C:\\Program Files\\App\\app.exe', '-v']);
  });

  it('throws on an unterminated quote', () => {
    assert.throws(() => splitCommandLine('node "server.js'), /unterminated double quote/);
    assert.throws(() => splitCommandLine("node 'server.js"), /unterminated single quote/);
  });
});

describe('findExecutable', () => {
  it('follows PATHEXT on Windows, case-insensitively, looking in cwd first', () => {
    const files = new Set(['c:\\tools\\node.exe', 'c:\\app\\run.cmd', 'c:\\tools\\script.bat']);
    const isRunnable = (f: string) => files.has(f.toLowerCase());
    const env = { Path: 'C:\\Windows;C:\\Tools', PathExt: '.COM;.EXE;.BAT;.CMD' };
    const base = { cwd: 'C:\\app', env, isWindows: true, isRunnable };
    assert.deepEqual(findExecutable('node', base), { found: true, file: 'C:\\Tools\\node.EXE' });
    assert.deepEqual(findExecutable('NODE.EXE', base), { found: true, file: 'C:\\Tools\\NODE.EXE' });
    assert.deepEqual(findExecutable('run', base), { found: true, file: 'C:\\app\\run.CMD' });
    assert.deepEqual(findExecutable('.\\run.cmd', base), { found: true, file: 'C:\\app\\run.cmd' });
    assert.deepEqual(findExecutable('C:/tools/script', base), { found: true, file: 'C:\\tools\\script.BAT' });
    assert.equal(findExecutable('python', base).found, false);
    assert.equal(findExecutable('node', { ...base, env: { Path: 'C:\\Tools', PATHEXT: '.COM' } }).found, false);
    // A target's PATH overrides the inherited Path, whatever the spelling.
    assert.equal(findExecutable('node', { ...base, env: { Path: 'C:\\Tools', PATH: 'C:\\Windows' } }).found, false);
  });

  it('follows PATH on POSIX', () => {
    const env = { PATH: `/nonexistent:${path.dirname(node)}` };
    assert.deepEqual(findExecutable(path.basename(node), { cwd: dir, env, isWindows: false }), { found: true, file: node });
    assert.deepEqual(findExecutable(node, { cwd: dir, env: {}, isWindows: false }), { found: true, file: node });
    assert.deepEqual(findExecutable('psv-nope', { cwd: dir, env, isWindows: false }), { found: false, reason: 'not-found', tried: 'PATH' });
  });
});

describe('monitor.failover', () => {
  const withFailover = (lines: string) => `monitor:\n  failover:\n${lines}targets:\n  - name: web\n    command: [${JSON.stringify(node)}]\n`;

  it('then: stay with via exit, at the value', () => {
    const list = problemsOf(withFailover('    then: stay\n'));
    assert.equal(problemAt(list, 3, 11).message, 'monitor.failover.then: stay needs an adapter that tells the cluster (via pacemaker, clusterpro, wsfc or command); via exit always stops the targets and exits');
    assert.equal(problemAt(list, 3, 11).file, file);
  });

  it('via command without a command to run, at via', () => {
    const list = problemsOf(withFailover('    via: command\n'));
    assert.equal(problemAt(list, 3, 10).message, 'monitor.failover.via: via command needs monitor.failover.command.run (the program to run)');
  });

  it('a command line that cannot be split, at run', () => {
    const list = problemsOf(withFailover("    via: command\n    command:\n      run: \"notify 'half\"\n"));
    assert.equal(problemAt(list, 5, 12).message, `monitor.failover.command.run: unterminated single quote (opened at character 8) in "notify 'half"`);
  });

  it('the names an action needs: clusterpro move, wsfc fail and move', () => {
    const cp = problemsOf(withFailover('    via: clusterpro\n    clusterpro:\n      action: move\n'));
    assert.equal(problemAt(cp, 5, 15).message, 'monitor.failover.clusterpro.action: move needs monitor.failover.clusterpro.group (the failover group clpgrp -m moves)');
    const fail = problemsOf(withFailover('    via: wsfc\n'));
    assert.equal(problemAt(fail, 3, 10).message, 'monitor.failover.wsfc.action: fail needs monitor.failover.wsfc.resource (the cluster resource that runs psv)');
    const move = problemsOf(withFailover('    via: wsfc\n    wsfc: { action: move, resource: psv }\n'));
    assert.equal(problemAt(move, 4, 21).message, 'monitor.failover.wsfc.action: move needs monitor.failover.wsfc.group (the role Move-ClusterGroup moves)');
  });

  it('the schema: an unknown adapter, exit code 0, a time limit under 100ms, an unknown key', () => {
    const list = problemsOf(withFailover('    via: heartbeat\n    exitCode: 0\n    timeout: 10ms\n    pacemaker: { action: kill }\n    clusterpro: { hots: 10.0.0.1 }\n'));
    assert.match(problemAt(list, 3, 10).message, /^monitor\.failover\.via: must be one of exit, pacemaker, clusterpro, wsfc, command \(got 'heartbeat'\)/);
    assert.match(problemAt(list, 4, 15).message, /^monitor\.failover\.exitCode: must be at least 1/);
    assert.match(problemAt(list, 5, 14).message, /^monitor\.failover\.timeout: must be at least 100ms/);
    assert.match(problemAt(list, 6, 26).message, /^monitor\.failover\.pacemaker\.action: must be one of report, fail, ban/);
    assert.match(problemAt(list, 7, 19).message, /hots/);
  });

  it('resolves: then follows the adapter unless given; an adapter not in use may be incomplete', () => {
    const pm = configOf(withFailover('    via: pacemaker\n    pacemaker: { action: fail, crmResource: ./bin/crm_resource }\n    wsfc: { action: move }\n')).config.monitor.failover;
    assert.equal(pm.then, 'stay');
    assert.equal(pm.pacemaker.action, 'fail');
    assert.equal(pm.pacemaker.crmResource, path.join(dir, 'bin', 'crm_resource'));
    const exit = configOf(withFailover('    via: command\n    then: exit\n    timeout: 2m\n    command: { run: "notify --now" }\n')).config.monitor.failover;
    assert.equal(exit.then, 'exit');
    assert.equal(exit.timeoutMs, 120_000);
    assert.deepEqual(exit.command.run, ['notify', '--now']);
  });
});

describe('schema and docs', () => {
  type SchemaNode = { $ref?: string; description?: string; properties?: Record<string, SchemaNode>; items?: SchemaNode; [k: string]: unknown };
  const schema = schemaJson as unknown as SchemaNode & { definitions: Record<string, SchemaNode> };

  it('every property has a title and a description', () => {
    const missing: string[] = [];
    const resolve = (n: SchemaNode): SchemaNode => (n.$ref ? { ...resolve(schema.definitions[n.$ref.replace('#/definitions/', '')]), ...n, $ref: undefined } : n);
    const visit = (n: SchemaNode, where: string) => {
      for (const [k, child] of Object.entries(n.properties ?? {})) {
        const full = resolve(child);
        if (!full.description || !full.title) missing.push(`${where}${k}`);
        visit(full, `${where}${k}.`);
        if (full.items) visit(resolve(full.items), `${where}${k}[].`);
      }
    };
    visit(schema, '');
    for (const [name, def] of Object.entries(schema.definitions)) visit(def, `definitions.${name}.`);
    assert.deepEqual(missing, []);
  });

  it('docs/config.md is current (run node scripts/gen-config-doc.mjs)', async () => {
    const root = repoRoot();
    const gen = await import(pathToFileURL(path.join(root, 'scripts', 'gen-config-doc.mjs')).href);
    const fromDisk = JSON.parse(readFileSync(path.join(root, 'manifest', 'config.schema.json'), 'utf8'));
    const expected = (gen.renderConfigDoc as (s: unknown) => string)(fromDisk);
    assert.equal(readFileSync(path.join(root, 'docs', 'config.md'), 'utf8'), expected);
  });
});
