// The syslog sink end to end: a real rsyslogd (private ports and socket, its own
// config) receives what a real psv monitor sends when its target crash-loops.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatRfc5424, parseSyslogAddress, structuredData } from '../src/events/syslog.js';
import type { EventRecord } from '../src/events/bus.js';
import { cleanup, monitorSection, MonitorProcess, tempDir, waitFor, writeConfig } from './helpers.js';

const RSYSLOGD = ['/usr/sbin/rsyslogd', '/sbin/rsyslogd'].find((p) => existsSync(p));

function freePort(kind: 'tcp' | 'udp'): Promise<number> {
  return new Promise((resolve, reject) => {
    if (kind === 'tcp') {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
      s.on('error', reject);
    } else {
      const s = createSocket('udp4');
      s.bind(0, '127.0.0.1', () => {
        const port = s.address().port;
        s.close(() => resolve(port));
      });
    }
  });
}

describe('syslog message format (RFC 5424)', () => {
  const record: EventRecord = {
    time: '2026-11-25T01:02:03.456Z', id: 301, event: 'RetryOver', level: 'Error',
    target: 'we"b]', pid: 42, message: '(\'web\') リトライオーバー',
  };

  it('has PRI from facility and level, app-name psv, msgid the event name, and the structured data', () => {
    const line = formatRfc5424(record, 'daemon', 'host1', 777);
    assert.equal(line, `<27>1 2026-11-25T01:02:03.456Z host1 psv 777 RetryOver [psv@32473 id="301" target="we\\"b\\]" pid="42"] ('web') リトライオーバー`);
    assert.match(formatRfc5424({ ...record, level: 'Information' }, 'local0', 'h', 1), /^<134>1 /);
    assert.match(formatRfc5424({ ...record, level: 'Warning' }, 'user', 'h', 1), /^<12>1 /);
    assert.equal(structuredData({ ...record, target: undefined, pid: undefined }), '[psv@32473 id="301"]');
  });

  it('parses the addresses', () => {
    assert.deepEqual(parseSyslogAddress('local'), { kind: 'unix', path: '/dev/log' });
    assert.deepEqual(parseSyslogAddress('unix:///run/x.sock'), { kind: 'unix', path: '/run/x.sock' });
    assert.deepEqual(parseSyslogAddress('udp://127.0.0.1:5514'), { kind: 'udp', host: '127.0.0.1', port: 5514 });
    assert.deepEqual(parseSyslogAddress('tcp://[::1]'), { kind: 'tcp', host: '::1', port: 514 });
    assert.throws(() => parseSyslogAddress('http://x'), /not local/);
  });
});

describe('syslog to a real rsyslogd', { skip: RSYSLOGD ? false : 'rsyslogd is not installed (scripts/setup-test-env.sh installs it)' }, () => {
  let dir = '';
  let rsyslogd: ChildProcess | null = null;
  let udpPort = 0;
  let tcpPort = 0;
  let out = '';

  before(async () => {
    dir = tempDir('psv-syslog-');
    udpPort = await freePort('udp');
    tcpPort = await freePort('tcp');
    out = join(dir, 'received.log');
    const conf = join(dir, 'rsyslog.conf');
    writeFileSync(
      conf,
      [
        `global(workDirectory="${dir}")`,
        'module(load="imudp")',
        'module(load="imtcp")',
        'module(load="imuxsock" SysSock.Use="off")',
        `input(type="imudp" address="127.0.0.1" port="${udpPort}")`,
        `input(type="imtcp" address="127.0.0.1" port="${tcpPort}")`,
        `input(type="imuxsock" Socket="${join(dir, 'log')}" UseSpecialParser="off")`,
        // One line per message: what an operator's rule can match on.
        'template(name="psv" type="string" string="sev=%syslogseverity% fac=%syslogfacility-text% app=%app-name% msgid=%msgid% sd=%structured-data% msg=%msg%\\n")',
        `*.* action(type="omfile" file="${out}" template="psv")`,
        '',
      ].join('\n'),
    );
    const check = spawnSync(RSYSLOGD!, ['-N1', '-f', conf], { encoding: 'utf8' });
    assert.equal(check.status, 0, `rsyslog config check: ${check.stderr}${check.stdout}`);
    rsyslogd = spawn(RSYSLOGD!, ['-n', '-f', conf, '-i', join(dir, 'rsyslogd.pid')], { stdio: 'ignore' });
    await waitFor('rsyslogd listening', () => existsSync(join(dir, 'log')) && existsSync(join(dir, 'rsyslogd.pid')), 15_000);
    // Ready when a probe sent over UDP comes out in the file.
    const probe = createSocket('udp4');
    await waitFor(
      'rsyslogd to log a probe',
      () => {
        probe.send('<14>1 - - probe - - - ready', udpPort, '127.0.0.1');
        return existsSync(out) && readFileSync(out, 'utf8').includes('ready');
      },
      15_000,
    );
    probe.close();
  });

  after(async () => {
    rsyslogd?.kill('SIGTERM');
    if (dir) cleanup(dir);
  });

  const received = (): string[] => (existsSync(out) ? readFileSync(out, 'utf8').split('\n') : []);

  function crashLoop(name: string, events: string): MonitorProcess {
    const sub = tempDir('psv-syslog-m-');
    const { config, events: eventsFile } = writeConfig(
      sub,
      `${monitorSection(sub, events)}targets:\n  - name: ${name}\n    command: ["/bin/sh", "-c", "exit 3"]\n    restart: { retries: 2, window: 1h }\n    onRetryOver: stop\n`,
    );
    const m = new MonitorProcess(config, eventsFile);
    // Stop the monitor before removing its folder: it may still be writing an incident.
    after(async () => {
      await m.stop();
      cleanup(sub);
    });
    return m;
  }

  it('receives RetryOver over UDP at severity err with the structured data, in Japanese UTF-8', async () => {
    const m = crashLoop('loop-udp', `    sinks: [file, syslog]\n    language: ja\n    syslog: { address: "udp://127.0.0.1:${udpPort}", facility: local3 }\n`);
    const [retryOver] = await m.waitEvents('RetryOver', (e) => e.event === 'RetryOver' && e.target === 'loop-udp');
    assert.match(retryOver!.message, /リトライオーバー/, 'the file sink has the Japanese message');
    const line = await waitFor('the RetryOver line in rsyslog\'s file', () => received().find((l) => l.includes('msgid=RetryOver') && l.includes('loop-udp')));
    assert.match(line, /^sev=3 fac=local3 app=psv msgid=RetryOver /);
    assert.match(line, /sd=\[psv@32473 id="301" target="loop-udp"\]/);
    assert.ok(line.includes(`msg=${retryOver!.message}`), `Japanese message intact: ${line}`);
    // rsyslogd's queue may write lines in another order than they came: wait for each.
    const down = await waitFor('a TargetDown line', () => received().find((l) => l.includes('msgid=TargetDown') && l.includes('loop-udp')));
    assert.match(down, /^sev=4 .*sd=\[psv@32473 id="200" target="loop-udp" pid="\d+"\]/, 'TargetDown is a warning with the pid');
    const started = await waitFor('a TargetStarted line', () => received().find((l) => l.includes('msgid=TargetStarted') && l.includes('loop-udp')));
    assert.match(started, /^sev=6 /, 'TargetStarted is informational');
  });

  it('receives events over TCP with octet-counting framing', async () => {
    const m = crashLoop('loop-tcp', `    sinks: [file, syslog]\n    language: en\n    syslog: { address: "tcp://127.0.0.1:${tcpPort}" }\n`);
    await m.waitEvents('RetryOver', (e) => e.event === 'RetryOver' && e.target === 'loop-tcp');
    const line = await waitFor('RetryOver over TCP', () => received().find((l) => l.includes('msgid=RetryOver') && l.includes('loop-tcp')));
    assert.match(line, /^sev=3 fac=daemon app=psv msgid=RetryOver sd=\[psv@32473 id="301" target="loop-tcp"\] msg=\('loop-tcp'\) Retry over: 2 restarts/);
  });

  it('writes to a local datagram socket (the /dev/log kind) through one logger process', async () => {
    const m = crashLoop('loop-unix', `    sinks: [file, syslog]\n    language: ja\n    syslog: { address: "unix://${join(dir, 'log')}" }\n`);
    await m.waitEvents('RetryOver', (e) => e.event === 'RetryOver' && e.target === 'loop-unix');
    const line = await waitFor('RetryOver over the unix socket', () => received().find((l) => l.includes('RetryOver [psv@32473 id="301" target="loop-unix"]')));
    assert.match(line, /^sev=3 fac=daemon app=psv /);
    assert.match(line, /リトライオーバー/);
    const loggers = spawnSync('pgrep', ['-f', `logger --socket ${join(dir, 'log')}`], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
    assert.equal(loggers.length, 1, 'one long-lived logger, not one per event');
  });
});
