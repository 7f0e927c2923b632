// Past events for the console's timeline and a target's history: from the
// monitor (`psv events`), or from its event file when no monitor runs, as
// `psv events` does.
import { readFileSync } from 'node:fs';
import type { EventRecord } from '../events/bus.js';
import { AccessError, type MonitorAccess } from './access.js';

export interface EventQuery {
  target?: string;
  /** ISO time. */
  since?: string;
  limit: number;
}

function fromFile(file: string, q: EventQuery): EventRecord[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const since = q.since ? Date.parse(q.since) : NaN;
  const out: EventRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const e = JSON.parse(line) as EventRecord;
      if ((Number.isNaN(since) || Date.parse(e.time) >= since) && (!q.target || e.target === q.target)) out.push(e);
    } catch {
      // A torn last line (a monitor killed mid-write) is skipped.
    }
  }
  return out.slice(-q.limit);
}

/** The events matching `q`, newest last. */
export async function pastEvents(access: MonitorAccess, eventsFile: string | null, q: EventQuery): Promise<EventRecord[]> {
  const args: Record<string, unknown> = { limit: q.limit };
  if (q.target) args.target = q.target;
  if (q.since) args.since = q.since;
  try {
    return ((await access.call('events', args)) as { events: EventRecord[] }).events;
  } catch (err) {
    if (err instanceof AccessError && err.code === 'NO_MONITOR' && eventsFile) return fromFile(eventsFile, q);
    throw err;
  }
}
