// The Windows executable (out/psv.exe, from npm run build:exe) under Wine:
// version, check, a monitor that restarts a target killed with taskkill /F,
// status over the named pipe, stop, start (psv.exe re-running itself), and
// the default pipe of each config.
// Skipped when wine or out/psv.exe is missing, unless PSV_REQUIRE_WINE=1 (CI),
// which turns the skip into a failure.
// Under Wine node.exe's output goes to files: pipes to Unix processes are unreliable.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { cleanup, readEvents, ROOT, tempDir, waitFor, writeFile, type PsvEvent } from './helpers.js';
import { winePrefix, wineRunner, wineSuite } from './wine.js';

const EXE = process.env.PSV_WIN_EXE ?? join(ROOT, 'out', 'psv.exe');

wineSuite('Windows executable under Wine', () => (existsSync(EXE) ? null : `${EXE} is missing (npm run build:exe builds it)`), smokeTests);

/** The command lines of this machine's processes (Wine shows a Windows process's own). */
function unixProcesses(): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((f) => /^\d+$/.test(f))) {
    try {
      out.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** The Windows view of a Unix path (Wine maps / to Z:). */
function win(path: string): string {
  return 'Z:' + path.replaceAll('/', '\\');
}

function smokeTests(): void {
  const dir = tempDir('psv-wine-');
  let env: NodeJS.ProcessEnv = {};
  let monitor: ChildProcess | null = null;

  before(() => {
    env = winePrefix();
  });

  after(() => {
    monitor?.kill('SIGKILL');
    // Ends every Windows process of this prefix, among them any target left behind.
    spawnSync('wineserver', ['-k'], { env, stdio: 'ignore', timeout: 30_000 });
    cleanup(dir);
  });

  const wine = wineRunner(dir, dir, () => env);
  const psv = (...args: string[]) => wine(EXE, args);

  it('psv.exe version reports the version and the Node it carries', () => {
    const r = psv('version', '--json');
    assert.equal(r.code, 0, r.stderr);
    const v = JSON.parse(r.stdout) as { version: string; node: string };
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(v.version, pkg.version);
    assert.match(v.node, /^22\./);
    assert.equal(psv('version').stdout.trim(), `psv ${pkg.version}`);
  });

  it('psv.exe check accepts a good config and rejects a bad one with FILE:LINE:COL', () => {
    const good = writeFile(join(dir, 'good.yaml'), 'targets:\n  - name: a\n    command: ["C:\\\\windows\\\\system32\\\\ping.exe", "-n", "3", "127.0.0.1"]\n');
    const ok = psv('check', '-c', win(good));
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /good\.yaml: OK, 1 target/);

    const bad = writeFile(join(dir, 'bad.yaml'), 'monitor:\n  intervall: 1s\ntargets:\n  - name: a\n    command: ["cmd.exe"]\n    restart:\n      retries: many\n');
    const no = psv('check', '-c', win(bad));
    assert.equal(no.code, 2, no.stdout + no.stderr);
    assert.match(no.stderr, /bad\.yaml:2:3: unknown key 'intervall'/);
    assert.match(no.stderr, /bad\.yaml:7:16: .*retries/);
  });

  it('psv.exe run restarts a target killed with taskkill /F; status over the named pipe; stop', async () => {
    const pipe = `\\\\.\\pipe\\psv-wine-${process.pid}`;
    const events = join(dir, 'state', 'events.jsonl');
    const config = writeFile(
      join(dir, 'run.yaml'),
      [
        'monitor:',
        '  interval: 1s',
        '  stateDir: ./state',
        `  control: '${pipe}'`,
        'targets:',
        '  - name: pinger',
        '    command: ["C:\\\\windows\\\\system32\\\\ping.exe", "-n", "1000", "127.0.0.1"]',
        '    restart: { retries: 3, window: 1h }',
        '    stopTimeout: 2s',
        '',
      ].join('\n'),
    );
    const log = openSync(join(dir, 'monitor.log'), 'w');
    monitor = spawn('wine', [EXE, 'run', '-c', win(config)], { cwd: dir, env, stdio: ['ignore', log, log] });
    closeSync(log);
    const monitorLog = () => readFileSync(join(dir, 'monitor.log'), 'utf8');
    let exited: number | null | undefined;
    monitor.once('exit', (code) => (exited = code));

    const ups = () => readEvents(events).filter((e: PsvEvent) => e.event === 'TargetUp' && e.target === 'pinger');
    const first = await waitFor('the first TargetUp event', () => (exited === undefined ? ups()[0] : assert.fail(`monitor exited ${exited}: ${monitorLog()}`)), 90_000);
    assert.ok(first.pid && first.pid > 0);

    const kill = wine('C:\\windows\\system32\\taskkill.exe', ['/F', '/PID', String(first.pid)]);
    assert.equal(kill.code, 0, `taskkill: ${kill.stdout}${kill.stderr}`);
    const second = await waitFor('a TargetUp event with a new pid', () => ups().find((e) => e.pid !== first.pid), 60_000);
    assert.notEqual(second.pid, first.pid);
    assert.ok(readEvents(events).some((e) => e.event === 'TargetDown' && e.pid === first.pid), 'the kill is recorded as TargetDown');

    const status = psv('status', '-c', win(config), '--json');
    assert.equal(status.code, 0, status.stderr);
    const s = JSON.parse(status.stdout) as { monitor: { control: string }; targets: { name: string; state: string; pid: number; restarts: number }[] };
    assert.equal(s.monitor.control.toLowerCase(), pipe.toLowerCase());
    const pinger = s.targets.find((t) => t.name === 'pinger');
    assert.equal(pinger?.pid, second.pid);
    assert.equal(pinger?.state, 'Running');
    assert.equal(pinger?.restarts, 1);

    const stop = psv('stop', '-c', win(config));
    assert.equal(stop.code, 0, stop.stderr);
    await waitFor('the monitor to exit', () => exited !== undefined, 60_000);
    assert.equal(exited, 0, monitorLog());
    monitor = null;
    // Wine runs each Windows process as a Unix one: the stopped target must be gone.
    await waitFor('the target to be gone', () => !unixProcesses().some((cmd) => cmd.includes('ping.exe') && cmd.includes('1000')), 30_000);
  });

  it('psv.exe start runs the executable itself in the background; stop ends it', () => {
    const pipe = `\\\\.\\pipe\\psv-wine-start-${process.pid}`;
    const config = writeFile(
      join(dir, 'start.yaml'),
      `monitor:\n  stateDir: ./start-state\n  control: '${pipe}'\ntargets:\n  - name: pinger\n    command: ["C:\\\\windows\\\\system32\\\\ping.exe", "-n", "1000", "127.0.0.1"]\n    stopTimeout: 2s\n`,
    );
    const start = psv('start', '-c', win(config));
    assert.equal(start.code, 0, start.stdout + start.stderr);
    assert.match(start.stdout, /monitor started \(pid \d+/);
    const status = psv('status', '-c', win(config), '--json');
    assert.equal(status.code, 0, status.stderr);
    assert.equal((JSON.parse(status.stdout) as { targets: { state: string }[] }).targets[0]?.state, 'Running');
    const stop = psv('stop', '-c', win(config));
    assert.equal(stop.code, 0, stop.stderr);
    assert.match(stop.stdout + stop.stderr, /stopped/);
  });

  it('psv.exe without monitor.control: each config its own pipe (psv-KEY); another config there is refused', () => {
    const configs = ['one', 'two'].map((name) =>
      writeFile(
        join(dir, `${name}.yaml`),
        `monitor:\n  stateDir: ./${name}-state\ntargets:\n  - name: pinger\n    command: ["C:\\\\windows\\\\system32\\\\ping.exe", "-n", "1000", "127.0.0.1"]\n    stopTimeout: 2s\n`,
      ),
    );
    const pipes: string[] = [];
    for (const config of configs) {
      const start = psv('start', '-c', win(config));
      assert.equal(start.code, 0, start.stdout + start.stderr);
      const pipe = /monitor started \(pid \d+, (\\\\\.\\pipe\\psv-[0-9a-f]{16})\)/.exec(start.stdout)?.[1];
      assert.ok(pipe, start.stdout);
      pipes.push(pipe);
    }
    assert.notEqual(pipes[0], pipes[1]);
    const own = psv('status', '-c', win(configs[1]!), '--json');
    assert.equal(own.code, 0, own.stderr);
    const refused = wine(EXE, ['status', '-c', win(configs[1]!)], 120_000, { PSV_CONTROL: pipes[0] });
    assert.equal(refused.code, 3, refused.stdout + refused.stderr);
    assert.match(refused.stderr, /one\.yaml/);
    for (const config of configs) {
      const stop = psv('stop', '-c', win(config));
      assert.equal(stop.code, 0, stop.stderr);
    }
  });
}
