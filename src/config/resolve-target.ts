// One target as the engine reads it (TargetConfig): its own values over
// `defaults:`, paths against the config's folder, durations in milliseconds,
// its command split into argv; and the warnings that need the disk (a missing
// cwd, a program not on PATH, a restore script that is not there).
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { platform } from '../platform/index.js';
import type { ProbeConfig, ProbeSpec, StallConfig } from '../probes/types.js';
import { splitCommandLine } from './argv.js';
import { kindOf, tcpAddressOf } from './checks.js';
import { parseDuration } from './duration.js';
import type { Locate, Position, Problems, Segment } from './problems.js';
import { isObject, type Json, type JsonObject } from './schema.js';
import type { InstancesConfig, MatchSpec, RetryOverAction, TargetConfig } from './types.js';
import { runAsOf, withRunAsDefaults } from './run-as.js';
import { findExecutable } from './which.js';
import type { PluginResolver } from './plugins.js';
import type { NodeFinder } from './yaml-positions.js';

/** What loading reads beyond the file: only the lookup of the targets' programs needs it. */
export interface LoadOptions {
  /** Look programs up the Windows way (PATHEXT, cwd first). Default: the running OS. */
  isWindows?: boolean;
  /** Environment the targets inherit (PATH for program lookup). Default: process.env. */
  env?: Record<string, string | undefined>;
}

/**
 * `t` is the target as written (so that a key it leaves out falls back to `defaults:`);
 * `filled` is the same target with the schema's defaults, for the keys only targets have;
 * `rawDefaults` is `defaults:` as written (the run-as keys come from there, as written).
 */
export function resolveTarget(
  t: JsonObject,
  filled: JsonObject,
  i: number,
  defaults: JsonObject,
  rawDefaults: JsonObject,
  baseDir: string,
  nodes: NodeFinder,
  problems: Problems,
  options: LoadOptions,
  plugins: PluginResolver,
): TargetConfig | null {
  const here = (...segs: Segment[]) => nodes.position(['targets', i, ...segs]);
  const label = `targets[${i}]`;
  const kind = kindOf(t);
  if (kind === null) return null; // reported by checkTargetKinds

  // The target's own values win; `defaults:` (already filled from the schema) fills the rest.
  const d = defaults.restart as JsonObject;
  const own = isObject(t.restart) ? t.restart : {};
  const restart = { ...d, ...own, backoff: { ...(d.backoff as JsonObject), ...(isObject(own.backoff) ? own.backoff : {}) } } as JsonObject;
  const backoff = restart.backoff as JsonObject;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...(defaults.env as JsonObject | undefined), ...(t.env as JsonObject | undefined) })) env[k] = String(v);
  const cwd = path.resolve(baseDir, (t.cwd ?? defaults.cwd ?? '.') as string);
  const script = typeof restart.script === 'string' ? path.resolve(baseDir, restart.script) : null;

  const command = kind === 'command' ? argvOf(t.command as Json, `${label}.command`, here('command'), problems) : [];
  if (command === null) return null;
  const restoreCommand = own.command !== undefined ? argvOf(own.command, `${label}.restart.command`, here('restart', 'command'), problems) : null;
  if (own.command !== undefined && restoreCommand === null) return null;

  const probes = probesOf((filled.probes ?? []) as JsonObject[], i, label, here, problems, plugins);
  const on = plugins.hooks(t.on, ['targets', i, 'on']);
  if (on === null) return null;
  if (probes === null) return null;

  const isWindows = options.isWindows ?? platform.isWindows;
  const inherited = options.env ?? process.env;
  const fromDefaults = { label: 'defaults', here: (...segs: Segment[]) => nodes.position(['defaults', ...segs]) };
  const { keys: runKeys, place } = withRunAsDefaults(t, rawDefaults, { label, here }, fromDefaults);
  const run = runAsOf(runKeys, baseDir, place, problems, isWindows);
  Object.assign(env, { ...run.envFileVars, ...env });
  // Only the command, or for other kinds the restore script and command, run in cwd.
  const runsInCwd = kind === 'command' || script !== null || restoreCommand !== null;
  if (runsInCwd && !existsDir(cwd)) {
    const [where, pos] =
      t.cwd !== undefined
        ? [`${label}.cwd`, here('cwd')]
        : defaults.cwd !== undefined
          ? ['defaults.cwd', nodes.position(['defaults', 'cwd'])]
          : [label, here()];
    const runs = [script !== null ? 'restart.script' : '', restoreCommand !== null ? 'restart.command' : ''].filter((x) => x).join(' and ');
    const consequence = kind === 'command' ? 'the target will fail to start' : `${runs} will fail to start`;
    problems.add(pos.line, pos.col, `${where}: directory '${cwd}' does not exist; ${consequence}`, 'warning');
  } else if (runsInCwd) {
    // PATH is all the lookup reads: no copy of the whole environment per target.
    const ownLookupVars = Object.keys(env).some((k) => k.toUpperCase() === 'PATH' || k.toUpperCase() === 'PATHEXT');
    const lookup = { cwd, env: ownLookupVars ? { ...inherited, ...env } : inherited, isWindows };
    if (kind === 'command') warnIfNotFound(command[0]!, lookup, `${label}.command`, here('command'), 'the target will fail to start', problems);
    if (restoreCommand) warnIfNotFound(restoreCommand[0]!, lookup, `${label}.restart.command`, here('restart', 'command'), 'the target cannot be restored', problems);
  }
  if (script !== null && !existsSync(script)) {
    const [where, pos] =
      'script' in own ? [`${label}.restart.script`, here('restart', 'script')] : ['defaults.restart.script', nodes.position(['defaults', 'restart', 'script'])];
    problems.add(pos.line, pos.col, `${where}: '${script}' does not exist`, 'warning');
  }
  if ((kind === 'match' || kind === 'pidfile') && script === null && restoreCommand === null && restart.retries !== 0) {
    const pos = here();
    problems.add(pos.line, pos.col, `${label}: psv can detect the loss but has no way to restore it; give restart.script or restart.command`, 'warning');
  }

  // The kind-specific fields below follow kind, so this is the TargetConfig variant kind names
  // (the type checker cannot follow the conditionals).
  return {
    name: t.name as string,
    kind,
    command,
    match: kind === 'match' || kind === 'pidfile' ? matchSpecOf(t.match) : null,
    pidfile: kind === 'pidfile' ? path.resolve(baseDir, t.pidfile as string) : null,
    service: kind === 'service' ? (t.service as string) : null,
    restartWhenStopped: kind === 'service' && filled.restartWhenStopped === true,
    instances: kind === 'match' ? instancesOf(filled.instances as JsonObject) : null,
    onExcess: filled.onExcess as TargetConfig['onExcess'],
    cwd,
    env,
    restart: {
      type: restart.type as TargetConfig['restart']['type'],
      retries: restart.retries as number,
      windowMs: parseDuration(restart.window as string | number),
      delayMs: parseDuration(restart.delay as string | number),
      backoff: { factor: backoff.factor as number, maxMs: parseDuration(backoff.max as string | number) },
      script,
      scriptTimeoutMs: parseDuration(restart.scriptTimeout as string | number),
      command: restoreCommand,
      confirmTimeoutMs: parseDuration(restart.confirmTimeout as string | number),
    },
    onRetryOver: (t.onRetryOver ?? defaults.onRetryOver) as RetryOverAction,
    stopTimeoutMs: parseDuration((t.stopTimeout ?? defaults.stopTimeout) as string | number),
    stopSignal: run.stopSignal,
    runAs: run.runAs,
    userEnv: run.userEnv,
    scriptUser: run.scriptUser,
    dependsOn: (t.dependsOn ?? []) as string[],
    readyAfterMs: t.readyAfter === 'notify' ? 0 : parseDuration((t.readyAfter ?? '0s') as string | number),
    readyOnNotify: t.readyAfter === 'notify',
    group: null,
    stall: stallOf(filled.stall as JsonObject, baseDir),
    probes,
    on,
  } as TargetConfig;
}

function stallOf(stall: JsonObject, baseDir: string): StallConfig {
  const ms = (v: Json | undefined) => (typeof v === 'string' || typeof v === 'number' ? parseDuration(v) : null);
  return {
    heartbeatMs: ms(stall.heartbeat),
    file: typeof stall.file === 'string' ? path.resolve(baseDir, stall.file) : null,
    stuckForMs: ms(stall.stuckFor),
  };
}

/** The probes with the schema's defaults filled in; null (reported) when a command is unusable. */
function probesOf(probes: JsonObject[], i: number, label: string, here: Locate, problems: Problems, plugins: PluginResolver): ProbeConfig[] | null {
  const out: ProbeConfig[] = [];
  for (const [j, p] of probes.entries()) {
    let spec: ProbeSpec;
    if (p.tcp !== undefined) {
      const address = tcpAddressOf(p.tcp as string | number);
      if (typeof address === 'string') return null; // reported by checkStallAndProbes
      spec = { kind: 'tcp', ...address };
    } else if (p.http !== undefined) {
      spec = { kind: 'http', url: p.http as string, expect: typeof p.expect === 'number' ? p.expect : 0 };
    } else if (p.check !== undefined || p.plugin !== undefined) {
      const at = ['targets', i, 'probes', j];
      const plugin = p.check !== undefined ? plugins.program(p.check, [...at, 'check']) : plugins.js(p.plugin as string, [...at, 'plugin']);
      if (plugin === null) return null;
      spec = { kind: 'plugin', plugin };
    } else {
      const argv = argvOf(p.command, `${label}.probes[${j}].command`, here('probes', j, 'command'), problems);
      if (argv === null) return null;
      spec = { kind: 'command', command: argv };
    }
    out.push({
      spec,
      everyMs: parseDuration(p.every as string | number),
      timeoutMs: parseDuration(p.timeout as string | number),
      failures: p.failures as number,
      initialDelayMs: parseDuration(p.initialDelay as string | number),
      onUnhealthy: p.onUnhealthy as ProbeConfig['onUnhealthy'],
      actions: plugins.actions(p.actions, ['targets', i, 'probes', j, 'actions']) ?? [],
    });
  }
  return out;
}

/** A command list, or one string split like a command line; null (reported) when unusable. */
export function argvOf(value: Json | undefined, where: string, pos: Position, problems: Problems): string[] | null {
  let argv: string[];
  if (typeof value === 'string') {
    try {
      argv = splitCommandLine(value);
    } catch (err) {
      problems.add(pos.line, pos.col, `${where}: ${(err as Error).message} in ${JSON.stringify(value)}`);
      return null;
    }
  } else {
    argv = (value as (string | number)[]).map(String);
  }
  if (argv.length === 0 || argv[0] === '') {
    problems.add(pos.line, pos.col, `${where}: the program name is empty`);
    return null;
  }
  return argv;
}

function warnIfNotFound(
  program: string,
  lookup: { cwd: string; env: Record<string, string | undefined>; isWindows: boolean },
  where: string,
  pos: Position,
  consequence: string,
  problems: Problems,
): void {
  const found = findExecutable(program, lookup);
  if (found.found) return;
  const why =
    found.reason === 'not-executable'
      ? `'${found.tried}' is not executable (chmod +x?)`
      : found.tried === 'PATH'
        ? `program '${program}' not found on PATH`
        : `program '${found.tried}' does not exist`;
  problems.add(pos.line, pos.col, `${where}: ${why}; ${consequence}`, 'warning');
}

/** `match: java` is `match: { name: java }`. */
function matchSpecOf(value: Json | undefined): MatchSpec | null {
  if (typeof value === 'string') return { name: value, args: null, user: null };
  if (!isObject(value)) return null;
  const text = (v: Json | undefined) => (typeof v === 'string' ? v : null);
  return { name: text(value.name), args: text(value.args), user: text(value.user) };
}

function instancesOf(value: JsonObject): InstancesConfig {
  return { min: value.min as number, max: typeof value.max === 'number' ? value.max : null };
}

function existsDir(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
