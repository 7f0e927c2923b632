// Picks the adapter for the running OS (host.ts is the one place that reads process.platform).
import { HOST_OS } from './host.js';
import { posixPlatform } from './posix.js';
import type { Platform } from './types.js';
import { windowsPlatform } from './windows.js';

export { HOST_OS, type HostOs } from './host.js';
export type {
  ControlEndpoint,
  HeartbeatAddresses,
  HostInfo,
  Identity,
  MarkedProcess,
  Platform,
  ProcessControl,
  ProcessInfo,
  Services,
  ServiceState,
  ServiceStatus,
  SpawnSpec,
} from './types.js';

export const platform: Platform = HOST_OS === 'windows' ? windowsPlatform : posixPlatform;
