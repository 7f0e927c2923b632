// How a target runs, as written (`user`, `group`, `groups`, `umask`, `limits`,
// `nice`, `envFile`, `stopSignal`, `scriptUser`) turned into what the engine
// and the spawn helper use: ids resolved from /etc/passwd and /etc/group,
// limits as numbers, env files read. Names are resolved here, once per load,
// so that `psv check` reports an unknown user where it is written and a start
// never waits on a lookup.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { say, type Bilingual } from '../i18n/say.js';
import { findGroup, findUser, memberGroups, type Account } from '../platform/accounts.js';
import type { ResourceLimit, RunAs } from '../platform/types.js';
import { parseSize } from './duration.js';
import { parseEnvFile } from './env-file.js';
import type { Locate, Problems } from './problems.js';
import { isObject, type Json, type JsonObject } from './schema.js';

/** Who restart scripts, restore commands and command probes run as: Node's spawn takes a user and a group. */
export interface ScriptUser {
  uid: number;
  gid: number;
  /** HOME, USER and LOGNAME of that user. */
  env: Record<string, string>;
}

export interface RunAsConfig {
  /** For the spawn helper; null when nothing differs from the monitor. */
  runAs: RunAs | null;
  /** HOME, USER and LOGNAME of `user` (under the env files and env). */
  userEnv: Record<string, string>;
  /** The variables of the env files, a later file over an earlier one. */
  envFileVars: Record<string, string>;
  stopSignal: NodeJS.Signals;
  scriptUser: ScriptUser | null;
}

/** The keys of how a target runs; a target that leaves one out takes it from `defaults:`. */
export const RUN_AS_KEYS = ['user', 'group', 'groups', 'umask', 'limits', 'nice', 'envFile', 'stopSignal', 'scriptUser'] as const;

/**
 * Who a target runs as: these come from `defaults:` together or not at all, so that a
 * target naming its own user never gets the default's group or script user with it.
 */
const IDENTITY_KEYS = ['user', 'group', 'groups', 'scriptUser'] as const;

/** Where a run-as key was written, for the messages: the target (`targets[3]`) or `defaults`. */
export interface RunAsSource {
  label: string;
  here: Locate;
}

/** The source of one key (and, for `limits`, of one resource). */
export type RunAsPlace = (key: string, resource?: string) => RunAsSource;

/**
 * The target's run-as keys over those of `defaults:` as written: each key on its own,
 * except that the identity keys come as one, and `limits` merges resource by resource.
 */
export function withRunAsDefaults(t: JsonObject, defaults: JsonObject, own: RunAsSource, fallback: RunAsSource): { keys: JsonObject; place: RunAsPlace } {
  const ownIdentity = IDENTITY_KEYS.some((k) => k in t);
  const fromDefaults = (key: string): boolean => !(key in t) && key in defaults && !(ownIdentity && (IDENTITY_KEYS as readonly string[]).includes(key));
  const keys: JsonObject = {};
  for (const key of RUN_AS_KEYS) {
    if (key in t) keys[key] = t[key]!;
    else if (fromDefaults(key)) keys[key] = defaults[key]!;
  }
  if (isObject(t.limits) && isObject(defaults.limits)) keys.limits = { ...defaults.limits, ...t.limits };
  const place: RunAsPlace = (key, resource) => {
    if (key === 'limits' && resource !== undefined) return isObject(t.limits) && resource in t.limits ? own : fallback;
    return fromDefaults(key) ? fallback : own;
  };
  return { keys, place };
}

/** Keys that set up a POSIX process and that Windows has no counterpart for without a stored password. */
const POSIX_ONLY = ['user', 'group', 'groups', 'umask', 'limits', 'scriptUser'] as const;

/** The limits counted in bytes: they take sizes (1GiB) as well as numbers. */
const BYTE_LIMITS = new Set(['core', 'as', 'data', 'fsize', 'memlock', 'stack', 'rss', 'msgqueue']);

/** `t`: the run-as keys (withRunAsDefaults); `place`: where each was written. */
export function runAsOf(t: JsonObject, baseDir: string, place: RunAsPlace, problems: Problems, isWindows: boolean): RunAsConfig {
  const stopSignal = (typeof t.stopSignal === 'string' ? t.stopSignal : 'SIGTERM') as NodeJS.Signals;
  const envFileVars = envFilesOf(t.envFile, baseDir, place('envFile'), problems);
  const nice = typeof t.nice === 'number' ? t.nice : null;
  if (isWindows) {
    for (const key of POSIX_ONLY) {
      if (!(key in t)) continue;
      const { label, here } = place(key);
      const pos = here(key);
      problems.add(
        pos.line,
        pos.col,
        say(
          {
            en: '{where}: does not apply on Windows and is ignored (a target that must run under another account is run as a Windows service and watched with `service:`)',
            ja: '{where}: Windows では使えないため無視します（別のアカウントで動かす必要があるターゲットは Windows サービスとして実行し、`service:` で監視してください）',
          },
          { where: `${label}.${key}` },
        ),
        'warning',
      );
    }
    return { runAs: nice === null ? null : { uid: null, gid: null, groups: null, umask: null, nice, limits: [] }, userEnv: {}, envFileVars, stopSignal, scriptUser: null };
  }

  const at = (key: string): [string, Locate] => {
    const { label, here } = place(key);
    return [`${label}.${key}`, here];
  };
  const [userAt, userHere] = at('user');
  const user = t.user !== undefined ? accountOf(t.user as string | number, userAt, userHere('user'), problems) : null;
  const [groupAt, groupHere] = at('group');
  const group = t.group !== undefined ? gidOf(t.group as string | number, groupAt, groupHere('group'), problems) : null;
  const [groupsAt, groupsHere] = at('groups');
  const extra = Array.isArray(t.groups) ? t.groups.map((g, j) => gidOf(g as string | number, `${groupsAt}[${j}]`, groupsHere('groups', j), problems)) : [];
  const gid = group ?? user?.gid ?? null;
  // With a user, the groups it is listed in come along (initgroups); `groups` adds to them.
  const groups = user || extra.length ? unique([...(user ? [user.gid, ...memberGroups(user.name)] : []), ...extra.filter((g): g is number => g !== null)]) : null;
  const umask = typeof t.umask === 'string' ? parseInt(t.umask, 8) : null;
  const limits = isObject(t.limits) ? limitsOf(t.limits, place, problems) : [];
  const runAs: RunAs | null =
    user || gid !== null || groups || umask !== null || nice !== null || limits.length
      ? { uid: user?.uid ?? null, gid, groups, umask, nice, limits }
      : null;

  const switches = t.user !== undefined || t.group !== undefined || t.groups !== undefined;
  const uid = process.getuid?.() ?? 0;
  if (switches && uid !== 0) {
    const key = ['user', 'group', 'groups'].find((k) => k in t)!;
    const [where, here] = at(key);
    const pos = here(key);
    problems.add(
      pos.line,
      pos.col,
      say(
        {
          en: '{where}: psv runs as uid {uid}, not root: the target will fail to start (EPERM) unless the monitor runs as root',
          ja: '{where}: psv は root ではなく uid {uid} で動いています。モニターを root で動かさない限り、ターゲットは起動に失敗します（EPERM）',
        },
        { where, uid },
      ),
      'warning',
    );
  }

  let scriptUser: ScriptUser | null = user ? { uid: user.uid, gid: gid ?? user.gid, env: identityEnv(user) } : null;
  if (t.scriptUser !== undefined) {
    const [scriptAt, scriptHere] = at('scriptUser');
    const other = accountOf(t.scriptUser as string | number, scriptAt, scriptHere('scriptUser'), problems);
    // root (uid 0): as the monitor runs, which is what a monitor able to switch users is.
    scriptUser = other && other.uid !== 0 ? { uid: other.uid, gid: user && other.uid === user.uid && gid !== null ? gid : other.gid, env: identityEnv(other) } : null;
  }
  return { runAs, userEnv: user ? identityEnv(user) : {}, envFileVars, stopSignal, scriptUser };
}

/** What runuser sets for a user other than root. */
function identityEnv(user: Account): Record<string, string> {
  return { HOME: user.home, USER: user.name, LOGNAME: user.name };
}

function unique(ids: number[]): number[] {
  return [...new Set(ids)];
}

const NO_USER: Bilingual = { en: '{where}: no user {name} on this host (not in /etc/passwd)', ja: '{where}: このホストにユーザー {name} はありません（/etc/passwd にありません）' };
const NO_GROUP: Bilingual = { en: '{where}: no group {name} on this host (not in /etc/group)', ja: '{where}: このホストにグループ {name} はありません（/etc/group にありません）' };

/** `found`, or null with the problem reported where the name is written. */
function mustExist<T>(found: T | null, missing: Bilingual, name: string | number, where: string, pos: { line: number; col: number }, problems: Problems): T | null {
  if (!found) problems.add(pos.line, pos.col, say(missing, { where, name: JSON.stringify(name) }));
  return found;
}

function accountOf(who: string | number, where: string, pos: { line: number; col: number }, problems: Problems): Account | null {
  return mustExist(findUser(who), NO_USER, who, where, pos, problems);
}

function gidOf(which: string | number, where: string, pos: { line: number; col: number }, problems: Problems): number | null {
  return mustExist(findGroup(which), NO_GROUP, which, where, pos, problems)?.gid ?? null;
}

function limitsOf(limits: JsonObject, place: RunAsPlace, problems: Problems): ResourceLimit[] {
  const out: ResourceLimit[] = [];
  for (const [resource, value] of Object.entries(limits)) {
    const { label, here } = place('limits', resource);
    const where = `${label}.limits.${resource}`;
    const pos = here('limits', resource);
    const parsed = limitOf(resource, value);
    if (typeof parsed === 'string') {
      problems.add(pos.line, pos.col, `${where}: ${parsed}`);
      continue;
    }
    const [soft, hard] = parsed;
    if (hard !== null && (soft === null || soft > hard)) {
      problems.add(
        pos.line,
        pos.col,
        say({ en: '{where}: the soft limit ({soft}) is above the hard limit ({hard})', ja: '{where}: ソフトリミット（{soft}）がハードリミット（{hard}）を超えています' }, { where, soft: soft ?? 'unlimited', hard }),
      );
      continue;
    }
    out.push({ resource, soft, hard });
  }
  return out;
}

/** [soft, hard] (null: unlimited), or why the value is unusable. */
function limitOf(resource: string, value: Json): [number | null, number | null] | string {
  if (isObject(value)) {
    const soft = oneLimit(resource, value.soft as string | number);
    const hard = oneLimit(resource, value.hard as string | number);
    return typeof soft === 'string' ? soft : typeof hard === 'string' ? hard : [soft, hard];
  }
  const parts = typeof value === 'string' && value.includes(':') ? value.split(':') : [value as string | number];
  if (parts.length > 2) return badLimit(value);
  const soft = oneLimit(resource, parts[0]!);
  const hard = parts.length === 2 ? oneLimit(resource, parts[1]!) : soft;
  return typeof soft === 'string' ? soft : typeof hard === 'string' ? hard : [soft, hard];
}

function oneLimit(resource: string, value: string | number): number | null | string {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : badLimit(value);
  const text = value.trim();
  if (/^(unlimited|infinity)$/i.test(text)) return null;
  if (/^\d+$/.test(text)) return Number(text);
  if (!BYTE_LIMITS.has(resource)) return badLimit(value);
  try {
    return parseSize(text);
  } catch {
    return badLimit(value);
  }
}

function badLimit(value: Json): string {
  return say(
    {
      en: 'bad limit {value} (give a number, unlimited, a size such as 1GiB for byte limits, or SOFT:HARD)',
      ja: '制限値 {value} は使えません（数値、unlimited、バイト単位の制限なら 1GiB などのサイズ、または SOFT:HARD を指定してください）',
    },
    { value: JSON.stringify(value) },
  );
}

/** The env files' variables in order (a later file wins); a missing file or a bad line is reported where it is. */
function envFilesOf(value: Json | undefined, baseDir: string, { label, here }: RunAsSource, problems: Problems): Record<string, string> {
  if (value === undefined) return {};
  const files = Array.isArray(value) ? (value as string[]) : [value as string];
  const vars: Record<string, string> = {};
  files.forEach((name, j) => {
    const file = path.resolve(baseDir, name);
    const pos = Array.isArray(value) ? here('envFile', j) : here('envFile');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? say({ en: 'does not exist', ja: '存在しません' }) : (err as Error).message;
      problems.add(pos.line, pos.col, say({ en: '{where}: env file {file} {why}', ja: '{where}: 環境変数ファイル {file} が{why}' }, { where: `${label}.envFile`, file, why }));
      return;
    }
    const parsed = parseEnvFile(text);
    if (!parsed.ok) {
      problems.addIn(file, parsed.problem.line, parsed.problem.col, parsed.problem.message);
      return;
    }
    Object.assign(vars, parsed.vars);
  });
  return vars;
}
