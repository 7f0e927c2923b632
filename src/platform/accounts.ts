// Users and groups by name or number, read from /etc/passwd and /etc/group
// (what getpwnam and getgrnam read on a host without a directory service):
// the monitor resolves a target's `user`, `group` and `groups` to the ids the
// spawn helper sets, once per config load. Each file is parsed once and kept
// until its modification time changes.
import { readFileSync, statSync } from 'node:fs';

export interface Account {
  name: string;
  uid: number;
  /** Its primary group. */
  gid: number;
  home: string;
}

export interface Group {
  name: string;
  gid: number;
  /** User names listed as members (not those whose primary group it is). */
  members: string[];
}

export const PASSWD_FILE = '/etc/passwd';
export const GROUP_FILE = '/etc/group';

const cache = new Map<string, { mtimeMs: number; size: number; rows: string[][] }>();

/** The file's lines split at ':', comments and blank lines left out; empty when it cannot be read. */
function rowsOf(file: string): string[][] {
  let st;
  try {
    st = statSync(file);
  } catch {
    return [];
  }
  const kept = cache.get(file);
  if (kept && kept.mtimeMs === st.mtimeMs && kept.size === st.size) return kept.rows;
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const rows = text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.split(':'));
  cache.set(file, { mtimeMs: st.mtimeMs, size: st.size, rows });
  return rows;
}

const isId = (v: string | number): boolean => typeof v === 'number' || /^\d+$/.test(v);

/** The user named `who`, or with that uid (a number, or a string of digits); null when there is none. */
export function findUser(who: string | number, file = PASSWD_FILE): Account | null {
  const byId = isId(who);
  for (const f of rowsOf(file)) {
    if (f.length < 7) continue;
    if (byId ? Number(f[2]) === Number(who) : f[0] === who) return { name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), home: f[5]! };
  }
  return null;
}

/** The group named `which`, or with that gid; null when there is none. */
export function findGroup(which: string | number, file = GROUP_FILE): Group | null {
  const byId = isId(which);
  for (const f of rowsOf(file)) {
    if (f.length < 4) continue;
    if (byId ? Number(f[2]) === Number(which) : f[0] === which) return { name: f[0]!, gid: Number(f[2]), members: f[3]!.split(',').filter((m) => m) };
  }
  return null;
}

/** The gids of the groups that list `user` as a member (initgroups' list, without the primary group). */
export function memberGroups(user: string, file = GROUP_FILE): number[] {
  return rowsOf(file)
    .filter((f) => f.length >= 4 && f[3]!.split(',').includes(user))
    .map((f) => Number(f[2]));
}
