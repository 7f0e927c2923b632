// `psv run`: the monitor in the foreground.
import { loadConfig } from '../config/load.js';
import { formatProblem } from '../config/types.js';
import { EventBus, type EventSink } from '../events/bus.js';
import { ConsoleSink, FileSink } from '../events/sinks.js';
import { Monitor } from '../engine/monitor.js';
import { EXIT } from '../errors.js';
import { platform } from '../platform/index.js';
import { VERSION } from '../version.js';

export async function runMonitor(file: string): Promise<number> {
  const loaded = loadConfig(file);
  if (!loaded.ok) {
    for (const p of loaded.problems) process.stderr.write(formatProblem(p) + '\n');
    return EXIT.usage;
  }
  for (const w of loaded.warnings) process.stderr.write(formatProblem(w) + '\n');
  const config = loaded.config;
  const sinks: EventSink[] = [];
  if (config.monitor.events.file) sinks.push(new FileSink(config.monitor.events.file));
  if (config.monitor.events.console) sinks.push(new ConsoleSink());
  const events = new EventBus(sinks, config.monitor.events.language);
  const monitor = new Monitor(config, { platform, events, version: VERSION });

  // The monitor must not die of its own bugs while it guards other processes.
  process.on('uncaughtException', (err) => events.emit('MonitorError', { error: err.stack ?? String(err) }));
  process.on('unhandledRejection', (err) => events.emit('MonitorError', { error: String(err) }));
  for (const signal of platform.shutdownSignals) {
    process.on(signal, () => void monitor.stop(`signal ${signal}`));
  }

  monitor.start();
  const outcome = await monitor.finished;
  events.close();
  return outcome.kind === 'failover' ? outcome.exitCode : EXIT.ok;
}
