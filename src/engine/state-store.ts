// The monitor's memory across its own restarts: stateDir/state.json, replaced
// atomically (write a temporary file, then rename over the old one), and
// stateDir/state.journal, one appended line per target that changed since.
// A restart of one target among a thousand appends one short line instead of
// rewriting the whole file; the journal is folded into state.json once it
// has grown to about the size of a full snapshot.
import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PersistedTarget } from './supervised.js';

export const STATE_VERSION = 1;

export interface PersistedState {
  version: number;
  monitorPid: number;
  savedAt: string;
  /** The last journal entry folded into this snapshot (entries up to it are not replayed). */
  seq?: number;
  /** Live overrides from `psv set`, per target ('' for monitor-wide). */
  overrides: Record<string, Record<string, string>>;
  targets: Record<string, PersistedTarget>;
}

/** One journal line: entry number, target, its state (null: no longer configured). */
interface JournalEntry {
  n: number;
  t: string;
  s: PersistedTarget | null;
}

/** The journal is folded into state.json after this many entries per configured target (and at least MIN_FOLD). */
const FOLD_PER_TARGET = 4;
const MIN_FOLD = 256;

export class StateStore {
  readonly path: string;
  readonly journalPath: string;
  private pending = false;
  /** Targets changed since the last write; null: write everything. */
  private dirty: Set<string> | null = new Set();
  private seq = 0;
  private journalEntries = 0;
  private journalFd: number | null = null;
  /** Targets in the last full snapshot: the journal's size limit scales with it. */
  private targetCount = 0;

  constructor(
    stateDir: string,
    private readonly snapshot: () => PersistedState,
    /** One target's current state, or null when it is not configured (any more). */
    private readonly snapshotTarget: (name: string) => PersistedTarget | null = () => null,
  ) {
    mkdirSync(stateDir, { recursive: true });
    this.path = join(stateDir, 'state.json');
    this.journalPath = join(stateDir, 'state.journal');
  }

  /** The saved state with the journal replayed over it, or null when there is none. */
  load(): PersistedState | null {
    let state: PersistedState | null = null;
    try {
      const read = JSON.parse(readFileSync(this.path, 'utf8')) as PersistedState;
      if (read.version === STATE_VERSION && typeof read.targets === 'object') state = read;
    } catch {
      // missing or damaged: the journal alone may still tell where targets are
    }
    let text = '';
    try {
      text = readFileSync(this.journalPath, 'utf8');
    } catch {
      return state;
    }
    const base = state?.seq ?? 0;
    let replayed = 0;
    for (const line of text.split('\n')) {
      let entry: JournalEntry;
      try {
        entry = JSON.parse(line) as JournalEntry;
      } catch {
        continue; // a line cut short by a crash
      }
      if (typeof entry?.n !== 'number' || typeof entry.t !== 'string' || entry.n <= base) continue;
      state ??= { version: STATE_VERSION, monitorPid: 0, savedAt: '', overrides: {}, targets: {} };
      if (entry.s) state.targets[entry.t] = entry.s;
      else delete state.targets[entry.t];
      this.seq = Math.max(this.seq, entry.n);
      replayed++;
    }
    if (state) this.seq = Math.max(this.seq, state.seq ?? 0);
    this.journalEntries = replayed;
    return state;
  }

  /**
   * Saves soon: all changes within one turn of the event loop make one write.
   * With a target's name, only that target changed (a journal line); without, everything.
   */
  schedule(target?: string): void {
    if (target === undefined) this.dirty = null;
    else this.dirty?.add(target);
    if (this.pending) return;
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      this.flush();
    });
  }

  private flush(): void {
    const dirty = this.dirty;
    this.dirty = new Set();
    if (dirty === null) {
      this.saveNow();
      return;
    }
    if (dirty.size === 0) return;
    if (this.journalEntries + dirty.size > this.foldAt()) {
      this.saveNow();
      return;
    }
    let lines = '';
    for (const name of dirty) lines += JSON.stringify({ n: ++this.seq, t: name, s: this.snapshotTarget(name) } satisfies JournalEntry) + '\n';
    try {
      this.journalFd ??= openSync(this.journalPath, 'a');
      appendFileSync(this.journalFd, lines);
      this.journalEntries += dirty.size;
    } catch {
      // A full or read-only disk must not stop monitoring: try a whole snapshot instead.
      this.closeJournal();
      this.saveNow();
    }
  }

  private foldAt(): number {
    return Math.max(MIN_FOLD, FOLD_PER_TARGET * this.targetCount);
  }

  /** Writes the whole state to state.json and empties the journal. */
  saveNow(): void {
    this.dirty = new Set();
    const tmp = `${this.path}.${process.pid}.tmp`;
    try {
      const state = this.snapshot();
      state.seq = this.seq;
      this.targetCount = Object.keys(state.targets).length;
      writeFileSync(tmp, JSON.stringify(state));
      renameSync(tmp, this.path);
    } catch {
      // A full or read-only disk must not stop monitoring; the next change retries.
      rmSync(tmp, { force: true });
      return;
    }
    // Entries up to seq are in state.json now; a crash before this leaves them to be skipped on load.
    this.closeJournal();
    rmSync(this.journalPath, { force: true });
    this.journalEntries = 0;
  }

  private closeJournal(): void {
    if (this.journalFd !== null) closeSync(this.journalFd);
    this.journalFd = null;
  }

  clear(): void {
    this.closeJournal();
    rmSync(this.path, { force: true });
    rmSync(this.journalPath, { force: true });
  }

}
