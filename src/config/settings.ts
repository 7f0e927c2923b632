// Live parameter changes (`psv set NAME key=value`): each key is validated by
// the same schema as the file, then applied to a copy of the resolved config.
import { Ajv, type ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';
import schema from '../../manifest/config.schema.json' with { type: 'json' };
import { existsSync } from 'node:fs';
import { DURATION_PATTERN, parseDuration } from './duration.js';
import { say } from '../i18n/say.js';
import { ajvMessage, suggestKey, typeWords } from './schema-errors.js';
import { durationProblem, numberProblem, schemaAt } from './values.js';
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
    apply: (c, v, base) => {
      // Checked now, not at the next crash, where a missing script would only fail the restart.
      const file = path.resolve(base, v as string);
      if (!existsSync(file)) {
        throw new SettingError(say({ en: 'restart.script={value}: no such file: {file}', ja: 'restart.script={value}: ファイルがありません: {file}' }, { value: String(v), file }));
      }
      c.restart.script = file;
    },
  },
  'restart.scriptTimeout': { pointer: '/definitions/restart/properties/scriptTimeout', apply: (c, v) => (c.restart.scriptTimeoutMs = duration(v)) },
  onRetryOver: { pointer: '/definitions/onRetryOver', apply: (c, v) => (c.onRetryOver = v as TargetConfig['onRetryOver']) },
  stopTimeout: { pointer: '/definitions/stopTimeout', apply: (c, v) => (c.stopTimeoutMs = duration(v)) },
};

const MONITOR_SETTINGS: Record<string, Setting<MonitorConfig>> = {
  'monitor.interval': { pointer: '/properties/monitor/properties/interval', apply: (c, v) => (c.intervalMs = duration(v)) },
};

let ajv: Ajv | null = null;
const validators = new Map<string, ValidateFunction>();

function validatorFor(pointer: string): ValidateFunction {
  let v = validators.get(pointer);
  if (!v) {
    ajv ??= new Ajv({ allErrors: true, allowUnionTypes: true, strict: false });
    // minDuration is judged by values.ts, as for the file.
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

/** The settable key `key` was probably meant to be: a near spelling, or the same last part (retries → restart.retries). */
function suggestSetting(key: string, keys: string[]): string | null {
  const lastPart = (k: string) => k.slice(k.lastIndexOf('.') + 1).toLowerCase();
  const exact = keys.find((k) => lastPart(k) === key.toLowerCase()) ?? suggestKey(key, keys);
  if (exact) return exact;
  // A misspelt last part alone (retires → restart.retries).
  const near = suggestKey(lastPart(key), keys.map(lastPart));
  return near === null ? null : (keys.find((k) => lastPart(k) === near) ?? null);
}

function check<C>(table: Record<string, Setting<C>>, key: string, text: string): { setting: Setting<C>; value: unknown } {
  // Own keys only: 'constructor' or '__proto__' are names of every object, not settings.
  if (!Object.hasOwn(table, key)) {
    const keys = Object.keys(table);
    const near = suggestSetting(key, keys);
    const hint = near ? say({ en: " (did you mean '{near}'?)", ja: " ('{near}' の誤りではありませんか?)" }, { near }) : '';
    throw new SettingError(say({ en: "unknown setting '{key}'{hint}; settable: {keys}", ja: "設定 '{key}' は不明です{hint}。変更できるのは: {keys}" }, { key, hint, keys: keys.join(', ') }));
  }
  const setting = table[key]!;
  const value = parseValue(text);
  const refused = (message: string) => new SettingError(`${key}=${text}: ${message}`);
  // The same judgement as the file's (src/config/values.ts), before the schema's, which reads 0x10 as 16.
  const notation = typeof value === 'number' ? numberProblem(text, value) : null;
  if (notation) throw refused(notation);
  const validate = validatorFor(setting.pointer);
  if (!validate(value)) {
    const e = validate.errors?.[0];
    // A duration's schema error is its pattern: say what a duration looks like instead.
    if (e?.keyword === 'pattern' && (e.params as { pattern: string }).pattern === DURATION_PATTERN) {
      throw refused(say({ en: 'bad duration (use e.g. 500ms, 5s, 2m, 24h, or a number of seconds)', ja: '期間の書き方が正しくありません（500ms、5s、2m、24h のように書くか、秒数を数字で書きます）' }));
    }
    const allowed = e?.keyword === 'enum' ? say({ en: ' (one of {values})', ja: ' ({values} のいずれか)' }, { values: (e.params as { allowedValues: unknown[] }).allowedValues.join(', ') }) : '';
    // A wrong type keeps ajv's English ("must be integer"), and in Japanese says it as the file check does.
    const wrongType = e?.keyword === 'type' ? say({ en: e.message ?? '', ja: '{type} で指定してください' }, { type: typeWords((e.params as { type: unknown }).type) }) : null;
    throw refused(`${wrongType ?? (e ? ajvMessage(e) : say({ en: 'invalid value', ja: '値が正しくありません' }))}${allowed}`);
  }
  const tooShort = durationProblem(schemaAt(setting.pointer), value);
  if (tooShort) throw refused(tooShort);
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

/** The monitor's live overrides on top of a reloaded file; overrides the new file no longer accepts are dropped. */
export function applyMonitorSettingsSafe(monitor: MonitorConfig, overrides: Record<string, string> | undefined): MonitorConfig {
  if (!overrides) return monitor;
  try {
    return applyMonitorSettings(monitor, overrides);
  } catch {
    return monitor;
  }
}
