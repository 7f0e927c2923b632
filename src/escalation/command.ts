// via: command. Any program tells the cluster: it gets the failover in its
// environment (PSV_FAILOVER_SCOPE, PSV_FAILOVER_NAME, PSV_FAILOVER_REASON,
// PSV_TARGET, PSV_GROUP, PSV_CONFIG) and as one JSON object on its standard
// input, with the retry history; exit 0 means the cluster was told.
import { formatDuration } from '../config/duration.js';
import type { EscalationRequest } from '../engine/escalation-port.js';
import type { FailoverAdapter, FailoverPlan } from './adapter.js';

export interface CommandAdapterOptions {
  run: string[];
  /** The monitor's config file, passed on so the program can call psv back (psv status -c FILE). */
  config: string;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
  pid?: number;
}

export class CommandAdapter implements FailoverAdapter {
  readonly via = 'command';

  constructor(private readonly options: CommandAdapterOptions) {}

  plan(request: EscalationRequest): FailoverPlan {
    const { run, config, env = process.env, now = Date.now, pid = process.pid } = this.options;
    const { scope, name, reason, target, group, history } = request;
    const input = {
      scope,
      name,
      target,
      group,
      reason,
      restarts: history.restarts.map((t) => new Date(t).toISOString()),
      retries: history.retries,
      window: formatDuration(history.windowMs),
      config,
      monitorPid: pid,
      at: new Date(now()).toISOString(),
    };
    return {
      argv: run,
      env: {
        ...env,
        PSV_FAILOVER_SCOPE: scope,
        PSV_FAILOVER_NAME: name,
        PSV_FAILOVER_REASON: reason,
        PSV_TARGET: target ?? '',
        PSV_GROUP: group ?? '',
        PSV_CONFIG: config,
      },
      input: JSON.stringify(input) + '\n',
    };
  }
}
