// The contract between the engine and stall detection.
import type { ActionConfig, CheckAnswer, PluginSpec } from '../plugins/types.js';

export type ProbeSpec =
  | { kind: 'tcp'; host: string; port: number }
  /** expect: the one status that counts as healthy; 0: any 2xx or 3xx (as Kubernetes does). */
  | { kind: 'http'; url: string; expect: number }
  | { kind: 'command'; command: string[] }
  /** A custom check (docs/plugins.md): a program answering by exit code and JSON, or a JavaScript plug-in's check. */
  | { kind: 'plugin'; plugin: PluginSpec };

/** What `failures` consecutive unhealthy answers lead to. */
export type CheckReaction = 'restart' | 'warn' | 'actions' | 'escalate';

export interface ProbeConfig {
  spec: ProbeSpec;
  everyMs: number;
  timeoutMs: number;
  /** Consecutive failures that make the target stalled. */
  failures: number;
  /** Wait after the process starts before the first probe. */
  initialDelayMs: number;
  onUnhealthy: CheckReaction;
  /** Run with onUnhealthy: actions. */
  actions: ActionConfig[];
}

export interface StallConfig {
  /** WATCHDOG=1 (or a heartbeat) must arrive within this; null: no heartbeat check. */
  heartbeatMs: number | null;
  /** A file whose modification time must advance within heartbeatMs; null: none. */
  file: string | null;
  /** Linux: a process in uninterruptible sleep (D) or a zombie for longer than this is stalled; null: no check. */
  stuckForMs: number | null;
}

export interface ProbeResult {
  ok: boolean;
  /** What was seen, for the event: "connection refused", "HTTP 503", "exit code 2", "timed out after 2s". */
  detail: string;
  /** Neither healthy nor unhealthy (a check's "unknown", or a plug-in that misbehaved): not counted either way. */
  skipped?: boolean;
  /** A custom check's answer. */
  answer?: CheckAnswer;
  /** Why the plug-in misbehaved (for PluginFailed). */
  pluginFailure?: string;
}
