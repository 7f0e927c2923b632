// What the schema cannot express, said in plain words at the place it was
// written: unique target names, the one kind each target has and the keys that
// go with it, match patterns, stall detection and probes, and (in groups.ts)
// groups and dependencies.
import { checkGroups } from './groups.js';
import type { Locate, Problems, Segment } from './problems.js';
import { deref, isObject, schema, type Json, type JsonObject } from './schema.js';
import type { TargetKind } from './types.js';
import type { NodeFinder } from './yaml-positions.js';
import { say } from '../i18n/say.js';

/** Every check, in the order its problems are reported for the same place. */
export function checkConfig(raw: Json, nodes: NodeFinder, problems: Problems): void {
  checkUniqueNames(raw, nodes, problems);
  checkTargetKinds(raw, nodes, problems);
  checkStallAndProbes(raw, nodes, problems);
  checkGroups(raw, (at, message, pointAtKey) => {
    const pos = nodes.position(at, pointAtKey);
    problems.add(pos.line, pos.col, message);
  });
}

function checkUniqueNames(raw: Json, nodes: NodeFinder, problems: Problems): void {
  const targets = isObject(raw) ? raw.targets : undefined;
  if (!Array.isArray(targets)) return;
  const first = new Map<string, { index: number; name: string }>();
  targets.forEach((t, index) => {
    if (!isObject(t) || typeof t.name !== 'string') return;
    // Compared ignoring case: names become file names, and Windows file names ignore case.
    const key = t.name.toLowerCase();
    const prior = first.get(key);
    if (!prior) {
      first.set(key, { index, name: t.name });
      return;
    }
    const pos = nodes.position(['targets', index, 'name']);
    const priorLine = nodes.position(['targets', prior.index, 'name']).line;
    const same = prior.name === t.name ? '' : say({ en: " (same as '{prior}' ignoring case)", ja: " (大文字と小文字を区別しなければ '{prior}' と同じ)" }, { prior: prior.name });
    problems.add(pos.line, pos.col, say({ en: "targets[{index}].name: duplicate target name '{name}'{same} (first defined at line {line})", ja: "targets[{index}].name: 監視対象名 '{name}' が重複しています{same} (最初の定義は {line} 行目)" }, { index, name: t.name, same, line: priorLine }));
  });
}

// ---------------------------------------------------------------------------
// Target kinds: the combinations the schema leaves open, said in plain words

const KIND_KEYS: readonly TargetKind[] = ['command', 'match', 'pidfile', 'service'];
const KIND_LIST = { en: 'command, match, pidfile or service', ja: 'command、match、pidfile、service' };

/** The kind keys a target has, in the order they are written. */
function kindKeys(t: JsonObject): TargetKind[] {
  return Object.keys(t).filter((k): k is TargetKind => (KIND_KEYS as readonly string[]).includes(k));
}

/** A target's kind: its first kind key, except that pidfile with match is a pidfile target. */
export function kindOf(t: JsonObject): TargetKind | null {
  const keys = kindKeys(t);
  if (keys.length === 0) return null;
  return keys[0] === 'match' && keys.includes('pidfile') ? 'pidfile' : keys[0]!;
}

/** Only pidfile and match may be given together (match then checks the pid's program). */
function goTogether(a: TargetKind, b: TargetKind): boolean {
  return (a === 'pidfile' && b === 'match') || (a === 'match' && b === 'pidfile');
}

/** Keys that only one kind of target reads. */
const KIND_ONLY: Record<string, TargetKind> = { instances: 'match', onExcess: 'match', restartWhenStopped: 'service' };

function checkTargetKinds(raw: Json, nodes: NodeFinder, problems: Problems): void {
  if (!isObject(raw)) return;
  const defaultsRestart = isObject(raw.defaults) && isObject(raw.defaults.restart) ? raw.defaults.restart : {};
  if ('command' in defaultsRestart) {
    const pos = nodes.position(['defaults', 'restart', 'command'], true);
    problems.add(pos.line, pos.col, 'defaults.restart.command: a restore command belongs to one target; give it under that target\'s restart');
  }
  if (!Array.isArray(raw.targets)) return;
  raw.targets.forEach((t, i) => {
    if (!isObject(t)) return;
    const label = `targets[${i}]`;
    const keyAt = (...segs: Segment[]) => nodes.position(['targets', i, ...segs], true);
    const valueAt = (...segs: Segment[]) => nodes.position(['targets', i, ...segs]);

    const keys = kindKeys(t);
    if (keys.length === 0) {
      const pos = valueAt();
      problems.add(pos.line, pos.col, say({ en: '{label}: give one of {kinds}', ja: '{label}: {kinds} のいずれかを指定してください' }, { label, kinds: say(KIND_LIST) }));
      return;
    }
    for (const key of keys.slice(1)) {
      if (goTogether(keys[0]!, key)) continue;
      const pos = keyAt(key);
      problems.add(pos.line, pos.col, say({ en: "{label}.{key}: a target has one of {kinds}, and this one already has '{first}' (only pidfile and match go together)", ja: "{label}.{key}: 監視対象には {kinds} のうち 1 つだけを指定します。この監視対象にはすでに '{first}' があります (併用できるのは pidfile と match のみ)" }, { label, key, kinds: say(KIND_LIST), first: keys[0]! }));
    }
    const kind = kindOf(t)!;

    for (const [key, only] of Object.entries(KIND_ONLY)) {
      if (!(key in t) || kind === only) continue;
      const pos = keyAt(key);
      problems.add(pos.line, pos.col, say({ en: '{label}.{key}: applies to {only} targets only; this is a {kind} target', ja: '{label}.{key}: {only} 監視対象専用です。この監視対象の種類は {kind} です' }, { label, key, only, kind }));
    }
    const ownRestart = isObject(t.restart) ? t.restart : {};
    if ('command' in ownRestart && (kind === 'command' || kind === 'service')) {
      const pos = keyAt('restart', 'command');
      const why =
        kind === 'command'
          ? 'psv starts this target itself and re-spawns it with its command; restart.command is for targets psv did not start (use restart.script for a step before each re-spawn)'
          : 'psv starts a service through the service manager; restart.command is for match and pidfile targets (use restart.script for a step before the start)';
      problems.add(pos.line, pos.col, `${label}.restart.command: ${why}`);
    }
    if ('match' in t) checkMatch(t.match, label, keyAt, valueAt, problems);
    if (isObject(t.instances) && typeof t.instances.max === 'number') {
      const min = typeof t.instances.min === 'number' ? t.instances.min : defaultInstancesMin();
      if (t.instances.max < min) {
        const pos = valueAt('instances', 'max');
        const minText = 'min' in t.instances ? `instances.min (${min})` : `instances.min (${min}, the default)`;
        problems.add(pos.line, pos.col, `${label}.instances.max: must be at least ${minText} (got ${t.instances.max})`);
      }
    }
  });
}

function defaultInstancesMin(): number {
  const instances = deref(schema.definitions.target.properties?.instances);
  return Number(deref(instances?.properties?.min)?.default ?? 1);
}

function checkMatch(match: Json | undefined, label: string, keyAt: Locate, valueAt: Locate, problems: Problems): void {
  const checkName = (name: Json | undefined, where: string, pos: { line: number; col: number }) => {
    if (typeof name !== 'string' || !/[\\/]/.test(name)) return;
    const base = name.split(/[\\/]/).pop() || name;
    problems.add(pos.line, pos.col, `${where}: '${name}' has a folder, but name is compared with the executable's base name only (give '${base}')`);
  };
  if (typeof match === 'string') {
    checkName(match, `${label}.match`, valueAt('match'));
    return;
  }
  if (!isObject(match)) return;
  if (match.name === undefined && match.args === undefined) {
    const pos = keyAt('match');
    problems.add(pos.line, pos.col, `${label}.match: give name or args (or both); user alone would match every process of that user`);
  }
  checkName(match.name, `${label}.match.name`, valueAt('match', 'name'));
  if (typeof match.args === 'string') {
    try {
      new RegExp(match.args);
    } catch (err) {
      const why = (err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
      const pos = valueAt('match', 'args');
      problems.add(pos.line, pos.col, `${label}.match.args: bad regular expression ${JSON.stringify(match.args)}: ${why}`);
    }
  }
}

// ---------------------------------------------------------------------------
// Stall detection and health probes (targets[].stall, targets[].probes)

const PROBE_KINDS = ['tcp', 'http', 'command', 'check', 'plugin'] as const;

function checkStallAndProbes(raw: Json, nodes: NodeFinder, problems: Problems): void {
  if (!isObject(raw) || !Array.isArray(raw.targets)) return;
  raw.targets.forEach((t, i) => {
    if (!isObject(t)) return;
    const label = `targets[${i}]`;
    const keyAt = (...segs: Segment[]) => nodes.position(['targets', i, ...segs], true);
    const valueAt = (...segs: Segment[]) => nodes.position(['targets', i, ...segs]);
    if (isObject(t.stall) && t.stall.file != null && t.stall.heartbeat === undefined) {
      const pos = keyAt('stall', 'file');
      problems.add(pos.line, pos.col, `${label}.stall.file: give stall.heartbeat too (how often the file's modification time must advance)`);
    }
    if (!Array.isArray(t.probes)) return;
    t.probes.forEach((p, j) => {
      if (!isObject(p)) return;
      const where = `${label}.probes[${j}]`;
      const kinds = PROBE_KINDS.filter((k) => k in p);
      if (kinds.length === 0) {
        const pos = valueAt('probes', j);
        problems.add(pos.line, pos.col, `${where}: give one of tcp, http, command, check or plugin`);
        return;
      }
      for (const extra of kinds.slice(1)) {
        const pos = keyAt('probes', j, extra);
        problems.add(pos.line, pos.col, `${where}.${extra}: a probe has one of tcp, http, command, check or plugin, and this one already has '${kinds[0]}' (write a second probe)`);
      }
      if ('expect' in p && kinds[0] !== 'http') {
        const pos = keyAt('probes', j, 'expect');
        problems.add(pos.line, pos.col, `${where}.expect: applies to http probes only; this is a ${kinds[0]} probe`);
      }
      if (kinds[0] === 'tcp' && typeof p.tcp === 'string') {
        const parsed = tcpAddressOf(p.tcp);
        if (typeof parsed === 'string') {
          const pos = valueAt('probes', j, 'tcp');
          problems.add(pos.line, pos.col, `${where}.tcp: ${parsed}`);
        }
      }
      if (kinds[0] === 'http' && typeof p.http === 'string') {
        let ok = false;
        try {
          ok = new URL(p.http).hostname !== '';
        } catch {
          ok = false;
        }
        if (!ok) {
          const pos = valueAt('probes', j, 'http');
          problems.add(pos.line, pos.col, `${where}.http: bad URL ${JSON.stringify(p.http)} (give e.g. http://127.0.0.1:8080/health)`);
        }
      }
    });
  });
}

/** `8080`, `"8080"`, `"host:8080"`, `"[::1]:8080"`; host defaults to 127.0.0.1. A string is the reason it is unusable. */
export function tcpAddressOf(value: string | number): { host: string; port: number } | string {
  const text = String(value).trim();
  const m = /^(?:\[([^\]]+)\]|([^:\s]+)):(\d+)$/.exec(text) ?? /^()()(\d+)$/.exec(text);
  const hint = 'give a port (8080) or host:port (127.0.0.1:8080, [::1]:8080)';
  if (!m) return `bad address ${JSON.stringify(text)} (${hint})`;
  const port = Number(m[3]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return `port ${m[3]} is out of range (1 to 65535)`;
  return { host: m[1] || m[2] || '127.0.0.1', port };
}
