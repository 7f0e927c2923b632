// What a soak run observed: kills waiting for their target to come back,
// kill->back times from the targets' own start log, starts no kill asked
// for, duplicates with what made them, and the state at the end.
import { nowUs, summarize } from './lib.mjs';
import { coexist } from './soak-procs.mjs';
import { startLogReader } from './soak-starts.mjs';

export class SoakRecord {
  counts = {}; // action -> times done (and `<action> skipped`)
  monitors = []; // { pid, start, us, after, first, last } in start order; after: the action that needed it
  helpers = []; // { pid, start } every spawn helper seen
  pending = new Map(); // target name -> { us, kind, killed: pids }: killed, not back yet
  untimed = 0; // kills answered by a process whose start line was read before the soak saw it
  backMs = { child: [], adopted: [], withMonitor: [] }; // kill->back by how the target was held when killed
  slowest = []; // the five slowest kill->back: { name, kind, ms, atS }
  unprompted = new Map(); // target name -> starts that no kill asked for
  duplicates = new Map(); // target name -> { pids, atS, during, monitorAfter }: see blame()
  startedAt = new Map(); // pid -> us of its start line
  actionLog = [{ us: nowUs(), action: 'start' }]; // { us, action } in order
  damages = [];
  verbFailures = [];
  monitorDeaths = 0;
  runaway = false;
  t0 = Date.now();

  constructor(prefix, names, startLog, actions) {
    this.prefix = prefix;
    this.names = names;
    this.readStarts = startLogReader(startLog);
    for (const a of actions) this.counts[a] = 0;
  }

  /** Reads the new start lines, then what one look at /proc shows: duplicates, kills answered. */
  observe(scan) {
    this.noteStarts();
    this.noteDuplicates(scan);
    this.noteUntimed(scan);
  }

  /** Matches each start with the kill that asked for it; a start nobody asked for is counted. */
  noteStarts() {
    for (const s of this.readStarts()) {
      this.startedAt.set(s.pid, s.us);
      const p = this.pending.get(s.name);
      if (!p || s.us < p.us) {
        this.unprompted.set(s.name, (this.unprompted.get(s.name) ?? 0) + 1);
        continue;
      }
      const ms = (s.us - p.us) / 1000;
      this.backMs[p.kind].push(ms);
      this.slowest.push({ name: s.name, kind: p.kind, ms, atS: Math.round(p.us / 1e6 - this.t0 / 1e3) });
      this.slowest = this.slowest.sort((a, b) => b.ms - a.ms).slice(0, 5);
      this.pending.delete(s.name);
    }
  }

  /** A kill is answered, untimed, by a process of the target that the kill did not hit (its start line was read before it took its name). */
  noteUntimed(scan) {
    for (const [name, p] of this.pending) {
      if (!(scan.roots.get(name) ?? []).some((pid) => !p.killed.includes(pid))) continue;
      this.pending.delete(name);
      this.untimed++;
    }
  }

  /** Two processes of one target at the same moment: a duplicate, whatever happens later. */
  noteDuplicates(scan) {
    for (const [name, pids] of scan.roots) {
      if (pids.length < 2 || this.duplicates.has(name)) continue;
      if (coexist(pids, `${this.prefix}r-${name}`)) this.duplicates.set(name, { pids, ...this.blame(pids) });
    }
  }

  /**
   * When the youngest of these processes started, the action under way and the
   * action that needed the monitor of that moment: a monitor started after a
   * damaged state.json starts its copies over the following seconds, while
   * other actions go on.
   */
  blame(pids) {
    const us = Math.max(...pids.map((pid) => this.startedAt.get(pid) ?? -Infinity));
    const during = this.actionLog.findLast((a) => a.us <= us)?.action ?? 'unknown';
    const monitorAfter = this.monitors.findLast((m) => m.us <= us)?.after ?? 'unknown';
    return { atS: Math.round((us / 1000 - this.t0) / 1000), during, monitorAfter };
  }

  backSummaries() {
    const { child, adopted, withMonitor } = this.backMs;
    return { alone: summarize([...child, ...adopted]), child: summarize(child), adopted: summarize(adopted), withMonitor: summarize(withMonitor) };
  }

  /** Targets with no process, with more than one, and daemon children whose maker is not their target's process any more. */
  endState(scan) {
    const rootsOf = (n) => scan.roots.get(n) ?? [];
    return {
      missing: this.names.filter((n) => rootsOf(n).length === 0),
      multiple: this.names.filter((n) => rootsOf(n).length > 1).map((n) => `${n}×${rootsOf(n).length}`),
      daemonChildren: scan.children.length,
      orphans: scan.children.filter((c) => !rootsOf(c.name).includes(c.rootPid)).map((c) => `${c.name} (pid ${c.pid}, of ${c.rootPid})`),
    };
  }
}
