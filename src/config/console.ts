// monitor.console: where the monitor serves the web console itself. The
// schema checks the HOST:PORT shape; this refuses a port out of range and an
// address other computers can reach unless the file says so (allowRemote).
import { isLoopback, parseListen } from './listen.js';
import type { Problems } from './problems.js';
import type { JsonObject } from './schema.js';
import type { ConsoleConfig } from './types.js';
import type { NodeFinder } from './yaml-positions.js';

export function resolveConsole(c: JsonObject | null | undefined, nodes: NodeFinder, problems: Problems): ConsoleConfig | null {
  if (!c) return null;
  const listen = parseListen(c.listen as string);
  const at = nodes.position(['monitor', 'console', 'listen']);
  if (!listen) {
    problems.add(at.line, at.col, `monitor.console.listen: '${String(c.listen)}' is not HOST:PORT with a port from 0 to 65535 (e.g. 127.0.0.1:8484)`);
    return null;
  }
  const allowRemote = c.allowRemote === true;
  if (!allowRemote && !isLoopback(listen.host)) {
    problems.add(at.line, at.col, `monitor.console.listen: ${listen.host} is not a loopback address; use 127.0.0.1 (and an SSH tunnel), or set allowRemote: true if other computers are meant to connect`);
    return null;
  }
  return { host: listen.host, port: listen.port, allowRemote };
}
