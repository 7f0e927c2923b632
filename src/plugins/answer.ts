// A check's answer: its exit code (0 healthy, 1 unhealthy, 2 unknown) and its
// optional JSON line on stdout ({status, message, details}). Anything else is
// the plug-in misbehaving, never a verdict on the target.
import type { CheckAnswer, CheckStatus, PluginRun } from './types.js';

const BY_CODE: Record<number, CheckStatus> = { 0: 'healthy', 1: 'unhealthy', 2: 'unknown' };
const STATUSES = new Set<CheckStatus>(['healthy', 'unhealthy', 'unknown']);
/** The longest message kept for the event. */
const MESSAGE_MAX = 500;

/** The answer, or the reason it is none (for PluginFailed). */
export function checkAnswer(run: PluginRun): CheckAnswer | { failure: string } {
  if (run.failure !== null) return { failure: run.failure };
  const byCode = run.exitCode === null ? undefined : BY_CODE[run.exitCode];
  if (byCode === undefined) return { failure: `exit code ${run.exitCode} (a check answers 0, 1 or 2)${quote(run.stdout)}` };
  const text = run.stdout.trim();
  if (text === '') return { status: byCode, message: `exit code ${run.exitCode}`, details: null };
  const said = parseLine(text);
  if (said === null) return { failure: `its output is not one JSON line {status, message, details}${quote(text)}` };
  // The JSON may sharpen the exit code's verdict (status), never contradict a crash: both come from the plug-in.
  const status = said.status ?? byCode;
  return { status, message: said.message ?? `exit code ${run.exitCode}`, details: said.details ?? null };
}

/** A JavaScript check's return value: {status, message, details}, or true/false. */
export function valueAnswer(value: unknown): CheckAnswer | { failure: string } {
  if (value === true || value === false) return { status: value ? 'healthy' : 'unhealthy', message: value ? 'healthy' : 'unhealthy', details: null };
  const said = typeof value === 'object' && value !== null ? fieldsOf(value as Record<string, unknown>) : null;
  if (said === null || said.status === undefined) return { failure: `it returned ${short(JSON.stringify(value) ?? String(value))}, not {status: 'healthy' | 'unhealthy' | 'unknown', message, details}` };
  return { status: said.status, message: said.message ?? said.status, details: said.details ?? null };
}

function parseLine(text: string): { status?: CheckStatus; message?: string; details?: unknown } | null {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length !== 1) return null;
  let value: unknown;
  try {
    value = JSON.parse(lines[0]!);
  } catch {
    return null;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? fieldsOf(value as Record<string, unknown>) : null;
}

function fieldsOf(o: Record<string, unknown>): { status?: CheckStatus; message?: string; details?: unknown } | null {
  if (o.status !== undefined && !STATUSES.has(o.status as CheckStatus)) return null;
  if (o.message !== undefined && typeof o.message !== 'string') return null;
  return { status: o.status as CheckStatus | undefined, message: o.message === undefined ? undefined : short(o.message as string), details: o.details };
}

function short(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > MESSAGE_MAX ? `${one.slice(0, MESSAGE_MAX)}...` : one;
}

function quote(text: string): string {
  const t = short(text).slice(0, 120);
  return t ? `: ${JSON.stringify(t)}` : '';
}
