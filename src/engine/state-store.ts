// The monitor's memory across its own restarts: stateDir/state.json, replaced
// atomically (write a temporary file, then rename over the old one), and
// stateDir/state.journal, one appended line per target that changed since.
// A restart of one target among a thousand appends one short line instead of
// rewriting the whole file; the journal is folded into state.json once it
// has grown to about the size of a full snapshot.
//
// Neither a damaged state nor a disk that refuses writes stops the monitor:
// what was read is checked field by field (state-check.ts) and what could not
// be used is named once (StateRecovered); a failed write is reported and
// retried (state-health.ts), with a reserve file (state-reserve.ts) freed to
// make room when the disk is full.
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendWholeSync, trimTornTailSync } from '../jsonl.js';
import type { EventFieldMap } from '../events/catalog.generated.js';
import { checkJournalEntry, checkState, STATE_VERSION, type JournalEntry, type PersistedState } from './state-check.js';
import { errorText, isNoSpace, StateHealth, type StateHealthOptions } from './state-health.js';
import { Reserve, removeQuietly, reserveSize } from './state-reserve.js';
import type { PersistedTarget } from './supervised.js';

export { STATE_VERSION, type PersistedState } from './state-check.js';

/** The journal is folded into state.json after this many entries per configured target (and at least MIN_FOLD). */
const FOLD_PER_TARGET = 4;
const MIN_FOLD = 256;
/** The journal is also folded once it outgrows twice the last state.json, or this, whichever is larger... */
export const JOURNAL_MIN_BYTES = 256 * 1024;
/** ...and once its oldest entry is this old, so that a quiet monitor's journal is not replayed from hours back. */
export const JOURNAL_MAX_AGE_MS = 10 * 60_000;
/** Problems named in one StateRecovered event; the rest are counted. */
const PROBLEMS_SHOWN = 3;
const NAMES_SHOWN = 10;

export interface LoadedState {
  /** The saved state with the journal replayed over it; null when there is none (or none usable). */
  state: PersistedState | null;
  /** What was wrong with it and what is assumed instead: null when it was whole (or absent on a first start). */
  recovered: EventFieldMap['StateRecovered'] | null;
}

export class StateStore {
  readonly path: string;
  readonly journalPath: string;
  private pending = false;
  /** Targets changed since the last write; null: write everything. */
  private dirty: Set<string> | null = new Set();
  private seq = 0;
  private journalEntries = 0;
  private journalFd: number | null = null;
  private journalSize = 0;
  /** Targets in the last full snapshot: the journal's size limit scales with it. */
  private targetCount = 0;
  /** Bytes of the last state.json written. */
  private snapshotBytes = 0;
  /** When the journal's first entry since the last fold was written (ms), or null while it is empty. */
  private journalSince: number | null = null;
  /** A write failed since the last full snapshot: only a full one is sure to hold every change. */
  private needsFull = false;
  /** After clear(): the state is gone on purpose, nothing more is written. */
  private closed = false;
  private readonly reserve: Reserve;
  private readonly health: StateHealth;

  constructor(
    private readonly stateDir: string,
    private readonly snapshot: () => PersistedState,
    /** One target's current state, or null when it is not configured (any more). */
    private readonly snapshotTarget: (name: string) => PersistedTarget | null = () => null,
    options: StateHealthOptions = {},
  ) {
    mkdirSync(stateDir, { recursive: true });
    this.path = join(stateDir, 'state.json');
    this.journalPath = join(stateDir, 'state.journal');
    this.reserve = new Reserve(join(stateDir, 'state.reserve'));
    this.health = new StateHealth(stateDir, options, () => this.retry());
  }

  /**
   * The saved state with the journal replayed over it, and what could not be
   * used of it. `configured`: the targets of the configuration, to name those
   * left without a saved state.
   */
  load(configured: readonly string[] = []): LoadedState {
    const problems: string[] = [];
    const dropped = new Set<string>();
    let state: PersistedState | null = null;
    let missing = false;
    try {
      const text = readFileSync(this.path, 'utf8');
      if (text.trim() === '') {
        problems.push('state.json: empty');
      } else {
        const checked = checkState(JSON.parse(text));
        problems.push(...checked.problems.map((p) => `state.json: ${p}`));
        state = checked.state;
        for (const name of checked.dropped) dropped.add(name);
      }
    } catch (err) {
      missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      if (!missing) problems.push(`state.json: ${readProblem(err)}`);
    }
    const replayed = this.replayJournal(state, problems, dropped);
    if (replayed.entries > 0 && missing) problems.unshift(`state.json is missing but state.journal has ${replayed.entries} entries`);
    // Without state.json (and its overrides) every target is in doubt, not only the damaged entries.
    const wholeFileLost = state === null && (!missing || replayed.entries > 0);
    state = replayed.state;
    if (state) this.seq = Math.max(this.seq, state.seq ?? 0);
    if (problems.length === 0) return { state, recovered: null };
    const lost = (wholeFileLost ? configured : [...dropped]).filter((name) => !state?.targets[name]);
    const names = lost.length > NAMES_SHOWN ? `${lost.slice(0, NAMES_SHOWN).join(', ')}, ...` : lost.join(', ');
    const shown = problems.slice(0, PROBLEMS_SHOWN).join('; ') + (problems.length > PROBLEMS_SHOWN ? `; and ${problems.length - PROBLEMS_SHOWN} more` : '');
    return { state, recovered: { dir: this.stateDir, problem: shown, targets: lost.length, names: names || '-' } };
  }

  private replayJournal(state: PersistedState | null, problems: string[], dropped: Set<string>): { state: PersistedState | null; entries: number } {
    let text: string;
    try {
      text = readFileSync(this.journalPath, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') problems.push(`state.journal: ${readProblem(err)}`);
      return { state, entries: 0 };
    }
    const base = state?.seq ?? 0;
    const lines = text.split('\n');
    // A last line without its newline was cut short by a crash or a full disk.
    if (lines.at(-1) !== '') problems.push('state.journal: its last line is cut short');
    lines.pop();
    let replayed = 0;
    lines.forEach((line, i) => {
      let entry: JournalEntry | string;
      try {
        entry = checkJournalEntry(JSON.parse(line));
      } catch {
        entry = 'not valid JSON';
      }
      if (typeof entry === 'string') {
        problems.push(`state.journal line ${i + 1}: ${entry}`);
        const name = /^target '(.*?)':/.exec(entry)?.[1];
        if (name !== undefined) dropped.add(name);
        return;
      }
      if (entry.n <= base) return;
      state ??= { version: STATE_VERSION, monitorPid: 0, savedAt: '', overrides: {}, targets: {} };
      if (entry.s) state.targets[entry.t] = entry.s;
      else delete state.targets[entry.t];
      dropped.delete(entry.t);
      this.seq = Math.max(this.seq, entry.n);
      replayed++;
    });
    this.journalEntries = replayed;
    return { state, entries: replayed };
  }

  /**
   * Saves soon: all changes within one turn of the event loop make one write.
   * With a target's name, only that target changed (a journal line); without, everything.
   */
  schedule(target?: string): void {
    if (this.closed) return;
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
    if (this.closed) return;
    const dirty = this.dirty;
    this.dirty = new Set();
    if (dirty === null || this.needsFull || this.journalEntries + dirty.size > this.foldAt() || this.journalOutgrown()) {
      if (this.saveNow() || dirty === null) return;
      // No snapshot: the journal may still take the changes.
    }
    if (dirty.size === 0) return;
    let lines = '';
    for (const name of dirty) lines += JSON.stringify({ n: ++this.seq, t: name, s: this.snapshotTarget(name) } satisfies JournalEntry) + '\n';
    const appended = this.write(this.journalPath, () => this.appendJournal(Buffer.from(lines, 'utf8')), () => this.closeJournal());
    if (appended) {
      this.journalEntries += dirty.size;
      this.journalSince ??= Date.now();
    } else this.needsFull = true;
  }

  /** The journal is past its size or age bound: time for a snapshot. */
  private journalOutgrown(): boolean {
    if (this.journalEntries === 0) return false;
    if (this.journalSize > Math.max(JOURNAL_MIN_BYTES, 2 * this.snapshotBytes)) return true;
    return this.journalSince !== null && Date.now() - this.journalSince > JOURNAL_MAX_AGE_MS;
  }

  private appendJournal(data: Buffer): void {
    if (this.journalFd === null) {
      this.journalFd = openSync(this.journalPath, 'a+');
      this.journalSize = trimTornTailSync(this.journalFd);
    }
    appendWholeSync(this.journalFd, data, this.journalSize);
    this.journalSize += data.length;
  }

  private foldAt(): number {
    return Math.max(MIN_FOLD, FOLD_PER_TARGET * this.targetCount);
  }

  /** Writes the whole state to state.json and empties the journal; false when it could not. */
  saveNow(): boolean {
    if (this.closed) return false;
    const dirty = this.dirty;
    this.dirty = new Set();
    const state = this.snapshot();
    state.seq = this.seq;
    this.targetCount = Object.keys(state.targets).length;
    const text = JSON.stringify(state);
    const tmp = `${this.path}.${process.pid}.tmp`;
    const saved = this.write(
      this.path,
      () => {
        writeFileSync(tmp, text);
        renameSync(tmp, this.path);
      },
      () => removeQuietly(tmp),
    );
    if (!saved) {
      this.needsFull = true;
      // The changes are not on disk: the journal must still take them (a flush, or the retry's).
      this.dirty = dirty;
      return false;
    }
    this.needsFull = false;
    // Entries up to seq are in state.json now; a crash before this leaves them to be skipped on load.
    this.closeJournal();
    removeQuietly(this.journalPath);
    this.journalEntries = 0;
    this.journalSince = null;
    this.snapshotBytes = text.length;
    this.ensureReserve(text.length);
    return true;
  }

  /** Makes the reserve (again) for a state.json of `stateBytes`: no room for it means the disk is all but full. */
  private ensureReserve(stateBytes: number): void {
    try {
      this.reserve.ensure(reserveSize(stateBytes));
      this.health.wrote(this.reserve.path);
    } catch (err) {
      this.health.failed(this.reserve.path, err);
    }
  }

  /**
   * One write, and what its failure means: the reserve is freed for a disk
   * that is full and the write tried once more; a failure that remains is
   * reported (once) and retried later. `undo` cleans up after a failed try.
   */
  private write(file: string, attempt: () => void, undo: () => void): boolean {
    try {
      attempt();
      this.health.wrote(file);
      return true;
    } catch (err) {
      undo();
      // Freed before the report, so that the report finds room on the disk too.
      const freed = isNoSpace(err) && this.reserve.release();
      this.health.failed(file, err);
      if (!freed) return false;
      this.health.failed(this.reserve.path, err);
      try {
        attempt();
        this.health.wrote(file);
        return true;
      } catch {
        undo();
        return false;
      }
    }
  }

  /** The backoff timer's try while writes fail: everything, then the reserve. */
  private retry(): void {
    if (this.closed) return;
    if (this.needsFull) {
      // A failed snapshot leaves the changes it held for the journal.
      if (!this.saveNow() && this.dirty !== null && this.dirty.size > 0) this.flush();
    } else this.ensureReserve(this.lastStateBytes());
  }

  private lastStateBytes(): number {
    try {
      return statSync(this.path).size;
    } catch {
      return 0;
    }
  }

  private closeJournal(): void {
    if (this.journalFd !== null) {
      try {
        closeSync(this.journalFd);
      } catch {
        // Closing a file the disk failed on: nothing left to save in it.
      }
    }
    this.journalFd = null;
  }

  /** Stops the retries of failed writes. */
  close(): void {
    this.health.close();
  }

  /** Forgets the state (the targets were stopped); nothing is written after this. */
  clear(): void {
    this.closed = true;
    this.health.close();
    this.closeJournal();
    for (const path of [this.path, this.journalPath, this.reserve.path]) {
      try {
        rmFile(path);
      } catch (err) {
        this.health.failed(path, err);
      }
    }
  }
}

/** Why a state file could not be read, as a problem names it. */
function readProblem(err: unknown): string {
  if (err instanceof SyntaxError) return `not valid JSON (${err.message})`;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EISDIR') return 'a directory, not a file';
  return errorText(err);
}

function rmFile(path: string): void {
  try {
    // unlink, not rm: a directory in the way is an error to report, never removed with its contents.
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
