// manifest/config.schema.json as the loader reads it: the schema as data (for
// defaults and the words of its errors), its validator compiled ahead of time,
// and the JSON values a parsed file is made of.
import type { ValidateFunction } from 'ajv';
import schemaJson from '../../manifest/config.schema.json' with { type: 'json' };
import { validate as generatedValidator } from './validate.generated.js';

/** The parts of a JSON Schema the loader reads. */
export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  enum?: unknown[];
  default?: unknown;
  /** psv's own keyword (values.ts): the least duration a key accepts. */
  minDuration?: unknown;
  [k: string]: unknown;
}

export const schema = schemaJson as unknown as SchemaNode & { definitions: Record<string, SchemaNode> };

/**
 * The schema's validator, compiled ahead of time by scripts/gen-validator.mjs
 * with Ajv's options { allErrors, useDefaults, allowUnionTypes, verbose }.
 */
export const validate = generatedValidator as unknown as ValidateFunction;

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

/** The node itself, or what its $ref names with the keywords written beside the $ref winning. */
export function deref(s: SchemaNode | undefined): SchemaNode | undefined {
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

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `monitor:` or `targets:` with nothing under it means an empty mapping or list. */
export function emptyValuesAsEmpty(data: Json, s: SchemaNode | undefined): Json {
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
