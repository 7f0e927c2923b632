// The monitor's numbers in Prometheus's text format (prom-client). Gauges are
// read from the status at scrape time, so that nothing is kept up to date
// between scrapes; counters and histograms follow the events as they are emitted.
import { performance } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { StatusResult } from '../control/protocol.js';
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

/** A registry with psv's metrics and the process's own (CPU, memory, handles). */
export function createMetrics(source: MetricsSource): Registry {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry, prefix: 'psv_' });
  let status: StatusResult | null = null;
  /** One status per scrape, shared by every gauge that reads it. */
  const current = (): StatusResult => (status ??= source.status());

  new Gauge({
    name: 'psv_monitor_info',
    help: 'The monitor that answers: always 1, its version and config as labels.',
    labelNames: ['version', 'config'],
    registers,
    collect() {
      // First gauge collected in a scrape: the status of the previous scrape is stale.
      status = null;
      this.reset();
      this.set({ version: source.version, config: current().monitor.config }, 1);
    },
  });
  gauge('psv_target_up', 'Whether the target is running (1) or not (0).', ['target'], (set, s) => {
    for (const t of s.targets) set({ target: t.name }, t.state === TargetState.Running ? 1 : 0);
  });
  gauge('psv_target_state', 'The target state: one series per state, 1 for the current one.', ['target', 'state'], (set, s) => {
    for (const t of s.targets) for (const state of TARGET_STATES) set({ target: t.name, state }, t.state === state ? 1 : 0);
  });
  gauge('psv_target_retry_budget_remaining', 'Restarts the target may still make within its retry window.', ['target'], (set, s) => {
    for (const t of s.targets) set({ target: t.name }, Math.max(0, t.retries - t.restarts));
  });
  gauge('psv_target_restarts_in_window', 'Restarts the target made within its retry window.', ['target'], (set, s) => {
    for (const t of s.targets) set({ target: t.name }, t.restarts);
  });
  gauge('psv_target_last_exit_code', 'Exit code of the target\'s last exit (128 + the signal number for a signal on Linux; absent before the first exit).', ['target'], (set, s) => {
    for (const t of s.targets) if (t.lastExit) set({ target: t.name }, t.lastExit.code ?? 128 + signalNumber(t.lastExit.signal));
  });
  gauge('psv_target_uptime_seconds', 'Seconds the target\'s current process has been running (0 when it is not).', ['target'], (set, s) => {
    for (const t of s.targets) set({ target: t.name }, (t.uptimeMs ?? 0) / 1000);
  });
  gauge('psv_target_paused', 'Whether monitoring of the target is paused.', ['target'], (set, s) => {
    for (const t of s.targets) set({ target: t.name }, t.paused ? 1 : 0);
  });
  gauge('psv_group_state', 'The group state: one series per state, 1 for the current one.', ['group', 'state'], (set, s) => {
    for (const g of s.groups) for (const state of GROUP_STATES) set({ group: g.name, state }, g.state === state ? 1 : 0);
  });
  gauge('psv_group_retry_budget_remaining', 'Group restarts the group may still make within its retry window.', ['group'], (set, s) => {
    for (const g of s.groups) set({ group: g.name }, Math.max(0, g.retries - g.restarts));
  });
  gauge('psv_failover_requested', 'Whether the monitor has handed a failure to the cluster software (1) or not (0).', [], (set, s) => set({}, s.monitor.failover ? 1 : 0));

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
  return registry;

  function gauge(name: string, help: string, labelNames: string[], fill: (set: (labels: Record<string, string>, value: number) => void, s: StatusResult) => void): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers,
      collect() {
        this.reset();
        fill((labels, value) => this.set(labels, value), current());
      },
    });
  }
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15 };

function signalNumber(signal: string | null): number {
  return signal === null ? 0 : (SIGNALS[signal] ?? 0);
}
