// Who may use the console: the holder of the one-time login token gets a
// session cookie; every API request must carry it, every state-changing one
// also the session's CSRF header. Requests from other origins (a page on
// another site posting to 127.0.0.1) and under another Host name (DNS
// rebinding) are refused before anything else.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { hostname } from 'node:os';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** Sessions kept at most; the oldest goes first (each login makes one). */
const MAX_SESSIONS = 64;

export interface Session {
  id: string;
  csrf: string;
  /** Where the browser logged in from, for the operator record. */
  peer: string;
}

export interface Refusal {
  status: number;
  code: string;
  message: string;
}

function secret(): string {
  return randomBytes(32).toString('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The host as a URL writes it: IPv6 in brackets. */
export function urlHost(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

export class Gate {
  private token: string | null = secret();
  private readonly sessions = new Map<string, Session>();
  /** Host header values this console answers to. */
  private readonly hosts: Set<string>;
  /** Cookies are shared by every port of a host: the name carries the port, so two consoles never overwrite each other's. */
  readonly cookieName: string;

  constructor(
    private readonly host: string,
    readonly port: number,
    /** Called with a fresh token after the current one was used (the monitor's console.url keeps an unused one). */
    private readonly onTokenUsed?: (fresh: string) => void,
  ) {
    this.cookieName = `psv_session_${port}`;
    const names = [urlHost(host)];
    if (host === '127.0.0.1' || host === '::1' || host === 'localhost') names.push('localhost', '127.0.0.1', '[::1]');
    this.hosts = new Set(names.map((n) => `${n}:${port}`.toLowerCase()));
  }

  /** The login token while it is unused (printed once as part of the URL). */
  loginToken(): string | null {
    return this.token;
  }

  /** A wildcard listen address answers to any address of this machine, by IP or by its name. */
  private hostAllowed(value: string): boolean {
    const v = value.toLowerCase();
    if (this.hosts.has(v)) return true;
    if (this.host !== '0.0.0.0' && this.host !== '::') return false;
    const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+):(\d+)$/.exec(v);
    if (!m || Number(m[2]) !== this.port) return false;
    const name = m[1]!.replace(/^\[|\]$/g, '');
    const own = hostname().toLowerCase();
    return isIP(name) !== 0 || name === 'localhost' || name === own || name.startsWith(`${own}.`);
  }

  /** The checks every request passes first: Host, Origin, Sec-Fetch-Site. */
  origin(req: IncomingMessage): Refusal | null {
    const host = req.headers.host ?? '';
    if (!this.hostAllowed(host)) return { status: 403, code: 'ACCESS_DENIED', message: `Host '${host.slice(0, 100)}' is not this console's address` };
    const origin = req.headers.origin;
    if (origin !== undefined && origin.toLowerCase() !== `http://${host.toLowerCase()}`) {
      return { status: 403, code: 'ACCESS_DENIED', message: 'cross-origin requests are refused' };
    }
    const site = req.headers['sec-fetch-site'];
    if (site === 'cross-site' || site === 'same-site') return { status: 403, code: 'ACCESS_DENIED', message: 'cross-site requests are refused' };
    return null;
  }

  /** Trades the one-time token for a session; null when the token is wrong or used. */
  login(token: unknown, peer: string): Session | null {
    if (typeof token !== 'string' || this.token === null || !same(token, this.token)) return null;
    this.token = null;
    const session: Session = { id: secret(), csrf: secret(), peer };
    this.sessions.set(session.id, session);
    if (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    if (this.onTokenUsed) {
      this.token = secret();
      this.onTokenUsed(this.token);
    }
    return session;
  }

  cookie(session: Session): string {
    return `${this.cookieName}=${session.id}; HttpOnly; SameSite=Strict; Path=/`;
  }

  /** The request's session from its cookie, or null. */
  session(req: IncomingMessage): Session | null {
    const header = req.headers.cookie ?? '';
    for (const part of header.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0 || part.slice(0, eq).trim() !== this.cookieName) continue;
      const found = this.sessions.get(part.slice(eq + 1).trim());
      if (found) return found;
    }
    return null;
  }

  /** A state-changing request must repeat the session's CSRF secret in a header no other site can set. */
  csrfOk(req: IncomingMessage, session: Session): boolean {
    const given = req.headers['x-psv-csrf'];
    return typeof given === 'string' && same(given, session.csrf);
  }
}
