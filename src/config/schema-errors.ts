// What the schema (and values.ts, for what the schema cannot say) refuses, in
// words a person can act on: the key as a path, the value as written, and for
// an unknown key the one that was probably meant.
import type { ErrorObject } from 'ajv';
import type { Document } from 'yaml';
import { DURATION_HINT, SIZE_HINT } from './duration.js';
import { pathText, type Problems, type Segment } from './problems.js';
import { deref, schema, validate, type Json, type SchemaNode } from './schema.js';
import { durationProblems, numberProblems } from './values.js';
import type { NodeFinder } from './yaml-positions.js';

/**
 * Validates `data` against the schema, which fills its defaults in, and reports
 * what is refused. `raw` is the file as written, for the values the schema reads differently.
 */
export function reportSchemaProblems(doc: Document, raw: Json, data: Json, nodes: NodeFinder, problems: Problems): void {
  // Numbers in decimal digits and durations at least their minimum: what `psv set` checks too.
  const refused = [...numberProblems(doc), ...durationProblems(raw)];
  for (const p of refused) {
    const pos = nodes.position(p.at);
    problems.add(pos.line, pos.col, `${pathText(p.at)}: ${p.message}`);
  }
  // A value refused above is not also reported as the number YAML made of it (1e309 → Infinity).
  const said = new Set(refused.map((p) => pathText(p.at)));
  if (!validate(data)) {
    for (const e of validate.errors ?? []) {
      const p = describeSchemaError(e);
      if (!p || said.has(pathText(p.at))) continue;
      const pos = nodes.position(p.at, p.pointAtKey);
      problems.add(pos.line, pos.col, p.message);
    }
  }
}

function decodePointer(pointer: string): Segment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function show(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'a boolean (true or false)',
  object: 'a mapping (key: value)',
  array: 'a list',
  null: 'null',
};

function typeWords(t: unknown): string {
  const types = Array.isArray(t) ? t : String(t).split(',');
  const words = types.map((x) => TYPE_WORDS[x] ?? x);
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** "duration" or "size" when the failing keyword belongs to that shared definition. */
function definitionOf(e: ErrorObject): 'duration' | 'size' | null {
  // schemaPath names the last $ref ajv did not inline, so compare the schema itself.
  const owner = e.parentSchema as SchemaNode | undefined;
  if (!owner) return null;
  if (owner.pattern === schema.definitions.duration.pattern) return 'duration';
  if (owner.pattern === schema.definitions.size.pattern) return 'size';
  return null;
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

/**
 * Names other tools use for the same thing; edit distance alone would not find them.
 * A list: the first that is allowed where the key was written.
 */
const KEY_SYNONYMS: Record<string, string | string[]> = {
  cmd: 'command',
  exec: 'command',
  program: 'command',
  args: 'command',
  argv: 'command',
  dir: 'cwd',
  directory: 'cwd',
  workdir: 'cwd',
  workingdirectory: 'cwd',
  working_dir: 'cwd',
  environment: 'env',
  retry: 'restart',
  cmdline: ['command', 'args'],
  commandline: ['command', 'args'],
  image: ['match', 'name'],
  process: ['match', 'name'],
  exe: ['match', 'name'],
  pid_file: 'pidfile',
  unit: 'service',
  maxretries: 'retries',
  max_retries: 'retries',
  attempts: 'retries',
};

export function suggestKey(key: string, allowed: string[]): string | null {
  let best: string | null = null;
  let bestDist = Infinity;
  for (const candidate of allowed) {
    const d = candidate.toLowerCase() === key.toLowerCase() ? 0 : levenshtein(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDist) {
      best = candidate;
      bestDist = d;
    }
  }
  return best !== null && bestDist <= Math.max(2, Math.floor(key.length / 3)) ? best : null;
}

interface Described {
  at: Segment[];
  pointAtKey: boolean;
  message: string;
}

function describeSchemaError(e: ErrorObject): Described | null {
  const at = decodePointer(e.instancePath);
  const where = pathText(at);
  const prefix = where ? `${where}: ` : '';
  const def = definitionOf(e);
  const value: unknown = e.data;

  if (def === 'duration' && ['type', 'pattern', 'minimum'].includes(e.keyword)) {
    return { at, pointAtKey: false, message: `${prefix}bad duration ${show(value)} (${DURATION_HINT})` };
  }
  if (def === 'size' && ['type', 'pattern', 'minimum'].includes(e.keyword)) {
    return { at, pointAtKey: false, message: `${prefix}bad size ${show(value)} (${SIZE_HINT})` };
  }

  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys(deref(e.parentSchema as SchemaNode)?.properties ?? {}).filter((k) => k !== '$schema');
      const synonym = [KEY_SYNONYMS[key.toLowerCase()] ?? []].flat().find((k) => allowed.includes(k));
      const near = synonym ?? suggestKey(key, allowed);
      const hint = near ? `did you mean '${near}'?` : `allowed: ${allowed.join(', ')}`;
      return { at: [...at, key], pointAtKey: true, message: `unknown key '${key}' ${where ? `in ${where}` : 'at the top level'} (${hint})` };
    }
    case 'required': {
      const key = String((e.params as { missingProperty: string }).missingProperty);
      return { at, pointAtKey: false, message: `${where || 'top level'}: missing required key '${key}'` };
    }
    case 'type':
      return { at, pointAtKey: false, message: `${prefix}must be ${typeWords((e.params as { type: unknown }).type)} (got ${show(value)})` };
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String).join(', ');
      return { at, pointAtKey: false, message: `${prefix}must be one of ${allowed} (got ${show(value)})` };
    }
    case 'pattern':
      if (e.propertyName !== undefined) {
        return { at: [...at, e.propertyName], pointAtKey: true, message: `${prefix}bad variable name '${e.propertyName}' (names cannot contain '=')` };
      }
      if (at[at.length - 1] === 'name' && typeof value === 'string' && value.startsWith('-')) {
        return { at, pointAtKey: false, message: `${prefix}bad name ${show(value)}: a name cannot start with '-' (the command line would read it as an option)` };
      }
      if (at[at.length - 1] === 'name') {
        return { at, pointAtKey: false, message: `${prefix}bad name ${show(value)} (use only letters, digits, '.', '_' and '-')` };
      }
      return { at, pointAtKey: false, message: `${prefix}${show(value)} does not match ${String((e.params as { pattern: string }).pattern)}` };
    case 'propertyNames':
      return null; // the nested pattern error says it better
    case 'minimum':
      return { at, pointAtKey: false, message: `${prefix}must be at least ${String((e.params as { limit: number }).limit)} (got ${show(value)})` };
    case 'maxLength':
      return { at, pointAtKey: false, message: `${prefix}must be at most ${String((e.params as { limit: number }).limit)} characters (got ${String((value as string).length)})` };
    case 'minLength':
    case 'minItems':
      return { at, pointAtKey: false, message: `${prefix}must not be empty` };
    default:
      return { at, pointAtKey: false, message: `${prefix}${e.message ?? 'is not valid'}` };
  }
}
