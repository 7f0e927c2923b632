// Prometheus metrics (issue 22): a monitor serves /metrics on loopback; what a
// scrape shows follows what happens to the targets (a kill: restarts, exit
// code, histograms, states), and a real Prometheus can scrape it.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { StatusResult } from '../src/control/protocol.js';
import { EventBus } from '../src/events/bus.js';
import { createMetrics } from '../src/metrics/collector.js';
import { cleanup, ROOT, monitorSection, MonitorProcess, psv, taggedSleep, tempDir, waitFor, waitForAsync, writeConfig, writeFile, killProcessesWithArg } from './helpers.js';

const dirs: string[] = [];
const monitors: MonitorProcess[] = [];
const children: ChildProcess[] = [];
const tags: string[] = [];
after(async () => {
  for (const m of monitors) await m.stop();
  for (const c of children) c.kill('SIGKILL');
  killProcessesWithArg(...tags);
  dirs.forEach(cleanup);
});

const PROMETHEUS = '/usr/bin/prometheus';
const PROMTOOL = '/usr/bin/promtool';

/** A monitor serving metrics on a port of the OS's choosing; its scrape URL from the MetricsServed event. */
async function monitorWithMetrics(targets: string, metrics = 'metrics: { listen: "127.0.0.1:0" }'): Promise<{ m: MonitorProcess; url: string; dir: string }> {
  const dir = tempDir('psv-metrics-');
  dirs.push(dir);
  const { config, events } = writeConfig(dir, `${monitorSection(dir, `  ${metrics}\n`)}targets:\n${targets}`);
  const m = new MonitorProcess(config, events);
  monitors.push(m);
  const [served] = await m.waitEvents('MetricsServed', (e) => e.event === 'MetricsServed');
  return { m, url: String(served!.url), dir };
}

async function scrape(url: string): Promise<string> {
  const res = await fetch(url);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return res.text();
}

/** The value of one series, e.g. value(text, 'psv_target_up{target="a"}'); undefined when absent. */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

function pidOf(config: string, name: string): number | null {
  const r = psv(['status', '-c', config, '--json']);
  const t = (JSON.parse(r.stdout) as { targets: Array<{ name: string; pid: number | null; state: string }> }).targets.find((x) => x.name === name);
  return t?.state === 'Running' ? t.pid : null;
}

describe('metrics for Prometheus', () => {
  it('follow a kill: restarts, last exit code, restart time, states, events', async () => {
    const sleeper = taggedSleep();
    tags.push(sleeper.tag);
    const { m, url } = await monitorWithMetrics(`  - name: a\n    command: ${JSON.stringify(sleeper.command)}\n  - name: idle\n    command: ${JSON.stringify(taggedSleepCommand())}\n`);
    const before = await waitForAsync('a up in the metrics', async () => {
      const text = await scrape(url);
      return value(text, 'psv_target_up{target="a"}') === 1 ? text : undefined;
    });
    assert.equal(value(before, 'psv_target_state{target="a",state="Running"}'), 1);
    assert.equal(value(before, 'psv_target_state{target="a",state="Backoff"}'), 0);
    assert.equal(value(before, 'psv_target_restarts_total{target="a"}') ?? 0, 0);
    assert.equal(value(before, 'psv_target_retry_budget_remaining{target="a"}'), 3);
    assert.equal(value(before, 'psv_target_last_exit_code{target="a"}'), undefined, 'no exit yet');
    assert.match(before, /^psv_monitor_info\{version="[^"]+",config="[^"]+"\} 1$/m);
    assert.ok((value(before, 'psv_process_resident_memory_bytes') ?? 0) > 1e6, 'the monitor\'s resident memory');
    assert.ok(value(before, 'psv_process_cpu_seconds_total') !== undefined);

    const pid = pidOf(m.config, 'a')!;
    process.kill(pid, 'SIGKILL');
    await waitFor('a restarted', () => {
      const now = pidOf(m.config, 'a');
      return now !== null && now !== pid;
    });
    const after = await waitForAsync('the restart in the metrics', async () => {
      const text = await scrape(url);
      return value(text, 'psv_target_restart_seconds_count{target="a"}') === 1 ? text : undefined;
    });
    assert.equal(value(after, 'psv_target_restarts_total{target="a"}'), 1);
    assert.equal(value(after, 'psv_target_retry_budget_remaining{target="a"}'), 2);
    assert.equal(value(after, 'psv_target_last_exit_code{target="a"}'), 128 + 9, 'SIGKILL');
    assert.equal(value(after, 'psv_target_up{target="a"}'), 1);
    assert.ok(value(after, 'psv_target_restart_seconds_sum{target="a"}')! < 10);
    assert.ok(value(after, 'psv_events_total{level="Warning"}')! >= 1, 'TargetDown is a warning');
    assert.equal(value(after, 'psv_target_restarts_total{target="idle"}') ?? 0, 0, 'the other target untouched');

    // Paused: the gauge says so; and everything but /metrics is 404.
    assert.equal(psv(['pause', 'idle', '-c', m.config]).code, 0);
    assert.equal(value(await scrape(url), 'psv_target_paused{target="idle"}'), 1);
    assert.equal((await fetch(url.replace('/metrics', '/'))).status, 404);
  });

  it('the example alert rules and dashboard are valid and name only metrics psv serves', { skip: existsSync(PROMTOOL) ? false : `no ${PROMTOOL}` }, async () => {
    const examples = join(ROOT, 'examples', 'monitoring');
    for (const args of [['check', 'rules', join(examples, 'psv-alerts.yml')], ['check', 'config', join(examples, 'prometheus.yml')]]) {
      const r = spawnSync(PROMTOOL, args, { encoding: 'utf8' });
      assert.equal(r.status, 0, `promtool ${args.join(' ')}: ${r.stdout}${r.stderr}`);
    }
    const { url } = await monitorWithMetrics(`  - name: a\n    command: ${JSON.stringify(taggedSleepCommand())}\n`);
    const served = new Set([...(await scrape(url)).matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]!));
    const texts = [readFileSync(join(examples, 'psv-alerts.yml'), 'utf8'), readFileSync(join(examples, 'grafana-dashboard.json'), 'utf8')];
    const named = new Set(texts.flatMap((t) => [...t.matchAll(/\b(psv_[a-z_]+)/g)].map((m) => m[1]!.replace(/_(bucket|sum|count)$/, ''))));
    for (const name of named) assert.ok(served.has(name), `${name} is served`);
    JSON.parse(texts[1]!);
  });

  it('the text is valid for promtool, with labels escaped (a Windows config path, a quote) and every family once', { skip: existsSync(PROMTOOL) ? false : `no ${PROMTOOL}` }, async () => {
    const bus = new EventBus([]);
    const target = (name: string, state: string, over: object = {}) => ({ name, state, retries: 3, restarts: 1, lastExit: { code: null, signal: 'SIGKILL' }, uptimeMs: 1500, paused: false, ...over });
    const status = {
      monitor: { config: 'C:\\psv\\"prod"\nconfig.yaml', failover: null },
      targets: [target('a', 'Running'), target('b', 'Backoff', { lastExit: null, uptimeMs: null, paused: true })],
      groups: [{ name: 'g', state: 'Running', retries: 2, restarts: 0 }],
    } as unknown as StatusResult;
    const metrics = createMetrics({ status: () => status, events: bus, version: '1.2.3' });
    bus.emit('RestartAttempt', { target: 'a', attempt: 1, retries: 3, delayMs: 0 } as never);
    const text = Buffer.concat(await metrics.body()).toString();
    const r = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    // promtool also lints names and units; only a parse error fails the format.
    assert.doesNotMatch(`${r.stdout}${r.stderr}`, /error while linting|parse|unexpected|invalid/i, `${r.stdout}${r.stderr}`);
    assert.ok(text.includes('config="C:\\\\psv\\\\\\"prod\\"\\nconfig.yaml"'), text.split('\n').find((l) => l.startsWith('psv_monitor_info')));
    assert.equal(value(text, 'psv_target_last_exit_code{target="a"}'), 128 + 9);
    assert.equal(value(text, 'psv_target_last_exit_code{target="b"}'), undefined);
    assert.equal(value(text, 'psv_target_state{target="b",state="Backoff"}'), 1);
    assert.equal(value(text, 'psv_target_state{target="b",state="Running"}'), 0);
    assert.equal(value(text, 'psv_target_paused{target="b"}'), 1);
    assert.equal(value(text, 'psv_target_uptime_seconds{target="a"}'), 1.5);
    assert.equal(value(text, 'psv_group_retry_budget_remaining{group="g"}'), 2);
    const families = [...text.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]!);
    assert.equal(new Set(families).size, families.length, 'each family once');
    // A change shows at the next scrape (the kept lines follow the status).
    (status.targets[0] as { state: string }).state = 'Failed';
    const again = Buffer.concat(await metrics.body()).toString();
    assert.equal(value(again, 'psv_target_up{target="a"}'), 0);
    assert.equal(value(again, 'psv_target_state{target="a",state="Failed"}'), 1);
  });

  it('the detection histogram counts the end of a process psv watches but did not start', async () => {
    const s = taggedSleep();
    tags.push(s.tag);
    const outside = spawn(s.command[0]!, s.command.slice(1), { detached: true, stdio: 'ignore' });
    outside.unref();
    const { m, url } = await monitorWithMetrics(`  - name: m\n    match: { name: sleep, args: '${s.tag.replace(/\./g, '\\.')}' }\n    restart: { command: ${JSON.stringify(s.command)} }\n`);
    await m.waitEvents('m up', (e) => e.target === 'm' && e.event === 'TargetUp');
    process.kill(outside.pid!, 'SIGKILL');
    const [down] = await m.waitEvents('m down', (e) => e.target === 'm' && e.event === 'TargetDown');
    assert.equal(typeof down!.detectMs, 'number', 'TargetDown says how long after the last sign of life');
    const text = await waitForAsync('the detection in the metrics', async () => {
      const t = await scrape(url);
      return value(t, 'psv_target_detection_seconds_count{target="m"}') === 1 ? t : undefined;
    });
    assert.ok(value(text, 'psv_target_detection_seconds_sum{target="m"}')! >= 0);
  });

  it('a port that is taken is an event, and the monitor runs its targets anyway', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as { port: number }).port;
    const dir = tempDir('psv-metrics-');
    dirs.push(dir);
    const sleeper = taggedSleep();
    tags.push(sleeper.tag);
    const { config, events } = writeConfig(dir, `${monitorSection(dir, `  metrics: { listen: "127.0.0.1:${port}" }\n`)}targets:\n  - name: a\n    command: ${JSON.stringify(sleeper.command)}\n`);
    const m = new MonitorProcess(config, events);
    monitors.push(m);
    const [e] = await m.waitEvents('MetricsUnavailable', (x) => x.event === 'MetricsUnavailable');
    assert.match(String(e!.message), /EADDRINUSE/);
    await waitFor('a running', () => pidOf(config, 'a'));
    busy.close();
  });

  it('an address beyond loopback is refused by psv check unless allowed', () => {
    const dir = tempDir('psv-metrics-');
    dirs.push(dir);
    const { config } = writeConfig(dir, `${monitorSection(dir, '  metrics:\n    listen: "0.0.0.0:9464"\n')}targets: []\n`);
    const r = psv(['check', '-c', config]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`^${config.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: monitor\\.metrics\\.listen: 0\\.0\\.0\\.0 is not a loopback address`, 'm'));
    writeConfig(dir, `${monitorSection(dir, '  metrics:\n    listen: "0.0.0.0:9464"\n    allowRemote: true\n')}targets: []\n`);
    assert.equal(psv(['check', '-c', config]).code, 0);
  });

  it('a real Prometheus scrapes it', { skip: existsSync(PROMETHEUS) ? false : `no ${PROMETHEUS} (Debian prometheus)` }, async () => {
    const sleeper = taggedSleep();
    tags.push(sleeper.tag);
    const { url, dir } = await monitorWithMetrics(`  - name: web\n    command: ${JSON.stringify(sleeper.command)}\n`);
    const target = new URL(url).host;
    const port = await freePort();
    const promConfig = writeFile(join(dir, 'prometheus.yml'), `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: psv\n    static_configs:\n      - targets: ['${target}']\n`);
    const prom = spawn(PROMETHEUS, [`--config.file=${promConfig}`, `--storage.tsdb.path=${join(dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
    children.push(prom);
    const result = await waitForAsync(
      'psv_target_up in Prometheus',
      async () => {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent('psv_target_up{target="web"}')}`);
          const body = (await res.json()) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
          return body.data.result[0];
        } catch {
          return undefined;
        }
      },
      60_000,
    );
    assert.equal(result.value[1], '1');
    assert.equal(result.metric.job, 'psv');
  });
});

function taggedSleepCommand(): string[] {
  const s = taggedSleep();
  tags.push(s.tag);
  return s.command;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
