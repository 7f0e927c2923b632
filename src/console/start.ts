// Starting the console: on demand (`psv console`, reaching the monitor through
// the control client) or inside the monitor (monitor.console, reaching it
// in-process, the login URL kept in stateDir/console.url).
import { chmodSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLoopback } from '../config/listen.js';
import type { ConsoleConfig } from '../config/types.js';
import type { ControlHandler } from '../control/server.js';
import type { EventBus } from '../events/bus.js';
import type { Language } from '../events/language.js';
import { inProcessAccess, type MonitorAccess } from './access.js';
import { ConsoleServer } from './server.js';

/** The example configs: examples/ of the sources, or the folder next to the executable (the archives ship it there). */
export function examplesDirs(): string[] {
  return [fileURLToPath(new URL('../../../examples/', import.meta.url)), join(dirname(process.execPath), 'examples')];
}

export interface StartOptions {
  listen: ConsoleConfig;
  configPath: string;
  access: MonitorAccess;
  eventsFile: string | null;
  incidentsDir: string;
  language: Language;
  assetDir?: string;
  onTokenUsed?: (url: string) => void;
}

export async function startConsole(o: StartOptions): Promise<ConsoleServer> {
  const server = new ConsoleServer({
    host: o.listen.host,
    port: o.listen.port,
    configPath: o.configPath,
    access: o.access,
    eventsFile: o.eventsFile,
    incidentsDir: o.incidentsDir,
    examplesDirs: examplesDirs(),
    language: o.language,
    assetDir: o.assetDir,
    onTokenUsed: o.onTokenUsed,
  });
  await server.listen();
  return server;
}

export function remote(listen: ConsoleConfig): boolean {
  return !isLoopback(listen.host);
}

/** Writes the login URL where only the monitor's user can read it. */
function writeUrlFile(file: string, url: string): void {
  writeFileSync(file, url + '\n', { mode: 0o600 });
  // An older file keeps its mode through writeFileSync: make it private again.
  chmodSync(file, 0o600);
}

export interface MonitorConsoleDeps {
  listen: ConsoleConfig;
  configPath: string;
  stateDir: string;
  incidentsDir: string;
  language: Language;
  handler: ControlHandler;
  events: EventBus;
}

/**
 * The console the monitor serves itself. Never throws: a console that cannot
 * listen is an event (ConsoleFailed), and the monitor watches its targets regardless.
 */
export async function monitorConsole(d: MonitorConsoleDeps): Promise<ConsoleServer | null> {
  const address = `${d.listen.host}:${d.listen.port}`;
  const file = join(d.stateDir, 'console.url');
  try {
    const server = await startConsole({
      listen: d.listen,
      configPath: d.configPath,
      access: inProcessAccess(d.handler, (fn) => d.events.subscribe(fn)),
      eventsFile: null,
      incidentsDir: d.incidentsDir,
      language: d.language,
      onTokenUsed: (url) => writeUrlFile(file, url),
    });
    writeUrlFile(file, server.loginUrl());
    if (remote(d.listen)) d.events.emit('ConsoleRemote', { address: `${d.listen.host}:${server.port}` });
    d.events.emit('ConsoleStarted', { address: server.loginUrl('').replace(/\/login#$/, ''), file });
    return server;
  } catch (err) {
    d.events.emit('ConsoleFailed', { address, error: (err as Error).message });
    return null;
  }
}
