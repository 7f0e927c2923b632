// What the schema (and values.ts, for what the schema cannot say) refuses, in
// words a person can act on: the key as a path, the value as written, and for
// an unknown key the one that was probably meant.
import type { ErrorObject } from 'ajv';
import localizeJaModule from 'ajv-i18n/localize/ja/index.js';
import type { Document } from 'yaml';
import { DURATION_HINT, SIZE_HINT } from './duration.js';
import { pathText, type Problems, type Segment } from './problems.js';
import { deref, schema, validate, type Json, type SchemaNode } from './schema.js';
import { durationProblems, numberProblems } from './values.js';
import type { NodeFinder } from './yaml-positions.js';
import { outputLanguage, say } from '../i18n/say.js';

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
  if (v === null || v === undefined) return say({ en: 'nothing', ja: '値なし' });
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return say({ en: 'a list', ja: 'リスト' });
  if (typeof v === 'object') return say({ en: 'a mapping', ja: 'マッピング' });
  return String(v);
}

const TYPE_WORDS: Record<string, { en: string; ja: string }> = {
  string: { en: 'a string', ja: '文字列' },
  number: { en: 'a number', ja: '数値' },
  integer: { en: 'a whole number', ja: '整数' },
  boolean: { en: 'a boolean (true or false)', ja: '真偽値 (true または false)' },
  object: { en: 'a mapping (key: value)', ja: 'マッピング (キー: 値)' },
  array: { en: 'a list', ja: 'リスト' },
  null: { en: 'null', ja: 'null' },
};

export function typeWords(t: unknown): string {
  const types = Array.isArray(t) ? t : String(t).split(',');
  const words = types.map((x) => (TYPE_WORDS[x] ? say(TYPE_WORDS[x]) : x));
  if (words.length <= 1) return words.join('');
  return say({ en: '{some} or {last}', ja: '{some}、または {last}' }, { some: words.slice(0, -1).join(', '), last: words[words.length - 1]! });
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

type Localize = (errors: ErrorObject[]) => void;
// A CommonJS module: Node hands its function as the default, a bundler may wrap it once more.
const localizeJa: Localize = typeof localizeJaModule === 'function' ? (localizeJaModule as Localize) : (localizeJaModule as unknown as { default: Localize }).default;

/** ajv's own words for a keyword psv has no sentence for, in the output language (ajv-i18n). */
export function ajvMessage(e: ErrorObject): string {
  if (outputLanguage() === 'ja') {
    const copy = { ...e };
    localizeJa([copy]);
    if (copy.message) return copy.message;
  }
  return e.message ?? say({ en: 'is not valid', ja: '正しくありません' });
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
    return { at, pointAtKey: false, message: prefix + say({ en: 'bad duration {v} ({hint})', ja: '期間の指定 {v} が正しくありません ({hint})' }, { v: show(value), hint: say(DURATION_HINT) }) };
  }
  if (def === 'size' && ['type', 'pattern', 'minimum'].includes(e.keyword)) {
    return { at, pointAtKey: false, message: prefix + say({ en: 'bad size {v} ({hint})', ja: 'サイズの指定 {v} が正しくありません ({hint})' }, { v: show(value), hint: say(SIZE_HINT) }) };
  }

  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys(deref(e.parentSchema as SchemaNode)?.properties ?? {}).filter((k) => k !== '$schema');
      const synonym = [KEY_SYNONYMS[key.toLowerCase()] ?? []].flat().find((k) => allowed.includes(k));
      const near = synonym ?? suggestKey(key, allowed);
      const hint = near ? say({ en: "did you mean '{near}'?", ja: "'{near}' の誤りではありませんか?" }, { near }) : say({ en: 'allowed: {keys}', ja: '使用できるキー: {keys}' }, { keys: allowed.join(', ') });
      const place = where ? say({ en: 'in {where}', ja: '{where} 内の' }, { where }) : say({ en: 'at the top level', ja: '最上位の' });
      return { at: [...at, key], pointAtKey: true, message: say({ en: "unknown key '{key}' {place} ({hint})", ja: "{place}キー '{key}' は不明です ({hint})" }, { key, place, hint }) };
    }
    case 'required': {
      const key = String((e.params as { missingProperty: string }).missingProperty);
      return { at, pointAtKey: false, message: say({ en: "{where}: missing required key '{key}'", ja: "{where}: 必須のキー '{key}' がありません" }, { where: where || say({ en: 'top level', ja: '最上位' }), key }) };
    }
    case 'type':
      return { at, pointAtKey: false, message: prefix + say({ en: 'must be {type} (got {v})', ja: '{type} で指定してください (指定値: {v})' }, { type: typeWords((e.params as { type: unknown }).type), v: show(value) }) };
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String).join(', ');
      return { at, pointAtKey: false, message: prefix + say({ en: 'must be one of {allowed} (got {v})', ja: '{allowed} のいずれかを指定してください (指定値: {v})' }, { allowed, v: show(value) }) };
    }
    case 'pattern':
      if (e.propertyName !== undefined) {
        return { at: [...at, e.propertyName], pointAtKey: true, message: prefix + say({ en: "bad variable name '{n}' (names cannot contain '=')", ja: "変数名 '{n}' が正しくありません (名前に '=' は使えません)" }, { n: e.propertyName }) };
      }
      if (at[at.length - 1] === 'name' && typeof value === 'string' && value.startsWith('-')) {
        return { at, pointAtKey: false, message: prefix + say({ en: "bad name {v}: a name cannot start with '-' (the command line would read it as an option)", ja: "名前 {v} が正しくありません: 名前は '-' で始められません (コマンドラインがオプションとして読むため)" }, { v: show(value) }) };
      }
      if (at[at.length - 1] === 'name') {
        return { at, pointAtKey: false, message: prefix + say({ en: "bad name {v} (use only letters, digits, '.', '_' and '-')", ja: "名前 {v} が正しくありません (英字、数字、'.'、'_'、'-' のみ使えます)" }, { v: show(value) }) };
      }
      return { at, pointAtKey: false, message: prefix + say({ en: '{v} does not match {pattern}', ja: '{v} は {pattern} に一致しません' }, { v: show(value), pattern: String((e.params as { pattern: string }).pattern) }) };
    case 'propertyNames':
      return null; // the nested pattern error says it better
    case 'minimum':
      return { at, pointAtKey: false, message: prefix + say({ en: 'must be at least {limit} (got {v})', ja: '{limit} 以上を指定してください (指定値: {v})' }, { limit: String((e.params as { limit: number }).limit), v: show(value) }) };
    case 'maxLength':
      return { at, pointAtKey: false, message: prefix + say({ en: 'must be at most {limit} characters (got {n})', ja: '{limit} 文字以内で指定してください ({n} 文字あります)' }, { limit: String((e.params as { limit: number }).limit), n: String((value as string).length) }) };
    case 'minLength':
    case 'minItems':
      return { at, pointAtKey: false, message: prefix + say({ en: 'must not be empty', ja: '空にはできません' }) };
    default:
      return { at, pointAtKey: false, message: prefix + ajvMessage(e) };
  }
}
