// The contract between the engine and incident capture.

export type FailureKind = 'exit' | 'kill' | 'stall' | 'restart-failed' | 'start-failed' | 'lost';

export interface FailureReport {
  target: string;
  kind: FailureKind;
  /** Words for the operator, e.g. "signal SIGKILL", "no heartbeat for 30s". */
  reason: string;
  pid: number | null;
  exitCode: number | null;
  signal: string | null;
  /** When the process started and when the failure was seen (ms since epoch). */
  startedAt: number | null;
  failedAt: number;
  command: string[];
  /**
   * The process's command line as the process table showed it, for a process psv
   * did not start (match, pidfile targets: `command` is empty there).
   */
  seenCommandLine?: string;
  cwd: string;
  /** Restarts used in the window / allowed. */
  restarts: number;
  retries: number;
  /** The target's own log file (stdout and stderr), for the tail. */
  logPath: string | null;
  /**
   * The process is still alive (a stall): capture thread stacks and a memory
   * dump before it is killed. The engine waits for record() before killing.
   */
  alive: boolean;
}

export interface IncidentRecorder {
  /** Captures the evidence of one failure; resolves with the incident folder (or null when skipped). */
  record(report: FailureReport): Promise<string | null>;
  /** Resource samples: called by the engine at each check with the live pids of each target. */
  sample(target: string, pids: readonly number[]): void;
  /** Drops what is kept of a target no longer monitored (removed by a reload). */
  forget(target: string): void;
}
