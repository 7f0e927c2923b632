// The monitor's answers to control requests: each verb checked, applied to
// the engine, and (for those that change something) reported as an
// OperatorCommand event.
import { readFileSync } from 'node:fs';
import { formatProblem, type LoadResult } from '../config/types.js';
import { SettingError } from '../config/settings.js';
import { parseDuration } from '../config/duration.js';
import { ControlError, type StoppingResult, type Verb } from '../control/protocol.js';
import { checkConfig } from '../control/same-config.js';
import type { Caller, ControlHandler, Stream } from '../control/server.js';
import type { EventBus, EventRecord } from '../events/bus.js';
import { say } from '../i18n/say.js';
import type { Platform } from '../platform/index.js';
import { Monitor, UnknownTargetError } from './monitor.js';
import { phrase } from '../events/phrases.js';

const EVENTS_DEFAULT_LIMIT = 1000;
/** How often, at most, a stopping monitor tells the client which targets are still stopping. */
const STOP_PROGRESS_MS = 250;

export interface CommandDeps {
  monitor: Monitor;
  events: EventBus;
  platform: Platform;
  eventsFile: string | null;
  /** Re-reads the config file (for reload). */
  loadConfig(): LoadResult;
  now?: () => number;
}

function names(args: Record<string, unknown>): string[] | 'all' {
  if (args.all === true) return 'all';
  const n = args.names ?? args.name;
  const list = Array.isArray(n) ? n : typeof n === 'string' ? [n] : [];
  if (list.length === 0 || !list.every((x) => typeof x === 'string' && x.length > 0)) {
    throw new ControlError('BAD_REQUEST', 'name the target(s) with "names": [..] or ask for "all": true');
  }
  return list as string[];
}

function stringMap(v: unknown, what: string): Record<string, string> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ControlError('BAD_REQUEST', `${what} must be an object of key: value strings`);
  // No prototype: a key named '__proto__' is kept, to be refused by name like any unknown setting.
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string' && typeof x !== 'number' && typeof x !== 'boolean') throw new ControlError('BAD_REQUEST', `${what}.${k} must be a string`);
    out[k] = String(x);
  }
  if (Object.keys(out).length === 0) throw new ControlError('BAD_REQUEST', `${what} is empty`);
  return out;
}

/** `since` as an ISO time or a duration back from now (10m). */
function sinceTime(v: unknown, now: number): number | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string' && typeof v !== 'number') throw new ControlError('BAD_REQUEST', 'since must be a time or a duration');
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\d/.test(v)) {
    const t = Date.parse(v);
    if (Number.isNaN(t)) throw new ControlError('BAD_REQUEST', `since: bad time '${v}'`);
    return t;
  }
  try {
    return now - parseDuration(v);
  } catch (err) {
    throw new ControlError('BAD_REQUEST', `since: ${(err as Error).message}`);
  }
}

export class Commands implements ControlHandler {
  private readonly now: () => number;

  constructor(private readonly deps: CommandDeps) {
    this.now = deps.now ?? Date.now;
  }

  denied(claimed: string, verb: string, peer: string): void {
    // Only what psv knows goes in as fact (who could open the endpoint); what
    // the request says about its sender is a claim. A flood of refusals is
    // summarised by the event bus's flood control (EventsSuppressed), not lost.
    this.deps.events.emit('AccessDenied', { verb, peer, claimed });
  }

  private operator(verb: string, target: string, caller: Caller): void {
    this.deps.events.emit('OperatorCommand', { verb, target, user: caller.who, channel: caller.channel ?? 'cli' });
  }

  async handle(verb: Verb, args: Record<string, unknown>, caller: Caller, stream: Stream): Promise<unknown> {
    try {
      checkConfig(caller.config, this.deps.monitor.configFile);
      return await this.dispatch(verb, args, caller, stream);
    } catch (err) {
      if (err instanceof UnknownTargetError) throw new ControlError('UNKNOWN_TARGET', err.message);
      if (err instanceof SettingError) throw new ControlError('INVALID', err.message);
      throw err;
    }
  }

  private async dispatch(verb: Verb, args: Record<string, unknown>, caller: Caller, stream: Stream): Promise<unknown> {
    const { monitor } = this.deps;
    const label = (sel: string[] | 'all'): string => (sel === 'all' ? '(all)' : sel.join(','));
    switch (verb) {
      case 'ping':
        return { pid: process.pid, config: monitor.configFile };
      case 'status':
        return monitor.status(args.names === undefined && args.name === undefined ? 'all' : names(args));
      case 'pause': {
        const sel = names(args);
        const done = monitor.pause(sel);
        this.operator(verb, label(sel), caller);
        return { targets: done };
      }
      case 'resume': {
        const sel = names(args);
        const done = monitor.resume(sel);
        this.operator(verb, label(sel), caller);
        return { targets: done };
      }
      case 'restart': {
        const sel = names(args);
        monitor.select(sel);
        this.operator(verb, label(sel), caller);
        return { targets: await monitor.restart(sel) };
      }
      case 'reset': {
        const sel = names(args);
        monitor.select(sel);
        this.operator(verb, label(sel), caller);
        return { targets: monitor.reset(sel) };
      }
      case 'set': {
        const settings = stringMap(args.settings, 'settings');
        const target = args.target;
        if (target === undefined || target === null || target === '') {
          monitor.setMonitor(settings);
          this.operator(verb, '(monitor)', caller);
        } else {
          if (typeof target !== 'string') throw new ControlError('BAD_REQUEST', 'target must be a string');
          monitor.setTarget(target, settings);
          this.operator(verb, target, caller);
        }
        return monitor.status(target ? [target as string] : 'all');
      }
      case 'reload': {
        const loaded = this.deps.loadConfig();
        this.operator(verb, '(config)', caller);
        if (!loaded.ok) {
          const problems = loaded.problems.map(formatProblem);
          const errors = loaded.problems.filter((p) => p.severity === 'error');
          this.deps.events.emit('ConfigRejected', { config: monitor.configFile, problems: errors.length, first: problems[0] ?? '' });
          throw new ControlError('CONFIG_REJECTED', `${monitor.configFile}: ${errors.length} problem(s); the running configuration stays`, problems);
        }
        return monitor.reload(loaded.config);
      }
      case 'stop': {
        const keep = args.keepTargets === true;
        this.operator(keep ? 'stop --keep-targets' : 'stop', '(monitor)', caller);
        // Says at once how long stopping may take, so that the client waits as long and no longer.
        const withinMs = keep ? 0 : monitor.stopBudgetMs();
        // Progress for the client: which targets are still stopping, at once, then after
        // targets have stopped, at most every STOP_PROGRESS_MS (a thousand targets stopping
        // make a few reports, not a thousand lists of a thousand names), and last when all have.
        let lastSent = 0;
        let pending: NodeJS.Timeout | null = null;
        const progress = (): void => {
          pending = null;
          lastSent = Date.now();
          const remaining = keep ? [] : monitor.status().targets.filter((t) => t.pid !== null).map((t) => t.name);
          stream.send({ stopping: true, pid: process.pid, withinMs, remaining } satisfies StoppingResult);
        };
        progress();
        const unsubscribe = this.deps.events.subscribe((e) => {
          if (e.event === 'TargetStopped' && pending === null) pending = setTimeout(progress, Math.max(0, lastSent + STOP_PROGRESS_MS - Date.now()));
        });
        try {
          await monitor.stop(phrase('StopRequestedBy', { who: caller.who }), keep);
        } finally {
          unsubscribe();
          if (pending !== null) {
            clearTimeout(pending);
            progress();
          }
        }
        return { stopped: true, keepTargets: keep, pid: process.pid };
      }
      case 'heartbeat': {
        // A script's "still alive" for a target with stall.heartbeat (not an operator command: not logged).
        const sel = names(args);
        const ready = typeof args.ready === 'boolean' ? args.ready : false;
        // A named target that waits for no heartbeat (nor READY) would take it silently and change nothing.
        const deaf = sel === 'all' ? [] : monitor.select(sel).filter((t) => t.config.stall.heartbeatMs === null && !(ready && t.config.readyOnNotify));
        if (deaf.length > 0) {
          const list = deaf.map((t) => t.name).join(', ');
          throw new ControlError(
            'INVALID',
            say(
              {
                en: '{names}: no heartbeat expected (set stall.heartbeat for the target{ready})',
                ja: '{names}: ハートビートを待っていないターゲットです（ターゲットに stall.heartbeat を設定してください{readyJa}）',
              },
              { names: list, ready: ready ? ', or readyAfter: notify for --ready' : '', readyJa: ready ? '。--ready には readyAfter: notify が必要です' : '' },
            ),
          );
        }
        return { targets: monitor.heartbeat(sel, ready) };
      }
      case 'events':
        return this.eventsVerb(args, stream);
      case 'note': {
        // A change made outside the monitor that the operator's record must show (the console saved the config file).
        if (args.verb !== 'save' || typeof args.target !== 'string' || args.target === '') throw new ControlError('BAD_REQUEST', 'note: only {"verb": "save", "target": FILE} is recorded');
        this.operator('save', args.target.slice(0, 4096), caller);
        return { noted: true };
      }
    }
  }

  private async eventsVerb(args: Record<string, unknown>, stream: Stream): Promise<unknown> {
    const since = sinceTime(args.since, this.now());
    const target = typeof args.target === 'string' ? args.target : null;
    const limit = typeof args.limit === 'number' && args.limit > 0 ? Math.min(args.limit, 100_000) : EVENTS_DEFAULT_LIMIT;
    // Levels filter before the limit: --limit 10 --level Error is the last ten errors.
    const levels = Array.isArray(args.level) ? new Set(args.level.map(String)) : null;
    const keep = (e: EventRecord): boolean =>
      (since === null || Date.parse(e.time) >= since) && (target === null || e.target === target) && (levels === null || levels.has(e.level));
    const past = this.readEventFile().filter(keep).slice(-limit);
    if (args.follow !== true) return { events: past };
    for (const e of past) stream.send(e);
    const unsubscribe = this.deps.events.subscribe((e) => {
      if (keep(e)) stream.send(e);
    });
    await Promise.race([stream.closed, this.deps.monitor.finished]);
    unsubscribe();
    return { events: [] };
  }

  private readEventFile(): EventRecord[] {
    if (!this.deps.eventsFile) return [...this.deps.events.recent()];
    let text: string;
    try {
      text = readFileSync(this.deps.eventsFile, 'utf8');
    } catch {
      return [...this.deps.events.recent()];
    }
    const out: EventRecord[] = [];
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        out.push(JSON.parse(line) as EventRecord);
      } catch {
        // A torn last line (a monitor killed mid-write) is skipped.
      }
    }
    return out;
  }
}
