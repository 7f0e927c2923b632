// Live parameter changes (`psv set NAME key=value`): each key is validated by
// the same schema as the file, then applied to a copy of the resolved config.
import { Ajv, type ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';
import schema from '../../manifest/config.schema.json' with { type: 'json' };
import { parseDuration } from './duration.js';
import type { MonitorConfig, TargetConfig } from './types.js';
import path from 'node:path';

interface Setting<C> {
  /** JSON pointer of the key's schema inside manifest/config.schema.json. */
  pointer: string;
  apply(config: C, value: unknown, baseDir: string): void;
}

const duration = (v: unknown): number => parseDuration(v as string | number);

const TARGET_SETTINGS: Record<string, Setting<TargetConfig>> = {
  'restart.retries': { pointer: '/definitions/restart/properties/retries', apply: (c, v) => (c.restart.retries = v as number) },
  'restart.window': { pointer: '/definitions/restart/properties/window', apply: (c, v) => (c.restart.windowMs = duration(v)) },
  'restart.delay': { pointer: '/definitions/restart/properties/delay', apply: (c, v) => (c.restart.delayMs = duration(v)) },
  'restart.backoff.factor': {
    pointer: '/definitions/restart/properties/backoff/properties/factor',
    apply: (c, v) => (c.restart.backoff = { ...c.restart.backoff, factor: v as number }),
  },
  'restart.backoff.max': {
    pointer: '/definitions/restart/properties/backoff/properties/max',
    apply: (c, v) => (c.restart.backoff = { ...c.restart.backoff, maxMs: duration(v) }),
  },
  'restart.script': {
    pointer: '/definitions/restart/properties/script',
    apply: (c, v, base) => (c.restart.script = path.resolve(base, v as string)),
  },
  'restart.scriptTimeout': { pointer: '/definitions/restart/properties/scriptTimeout', apply: (c, v) => (c.restart.scriptTimeoutMs = duration(v)) },
  onRetryOver: { pointer: '/definitions/onRetryOver', apply: (c, v) => (c.onRetryOver = v as TargetConfig['onRetryOver']) },
  stopTimeout: { pointer: '/definitions/stopTimeout', apply: (c, v) => (c.stopTimeoutMs = duration(v)) },
};

const MONITOR_SETTINGS: Record<string, Setting<MonitorConfig>> = {
  'monitor.interval': { pointer: '/properties/monitor/properties/interval', apply: (c, v) => (c.intervalMs = duration(v)) },
};

export const TARGET_KEYS = Object.keys(TARGET_SETTINGS);
export const MONITOR_KEYS = Object.keys(MONITOR_SETTINGS);

let ajv: Ajv | null = null;
const validators = new Map<string, ValidateFunction>();

function validatorFor(pointer: string): ValidateFunction {
  let v = validators.get(pointer);
  if (!v) {
    ajv ??= new Ajv({ allErrors: true, allowUnionTypes: true, strict: false });
    if (!ajv.getSchema(schema.$id)) ajv.addSchema(schema);
    v = ajv.compile({ $ref: `${schema.$id}#${pointer}` });
    validators.set(pointer, v);
  }
  return v;
}

/** Parses a value as YAML would in the file: `5` is a number, `2s` a string, `continue` a word. */
function parseValue(text: string): unknown {
  try {
    return parseYaml(text);
  } catch {
    return text;
  }
}

export class SettingError extends Error {}

function check<C>(table: Record<string, Setting<C>>, key: string, text: string): { setting: Setting<C>; value: unknown } {
  const setting = table[key];
  if (!setting) throw new SettingError(`unknown setting '${key}'; settable: ${Object.keys(table).join(', ')}`);
  const value = parseValue(text);
  const validate = validatorFor(setting.pointer);
  if (!validate(value)) {
    const e = validate.errors?.[0];
    const allowed = e?.keyword === 'enum' ? ` (one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : '';
    throw new SettingError(`${key}=${text}: ${e?.message ?? 'invalid value'}${allowed}`);
  }
  return { setting, value };
}

/** A copy of `config` with the settings applied; throws SettingError naming the bad key. */
export function applyTargetSettings(config: TargetConfig, settings: Record<string, string>, baseDir: string): TargetConfig {
  const next = structuredClone(config);
  for (const [key, text] of Object.entries(settings)) {
    const { setting, value } = check(TARGET_SETTINGS, key, text);
    setting.apply(next, value, baseDir);
  }
  return next;
}

export function applyMonitorSettings(config: MonitorConfig, settings: Record<string, string>): MonitorConfig {
  const next = structuredClone(config);
  for (const [key, text] of Object.entries(settings)) {
    const { setting, value } = check(MONITOR_SETTINGS, key, text);
    setting.apply(next, value, '.');
  }
  return next;
}
