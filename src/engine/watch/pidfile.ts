// A pidfile target: the one process whose pid the file names (and, with
// match, only when that process is the program match describes).
import { readFileSync } from 'node:fs';
import type { PidfileTargetConfig } from '../../config/types.js';
import type { ProcessInfo } from '../../platform/index.js';
import { compileMatcher, type ProcessMatcher } from '../match.js';
import { TargetState } from '../states.js';
import type { InstanceRecord, TargetHost } from '../supervised.js';
import { ProcessWatch } from './process.js';

export class PidfileTarget extends ProcessWatch<PidfileTargetConfig> {
  private readonly matcher: ProcessMatcher | null;

  constructor(config: PidfileTargetConfig, host: TargetHost) {
    super(config, host);
    this.matcher = config.match ? compileMatcher(config.match, host.platform.isWindows) : null;
  }

  protected async discover(): Promise<ProcessInfo[]> {
    let pid: number;
    try {
      pid = Number.parseInt(readFileSync(this.config.pidfile, 'utf8').trim(), 10);
    } catch {
      return [];
    }
    if (!Number.isInteger(pid) || pid <= 0) return [];
    const info = await this.host.platform.processInfo(pid);
    return info && (!this.matcher || this.matcher(info)) ? [info] : [];
  }

  /**
   * A lost process is reported and restored, not replaced by whatever the file
   * names next; only while paused (Exited) is the file read again.
   */
  protected looksAgain(alive: InstanceRecord[]): boolean {
    return alive.length === 0 && this.state === TargetState.Exited;
  }

  protected adoptFound(found: ProcessInfo[]): InstanceRecord[] {
    return found.map((p) => this.record(p));
  }
}
