// The CLI's side of the control channel.
import { randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { userInfo } from 'node:os';
import { PROTOCOL_VERSION, type ErrorBody, type Response, type Verb } from './protocol.js';

export class NoMonitorError extends Error {
  constructor(readonly address: string, cause: string) {
    super(`no monitor is running at ${address} (${cause})`);
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
  /** For streaming verbs: called with each intermediate result; it may set a new timeout (ms from now, 0 for none). */
  onMore?: (result: unknown, call: { setTimeout(ms: number): void }) => void;
}

/** Sends one request and resolves with its final result. */
export function call(address: string, verb: Verb, args: Record<string, unknown>, opts: CallOptions): Promise<unknown> {
  return new Promise((resolve, reject) => {
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
      const req = { v: PROTOCOL_VERSION, id, verb, auth: opts.token ?? undefined, user: whoAmI(), pid: process.pid, config: opts.config ?? undefined, args };
      socket.write(JSON.stringify(req) + '\n');
    });
    socket.on('data', (chunk: string) => {
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
      finish(() => reject(missing ? new NoMonitorError(address, err.code!) : refused ? new EndpointAccessError(address, err.code!) : err));
    });
    socket.on('close', () => finish(() => reject(new Error(`the monitor closed the connection before answering '${verb}'`))));
  });
}
