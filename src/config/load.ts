// Loads a psv YAML config: parse (with positions), validate against
// manifest/config.schema.json (which also supplies every default), then resolve into
// the PsvConfig the engine reads. Bad input never throws: every problem comes back
// at once with its line and column, in words a person can act on.
//
// The steps, one module each: yaml-positions.ts (parse, YAML's errors, line:col of a
// path), schema-errors.ts (the schema's refusals in words), checks.ts (what the
// schema cannot express), resolve.ts and resolve-target.ts (into PsvConfig).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkConfig } from './checks.js';
import { Problems } from './problems.js';
import { resolve } from './resolve.js';
import type { LoadOptions } from './resolve-target.js';
import { reportSchemaProblems } from './schema-errors.js';
import { emptyValuesAsEmpty, schema, type JsonObject } from './schema.js';
import type { LoadResult, PsvConfig } from './types.js';
import { readYaml } from './yaml-positions.js';

export type { LoadOptions };

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

function load(text: string, file: string, problems: Problems, options: LoadOptions): PsvConfig | null {
  const parsed = readYaml(text, problems);
  if (!parsed) return null;
  const { doc, nodes } = parsed;
  const raw = emptyValuesAsEmpty(parsed.raw, schema);

  // ajv fills schema defaults into `data`; `raw` keeps only what the user wrote, so that a
  // key a target leaves out falls back to `defaults:` rather than to the schema default.
  const data = structuredClone(raw);
  reportSchemaProblems(doc, raw, data, nodes, problems);
  checkConfig(raw, nodes, problems);
  if (problems.hasErrors()) return null;

  return resolve(data as JsonObject, raw as JsonObject, file, nodes, problems, options);
}
