// Where the monitor listens, and the token that proves a client may control it.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ControlEndpoint } from '../platform/index.js';

export interface EndpointSource {
  /** monitor.control from the config, if any. */
  control: string | null;
  stateDir: string | null;
}

export interface Endpoint {
  address: string;
  /** The platform's default for this config: its folder is the monitor's own (and private). */
  ownFolder: boolean;
}

/** Where the monitor listens: PSV_CONTROL, then the config's monitor.control, then the platform default for its stateDir. */
export function monitorEndpoint(platform: ControlEndpoint, source: EndpointSource, env: NodeJS.ProcessEnv = process.env): Endpoint | null {
  if (env.PSV_CONTROL) return { address: env.PSV_CONTROL, ownFolder: false };
  if (source.control) return { address: source.control, ownFolder: false };
  const address = platform.defaultControlAddress(source.stateDir);
  return address === null ? null : { address, ownFolder: true };
}

/**
 * Where a client finds the monitor: the same order, the default being where a
 * monitor of this config listens (which depends on the user it runs as).
 */
export function controlAddress(platform: ControlEndpoint, source: EndpointSource, env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.PSV_CONTROL) return env.PSV_CONTROL;
  if (source.control) return source.control;
  return platform.findControlAddress(source.stateDir);
}

export function newToken(): string {
  return randomBytes(32).toString('hex');
}

/** The token of the monitor at `address`, or null when this user may not read it. */
export function readToken(platform: ControlEndpoint, address: string): string | null {
  try {
    return readFileSync(platform.controlTokenPath(address), 'utf8').trim();
  } catch {
    return null;
  }
}
