// The one place that knows which class runs which kind of target (and which
// targets get heartbeat endpoints). A new kind is a new class (targets psv did
// not start go under watch/) and a line here.
import type { TargetConfig } from '../config/types.js';
import type { Supervised, TargetHost } from './supervised.js';
import { CommandTarget } from './target.js';
import { MatchTarget } from './watch/match.js';
import { PidfileTarget } from './watch/pidfile.js';
import { ServiceTarget } from './watch/service.js';

export function createTarget(config: TargetConfig, host: TargetHost): Supervised {
  switch (config.kind) {
    case 'command':
      return new CommandTarget(config, host);
    case 'match':
      return new MatchTarget(config, host);
    case 'pidfile':
      return new PidfileTarget(config, host);
    case 'service':
      return new ServiceTarget(config, host);
  }
}

/** Targets that get a heartbeat endpoint: those with stall.heartbeat or readyAfter: notify. */
export function wantsHeartbeat(config: TargetConfig): boolean {
  return config.kind === 'command' && (config.stall.heartbeatMs !== null || config.readyOnNotify);
}
