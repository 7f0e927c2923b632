// Runs actions (of `on:` hooks, of a check's reaction) and reports each:
// PluginActionDone when it ends with exit code 0, PluginFailed otherwise.
// A failing action never stops the ones after it, nor the monitor.
import type { EventBus } from '../events/bus.js';
import { describePlugin, runPlugin } from './run.js';
import type { ActionConfig, PluginContext, PluginRun } from './types.js';

export interface ActionRunnerOptions {
  events: EventBus;
  memoryMb: () => number;
  /** The environment actions inherit. */
  env?: Record<string, string | undefined>;
}

export class ActionRunner {
  constructor(private readonly opts: ActionRunnerOptions) {}

  /**
   * Starts `actions` for `trigger` (an event name, or "check NAME"). `all`
   * settles when every action has ended; `waits` when those with wait: true
   * have (psv holds the target's next step on it).
   */
  run(actions: readonly ActionConfig[], ctx: PluginContext | Promise<PluginContext>, trigger: string): { all: Promise<void>; waits: Promise<void> } {
    const runs = actions.map((a) => ({ a, done: Promise.resolve(ctx).then((c) => this.runOne(a, c, trigger)) }));
    return {
      all: Promise.all(runs.map((r) => r.done)).then(() => undefined),
      waits: Promise.all(runs.filter((r) => r.a.wait).map((r) => r.done)).then(() => undefined),
    };
  }

  async runOne(action: ActionConfig, ctx: PluginContext, trigger: string): Promise<PluginRun> {
    const run = await runPlugin(action.spec, ctx, { timeoutMs: action.timeoutMs, env: this.opts.env ?? process.env, table: 'actions', memoryMb: this.opts.memoryMb() });
    const plugin = describePlugin(action.spec);
    const target = ctx.target ?? '(monitor)';
    try {
      if (run.failure === null && run.exitCode === 0) {
        this.opts.events.emit('PluginActionDone', { plugin, trigger, target, exitCode: 0, ms: run.ms });
      } else {
        const why = run.failure ?? `exit code ${run.exitCode}${lastLine(run.stdout)}`;
        this.opts.events.emit('PluginFailed', { plugin, trigger, target, why });
      }
    } catch {
      // Reporting is best effort; the action has run.
    }
    return run;
  }
}

function lastLine(text: string): string {
  const line = text.trim().split(/\r?\n/).pop()?.trim() ?? '';
  return line ? `: ${line.slice(0, 200)}` : '';
}
