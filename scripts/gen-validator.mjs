#!/usr/bin/env node
// Generates src/config/validate.generated.ts: the validator of
// manifest/config.schema.json compiled ahead of time (Ajv standalone code), so
// that neither `psv run` nor `psv check` compiles the schema at every start
// (about 100 ms and several MB of the monitor's memory at run time). Written by
// `npm run build` before tsc; not kept in git.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'src', 'config', 'validate.generated.ts');

/** The same options src/config/schema.ts documents for its validator. */
export const AJV_OPTIONS = { allErrors: true, useDefaults: true, allowUnionTypes: true, verbose: true };

const schema = JSON.parse(readFileSync(join(root, 'manifest', 'config.schema.json'), 'utf8'));
const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true } });
// psv's own keyword: the least duration a key accepts. Durations are strings or
// numbers, which no JSON Schema keyword compares; src/config/values.ts checks it
// for the file and for `psv set` alike.
ajv.addKeyword({ keyword: 'minDuration', schemaType: 'string' });
let code = (standalone.default ?? standalone)(ajv, ajv.compile(schema));
// The runtime helpers the code needs come in as ES imports (the file is an ES module).
const helpers = new Map();
code = code.replace(/require\("(ajv\/dist\/runtime\/[\w-]+)"\)/g, (_, mod) => {
  if (!helpers.has(mod)) helpers.set(mod, `runtime${helpers.size}`);
  return helpers.get(mod);
});
const text = [
  '// @ts-nocheck',
  '// Generated from manifest/config.schema.json by scripts/gen-validator.mjs. Do not edit.',
  ...[...helpers].map(([mod, name]) => `import ${name} from '${mod}.js';`),
  code.replace(/^"use strict";/, ''),
  '',
].join('\n');
mkdirSync(dirname(target), { recursive: true });
let current = '';
try {
  current = readFileSync(target, 'utf8');
} catch {
  // first build
}
if (current !== text) writeFileSync(target, text);
