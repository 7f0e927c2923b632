// How the console reaches the monitor: through the control client like the
// CLI (`psv console`), or straight to the monitor's command handler when the
// monitor serves the console itself. Either way every command goes through
// the same ControlHandler, so it is checked and recorded (OperatorCommand,
// channel "console") exactly as the CLI's.
import { call, EndpointAccessError, NoMonitorError, RemoteError } from '../control/client.js';
import { readToken } from '../control/endpoint.js';
import type { ErrorBody, Verb } from '../control/protocol.js';
import { ControlError } from '../control/protocol.js';
import type { ControlHandler } from '../control/server.js';
import type { EventRecord } from '../events/bus.js';
import { platform } from '../platform/index.js';

/** A refusal of the monitor (or its absence), as the console's API reports it. */
export class AccessError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems?: string[],
  ) {
    super(message);
  }
}

export interface MonitorAccess {
  /** One control verb; throws AccessError. `who` says which console session asked (in-process only: the control client states its own claim). */
  call(verb: Verb, args: Record<string, unknown>, who?: string): Promise<unknown>;
  /** Calls `onEvent` with every new event until the returned stop is called; `onEnd` when the feed ends (monitor gone). */
  follow(onEvent: (e: EventRecord) => void, onEnd: () => void): () => void;
}

const STATUS_OF: Record<string, number> = {
  UNKNOWN_TARGET: 404,
  BAD_REQUEST: 400,
  INVALID: 422,
  CONFIG_REJECTED: 422,
  ACCESS_DENIED: 403,
  WRONG_MONITOR: 503,
  TOO_LARGE: 413,
};

function fromBody(body: ErrorBody): AccessError {
  return new AccessError(STATUS_OF[body.code] ?? 500, body.code, body.message, body.problems);
}

/** The monitor at a control address, as the CLI reaches it. */
export function controlAccess(address: string, realConfig: string | null): MonitorAccess {
  const options = (timeoutMs: number): Parameters<typeof call>[3] => ({ token: readToken(platform, address), config: realConfig, channel: 'console', timeoutMs });
  const failure = (err: unknown): AccessError => {
    if (err instanceof NoMonitorError) return new AccessError(503, 'NO_MONITOR', err.message);
    if (err instanceof EndpointAccessError) return new AccessError(403, 'ACCESS_DENIED', err.message);
    if (err instanceof RemoteError) return fromBody(err.body);
    return new AccessError(500, 'FAILED', (err as Error).message);
  };
  return {
    async call(verb, args) {
      try {
        return await call(address, verb, args, options(120_000));
      } catch (err) {
        throw failure(err);
      }
    },
    follow(onEvent, onEnd) {
      let stopped = false;
      // The feed is one long control call; `since` now: only what happens from here on.
      const args = { follow: true, since: new Date().toISOString(), limit: 1 };
      void call(address, 'events', args, { ...options(0), onMore: (e) => !stopped && onEvent(e as EventRecord) })
        .catch(() => undefined)
        .finally(() => !stopped && onEnd());
      return () => {
        stopped = true;
      };
    },
  };
}

/** The monitor this process runs: its own handler, its own bus. */
export function inProcessAccess(handler: ControlHandler, subscribe: (fn: (e: EventRecord) => void) => () => void): MonitorAccess {
  const never = new Promise<void>(() => undefined);
  return {
    async call(verb, args, who = 'console') {
      try {
        return await handler.handle(verb, args, { who, claimed: who, config: null, channel: 'console' }, { send: () => undefined, closed: never });
      } catch (err) {
        if (err instanceof ControlError) throw new AccessError(STATUS_OF[err.code] ?? 500, err.code, err.message, err.problems);
        throw new AccessError(500, 'FAILED', (err as Error).message);
      }
    },
    follow(onEvent) {
      return subscribe(onEvent);
    },
  };
}
