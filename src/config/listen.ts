// Listen addresses in the config (host:port): parsed one way for every server psv runs.

/** host:port, [v6]:port or a bare port (then 127.0.0.1). */
export function parseListen(listen: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(listen) ?? /^()()(\d+)$/.exec(listen);
  if (!m) throw new Error(`not host:port: ${listen}`);
  return { host: m[1] || m[2] || '127.0.0.1', port: Number(m[3]) };
}

/** Whether `host` is a loopback address (or localhost). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
