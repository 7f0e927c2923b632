// Which processes a match spec selects: image name (exact or glob; case does
// not matter on Windows), a regular expression on the command line, a user.
import type { MatchSpec } from '../config/types.js';
import type { ProcessInfo } from '../platform/index.js';

function globToRegExp(glob: string, ignoreCase: boolean): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, ignoreCase ? 'i' : '');
}

export type ProcessMatcher = (p: ProcessInfo) => boolean;

export function compileMatcher(spec: MatchSpec, isWindows: boolean): ProcessMatcher {
  const name = spec.name === null ? null : globToRegExp(spec.name, isWindows);
  // On Windows "java" also names java.exe.
  const nameExe = spec.name !== null && isWindows && !/\.\w+$/.test(spec.name) ? globToRegExp(`${spec.name}.exe`, true) : null;
  const args = spec.args === null ? null : new RegExp(spec.args);
  const user = spec.user === null ? null : isWindows ? spec.user.toLowerCase() : spec.user;
  return (p) => {
    if (name && !name.test(p.name) && !(nameExe && nameExe.test(p.name))) return false;
    if (args && !args.test(p.commandLine)) return false;
    if (user !== null) {
      const owner = p.user === null ? null : isWindows ? p.user.toLowerCase() : p.user;
      if (owner !== user && !(isWindows && owner?.endsWith(`\\${user}`))) return false;
    }
    return true;
  };
}

/** Compares start tokens, which are numbers (clock ticks or file times) too large for a double. */
export function compareTokens(a: string, b: string): number {
  const x = BigInt(/^\d+$/.test(a) ? a : '0');
  const y = BigInt(/^\d+$/.test(b) ? b : '0');
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Oldest first. */
export function byStart(a: ProcessInfo, b: ProcessInfo): number {
  return compareTokens(a.startToken, b.startToken) || a.pid - b.pid;
}
