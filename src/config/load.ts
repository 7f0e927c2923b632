// Loads a psv YAML config: parse (with positions), validate against
// manifest/config.schema.json (which also supplies every default), then resolve into
// the PsvConfig the engine reads. Bad input never throws: every problem comes back
// at once with its line and column, in words a person can act on.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { isAlias, isCollection, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import schemaJson from '../../manifest/config.schema.json' with { type: 'json' };
import { platform } from '../platform/index.js';
import { splitCommandLine } from './argv.js';
import { DURATION_HINT, parseDuration, parseSize, SIZE_HINT } from './duration.js';
import { checkGroups } from './groups.js';
import { localeLanguage } from '../events/language.js';
import type { ProbeConfig, ProbeSpec, StallConfig } from '../probes/types.js';
import type { ConfigProblem, EventSinkKind, GroupConfig, GroupStrategy, InstancesConfig, LoadResult, MatchSpec, PsvConfig, RetryOverAction, TargetConfig, TargetKind } from './types.js';
import { findExecutable } from './which.js';
import { validate as generatedValidator } from './validate.generated.js';
import { durationProblems, numberProblems } from './values.js';

/** The parts of a JSON Schema this module reads. */
interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  enum?: unknown[];
  default?: unknown;
  [k: string]: unknown;
}

const schema = schemaJson as unknown as SchemaNode & { definitions: Record<string, SchemaNode> };

/**
 * The schema's validator, compiled ahead of time by scripts/gen-validator.mjs
 * with Ajv's options { allErrors, useDefaults, allowUnionTypes, verbose }.
 */
const validate = generatedValidator as unknown as ValidateFunction;

type Segment = string | number;
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

export interface LoadOptions {
  /** Look programs up the Windows way (PATHEXT, cwd first). Default: the running OS. */
  isWindows?: boolean;
  /** Environment the targets inherit (PATH for program lookup). Default: process.env. */
  env?: Record<string, string | undefined>;
}

export function loadConfig(file: string, options: LoadOptions = {}): LoadResult {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    return { ok: false, problems: [{ file: abs, line: 1, col: 1, severity: 'error', message: `cannot read config: ${msg}` }] };
  }
  return loadConfigText(text, abs, options);
}

export function loadConfigText(text: string, file: string, options: LoadOptions = {}): LoadResult {
  const abs = path.resolve(file);
  const problems = new Problems(abs);
  try {
    const config = load(text.replace(/^\uFEFF/, ''), abs, problems, options);
    if (config && !problems.hasErrors()) return { ok: true, config, warnings: problems.sorted() };
  } catch (err) {
    // A bug here must still come back as a problem, never as a crash of the monitor.
    problems.add(1, 1, `internal error while loading config: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  }
  return { ok: false, problems: problems.sorted() };
}

class Problems {
  private readonly list: ConfigProblem[] = [];
  constructor(private readonly file: string) {}
  add(line: number, col: number, message: string, severity: ConfigProblem['severity'] = 'error'): void {
    this.list.push({ file: this.file, line, col, message, severity });
  }
  hasErrors(): boolean {
    return this.list.some((p) => p.severity === 'error');
  }
  sorted(): ConfigProblem[] {
    const seen = new Set<string>();
    return this.list
      .filter((p) => {
        const key = `${p.line}:${p.col}:${p.severity}:${p.message}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .sort((a, b) => a.line - b.line || a.col - b.col);
  }
}

function load(text: string, file: string, problems: Problems, options: LoadOptions): PsvConfig | null {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => lines.linePos(offset);
  for (const e of doc.errors) {
    const { line, col } = at(e.pos[0]);
    problems.add(line, col, yamlMessage(e.code, e.message, text, e.pos[0]) + unclosedFlowHint(doc, text, e.message, e.pos[0], lines));
  }
  for (const w of doc.warnings) {
    const { line, col } = at(w.pos[0]);
    problems.add(line, col, `YAML: ${w.message}`, 'warning');
  }
  if (doc.errors.length > 0) return null;

  const nodes = new NodeFinder(doc, lines);
  let raw: Json;
  try {
    raw = (doc.toJS({ maxAliasCount: 1000 }) ?? {}) as Json;
  } catch (err) {
    problems.add(1, 1, `YAML: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  }
  raw = emptyValuesAsEmpty(raw, schema);

  // ajv fills schema defaults into `data`; `raw` keeps only what the user wrote, so that a
  // key a target leaves out falls back to `defaults:` rather than to the schema default.
  const data = structuredClone(raw);
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
  checkUniqueNames(raw, nodes, problems);
  checkTargetKinds(raw, nodes, problems);
  checkStallAndProbes(raw, nodes, problems);
  checkGroups(raw, (at, message, pointAtKey) => {
    const pos = nodes.position(at, pointAtKey);
    problems.add(pos.line, pos.col, message);
  });
  if (problems.hasErrors()) return null;

  return resolve(data as JsonObject, raw as JsonObject, file, nodes, problems, options);
}

// ---------------------------------------------------------------------------
// YAML positions

class NodeFinder {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** 1-based line:col of the value at `segments` (or of its key), or of the nearest ancestor found. */
  position(segments: Segment[], pointAtKey = false): { line: number; col: number } {
    let node: unknown = this.doc.contents;
    let key: unknown = null;
    const here = (n: unknown) => {
      const r = (n as Node | null)?.range;
      return r ? this.lines.linePos(r[0]) : null;
    };
    let best = here(node) ?? { line: 1, col: 1 };
    for (const seg of segments) {
      if (isAlias(node)) node = node.resolve(this.doc);
      if (isMap(node)) {
        const pair = node.items.find((p) => keyText(p.key) === String(seg));
        if (!pair) return best;
        key = pair.key;
        node = pair.value;
      } else if (isSeq(node)) {
        key = null;
        node = node.items[Number(seg)];
        if (node === undefined) return best;
      } else {
        return best;
      }
      const keyPos = here(key);
      // An empty value (`key:` with nothing after it) has no place of its own: use the key's.
      const emptyValue = node === null || (isScalar(node) && node.value === null && !node.source);
      best = (pointAtKey || emptyValue ? keyPos : here(node)) ?? keyPos ?? best;
    }
    return best;
  }
}

function keyText(k: unknown): string {
  if (isScalar(k)) return String(k.value);
  return String(k);
}

function yamlMessage(code: string, message: string, text: string, offset: number): string {
  if (code === 'DUPLICATE_KEY') {
    const key = /^[^:\n]*/.exec(text.slice(offset))?.[0].trim() ?? '';
    return `YAML: duplicate key '${key.replace(/^["']|["']$/g, '')}' (each key may appear once per mapping)`;
  }
  if (code === 'MULTIPLE_DOCS') return 'YAML: more than one document (---) in the file; psv reads one';
  return `YAML syntax: ${message}`;
}

/**
 * yaml reports an unclosed [ or { where it gives up, often lines later; say where it was opened.
 * The innermost flow collection that starts before the error and lacks its closing bracket.
 */
function unclosedFlowHint(doc: Document, text: string, message: string, offset: number, lines: LineCounter): string {
  const kind = /Flow (sequence|map)/.exec(message)?.[1];
  if (!kind) return '';
  const wanted = kind === 'sequence' ? '[' : '{';
  let opened: { start: number; bracket: string } | null = null;
  visit(doc, {
    Collection(_key, node) {
      if (!isCollection(node) || !node.flow || !node.range) return;
      const [start, end] = node.range;
      const bracket = isSeq(node) ? '[' : '{';
      const closed = text.slice(start, end).trimEnd().endsWith(bracket === '[' ? ']' : '}');
      if (bracket === wanted && start <= offset && !closed && (opened === null || start >= opened.start)) opened = { start, bracket };
    },
  });
  if (opened === null) return '';
  const { start, bracket }: { start: number; bracket: string } = opened;
  const { line, col } = lines.linePos(start);
  return ` (the ${bracket} opened at line ${line}, column ${col})`;
}

// ---------------------------------------------------------------------------
// Schema helpers

function deref(s: SchemaNode | undefined): SchemaNode | undefined {
  let cur = s;
  for (let i = 0; cur?.$ref && i < 10; i++) {
    const name = cur.$ref.replace('#/definitions/', '');
    cur = { ...schema.definitions[name], ...withoutRef(cur) };
  }
  return cur;
}

function withoutRef(s: SchemaNode): SchemaNode {
  const { $ref: _ref, ...rest } = s;
  return rest;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `monitor:` or `targets:` with nothing under it means an empty mapping or list. */
function emptyValuesAsEmpty(data: Json, s: SchemaNode | undefined): Json {
  const sch = deref(s);
  if (!sch) return data;
  if (data === null && sch.type === 'object') return {};
  if (data === null && sch.type === 'array') return [];
  if (isObject(data) && sch.properties) {
    for (const [k, sub] of Object.entries(sch.properties)) {
      if (k in data) data[k] = emptyValuesAsEmpty(data[k], sub);
    }
  } else if (Array.isArray(data) && sch.items) {
    for (let i = 0; i < data.length; i++) data[i] = emptyValuesAsEmpty(data[i], sch.items);
  }
  return data;
}

function decodePointer(pointer: string): Segment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function pathText(segments: Segment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
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

function checkUniqueNames(raw: Json, nodes: NodeFinder, problems: Problems): void {
  const targets = isObject(raw) ? raw.targets : undefined;
  if (!Array.isArray(targets)) return;
  const first = new Map<string, { index: number; name: string }>();
  targets.forEach((t, index) => {
    if (!isObject(t) || typeof t.name !== 'string') return;
    // Compared ignoring case: names become file names, and Windows file names ignore case.
    const key = t.name.toLowerCase();
    const prior = first.get(key);
    if (!prior) {
      first.set(key, { index, name: t.name });
      return;
    }
    const pos = nodes.position(['targets', index, 'name']);
    const priorLine = nodes.position(['targets', prior.index, 'name']).line;
    const same = prior.name === t.name ? '' : ` (same as '${prior.name}' ignoring case)`;
    problems.add(pos.line, pos.col, `targets[${index}].name: duplicate target name '${t.name}'${same} (first defined at line ${priorLine})`);
  });
}

// ---------------------------------------------------------------------------
// Target kinds: the combinations the schema leaves open, said in plain words

const KIND_KEYS: readonly TargetKind[] = ['command', 'match', 'pidfile', 'service'];
const KIND_LIST = 'command, match, pidfile or service';

/** The kind keys a target has, in the order they are written. */
function kindKeys(t: JsonObject): TargetKind[] {
  return Object.keys(t).filter((k): k is TargetKind => (KIND_KEYS as readonly string[]).includes(k));
}

/** A target's kind: its first kind key, except that pidfile with match is a pidfile target. */
function kindOf(t: JsonObject): TargetKind | null {
  const keys = kindKeys(t);
  if (keys.length === 0) return null;
  return keys[0] === 'match' && keys.includes('pidfile') ? 'pidfile' : keys[0]!;
}

/** Only pidfile and match may be given together (match then checks the pid's program). */
function goTogether(a: TargetKind, b: TargetKind): boolean {
  return (a === 'pidfile' && b === 'match') || (a === 'match' && b === 'pidfile');
}

/** Keys that only one kind of target reads. */
const KIND_ONLY: Record<string, TargetKind> = { instances: 'match', onExcess: 'match', restartWhenStopped: 'service' };

function checkTargetKinds(raw: Json, nodes: NodeFinder, problems: Problems): void {
  if (!isObject(raw)) return;
  const defaultsRestart = isObject(raw.defaults) && isObject(raw.defaults.restart) ? raw.defaults.restart : {};
  if ('command' in defaultsRestart) {
    const pos = nodes.position(['defaults', 'restart', 'command'], true);
    problems.add(pos.line, pos.col, 'defaults.restart.command: a restore command belongs to one target; give it under that target\'s restart');
  }
  if (!Array.isArray(raw.targets)) return;
  raw.targets.forEach((t, i) => {
    if (!isObject(t)) return;
    const label = `targets[${i}]`;
    const keyAt = (...segs: Segment[]) => nodes.position(['targets', i, ...segs], true);
    const valueAt = (...segs: Segment[]) => nodes.position(['targets', i, ...segs]);

    const keys = kindKeys(t);
    if (keys.length === 0) {
      const pos = valueAt();
      problems.add(pos.line, pos.col, `${label}: give one of ${KIND_LIST}`);
      return;
    }
    for (const key of keys.slice(1)) {
      if (goTogether(keys[0]!, key)) continue;
      const pos = keyAt(key);
      problems.add(pos.line, pos.col, `${label}.${key}: a target has one of ${KIND_LIST}, and this one already has '${keys[0]}' (only pidfile and match go together)`);
    }
    const kind = kindOf(t)!;

    for (const [key, only] of Object.entries(KIND_ONLY)) {
      if (!(key in t) || kind === only) continue;
      const pos = keyAt(key);
      problems.add(pos.line, pos.col, `${label}.${key}: applies to ${only} targets only; this is a ${kind} target`);
    }
    const ownRestart = isObject(t.restart) ? t.restart : {};
    if ('command' in ownRestart && (kind === 'command' || kind === 'service')) {
      const pos = keyAt('restart', 'command');
      const why =
        kind === 'command'
          ? 'psv starts this target itself and re-spawns it with its command; restart.command is for targets psv did not start (use restart.script for a step before each re-spawn)'
          : 'psv starts a service through the service manager; restart.command is for match and pidfile targets (use restart.script for a step before the start)';
      problems.add(pos.line, pos.col, `${label}.restart.command: ${why}`);
    }
    if ('match' in t) checkMatch(t.match, label, keyAt, valueAt, problems);
    if (isObject(t.instances) && typeof t.instances.max === 'number') {
      const min = typeof t.instances.min === 'number' ? t.instances.min : defaultInstancesMin();
      if (t.instances.max < min) {
        const pos = valueAt('instances', 'max');
        const minText = 'min' in t.instances ? `instances.min (${min})` : `instances.min (${min}, the default)`;
        problems.add(pos.line, pos.col, `${label}.instances.max: must be at least ${minText} (got ${t.instances.max})`);
      }
    }
  });
}

function defaultInstancesMin(): number {
  const instances = deref(schema.definitions.target.properties?.instances);
  return Number(deref(instances?.properties?.min)?.default ?? 1);
}

type Locate = (...segs: Segment[]) => { line: number; col: number };

function checkMatch(match: Json | undefined, label: string, keyAt: Locate, valueAt: Locate, problems: Problems): void {
  const checkName = (name: Json | undefined, where: string, pos: { line: number; col: number }) => {
    if (typeof name !== 'string' || !/[\\/]/.test(name)) return;
    const base = name.split(/[\\/]/).pop() || name;
    problems.add(pos.line, pos.col, `${where}: '${name}' has a folder, but name is compared with the executable's base name only (give '${base}')`);
  };
  if (typeof match === 'string') {
    checkName(match, `${label}.match`, valueAt('match'));
    return;
  }
  if (!isObject(match)) return;
  if (match.name === undefined && match.args === undefined) {
    const pos = keyAt('match');
    problems.add(pos.line, pos.col, `${label}.match: give name or args (or both); user alone would match every process of that user`);
  }
  checkName(match.name, `${label}.match.name`, valueAt('match', 'name'));
  if (typeof match.args === 'string') {
    try {
      new RegExp(match.args);
    } catch (err) {
      const why = (err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
      const pos = valueAt('match', 'args');
      problems.add(pos.line, pos.col, `${label}.match.args: bad regular expression ${JSON.stringify(match.args)}: ${why}`);
    }
  }
}

// ---------------------------------------------------------------------------
// Stall detection and health probes (targets[].stall, targets[].probes)

const PROBE_KINDS = ['tcp', 'http', 'command'] as const;

function checkStallAndProbes(raw: Json, nodes: NodeFinder, problems: Problems): void {
  if (!isObject(raw) || !Array.isArray(raw.targets)) return;
  raw.targets.forEach((t, i) => {
    if (!isObject(t)) return;
    const label = `targets[${i}]`;
    const keyAt = (...segs: Segment[]) => nodes.position(['targets', i, ...segs], true);
    const valueAt = (...segs: Segment[]) => nodes.position(['targets', i, ...segs]);
    if (isObject(t.stall) && t.stall.file != null && t.stall.heartbeat === undefined) {
      const pos = keyAt('stall', 'file');
      problems.add(pos.line, pos.col, `${label}.stall.file: give stall.heartbeat too (how often the file's modification time must advance)`);
    }
    if (!Array.isArray(t.probes)) return;
    t.probes.forEach((p, j) => {
      if (!isObject(p)) return;
      const where = `${label}.probes[${j}]`;
      const kinds = PROBE_KINDS.filter((k) => k in p);
      if (kinds.length === 0) {
        const pos = valueAt('probes', j);
        problems.add(pos.line, pos.col, `${where}: give one of tcp, http or command`);
        return;
      }
      for (const extra of kinds.slice(1)) {
        const pos = keyAt('probes', j, extra);
        problems.add(pos.line, pos.col, `${where}.${extra}: a probe has one of tcp, http or command, and this one already has '${kinds[0]}' (write a second probe)`);
      }
      if ('expect' in p && kinds[0] !== 'http') {
        const pos = keyAt('probes', j, 'expect');
        problems.add(pos.line, pos.col, `${where}.expect: applies to http probes only; this is a ${kinds[0]} probe`);
      }
      if (kinds[0] === 'tcp' && typeof p.tcp === 'string') {
        const parsed = tcpAddressOf(p.tcp);
        if (typeof parsed === 'string') {
          const pos = valueAt('probes', j, 'tcp');
          problems.add(pos.line, pos.col, `${where}.tcp: ${parsed}`);
        }
      }
      if (kinds[0] === 'http' && typeof p.http === 'string') {
        let ok = false;
        try {
          ok = new URL(p.http).hostname !== '';
        } catch {
          ok = false;
        }
        if (!ok) {
          const pos = valueAt('probes', j, 'http');
          problems.add(pos.line, pos.col, `${where}.http: bad URL ${JSON.stringify(p.http)} (give e.g. http://127.0.0.1:8080/health)`);
        }
      }
    });
  });
}

/** `8080`, `"8080"`, `"host:8080"`, `"[::1]:8080"`; host defaults to 127.0.0.1. A string is the reason it is unusable. */
function tcpAddressOf(value: string | number): { host: string; port: number } | string {
  const text = String(value).trim();
  const m = /^(?:\[([^\]]+)\]|([^:\s]+)):(\d+)$/.exec(text) ?? /^()()(\d+)$/.exec(text);
  const hint = 'give a port (8080) or host:port (127.0.0.1:8080, [::1]:8080)';
  if (!m) return `bad address ${JSON.stringify(text)} (${hint})`;
  const port = Number(m[3]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return `port ${m[3]} is out of range (1 to 65535)`;
  return { host: m[1] || m[2] || '127.0.0.1', port };
}

function stallOf(stall: JsonObject, baseDir: string): StallConfig {
  const ms = (v: Json | undefined) => (typeof v === 'string' || typeof v === 'number' ? parseDuration(v) : null);
  return {
    heartbeatMs: ms(stall.heartbeat),
    file: typeof stall.file === 'string' ? path.resolve(baseDir, stall.file) : null,
    stuckForMs: ms(stall.stuckFor),
  };
}

/** The probes with the schema's defaults filled in; null (reported) when a command is unusable. */
function probesOf(probes: JsonObject[], label: string, here: Locate, problems: Problems): ProbeConfig[] | null {
  const out: ProbeConfig[] = [];
  for (const [j, p] of probes.entries()) {
    let spec: ProbeSpec;
    if (p.tcp !== undefined) {
      const address = tcpAddressOf(p.tcp as string | number);
      if (typeof address === 'string') return null; // reported by checkStallAndProbes
      spec = { kind: 'tcp', ...address };
    } else if (p.http !== undefined) {
      spec = { kind: 'http', url: p.http as string, expect: typeof p.expect === 'number' ? p.expect : 0 };
    } else {
      const argv = argvOf(p.command, `${label}.probes[${j}].command`, here('probes', j, 'command'), problems);
      if (argv === null) return null;
      spec = { kind: 'command', command: argv };
    }
    out.push({
      spec,
      everyMs: parseDuration(p.every as string | number),
      timeoutMs: parseDuration(p.timeout as string | number),
      failures: p.failures as number,
      initialDelayMs: parseDuration(p.initialDelay as string | number),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Resolution into PsvConfig

function resolve(data: JsonObject, raw: JsonObject, file: string, nodes: NodeFinder, problems: Problems, options: LoadOptions): PsvConfig | null {
  const baseDir = path.dirname(file);
  const m = data.monitor as JsonObject;
  const events = m.events as JsonObject;
  const logs = m.logs as JsonObject;
  const stateDir = path.resolve(baseDir, m.stateDir as string);

  const monitor: PsvConfig['monitor'] = {
    intervalMs: parseDuration(m.interval as string | number),
    stateDir,
    control: typeof m.control === 'string' ? (/^\\\\[.?]\\pipe\\/i.test(m.control) ? m.control : path.resolve(baseDir, m.control)) : null,
    adminGroup: (m.adminGroup as string | null) ?? null,
    events: resolveEvents(events, baseDir, stateDir),
    logs: { maxBytes: parseSize(logs.maxSize as string | number), keep: logs.keep as number },
    analysis: resolveAnalysis(m.analysis as JsonObject, baseDir, stateDir),
  };

  const defaults = data.defaults as JsonObject;
  const rawTargets = (raw.targets ?? []) as JsonObject[];
  const filledTargets = (data.targets ?? []) as JsonObject[];
  if (rawTargets.length === 0) {
    const pos = nodes.position(['targets']);
    problems.add(pos.line, pos.col, 'targets: the list is empty, so there is nothing to monitor', 'warning');
  }
  const targets: TargetConfig[] = [];
  rawTargets.forEach((t, i) => {
    const target = resolveTarget(t, filledTargets[i] ?? t, i, defaults, baseDir, nodes, problems, options);
    if (target) targets.push(target);
  });
  if (targets.length !== rawTargets.length) return null;
  const groups: GroupConfig[] = ((data.groups ?? []) as JsonObject[]).map((g) => {
    const restart = g.restart as JsonObject;
    const backoff = restart.backoff as JsonObject;
    return {
      name: g.name as string,
      members: g.members as string[],
      strategy: g.strategy as GroupStrategy,
      restart: {
        retries: restart.retries as number,
        windowMs: parseDuration(restart.window as string | number),
        delayMs: parseDuration(restart.delay as string | number),
        backoff: { factor: backoff.factor as number, maxMs: parseDuration(backoff.max as string | number) },
      },
      onRetryOver: g.onRetryOver as RetryOverAction,
      dependsOn: (g.dependsOn ?? []) as string[],
    };
  });
  for (const g of groups) for (const t of targets) if (g.members.includes(t.name)) t.group = g.name;
  return { file, monitor, targets, groups };
}

/** monitor.analysis: the incident folder (default stateDir/incidents), sizes in bytes, the interval in ms. */
function resolveAnalysis(a: JsonObject, baseDir: string, stateDir: string): PsvConfig['monitor']['analysis'] {
  return {
    dir: typeof a.dir === 'string' ? path.resolve(baseDir, a.dir) : path.join(stateDir, 'incidents'),
    keep: a.keep as number,
    maxBytes: parseSize(a.maxSize as string | number),
    maxDumpBytes: parseSize(a.maxDumpSize as string | number),
    minIntervalMs: parseDuration(a.minInterval as string | number),
    procdump: typeof a.procdump === 'string' ? a.procdump : null,
  };
}

/** monitor.events: the file in its string or { path, maxSize, keep } form, the language resolved from the OS locale. */
function resolveEvents(events: JsonObject, baseDir: string, stateDir: string): PsvConfig['monitor']['events'] {
  const fileSpec = events.file;
  const fileObject = isObject(fileSpec) ? fileSpec : null;
  const filePath = fileObject ? fileObject.path : fileSpec;
  const fileDefaults = deref(deref(deref(schema.properties?.monitor)?.properties?.events)?.properties?.file)?.properties ?? {};
  const syslog = events.syslog as JsonObject;
  const eventlog = events.eventlog as JsonObject;
  const language = events.language as 'auto' | 'en' | 'ja';
  return {
    file: filePath === false ? null : typeof filePath === 'string' ? path.resolve(baseDir, filePath) : path.join(stateDir, 'events.jsonl'),
    rotate: {
      maxBytes: parseSize((fileObject?.maxSize ?? fileDefaults.maxSize?.default) as string | number),
      keep: (fileObject?.keep ?? fileDefaults.keep?.default) as number,
    },
    console: events.console as boolean,
    language: language === 'auto' ? localeLanguage() : language,
    sinks: (events.sinks as EventSinkKind[] | null) ?? null,
    syslog: { address: syslog.address as string, facility: syslog.facility as string },
    eventlog: { source: eventlog.source as string, log: eventlog.log as string },
    floodPerMinute: (events.flood as JsonObject).perMinute as number,
    queue: events.queue as number,
  };
}

/**
 * `t` is the target as written (so that a key it leaves out falls back to `defaults:`);
 * `filled` is the same target with the schema's defaults, for the keys only targets have.
 */
function resolveTarget(
  t: JsonObject,
  filled: JsonObject,
  i: number,
  defaults: JsonObject,
  baseDir: string,
  nodes: NodeFinder,
  problems: Problems,
  options: LoadOptions,
): TargetConfig | null {
  const here = (...segs: Segment[]) => nodes.position(['targets', i, ...segs]);
  const label = `targets[${i}]`;
  const kind = kindOf(t);
  if (kind === null) return null; // reported by checkTargetKinds

  // The target's own values win; `defaults:` (already filled from the schema) fills the rest.
  const d = defaults.restart as JsonObject;
  const own = isObject(t.restart) ? t.restart : {};
  const restart = { ...d, ...own, backoff: { ...(d.backoff as JsonObject), ...(isObject(own.backoff) ? own.backoff : {}) } } as JsonObject;
  const backoff = restart.backoff as JsonObject;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...(defaults.env as JsonObject | undefined), ...(t.env as JsonObject | undefined) })) env[k] = String(v);
  const cwd = path.resolve(baseDir, (t.cwd ?? defaults.cwd ?? '.') as string);
  const script = typeof restart.script === 'string' ? path.resolve(baseDir, restart.script) : null;

  const command = kind === 'command' ? argvOf(t.command as Json, `${label}.command`, here('command'), problems) : [];
  if (command === null) return null;
  const restoreCommand = own.command !== undefined ? argvOf(own.command, `${label}.restart.command`, here('restart', 'command'), problems) : null;
  if (own.command !== undefined && restoreCommand === null) return null;

  const probes = probesOf((filled.probes ?? []) as JsonObject[], label, here, problems);
  if (probes === null) return null;

  const isWindows = options.isWindows ?? platform.isWindows;
  const inherited = options.env ?? process.env;
  // Only the command, or for other kinds the restore script and command, run in cwd.
  const runsInCwd = kind === 'command' || script !== null || restoreCommand !== null;
  if (runsInCwd && !existsDir(cwd)) {
    const [where, pos] =
      t.cwd !== undefined
        ? [`${label}.cwd`, here('cwd')]
        : defaults.cwd !== undefined
          ? ['defaults.cwd', nodes.position(['defaults', 'cwd'])]
          : [label, here()];
    const runs = [script !== null ? 'restart.script' : '', restoreCommand !== null ? 'restart.command' : ''].filter((x) => x).join(' and ');
    const consequence = kind === 'command' ? 'the target will fail to start' : `${runs} will fail to start`;
    problems.add(pos.line, pos.col, `${where}: directory '${cwd}' does not exist; ${consequence}`, 'warning');
  } else if (runsInCwd) {
    // PATH is all the lookup reads: no copy of the whole environment per target.
    const ownLookupVars = Object.keys(env).some((k) => k.toUpperCase() === 'PATH' || k.toUpperCase() === 'PATHEXT');
    const lookup = { cwd, env: ownLookupVars ? { ...inherited, ...env } : inherited, isWindows };
    if (kind === 'command') warnIfNotFound(command[0]!, lookup, `${label}.command`, here('command'), 'the target will fail to start', problems);
    if (restoreCommand) warnIfNotFound(restoreCommand[0]!, lookup, `${label}.restart.command`, here('restart', 'command'), 'the target cannot be restored', problems);
  }
  if (script !== null && !existsSync(script)) {
    const [where, pos] =
      'script' in own ? [`${label}.restart.script`, here('restart', 'script')] : ['defaults.restart.script', nodes.position(['defaults', 'restart', 'script'])];
    problems.add(pos.line, pos.col, `${where}: '${script}' does not exist`, 'warning');
  }
  if ((kind === 'match' || kind === 'pidfile') && script === null && restoreCommand === null && restart.retries !== 0) {
    const pos = here();
    problems.add(pos.line, pos.col, `${label}: psv can detect the loss but has no way to restore it; give restart.script or restart.command`, 'warning');
  }

  return {
    name: t.name as string,
    kind,
    command,
    match: kind === 'match' || kind === 'pidfile' ? matchSpecOf(t.match) : null,
    pidfile: kind === 'pidfile' ? path.resolve(baseDir, t.pidfile as string) : null,
    service: kind === 'service' ? (t.service as string) : null,
    restartWhenStopped: kind === 'service' && filled.restartWhenStopped === true,
    instances: kind === 'match' ? instancesOf(filled.instances as JsonObject) : null,
    onExcess: filled.onExcess as TargetConfig['onExcess'],
    cwd,
    env,
    restart: {
      type: restart.type as TargetConfig['restart']['type'],
      retries: restart.retries as number,
      windowMs: parseDuration(restart.window as string | number),
      delayMs: parseDuration(restart.delay as string | number),
      backoff: { factor: backoff.factor as number, maxMs: parseDuration(backoff.max as string | number) },
      script,
      scriptTimeoutMs: parseDuration(restart.scriptTimeout as string | number),
      command: restoreCommand,
      confirmTimeoutMs: parseDuration(restart.confirmTimeout as string | number),
    },
    onRetryOver: (t.onRetryOver ?? defaults.onRetryOver) as RetryOverAction,
    stopTimeoutMs: parseDuration((t.stopTimeout ?? defaults.stopTimeout) as string | number),
    dependsOn: (t.dependsOn ?? []) as string[],
    readyAfterMs: t.readyAfter === 'notify' ? 0 : parseDuration((t.readyAfter ?? '0s') as string | number),
    readyOnNotify: t.readyAfter === 'notify',
    group: null,
    stall: stallOf(filled.stall as JsonObject, baseDir),
    probes,
  };
}

/** A command list, or one string split like a command line; null (reported) when unusable. */
function argvOf(value: Json | undefined, where: string, pos: { line: number; col: number }, problems: Problems): string[] | null {
  let argv: string[];
  if (typeof value === 'string') {
    try {
      argv = splitCommandLine(value);
    } catch (err) {
      problems.add(pos.line, pos.col, `${where}: ${(err as Error).message} in ${JSON.stringify(value)}`);
      return null;
    }
  } else {
    argv = (value as (string | number)[]).map(String);
  }
  if (argv.length === 0 || argv[0] === '') {
    problems.add(pos.line, pos.col, `${where}: the program name is empty`);
    return null;
  }
  return argv;
}

function warnIfNotFound(
  program: string,
  lookup: { cwd: string; env: Record<string, string | undefined>; isWindows: boolean },
  where: string,
  pos: { line: number; col: number },
  consequence: string,
  problems: Problems,
): void {
  const found = findExecutable(program, lookup);
  if (found.found) return;
  const why =
    found.reason === 'not-executable'
      ? `'${found.tried}' is not executable (chmod +x?)`
      : found.tried === 'PATH'
        ? `program '${program}' not found on PATH`
        : `program '${found.tried}' does not exist`;
  problems.add(pos.line, pos.col, `${where}: ${why}; ${consequence}`, 'warning');
}

/** `match: java` is `match: { name: java }`. */
function matchSpecOf(value: Json | undefined): MatchSpec | null {
  if (typeof value === 'string') return { name: value, args: null, user: null };
  if (!isObject(value)) return null;
  const text = (v: Json | undefined) => (typeof v === 'string' ? v : null);
  return { name: text(value.name), args: text(value.args), user: text(value.user) };
}

function instancesOf(value: JsonObject): InstancesConfig {
  return { min: value.min as number, max: typeof value.max === 'number' ? value.max : null };
}

function existsDir(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
