// The console's HTTP API as the page uses it (the contract is CONSOLE.md): JSON in
// and out, the session cookie sent by the browser, the CSRF header on every change.

export interface ApiErrorBody {
  code: string;
  message: string;
  problems?: unknown[];
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly body: ApiErrorBody) {
    super(body.message);
  }
}

let csrf = '';

/** The CSRF value from GET /api/session, sent as X-Psv-Csrf on every non-GET request. */
export function setCsrf(value: string): void {
  csrf = value;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers['X-Psv-Csrf'] = csrf;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!res.ok) {
    const err = (parsed as { error?: ApiErrorBody } | undefined)?.error;
    throw new ApiError(res.status, err ?? { code: `HTTP_${res.status}`, message: text.slice(0, 300) || res.statusText });
  }
  return parsed as T;
}

export const get = <T>(path: string): Promise<T> => request<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}): Promise<T> => request<T>('POST', path, body);

// ---- Shapes the server sends (the subset the page reads) ----

export interface Session {
  csrf: string;
  language: 'en' | 'ja';
  version: string;
  configPath: string;
  monitor: { running: boolean; pid?: number };
}

export interface Problem {
  line: number;
  col: number;
  message: string;
  /** The exact `psv check` line: FILE:LINE:COL: message. */
  text: string;
  /** Warnings do not make a config invalid (e.g. an empty target list). */
  severity?: 'error' | 'warning';
}

// The status is exactly what `psv status --json` prints: the control protocol's types.
export type { StatusResult, TargetStatusInfo as TargetStatus } from '../../control/protocol.js';

export interface EventRecord {
  time: string;
  id: number;
  event: string;
  level: string;
  message: string;
  target?: string;
  pid?: number;
  [field: string]: unknown;
}

export interface GraphReply {
  nodes: { id: string; kind: 'target' | 'group'; label: string }[];
  edges: { from: string; to: string; kind: 'after' | 'member' }[];
  problems: Problem[];
}

export interface History {
  /** The target's restart-related event records, oldest first. */
  restarts: EventRecord[];
  incidents: { id: string; time: string; reason: string }[];
}

/** The problems of a rejected request as lines (422 bodies carry them as objects or as FILE:LINE:COL strings). */
export function problemLines(err: unknown): string[] {
  if (!(err instanceof ApiError)) return [String(err)];
  const list = err.body.problems ?? [];
  const lines = list.map((p) => (typeof p === 'string' ? p : typeof p === 'object' && p && 'text' in p ? String((p as Problem).text) : JSON.stringify(p)));
  return lines.length ? [err.body.message, ...lines] : [err.body.message];
}
