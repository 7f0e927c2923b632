// A small HTTP client for the console tests and the benchmark: full control of
// the headers (Host, Origin, Cookie), and a server-sent-events reader.
import { request, type IncomingMessage } from 'node:http';

export interface Reply {
  status: number;
  headers: IncomingMessage['headers'];
  text: string;
  json(): any;
}

export function http(base: string, method: string, path: string, opts: { headers?: Record<string, string>; body?: unknown } = {}): Promise<Reply> {
  const url = new URL(path, base);
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const headers: Record<string, string> = { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...opts.headers };
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const text = raw.toString('utf8');
        resolve({ status: res.statusCode!, headers: res.headers, text, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The raw bytes of a GET (a zip). */
export function httpBytes(base: string, path: string, headers: Record<string, string>): Promise<{ status: number; bytes: Buffer; headers: IncomingMessage['headers'] }> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    request({ host: url.hostname, port: url.port, path: url.pathname, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, bytes: Buffer.concat(chunks), headers: res.headers }));
    })
      .on('error', reject)
      .end();
  });
}

export interface SseMessage {
  event: string;
  data: any;
  at: number;
}

/** One open event stream: every message received, in order, as it comes. */
export class SseReader {
  readonly messages: SseMessage[] = [];
  status = 0;
  private buffer = '';
  private req: ReturnType<typeof request> | null = null;
  readonly opened: Promise<void>;

  constructor(base: string, path: string, headers: Record<string, string>) {
    const url = new URL(path, base);
    this.opened = new Promise((resolve, reject) => {
      this.req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'GET', headers }, (res) => {
        this.status = res.statusCode!;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => this.feed(chunk));
        resolve();
      });
      this.req.on('error', reject);
      this.req.end();
    });
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    for (let end = this.buffer.indexOf('\n\n'); end !== -1; end = this.buffer.indexOf('\n\n')) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      if (data.length) this.messages.push({ event, data: JSON.parse(data.join('\n')), at: Date.now() });
    }
  }

  close(): void {
    this.req?.destroy();
  }
}
