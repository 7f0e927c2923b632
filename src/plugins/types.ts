// The contract between psv and its plug-ins (docs/plugins.md): what a plug-in
// is, what it is told, and what it answers. A leaf: imports nothing of psv.

/** A program (any language, run without a shell) or a JavaScript plug-in's export. */
export type PluginSpec =
  | { kind: 'program'; argv: string[] }
  /** `file` exports `checks` and/or `actions`; `name` is the entry in the table the caller asks for. */
  | { kind: 'js'; file: string; module: string; name: string };

/** One action of an `on:` block or of a check's `actions`. */
export interface ActionConfig {
  spec: PluginSpec;
  timeoutMs: number;
  /** psv waits for it before it goes on with the target (restart, escalation). */
  wait: boolean;
}

/** Event name → the actions run on it. */
export type HooksConfig = Record<string, ActionConfig[]>;

/** monitor.plugins. */
export interface PluginsConfig {
  /** Folder of JavaScript plug-in modules, or null. */
  dir: string | null;
  /** Heap limit of one JavaScript plug-in run (MiB). */
  memoryMb: number;
}

/** The event a plug-in runs for. */
export interface PluginEvent {
  name: string;
  id: number;
  level: string;
  message: string;
  time: string;
  /** The event's own fields (target, pid, reason, restarts, ...). */
  fields: Record<string, unknown>;
}

/** What a plug-in is told about where it runs: the same in its environment and as JSON on its stdin. */
export interface PluginContext {
  target: string | null;
  /** The instance this run is about (a check runs once per instance). */
  pid: number | null;
  instance: number | null;
  group: string | null;
  kind: string | null;
  stateDir: string;
  config: string;
  /** The incident folder of the failure the event belongs to, when one is recorded. */
  incidentDir: string | null;
  event: PluginEvent | null;
}

export type CheckStatus = 'healthy' | 'unhealthy' | 'unknown';

/** A check's answer, from its exit code and its optional JSON line. */
export interface CheckAnswer {
  status: CheckStatus;
  message: string;
  details: unknown;
}

/** How one run of a plug-in went. `failure` set: it misbehaved (PluginFailed says why). */
export interface PluginRun {
  exitCode: number | null;
  /** What it wrote to stdout (at most the output cap), or a JS plug-in's returned value as JSON. */
  stdout: string;
  failure: string | null;
  ms: number;
}
