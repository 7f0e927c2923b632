// Plug-ins as the monitor sees them: the `on:` hooks (monitor-wide, per group,
// per target), run for every event they name with the target's context; the
// reactions of custom checks (warn, actions, escalate); and the waits a
// target's restart or escalation holds for (actions with wait: true).
import type { PsvConfig, TargetConfig } from '../config/types.js';
import type { EventBus, EventRecord } from '../events/bus.js';
import { ActionRunner } from '../plugins/actions.js';
import type { ActionConfig, PluginContext, PluginEvent } from '../plugins/types.js';
import type { ProbeConfig, ProbeResult } from '../probes/types.js';
import type { EscalationRequest } from './escalation-port.js';
import { describeProbe, type CheckHooks } from './stall.js';

/** What the host needs of a target. */
interface TargetView {
  config: TargetConfig;
  pid: number | null;
  /** The incident folder of its current failure, while one is being recorded or was. */
  incident: Promise<unknown> | null;
}

export interface PluginHostDeps {
  events: EventBus;
  config(): PsvConfig;
  target(name: string): TargetView | undefined;
  escalate(request: EscalationRequest): void;
}

/** The record fields that are not the event's own. */
const RECORD_KEYS = new Set(['time', 'id', 'event', 'level', 'message']);
/** Events about plug-ins run for such events run no hooks themselves: a failing hook cannot feed itself. */
const PLUGIN_EVENTS = new Set(['PluginFailed', 'PluginActionDone']);

export class PluginHost {
  private readonly runner: ActionRunner;
  /** target → the waiting actions still running for it. */
  private readonly pending = new Map<string, Set<Promise<void>>>();

  constructor(private readonly deps: PluginHostDeps) {
    this.runner = new ActionRunner({ events: deps.events, memoryMb: () => deps.config().monitor.plugins.memoryMb });
    deps.events.subscribe((record) => this.onEvent(record));
  }

  get memoryMb(): number {
    return this.deps.config().monitor.plugins.memoryMb;
  }

  /** The context of `target` (its pid unless another is named). */
  context(target: TargetView | undefined, pid: number | null, event: PluginEvent | null = null, incidentDir: string | null = null): PluginContext {
    const { monitor } = this.deps.config();
    const c = target?.config;
    return { target: c?.name ?? null, pid, instance: pid === null ? null : 0, group: c?.group ?? null, kind: c?.kind ?? null, stateDir: monitor.stateDir, config: this.deps.config().file, incidentDir, event };
  }

  /** Resolves once the waiting actions for `target` have ended; null when there are none. */
  beforeRestart(target: string | null): Promise<void> | null {
    const set = target === null ? undefined : this.pending.get(target);
    return set && set.size > 0 ? Promise.all(set).then(() => undefined) : null;
  }

  /** Whether some waiting hook may hold this target's restart (the spawn helper must not restart it by itself). */
  holdsRestarts(config: TargetConfig): boolean {
    const { monitor, groups } = this.deps.config();
    const group = groups.find((g) => g.name === config.group);
    return [monitor.on, config.on, group?.on ?? {}].some((on) => Object.values(on).some((list) => list.some((a) => a.wait)));
  }

  /** A custom check (or a probe with a reaction other than restart) reached its failures. */
  checkUnhealthy(target: TargetView, pid: number, probe: ProbeConfig, result: ProbeResult): void {
    const name = target.config.name;
    const check = describeProbe(probe.spec);
    const record = this.deps.events.emit(
      'CheckUnhealthy',
      { target: name, pid, check, answer: result.detail, reaction: probe.onUnhealthy },
      { kind: target.config.kind, ...(target.config.group ? { group: target.config.group } : {}), details: result.answer?.details ?? null },
    );
    if (probe.onUnhealthy === 'actions') this.runFor(name, probe.actions, this.context(target, pid, eventOf(record)), `check ${check}`);
    else if (probe.onUnhealthy === 'escalate') {
      const { retries, windowMs } = target.config.restart;
      void this.settled(name).then(() =>
        this.deps.escalate({ scope: 'target', name, reason: `${check} unhealthy: ${result.detail}`, target: name, group: target.config.group, history: { restarts: [], retries, windowMs } }),
      );
    }
  }

  /** What the custom checks of `target` report to. */
  checkHooks(target: TargetView): CheckHooks {
    return {
      context: (pid) => this.context(target, pid),
      memoryMb: this.memoryMb,
      unhealthy: (pid, probe, result) => this.checkUnhealthy(target, pid, probe, result),
      pluginFailed: (probe, why) => this.pluginFailed(target, probe, why),
    };
  }

  /** A check's plug-in misbehaved. */
  pluginFailed(target: TargetView, probe: ProbeConfig, why: string): void {
    const plugin = describeProbe(probe.spec).replace(/^check /, '');
    this.deps.events.emit('PluginFailed', { plugin, trigger: 'check', target: target.config.name, why });
  }

  /** Waits for the waiting actions of `target` (before an escalation). */
  async settled(target: string | null): Promise<void> {
    await this.beforeRestart(target);
  }

  private onEvent(record: EventRecord): void {
    if (PLUGIN_EVENTS.has(record.event) && PLUGIN_EVENTS.has(String(record.trigger))) return;
    const actions = this.hooksFor(record);
    if (actions.length === 0) return;
    const name = typeof record.target === 'string' ? record.target : null;
    const target = name === null ? undefined : this.deps.target(name);
    const pid = typeof record.pid === 'number' ? record.pid : (target?.pid ?? null);
    // The engine records the incident of a failure right after its event: read it a moment later.
    const ctx = new Promise<void>((r) => setImmediate(r)).then(async () => {
      const folder = target?.incident ? await target.incident.catch(() => null) : null;
      return this.context(target, pid, eventOf(record), typeof folder === 'string' ? folder : null);
    });
    this.runFor(name, actions, ctx, record.event);
  }

  private runFor(target: string | null, actions: readonly ActionConfig[], ctx: PluginContext | Promise<PluginContext>, trigger: string): void {
    const { waits } = this.runner.run(actions, ctx, trigger);
    if (target === null || !actions.some((a) => a.wait)) return;
    const set = this.pending.get(target) ?? new Set<Promise<void>>();
    this.pending.set(target, set);
    const p: Promise<void> = waits.finally(() => set.delete(p));
    set.add(p);
  }

  private hooksFor(record: EventRecord): ActionConfig[] {
    const { monitor, targets, groups } = this.deps.config();
    const out = [...(monitor.on[record.event] ?? [])];
    const target = typeof record.target === 'string' ? targets.find((t) => t.name === record.target) : undefined;
    if (target) out.push(...(target.on[record.event] ?? []));
    const groupName = target?.group ?? (typeof record.group === 'string' ? record.group : null);
    const group = groups.find((g) => g.name === groupName);
    if (group) out.push(...(group.on[record.event] ?? []));
    return out;
  }
}

function eventOf(record: EventRecord): PluginEvent {
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (!RECORD_KEYS.has(k)) fields[k] = v;
  return { name: record.event, id: record.id, level: record.level, message: record.message, time: record.time, fields };
}
