// Types of psv's JavaScript plug-in interface (docs/plugins.md). A plug-in is
// an ES module (MODULE.mjs, or MODULE.js) in monitor.plugins.dir that exports
// `checks` and/or `actions`; the config names one as `plugin: MODULE.NAME`.
// Each call runs in a worker thread of psv's own runtime, with a heap limit
// (monitor.plugins.memory) and the check's or action's timeout.

/** An event of psv's catalog (docs/events.md), as a hook receives it. */
export interface PsvEvent {
  /** The event's name: TargetDown, RetryOver, StallDetected, ... */
  name: string;
  id: number;
  level: 'Information' | 'Warning' | 'Error';
  message: string;
  /** ISO 8601. */
  time: string;
  /** The event's own fields (target, pid, reason, restarts, ...). */
  fields: Record<string, unknown>;
}

/** What every check and action is told; programs get the same in PSV_* variables and as JSON on stdin. */
export interface PsvContext {
  /** The target's name, or null for a monitor-wide event without one. */
  target: string | null;
  /** The process this run is about. */
  pid: number | null;
  /** Which instance of the target (0 for a target with one process). */
  instance: number | null;
  group: string | null;
  /** command, match, pidfile or service. */
  kind: string | null;
  /** The monitor's state folder. */
  stateDir: string;
  /** The monitor's config file. */
  config: string;
  /** The incident folder of the failure the event belongs to, when one is recorded. */
  incidentDir: string | null;
  /** The event an action runs for (checks: null). */
  event: PsvEvent | null;
}

/** A check's answer: unknown is neither healthy nor unhealthy (the check is skipped). */
export interface PsvCheckResult {
  status: 'healthy' | 'unhealthy' | 'unknown';
  /** One line for the event (CheckUnhealthy) and the incident. */
  message?: string;
  /** Anything JSON can carry; it goes into the event's details. */
  details?: unknown;
}

/** A check: true/false is healthy/unhealthy. Throwing, hanging or returning anything else is PluginFailed. */
export type PsvCheck = (context: PsvContext) => PsvCheckResult | boolean | Promise<PsvCheckResult | boolean>;

/** An action: its return value is ignored; throwing or hanging is PluginFailed. */
export type PsvAction = (context: PsvContext) => unknown | Promise<unknown>;

export type PsvChecks = Record<string, PsvCheck>;
export type PsvActions = Record<string, PsvAction>;
