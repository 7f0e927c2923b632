// The contract between the engine and stall detection.

export type ProbeSpec =
  | { kind: 'tcp'; host: string; port: number }
  /** expect: the one status that counts as healthy; 0: any 2xx or 3xx (as Kubernetes does). */
  | { kind: 'http'; url: string; expect: number }
  | { kind: 'command'; command: string[] };

export interface ProbeConfig {
  spec: ProbeSpec;
  everyMs: number;
  timeoutMs: number;
  /** Consecutive failures that make the target stalled. */
  failures: number;
  /** Wait after the process starts before the first probe. */
  initialDelayMs: number;
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
}
