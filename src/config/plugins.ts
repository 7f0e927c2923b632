// Plug-ins in the config (docs/plugins.md): the programs and JavaScript
// modules that checks and `on:` actions name, resolved to PluginSpecs, with the
// checks the schema cannot make: the event names of `on:` blocks, and that
// every plug-in file exists, can run, and cannot be changed by anyone but root
// or the monitor's own user (a plug-in runs with the monitor's rights).
import { existsSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { CATALOG } from '../events/catalog.generated.js';
import type { ActionConfig, HooksConfig, PluginSpec, PluginsConfig } from '../plugins/types.js';
import { parseDuration } from './duration.js';
import { pathText as pathLabel, type Problems, type Segment } from './problems.js';
import { argvOf } from './resolve-target.js';
import { isObject, type Json, type JsonObject } from './schema.js';
import { findExecutable } from './which.js';
import type { NodeFinder } from './yaml-positions.js';

/** Arguments that name a script an interpreter runs: checked like the program. */
const SCRIPT_EXT = /\.(py|ps1|psm1|sh|bash|js|mjs|cjs|cmd|bat|pl|rb)$/i;

export interface PluginResolverOptions {
  baseDir: string;
  plugins: PluginsConfig;
  nodes: NodeFinder;
  problems: Problems;
  isWindows: boolean;
  env: Record<string, string | undefined>;
}

export class PluginResolver {
  private readonly checked = new Set<string>();

  constructor(private readonly o: PluginResolverOptions) {
    if (o.plugins.dir !== null) this.checkFolder(o.plugins.dir, ['monitor', 'plugins', 'dir']);
  }

  /** monitor.plugins as the engine reads it. */
  static settings(p: JsonObject, baseDir: string): PluginsConfig {
    return { dir: typeof p.dir === 'string' ? path.resolve(baseDir, p.dir) : null, memoryMb: p.memory as number };
  }

  /** A program (argv, relative program paths against the config's folder) as a plug-in; null when unusable (reported). */
  program(value: Json | undefined, segs: Segment[]): PluginSpec | null {
    const label = pathLabel(segs);
    const argv = argvOf(value, label, this.at(segs), this.o.problems);
    if (argv === null) return null;
    const sep = this.o.isWindows ? /[\\/]/ : /\//;
    const program = sep.test(argv[0]!) ? path.resolve(this.o.baseDir, argv[0]!) : argv[0]!;
    const found = findExecutable(program, { cwd: this.o.baseDir, env: this.o.env, isWindows: this.o.isWindows });
    // What the platform runs through an interpreter (scriptCommand) needs no execute bit: JavaScript, and on Windows .ps1 and .cmd too.
    const scriptLike = (this.o.isWindows ? SCRIPT_EXT : /\.[cm]?js$/i).test(program) && existsSync(program);
    if (!found.found && !scriptLike) {
      const why = found.reason === 'not-executable' ? `'${found.tried}' is not executable (chmod +x?)` : found.tried === 'PATH' ? `program '${program}' not found on PATH` : `'${found.tried}' does not exist`;
      this.o.problems.add(this.at(segs).line, this.at(segs).col, `${label}: ${why}`);
      return null;
    }
    const file = found.found ? found.file : program;
    if (!this.safe(file, segs)) return null;
    for (const arg of argv.slice(1)) {
      const script = path.resolve(this.o.baseDir, arg);
      if (SCRIPT_EXT.test(arg) && existsSync(script) && !this.safe(script, segs)) return null;
    }
    return { kind: 'program', argv: [file, ...argv.slice(1)] };
  }

  /** MODULE.NAME of a JavaScript plug-in in monitor.plugins.dir; null when unusable (reported). */
  js(value: string, segs: Segment[]): PluginSpec | null {
    const pos = this.at(segs);
    const dir = this.o.plugins.dir;
    if (dir === null) {
      this.o.problems.add(pos.line, pos.col, `${pathLabel(segs)}: a JavaScript plug-in needs monitor.plugins.dir (the folder of plug-in modules)`);
      return null;
    }
    const [module, name] = [value.slice(0, value.indexOf('.')), value.slice(value.indexOf('.') + 1)];
    const file = ['.js', '.mjs'].map((ext) => path.join(dir, module + ext)).find((f) => existsSync(f));
    if (file === undefined) {
      this.o.problems.add(pos.line, pos.col, `${pathLabel(segs)}: no module ${module}.js or ${module}.mjs in ${dir}`);
      return null;
    }
    if (!this.safe(file, segs)) return null;
    return { kind: 'js', file, module, name };
  }

  /** A list of actions; null when one is unusable (reported). */
  actions(list: Json | undefined, segs: Segment[]): ActionConfig[] | null {
    const out: ActionConfig[] = [];
    let ok = true;
    for (const [i, raw] of (Array.isArray(list) ? list : []).entries()) {
      if (!isObject(raw)) continue; // the schema reported it
      const here = [...segs, i];
      const hasRun = raw.run !== undefined;
      if (hasRun === (raw.plugin !== undefined)) {
        const pos = this.at(here);
        this.o.problems.add(pos.line, pos.col, `${pathLabel(here)}: give exactly one of run or plugin`);
        ok = false;
        continue;
      }
      const spec = hasRun ? this.program(raw.run, [...here, 'run']) : this.js(raw.plugin as string, [...here, 'plugin']);
      if (spec === null) {
        ok = false;
        continue;
      }
      out.push({ spec, timeoutMs: parseDuration((raw.timeout ?? '10s') as string | number), wait: raw.wait === true });
    }
    return ok ? out : null;
  }

  /** An `on:` block: event name → actions; null when unusable (reported). */
  hooks(block: Json | undefined, segs: Segment[]): HooksConfig | null {
    const out: HooksConfig = {};
    if (!isObject(block)) return out;
    let ok = true;
    for (const [event, list] of Object.entries(block)) {
      if (!(event in CATALOG)) {
        const pos = this.o.nodes.position([...segs, event], true);
        this.o.problems.add(pos.line, pos.col, `${pathLabel(segs)}: '${event}' is not an event of psv's catalog (docs/events.md)`);
        ok = false;
        continue;
      }
      const actions = this.actions(list, [...segs, event]);
      if (actions === null) ok = false;
      else out[event] = actions;
    }
    return ok ? out : null;
  }

  private at(segs: Segment[]): { line: number; col: number } {
    return this.o.nodes.position(segs);
  }

  private checkFolder(dir: string, segs: Segment[]): void {
    let st: Stats;
    try {
      st = statSync(dir);
    } catch {
      const pos = this.at(segs);
      this.o.problems.add(pos.line, pos.col, `${pathLabel(segs)}: folder '${dir}' does not exist`);
      return;
    }
    const why = st.isDirectory() ? unsafeWhy(st, this.o.isWindows) : 'is not a folder';
    if (why) {
      const pos = this.at(segs);
      this.o.problems.add(pos.line, pos.col, `${pathLabel(segs)}: refused: '${dir}' ${why}`);
    }
  }

  /** The file and its folder can be changed only by root or the monitor's user; else reported. */
  private safe(file: string, segs: Segment[]): boolean {
    for (const f of [file, path.dirname(file)]) {
      const key = `${f}\0${segs.join('.')}`;
      if (this.checked.has(key)) continue;
      this.checked.add(key);
      let why: string | null;
      try {
        const st = statSync(f);
        // A sticky folder (/tmp) lets no one else replace what is in it.
        why = f !== file && (st.mode & 0o1000) !== 0 ? null : unsafeWhy(st, this.o.isWindows);
      } catch {
        why = 'does not exist';
      }
      if (why) {
        const pos = this.at(segs);
        this.o.problems.add(pos.line, pos.col, `${pathLabel(segs)}: refused: '${f}' ${why}; a plug-in runs with the monitor's rights (chmod go-w, chown)`);
        return false;
      }
    }
    return true;
  }
}

/** Why a plug-in file or folder is not safe to run from, or null. Windows ACLs are not read: psv check says nothing there. */
function unsafeWhy(st: Stats, isWindows: boolean): string | null {
  if (isWindows) return null;
  if ((st.mode & 0o022) !== 0) return `is writable by ${(st.mode & 0o020) !== 0 ? 'its group' : 'others'} (mode ${(st.mode & 0o777).toString(8)})`;
  const me = process.getuid?.() ?? 0;
  if (st.uid !== 0 && st.uid !== me) return `is owned by uid ${st.uid}, neither root nor the monitor's user`;
  return null;
}
