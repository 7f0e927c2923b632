// The monitor's side of the control channel. Every line is parsed defensively:
// bad input gets an error reply (or a closed connection past the size limit)
// and never reaches the engine.
import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import {
  ControlError,
  MAX_REQUEST_BYTES,
  PROTOCOL_VERSION,
  VERBS,
  type ErrorBody,
  type Request,
  type Response,
  type Verb,
} from './protocol.js';

export interface Caller {
  /**
   * Who sent the request, as far as psv knows: what it verified (the token),
   * then what the request claims about its sender, marked as a claim.
   */
  who: string;
  /**
   * What the request says about its sender ("user root, pid 123"). Nothing
   * verifies it: the OS does not tell Node.js who is at the other end of a
   * local socket or pipe, so it is only ever reported as a claim.
   */
  claimed: string;
  /** The real path of the config file the client means, or null (no check asked for). */
  config: string | null;
  /** Where the command came from: 'cli', 'console' (the web console) or 'signal'; a claim like `claimed`. Absent: 'cli'. */
  channel?: string;
}

/** The request's channel: one of the known words, else 'cli' (a client that says nothing is the CLI). */
function channelOf(req: Request): string {
  return req.channel === 'console' ? 'console' : 'cli';
}

/** A reply stream for verbs that answer more than once (events --follow). */
export interface Stream {
  send(result: unknown): void;
  /** Resolves when the client goes away. */
  closed: Promise<void>;
}

export interface ControlHandler {
  handle(verb: Verb, args: Record<string, unknown>, caller: Caller, stream: Stream): Promise<unknown>;
  /**
   * A request whose token did not match: `claimed` is what it says about its
   * sender, `peer` what the endpoint's access rights say about who could send it.
   */
  denied(claimed: string, verb: string, peer: string): void;
}

export interface ServerOptions {
  token: string;
  /** Who can open the endpoint at all (the platform's words), for the record of a refusal. */
  peer?: string;
  /**
   * Most connections open at once. At the limit, the oldest connection that
   * has not yet shown the token is closed to make room; connections that have
   * are never pushed out by those that have not.
   */
  maxConnections?: number;
  /** An authenticated connection idle this long is closed. */
  idleTimeoutMs?: number;
}

/**
 * How long a connection that has not yet sent a request with the token may
 * stay idle. A client sends its request as soon as it is connected, so this
 * can be short; it keeps idle holders from lingering, and the eviction at the
 * limit keeps them from crowding out the administrators.
 */
const UNAUTHENTICATED_IDLE_MS = 3000;
const DEFAULT_MAX_CONNECTIONS = 256;

/** The claim a request makes about its sender, in words, marked as nothing more. */
// These words reach events (OperatorCommand, AccessDenied) in English; the phrases
// table in manifest/events.yaml has them, so a Japanese message shows them in Japanese.
function claimOf(req: Request): string {
  const parts: string[] = [];
  if (typeof req.user === 'string' && req.user !== '') parts.push(`user ${req.user.slice(0, 64).replace(/[\p{Cc}\p{Cf}]/gu, '?')}`);
  if (Number.isInteger(req.pid)) parts.push(`pid ${req.pid as number}`);
  return parts.length ? parts.join(', ') : 'nothing';
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function errorLine(id: Response['id'], error: ErrorBody): string {
  return JSON.stringify({ v: PROTOCOL_VERSION, id, ok: false, error } satisfies Response) + '\n';
}

export class ControlServer {
  private readonly server: Server;
  /** Every open connection, oldest first. */
  private readonly sockets = new Set<Socket>();
  /** The connections that have not yet sent a request with the token, oldest first. */
  private readonly unauthenticated = new Set<Socket>();
  /** Requests being served, so that closing waits for their replies. */
  private readonly inflight = new Set<Promise<void>>();

  constructor(private readonly handler: ControlHandler, private readonly options: ServerOptions) {
    this.server = createServer((socket) => this.accept(socket));
    this.server.on('error', () => undefined);
  }

  listen(address: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen(address, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
  }

  /** Stops listening; open connections get their pending replies, then are closed. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const grace = new Promise((resolve) => setTimeout(resolve, 2000).unref());
    await Promise.race([Promise.allSettled([...this.inflight]), grace]);
    for (const s of this.sockets) {
      s.end();
      setTimeout(() => s.destroy(), 1000).unref();
    }
    await closed;
  }

  /** Closes a connection and forgets it at once (its 'close' event comes later). */
  private drop(socket: Socket): void {
    this.sockets.delete(socket);
    this.unauthenticated.delete(socket);
    socket.destroy();
  }

  /** Makes room for one more connection; false when every connection is authenticated. */
  private makeRoom(): boolean {
    if (this.sockets.size < (this.options.maxConnections ?? DEFAULT_MAX_CONNECTIONS)) return true;
    const oldest = this.unauthenticated.values().next();
    if (oldest.done) return false;
    this.drop(oldest.value);
    return true;
  }

  private accept(socket: Socket): void {
    socket.on('error', () => undefined);
    if (!this.makeRoom()) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    this.unauthenticated.add(socket);
    socket.on('timeout', () => this.drop(socket));
    socket.setTimeout(UNAUTHENTICATED_IDLE_MS);
    let closedResolve!: () => void;
    const closed = new Promise<void>((r) => (closedResolve = r));
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.unauthenticated.delete(socket);
      closedResolve();
    });
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    socket.on('data', (chunk: Buffer) => {
      let start = 0;
      for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
        const piece = chunk.subarray(start, nl);
        start = nl + 1;
        if (pendingBytes + piece.length > MAX_REQUEST_BYTES) return this.tooLarge(socket);
        const line = pending.length ? Buffer.concat([...pending, piece]).toString('utf8') : piece.toString('utf8');
        pending = [];
        pendingBytes = 0;
        const serving = this.serveLine(socket, line, closed);
        this.inflight.add(serving);
        void serving.finally(() => this.inflight.delete(serving));
      }
      const rest = chunk.subarray(start);
      if (rest.length) {
        pendingBytes += rest.length;
        if (pendingBytes > MAX_REQUEST_BYTES) return this.tooLarge(socket);
        pending.push(Buffer.from(rest));
      }
    });
  }

  private tooLarge(socket: Socket): void {
    socket.end(errorLine(null, { code: 'TOO_LARGE', message: `request line over ${MAX_REQUEST_BYTES} bytes; connection closed` }));
    socket.destroySoon();
    socket.removeAllListeners('data');
  }

  private write(socket: Socket, text: string): void {
    if (!socket.destroyed && socket.writable) socket.write(text);
  }

  private async serveLine(socket: Socket, line: string, closed: Promise<void>): Promise<void> {
    if (line.trim() === '') return;
    let req: Request;
    try {
      req = JSON.parse(line) as Request;
    } catch (err) {
      this.write(socket, errorLine(null, { code: 'BAD_REQUEST', message: `malformed JSON: ${(err as Error).message}` }));
      return;
    }
    if (typeof req !== 'object' || req === null || Array.isArray(req)) {
      this.write(socket, errorLine(null, { code: 'BAD_REQUEST', message: 'a request is a JSON object' }));
      return;
    }
    const id = typeof req.id === 'string' || typeof req.id === 'number' ? req.id : null;
    const claimed = claimOf(req);
    if (req.v !== PROTOCOL_VERSION) {
      this.write(socket, errorLine(id, { code: 'UNSUPPORTED_VERSION', message: `protocol version ${String(req.v)} is not supported; this monitor speaks ${PROTOCOL_VERSION}` }));
      return;
    }
    if (typeof req.auth !== 'string' || !sameToken(req.auth, this.options.token)) {
      this.handler.denied(claimed, typeof req.verb === 'string' ? req.verb.slice(0, 64) : '?', this.options.peer ?? 'not verified');
      this.write(socket, errorLine(id, { code: 'ACCESS_DENIED', message: 'access denied: only the monitor\'s user and administrators may control it' }));
      return;
    }
    if (this.unauthenticated.delete(socket)) socket.setTimeout(this.options.idleTimeoutMs ?? 5 * 60_000);
    if (typeof req.verb !== 'string' || !(VERBS as readonly string[]).includes(req.verb)) {
      this.write(socket, errorLine(id, { code: 'UNKNOWN_VERB', message: `unknown verb '${String(req.verb).slice(0, 64)}'; known verbs: ${VERBS.join(', ')}` }));
      return;
    }
    const caller: Caller = {
      who: `token holder (claims ${claimed}; unverified)`,
      claimed,
      config: typeof req.config === 'string' && req.config !== '' ? req.config.slice(0, 4096) : null,
      channel: channelOf(req),
    };
    const args = typeof req.args === 'object' && req.args !== null && !Array.isArray(req.args) ? req.args : {};
    const stream: Stream = {
      send: (result) => this.write(socket, JSON.stringify({ v: PROTOCOL_VERSION, id, ok: true, result, more: true }) + '\n'),
      closed,
    };
    try {
      const result = await this.handler.handle(req.verb, args, caller, stream);
      this.write(socket, JSON.stringify({ v: PROTOCOL_VERSION, id, ok: true, result } satisfies Response) + '\n');
    } catch (err) {
      const body: ErrorBody =
        err instanceof ControlError
          ? { code: err.code, message: err.message, ...(err.problems ? { problems: err.problems } : {}), ...(err.monitor ? { monitor: err.monitor } : {}) }
          : { code: 'FAILED', message: (err as Error).message ?? String(err) };
      this.write(socket, errorLine(id, body));
    }
  }
}
