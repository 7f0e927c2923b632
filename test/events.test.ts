// The event catalog: generated code current, every emitted event defined in
// both languages, placeholders matching the fields the code passes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { EventBus, formatMessage, type EventRecord } from '../src/events/bus.js';
import { CATALOG, type EventName } from '../src/events/catalog.generated.js';
import { ROOT } from './helpers.js';

interface CatalogEntry {
  id: number;
  name: string;
  level: string;
  fields: Record<string, string>;
  en: string;
  ja: string;
}

const manifest = (parse(readFileSync(join(ROOT, 'manifest', 'events.yaml'), 'utf8')) as { events: CatalogEntry[] }).events;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('event catalog', () => {
  it('the generated catalog is current with manifest/events.yaml', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'gen-events.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });

  it('docs/events.md and docs/alerting.md are current (node scripts/gen-events-doc.mjs)', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'gen-events-doc.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const doc = readFileSync(join(ROOT, 'docs', 'events.md'), 'utf8');
    for (const e of manifest) assert.ok(doc.includes(`| ${e.id} | ${e.level} | ${e.name} |`), `${e.name} is in docs/events.md`);
    const alerting = readFileSync(join(ROOT, 'docs', 'alerting.md'), 'utf8');
    for (const name of ['RetryOver', 'Failover', 'RestartFailed', 'AccessDenied', 'EventsDropped']) assert.match(alerting, new RegExp(`\\| ${name} \\|`), `${name} is alerted on`);
  });

  it('every emit passes exactly the fields its catalog entry declares', () => {
    const byName = new Map(manifest.map((e) => [e.name, e]));
    let checked = 0;
    for (const file of sourceFiles(join(ROOT, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bemit\(\s*'(\w+)',\s*\{/g)) {
        const keys = topLevelKeys(text, m.index! + m[0].length - 1);
        const declared = Object.keys(byName.get(m[1]!)?.fields ?? {}).sort();
        assert.deepEqual(keys.sort(), declared, `${file}: emit('${m[1]}') passes ${keys.join(', ')}`);
        checked++;
      }
    }
    assert.ok(checked >= 30, `checked ${checked} emit calls`);
  });

  it('every id and name appears once, with English and Japanese messages', () => {
    const ids = manifest.map((e) => e.id);
    const names = manifest.map((e) => e.name);
    assert.equal(new Set(ids).size, ids.length, 'duplicate id');
    assert.equal(new Set(names).size, names.length, 'duplicate name');
    for (const e of manifest) {
      assert.ok(e.en.trim(), `${e.name} has an English message`);
      assert.ok(e.ja.trim(), `${e.name} has a Japanese message`);
      assert.match(e.ja, /[\u3040-\u30ff\u4e00-\u9fff]|Up|Down/, `${e.name}'s ja message is Japanese`);
    }
  });

  it('every placeholder is a declared field, in both languages', () => {
    for (const e of manifest) {
      for (const lang of ['en', 'ja'] as const) {
        for (const [, name] of e[lang].matchAll(/\{(\w+)\}/g)) {
          assert.ok(name! in e.fields, `${e.name} ${lang}: {${name}} is not a field`);
        }
      }
    }
  });

  it('every event the code emits is defined in the catalog', () => {
    const emitted = new Set<string>();
    // psv's events are PascalCase; lower-case names ('spawn', 'exit') are Node-style emitter events.
    for (const file of sourceFiles(join(ROOT, 'src'))) {
      for (const [, name] of readFileSync(file, 'utf8').matchAll(/\bemit\(\s*'([A-Z]\w*)'/g)) emitted.add(name!);
    }
    assert.ok(emitted.size >= 9, `found the emitted events (${[...emitted].join(', ')})`);
    for (const name of emitted) assert.ok(names().has(name), `${name} is emitted but not in manifest/events.yaml`);
    for (const required of ['MonitorStarted', 'MonitorStopped', 'TargetStarted', 'TargetUp', 'TargetDown', 'RestartAttempt', 'RestartFailed', 'RetryOver']) {
      assert.ok(emitted.has(required), `${required} is emitted by the code`);
    }
  });

  it('formats messages with every field filled in, in both languages', () => {
    const records: EventRecord[] = [];
    for (const language of ['en', 'ja'] as const) {
      const bus = new EventBus([{ write: (r) => records.push(r) }], language, () => new Date('2026-11-25T00:00:00Z'));
      for (const e of manifest) {
        const fields = Object.fromEntries(Object.keys(e.fields).map((k) => [k, `<${k}>`]));
        bus.emit(e.name as EventName, fields as never);
      }
    }
    assert.equal(records.length, manifest.length * 2);
    for (const r of records) {
      assert.doesNotMatch(r.message, /\{\w+\}/, `${r.event}: unfilled placeholder in "${r.message}"`);
      assert.equal(r.id, CATALOG[r.event].id);
      assert.equal(r.time, '2026-11-25T00:00:00.000Z');
    }
    assert.equal(formatMessage("('{target}', pid={pid}) Up", { target: 'web', pid: 12 }), "('web', pid=12) Up");
  });

  it('a sink that throws does not stop the others', () => {
    const got: string[] = [];
    const bus = new EventBus([{ write: () => { throw new Error('disk full'); } }, { write: (r) => got.push(r.event) }]);
    bus.emit('MonitorError', { error: 'x' });
    assert.deepEqual(got, ['MonitorError']);
  });
});

function names(): Set<string> {
  return new Set(manifest.map((e) => e.name));
}

/** Index of the closing quote of the string literal opening at `i` (template literals with nested `${...}` too). */
function skipString(text: string, i: number): number {
  const quote = text[i]!;
  let j = i + 1;
  while (j < text.length && text[j] !== quote) {
    if (text[j] === '\\') j += 2;
    else if (quote === '`' && text[j] === '$' && text[j + 1] === '{') {
      let depth = 0;
      for (j += 1; j < text.length; j++) {
        const c = text[j]!;
        if (c === "'" || c === '"' || c === '`') j = skipString(text, j);
        else if (c === '{') depth++;
        else if (c === '}' && --depth === 0) break;
      }
      j++;
    } else j++;
  }
  return j;
}

/** The keys of the object literal that opens at `start` ('{'), at its top level only. */
function topLevelKeys(text: string, start: number): string[] {
  const keys: string[] = [];
  let depth = 0;
  let expectKey = true;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" || c === '"' || c === '`') {
      i = skipString(text, i);
      continue;
    }
    if ('{[('.includes(c)) depth++;
    else if ('}])'.includes(c)) {
      depth--;
      if (depth === 0) break;
    } else if (depth === 1 && c === ',') expectKey = true;
    else if (depth === 1 && expectKey && /[A-Za-z_$]/.test(c)) {
      const key = /^[A-Za-z_$][\w$]*/.exec(text.slice(i))![0];
      keys.push(key);
      i += key.length - 1;
      expectKey = false;
    }
  }
  return keys;
}
