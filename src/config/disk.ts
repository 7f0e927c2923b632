// The most disk a monitor can use for a given config: the sum of the bounds of
// every file it writes, so that an admin can size the volume (psv check --verbose).
import { join } from 'node:path';
import { JOURNAL_MIN_BYTES } from '../engine/state-store.js';
import { RESERVE_MAX } from '../engine/state-reserve.js';
import type { PsvConfig } from './types.js';

export type DiskItemKind = 'events' | 'output' | 'targetLogs' | 'incidents' | 'state';

export interface DiskItem {
  kind: DiskItemKind;
  /** The file or folder (a glob for rotated sets). */
  path: string;
  /** Upper bound in bytes; null when the config sets none (a file without rotation). */
  bytes: number | null;
}

export interface DiskBudget {
  items: DiskItem[];
  /** Sum of the bounds; null when one of them is unbounded. */
  total: number | null;
}

/**
 * A target's record in state.json and the journal: its fixed fields, the start
 * times inside its restart window, and the instances of a target psv did not start.
 */
const STATE_TARGET_BYTES = 1024;
const STATE_RESTART_BYTES = 16;
const STATE_INSTANCE_BYTES = 160;
/** What the monitor's own output may grow past its rotation size before the next size check. */
const OUTPUT_SLACK_BYTES = 64 * 1024;

/** A rotated set: the live file and `keep` copies; null when maxBytes is 0 (never rotated). */
function rotated(maxBytes: number, keep: number): number | null {
  return maxBytes > 0 ? maxBytes * (keep + 1) : null;
}

/** Bounds of every file the monitor for `config` writes. */
export function diskBudget(config: PsvConfig): DiskBudget {
  const m = config.monitor;
  const items: DiskItem[] = [];
  if (m.events.file !== null) items.push({ kind: 'events', path: `${m.events.file}*`, bytes: rotated(m.events.rotate.maxBytes, m.events.rotate.keep) });
  items.push({ kind: 'output', path: join(m.stateDir, 'monitor.log*'), bytes: rotated(m.output.maxBytes, m.output.keep)! + OUTPUT_SLACK_BYTES });
  const started = config.targets.filter((t) => t.kind === 'command').length;
  if (started > 0) items.push({ kind: 'targetLogs', path: join(m.stateDir, 'logs', '*'), bytes: started * rotated(m.logs.maxBytes, m.logs.keep)! });
  // The newest incident is kept whatever its size: at most one memory dump beyond the total.
  items.push({ kind: 'incidents', path: m.analysis.dir, bytes: m.analysis.maxBytes + m.analysis.maxDumpBytes });
  let stateJson = 1024;
  for (const t of config.targets) {
    // Instances without an upper bound: counted as 16 (more only on a host that runs more copies).
    const instances = t.kind === 'command' ? 0 : (t.instances?.max ?? Math.max(16, t.instances?.min ?? 1));
    stateJson += STATE_TARGET_BYTES + STATE_RESTART_BYTES * (t.restart.retries + 1) + STATE_INSTANCE_BYTES * instances;
  }
  // state.json, its temporary copy while it is replaced, the journal (folded past twice the state) and the reserve.
  const journal = Math.max(JOURNAL_MIN_BYTES, 2 * stateJson) + stateJson;
  items.push({ kind: 'state', path: join(m.stateDir, 'state.*'), bytes: 2 * stateJson + journal + Math.min(RESERVE_MAX, Math.max(4 * stateJson, 16 * 1024)) });
  const total = items.every((i) => i.bytes !== null) ? items.reduce((sum, i) => sum + i.bytes!, 0) : null;
  return { items, total };
}
