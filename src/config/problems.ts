// The problems found while loading a config, each at its FILE:LINE:COL: every
// module of the loader adds to one list, and the file's reader sees them in
// the order of the file, each said once.
import type { ConfigProblem } from './types.js';
import type { Segment } from './values.js';

export type { Segment };

/** A 1-based place in the file. */
export interface Position {
  line: number;
  col: number;
}

/** Where a part of a target is: keys and indexes below `targets[i]`. */
export type Locate = (...segs: Segment[]) => Position;

export class Problems {
  private readonly list: ConfigProblem[] = [];
  constructor(private readonly file: string) {}
  add(line: number, col: number, message: string, severity: ConfigProblem['severity'] = 'error'): void {
    this.list.push({ file: this.file, line, col, message, severity });
  }
  /** A problem in another file the config names (an env file), at its own line and column. */
  addIn(file: string, line: number, col: number, message: string, severity: ConfigProblem['severity'] = 'error'): void {
    this.list.push({ file, line, col, message, severity });
  }
  hasErrors(): boolean {
    return this.list.some((p) => p.severity === 'error');
  }
  sorted(): ConfigProblem[] {
    const seen = new Set<string>();
    return this.list
      .filter((p) => {
        const key = `${p.file}:${p.line}:${p.col}:${p.severity}:${p.message}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      // The config file's own first, then each other file's, each in the order of its lines.
      .sort((a, b) => Number(a.file !== this.file) - Number(b.file !== this.file) || a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
  }
}

/** `targets[0].restart.window`: a place in the file as the messages name it. */
export function pathText(segments: Segment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}
