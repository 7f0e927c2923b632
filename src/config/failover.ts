// monitor.failover: the adapter that carries a failover to the cluster software,
// resolved from the file (defaults from the schema) with the checks the schema
// cannot express, each at its FILE:LINE:COL.
import path from 'node:path';
import { parseDuration } from './duration.js';
import type { Problems } from './problems.js';
import { argvOf } from './resolve-target.js';
import type { JsonObject } from './schema.js';
import type { FailoverConfig, FailoverVia } from './types.js';
import type { NodeFinder } from './yaml-positions.js';

const AT = ['monitor', 'failover'];

/** The failover settings, or null when they cannot work (reported). */
export function resolveFailover(f: JsonObject, baseDir: string, nodes: NodeFinder, problems: Problems): FailoverConfig | null {
  const via = f.via as FailoverVia;
  const report = (segs: string[], message: string): null => {
    const pos = nodes.position([...AT, ...segs]);
    const parent = nodes.position([...AT, ...segs.slice(0, -1)]);
    const written = segs.length === 1 || parent.line !== pos.line || parent.col !== pos.col;
    // A default the file does not write has no place of its own: the adapter chosen at via is the cause.
    const at = written ? pos : nodes.position([...AT, 'via']);
    problems.add(at.line, at.col, `monitor.failover.${segs.join('.')}: ${message}`);
    return null;
  };
  const then = (f.then as 'stay' | 'exit' | null) ?? (via === 'exit' ? 'exit' : 'stay');
  if (via === 'exit' && then === 'stay') {
    return report(['then'], 'stay needs an adapter that tells the cluster (via pacemaker, clusterpro, wsfc or command); via exit always stops the targets and exits');
  }
  const pm = f.pacemaker as JsonObject;
  const cp = f.clusterpro as JsonObject;
  const ws = f.wsfc as JsonObject;
  const cmd = f.command as JsonObject;
  const program = (p: unknown): string => programPath(p as string, baseDir);
  const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  const config: FailoverConfig = {
    via,
    then,
    exitCode: f.exitCode as number,
    timeoutMs: parseDuration(f.timeout as string | number),
    pacemaker: {
      action: pm.action as FailoverConfig['pacemaker']['action'],
      resource: text(pm.resource),
      node: text(pm.node),
      crmResource: program(pm.crmResource),
    },
    clusterpro: {
      action: cp.action as FailoverConfig['clusterpro']['action'],
      clprexec: program(cp.clprexec),
      clpgrp: program(cp.clpgrp),
      monitor: text(cp.monitor),
      category: cp.category as string,
      keyword: text(cp.keyword),
      host: text(cp.host),
      group: text(cp.group),
      server: text(cp.server),
      args: (cp.args as (string | number)[]).map(String),
    },
    wsfc: {
      action: ws.action as FailoverConfig['wsfc']['action'],
      resource: text(ws.resource),
      group: text(ws.group),
      node: text(ws.node),
      powershell: program(ws.powershell),
    },
    command: { run: null },
  };
  // Only the adapter in use must be complete: the others may be filled in ahead of a switch.
  if (via === 'command') {
    if (cmd.run === null || cmd.run === undefined) return report(['via'], 'via command needs monitor.failover.command.run (the program to run)');
    const pos = nodes.position([...AT, 'command', 'run']);
    const run = argvOf(cmd.run, 'monitor.failover.command.run', pos, problems);
    if (!run) return null;
    config.command.run = [program(run[0]), ...run.slice(1)];
  }
  if (via === 'clusterpro' && config.clusterpro.action === 'move' && !config.clusterpro.group) {
    return report(['clusterpro', 'action'], 'move needs monitor.failover.clusterpro.group (the failover group clpgrp -m moves)');
  }
  if (via === 'wsfc' && config.wsfc.action === 'fail' && !config.wsfc.resource) {
    return report(['wsfc', 'action'], "fail needs monitor.failover.wsfc.resource (the cluster resource that runs psv)");
  }
  if (via === 'wsfc' && config.wsfc.action === 'move' && !config.wsfc.group) {
    return report(['wsfc', 'action'], 'move needs monitor.failover.wsfc.group (the role Move-ClusterGroup moves)');
  }
  return config;
}

/** A program given as a relative path (with a folder in it) is relative to the config file's folder; a bare name is looked up in PATH. */
function programPath(p: string, baseDir: string): string {
  return /[\\/]/.test(p) && !path.isAbsolute(p) && !path.win32.isAbsolute(p) ? path.resolve(baseDir, p) : p;
}
