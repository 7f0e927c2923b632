// The one live connection: GET /api/stream (server-sent events). `status` carries
// the whole StatusResult on every change, `event` one event record. Pages listen
// here instead of polling; EventSource reconnects by itself after a drop.
import type { EventRecord, StatusResult } from './api.js';

type StatusListener = (status: StatusResult | null) => void;
type EventListener = (event: EventRecord) => void;
type ConnectionListener = (connected: boolean) => void;

export class LiveStream {
  private source: EventSource | null = null;
  private latest: StatusResult | null = null;
  private readonly statusListeners = new Set<StatusListener>();
  private readonly eventListeners = new Set<EventListener>();
  private readonly connectionListeners = new Set<ConnectionListener>();

  start(): void {
    if (this.source) return;
    const source = new EventSource('/api/stream');
    this.source = source;
    source.addEventListener('open', () => this.connectionListeners.forEach((fn) => fn(true)));
    source.addEventListener('error', () => this.connectionListeners.forEach((fn) => fn(false)));
    source.addEventListener('status', (e) => {
      const data = parse((e as MessageEvent<string>).data) as StatusResult | { running: false } | null;
      // A status message without targets means the monitor is not running.
      this.latest = data && 'targets' in data ? data : null;
      this.statusListeners.forEach((fn) => fn(this.latest));
    });
    // The monitor does not answer (not started, or stopped): no status until it does.
    source.addEventListener('offline', () => {
      this.latest = null;
      this.statusListeners.forEach((fn) => fn(null));
    });
    source.addEventListener('event', (e) => {
      const record = parse((e as MessageEvent<string>).data) as EventRecord | null;
      if (record) this.eventListeners.forEach((fn) => fn(record));
    });
  }

  get status(): StatusResult | null {
    return this.latest;
  }

  onStatus(fn: StatusListener): () => void {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  }

  onEvent(fn: EventListener): () => void {
    this.eventListeners.add(fn);
    return () => this.eventListeners.delete(fn);
  }

  onConnection(fn: ConnectionListener): () => void {
    this.connectionListeners.add(fn);
    return () => this.connectionListeners.delete(fn);
  }
}

function parse(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
}
