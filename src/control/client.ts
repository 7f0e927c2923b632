// The CLI's side of the control channel.
import { randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { userInfo } from 'node:os';
import { PROTOCOL_VERSION, type ErrorBody, type Response, type Verb } from './protocol.js';

export class NoMonitorError extends Error {
  constructor(
    readonly address: string,
    /** What the OS said (ENOENT, ECONNREFUSED). */
    readonly why: string,
  ) {
    super(`no monitor is running at ${address} (${why})`);
  }
}

/** The OS refused to open the endpoint: it belongs to other users (the first gate). */
export class EndpointAccessError extends Error {
  constructor(readonly address: string, code: string) {
    super(`access denied: this user may not open ${address} (${code})`);
  }
}

export class RemoteError extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message);
  }
}

function whoAmI(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export interface CallOptions {
  token: string | null;
  /** The real path of the config file meant; a monitor running another refuses (WRONG_MONITOR). */
  config?: string | null;
  timeoutMs?: number;
  /** Where the command comes from (recorded in OperatorCommand); absent: the CLI. */
  channel?: 'cli' | 'console';
  /** For streaming verbs: called with each intermediate result; it may set a new timeout (ms from now, 0 for none). */
  onMore?: (result: unknown, call: { setTimeout(ms: number): void }) => void;
}

/**
 * The connection ended before a single byte of answer: the monitor closed it
 * unread (a connection that has not shown the token yet may be closed to make
 * room under a flood), so the request was not carried out and may be sent again.
 */
class DroppedUnanswered extends Error {}

/** How often, and after what pause, a request dropped unanswered is sent again. */
const RESEND_PAUSES_MS = [20, 50, 100, 200, 400];

/** Sends one request and resolves with its final result. */
export async function call(address: string, verb: Verb, args: Record<string, unknown>, opts: CallOptions): Promise<unknown> {
  const deadline = opts.timeoutMs ? Date.now() + opts.timeoutMs : null;
  for (let attempt = 0; ; attempt++) {
    const left = deadline === null ? 0 : Math.max(1, deadline - Date.now());
    try {
      return await callOnce(address, verb, args, { ...opts, timeoutMs: left });
    } catch (err) {
      const pause = RESEND_PAUSES_MS[attempt];
      if (!(err instanceof DroppedUnanswered) || pause === undefined || (deadline !== null && Date.now() + pause >= deadline)) {
        throw err instanceof DroppedUnanswered ? new Error(err.message) : err;
      }
      await new Promise((r) => setTimeout(r, pause));
    }
  }
}

function callOnce(address: string, verb: Verb, args: Record<string, unknown>, opts: CallOptions): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let answered = false;
    let socket: Socket;
    let buffer = '';
    let settled = false;
    const id = randomUUID();
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      socket.destroy();
      fn();
    };
    let timer: NodeJS.Timeout | null = null;
    const setTimer = (ms: number): void => {
      if (timer) clearTimeout(timer);
      timer = ms > 0 ? setTimeout(() => finish(() => reject(new Error(`the monitor did not answer '${verb}' within ${ms} ms`))), ms) : null;
    };
    setTimer(opts.timeoutMs ?? 0);
    try {
      socket = connect(address);
    } catch (err) {
      reject(new NoMonitorError(address, (err as Error).message));
      return;
    }
    socket.setEncoding('utf8');
    socket.on('connect', () => {
      const req = { v: PROTOCOL_VERSION, id, verb, auth: opts.token ?? undefined, user: whoAmI(), pid: process.pid, channel: opts.channel, config: opts.config ?? undefined, args };
      socket.write(JSON.stringify(req) + '\n');
    });
    socket.on('data', (chunk: string) => {
      answered = true;
      buffer += chunk;
      for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        let res: Response;
        try {
          res = JSON.parse(line) as Response;
        } catch {
          finish(() => reject(new Error(`the monitor sent a malformed reply: ${line.slice(0, 200)}`)));
          return;
        }
        if (res.id !== id && res.id !== null) continue;
        if (!res.ok) {
          const body = res.error;
          finish(() => reject(new RemoteError(body)));
        } else if (res.more) {
          opts.onMore?.(res.result, { setTimeout: setTimer });
        } else {
          const result = res.result;
          finish(() => resolve(result));
        }
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      const missing = err.code === 'ENOENT' || err.code === 'ECONNREFUSED';
      const refused = err.code === 'EACCES' || err.code === 'EPERM';
      const dropped = !answered && (err.code === 'EPIPE' || err.code === 'ECONNRESET');
      finish(() =>
        reject(
          missing ? new NoMonitorError(address, err.code!)
          : refused ? new EndpointAccessError(address, err.code!)
          : dropped ? new DroppedUnanswered(`the monitor closed the connection before answering '${verb}' (${err.code})`)
          : err,
        ),
      );
    });
    socket.on('close', () => {
      const message = `the monitor closed the connection before answering '${verb}'`;
      finish(() => reject(answered ? new Error(message) : new DroppedUnanswered(message)));
    });
  });
}
