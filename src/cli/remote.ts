// The verbs that talk to a running monitor: find it, call it, map its errors
// to exit codes and messages.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Option } from 'commander';
import { parseDocument } from 'yaml';
import schemaJson from '../../manifest/config.schema.json' with { type: 'json' };
import { call, EndpointAccessError, NoMonitorError, RemoteError, type CallOptions } from '../control/client.js';
import { controlAddress, monitorEndpoint, readToken } from '../control/endpoint.js';
import type { ErrorBody, Verb } from '../control/protocol.js';
import { realPath } from '../control/same-config.js';
import { PsvError } from '../errors.js';
import { say } from '../i18n/say.js';
import { isSingleExecutable } from '../platform/assets.js';
import { platform } from '../platform/index.js';
import { OUTPUT_LOG_ENV } from './output-bound.js';
import runtime from '../../build/node-runtime.json' with { type: 'json' };

/** The Node options a monitor runs with (build/node-runtime.json; the executables carry them). */
const MONITOR_NODE_FLAGS: readonly string[] = runtime.monitorFlags;

export interface Located {
  address: string;
  config: string | null;
  /** The config's real path, which the monitor must be running (null: PSV_CONTROL alone, no check). */
  realConfig: string | null;
  stateDir: string | null;
  eventsFile: string | null;
  /** The config's `monitor:` section as read leniently ({} without a config): read once, for whoever needs more of it. */
  monitor: Record<string, unknown>;
}

interface SchemaDefaults {
  properties: { monitor: { properties: { stateDir: { default: string } } } };
}

/** The config's monitor section, read leniently; its folder and stateDir resolved. */
export interface LenientMonitorSection {
  config: string;
  base: string;
  monitor: Record<string, unknown>;
  stateDir: string;
}

/**
 * The top-level `monitor:` block, cut out by its lines, or null when there is
 * not exactly one line that opens it (none, flow style, several documents).
 */
function monitorBlock(text: string): string | null {
  const lines = text.split(/\r?\n/);
  const starts = lines.flatMap((line, i) => (/^monitor[ \t]*:(?:[ \t]|$)/.test(line) ? [i] : []));
  if (starts.length !== 1) return null;
  let end = starts[0]! + 1;
  // The block ends at the next line that starts at the margin: another key, or a document marker.
  while (end < lines.length && !/^[^\s#]/.test(lines[end]!)) end++;
  return lines.slice(starts[0], end).join('\n');
}

/**
 * The config as far as the verbs that find a monitor need it. The monitor
 * block alone when it parses cleanly by itself: parsing hundreds of targets to
 * find it would cost more than the rest of a verb that a cluster calls every
 * few seconds (psv health). Else the whole file.
 */
function parseLeniently(text: string): unknown {
  const block = monitorBlock(text);
  if (block !== null) {
    const doc = parseDocument(block, { uniqueKeys: false });
    try {
      if (doc.errors.length === 0) return doc.toJS();
    } catch {
      // An alias to an anchor outside the block: the whole file decides.
    }
  }
  return parseDocument(text, { uniqueKeys: false }).toJS();
}

/**
 * Reads the `monitor:` section of a config file leniently: syntax errors
 * elsewhere in the file must not hide it, because stopping or reloading the
 * monitor and reading the evidence of a failure have to work with a file that
 * has since been broken. A file that cannot be read at all is a usage error.
 */
export function readMonitorSection(configFile: string): LenientMonitorSection {
  const config = resolve(configFile);
  let text: string;
  try {
    text = readFileSync(config, 'utf8');
  } catch (err) {
    throw new PsvError('USAGE', say({ en: 'cannot read {file}: {error}', ja: '{file} を読み取れません: {error}' }, { file: config, error: (err as Error).message }));
  }
  let raw: unknown = null;
  try {
    raw = parseLeniently(text.replace(/^\uFEFF/, ''));
  } catch {
    // Unreadable even leniently: the defaults apply.
  }
  const monitor = (raw as { monitor?: Record<string, unknown> } | null)?.monitor ?? {};
  const base = dirname(config);
  const defaultStateDir = (schemaJson as unknown as SchemaDefaults).properties.monitor.properties.stateDir.default;
  const stateDir = resolve(base, typeof monitor.stateDir === 'string' ? monitor.stateDir : defaultStateDir);
  return { config, base, monitor, stateDir };
}

/**
 * Finds the monitor: from the config file (read leniently, so that a broken
 * file still lets you stop the monitor), else PSV_CONTROL, else the default.
 * `starting`: the monitor is about to be started by this user, so its address
 * is this user's default, not whichever default has an endpoint present.
 */
export function locate(configFile: string | undefined, starting = false): Located {
  let control: string | null = null;
  let stateDir: string | null = null;
  let eventsFile: string | null = null;
  let config: string | null = null;
  let monitor: Record<string, unknown> = {};
  if (configFile) {
    const section = readMonitorSection(configFile);
    const { base } = section;
    monitor = section.monitor;
    config = section.config;
    stateDir = section.stateDir;
    if (typeof monitor.control === 'string') control = /^\\\\[.?]\\pipe\\/i.test(monitor.control) ? monitor.control : resolve(base, monitor.control);
    const ev = (monitor.events ?? {}) as Record<string, unknown>;
    eventsFile = ev.file === false ? null : typeof ev.file === 'string' ? resolve(base, ev.file) : join(stateDir, 'events.jsonl');
  }
  const source = { control, stateDir };
  const address = starting ? monitorEndpoint(platform, source)?.address ?? null : controlAddress(platform, source);
  if (address === null) throw new PsvError('USAGE', say({ en: 'which monitor? give -c FILE (or set PSV_CONFIG or PSV_CONTROL)', ja: 'どのモニタですか? -c FILE を指定してください (または PSV_CONFIG か PSV_CONTROL を設定)' }));
  return { address, config, realConfig: config === null ? null : realPath(config), stateDir, eventsFile, monitor };
}

/** For the verbs that talk to a running monitor: -c is how to find it (else PSV_CONTROL). */
export function findOption(): Option {
  return new Option('-c, --config <file>', say({ en: 'configuration file of the monitor to talk to (else PSV_CONTROL)', ja: '操作するモニタの設定ファイル (指定がなければ PSV_CONTROL)' })).env('PSV_CONFIG');
}

const REMOTE_EXIT: Record<string, PsvError['code']> = {
  ACCESS_DENIED: 'ACCESS_DENIED',
  UNKNOWN_TARGET: 'USAGE',
  INVALID: 'USAGE',
  BAD_REQUEST: 'USAGE',
  UNKNOWN_VERB: 'USAGE',
  UNSUPPORTED_VERSION: 'USAGE',
  CONFIG_REJECTED: 'CONFIG_INVALID',
  TOO_LARGE: 'USAGE',
  FAILED: 'RUNTIME',
};

/** The monitor at the address runs another config: say which, and how to give each its own. */
function wrongMonitor(where: Located, body: ErrorBody): PsvError {
  const other = body.monitor;
  const there = other ? say({ en: 'the monitor there (pid {pid}) runs {config}', ja: 'そこのモニタ (pid {pid}) は {config} を実行しています' }, { pid: other.pid, config: String(other.config) }) : body.message;
  const via = process.env.PSV_CONTROL ? say({ en: ' (PSV_CONTROL={control} points every verb at that endpoint)', ja: ' (PSV_CONTROL={control} がすべての動詞をその接続先に向けています)' }, { control: process.env.PSV_CONTROL }) : '';
  return new PsvError(
    'NO_MONITOR',
    say({ en: 'no monitor is running for {config} at {address}: {there}{via}', ja: '{address} で {config} のモニタは動作していません: {there}{via}' }, { config: String(where.config), address: where.address, there, via }) +
      '\n' +
      say({
        en: 'each config needs its own endpoint: leave monitor.control out (the default is one per config) or give each config its own',
        ja: '設定ごとに専用の接続先が必要です: monitor.control を省略する (既定で設定ごとに 1 つ) か、設定ごとに別の接続先を指定してください',
      }),
  );
}

function accessDenied(err: EndpointAccessError): PsvError {
  const hint = say({
    en: "run psv as the monitor's user or as an administrator (root / elevated), or as a member of its monitor.adminGroup",
    ja: 'psv をモニタと同じユーザー、管理者 (root / 昇格)、またはその monitor.adminGroup のメンバーとして実行してください',
  });
  return new PsvError('ACCESS_DENIED', `${err.message}\n${hint}`);
}

function noMonitorText(err: NoMonitorError): string {
  return say({ en: 'no monitor is running at {address} ({cause})', ja: '{address} でモニタが動作していません ({cause})' }, { address: err.address, cause: err.why });
}

/** What a failed control call means to the user: the error (and exit code) to report. */
export function requestFailure(where: Located, err: unknown): PsvError {
  if (err instanceof NoMonitorError) return new PsvError('NO_MONITOR', say({ en: '{error}; start it with: psv start -c FILE', ja: '{error}。起動するには: psv start -c FILE' }, { error: noMonitorText(err) }));
  if (err instanceof EndpointAccessError) return accessDenied(err);
  if (err instanceof RemoteError && err.body.code === 'WRONG_MONITOR') return wrongMonitor(where, err.body);
  if (err instanceof RemoteError) {
    const lines = [err.body.message, ...(err.body.problems ?? [])];
    if (err.body.code === 'ACCESS_DENIED') lines.push(say({ en: "run psv as the monitor's user or as an administrator (root / elevated)", ja: 'psv をモニタと同じユーザー、または管理者 (root / 昇格) として実行してください' }));
    return new PsvError(REMOTE_EXIT[err.body.code] ?? 'RUNTIME', lines.join('\n'));
  }
  return new PsvError('RUNTIME', (err as Error).message);
}

export async function request(where: Located, verb: Verb, args: Record<string, unknown>, opts: Partial<CallOptions> = {}): Promise<unknown> {
  try {
    return await call(where.address, verb, args, { token: readToken(platform, where.address), config: where.realConfig, timeoutMs: 120_000, ...opts });
  } catch (err) {
    throw requestFailure(where, err);
  }
}

/** Is the monitor of this config answering at this address? Its pid, or null; another config's monitor there is an error. */
export async function runningPid(where: Located): Promise<number | null> {
  try {
    const pong = (await call(where.address, 'ping', {}, { token: readToken(platform, where.address), config: where.realConfig, timeoutMs: 5000 })) as { pid: number };
    return pong.pid;
  } catch (err) {
    if (err instanceof NoMonitorError) return null;
    if (err instanceof EndpointAccessError) throw accessDenied(err);
    if (err instanceof RemoteError && err.body.code === 'ACCESS_DENIED') throw new PsvError('ACCESS_DENIED', `${err.message}`);
    if (err instanceof RemoteError && err.body.code === 'WRONG_MONITOR') {
      const other = err.body.monitor;
      throw new PsvError(
        'NO_MONITOR',
        say({ en: 'cannot start the monitor of {config}: {address} is held by another monitor', ja: '{config} のモニタを起動できません: {address} は別のモニタが使用しています' }, { config: String(where.config), address: where.address }) +
          (other ? say({ en: ' (pid {pid}) that runs {config}', ja: ' (pid {pid}、{config} を実行中)' }, { pid: other.pid, config: String(other.config) }) : ` (${err.body.message})`) +
          '\n' +
          say({ en: 'give this config its own endpoint: leave monitor.control out (the default is one per config) or set another', ja: 'この設定に専用の接続先を指定してください: monitor.control を省略する (既定で設定ごとに 1 つ) か、別の接続先を指定してください' }),
      );
    }
    throw new PsvError('RUNTIME', (err as Error).message);
  }
}

/**
 * The argv that runs this very psv again (compiled sources or the single executable).
 * In a single executable argv[1] only repeats argv[0] as typed ("psv" found on
 * PATH, ".\\psv.exe"), so it is no script to pass: the executable alone is psv.
 */
function selfCommand(): string[] {
  // The executable carries its Node options; from the sources, pass them here.
  if (isSingleExecutable()) return [process.execPath];
  return [process.execPath, ...MONITOR_NODE_FLAGS, resolve(process.argv[1]!)];
}

/**
 * Starts `psv run` in the background, its output in stateDir/monitor.log, and
 * waits until it answers or exits.
 */
export async function startInBackground(where: Located, timeoutMs: number): Promise<{ pid: number; log: string }> {
  const stateDir = where.stateDir!;
  mkdirSync(stateDir, { recursive: true });
  const log = join(stateDir, 'monitor.log');
  // Only what this start writes to the log explains a failure to start.
  const logStart = existsSync(log) ? statSync(log).size : 0;
  const fd = openSync(log, 'a');
  const [file, ...pre] = selfCommand();
  const child = spawn(file!, [...pre, 'run', '-c', where.config!], {
    detached: true,
    stdio: ['ignore', fd, fd],
    windowsHide: true,
    env: { ...process.env, [OUTPUT_LOG_ENV]: log },
  });
  closeSync(fd);
  let exitCode: number | null | undefined;
  child.once('exit', (code) => (exitCode = code));
  child.once('error', () => (exitCode = 1));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitCode !== undefined) {
      const tail = readFileSync(log).subarray(logStart).toString('utf8').split('\n').slice(-20).join('\n').trim();
      throw new PsvError(exitCode === 2 ? 'CONFIG_INVALID' : 'RUNTIME', say({ en: 'the monitor exited at start (code {code}):', ja: 'モニタが起動時に終了しました (終了コード {code}):' }, { code: String(exitCode) }) + `\n${tail}`);
    }
    const pid = await runningPid(where).catch(() => null);
    if (pid !== null) {
      child.unref();
      return { pid, log };
    }
    if (Date.now() > deadline) throw new PsvError('RUNTIME', say({ en: 'the monitor did not become ready within {ms} ms; see {log}', ja: 'モニタが {ms} ミリ秒以内に準備完了になりませんでした。{log} を確認してください' }, { ms: timeoutMs, log }));
    await new Promise((r) => setTimeout(r, 50));
  }
}
