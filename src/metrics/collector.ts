// The monitor's numbers in Prometheus's text format. Gauges are read from the
// status at scrape time, so that nothing is kept up to date between scrapes;
// counters and histograms (prom-client) follow the events as they are emitted.
import { performance } from 'node:perf_hooks';
import { constants } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Counter, Histogram, Registry } from 'prom-client';
import type { StatusResult, TargetStatusInfo } from '../control/protocol.js';
import { TargetState } from '../engine/states.js';
import type { EventBus, EventRecord } from '../events/bus.js';

const TARGET_STATES = Object.values(TargetState);
const GROUP_STATES = ['Running', 'Restarting', 'Failed'] as const;
/** Death → noticed: a few ms when psv is told at once (its children, watched handles), up to the interval when it polls. */
const DETECTION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Noticed → running again: the restart delay and backoff are in it. */
const RESTART_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

export interface MetricsSource {
  /** The monitor's status now (as psv status --json has it). */
  status(): StatusResult;
  events: EventBus;
  version: string;
}

/** What the server asks for at each scrape. */
export interface Metrics {
  /** Every metric in the Prometheus text format, as the pieces of bytes to send in order. */
  body(): Promise<Buffer[]>;
  readonly contentType: string;
}

/** The help lines of the gauges read from the status, in the order they are written. */
const GAUGE_HELP = {
  psv_target_up: 'Whether the target is running (1) or not (0).',
  psv_target_state: 'The target state: one series per state, 1 for the current one.',
  psv_target_retry_budget_remaining: 'Restarts the target may still make within its retry window.',
  psv_target_restarts_in_window: 'Restarts the target made within its retry window.',
  psv_target_last_exit_code: "Exit code of the target's last exit (128 + the signal number for a signal on Linux; absent before the first exit).",
  psv_target_uptime_seconds: "Seconds the target's current process has been running (0 when it is not).",
  psv_target_paused: 'Whether monitoring of the target is paused.',
  psv_group_state: 'The group state: one series per state, 1 for the current one.',
  psv_group_retry_budget_remaining: 'Group restarts the group may still make within its retry window.',
  psv_failover_requested: 'Whether the monitor has handed a failure to the cluster software (1) or not (0).',
} as const;
type GaugeName = keyof typeof GAUGE_HELP;

/** A target's lines that change only with its state, restarts, last exit or pause (not its uptime). */
interface TargetLines {
  key: string;
  label: string;
  up: string;
  /** One line per state, joined. */
  state: string;
  budget: string;
  inWindow: string;
  exit: string | null;
  paused: string;
}

/**
 * The gauges read from the status. They are written here rather than through
 * prom-client's Gauge: at a thousand targets they are 14,000 series, and
 * building prom-client's label objects for each cost 30 ms per scrape. A
 * target's lines are kept until what they show changes, so a scrape writes
 * little more than the uptimes.
 */
class StatusGauges {
  private readonly targets = new Map<string, TargetLines>();
  /** The families that change only with a target's state (everything but the uptimes), as written last, and what they were made from. */
  private stable: { bytes: Buffer; from: TargetLines[]; config: string } | null = null;

  constructor(private readonly info: string) {}

  /** The status gauges: the stable families (kept while no target's lines changed), then the uptimes, groups and failover. */
  render(s: StatusResult): Buffer[] {
    const lines = s.targets.map((t) => this.linesOf(t));
    const kept = this.stable;
    const same = kept !== null && kept.config === s.monitor.config && kept.from.length === lines.length && lines.every((l, k) => l === kept.from[k]);
    if (!same) this.stable = { bytes: Buffer.from(this.stableText(s, lines)), from: lines, config: s.monitor.config };
    const out: string[] = [];
    family(out, 'psv_target_uptime_seconds', GAUGE_HELP.psv_target_uptime_seconds);
    lines.forEach((l, k) => out.push(`psv_target_uptime_seconds{${l.label}} ${(s.targets[k]!.uptimeMs ?? 0) / 1000}`));
    family(out, 'psv_group_state', GAUGE_HELP.psv_group_state);
    for (const g of s.groups) {
      const label = `group="${escapeLabel(g.name)}"`;
      for (const state of GROUP_STATES) out.push(`psv_group_state{${label},state="${state}"} ${g.state === state ? 1 : 0}`);
    }
    family(out, 'psv_group_retry_budget_remaining', GAUGE_HELP.psv_group_retry_budget_remaining);
    for (const g of s.groups) out.push(`psv_group_retry_budget_remaining{group="${escapeLabel(g.name)}"} ${Math.max(0, g.retries - g.restarts)}`);
    family(out, 'psv_failover_requested', GAUGE_HELP.psv_failover_requested);
    out.push(`psv_failover_requested ${s.monitor.failover ? 1 : 0}`);
    // Targets no longer configured are forgotten.
    if (this.targets.size > s.targets.length) {
      const names = new Set(s.targets.map((t) => t.name));
      for (const name of this.targets.keys()) if (!names.has(name)) this.targets.delete(name);
    }
    return [this.stable!.bytes, Buffer.from(`${out.join('\n')}\n`)];
  }

  private stableText(s: StatusResult, lines: TargetLines[]): string {
    const out: string[] = [];
    family(out, 'psv_monitor_info', 'The monitor that answers: always 1, its version and config as labels.');
    out.push(`${this.info}${escapeLabel(s.monitor.config)}"} 1`);
    const each = (name: GaugeName, line: (l: TargetLines) => string | null): void => {
      family(out, name, GAUGE_HELP[name]);
      for (const l of lines) {
        const text = line(l);
        if (text !== null) out.push(text);
      }
    };
    each('psv_target_up', (l) => l.up);
    each('psv_target_state', (l) => l.state);
    each('psv_target_retry_budget_remaining', (l) => l.budget);
    each('psv_target_restarts_in_window', (l) => l.inWindow);
    each('psv_target_last_exit_code', (l) => l.exit);
    each('psv_target_paused', (l) => l.paused);
    return `${out.join('\n')}\n`;
  }

  private linesOf(t: TargetStatusInfo): TargetLines {
    const code = t.lastExit ? (t.lastExit.code ?? 128 + signalNumber(t.lastExit.signal)) : null;
    const key = `${t.state}|${t.retries}|${t.restarts}|${code}|${t.paused}`;
    const kept = this.targets.get(t.name);
    if (kept?.key === key) return kept;
    const label = kept?.label ?? `target="${escapeLabel(t.name)}"`;
    const lines: TargetLines = {
      key,
      label,
      up: `psv_target_up{${label}} ${t.state === TargetState.Running ? 1 : 0}`,
      state: TARGET_STATES.map((state) => `psv_target_state{${label},state="${state}"} ${t.state === state ? 1 : 0}`).join('\n'),
      budget: `psv_target_retry_budget_remaining{${label}} ${Math.max(0, t.retries - t.restarts)}`,
      inWindow: `psv_target_restarts_in_window{${label}} ${t.restarts}`,
      exit: code === null ? null : `psv_target_last_exit_code{${label}} ${code}`,
      paused: `psv_target_paused{${label}} ${t.paused ? 1 : 0}`,
    };
    this.targets.set(t.name, lines);
    return lines;
  }
}

function family(out: string[], name: GaugeName | 'psv_monitor_info', help: string): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
}

/** A label value as the text format wants it: backslash, double quote and newline escaped. */
function escapeLabel(value: string): string {
  return /[\\"\n]/.test(value) ? value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : value;
}

/** psv's metrics and the process's own (CPU, memory, handles). */
export function createMetrics(source: MetricsSource): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const processText = processMetrics();
  const gauges = new StatusGauges(`psv_monitor_info{version="${escapeLabel(source.version)}",config="`);

  const restarts = new Counter({ name: 'psv_target_restarts_total', help: 'Restarts of the target since the monitor started.', labelNames: ['target'], registers });
  const groupRestarts = new Counter({ name: 'psv_group_restarts_total', help: 'Group restarts since the monitor started.', labelNames: ['group'], registers });
  const events = new Counter({ name: 'psv_events_total', help: 'Events emitted since the monitor started, by level (flood-suppressed ones included).', labelNames: ['level'], registers });
  const dropped = new Counter({ name: 'psv_events_dropped_total', help: 'Events a sink could not write (queue full or sink failing).', labelNames: ['sink'], registers });
  const detection = new Histogram({
    name: 'psv_target_detection_seconds',
    help: 'From the last moment the process was known alive to psv noticing its end: the kernel\'s notice for processes psv started or watches by handle, the previous check for those it polls (an upper bound then).',
    labelNames: ['target'],
    buckets: DETECTION_BUCKETS,
    registers,
  });
  const restart = new Histogram({
    name: 'psv_target_restart_seconds',
    help: 'From psv noticing the end of a target to its new process running (restart delay, backoff and restart script included).',
    labelNames: ['target'],
    buckets: RESTART_BUCKETS,
    registers,
  });

  // When each target was noticed down (monotonic ms), until it runs again.
  const downAt = new Map<string, number>();
  source.events.tap((r: EventRecord) => {
    events.inc({ level: r.level });
    const target = typeof r.target === 'string' ? r.target : '';
    switch (r.event) {
      case 'RestartAttempt':
        restarts.inc({ target });
        break;
      case 'GroupRestart':
        groupRestarts.inc({ group: String(r.group) });
        break;
      case 'EventsDropped':
        dropped.inc({ sink: String(r.sink) }, Number(r.count) || 0);
        break;
      case 'TargetDown':
        downAt.set(target, performance.now());
        if (typeof r.detectMs === 'number') detection.observe({ target }, r.detectMs / 1000);
        break;
      case 'TargetStarted':
      case 'TargetAdopted': {
        const since = downAt.get(target);
        if (since !== undefined) restart.observe({ target }, (performance.now() - since) / 1000);
        downAt.delete(target);
        break;
      }
      case 'TargetStopped':
      case 'TargetReset':
        downAt.delete(target);
        break;
    }
  });
  return {
    contentType: registry.contentType,
    body: async () => [...gauges.render(source.status()), Buffer.from(processText()), Buffer.from(await registry.metrics())],
  };
}

/**
 * The monitor process's own CPU, memory and event-loop delay, written by hand:
 * prom-client's default collectors (some twenty families: GC, heap spaces,
 * handles, seven event-loop percentiles) cost about 5 ms a scrape, more than
 * all of psv's own gauges at a thousand targets.
 */
function processMetrics(): () => string {
  const startedAt = (Date.now() - process.uptime() * 1000) / 1000;
  const delay = monitorEventLoopDelay({ resolution: 20 });
  delay.enable();
  const metric = (name: string, type: 'counter' | 'gauge', help: string, value: number): string => `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name} ${value}\n`;
  return () => {
    const cpu = process.cpuUsage();
    // The largest delay since the previous scrape (the histogram is in ns; 0 before the first sample).
    const lagMax = Number.isFinite(delay.max) ? delay.max / 1e9 : 0;
    const lagP99 = delay.count > 0 ? delay.percentile(99) / 1e9 : 0;
    delay.reset();
    return (
      metric('psv_process_cpu_user_seconds_total', 'counter', 'CPU time the monitor process spent in user mode.', cpu.user / 1e6) +
      metric('psv_process_cpu_system_seconds_total', 'counter', 'CPU time the monitor process spent in the kernel.', cpu.system / 1e6) +
      metric('psv_process_cpu_seconds_total', 'counter', 'CPU time of the monitor process, user and kernel.', (cpu.user + cpu.system) / 1e6) +
      metric('psv_process_resident_memory_bytes', 'gauge', 'Resident memory of the monitor process.', process.memoryUsage.rss()) +
      metric('psv_process_heap_used_bytes', 'gauge', 'JavaScript heap the monitor uses.', process.memoryUsage().heapUsed) +
      metric('psv_process_start_time_seconds', 'gauge', 'When the monitor process started, in seconds since the epoch.', Math.round(startedAt)) +
      metric('psv_eventloop_lag_p99_seconds', 'gauge', "99th percentile of the monitor's event-loop delay since the previous scrape (how late its timers and I/O ran).", lagP99) +
      metric('psv_eventloop_lag_max_seconds', 'gauge', "Largest event-loop delay of the monitor since the previous scrape.", lagMax)
    );
  };
}

function signalNumber(signal: string | null): number {
  return signal === null ? 0 : ((constants.signals as Record<string, number | undefined>)[signal] ?? 0);
}
