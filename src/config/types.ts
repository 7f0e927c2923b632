// The resolved configuration: what the engine reads. Durations are milliseconds,
// paths are absolute. Defaults come from manifest/config.schema.json only.

export type RetryOverAction = 'continue' | 'stop' | 'failover';

export interface BackoffConfig {
  factor: number;
  maxMs: number;
}

export interface RestartConfig {
  /** Restarts allowed within the window. */
  retries: number;
  windowMs: number;
  delayMs: number;
  backoff: BackoffConfig;
  /** Absolute path of a script run before each re-spawn, or null. */
  script: string | null;
  scriptTimeoutMs: number;
}

export interface TargetConfig {
  name: string;
  /** argv: command[0] is the program. */
  command: string[];
  /** Absolute working directory. */
  cwd: string;
  env: Record<string, string>;
  restart: RestartConfig;
  onRetryOver: RetryOverAction;
  /** Grace period between terminate and kill when stopping the tree. */
  stopTimeoutMs: number;
}

export interface EventsConfig {
  /** Absolute path of the JSON Lines event file, or null for none. */
  file: string | null;
  console: boolean;
  language: 'en' | 'ja';
}

export interface LogsConfig {
  /** A target's log file is rotated past this size (bytes). */
  maxBytes: number;
  /** Rotated files kept per target. */
  keep: number;
}

export interface MonitorConfig {
  intervalMs: number;
  /** Absolute directory for state, target logs and incidents. */
  stateDir: string;
  /** Control endpoint override (socket path / pipe name), or null for the default. */
  control: string | null;
  /** A group whose members may control the monitor, or null. */
  adminGroup: string | null;
  events: EventsConfig;
  logs: LogsConfig;
}

export interface PsvConfig {
  /** Absolute path of the file this was loaded from. */
  file: string;
  monitor: MonitorConfig;
  targets: TargetConfig[];
}

/** One problem found in a config file; line and column are 1-based. */
export interface ConfigProblem {
  file: string;
  line: number;
  col: number;
  message: string;
  severity: 'error' | 'warning';
}

export type LoadResult =
  | { ok: true; config: PsvConfig; warnings: ConfigProblem[] }
  | { ok: false; problems: ConfigProblem[] };

export function formatProblem(p: ConfigProblem): string {
  const tag = p.severity === 'warning' ? 'warning: ' : '';
  return `${p.file}:${p.line}:${p.col}: ${tag}${p.message}`;
}
