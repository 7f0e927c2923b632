// GET /metrics over HTTP for Prometheus: loopback only unless the config says
// otherwise, nothing but the metrics served, every other path 404.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from './collector.js';
import { parseListen } from '../config/listen.js';

export class MetricsServer {
  private server: Server | null = null;

  constructor(private readonly metrics: Metrics) {}

  /** Starts listening; the URL scraped (with the port the OS chose for port 0). */
  async listen(listen: string): Promise<string> {
    const parsed = parseListen(listen);
    if (parsed === null) throw new Error(`not HOST:PORT: ${listen}`);
    const { host, port } = parsed;
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      if (path !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('psv serves /metrics only\n');
        return;
      }
      this.metrics.body().then(
        (pieces) => {
          // The pieces as they are (the larger part is kept between scrapes): no copy into one buffer.
          res.writeHead(200, { 'content-type': this.metrics.contentType, 'content-length': pieces.reduce((n, b) => n + b.length, 0) });
          if (req.method === 'GET') for (const piece of pieces) res.write(piece);
          res.end();
        },
        (err: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${err.message}\n`),
      );
    });
    // Scrapers keep connections open; they must not hold the monitor's exit.
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.unref();
    this.server = server;
    const address = server.address() as AddressInfo;
    const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${shown}:${address.port}/metrics`;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
