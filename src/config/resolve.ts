// The validated file, its defaults filled in by the schema, into the PsvConfig
// the engine reads: the monitor (events, logs, analysis), the targets
// (resolve-target.ts) and the groups.
import path from 'node:path';
import { localeLanguage } from '../events/language.js';
import { parseDuration, parseSize } from './duration.js';
import type { Problems } from './problems.js';
import { resolveConsole } from './console.js';
import { resolveFailover } from './failover.js';
import { isLoopback, parseListen } from './listen.js';
import { PluginResolver } from './plugins.js';
import { platform } from '../platform/index.js';
import { resolveTarget, type LoadOptions } from './resolve-target.js';
import { deref, isObject, schema, type JsonObject } from './schema.js';
import type { EventSinkKind, GroupConfig, GroupStrategy, MetricsConfig, PsvConfig, RetryOverAction, TargetConfig } from './types.js';
import type { NodeFinder } from './yaml-positions.js';

/**
 * `data` is the file with the schema's defaults filled in; `raw` is the file as written,
 * so that a target falls back to `defaults:` first. Null when a target cannot be resolved (reported).
 */
export function resolve(data: JsonObject, raw: JsonObject, file: string, nodes: NodeFinder, problems: Problems, options: LoadOptions): PsvConfig | null {
  const baseDir = path.dirname(file);
  const m = data.monitor as JsonObject;
  const events = m.events as JsonObject;
  const logs = m.logs as JsonObject;
  const output = m.output as JsonObject;
  const stateDir = path.resolve(baseDir, m.stateDir as string);

  const failover = resolveFailover(m.failover as JsonObject, baseDir, nodes, problems);
  const pluginSettings = PluginResolver.settings(m.plugins as JsonObject, baseDir);
  const plugins = new PluginResolver({ baseDir, plugins: pluginSettings, nodes, problems, isWindows: options.isWindows ?? platform.isWindows, env: options.env ?? process.env });
  const rawMonitor = (raw.monitor ?? {}) as JsonObject;
  const monitor: PsvConfig['monitor'] = {
    intervalMs: parseDuration(m.interval as string | number),
    stateDir,
    control: typeof m.control === 'string' ? (/^\\\\[.?]\\pipe\\/i.test(m.control) ? m.control : path.resolve(baseDir, m.control)) : null,
    adminGroup: (m.adminGroup as string | null) ?? null,
    events: resolveEvents(events, baseDir, stateDir),
    logs: { maxBytes: parseSize(logs.maxSize as string | number), keep: logs.keep as number },
    output: { maxBytes: parseSize(output.maxSize as string | number), keep: output.keep as number },
    analysis: resolveAnalysis(m.analysis as JsonObject, baseDir, stateDir),
    // Null only with a problem reported: the result is then dropped below, after the targets' problems are found too.
    failover: failover!,
    metrics: resolveMetrics(m.metrics as JsonObject | null, nodes, problems),
    console: resolveConsole(m.console as JsonObject | null, nodes, problems),
    plugins: pluginSettings,
    // Unusable hooks are reported: the load fails on them.
    on: plugins.hooks(rawMonitor.on, ['monitor', 'on']) ?? {},
  };

  const defaults = data.defaults as JsonObject;
  const rawDefaults = (isObject(raw.defaults) ? raw.defaults : {}) as JsonObject;
  const rawTargets = (raw.targets ?? []) as JsonObject[];
  const filledTargets = (data.targets ?? []) as JsonObject[];
  if (rawTargets.length === 0) {
    const pos = nodes.position(['targets']);
    problems.add(pos.line, pos.col, 'targets: the list is empty, so there is nothing to monitor', 'warning');
  }
  const targets: TargetConfig[] = [];
  rawTargets.forEach((t, i) => {
    const target = resolveTarget(t, filledTargets[i] ?? t, i, defaults, rawDefaults, baseDir, nodes, problems, options, plugins);
    if (target) targets.push(target);
  });
  if (targets.length !== rawTargets.length || !failover) return null;
  const groups: GroupConfig[] = ((data.groups ?? []) as JsonObject[]).map((g, i) => {
    const restart = g.restart as JsonObject;
    const backoff = restart.backoff as JsonObject;
    return {
      name: g.name as string,
      members: g.members as string[],
      strategy: g.strategy as GroupStrategy,
      restart: {
        retries: restart.retries as number,
        windowMs: parseDuration(restart.window as string | number),
        delayMs: parseDuration(restart.delay as string | number),
        backoff: { factor: backoff.factor as number, maxMs: parseDuration(backoff.max as string | number) },
      },
      onRetryOver: g.onRetryOver as RetryOverAction,
      dependsOn: (g.dependsOn ?? []) as string[],
      on: plugins.hooks(g.on, ['groups', i, 'on']) ?? {},
    };
  });
  for (const g of groups) for (const t of targets) if (g.members.includes(t.name)) t.group = g.name;
  return { file, monitor, targets, groups };
}

/** monitor.analysis: the incident folder (default stateDir/incidents), sizes in bytes, the interval in ms. */
function resolveAnalysis(a: JsonObject, baseDir: string, stateDir: string): PsvConfig['monitor']['analysis'] {
  return {
    dir: typeof a.dir === 'string' ? path.resolve(baseDir, a.dir) : path.join(stateDir, 'incidents'),
    keep: a.keep as number,
    maxBytes: parseSize(a.maxSize as string | number),
    maxDumpBytes: parseSize(a.maxDumpSize as string | number),
    minIntervalMs: parseDuration(a.minInterval as string | number),
    procdump: typeof a.procdump === 'string' ? a.procdump : null,
    dumpType: a.dumpType === 'mini' ? 'mini' : 'full',
  };
}

/** monitor.events: the file in its string or { path, maxSize, keep } form, the language resolved from the OS locale. */
function resolveEvents(events: JsonObject, baseDir: string, stateDir: string): PsvConfig['monitor']['events'] {
  const fileSpec = events.file;
  const fileObject = isObject(fileSpec) ? fileSpec : null;
  const filePath = fileObject ? fileObject.path : fileSpec;
  const fileDefaults = deref(deref(deref(schema.properties?.monitor)?.properties?.events)?.properties?.file)?.properties ?? {};
  const syslog = events.syslog as JsonObject;
  const eventlog = events.eventlog as JsonObject;
  const language = events.language as 'auto' | 'en' | 'ja';
  return {
    file: filePath === false ? null : typeof filePath === 'string' ? path.resolve(baseDir, filePath) : path.join(stateDir, 'events.jsonl'),
    rotate: {
      maxBytes: parseSize((fileObject?.maxSize ?? fileDefaults.maxSize?.default) as string | number),
      keep: (fileObject?.keep ?? fileDefaults.keep?.default) as number,
    },
    console: (events.console as boolean | null) ?? null,
    language: language === 'auto' ? localeLanguage() : language,
    sinks: (events.sinks as EventSinkKind[] | null) ?? null,
    syslog: { address: syslog.address as string, facility: syslog.facility as string },
    eventlog: { source: eventlog.source as string, log: eventlog.log as string },
    floodPerMinute: (events.flood as JsonObject).perMinute as number,
    queue: events.queue as number,
  };
}

/** monitor.metrics: null, or where to serve them; an address beyond loopback only when allowed. */
function resolveMetrics(metrics: JsonObject | null, nodes: NodeFinder, problems: Problems): MetricsConfig | null {
  if (metrics === null || metrics === undefined) return null;
  const listen = metrics.listen as string;
  const allowRemote = metrics.allowRemote === true;
  const parsed = parseListen(listen);
  const at = nodes.position(['monitor', 'metrics', 'listen']);
  if (parsed === null) problems.add(at.line, at.col, `monitor.metrics.listen: '${listen}' is not HOST:PORT with a port from 0 to 65535 (e.g. 127.0.0.1:9464)`);
  else if (!allowRemote && !isLoopback(parsed.host)) {
    problems.add(at.line, at.col, `monitor.metrics.listen: ${parsed.host} is not a loopback address; set allowRemote: true to serve metrics to other hosts`);
  }
  return { listen, allowRemote };
}
