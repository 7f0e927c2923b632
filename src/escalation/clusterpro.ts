// via: clusterpro (CLUSTERPRO X / EXPRESSCLUSTER X). notice: clprexec --notice
// to a message receive monitor resource (by its name, or by category and
// keyword), whose recovery action the cluster defines; move: clpgrp -m moves
// the failover group at once. Paths, the target server and extra arguments
// come from the config.
import type { FailoverConfig } from '../config/types.js';
import type { EscalationRequest } from '../engine/escalation-port.js';
import type { FailoverAdapter, FailoverPlan } from './adapter.js';

export class ClusterproAdapter implements FailoverAdapter {
  readonly via = 'clusterpro';

  constructor(private readonly settings: FailoverConfig['clusterpro']) {}

  plan(_request: EscalationRequest): FailoverPlan {
    const s = this.settings;
    const host = s.host ? ['-h', s.host] : [];
    if (s.action === 'move') {
      // The config check makes sure a group is named: clpgrp -m without one would move every group.
      return { argv: [s.clpgrp, '-m', s.group!, ...(s.server ? ['-a', s.server] : []), ...host, ...s.args] };
    }
    const to = s.monitor ? [s.monitor] : ['-k', s.keyword ? `${s.category}.${s.keyword}` : s.category];
    return { argv: [s.clprexec, '--notice', ...to, ...host, ...s.args] };
  }
}
