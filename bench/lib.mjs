// Shared pieces of the benchmarks: wall clock in microseconds, percentiles,
// the psv command, and waiting for a condition.
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname ?? new URL('..', import.meta.url).pathname, '..');

/** Wall-clock time in microseconds, comparable with bash's $EPOCHREALTIME. */
export function nowUs() {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)];
}

export function summarize(samplesMs) {
  const s = [...samplesMs].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: percentile(s, 50),
    p90: percentile(s, 90),
    p99: percentile(s, 99),
    max: s.at(-1),
    mean: s.reduce((a, b) => a + b, 0) / (s.length || 1),
  };
}

export function psvCommand() {
  if (process.env.PSV_EXE) return [resolve(process.env.PSV_EXE)];
  return [process.execPath, join(ROOT, 'dist', 'src', 'cli', 'main.js')];
}

export async function waitFor(what, probe, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** A small seeded generator (mulberry32) of numbers in [0, 1), so that a seed replays the same choices. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export const fmt = (v) => (Number.isFinite(v) ? v.toFixed(2) : 'n/a');
