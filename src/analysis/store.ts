// The incident folder on disk: how incidents are named, listed, measured and
// pruned. Shared by the recorder (in the monitor) and `psv incidents` (no monitor).
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** The summary file every incident holds; its shape is IncidentSummary. */
export const SUMMARY_FILE = 'summary.json';

/** Incident folder names: UTC time to the millisecond, then the target, e.g. 20240131-235959-123-web. */
const ID_RE = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-(\d{3})-(.+)$/;

export interface CapturedFile {
  file: string;
  what: string;
  bytes: number;
}

export interface SkippedCapture {
  what: string;
  why: string;
}

/** summary.json: what failed, and what psv kept (and did not keep) about it. */
export interface IncidentSummary {
  id: string;
  target: string;
  kind: string;
  reason: string;
  pid: number | null;
  exitCode: number | null;
  signal: string | null;
  startedAt: string | null;
  failedAt: string;
  uptimeMs: number | null;
  command: string[];
  commandLine: string;
  cwd: string;
  restarts: { used: number; allowed: number };
  alive: boolean;
  /** full: dumps and stacks allowed; light: a crash loop within analysis.minInterval (summary, output tail, events only). */
  capture: 'full' | 'light';
  psvVersion: string;
  host: { name: string; os: string; release: string; arch: string; totalMemoryBytes: number; freeMemoryBytes: number; loadAverage: number[] };
  recordedAt: string;
  durationMs: number;
  captured: CapturedFile[];
  skipped: SkippedCapture[];
  notes: string[];
}

/** One row of `psv incidents`. */
export interface IncidentEntry {
  id: string;
  /** ISO time from the folder name (UTC). */
  time: string;
  target: string;
  kind: string | null;
  reason: string | null;
  capture: string | null;
  bytes: number;
  hasDump: boolean;
  /** summary.json is missing or unreadable (an interrupted capture). */
  damaged: boolean;
}

/** A name that is safe as a folder name on every OS (target names are free text). */
export function safeName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_');
  return cleaned.slice(0, 80) || '_';
}

export function incidentId(time: number, target: string): string {
  const iso = new Date(time).toISOString(); // 2024-01-31T23:59:59.123Z
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}-${iso.slice(20, 23)}`;
  return `${stamp}-${safeName(target)}`;
}

/** The time and target a folder name stands for, or null for a folder that is not an incident. */
export function parseIncidentId(id: string): { time: string; target: string } | null {
  const m = ID_RE.exec(id);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms, target] = m;
  return { time: `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`, target: target! };
}

/** Incident folder names in `dir`, oldest first; none when the folder does not exist. */
export async function incidentIds(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isDirectory() && parseIncidentId(e.name) !== null)
    .map((e) => e.name)
    .sort();
}

/** Files inside an incident (relative paths, '/'-separated) with their sizes. */
export async function incidentFiles(folder: string): Promise<{ file: string; bytes: number }[]> {
  const out: { file: string; bytes: number }[] = [];
  const walk = async (rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(path.join(folder, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(child);
      else if (e.isFile()) {
        try {
          out.push({ file: child, bytes: (await stat(path.join(folder, child))).size });
        } catch {
          // Removed while we looked: not part of the incident any more.
        }
      }
    }
  };
  await walk('');
  // Code-unit order (not localeCompare: that would load the runtime's collation data).
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

export async function readSummary(folder: string): Promise<IncidentSummary | null> {
  try {
    return JSON.parse(await readFile(path.join(folder, SUMMARY_FILE), 'utf8')) as IncidentSummary;
  } catch {
    return null;
  }
}

/** A memory dump: gcore's core.PID, a Windows .dmp. */
export function isDumpFile(file: string): boolean {
  return /(^|\/)core(\.\d+)?$/.test(file) || /\.dmp$/i.test(file);
}

export async function listIncidents(dir: string): Promise<IncidentEntry[]> {
  const ids = await incidentIds(dir);
  return Promise.all(ids.map((id) => describeIncident(dir, id)));
}

export async function describeIncident(dir: string, id: string): Promise<IncidentEntry> {
  const folder = path.join(dir, id);
  const [summary, files] = await Promise.all([readSummary(folder), incidentFiles(folder)]);
  const parsed = parseIncidentId(id);
  return {
    id,
    time: parsed?.time ?? '',
    target: summary?.target ?? parsed?.target ?? '',
    kind: summary?.kind ?? null,
    reason: summary?.reason ?? null,
    capture: summary?.capture ?? null,
    bytes: files.reduce((n, f) => n + f.bytes, 0),
    hasDump: files.some((f) => isDumpFile(f.file)),
    damaged: summary === null,
  };
}

/**
 * Removes the oldest incidents until at most `keep` remain and they take at most
 * `maxBytes` together. `protect` (the incident just recorded, those still being
 * written) is never removed, even when it alone is over the size. Returns the ids removed.
 */
export async function pruneIncidents(
  dir: string,
  keep: number,
  maxBytes: number,
  protect: ReadonlySet<string> = new Set(),
  /**
   * Sizes of finished incidents measured before (the monitor keeps one across
   * calls): only folders not in it are walked, so a crash loop does not stat
   * every file of every kept incident after each failure.
   */
  known: Map<string, number> = new Map(),
): Promise<string[]> {
  const ids = await incidentIds(dir);
  const listed = new Set(ids);
  for (const id of known.keys()) if (!listed.has(id)) known.delete(id);
  const sizes = await Promise.all(
    ids.map(async (id) => {
      const cached = known.get(id);
      if (cached !== undefined) return cached;
      const bytes = (await incidentFiles(path.join(dir, id))).reduce((n, f) => n + f.bytes, 0);
      if (!protect.has(id)) known.set(id, bytes); // one still being written is measured again next time
      return bytes;
    }),
  );
  let count = ids.length;
  let total = sizes.reduce((a, b) => a + b, 0);
  const removed: string[] = [];
  for (let i = 0; i < ids.length && (count > keep || total > maxBytes); i++) {
    const id = ids[i]!;
    if (protect.has(id)) continue;
    try {
      await rm(path.join(dir, id), { recursive: true, force: true });
    } catch {
      continue; // In use (Windows) or no permission: try again after the next incident.
    }
    removed.push(id);
    known.delete(id);
    count--;
    total -= sizes[i]!;
  }
  return removed;
}
