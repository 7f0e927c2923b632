// A match target: processes found by name, arguments and user, in any number
// between instances.min and instances.max.
import type { MatchTargetConfig } from '../../config/types.js';
import type { ProcessInfo } from '../../platform/index.js';
import { byStart, compareTokens, compileMatcher, type ProcessMatcher } from '../match.js';
import type { InstanceRecord, TargetHost } from '../supervised.js';
import { TargetState } from '../states.js';
import { ProcessWatch } from './process.js';

/** With instances.max, the table is read to count the instances every this many ticks. */
const DISCOVER_EVERY_TICKS = 5;

export class MatchTarget extends ProcessWatch<MatchTargetConfig> {
  private readonly matcher: ProcessMatcher;
  private excessReported = false;
  /** Pids psv itself ended as excess instances: their disappearance is no failure. */
  private readonly culled = new Set<number>();

  constructor(config: MatchTargetConfig, host: TargetHost) {
    super(config, host);
    this.matcher = compileMatcher(config.match, host.platform.isWindows);
  }

  protected override get min(): number {
    return this.config.instances?.min ?? 1;
  }

  private get max(): number | null {
    return this.config.instances?.max ?? null;
  }

  protected async discover(since?: number): Promise<ProcessInfo[]> {
    const restoring = this.state === TargetState.Starting && this.confirmDeadline !== null;
    if (restoring) {
      const quick = await this.restoredQuickly();
      if (quick) return quick;
    }
    // While restoring, a table read before the restore began cannot hold the new process.
    const all = await this.host.processTable(restoring ? this.restoreSince : since);
    return all.filter((p) => p.pid !== process.pid && this.matcher(p)).sort(byStart);
  }

  /**
   * After a restore command: the known instances and the processes the
   * restore started, when they are enough, without reading the whole table
   * (at a thousand processes a read takes tens of milliseconds). Null when
   * they are not (a command that forks its process, one not yet exec'ed).
   */
  private async restoredQuickly(): Promise<ProcessInfo[] | null> {
    if (this.restorePids.length === 0) return null;
    const { platform } = this.host;
    const tokens = new Map<number, string | null>(this.instances.map((i) => [i.pid, i.token]));
    for (const pid of this.restorePids) if (!tokens.has(pid)) tokens.set(pid, null);
    const infos = await Promise.all([...tokens.keys()].map((pid) => platform.processInfo(pid)));
    // A known instance counts only while its pid is still the same process.
    const found = infos.filter((p): p is ProcessInfo => p !== null && (tokens.get(p.pid) ?? p.startToken) === p.startToken && this.matcher(p));
    return found.length >= this.min ? found.sort(byStart) : null;
  }

  protected override recountDue(tick: number): boolean {
    return this.max !== null && tick % DISCOVER_EVERY_TICKS === 0;
  }

  protected override endedByPsv(pid: number): boolean {
    return this.culled.delete(pid);
  }

  /** An instance missing, too few, or time to count them: the table is read. */
  protected looksAgain(alive: InstanceRecord[], gone: number): boolean {
    return gone > 0 || alive.length < this.min || this.recountDue(this.ticks);
  }

  protected adoptFound(found: ProcessInfo[], alive: InstanceRecord[]): InstanceRecord[] {
    const known = new Map(alive.map((i) => [i.pid, i]));
    const list = found.filter((p) => !this.culled.has(p.pid)).map((p) => known.get(p.pid) ?? this.record(p));
    for (const i of list) if (!known.has(i.pid)) this.emit('TargetUp', { target: this.name, pid: i.pid });
    return list;
  }

  protected override missing(): number {
    return Math.max(1, this.min - this.instances.length);
  }

  protected override checkExcess(list: InstanceRecord[]): void {
    const max = this.max;
    if (max === null || list.length <= max) {
      this.excessReported = false;
      return;
    }
    if (!this.excessReported) this.emit('InstancesExcess', { target: this.name, count: list.length, max });
    this.excessReported = true;
    if (this.config.onExcess !== 'kill-newest') return;
    const newest = [...list].sort((a, b) => b.startedAt - a.startedAt || compareTokens(b.token, a.token)).slice(0, list.length - max);
    for (const i of newest) {
      this.culled.add(i.pid);
      this.host.platform.terminateTree(i.pid);
      this.emit('InstanceKilled', { target: this.name, pid: i.pid, count: list.length, max });
    }
    this.setInstances(list.filter((i) => !this.culled.has(i.pid)));
  }
}
