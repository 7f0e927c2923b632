// Durations and sizes as written in the config and on the command line: the
// one statement of the duration grammar in TypeScript. JSON Schema cannot import
// it, so manifest/config.schema.json spells the same patterns out, and tests keep
// the two equal (test/duration.test.ts, test/config.test.ts).
import { say } from '../i18n/say.js';

// `ms` before `m`: the alternation tries the units in this order.
const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const NUMBER = '[0-9]+(?:\\.[0-9]+)?';
const UNIT = Object.keys(DURATION_UNITS_MS).join('|');

/** A duration string: one or more number+unit parts (500ms, 1h30m, 1.5s); the schema's `duration` pattern. */
export const DURATION_PATTERN = `^(?:${NUMBER}(?:${UNIT}))+$`;
const DURATION_WHOLE = new RegExp(DURATION_PATTERN);
const DURATION_PART = new RegExp(`(${NUMBER})(${UNIT})`, 'g');

export const DURATION_HINT = { en: 'use e.g. 500ms, 5s, 2m, 24h, or a number of seconds', ja: '例: 500ms、5s、2m、24h、または秒数' };
export const SIZE_HINT = { en: 'use e.g. 10MiB, 512KiB, 1MB, or a number of bytes', ja: '例: 10MiB、512KiB、1MB、またはバイト数' };

/** Milliseconds from "500ms", "5s", "1h30m", "1.5s", or a number of seconds. */
export function parseDuration(v: string | number): number {
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) throw new Error(say({ en: 'bad duration {v} ({hint})', ja: '期間の指定 {v} が正しくありません ({hint})' }, { v, hint: say(DURATION_HINT) }));
    return Math.round(v * 1000);
  }
  if (typeof v !== 'string' || !DURATION_WHOLE.test(v)) {
    throw new Error(say({ en: "bad duration '{v}' ({hint})", ja: "期間の指定 '{v}' が正しくありません ({hint})" }, { v: String(v), hint: say(DURATION_HINT) }));
  }
  let ms = 0;
  for (const [, num, unit] of v.matchAll(DURATION_PART)) ms += Number(num) * DURATION_UNITS_MS[unit];
  if (!Number.isFinite(ms)) throw new Error(`bad duration '${v}' (too large)`);
  return Math.round(ms);
}

/** "1.5s", "24h", "1h30m", "500ms": the shortest spelling parseDuration reads back. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms === 0) return '0s';
  if (ms < 1000) return `${round3(ms)}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = round3((ms % 60_000) / 1000);
  let out = '';
  if (h) out += `${h}h`;
  if (m) out += `${m}m`;
  if (s) out += `${s}s`;
  return out;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

const SIZE_RE = /^([0-9]+(?:\.[0-9]+)?) ?([kKmMgGtT](?:i?[bB])?|[bB])?$/;
const SIZE_POWER: Record<string, number> = { k: 1, m: 2, g: 3, t: 4 };

/**
 * Bytes from a number, or from "10MiB", "512KiB", "1MB", "2G".
 * KB/MB/GB/TB are powers of 1000; KiB/MiB/GiB/TiB and bare K/M/G/T powers of 1024.
 */
export function parseSize(v: string | number): number {
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) throw new Error(say({ en: 'bad size {v} ({hint})', ja: 'サイズの指定 {v} が正しくありません ({hint})' }, { v, hint: say(SIZE_HINT) }));
    return Math.round(v);
  }
  const match = typeof v === 'string' ? SIZE_RE.exec(v) : null;
  if (!match) throw new Error(say({ en: "bad size '{v}' ({hint})", ja: "サイズの指定 '{v}' が正しくありません ({hint})" }, { v: String(v), hint: say(SIZE_HINT) }));
  const [, num, unit = 'B'] = match;
  const power = SIZE_POWER[unit[0].toLowerCase()] ?? 0;
  const decimal = unit.length === 2 && unit[1].toLowerCase() === 'b';
  const base = decimal ? 1000 : 1024;
  return Math.round(Number(num) * base ** power);
}
