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
    for (const file of sourceFiles(join(ROOT, 'src'))) {
      for (const [, name] of readFileSync(file, 'utf8').matchAll(/\bemit\(\s*'(\w+)'/g)) emitted.add(name!);
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
