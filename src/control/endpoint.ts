// Where the monitor listens, and the token that proves a client may control it.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Platform } from '../platform/index.js';

export interface EndpointSource {
  /** monitor.control from the config, if any. */
  control: string | null;
  stateDir: string | null;
}

/** PSV_CONTROL, then the config's monitor.control, then the platform default. */
export function controlAddress(platform: Platform, source: EndpointSource, env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.PSV_CONTROL) return env.PSV_CONTROL;
  if (source.control) return source.control;
  return platform.defaultControlAddress(source.stateDir);
}

export function newToken(): string {
  return randomBytes(32).toString('hex');
}

/** The token of the monitor at `address`, or null when this user may not read it. */
export function readToken(platform: Platform, address: string): string | null {
  try {
    return readFileSync(platform.controlTokenPath(address), 'utf8').trim();
  } catch {
    return null;
  }
}
