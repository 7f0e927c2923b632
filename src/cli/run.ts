// `psv run`: the monitor in the foreground, with its control server.
import { compactHeapWhenSettled } from '../engine/heap.js';
import { loadConfig } from '../config/load.js';
import { formatProblem, type MetricsConfig, type PsvConfig } from '../config/types.js';
import { isLoopback, parseListen } from '../config/listen.js';
import { call, NoMonitorError } from '../control/client.js';
import { monitorEndpoint, newToken, readToken } from '../control/endpoint.js';
import { ControlServer } from '../control/server.js';
import { Commands } from '../engine/commands.js';
import { Monitor } from '../engine/monitor.js';
import { createEscalation } from '../escalation/create.js';
import { Recorder } from '../analysis/recorder.js';
import { EventBus } from '../events/bus.js';
import { createEventBus } from '../events/setup.js';
import { ConsoleSink } from '../events/sinks.js';
import { boundOutputFile, OUTPUT_LOG_ENV } from './output-bound.js';
import { EXIT, PsvError } from '../errors.js';
import { platform } from '../platform/index.js';
import { onToolFailure } from '../platform/tools.js';
import { VERSION } from '../version.js';
import { phrase } from '../events/phrases.js';
import { outputLanguage, say } from '../i18n/say.js';

/** The monitor's event bus: the sinks `monitor.events` asks for, each behind its own bounded queue. */
function eventsFor(config: PsvConfig, background: boolean, utc: boolean): EventBus {
  return createEventBus(config.monitor.events, { isWindows: platform.isWindows, background, utc });
}

/** Fails when another monitor already answers at `address`. */
async function ensureNotRunning(address: string): Promise<void> {
  try {
    const pong = (await call(address, 'ping', {}, { token: readToken(platform, address), timeoutMs: 5000 })) as { pid: number; config?: string };
    throw new PsvError('RUNTIME', say({ en: 'a monitor is already running at {address} (pid {pid}{config})', ja: '{address} ではすでにモニタが動作しています (pid {pid}{config})' }, { address, pid: pong.pid, config: pong.config ? say({ en: ', config {c}', ja: '、設定 {c}' }, { c: pong.config }) : '' }));
  } catch (err) {
    if (err instanceof NoMonitorError) return;
    if (err instanceof PsvError) throw err;
    // Something answers but not as a monitor we can talk to: refuse to take its address.
    throw new PsvError('RUNTIME', say({ en: '{address} is in use ({error})', ja: '{address} は使用中です ({error})' }, { address, error: (err as Error).message }));
  }
}

/** monitor.console: the web console inside the monitor (loaded only when configured). */
async function serveConsole(config: PsvConfig, commands: Commands, events: EventBus): Promise<{ close(): Promise<void> } | null> {
  const { monitorConsole } = await import('../console/start.js');
  return monitorConsole({
    listen: config.monitor.console!,
    configPath: config.file,
    stateDir: config.monitor.stateDir,
    incidentsDir: config.monitor.analysis.dir,
    language: config.monitor.events.language,
    handler: commands,
    events,
  });
}

export async function runMonitor(file: string, utc = false): Promise<number> {
  // Set by psv start: this monitor's stdout and stderr are that file. Not passed on to targets.
  const outputFile = process.env[OUTPUT_LOG_ENV] || null;
  delete process.env[OUTPUT_LOG_ENV];
  const loaded = loadConfig(file);
  if (!loaded.ok) {
    for (const p of loaded.problems) process.stderr.write(formatProblem(p) + '\n');
    const errors = loaded.problems.filter((p) => p.severity === 'error');
    new EventBus([new ConsoleSink(process.stderr, utc, outputLanguage())], outputLanguage()).emit('ConfigInvalid', {
      config: file,
      problems: errors.length,
      first: errors[0] ? formatProblem(errors[0]) : '',
    });
    return EXIT.usage;
  }
  for (const w of loaded.warnings) process.stderr.write(formatProblem(w) + '\n');
  const config = loaded.config;
  if (outputFile !== null) boundOutputFile(outputFile, config.monitor.output.maxBytes, config.monitor.output.keep);
  const endpoint = monitorEndpoint(platform, config.monitor);
  if (endpoint === null) throw new PsvError('USAGE', say({ en: 'no control address: set monitor.control or PSV_CONTROL', ja: '制御アドレスがありません: monitor.control または PSV_CONTROL を設定してください' }));
  const { address, ownFolder } = endpoint;
  await ensureNotRunning(address);

  const events = eventsFor(config, outputFile !== null, utc);
  // A system tool that cannot run (taskkill, sc, PowerShell) is an event, never a monitor failure.
  onToolFailure((tool, error) => events.emit('ToolFailed', { tool, error }));
  const childWatch = platform.childWatch();
  const recorder = new Recorder(config.monitor.analysis, events, platform, VERSION, Date.now, childWatch ? { childReadings: (pid) => childWatch.readings(pid) } : {});
  const escalation = createEscalation(config.monitor.failover, { events, config: config.file });
  const monitor = new Monitor(config, { platform, events, version: VERSION, controlAddress: address, recorder, escalation });
  const commands = new Commands({
    monitor,
    events,
    platform,
    eventsFile: config.monitor.events.file,
    loadConfig: () => {
      const reloaded = loadConfig(config.file);
      compactHeapWhenSettled(() => monitor.settled());
      return reloaded;
    },
  });
  const token = newToken();
  const tokenPath = platform.controlTokenPath(address);
  let server: ControlServer;
  try {
    const peer = platform.prepareControlEndpoint(address, tokenPath, token, config.monitor.adminGroup, ownFolder);
    server = new ControlServer(commands, { token, peer });
    await server.listen(address);
    platform.openControlEndpoint(address, config.monitor.adminGroup);
  } catch (err) {
    throw new PsvError('RUNTIME', say({ en: 'cannot open the control endpoint {address}: {error}', ja: '制御エンドポイント {address} を開けません: {error}' }, { address, error: (err as Error).message }));
  }

  // stderr may be a file on a full disk (psv start sends it to monitor.log) or a pipe nobody reads:
  // a warning it refuses is lost, not an uncaught exception reported as a MonitorError. (stdout has
  // its listener in main.ts; the console sink counts its own failed writes.)
  process.stderr.on('error', () => undefined);
  // The monitor must not die of its own bugs while it guards other processes.
  process.on('uncaughtException', (err) => events.emit('MonitorError', { error: err.stack ?? String(err) }));
  process.on('unhandledRejection', (err) => events.emit('MonitorError', { error: String(err) }));
  for (const signal of platform.shutdownSignals) {
    process.on(signal, () => void monitor.stop(phrase('Signal', { signal })));
  }
  if (platform.reloadSignal) {
    process.on(platform.reloadSignal, () => {
      const signal = phrase('Signal', { signal: String(platform.reloadSignal) });
      commands.handle('reload', {}, { who: signal, claimed: signal, config: null, channel: 'signal' }, { send: () => undefined, closed: new Promise(() => undefined) }).catch(() => undefined);
    });
  }

  try {
    await monitor.start();
  } catch (err) {
    // A monitor that failed to take up its targets must not linger behind the
    // control endpoint, answering but watching nothing. Exit at once, before
    // the half-done state is saved, so that the next start adopts from the
    // state the previous monitor left.
    const error = (err as Error).stack ?? String(err);
    events.emit('MonitorError', { error });
    process.stderr.write(say({ en: 'psv: the monitor could not take up its targets: {error}', ja: 'psv: モニタが監視対象を引き継げませんでした: {error}' }, { error }) + '\n');
    await events.close();
    process.exit(EXIT.runtime);
  }
  compactHeapWhenSettled(() => monitor.settled());
  const metrics = config.monitor.metrics ? await serveMetrics(config.monitor.metrics, monitor, events) : null;
  const webConsole = config.monitor.console ? await serveConsole(config, commands, events) : null;
  const outcome = await monitor.finished;
  await metrics?.close();
  await webConsole?.close();
  await server.close();
  platform.removeControlEndpoint(address, tokenPath, ownFolder);
  await events.close();
  return outcome.kind === 'failover' ? outcome.exitCode : EXIT.ok;
}

/** Serves /metrics for Prometheus; a port that cannot be had is an event, never a monitor failure. */
async function serveMetrics(metrics: MetricsConfig, monitor: Monitor, events: EventBus): Promise<{ close(): Promise<void> } | null> {
  const { createMetrics } = await import('../metrics/collector.js');
  const { MetricsServer } = await import('../metrics/server.js');
  const server = new MetricsServer(createMetrics({ status: () => monitor.status(), events, version: VERSION }));
  try {
    events.emit('MetricsServed', { url: await server.listen(metrics.listen) });
    if (metrics.allowRemote && !isLoopback(parseListen(metrics.listen)?.host ?? '')) events.emit('MetricsExposed', { listen: metrics.listen });
    return server;
  } catch (err) {
    events.emit('MetricsUnavailable', { listen: metrics.listen, error: (err as Error).message });
    return null;
  }
}
