// The monitor's memory across its own restarts: stateDir/state.json, replaced
// atomically (write a temporary file, then rename over the old one).
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PersistedTarget } from './supervised.js';

export const STATE_VERSION = 1;

export interface PersistedState {
  version: number;
  monitorPid: number;
  savedAt: string;
  /** Live overrides from `psv set`, per target ('' for monitor-wide). */
  overrides: Record<string, Record<string, string>>;
  targets: Record<string, PersistedTarget>;
}

export class StateStore {
  readonly path: string;
  private pending = false;

  constructor(stateDir: string, private readonly snapshot: () => PersistedState) {
    mkdirSync(stateDir, { recursive: true });
    this.path = join(stateDir, 'state.json');
  }

  load(): PersistedState | null {
    try {
      const state = JSON.parse(readFileSync(this.path, 'utf8')) as PersistedState;
      return state.version === STATE_VERSION && typeof state.targets === 'object' ? state : null;
    } catch {
      return null;
    }
  }

  /** Saves soon: all changes within one turn of the event loop make one write. */
  schedule(): void {
    if (this.pending) return;
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      this.saveNow();
    });
  }

  saveNow(): void {
    const tmp = `${this.path}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, JSON.stringify(this.snapshot()));
      renameSync(tmp, this.path);
    } catch {
      // A full or read-only disk must not stop monitoring; the next change retries.
      rmSync(tmp, { force: true });
    }
  }

  clear(): void {
    rmSync(this.path, { force: true });
  }
}
