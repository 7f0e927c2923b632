// Picks the adapter for the running OS. The only place that reads process.platform.
import { posixPlatform } from './posix.js';
import type { Platform } from './types.js';
import { windowsPlatform } from './windows.js';

export type { MarkedProcess, Platform, ProcessInfo, ServiceState, ServiceStatus, SpawnSpec } from './types.js';

export const platform: Platform = process.platform === 'win32' ? windowsPlatform : posixPlatform;
