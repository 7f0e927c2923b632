// The live feed of the console (GET /api/stream, server-sent events): one
// event feed from the monitor shared by every browser, each event passed on
// as it comes, and the status sent again after each change — fetched at once
// for the first change, then at most every STATUS_EVERY_MS (the changes in
// between are coalesced into one status). The browser never polls.
import type { ServerResponse } from 'node:http';
import type { StatusResult } from '../control/protocol.js';
import type { EventRecord } from '../events/bus.js';
import { AccessError, type MonitorAccess } from './access.js';

/** At most ~4 status messages a second, whatever the rate of events. */
const STATUS_EVERY_MS = 250;
/** Without events, the status is still compared this often (a change no event tells of), and the monitor looked for when it is gone. */
const QUIET_CHECK_MS = 5000;
/** A comment line this often keeps proxies and the browser from timing the stream out. */
const KEEPALIVE_MS = 25_000;

/** The status without what changes every moment (uptime), to tell a real change. */
function signature(json: string): string {
  return json.replace(/"uptimeMs":(?:\d+|null),?/g, '');
}

export class StatusFeed {
  private readonly clients = new Set<ServerResponse>();
  private stopFollow: (() => void) | null = null;
  private last: { sig: string; text: string } | null = null;
  private offline = false;
  private offlineText: string | null = null;
  private lastFetch = 0;
  private pending: NodeJS.Timeout | null = null;
  private fetching: Promise<void> | null = null;
  private again = false;
  private readonly quiet: NodeJS.Timeout;
  private readonly keepalive: NodeJS.Timeout;
  /** Events delivered to browsers (each event counted once, whatever the number of browsers); for the benchmark. */
  delivered = 0;

  constructor(private readonly access: MonitorAccess) {
    this.quiet = setInterval(() => this.quietCheck(), QUIET_CHECK_MS);
    this.quiet.unref();
    this.keepalive = setInterval(() => this.broadcast(': keepalive\n\n'), KEEPALIVE_MS);
    this.keepalive.unref();
  }

  /** A browser opens the stream: the current status first, then changes. */
  add(res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.write('retry: 2000\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
    this.startFollow();
    if (this.offline && this.offlineText) res.write(this.offlineText);
    else if (this.last) res.write(this.last.text);
    this.requestStatus();
  }

  close(): void {
    clearInterval(this.quiet);
    clearInterval(this.keepalive);
    if (this.pending) clearTimeout(this.pending);
    this.stopFollow?.();
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private broadcast(text: string): void {
    for (const res of this.clients) res.write(text);
  }

  private startFollow(): void {
    if (this.stopFollow) return;
    this.stopFollow = this.access.follow(
      (e) => this.onEvent(e),
      () => {
        this.stopFollow = null;
        // The monitor went away (or dropped the idle feed): the status says which; the next quiet check follows again.
        this.requestStatus();
      },
    );
  }

  private onEvent(e: EventRecord): void {
    if (this.clients.size > 0) {
      this.broadcast(`event: event\ndata: ${JSON.stringify(e)}\n\n`);
      this.delivered++;
    }
    this.requestStatus();
  }

  private quietCheck(): void {
    if (this.clients.size === 0) return;
    this.startFollow();
    this.requestStatus();
  }

  /** A status fetch soon: now when the last was long enough ago, else at the end of the interval (one for all changes meanwhile). */
  private requestStatus(): void {
    if (this.clients.size === 0) {
      this.last = null;
      return;
    }
    if (this.fetching) {
      this.again = true;
      return;
    }
    if (this.pending) return;
    const wait = Math.max(0, this.lastFetch + STATUS_EVERY_MS - Date.now());
    this.pending = setTimeout(() => {
      this.pending = null;
      this.fetching = this.fetchStatus().finally(() => {
        this.fetching = null;
        if (this.again) {
          this.again = false;
          this.requestStatus();
        }
      });
    }, wait);
  }

  private async fetchStatus(): Promise<void> {
    this.lastFetch = Date.now();
    let status: StatusResult;
    try {
      status = (await this.access.call('status', {})) as StatusResult;
    } catch (err) {
      if (!this.offline) {
        this.offline = true;
        this.last = null;
        const reason = err instanceof AccessError ? { code: err.code, message: err.message } : { code: 'FAILED', message: String(err) };
        this.offlineText = `event: offline\ndata: ${JSON.stringify({ running: false, ...reason })}\n\n`;
        this.broadcast(this.offlineText);
      }
      return;
    }
    this.offline = false;
    // One serialisation for both: the status of 1000 targets is some 300 KiB.
    const json = JSON.stringify(status);
    const sig = signature(json);
    if (this.last?.sig === sig) return;
    this.last = { sig, text: `event: status\ndata: ${json}\n\n` };
    this.broadcast(this.last.text);
  }
}
