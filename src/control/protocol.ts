// The control protocol shared by the monitor's server and the CLI's client:
// one JSON request per line, one JSON response per line.
import type { TargetState } from '../engine/states.js';

export const PROTOCOL_VERSION = 1;
/** A request line longer than this is refused and the connection closed. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

export const VERBS = ['ping', 'status', 'pause', 'resume', 'restart', 'set', 'reset', 'reload', 'stop', 'events', 'heartbeat', 'note'] as const;
export type Verb = (typeof VERBS)[number];

export interface Request {
  v: number;
  id: string | number;
  verb: Verb;
  /** The control token (proves the client may read the monitor's token file). */
  auth?: string;
  /** Who the client says it is: recorded as a claim only, never as a verified caller. */
  user?: string;
  pid?: number;
  /** Where the operator typed the command: 'cli' (the default) or 'console' (the web console); recorded in OperatorCommand. */
  channel?: string;
  /**
   * The config file the client means (its real path); a monitor that runs
   * another config refuses the request (WRONG_MONITOR). Absent: no check.
   */
  config?: string;
  args?: Record<string, unknown>;
}

export type ErrorCode =
  | 'BAD_REQUEST'
  | 'TOO_LARGE'
  | 'UNKNOWN_VERB'
  | 'UNSUPPORTED_VERSION'
  | 'ACCESS_DENIED'
  | 'UNKNOWN_TARGET'
  | 'INVALID'
  | 'CONFIG_REJECTED'
  | 'WRONG_MONITOR'
  | 'FAILED';

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** Config problems as FILE:LINE:COL: message lines, for INVALID and CONFIG_REJECTED. */
  problems?: string[];
  /** WRONG_MONITOR: the monitor that answered, and the config it runs. */
  monitor?: { pid: number; config: string };
}

/** The first answer to `stop`: how long the monitor may take to stop its targets and exit. */
export interface StoppingResult {
  stopping: true;
  pid: number;
  withinMs: number;
  /** The targets still stopping (sent again each time one has stopped), for the client's progress. */
  remaining?: string[];
}

export type Response =
  | { v: number; id: string | number | null; ok: true; result: unknown; more?: boolean }
  | { v: number; id: string | number | null; ok: false; error: ErrorBody };

export interface LastExitInfo {
  code: number | null;
  signal: string | null;
  time: string;
}

export interface InstanceInfo {
  pid: number;
  startedAt: string;
  uptimeMs: number;
}

export interface TargetStatusInfo {
  name: string;
  kind: 'command' | 'match' | 'pidfile' | 'service';
  /** Targets psv did not start: every process it watches for the target (one per instance). */
  instances: InstanceInfo[];
  /** kind 'service': the service manager's own words for its state, else null. */
  service: string | null;
  state: TargetState;
  pid: number | null;
  /** ISO time the current process started, or null. */
  startedAt: string | null;
  uptimeMs: number | null;
  restarts: number;
  retries: number;
  /** The retry window as text (e.g. 24h), for people. */
  window: string;
  /** The retry window in ms, for programs (the PowerShell module reads this one). */
  windowMs: number;
  lastExit: LastExitInfo | null;
  paused: boolean;
  /** Live overrides of the file's values, key → value as given to `psv set`. */
  overrides: Record<string, string>;
  adopted: boolean;
  /** The group the target belongs to, or null. */
  group: string | null;
  /** The targets it needs (group dependencies expanded). */
  dependsOn: string[];
  /** Up long enough (readyAfter) for its dependants to start. */
  ready: boolean;
}

export interface GroupStatusInfo {
  name: string;
  strategy: 'all' | 'rest' | 'one';
  state: 'Running' | 'Restarting' | 'Failed';
  members: string[];
  restarts: number;
  retries: number;
  /** The retry window as text (e.g. 24h), for people. */
  window: string;
  /** The retry window in ms, for programs (the PowerShell module reads this one). */
  windowMs: number;
}

export interface MonitorInfo {
  pid: number;
  version: string;
  config: string;
  startedAt: string;
  control: string;
  intervalMs: number;
  overrides: Record<string, string>;
  /** The failover this monitor has asked for and still stands by (the adapter handled it and the monitor runs on), else null. */
  failover: FailoverInfo | null;
}

/** A failover that was handed to the cluster software and has not been cleared by a reset. */
export interface FailoverInfo {
  scope: 'target' | 'group';
  /** The target or group over its retries. */
  name: string;
  reason: string;
  /** The adapter that carried it (monitor.failover.via). */
  via: string;
  /** ISO time of the request. */
  at: string;
}

export interface StatusResult {
  monitor: MonitorInfo;
  targets: TargetStatusInfo[];
  groups: GroupStatusInfo[];
}

export interface ReloadResult {
  added: string[];
  removed: string[];
  changed: string[];
  unchanged: string[];
}

export class ControlError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly problems?: string[],
    readonly monitor?: ErrorBody['monitor'],
  ) {
    super(message);
  }
}
