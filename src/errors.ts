// One error type with a stable code, mapped once to an exit code.

export const EXIT = {
  ok: 0,
  runtime: 1,
  usage: 2,
  noMonitor: 3,
  failover: 4,
  accessDenied: 5,
  /** `psv health`: the monitor answers, but something restarts within its retries. */
  degraded: 6,
} as const;

export type ErrorCode = 'RUNTIME' | 'USAGE' | 'CONFIG_INVALID' | 'NO_MONITOR' | 'FAILOVER' | 'ACCESS_DENIED';

const EXIT_OF: Record<ErrorCode, number> = {
  RUNTIME: EXIT.runtime,
  USAGE: EXIT.usage,
  CONFIG_INVALID: EXIT.usage,
  NO_MONITOR: EXIT.noMonitor,
  FAILOVER: EXIT.failover,
  ACCESS_DENIED: EXIT.accessDenied,
};

export class PsvError extends Error {
  constructor(readonly code: ErrorCode, message: string) {
    super(message);
  }

  get exitCode(): number {
    return EXIT_OF[this.code];
  }
}
