// The resolved configuration: what the engine reads. Durations are milliseconds,
// paths are absolute. Defaults come from manifest/config.schema.json only.

export type RetryOverAction = 'continue' | 'stop' | 'failover';

export interface BackoffConfig {
  factor: number;
  maxMs: number;
}

/** What kind of process a target is, and so how psv watches and restores it. */
import type { RunAs } from '../platform/types.js';
import type { ProbeConfig, StallConfig } from '../probes/types.js';
import type { ScriptUser } from './run-as.js';
import { say } from '../i18n/say.js';
import type { HooksConfig, PluginsConfig } from '../plugins/types.js';

export type TargetKind = 'command' | 'match' | 'pidfile' | 'service';

/** How to recognise processes psv did not start. */
export interface MatchSpec {
  /**
   * Image name: exact (case-insensitive on Windows) or a glob with * and ?,
   * compared with the process's executable base name (e.g. "java", "java.exe").
   * null: any name.
   */
  name: string | null;
  /** Regular expression (source) tested against the full command line; null: any. */
  args: string | null;
  /** User name the process must run as; null: any. */
  user: string | null;
}

export interface InstancesConfig {
  /** Fewer running than this: the missing ones are restored. */
  min: number;
  /** More running than this: a Warning (and onExcess). null: no upper bound. */
  max: number | null;
}

/** Which exits count as failures (OTP): every one, every one but exit 0, none. */
export type RestartType = 'permanent' | 'transient' | 'temporary';

export interface RestartConfig {
  type: RestartType;
  /** Restarts allowed within the window. */
  retries: number;
  windowMs: number;
  delayMs: number;
  backoff: BackoffConfig;
  /** Absolute path of a script run before each re-spawn, or null. */
  script: string | null;
  scriptTimeoutMs: number;
  /**
   * For targets psv did not start: a command (argv) that restores the
   * process, as an alternative to script. null when not set.
   */
  command: string[] | null;
  /** For targets psv did not start: how long to wait for the restored process to be found. */
  confirmTimeoutMs: number;
}

/**
 * What every target has. The kind-specific fields are present on every kind
 * (null, empty or default where the kind does not read them), so a resolved
 * target reads the same whatever its kind; each kind's variant below narrows
 * the fields it reads.
 */
interface TargetBase {
  name: string;
  kind: TargetKind;
  /** argv: command[0] is the program. Empty unless kind is 'command'. */
  command: string[];
  /** kind 'match': which processes; kind 'pidfile': optional check of the pid it names. Else null. */
  match: MatchSpec | null;
  /** kind 'pidfile': absolute path of the file holding the pid. Else null. */
  pidfile: string | null;
  /** kind 'service': the Windows service name or systemd unit. Else null. */
  service: string | null;
  /** kind 'service': restart a service even when it was stopped on purpose through the service manager. */
  restartWhenStopped: boolean;
  /** kind 'match': the number of instances required; null means exactly "at least one". */
  instances: InstancesConfig | null;
  /** kind 'match': what to do with instances over instances.max. */
  onExcess: 'warn' | 'kill-newest';
  /** Absolute working directory. */
  cwd: string;
  /** The env files' variables with `env` over them. */
  env: Record<string, string>;
  restart: RestartConfig;
  onRetryOver: RetryOverAction;
  /** Grace period between terminate and kill when stopping the tree. */
  stopTimeoutMs: number;
  /** What asks the tree to stop (before the kill after stopTimeoutMs). */
  stopSignal: NodeJS.Signals;
  /** The command's user, groups, umask, nice and limits as ids and numbers; null: as the monitor. */
  runAs: RunAs | null;
  /** HOME, USER and LOGNAME of `user` (env files and env override them); empty without user. */
  userEnv: Record<string, string>;
  /** Who restart scripts, restore commands and command probes run as; null: as the monitor. */
  scriptUser: ScriptUser | null;
  /** Targets (or groups) this one needs, as written. */
  dependsOn: string[];
  /** How long the target must be up before its dependants may start. */
  readyAfterMs: number;
  /** `readyAfter: notify`: ready when the target says READY=1 (sd_notify), not after a time. */
  readyOnNotify: boolean;
  /** The group the target belongs to, or null. */
  group: string | null;
  /** Hung-process detection: heartbeat, heartbeat file, stuck state. */
  stall: StallConfig;
  /** Health probes (tcp, http, command). */
  probes: ProbeConfig[];
  /** Actions run on this target's events (docs/plugins.md). */
  on: HooksConfig;
}

/** A process psv starts itself. */
export interface CommandTargetConfig extends TargetBase {
  kind: 'command';
  match: null;
  pidfile: null;
  service: null;
  instances: null;
}

/** Processes psv did not start, found by name, arguments and user. */
export interface MatchTargetConfig extends TargetBase {
  kind: 'match';
  match: MatchSpec;
  pidfile: null;
  service: null;
}

/** A process psv did not start, found through the pid its pidfile names. */
export interface PidfileTargetConfig extends TargetBase {
  kind: 'pidfile';
  pidfile: string;
  service: null;
  instances: null;
}

/** A service the OS service manager runs. */
export interface ServiceTargetConfig extends TargetBase {
  kind: 'service';
  service: string;
  match: null;
  pidfile: null;
  instances: null;
}

export type TargetConfig = CommandTargetConfig | MatchTargetConfig | PidfileTargetConfig | ServiceTargetConfig;

/** The targets psv did not start: it watches them and restores them when lost. */
export type WatchedTargetConfig = MatchTargetConfig | PidfileTargetConfig | ServiceTargetConfig;

export type GroupStrategy = 'all' | 'rest' | 'one';

export interface GroupConfig {
  name: string;
  members: string[];
  strategy: GroupStrategy;
  /** The group's own budget of group restarts. */
  restart: { retries: number; windowMs: number; delayMs: number; backoff: BackoffConfig };
  onRetryOver: RetryOverAction;
  /** Targets or groups every member needs. */
  dependsOn: string[];
  /** Actions run on the events of the group and its members. */
  on: HooksConfig;
}

export type EventSinkKind = 'eventlog' | 'syslog' | 'file' | 'console';

export interface EventsConfig {
  /** Absolute path of the JSON Lines event file, or null for none. */
  file: string | null;
  /** Rotation of the event file: past maxBytes (0: never) it becomes FILE.1; keep rotated files are kept. */
  rotate: { maxBytes: number; keep: number };
  /** With the default sinks, print events on the console too; null: only in the foreground (not under psv start). */
  console: boolean | null;
  /** 'auto' in the config is resolved from the OS locale. */
  language: 'en' | 'ja';
  /** The sinks as listed, or null for the OS default (eventlog/syslog + file, + console when console is on). */
  sinks: EventSinkKind[] | null;
  syslog: { address: string; facility: string };
  eventlog: { source: string; log: string };
  /** Same event for the same target more than this many times a minute is summarised; 0: off. */
  floodPerMinute: number;
  /** Events each sink may have waiting before it drops. */
  queue: number;
}

export interface LogsConfig {
  /** A target's log file is rotated past this size (bytes). */
  maxBytes: number;
  /** Rotated files kept per target. */
  keep: number;
}

export interface AnalysisConfig {
  /** Folder for incident folders (the reference product's dump location); default stateDir/incidents. */
  dir: string;
  /** Incidents kept (oldest removed first). */
  keep: number;
  /** All incidents together at most this many bytes. */
  maxBytes: number;
  /** A memory dump larger than this is not kept (bytes). */
  maxDumpBytes: number;
  /** At most one full capture (dumps) per target per this period; lighter summaries in between. */
  minIntervalMs: number;
  /** Windows: path of ProcDump (procdump64.exe) when configured, else null. */
  procdump: string | null;
  /** Windows: all memory in the dump, or stacks, threads, modules and what they point at. */
  dumpType: 'full' | 'mini';
}

export type FailoverVia = 'exit' | 'pacemaker' | 'clusterpro' | 'wsfc' | 'command';

/** monitor.failover: how a failover reaches the cluster software (src/escalation/). */
export interface FailoverConfig {
  via: FailoverVia;
  /** After the adapter told the cluster: run on (the failed target stays Failed) or stop and exit. */
  then: 'stay' | 'exit';
  /** The monitor's exit code for a failover, the adapters' fallback included. */
  exitCode: number;
  /** The adapter's command is killed past this. */
  timeoutMs: number;
  /** resource/node null: from the OCF agent's environment at the time of the failover. */
  pacemaker: { action: 'report' | 'fail' | 'ban'; resource: string | null; node: string | null; crmResource: string };
  clusterpro: {
    action: 'notice' | 'move';
    clprexec: string;
    clpgrp: string;
    /** The message receive monitor resource's name, or null to notify by category. */
    monitor: string | null;
    category: string;
    keyword: string | null;
    /** -h: the server that takes the request, or null (local). */
    host: string | null;
    group: string | null;
    /** -a: where clpgrp -m moves the group, or null (the failover policy). */
    server: string | null;
    args: string[];
  };
  wsfc: { action: 'fail' | 'move'; resource: string | null; group: string | null; node: string | null; powershell: string };
  /** run: argv, set when via is command. */
  command: { run: string[] | null };
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
  /** Rotation of stateDir/monitor.log, the output of a monitor started in the background. */
  output: LogsConfig;
  analysis: AnalysisConfig;
  failover: FailoverConfig;
  /** Where the Prometheus metrics are served, or null for nowhere. */
  metrics: MetricsConfig | null;
  /** monitor.console: the web console the monitor serves itself, or null for none. */
  console: ConsoleConfig | null;
  /** JavaScript plug-ins. */
  plugins: PluginsConfig;
  /** Actions run on any event. */
  on: HooksConfig;
}

export interface MetricsConfig {
  /** host:port (or a bare port on 127.0.0.1). */
  listen: string;
  /** An address other than loopback was allowed on purpose. */
  allowRemote: boolean;
}

/** Where the web console listens (monitor.console, or psv console --listen). */
export interface ConsoleConfig {
  host: string;
  port: number;
  allowRemote: boolean;
}

export interface PsvConfig {
  /** Absolute path of the file this was loaded from. */
  file: string;
  monitor: MonitorConfig;
  targets: TargetConfig[];
  groups: GroupConfig[];
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
  const tag = p.severity === 'warning' ? say({ en: 'warning: ', ja: '警告: ' }) : '';
  return `${p.file}:${p.line}:${p.col}: ${tag}${p.message}`;
}
