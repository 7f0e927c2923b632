// The context a plug-in is given: environment variables (PSV_TARGET, PSV_PID,
// PSV_EVENT_RESTARTS, ...) and the same as one JSON object on standard input.
import type { PluginContext } from './types.js';

/** restarts → RESTARTS, delayMs → DELAY_MS. */
export function envName(field: string): string {
  return field.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9_]/g, '_').toUpperCase();
}

export function contextEnv(ctx: PluginContext): Record<string, string> {
  const env: Record<string, string> = {
    PSV_TARGET: ctx.target ?? '',
    PSV_PID: ctx.pid === null ? '' : String(ctx.pid),
    PSV_INSTANCE: ctx.instance === null ? '' : String(ctx.instance),
    PSV_GROUP: ctx.group ?? '',
    PSV_KIND: ctx.kind ?? '',
    PSV_STATE_DIR: ctx.stateDir,
    PSV_CONFIG: ctx.config,
  };
  if (ctx.incidentDir !== null) env.PSV_INCIDENT_DIR = ctx.incidentDir;
  const e = ctx.event;
  if (e) {
    Object.assign(env, { PSV_EVENT: e.name, PSV_EVENT_ID: String(e.id), PSV_EVENT_LEVEL: e.level, PSV_EVENT_MESSAGE: e.message, PSV_EVENT_TIME: e.time });
    for (const [k, v] of Object.entries(e.fields)) {
      const name = `PSV_EVENT_${envName(k)}`;
      if (name in env || v === undefined) continue;
      env[name] = typeof v === 'string' ? v : JSON.stringify(v);
    }
  }
  // A NUL cannot be in an environment string: spawn would throw.
  for (const k of Object.keys(env)) env[k] = env[k]!.replace(/\0/g, '');
  return env;
}

export function contextJson(ctx: PluginContext): string {
  return JSON.stringify(ctx) + '\n';
}
