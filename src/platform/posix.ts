// Linux (and other Unix) adapter: targets run in their own session, so the
// process group id equals the target's pid and one kill(-pid) reaches the tree.
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, mkdirSync, readFileSync, rmdirSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { HOST_OS } from './host.js';
import { listMarked, listProcesses, parseStat, ProcProbe, readProcess, readProcFile } from './proc.js';
import { systemctl, systemdStatus } from './systemd.js';
import { launchWithNode, sharedSpawnHelper, withRootMarker } from './spawner.js';
import { PidfdWatches } from './pidfd.js';
import { spawnDetached } from './spawn-detached.js';
import type { Platform, SpawnSpec } from './types.js';
import { monitorKey } from '../config/monitor-key.js';

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
  // The leader may have left the group (setsid/setpgid of its own): signal it too.
  try {
    process.kill(pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/** Field 22 of /proc/PID/stat: start time in clock ticks since boot. */
function linuxStartToken(pid: number): string | null {
  let stat: ReturnType<typeof parseStat>;
  try {
    stat = parseStat(readProcFile(`/proc/${pid}/stat`));
  } catch {
    return null;
  }
  if (!stat || stat.state === 'Z' || stat.state === 'X') return null; // a zombie is dead
  return stat.startTicks;
}

function groupId(name: string): number {
  if (/^\d+$/.test(name)) return Number(name);
  const line = readFileSync('/etc/group', 'utf8')
    .split('\n')
    .find((l) => l.split(':')[0] === name);
  if (line) return Number(line.split(':')[2]);
  const r = spawnSync('getent', ['group', name], { encoding: 'utf8' });
  const gid = r.status === 0 ? r.stdout.split(':')[2] : undefined;
  if (gid === undefined) throw new Error(`admin group '${name}' does not exist`);
  return Number(gid);
}

/** sun_path holds 108 bytes, the last one for the terminating NUL. */
const SOCKET_PATH_MAX = 107;

function fitsSocketPath(path: string): boolean {
  return Buffer.byteLength(path) <= SOCKET_PATH_MAX;
}

/**
 * `preferred`, or when it is too long for a socket address, a short path in
 * the temp folder named after a hash of it.
 */
function unixSocketPath(preferred: string): string {
  if (fitsSocketPath(preferred)) return preferred;
  const hash = createHash('sha256').update(preferred).digest('hex').slice(0, 16);
  return join(tmpdir(), `psv-${hash}.sock`);
}

function myUid(): number {
  return process.getuid?.() ?? -1;
}

/**
 * The default control socket of the monitor of `stateDir` when it runs as
 * root (`/run/psv/KEY/`) or as another user (`stateDir/control/`, which
 * outlives a login session as $XDG_RUNTIME_DIR does not; past the length
 * limit of socket paths, $XDG_RUNTIME_DIR/psv/KEY/, else TMP/psv-UID/KEY/).
 * The folder is the monitor's own: prepareControlEndpoint makes it private.
 */
function defaultSocket(stateDir: string, asRoot: boolean): string {
  const key = monitorKey(stateDir);
  if (asRoot) return `/run/psv/${key}/psv.sock`;
  const inState = join(stateDir, 'control', 'psv.sock');
  if (fitsSocketPath(inState)) return inState;
  const runtime = process.env.XDG_RUNTIME_DIR;
  const inRuntime = runtime ? join(runtime, 'psv', key, 'psv.sock') : null;
  if (inRuntime && fitsSocketPath(inRuntime)) return inRuntime;
  return join(tmpdir(), `psv-${myUid()}`, key, 'psv.sock');
}

/** A socket is there, or something we may not look into is (a private folder of other owners). */
function endpointPresent(address: string): boolean {
  try {
    return lstatSync(address).isSocket();
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EACCES';
  }
}

/**
 * Makes `dir` a folder only its owners may enter: the monitor's user (and
 * root), plus `gid` when given. Refuses a folder someone else owns or could
 * swap (its parent writable by others), which would let them listen in the
 * monitor's place.
 */
function makePrivateFolder(dir: string, gid: number | null): void {
  const uid = myUid();
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true, mode: 0o755 });
  const p = lstatSync(parent);
  const othersMayWrite = (p.mode & 0o022) !== 0 && (p.mode & 0o1000) === 0;
  if (!p.isDirectory() || (p.uid !== uid && p.uid !== 0) || othersMayWrite) {
    throw new Error(`${parent} is not a folder that only its owner may change (owner uid ${p.uid}, mode ${(p.mode & 0o7777).toString(8)}); set monitor.control to a socket in a folder of your own`);
  }
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const d = lstatSync(dir);
  if (!d.isDirectory() || d.uid !== uid) {
    throw new Error(`${dir} exists but is not a folder of the monitor's user (owner uid ${d.uid}); remove it, or set monitor.control`);
  }
  if (gid !== null) chownSync(dir, uid, gid);
  chmodSync(dir, gid === null ? 0o700 : 0o750);
}

/** Who may open an endpoint of this monitor's, in words (for the record of a refusal). */
function ownersOf(address: string, adminGroup: string | null): string {
  const uid = myUid();
  const user = uid === 0 ? 'root' : `${userInfo().username} (uid ${uid}) and root`;
  return `only ${user}${adminGroup ? ` and group ${adminGroup}` : ''} can open ${address}`;
}

function removeIf(path: string, stale: (st: Stats) => boolean): void {
  try {
    if (stale(lstatSync(path))) unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** The process umask while the control socket is being bound (prepare → open), to restore after. */
let umaskBeforeBind: number | null = null;

const probe = new ProcProbe();

let pidfds: PidfdWatches | null | undefined;

/** A process its pidfd says has ended: a zombie while its parent has not reaped it, else gone. */
function endedState(pid: number, token: string): 'zombie' | 'gone' {
  probe.forget(pid);
  try {
    const stat = parseStat(readProcFile(`/proc/${pid}/stat`));
    return stat?.startTicks === token && stat.state === 'Z' ? 'zombie' : 'gone';
  } catch {
    return 'gone';
  }
}

/**
 * The waits on adopted processes (pidfd.ts), or null where there are none:
 * not Linux, no spawn helper, or PSV_NO_PIDFD=1 (the tick's probe alone, as
 * on a kernel without pidfd; tests force it so).
 */
function endWatches(): PidfdWatches | null {
  if (pidfds === undefined) {
    const helper = HOST_OS === 'linux' && process.env.PSV_NO_PIDFD !== '1' ? sharedSpawnHelper() : null;
    pidfds = helper ? new PidfdWatches(helper) : null;
  }
  return pidfds;
}

export const posixPlatform: Platform = {
  name: HOST_OS === 'linux' ? 'linux' : 'posix',
  isWindows: false,
  reloadSignal: 'SIGHUP',
  shutdownSignals: ['SIGINT', 'SIGTERM'],

  spawnTarget: spawnDetached,

  launchTarget(spec) {
    return sharedSpawnHelper()?.launch(spec) ?? launchWithNode(this, { ...spec, command: withRootMarker(spec) });
  },

  childWatch() {
    return HOST_OS === 'linux' ? sharedSpawnHelper() : null;
  },

  // A target the spawn helper runs is signalled by the helper, which also
  // reaches what it daemonized (its sessions of their own, the orphans the
  // helper holds for it); anything else by its process group.
  terminateTree(pid, signal = 'SIGTERM') {
    if (!sharedSpawnHelper()?.signalTree(pid, signal)) signalGroup(pid, signal);
  },

  killTree(pid) {
    if (!sharedSpawnHelper()?.signalTree(pid, 'SIGKILL')) signalGroup(pid, 'SIGKILL');
  },

  processStartToken(pid) {
    if (HOST_OS === 'linux') return linuxStartToken(pid);
    try {
      process.kill(pid, 0);
      return 'alive';
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM' ? 'alive' : null;
    }
  },

  scriptCommand(path) {
    // JavaScript through node from PATH; everything else by its shebang.
    return /\.[cm]?js$/i.test(path) ? ['node', path] : [path];
  },

  defaultControlAddress(stateDir) {
    return stateDir === null ? null : defaultSocket(stateDir, myUid() === 0);
  },

  findControlAddress(stateDir) {
    if (stateDir === null) return null;
    const own = defaultSocket(stateDir, myUid() === 0);
    const others = [defaultSocket(stateDir, true), defaultSocket(stateDir, false)].filter((a) => a !== own);
    return [own, ...others].find(endpointPresent) ?? own;
  },

  heartbeatAddress(stateDir, target) {
    return unixSocketPath(join(stateDir, `${target}.hb.sock`));
  },

  controlTokenPath(address) {
    return `${address}.token`;
  },

  prepareControlEndpoint(address, tokenPath, token, adminGroup, ownFolder = false) {
    const gid = adminGroup ? groupId(adminGroup) : null;
    if (ownFolder) makePrivateFolder(dirname(address), gid);
    else mkdirSync(dirname(address), { recursive: true, mode: 0o755 });
    // A stale socket goes; so does an old token file, which is written anew, never through a link left in its place.
    removeIf(address, (st) => st.isSocket());
    removeIf(tokenPath, (st) => st.isFile() || st.isSymbolicLink());
    writeFileSync(tokenPath, token + '\n', { mode: 0o600, flag: 'wx' });
    if (gid !== null) {
      chownSync(tokenPath, myUid(), gid);
      chmodSync(tokenPath, 0o640);
    }
    // The socket is born with the umask's mode: only the owner's, until openControlEndpoint.
    umaskBeforeBind ??= process.umask(0o177);
    return ownersOf(address, adminGroup);
  },

  openControlEndpoint(address, adminGroup) {
    if (umaskBeforeBind !== null) process.umask(umaskBeforeBind);
    umaskBeforeBind = null;
    // Linux checks write permission on a socket for connect: this guards a socket
    // given with monitor.control, whose folder is not the monitor's to close.
    const gid = adminGroup ? groupId(adminGroup) : null;
    if (gid !== null) chownSync(address, myUid(), gid);
    chmodSync(address, gid === null ? 0o600 : 0o660);
  },

  removeControlEndpoint(address, tokenPath, ownFolder) {
    // The socket file went with the server (Node.js unlinks it on close).
    try {
      unlinkSync(tokenPath);
    } catch {
      // already gone
    }
    if (ownFolder) {
      try {
        rmdirSync(dirname(address));
      } catch {
        // not empty, or gone
      }
    }
  },

  probeProcess(pid, token) {
    // The pidfd answers without a read: ended (whatever a descriptor held on its /proc still
    // reads), or held and not fired, so alive; at a thousand processes that is the idle tick's cost.
    const known = pidfds?.known(pid, token);
    if (known === 'ended') return endedState(pid, token);
    if (known === 'waiting') return 'alive';
    if (HOST_OS === 'linux') return probe.probe(pid, token);
    return posixPlatform.processStartToken(pid) === token ? 'alive' : 'gone';
  },

  watchProcessEnd(pid, token, onEnd) {
    // Without pidfds nothing is waited on: the check tick's probe finds the end.
    return endWatches()?.watch(pid, token, onEnd) ?? (() => undefined);
  },

  markedProcesses(key) {
    return HOST_OS === 'linux' ? listMarked(key) : [];
  },

  processState(pid) {
    if (HOST_OS !== 'linux') return null;
    try {
      return parseStat(readProcFile(`/proc/${pid}/stat`))?.state ?? null;
    } catch {
      return null;
    }
  },

  forgetProcess(pid) {
    probe.forget(pid);
    pidfds?.forget(pid);
  },

  async listProcesses() {
    return listProcesses();
  },

  async processInfo(pid) {
    return readProcess(pid);
  },

  serviceStatus(names) {
    return systemdStatus(names);
  },

  startService(name) {
    return systemctl(['start', name]);
  },

  restartService(name) {
    return systemctl(['restart', name]);
  },

  processUser(pid) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const uid = /^Uid:\s+(\d+)/m.exec(status)?.[1];
      if (uid === undefined) return null;
      const name = readFileSync('/etc/passwd', 'utf8')
        .split('\n')
        .find((l) => l.split(':')[2] === uid)
        ?.split(':')[0];
      return name ? `${name} (uid ${uid})` : `uid ${uid}`;
    } catch {
      return null;
    }
  },

  currentUser() {
    return userInfo().username;
  },
};
