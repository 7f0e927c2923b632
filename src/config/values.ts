// What a value must be beyond what JSON Schema's own keywords say, judged in
// one place for the file (psv check, run, reload) and for `psv set` alike:
// numbers are written in decimal digits and are finite (YAML would otherwise
// read 0x10 as 16 and 1e309 as infinity), and a duration that paces a loop
// is at least its schema's `minDuration`, so that no setting can make the
// monitor spin or switch its retry limit off.
import { isMap, isScalar, isSeq, type Document } from 'yaml';
import { parseDuration } from './duration.js';
import { say } from '../i18n/say.js';
import { deref, schema, type SchemaNode } from './schema.js';

export type Segment = string | number;

/** A value refused, where it is in the file (keys and indexes), and why. */
export interface ValueProblem {
  at: Segment[];
  message: string;
}

/** Decimal digits with an optional sign and fraction: 16, -3, 1.5, .5. */
const DECIMAL = /^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;

/**
 * The problem with a number written as `source` (the YAML text it was read
 * from), or null when it is a plain, finite decimal.
 */
export function numberProblem(source: string, value: number): string | null {
  const text = source.trim();
  if (!DECIMAL.test(text)) return say({ en: 'write numbers in decimal digits (got {text}; quote it to keep it as text)', ja: '数値は 10 進数で書いてください (指定値: {text}。文字列として扱うには引用符で囲みます)' }, { text });
  if (!Number.isFinite(value)) return say({ en: 'number too large (got {text})', ja: '数値が大きすぎます (指定値: {text})' }, { text });
  return null;
}

/** The schema keyword psv adds: the least duration a key accepts, as a duration string. */
export interface DurationLimit {
  minDuration?: unknown;
}

/**
 * The problem with a duration below its schema node's minDuration, or null.
 * A value that is not a duration at all is left to the schema's own check.
 */
export function durationProblem(node: DurationLimit | undefined, value: unknown): string | null {
  if (typeof node?.minDuration !== 'string') return null;
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  let ms: number;
  try {
    ms = parseDuration(value);
  } catch {
    return null;
  }
  if (ms >= parseDuration(node.minDuration)) return null;
  const got = typeof value === 'string' ? `'${value}'` : String(value);
  return say({ en: 'must be at least {min} (got {got})', ja: '{min} 以上を指定してください (指定値: {got})' }, { min: node.minDuration, got });
}

/** Every number in the YAML document that is not written as a plain, finite decimal. */
export function numberProblems(doc: Document): ValueProblem[] {
  const out: ValueProblem[] = [];
  const walk = (node: unknown, at: Segment[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) walk(pair.value, [...at, isScalar(pair.key) ? String(pair.key.value) : String(pair.key)]);
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...at, i]));
    } else if (isScalar(node) && typeof node.value === 'number') {
      const problem = numberProblem(node.source ?? String(node.value), node.value);
      if (problem) out.push({ at, message: problem });
    }
    // An alias is checked where its anchor is.
  };
  walk(doc.contents, []);
  return out;
}

/** Every duration in `data` (the file as written) below its schema key's minDuration. */
export function durationProblems(data: unknown): ValueProblem[] {
  const out: ValueProblem[] = [];
  const walk = (node: SchemaNode | undefined, value: unknown, at: Segment[]): void => {
    // Keywords beside a $ref (minDuration among them) win over the referenced ones.
    const s = deref(node);
    if (!s) return;
    const problem = durationProblem(s, value);
    if (problem) out.push({ at, message: problem });
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && s.properties) {
      for (const [key, sub] of Object.entries(s.properties)) {
        if (Object.hasOwn(value, key)) walk(sub, (value as Record<string, unknown>)[key], [...at, key]);
      }
    } else if (Array.isArray(value) && s.items) {
      value.forEach((item, i) => walk(s.items, item, [...at, i]));
    }
  };
  walk(schema, data, []);
  return out;
}

/** The schema node at a JSON pointer (e.g. /definitions/restart/properties/window), its $ref followed. */
export function schemaAt(pointer: string): DurationLimit | undefined {
  let node: unknown = schema;
  for (const key of pointer.split('/').slice(1)) node = (node as Record<string, unknown> | undefined)?.[key];
  return deref(node as SchemaNode | undefined);
}
