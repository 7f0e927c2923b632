// Picks the escalation adapter monitor.failover names, so that the monitor's
// wiring (cli/run.ts) is one line whatever the adapter.
import type { FailoverConfig } from '../config/types.js';
import type { EscalationPort } from '../engine/escalation-port.js';
import type { EventBus } from '../events/bus.js';
import { runWithTimeout } from '../platform/run-with-timeout.js';
import { runContained } from '../plugins/run.js';
import { AdapterEscalation, type FailoverAdapter, type Runner } from './adapter.js';
import { ClusterproAdapter } from './clusterpro.js';
import { CommandAdapter } from './command.js';
import { ExitEscalation } from './exit.js';
import { PacemakerAdapter } from './pacemaker.js';
import { WsfcAdapter } from './wsfc.js';

export interface EscalationDeps {
  events: EventBus;
  /** The monitor's config file (the command adapter passes it on). */
  config: string;
  /** Default runWithTimeout; tests pass one that records the argv. */
  run?: Runner;
  /** Default the monitor's own environment. */
  env?: NodeJS.ProcessEnv;
  now?: () => number;
}

export function createEscalation(failover: FailoverConfig, deps: EscalationDeps): EscalationPort {
  const adapter = adapterFor(failover, deps);
  if (!adapter) return new ExitEscalation(deps.events, failover.exitCode);
  // A command is the user's own program: it runs as every plug-in action does (tree kill, output cap).
  return new AdapterEscalation(adapter, failover, deps.events, deps.run ?? (failover.via === 'command' ? runContained : runWithTimeout));
}

function adapterFor(f: FailoverConfig, deps: EscalationDeps): FailoverAdapter | null {
  switch (f.via) {
    case 'exit':
      return null;
    case 'pacemaker':
      return new PacemakerAdapter(f.pacemaker, deps.env);
    case 'clusterpro':
      return new ClusterproAdapter(f.clusterpro);
    case 'wsfc':
      return new WsfcAdapter(f.wsfc);
    case 'command':
      // The config check makes sure run is set with via: command.
      return new CommandAdapter({ run: f.command.run!, config: deps.config, env: deps.env, now: deps.now });
  }
}
