// The console's HTTP server: static pages for anyone (the page must load to
// log in), everything under /api/ behind the session, and every request
// behind the Host and Origin checks. One handler per route; each state-
// changing one reaches the monitor through the same control verbs as the CLI.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import schemaJson from '../../manifest/config.schema.json' with { type: 'json' };
import { findIncident, incidentZip } from '../analysis/export.js';
import { listIncidents } from '../analysis/store.js';
import type { Language } from '../events/language.js';
import { PsvError } from '../errors.js';
import { VERSION } from '../version.js';
import { AccessError, type MonitorAccess } from './access.js';
import { consoleAsset, contentType } from './assets.js';
import { Gate, type Session } from './auth.js';
import { checkText, diffText, examples, graphOf, mustBeValid, readConfigText, saveAtomically } from './config-api.js';
import { HttpError, readJson, SECURITY_HEADERS, sendError, sendJson, textField } from './http.js';
import { pastEvents } from './events.js';
import { StatusFeed } from './stream.js';

export interface ConsoleOptions {
  host: string;
  port: number;
  /** The config file the console edits and whose monitor it shows (absolute). */
  configPath: string;
  access: MonitorAccess;
  /** The monitor's event file, read when no monitor answers (as psv events does), or null. */
  eventsFile: string | null;
  /** Where the monitor keeps its incidents (monitor.analysis.dir). */
  incidentsDir: string;
  /** Folders to look for example configs in, first found wins. */
  examplesDirs: string[];
  language: Language;
  /** Serve the page from this folder instead of the build's (a UI under development; tests). */
  assetDir?: string;
  /** A fresh login token after each login (the monitor keeps an unused one in console.url); absent: one login per start. */
  onTokenUsed?: (url: string) => void;
}

type Handler = (req: IncomingMessage, res: ServerResponse, m: RegExpExecArray, session: Session) => Promise<unknown>;

interface Route {
  method: 'GET' | 'POST';
  path: RegExp;
  run: Handler;
}

const ACTIONS = new Set(['pause', 'resume', 'restart', 'reset']);
/** Events that tell a target's restart history. */
const HISTORY_EVENTS = new Set(['TargetDown', 'RestartAttempt', 'TargetStarted', 'RestartFailed', 'RetryOver', 'TargetNotRestarted', 'TargetReset', 'GroupRestart']);
/** Static names the page may load; anything else under / is the page itself (client-side routes). */
const STATIC_RE = /^\/([A-Za-z0-9_-][A-Za-z0-9_.-]*\.(?:js|css|svg|png|map|json))$/;

export class ConsoleServer {
  /** Made once the port is known (listen 0 picks one): the Host checks and the cookie's name need it. */
  private gate!: Gate;
  private readonly server: Server;
  private readonly feed: StatusFeed;
  private readonly routes: Route[];
  private boundPort = 0;

  constructor(private readonly options: ConsoleOptions) {
    this.feed = new StatusFeed(options.access);
    this.routes = this.table();
    this.server = createServer((req, res) => void this.serve(req, res));
    this.server.on('clientError', (_err, socket) => socket.destroy());
  }

  /** Starts listening; the port is known after this (listen 0 picks one). */
  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.boundPort = (this.server.address() as AddressInfo).port;
    const cb = this.options.onTokenUsed;
    this.gate = new Gate(this.options.host, this.boundPort, cb ? (token) => cb(this.loginUrl(token)) : undefined);
  }

  get port(): number {
    return this.boundPort;
  }

  /** Where the browser logs in: the token in the fragment, which browsers never send to a server or in a Referer. */
  loginUrl(token = this.gate.loginToken()): string {
    const host = this.options.host === '0.0.0.0' ? '127.0.0.1' : this.options.host === '::' ? '::1' : this.options.host;
    const shown = host.includes(':') ? `[${host}]` : host;
    return `http://${shown}:${this.boundPort}/login#${token ?? ''}`;
  }

  /** Events passed on to browsers so far (for the benchmark). */
  get delivered(): number {
    return this.feed.delivered;
  }

  async close(): Promise<void> {
    this.feed.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    try {
      const refused = this.gate.origin(req);
      if (refused) return sendError(res, refused.status, refused.code, refused.message);
      const url = new URL(req.url ?? '/', 'http://console');
      if (!url.pathname.startsWith('/api/')) return this.serveStatic(req, res, url.pathname);
      if (req.method === 'POST' && url.pathname === '/api/login') return await this.login(req, res);
      const session = this.gate.session(req);
      if (!session) return sendError(res, 401, 'ACCESS_DENIED', 'log in first: open the URL psv console printed');
      if (req.method !== 'GET' && req.method !== 'HEAD' && !this.gate.csrfOk(req, session)) {
        return sendError(res, 403, 'ACCESS_DENIED', 'missing or wrong X-Psv-Csrf header (GET /api/session gives it)');
      }
      for (const route of this.routes) {
        if (route.method !== req.method) continue;
        const m = route.path.exec(url.pathname);
        if (!m) continue;
        const result = await route.run(req, res, m, session);
        if (result !== undefined && !res.headersSent) sendJson(res, 200, result);
        return;
      }
      sendError(res, 404, 'NOT_FOUND', `no ${req.method} ${url.pathname}`);
    } catch (err) {
      if (err instanceof HttpError) return sendError(res, err.status, err.code, err.message, err.problems);
      if (err instanceof AccessError) return sendError(res, err.status, err.code, err.message, err.problems);
      if (err instanceof PsvError) return sendError(res, err.code === 'USAGE' ? 404 : 500, err.code === 'USAGE' ? 'NOT_FOUND' : 'FAILED', err.message);
      sendError(res, 500, 'FAILED', (err as Error).message ?? String(err));
    }
  }

  private serveStatic(req: IncomingMessage, res: ServerResponse, path: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'BAD_REQUEST', 'only GET here');
    const name = STATIC_RE.exec(path)?.[1] ?? 'index.html';
    const bytes = consoleAsset(name, this.options.assetDir);
    if (!bytes) return sendError(res, 404, 'NOT_FOUND', name === 'index.html' ? 'the console page is not built (npm run build)' : `no ${path}`);
    res.writeHead(200, { 'Content-Type': contentType(name), 'Content-Length': bytes.length, 'Cache-Control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : bytes);
  }

  private async login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJson(req);
    const session = this.gate.login(body.token, req.socket.remoteAddress ?? '?');
    if (!session) return sendError(res, 401, 'ACCESS_DENIED', 'wrong or already used login token: start psv console again for a new URL');
    res.writeHead(204, { 'Set-Cookie': this.gate.cookie(session), 'Cache-Control': 'no-store' });
    res.end();
  }

  /** Who asked, for the monitor's record when it serves the console itself (the control client states its own). */
  private who(session: Session): string {
    return `console session from ${session.peer}`;
  }

  private table(): Route[] {
    const { access, configPath } = this.options;
    const get = (path: RegExp, run: Handler): Route => ({ method: 'GET', path, run });
    const post = (path: RegExp, run: Handler): Route => ({ method: 'POST', path, run });
    return [
      get(/^\/api\/session$/, async (_q, _r, _m, s) => ({
        csrf: s.csrf,
        language: this.options.language,
        version: VERSION,
        configPath,
        monitor: await access.call('ping', {}).then(
          (p) => ({ running: true, pid: (p as { pid: number }).pid }),
          () => ({ running: false }),
        ),
      })),
      get(/^\/api\/status$/, async () => access.call('status', {})),
      get(/^\/api\/stream$/, async (_q, res) => {
        this.feed.add(res);
      }),
      get(/^\/api\/events$/, async (req) => this.events(req)),
      post(/^\/api\/targets\/([^/]+)\/([a-z]+)$/, async (_q, _r, m, s) => {
        const [name, action] = [decodeURIComponent(m[1]!), m[2]!];
        if (!ACTIONS.has(action)) throw new HttpError(404, 'NOT_FOUND', `no action '${action}' (pause, resume, restart, reset)`);
        return { ok: true, result: await access.call(action as 'pause', { names: [name] }, this.who(s)) };
      }),
      get(/^\/api\/targets\/([^/]+)\/history$/, async (_q, _r, m) => this.history(decodeURIComponent(m[1]!))),
      get(/^\/api\/incidents\/([^/]+)\/export$/, async (_q, res, m) => this.exportIncident(res, decodeURIComponent(m[1]!))),
      get(/^\/api\/config$/, async () => ({ path: configPath, text: readConfigText(configPath) })),
      post(/^\/api\/check$/, async (req) => {
        const body = await readJson(req);
        const path = typeof body.path === 'string' && body.path !== '' ? body.path : configPath;
        return { problems: checkText(textField(body, 'text'), path).problems };
      }),
      post(/^\/api\/config\/save$/, async (req, _r, _m, s) => {
        const text = textField(await readJson(req), 'text');
        mustBeValid(text, configPath);
        saveAtomically(configPath, text);
        return { ok: true, recorded: await this.noteSave(s) };
      }),
      post(/^\/api\/diff$/, async (req) => ({ diff: diffText(configPath, textField(await readJson(req), 'text')) })),
      post(/^\/api\/apply$/, async (req, _r, _m, s) => {
        const text = textField(await readJson(req), 'text');
        mustBeValid(text, configPath, 'CONFIG_REJECTED');
        saveAtomically(configPath, text);
        await this.noteSave(s);
        return { ok: true, result: await access.call('reload', {}, this.who(s)) };
      }),
      get(/^\/api\/schema$/, async () => schemaJson),
      get(/^\/api\/examples$/, async () => ({ examples: examples(this.options.examplesDirs) })),
      post(/^\/api\/graph$/, async (req) => graphOf(textField(await readJson(req), 'text'), configPath)),
    ];
  }

  /** The save is recorded by the monitor (OperatorCommand 'save', channel console); false when none runs to record it. */
  private async noteSave(s: Session): Promise<boolean> {
    try {
      await this.options.access.call('note', { verb: 'save', target: this.options.configPath }, this.who(s));
      return true;
    } catch {
      return false;
    }
  }

  private async events(req: IncomingMessage): Promise<unknown> {
    const q = new URL(req.url ?? '/', 'http://console').searchParams;
    const limit = Number(q.get('limit') ?? 1000);
    if (!Number.isInteger(limit) || limit <= 0) throw new HttpError(400, 'BAD_REQUEST', 'limit must be a positive integer');
    const level = q.get('level')?.toLowerCase();
    // With a level, the limit counts the events of that level: ask for all, then keep the last `limit`.
    const events = await pastEvents(this.options.access, this.options.eventsFile, {
      target: q.get('target') || undefined,
      since: q.get('since') || undefined,
      limit: level ? 100_000 : limit,
    });
    return { events: level ? events.filter((e) => String(e.level).toLowerCase() === level).slice(-limit) : events };
  }

  private async history(name: string): Promise<unknown> {
    const [events, incidents] = await Promise.all([
      pastEvents(this.options.access, this.options.eventsFile, { target: name, limit: 100_000 }),
      listIncidents(this.options.incidentsDir).catch(() => []),
    ]);
    return {
      restarts: events.filter((e) => HISTORY_EVENTS.has(String(e.event))).slice(-200),
      incidents: incidents.filter((i) => i.target === name).map((i) => ({ id: i.id, time: i.time, reason: i.reason ?? null })),
    };
  }

  private async exportIncident(res: ServerResponse, wanted: string): Promise<void> {
    const id = await findIncident(this.options.incidentsDir, wanted);
    const zip = await incidentZip(this.options.incidentsDir, id);
    res.writeHead(200, { 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename="${id.replace(/[^\w.-]/g, '_')}.zip"`, 'Cache-Control': 'no-store' });
    zip.stream.pipe(res);
    await new Promise<void>((resolve) => res.on('close', resolve));
  }
}
