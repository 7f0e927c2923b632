// A reload: the difference between the running targets and a new, already
// validated configuration, applied so that an unchanged target and its process
// are left alone. A removed target stops, a new one starts, a changed command
// restarts, and a changed kind (or what a watched target looks for) is watched anew.
import { isDeepStrictEqual } from 'node:util';
import { dirname } from 'node:path';
import { applyTargetSettings } from '../config/settings.js';
import type { PsvConfig, TargetConfig } from '../config/types.js';
import type { ReloadResult } from '../control/protocol.js';
import type { EventBus } from '../events/bus.js';
import type { IncidentRecorder } from '../analysis/types.js';
import type { Heartbeats } from '../probes/heartbeat.js';
import type { Supervised } from './supervised.js';
import { specOf } from './target.js';
import { wantsHeartbeat } from './create-target.js';

/** The parts of the monitor a reload changes, and what it asks of the monitor. */
export interface ReloadScope {
  targets: Map<string, Supervised>;
  /** The targets as the file says, before live overrides. */
  fileTargets: Map<string, TargetConfig>;
  overrides: Record<string, Record<string, string>>;
  heartbeats: Heartbeats;
  recorder: IncidentRecorder | null;
  events: EventBus;
  /** Takes the new file in: after the removed targets are on their way out, before a new one is made. */
  takeConfig(next: PsvConfig): void;
  makeTarget(config: TargetConfig): Supervised;
  /** Every target is in place (the stops and restarts are still under way). */
  applied(): void;
}

export async function reloadTargets(scope: ReloadScope, next: PsvConfig): Promise<ReloadResult> {
  const { targets, fileTargets, overrides, heartbeats } = scope;
  const result: ReloadResult = { added: [], removed: [], changed: [], unchanged: [] };
  const work: Promise<void>[] = [];
  const nextNames = new Set(next.targets.map((t) => t.name));
  for (const [name, target] of targets) {
    if (nextNames.has(name)) continue;
    result.removed.push(name);
    targets.delete(name);
    void heartbeats.remove(name);
    fileTargets.delete(name);
    delete overrides[name];
    // Its resource samples would otherwise be kept (and grow) for as long as the monitor runs.
    scope.recorder?.forget(name);
    work.push(target.stop('removed from the configuration'));
  }
  scope.takeConfig(next);
  for (const fileConfig of next.targets) {
    const name = fileConfig.name;
    const current = targets.get(name);
    fileTargets.set(name, fileConfig);
    if (!current) {
      result.added.push(name);
      if (wantsHeartbeat(fileConfig)) await heartbeats.add(name, fileConfig.runAs);
      const target = scope.makeTarget(fileConfig);
      targets.set(name, target);
      target.start();
      continue;
    }
    let effective = fileConfig;
    try {
      if (overrides[name]) effective = applyTargetSettings(fileConfig, overrides[name]!, dirname(next.file));
    } catch {
      delete overrides[name];
    }
    if (isDeepStrictEqual(effective, current.config)) {
      result.unchanged.push(name);
      continue;
    }
    result.changed.push(name);
    if (effective.kind !== current.config.kind || current.config.kind !== 'command') {
      // Another kind, or what a watched target looks for changed: watch it anew.
      work.push(current.stop('changed in the configuration'));
      const target = scope.makeTarget(effective);
      targets.set(name, target);
      target.start();
      continue;
    }
    const respawn = specOf(effective) !== specOf(current.config);
    current.config = effective;
    // Its next run may be another user's, or newly want a heartbeat: endpoints for that run.
    if (respawn && wantsHeartbeat(effective)) await heartbeats.add(name, effective.runAs);
    if (respawn) work.push(current.restart());
  }
  scope.applied();
  await Promise.all(work);
  scope.events.emit('ConfigReloaded', {
    config: next.file,
    added: result.added.length,
    removed: result.removed.length,
    changed: result.changed.length,
    unchanged: result.unchanged.length,
  });
  return result;
}
