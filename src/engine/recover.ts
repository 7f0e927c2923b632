// What a starting monitor finds of its targets outside itself. Every process
// psv starts for a target carries the target's marker (platform/marker.ts),
// so one pass over the process table, before anything is started, tells
// which targets still run, whatever became of the saved state:
// - a target whose saved process still runs is adopted by it, as always;
// - a target with no usable saved state (none, damaged, or its saved process
//   is dead) whose marked root runs is adopted by that root instead of being
//   started a second time (TargetAdopted, "found by its marker");
// - of several roots of one target, one is kept (the saved one, else the
//   oldest) and the others are killed (DuplicateKilled);
// - marked processes whose root is gone are killed (LeftoverKilled);
// - the roots of targets that are no longer configured are stopped.
// Roots are known only where the spawn helper started the target
// (PSV_ROOT_PID); processes Node spawned carry the target's name alone, so
// for them the oldest marked process without a marked parent is taken for the
// root, and nothing is killed for being a copy or a leftover.
import type { EventBus } from '../events/bus.js';
import type { MarkedProcess, ProcessControl } from '../platform/index.js';
import type { PersistedState } from './state-store.js';
import { TargetState } from './states.js';
import type { PersistedTarget } from './supervised.js';
import { phrase } from '../events/phrases.js';

/** How TargetAdopted names a process found by its marker. */
export const FOUND_BY_MARKER = phrase('FoundByMarker', {});

export interface RecoveryInput {
  platform: ProcessControl;
  events: EventBus;
  /** The monitor's key (config/monitor-key.ts): whose markers to look for. */
  key: string;
  saved: PersistedState | null;
  /** The configured targets. */
  configured: ReadonlySet<string>;
  /** Those of them that psv starts itself (command targets): the ones that can be adopted by their marker. */
  started: ReadonlySet<string>;
}

/** Settles what runs before the monitor starts anything; returns the targets to adopt by their marked root. */
export function recoverTargets(input: RecoveryInput): Map<string, MarkedProcess> {
  const { platform, events, saved } = input;
  const adopt = new Map<string, MarkedProcess>();
  const stopped = new Set<number>();
  for (const [name, procs] of byTarget(platform.markedProcesses(input.key, input.configured))) {
    const roots = procs.filter((p) => p.rootPid === p.pid);
    const live = new Set(roots.map((p) => p.pid));
    for (const p of procs) {
      if (p.rootPid === null || p.rootPid === p.pid || live.has(p.rootPid)) continue;
      if (kill(platform, p)) events.emit('LeftoverKilled', { target: name, pid: p.pid, root: p.rootPid });
    }
    if (!input.configured.has(name)) {
      for (const root of topLevel(procs)) {
        if (!terminate(platform, root)) continue;
        for (const p of procs) if (p.rootPid === root.pid && p.pid !== root.pid) terminate(platform, p);
        stopped.add(root.pid);
        events.emit('TargetStopped', { target: name, pid: root.pid, reason: phrase('NoLongerConfigured', {}) });
      }
      continue;
    }
    if (!input.started.has(name)) continue;
    const keptPid = savedRunning(platform, saved?.targets[name]);
    const kept = keptPid ?? oldest(roots.length ? roots : topLevel(procs))?.pid ?? null;
    if (kept === null) continue;
    if (keptPid === null) adopt.set(name, procs.find((p) => p.pid === kept)!);
    for (const root of roots) {
      if (root.pid === kept || !kill(platform, root)) continue;
      for (const p of procs) if (p.rootPid === root.pid && p.pid !== root.pid) kill(platform, p);
      events.emit('DuplicateKilled', { target: name, pid: root.pid, kept });
    }
  }
  stopUnconfigured(input, stopped);
  return adopt;
}

/**
 * The state to resume a target from when its process was found by its
 * marker: what was saved of it (retry counts, paused), with the process found.
 */
export function foundState(saved: PersistedTarget | undefined, found: MarkedProcess, spec: string): PersistedTarget {
  return {
    kind: 'command',
    restarts: [],
    paused: false,
    continueMode: false,
    lastExit: null,
    ...saved,
    spec: saved?.spec ?? spec,
    state: TargetState.Running,
    pid: found.pid,
    token: found.startToken,
    startedAt: found.startedAt,
  };
}

/**
 * Signals what the root `rootPid` of target `name` started, found by its
 * marker: for roots whose daemonized descendants no helper holds (adopted,
 * left by a dead spawn helper, started by Node). SIGKILL kills them, any
 * other signal asks them to end (a stop). `marked` is a recent scan (MarkedScan).
 */
export function signalDescendants(platform: ProcessControl, marked: readonly MarkedProcess[], name: string, rootPid: number, signal: NodeJS.Signals): void {
  for (const p of marked) {
    if (p.target !== name || p.rootPid !== rootPid || p.pid === rootPid) continue;
    if (signal === 'SIGKILL') kill(platform, p);
    else terminate(platform, p, signal);
  }
}

/** One scan of the marked processes, shared by the deaths that need it within FRESH_MS. */
export class MarkedScan {
  private static readonly FRESH_MS = 50;
  private last: { at: number; procs: MarkedProcess[] } | null = null;

  constructor(
    private readonly platform: ProcessControl,
    private readonly key: string,
    private readonly now: () => number,
  ) {}

  get(): MarkedProcess[] {
    const now = this.now();
    if (!this.last || now - this.last.at > MarkedScan.FRESH_MS) this.last = { at: now, procs: this.platform.markedProcesses(this.key) };
    return this.last.procs;
  }
}

function byTarget(procs: MarkedProcess[]): Map<string, MarkedProcess[]> {
  const out = new Map<string, MarkedProcess[]>();
  for (const p of procs) out.set(p.target, [...(out.get(p.target) ?? []), p]);
  return out;
}

/** The saved process of a target when it still runs (same pid, same start token), else null. */
function savedRunning(platform: ProcessControl, saved: PersistedTarget | undefined): number | null {
  if (!saved || saved.pid === null || saved.token === null) return null;
  return platform.processStartToken(saved.pid) === saved.token ? saved.pid : null;
}

/** The roots, or where there are none (Node spawned them), the marked processes whose parent is not one of them. */
function topLevel(procs: MarkedProcess[]): MarkedProcess[] {
  const roots = procs.filter((p) => p.rootPid === p.pid);
  if (roots.length) return roots;
  const pids = new Set(procs.map((p) => p.pid));
  return procs.filter((p) => p.rootPid === null && !pids.has(p.ppid));
}

function oldest(procs: MarkedProcess[]): MarkedProcess | undefined {
  return [...procs].sort((a, b) => Number(a.startToken) - Number(b.startToken) || a.pid - b.pid)[0];
}

/** SIGKILL to a marked process and its group, when it still is the process the scan saw; false when it was not. */
function kill(platform: ProcessControl, p: MarkedProcess): boolean {
  if (platform.processStartToken(p.pid) !== p.startToken) return false;
  try {
    platform.killTree(p.pid);
  } catch {
    return false; // not ours to kill (another user's)
  }
  return true;
}

function terminate(platform: ProcessControl, p: MarkedProcess, signal?: NodeJS.Signals): boolean {
  if (platform.processStartToken(p.pid) !== p.startToken) return false;
  try {
    platform.terminateTree(p.pid, signal);
  } catch {
    return false;
  }
  return true;
}

/** Processes the previous monitor saved for targets no longer configured, not stopped by their marker already. */
function stopUnconfigured(input: RecoveryInput, stopped: ReadonlySet<number>): void {
  for (const [name, t] of Object.entries(input.saved?.targets ?? {})) {
    if (input.configured.has(name) || t.pid === null || t.token === null || stopped.has(t.pid)) continue;
    if (input.platform.processStartToken(t.pid) !== t.token) continue;
    input.platform.terminateTree(t.pid);
    input.events.emit('TargetStopped', { target: name, pid: t.pid, reason: phrase('NoLongerConfigured', {}) });
  }
}
