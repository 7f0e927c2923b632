// What a saved state may contain, checked field by field before the monitor
// trusts it. A file written by a crashed monitor, cut short by a full disk, or
// edited by hand must never reach the targets as `undefined` where a number
// belongs: the target entry that fails is dropped (that target then has no
// saved state), the rest is kept, and every problem is named.
import type { PersistedTarget } from './supervised.js';
import { TargetState } from './states.js';

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
export interface JournalEntry {
  n: number;
  t: string;
  s: PersistedTarget | null;
}

export interface CheckedState {
  /** Null when the file as a whole cannot be used. */
  state: PersistedState | null;
  problems: string[];
  /** Targets whose entry was dropped. */
  dropped: string[];
}

const KINDS: ReadonlySet<unknown> = new Set(['command', 'match', 'pidfile', 'service']);
const STATES: ReadonlySet<unknown> = new Set(Object.values(TargetState));

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isPid = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;
const orNull = (test: (v: unknown) => boolean) => (v: unknown) => v === null || test(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';

function isLastExit(v: unknown): boolean {
  return isObject(v) && orNull(Number.isSafeInteger)(v.code) && orNull(isString)(v.signal) && isTime(v.at);
}

function isInstance(v: unknown): boolean {
  return isObject(v) && isPid(v.pid) && isString(v.token) && isTime(v.startedAt);
}

/** Each field of a saved target and what it must be (said in the problem when it is not). */
const TARGET_FIELDS: ReadonlyArray<[field: string, test: (v: unknown) => boolean, what: string]> = [
  ['kind', (v) => KINDS.has(v), 'a target kind'],
  ['state', (v) => STATES.has(v), 'a target state'],
  ['pid', orNull(isPid), 'a positive integer or null'],
  ['token', orNull(isString), 'a string or null'],
  ['startedAt', orNull(isTime), 'a time or null'],
  ['restarts', (v) => Array.isArray(v) && v.every(isTime), 'a list of times'],
  ['paused', isBoolean, 'true or false'],
  ['continueMode', isBoolean, 'true or false'],
  ['lastExit', orNull(isLastExit), 'an exit record or null'],
  ['spec', isString, 'a string'],
];

/** The saved target, or what is wrong with it. */
export function checkTarget(v: unknown): PersistedTarget | string {
  if (!isObject(v)) return 'not an object';
  const wrong: string[] = [];
  for (const [field, test, what] of TARGET_FIELDS) {
    if (!(field in v)) wrong.push(`${field} missing`);
    else if (!test(v[field])) wrong.push(`${field} is ${shown(v[field])}, not ${what}`);
  }
  if (v.instances !== undefined && !(Array.isArray(v.instances) && v.instances.every(isInstance))) wrong.push('instances is not a list of processes');
  if (wrong.length === 0) return v as unknown as PersistedTarget;
  return wrong.length > 3 ? `${wrong.slice(0, 3).join(', ')} and ${wrong.length - 3} more` : wrong.join(', ');
}

/** state.json as parsed JSON: what can be used of it. */
export function checkState(v: unknown): CheckedState {
  if (!isObject(v)) return { state: null, problems: [`not an object but ${shown(v)}`], dropped: [] };
  if (v.version !== STATE_VERSION) {
    const problem = v.version === undefined ? 'no version' : `version ${shown(v.version)}, not ${STATE_VERSION}`;
    return { state: null, problems: [problem], dropped: [] };
  }
  if (!isObject(v.targets)) return { state: null, problems: [`targets is ${shown(v.targets)}, not an object`], dropped: [] };
  const problems: string[] = [];
  const dropped: string[] = [];
  const targets: Record<string, PersistedTarget> = {};
  for (const [name, raw] of Object.entries(v.targets)) {
    const checked = checkTarget(raw);
    if (typeof checked === 'string') {
      problems.push(`target '${name}': ${checked}`);
      dropped.push(name);
    } else {
      targets[name] = checked;
    }
  }
  const overrides = checkOverrides(v.overrides, problems);
  let seq: number | undefined;
  if (v.seq !== undefined) {
    if (Number.isSafeInteger(v.seq) && (v.seq as number) >= 0) seq = v.seq as number;
    else problems.push(`seq is ${shown(v.seq)}, not an entry number (the whole journal is replayed)`);
  }
  // Only for the record: a wrong value is named and replaced, nothing depends on it.
  const monitorPid = Number.isSafeInteger(v.monitorPid) && (v.monitorPid as number) >= 0 ? (v.monitorPid as number) : 0;
  if (monitorPid !== v.monitorPid) problems.push(`monitorPid is ${shown(v.monitorPid)}, not a pid`);
  const savedAt = isString(v.savedAt) ? v.savedAt : '';
  if (savedAt !== v.savedAt) problems.push(`savedAt is ${shown(v.savedAt)}, not a time`);
  return { state: { version: STATE_VERSION, monitorPid, savedAt, seq, overrides, targets }, problems, dropped };
}

/** Overrides are settings as text per target; a target whose settings are not is dropped. */
function checkOverrides(v: unknown, problems: string[]): PersistedState['overrides'] {
  if (v === undefined) return {};
  if (!isObject(v)) {
    problems.push(`overrides is ${shown(v)}, not an object`);
    return {};
  }
  const out: PersistedState['overrides'] = {};
  for (const [name, settings] of Object.entries(v)) {
    if (isObject(settings) && Object.values(settings).every(isString)) out[name] = settings as Record<string, string>;
    else problems.push(`overrides of '${name || '(monitor)'}' are not settings`);
  }
  return out;
}

/** One parsed journal line, or what is wrong with it. */
export function checkJournalEntry(v: unknown): JournalEntry | string {
  if (!isObject(v)) return `not an object but ${shown(v)}`;
  if (!Number.isSafeInteger(v.n) || (v.n as number) < 1) return `entry number is ${shown(v.n)}`;
  if (!isString(v.t) || v.t === '') return `target name is ${shown(v.t)}`;
  if (v.s === null) return v as unknown as JournalEntry;
  const checked = checkTarget(v.s);
  return typeof checked === 'string' ? `target '${v.t}': ${checked}` : (v as unknown as JournalEntry);
}

/** A value as a problem names it: short, and the same for the same value. */
function shown(v: unknown): string {
  if (v === undefined) return 'missing';
  const text = JSON.stringify(v);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
