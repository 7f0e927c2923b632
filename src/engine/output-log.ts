// A target's stdout/stderr go straight into its log file (the monitor is not in
// the path, so output keeps flowing when the monitor is gone). Rotation copies
// the file aside and truncates it in place: the target's O_APPEND descriptor
// then simply continues at the new end.
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, renameSync, statSync, truncateSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

export class OutputLog {
  readonly path: string;

  constructor(dir: string, name: string, private readonly maxBytes: number, private readonly keep: number) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, `${name}.log`);
  }

  /** A descriptor for a new child's stdout/stderr; close it once the child is spawned. */
  open(): number {
    return openSync(this.path, 'a');
  }

  close(fd: number): void {
    closeSync(fd);
  }

  /** Rotates when the file has outgrown maxBytes; returns whether it did. */
  rotateIfNeeded(): boolean {
    let size: number;
    try {
      size = statSync(this.path).size;
    } catch {
      return false;
    }
    if (size <= this.maxBytes) return false;
    if (this.keep <= 0) {
      truncateSync(this.path, 0);
      return true;
    }
    const oldest = `${this.path}.${this.keep}`;
    if (existsSync(oldest)) unlinkSync(oldest);
    for (let i = this.keep - 1; i >= 1; i--) {
      const from = `${this.path}.${i}`;
      if (existsSync(from)) renameSync(from, `${this.path}.${i + 1}`);
    }
    copyFileSync(this.path, `${this.path}.1`);
    truncateSync(this.path, 0);
    return true;
  }
}
