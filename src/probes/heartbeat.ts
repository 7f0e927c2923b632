// Heartbeats: how a target tells psv it is alive (and ready, stopping, its status),
// in sd_notify's words (WATCHDOG=1, READY=1, STOPPING=1, STATUS=..., WATCHDOG_USEC=...).
//
// Two ways in:
// - psv's own endpoint, one per target, named in the target's PSV_NOTIFY variable:
//   a Unix stream socket or a Windows named pipe. A client writes lines, one
//   KEY=VALUE per line, on one connection kept open or one connection per message.
// - On Linux, systemd's NOTIFY_SOCKET as well, so that a program written for
//   systemd's watchdog (sd_notify, sd_watchdog_enabled, systemd-notify) works under
//   psv unchanged: a Unix DATAGRAM socket per target.
//
// Node cannot open Unix datagram sockets, and a native addon cannot be loaded
// from inside the single executable (SEA blobs carry no .node files). So one
// small C helper, psv-notify (src/native/psv-notify.c, carried in the executable
// like psv-spawn), serves all targets: psv asks it on stdin to bind or unbind a
// socket, and it prints each datagram as one JSON line with the sender's pid and
// uid (SCM_CREDENTIALS) and its parents. The socket is open to every user; who
// may notify a target is decided per datagram (notify-access.ts). It dies with psv: it exits at EOF on its stdin, and
// PR_SET_PDEATHSIG kills it should psv die without closing the pipe. Where it
// cannot run (not Linux, not built), psv warns once and PSV_NOTIFY keeps working.
//
// WATCHDOG_PID is not set: systemd sets it to the main pid, which psv learns only
// after the spawn. sd_watchdog_enabled() accepts WATCHDOG_USEC without it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { notifyHelperPath } from '../platform/helpers.js';
import { platform } from '../platform/index.js';
import { say } from '../i18n/say.js';
import { NotifyGate, unreachableFolder, type FolderUser, type NotifySender, type RefusalReport } from './notify-access.js';
import type { StallConfig } from './types.js';

/** The variable that names psv's own heartbeat endpoint for the target. */
export const PSV_NOTIFY_ENV = 'PSV_NOTIFY';

/**
 * The variables notifyEnv may set. The engine removes these from what the
 * target inherits before adding notifyEnv's: psv itself may run under systemd
 * with a NOTIFY_SOCKET of its own, which a target must never write to.
 */
export const NOTIFY_ENV_KEYS: readonly string[] = [PSV_NOTIFY_ENV, 'NOTIFY_SOCKET', 'WATCHDOG_USEC', 'WATCHDOG_PID'];

/** What one notification said; only the words it carried are set. */
export interface NotifyMessage {
  /** WATCHDOG=1: alive. */
  watchdog?: boolean;
  /** WATCHDOG=trigger: the program asks to be treated as hung now. */
  watchdogTrigger?: boolean;
  /** READY=1: start-up is complete. */
  ready?: boolean;
  /** RELOADING=1. */
  reloading?: boolean;
  /** STOPPING=1: it is shutting down on purpose. */
  stopping?: boolean;
  /** STATUS=...: free text for the status display. */
  status?: string;
  /** WATCHDOG_USEC=...: the program changes its own heartbeat timeout (microseconds). */
  watchdogUsec?: number;
  /** MAINPID=...: the program names its main process. */
  mainPid?: number;
  /** The sender's pid, when the endpoint knows it (NOTIFY_SOCKET: SCM_CREDENTIALS). */
  pid?: number;
  /** NOTIFY_SOCKET: the sender as the kernel gives it, with its parents. */
  sender?: NotifySender;
  /** Which endpoint it came through. */
  via: 'psv' | 'notify-socket';
}

/** The words that are flags, set by KEY=1. */
const FLAG_OF = { READY: 'ready', RELOADING: 'reloading', STOPPING: 'stopping' } as const;

/** The known words of one notification (KEY=VALUE lines); null when it has none. */
export function parseNotify(text: string, via: NotifyMessage['via']): NotifyMessage | null {
  const msg: NotifyMessage = { via };
  let known = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1);
    const int = /^\d+$/.test(value.trim()) ? Number(value.trim()) : null;
    switch (key) {
      case 'WATCHDOG':
        if (value === '1') msg.watchdog = true;
        else if (value === 'trigger') msg.watchdogTrigger = true;
        else continue;
        break;
      case 'READY':
      case 'RELOADING':
      case 'STOPPING':
        if (value !== '1') continue;
        msg[FLAG_OF[key]] = true;
        break;
      case 'STATUS':
        msg.status = value.slice(0, 1024);
        break;
      case 'WATCHDOG_USEC':
        if (int === null) continue;
        msg.watchdogUsec = int;
        break;
      case 'MAINPID':
        if (int === null || int === 0) continue;
        msg.mainPid = int;
        break;
      default:
        continue;
    }
    known = true;
  }
  return known ? msg : null;
}

/**
 * The variables a target is given so it can send heartbeats: PSV_NOTIFY, and on
 * Linux NOTIFY_SOCKET; WATCHDOG_USEC when a heartbeat is required of it (not in
 * file mode, where the file is the heartbeat).
 */
export function notifyEnv(target: { stall: StallConfig }, endpoints: { psvNotify: string | null; notifySocket: string | null }): Record<string, string> {
  const env: Record<string, string> = {};
  if (endpoints.psvNotify !== null) env[PSV_NOTIFY_ENV] = endpoints.psvNotify;
  if (endpoints.notifySocket !== null) env.NOTIFY_SOCKET = endpoints.notifySocket;
  const { heartbeatMs, file } = target.stall;
  if (heartbeatMs !== null && file === null) env.WATCHDOG_USEC = String(heartbeatMs * 1000);
  return env;
}

// ---------------------------------------------------------------------------
// psv's own endpoint (PSV_NOTIFY)

/** A client may not keep more than this much of an unfinished line. */
const MAX_PENDING = 64 * 1024;

const PIPE_PREFIX = /^\\\\[.?]\\pipe\\/i;

/** Who owns a Unix socket endpoint: the target's user, when it runs as another user than the monitor. */
export type SocketOwner = FolderUser;

/**
 * One target's PSV_NOTIFY endpoint: a Unix stream socket or a named pipe.
 * Node cannot ask who connected to a Unix stream socket (no SO_PEERCRED), so
 * access is the file's: owned by the target's user with mode 0600 when it
 * runs as another user, so that it and root can connect and no other user
 * can; otherwise the monitor's own (its umask's mode, root only in practice).
 */
export class HeartbeatServer {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(
    readonly target: string,
    readonly address: string,
    private readonly onMessage: (msg: NotifyMessage) => void,
    private readonly owner: SocketOwner | null = null,
  ) {
    this.server = net.createServer((socket) => this.accept(socket));
    this.server.maxConnections = 64;
  }

  /** Listens; a stale socket file left by an earlier monitor is replaced. */
  listen(): Promise<void> {
    if (!PIPE_PREFIX.test(this.address)) {
      mkdirSync(path.dirname(this.address), { recursive: true });
      removeStaleSocket(this.address);
    }
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      this.server.listen(this.address, () => {
        this.server.off('error', onError);
        this.server.on('error', () => undefined);
        try {
          this.handOverToOwner();
        } catch (err) {
          this.server.close();
          return reject(err instanceof Error ? err : new Error(String(err)));
        }
        resolve();
      });
    });
  }

  /** Bound with the monitor's umask (no other user can connect yet); now the target's user may, and only it. */
  private handOverToOwner(): void {
    const uid = this.owner?.uid ?? null;
    if (uid === null || PIPE_PREFIX.test(this.address) || uid === process.getuid?.()) return;
    chownSync(this.address, uid, this.owner?.gid ?? -1);
    chmodSync(this.address, 0o600);
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
    });
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    let pending = '';
    const deliver = (text: string) => {
      const msg = parseNotify(text, 'psv');
      if (!msg) return;
      handOver(() => this.onMessage(msg));
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      pending += chunk;
      const end = pending.lastIndexOf('\n');
      if (end >= 0) {
        // The lines that arrived together are one message ("READY=1\nSTATUS=up").
        deliver(pending.slice(0, end));
        pending = pending.slice(end + 1);
      }
      if (pending.length > MAX_PENDING) socket.destroy();
    });
    socket.on('end', () => {
      if (pending) deliver(pending);
      pending = '';
      socket.end();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
  }
}

/** Calls the engine's handler: a fault there is a warning, never the end of the endpoint (or of a timer). */
function handOver(deliver: () => void): void {
  try {
    deliver();
  } catch (err) {
    process.emitWarning(`heartbeat handler threw: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  }
}

function removeStaleSocket(file: string): void {
  try {
    if (lstatSync(file).isSocket()) unlinkSync(file);
  } catch {
    // Not there: nothing to remove.
  }
}

// ---------------------------------------------------------------------------
// systemd's NOTIFY_SOCKET (Linux), through one helper process

export interface NotifySocketsOptions {
  onMessage(target: string, msg: NotifyMessage): void;
  /** Said once, when the helper cannot start or dies. */
  warn(text: string): void;
  /** The helper program (tests); default: psv-notify, when this psv has it (platform/helpers.ts). */
  helper?: string | null;
}

/** Every target's NOTIFY_SOCKET, served by one helper process. */
export class NotifySockets {
  private helper: ChildProcess | null = null;
  private failed = false;
  private readonly waiting = new Map<string, Array<(path: string | null) => void>>();
  private readonly paths = new Map<string, string>();

  constructor(private readonly opts: NotifySocketsOptions) {}

  /** The socket path of `target` under `dir` (short one in the temp folder when too long). */
  static pathFor(dir: string, target: string): string {
    const preferred = path.join(dir, `${target}.notify.sock`);
    if (Buffer.byteLength(preferred) <= 107) return preferred;
    const hash = createHash('sha256').update(preferred).digest('hex').slice(0, 16);
    return path.join(tmpdir(), `psv-${hash}.notify.sock`);
  }

  /** Binds `target`'s socket; resolves with its path once bound, or null when it cannot be served. */
  add(target: string, socketPath: string): Promise<string | null> {
    const helper = this.start();
    if (!helper?.stdin?.writable) return Promise.resolve(null);
    if (/[\t\n]/.test(target + socketPath)) {
      this.opts.warn(`NOTIFY_SOCKET for target '${target}' is not served: its socket path has a tab or a line break; PSV_NOTIFY still works`);
      return Promise.resolve(null);
    }
    mkdirSync(path.dirname(socketPath), { recursive: true });
    this.paths.set(target, socketPath);
    return new Promise((resolve) => {
      const list = this.waiting.get(target) ?? [];
      list.push(resolve);
      this.waiting.set(target, list);
      helper.stdin!.write(`bind\t${target}\t${socketPath}\n`);
    });
  }

  remove(target: string): void {
    this.paths.delete(target);
    this.settle(target, null);
    if (this.helper?.stdin?.writable) this.helper.stdin.write(`unbind\t${target}\n`);
  }

  /** Ends the helper; it removes its socket files on the way out. */
  close(): Promise<void> {
    const helper = this.helper;
    this.helper = null;
    this.failed = true; // no restart after close
    for (const target of [...this.waiting.keys()]) this.settle(target, null);
    if (!helper || helper.exitCode !== null || helper.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => helper.kill('SIGKILL'), 2000);
      helper.once('exit', () => {
        clearTimeout(timer);
        for (const p of this.paths.values()) removeStaleSocket(p);
        resolve();
      });
      helper.stdin?.end();
    });
  }

  private start(): ChildProcess | null {
    if (this.helper || this.failed) return this.helper;
    const program = this.opts.helper === undefined ? notifyHelperPath() : this.opts.helper;
    if (program === null || !existsSync(program)) {
      this.fail(program === null ? 'this psv has no psv-notify helper (built on Linux by npm run build)' : `${program} not found`);
      return null;
    }
    const helper = spawn(program, [String(process.pid)], { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    this.helper = helper;
    let stderr = '';
    helper.stderr!.setEncoding('utf8');
    helper.stderr!.on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
    helper.stdin!.on('error', () => undefined);
    helper.on('error', (err) => this.fail(`cannot run ${program}: ${err.message}`));
    helper.on('exit', (code, signal) => {
      if (this.helper !== helper) return;
      this.fail(`its helper (${program}) ended (${code !== null ? `exit code ${code}` : signal})${stderr ? `: ${stderr.trim().split('\n').pop()}` : ''}`);
    });
    let pending = '';
    helper.stdout!.setEncoding('utf8');
    helper.stdout!.on('data', (chunk: string) => {
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        this.fromHelper(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
      }
    });
    return helper;
  }

  private fromHelper(line: string): void {
    let o: { m?: string; d?: string; pid?: number | null; uid?: number | null; up?: Array<[number, number]>; bound?: string; error?: string; message?: string };
    try {
      o = JSON.parse(line) as typeof o;
    } catch {
      return;
    }
    if (typeof o.m === 'string' && typeof o.d === 'string') {
      const msg = parseNotify(o.d, 'notify-socket');
      if (!msg) return;
      if (typeof o.pid === 'number') msg.pid = o.pid;
      msg.sender = { pid: typeof o.pid === 'number' ? o.pid : null, uid: typeof o.uid === 'number' ? o.uid : null, parents: Array.isArray(o.up) ? o.up : [] };
      handOver(() => this.opts.onMessage(o.m!, msg));
    } else if (typeof o.bound === 'string') {
      this.settle(o.bound, this.paths.get(o.bound) ?? null);
    } else if (typeof o.error === 'string') {
      this.opts.warn(`NOTIFY_SOCKET for target '${o.error}' is not served: ${o.message ?? 'bind failed'}; PSV_NOTIFY still works`);
      this.settle(o.error, null);
    }
  }

  private settle(target: string, result: string | null): void {
    const list = this.waiting.get(target);
    this.waiting.delete(target);
    for (const resolve of list ?? []) resolve(result);
  }

  private fail(why: string): void {
    if (this.failed) return;
    this.failed = true;
    this.helper = null;
    this.opts.warn(`systemd's NOTIFY_SOCKET is not served: ${why}; targets can still send heartbeats through PSV_NOTIFY`);
    for (const target of [...this.waiting.keys()]) this.settle(target, null);
  }
}

// ---------------------------------------------------------------------------
// Everything together, for the engine

export interface HeartbeatsOptions {
  /** Folder of the socket files (the monitor's stateDir). */
  dir: string;
  onMessage(target: string, msg: NotifyMessage): void;
  /** The target's main pid (null: no process), by which NOTIFY_SOCKET's senders are judged (notify-access.ts). */
  mainPid(target: string): number | null;
  /** A NOTIFY_SOCKET datagram was refused (rate-limited: see RefusalReports). */
  refused(report: RefusalReport): void;
  warn(text: string): void;
  /** Serve NOTIFY_SOCKET too. Default: on Linux. */
  notifySocket?: boolean;
  /** The NOTIFY_SOCKET helper program (tests). */
  notifyHelper?: string | null;
}

interface Endpoints {
  server: HeartbeatServer;
  notifySocket: string | null;
}

/** The heartbeat endpoints of all targets: add before the spawn, give notifyEnv to the spawn, remove when the target goes. */
export class Heartbeats {
  private readonly targets = new Map<string, Endpoints>();
  private readonly sockets: NotifySockets | null;
  private readonly gate: NotifyGate<NotifyMessage>;

  constructor(private readonly opts: HeartbeatsOptions) {
    const serveNotifySocket = opts.notifySocket ?? platform.name === 'linux';
    this.gate = new NotifyGate({ mainPid: opts.mainPid, accept: (target, msg) => handOver(() => opts.onMessage(target, msg)), refused: opts.refused });
    const onMessage = (target: string, msg: NotifyMessage) => this.gate.check(target, msg.sender ?? { pid: null, uid: null, parents: [] }, msg);
    this.sockets = serveNotifySocket ? new NotifySockets({ onMessage, warn: opts.warn, helper: opts.notifyHelper }) : null;
  }

  /**
   * Opens `target`'s endpoints (again: the old ones are closed first), PSV_NOTIFY
   * owned by `owner` (the target's user) when given. Rejects only when PSV_NOTIFY cannot listen.
   */
  async add(target: string, owner: SocketOwner | null = null): Promise<void> {
    await this.remove(target);
    const address = platform.heartbeatAddress(this.opts.dir, target);
    this.warnUnreachable(target, address, owner);
    const server = new HeartbeatServer(target, address, (msg) => this.opts.onMessage(target, msg), owner);
    const bound = this.sockets ? this.sockets.add(target, NotifySockets.pathFor(this.opts.dir, target)) : Promise.resolve(null);
    try {
      await server.listen();
    } catch (err) {
      this.sockets?.remove(target);
      await bound;
      throw err;
    }
    this.targets.set(target, { server, notifySocket: await bound });
  }

  /** A target of another user whose endpoints lie behind a folder it may not enter would wait for readiness forever: said once per add. */
  private warnUnreachable(target: string, address: string, owner: SocketOwner | null): void {
    if (!owner || platform.isWindows) return;
    mkdirSync(path.dirname(address), { recursive: true });
    const blocked = unreachableFolder(address, owner);
    if (!blocked) return;
    this.opts.warn(
      say(
        {
          en: "target '{target}' runs as uid {uid} but cannot reach its heartbeat endpoints (PSV_NOTIFY, NOTIFY_SOCKET): {folder} (mode {mode}, owner uid {owner}) does not let it through; make the folders up to the state folder searchable by that user (e.g. chmod o+x), or READY=1 and heartbeats from it cannot arrive",
          ja: "監視対象 '{target}' は uid {uid} で動きますが、ハートビートの受付 (PSV_NOTIFY、NOTIFY_SOCKET) に届きません: {folder} (モード {mode}、所有者 uid {owner}) を通れません。状態フォルダまでのフォルダをそのユーザーが辿れるようにしてください (例: chmod o+x)。そうしないと READY=1 もハートビートも届きません",
        },
        { target, uid: owner.uid ?? '', folder: blocked.folder, mode: blocked.mode.toString(8).padStart(4, '0'), owner: blocked.uid },
      ),
    );
  }

  /** The variables to give `target` at its spawn (after removing NOTIFY_ENV_KEYS from what it inherits). */
  notifyEnv(target: { name: string; stall: StallConfig }): Record<string, string> {
    const e = this.targets.get(target.name);
    return notifyEnv(target, { psvNotify: e?.server.address ?? null, notifySocket: e?.notifySocket ?? null });
  }

  async remove(target: string): Promise<void> {
    const e = this.targets.get(target);
    if (!e) return;
    this.targets.delete(target);
    this.sockets?.remove(target);
    await e.server.close();
  }

  async close(): Promise<void> {
    await Promise.all([...this.targets.keys()].map((t) => this.remove(t)));
    await this.sockets?.close();
    this.gate.close();
  }
}
