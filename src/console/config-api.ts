// The configuration side of the console: the file's text, the diagnostics of
// `psv check` on text in memory (the same loader, so the same messages at the
// same FILE:LINE:COL), saving, the difference with the file the monitor
// runs, applying (save + reload) and the dependency graph.
import { randomBytes } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { loadConfigText } from '../config/load.js';
import { formatProblem, type ConfigProblem, type PsvConfig } from '../config/types.js';
import { HttpError } from './http.js';

export interface Problem {
  line: number;
  col: number;
  severity: 'error' | 'warning';
  message: string;
  /** The exact line psv check prints: FILE:LINE:COL: message. */
  text: string;
}

function problemOf(p: ConfigProblem): Problem {
  return { line: p.line, col: p.col, severity: p.severity, message: p.message, text: formatProblem(p) };
}

export interface Checked {
  problems: Problem[];
  config: PsvConfig | null;
}

/** `psv check` on text: every problem (warnings too, marked), and the config when it is valid. */
export function checkText(text: string, file: string): Checked {
  const result = loadConfigText(text, resolve(file));
  return result.ok ? { problems: result.warnings.map(problemOf), config: result.config } : { problems: result.problems.map(problemOf), config: null };
}

export function hasErrors(problems: Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

export function readConfigText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new HttpError(404, 'NOT_FOUND', `cannot read ${file}: ${(err as Error).message}`);
  }
}

/** Writes the file whole or not at all: a reader (the monitor reloading) never sees half of it. */
export function saveAtomically(file: string, text: string): void {
  let mode: number | null = null;
  try {
    mode = statSync(file).mode & 0o7777;
  } catch {
    // A new file: the default mode.
  }
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, text, { flag: 'wx' });
    if (mode !== null) chmodSync(temp, mode);
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw new HttpError(500, 'FAILED', `cannot write ${file}: ${(err as Error).message}`);
  }
}

/** Checks `text` as the file `file`; HttpError 422 with the problems when it has errors. */
export function mustBeValid(text: string, file: string, code = 'INVALID'): Checked {
  const checked = checkText(text, file);
  if (hasErrors(checked.problems)) {
    const n = checked.problems.filter((p) => p.severity === 'error').length;
    throw new HttpError(422, code, `${file}: ${n} problem${n === 1 ? '' : 's'}, not valid`, checked.problems);
  }
  return checked;
}

/** A unified diff of the file as it is on disk (what the monitor runs after its last reload) against `text`. */
export function diffText(file: string, text: string): string {
  let running = '';
  try {
    running = readFileSync(file, 'utf8');
  } catch {
    // No file yet: everything is new.
  }
  if (running === text) return '';
  return createTwoFilesPatch(file, file, running, text, 'running', 'edited');
}

export interface Graph {
  nodes: { id: string; kind: 'target' | 'group'; label: string }[];
  /** after: `from` needs `to` (dependsOn); member: group `from` holds target `to`. */
  edges: { from: string; to: string; kind: 'after' | 'member' }[];
  problems: Problem[];
}

/** The picture of who needs whom, from the resolved config (nothing when the text does not resolve). */
export function graphOf(text: string, file: string): Graph {
  const { problems, config } = checkText(text, file);
  const graph: Graph = { nodes: [], edges: [], problems };
  if (!config) return graph;
  // Node ids carry their kind: a group and a target may share a name.
  const id = (name: string): string => (config.groups.some((g) => g.name === name) && !config.targets.some((t) => t.name === name) ? `group:${name}` : `target:${name}`);
  for (const t of config.targets) {
    graph.nodes.push({ id: `target:${t.name}`, kind: 'target', label: t.name });
    for (const d of t.dependsOn) graph.edges.push({ from: `target:${t.name}`, to: id(d), kind: 'after' });
  }
  for (const g of config.groups) {
    graph.nodes.push({ id: `group:${g.name}`, kind: 'group', label: g.name });
    for (const m of g.members) graph.edges.push({ from: `group:${g.name}`, to: `target:${m}`, kind: 'member' });
    for (const d of g.dependsOn) graph.edges.push({ from: `group:${g.name}`, to: id(d), kind: 'after' });
  }
  return graph;
}

/** The example configs shipped with psv: examples/ of the sources, or next to the executable. */
export function examples(dirs: string[]): { name: string; text: string }[] {
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n)).sort();
    } catch {
      continue;
    }
    return names.flatMap((name) => {
      try {
        return [{ name, text: readFileSync(join(dir, name), 'utf8') }];
      } catch {
        return [];
      }
    });
  }
  return [];
}
