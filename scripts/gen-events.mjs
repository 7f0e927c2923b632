#!/usr/bin/env node
// Generates src/events/catalog.generated.ts from manifest/events.yaml, and
// src/events/eventlog-host.generated.ts (the Event Log host script as a string
// constant, so that the single-executable bundle carries it) from
// src/events/eventlog-host.ps1. Written by `npm run build` before tsc; not kept
// in git. `--check` exits 1 when a generated file is not current.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'manifest', 'events.yaml');
const target = join(root, 'src', 'events', 'catalog.generated.ts');
const hostSource = join(root, 'src', 'events', 'eventlog-host.ps1');
const hostTarget = join(root, 'src', 'events', 'eventlog-host.generated.ts');
const LEVELS = new Set(['Information', 'Warning', 'Error']);
const RESERVED = new Set(['time', 'id', 'event', 'level', 'message']);
// text: a string built from the phrases table (psv's own words), rendered in the message's language.
const TYPES = new Set(['string', 'text', 'number', 'boolean', 'number|null', 'string|null']);

export function catalogProblems(events) {
  const problems = [];
  const ids = new Set();
  const names = new Set();
  for (const e of events) {
    const where = `event ${e.id} ${e.name}`;
    if (!Number.isInteger(e.id) || e.id < 1 || e.id > 65535) problems.push(`${where}: id must be an integer 1..65535`);
    if (ids.has(e.id)) problems.push(`${where}: duplicate id`);
    if (names.has(e.name)) problems.push(`${where}: duplicate name`);
    ids.add(e.id);
    names.add(e.name);
    if (!/^[A-Z][A-Za-z]+$/.test(e.name ?? '')) problems.push(`${where}: name must be PascalCase`);
    if (!LEVELS.has(e.level)) problems.push(`${where}: level must be Information, Warning or Error`);
    for (const [field, type] of Object.entries(e.fields ?? {})) {
      if (!TYPES.has(type)) problems.push(`${where}: field ${field} has unknown type ${type}`);
      if (RESERVED.has(field)) problems.push(`${where}: field ${field} would overwrite the record's own ${field}`);
    }
    for (const lang of ['en', 'ja']) {
      if (typeof e[lang] !== 'string' || e[lang].trim() === '') { problems.push(`${where}: no ${lang} message`); continue; }
      for (const [, name] of e[lang].matchAll(/\{(\w+)\}/g)) {
        if (!(name in (e.fields ?? {}))) problems.push(`${where}: ${lang} placeholder {${name}} is not a field`);
      }
    }
    if (typeof e.action !== 'string' || e.action.trim() === '') problems.push(`${where}: no action`);
  }
  return problems;
}

/** Problems of the phrases table: each has a name, both languages, and the same placeholders in both. */
export function phraseProblems(phrases) {
  const problems = [];
  const names = new Set();
  const ens = new Set();
  for (const ph of phrases ?? []) {
    const where = `phrase ${ph.name}`;
    if (!/^[A-Z][A-Za-z]+$/.test(ph.name ?? '')) problems.push(`${where}: name must be PascalCase`);
    if (names.has(ph.name)) problems.push(`${where}: duplicate name`);
    names.add(ph.name);
    if (ens.has(ph.en)) problems.push(`${where}: the same English text as another phrase`);
    ens.add(ph.en);
    const holes = {};
    for (const lang of ['en', 'ja']) {
      if (typeof ph[lang] !== 'string' || ph[lang].trim() === '') { problems.push(`${where}: no ${lang} text`); continue; }
      holes[lang] = [...ph[lang].matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
    }
    if (holes.en !== undefined && holes.ja !== undefined && holes.en !== holes.ja) problems.push(`${where}: en and ja have different placeholders`);
    if (/\{\w+\}\{\w+\}/.test(ph.en ?? '')) problems.push(`${where}: two placeholders side by side cannot be read back`);
  }
  return problems;
}

export function renderPhrases(phrases) {
  const lines = ['', '/** Every phrase psv puts inside an event field, with the placeholders each takes. */', 'export interface PhraseParamMap {'];
  for (const ph of phrases) {
    const holes = [...new Set([...ph.en.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))];
    lines.push(`  ${ph.name}: { ${holes.map((h) => `${h}: string | number;`).join(' ')} };`);
  }
  lines.push('}', '', 'export type PhraseName = keyof PhraseParamMap;', '');
  lines.push('export const PHRASES: Readonly<Record<PhraseName, { readonly en: string; readonly ja: string }>> = {');
  for (const ph of phrases) lines.push(`  ${ph.name}: { en: ${JSON.stringify(ph.en)}, ja: ${JSON.stringify(ph.ja)} },`);
  lines.push('};', '');
  return lines.join('\n');
}

export function render(events, phrases = []) {
  const lines = [
    '// Generated from manifest/events.yaml by scripts/gen-events.mjs. Do not edit.',
    '',
    "export type EventLevel = 'Information' | 'Warning' | 'Error';",
    '',
    'export interface EventDefinition {',
    '  readonly id: number;',
    '  readonly name: EventName;',
    '  readonly level: EventLevel;',
    '  readonly fields: readonly string[];',
    '  /** The fields whose words are psv\'s own (phrases), put in the message\'s language. */',
    '  readonly texts: readonly string[];',
    '  readonly en: string;',
    '  readonly ja: string;',
    '  readonly action: string;',
    '}',
    '',
    'export interface EventFieldMap {',
  ];
  for (const e of events) {
    const fields = Object.entries(e.fields ?? {}).map(([k, t]) => `${k}: ${t.replace('text', 'string').replace('|', ' | ')}`);
    lines.push(`  ${e.name}: { ${fields.join('; ')}${fields.length ? ';' : ''} };`);
  }
  lines.push('}', '', 'export type EventName = keyof EventFieldMap;', '');
  lines.push('export const CATALOG: Readonly<Record<EventName, EventDefinition>> = {');
  for (const e of events) {
    lines.push(`  ${e.name}: {`);
    lines.push(`    id: ${e.id},`);
    lines.push(`    name: '${e.name}',`);
    lines.push(`    level: '${e.level}',`);
    lines.push(`    fields: ${JSON.stringify(Object.keys(e.fields ?? {}))},`);
    lines.push(`    texts: ${JSON.stringify(Object.entries(e.fields ?? {}).filter(([, t]) => t === 'text').map(([k]) => k))},`);
    lines.push(`    en: ${JSON.stringify(e.en)},`);
    lines.push(`    ja: ${JSON.stringify(e.ja)},`);
    lines.push(`    action: ${JSON.stringify(e.action)},`);
    lines.push('  },');
  }
  lines.push('};', '');
  return lines.join('\n') + renderPhrases(phrases);
}

export function renderHost(script) {
  return [
    '// Generated from src/events/eventlog-host.ps1 by scripts/gen-events.mjs. Do not edit.',
    '',
    '/** The PowerShell functions the Event Log sink dot-sources into its host. */',
    `export const EVENTLOG_HOST_SCRIPT = ${JSON.stringify(script.replace(/\r\n/g, '\n'))};`,
    '',
  ].join('\n');
}

export function loadCatalog() {
  return parse(readFileSync(source, 'utf8')).events;
}

export function loadPhrases() {
  return parse(readFileSync(source, 'utf8')).phrases ?? [];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const events = loadCatalog();
  const phrases = loadPhrases();
  const problems = [...catalogProblems(events), ...phraseProblems(phrases)];
  if (problems.length) {
    for (const p of problems) console.error(`manifest/events.yaml: ${p}`);
    process.exit(1);
  }
  const outputs = [
    [target, render(events, phrases)],
    [hostTarget, renderHost(readFileSync(hostSource, 'utf8'))],
  ];
  let stale = false;
  for (const [file, text] of outputs) {
    if (process.argv.includes('--check')) {
      let current = '';
      try { current = readFileSync(file, 'utf8'); } catch { /* missing counts as stale */ }
      if (current !== text) { console.error(`${file} is stale: run npm run gen`); stale = true; }
    } else {
      writeFileSync(file, text);
    }
  }
  if (stale) process.exit(1);
}
