// Linux (and other Unix) adapter: targets run in their own session, so the
// process group id equals the target's pid and one kill(-pid) reaches the tree.
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { listMarked, listProcesses, parseStat, ProcProbe, readProcess, readProcFile } from './proc.js';
import { systemctl, systemdStatus } from './systemd.js';
import { launchWithNode, sharedSpawnHelper } from './spawner.js';
import type { Platform, SpawnSpec } from './types.js';

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

/**
 * `preferred`, or when it is too long for a socket address (sun_path holds 108
 * bytes), a short path in the temp folder named after a hash of it.
 */
function unixSocketPath(preferred: string): string {
  if (Buffer.byteLength(preferred) <= 107) return preferred;
  const hash = createHash('sha256').update(preferred).digest('hex').slice(0, 16);
  return join(tmpdir(), `psv-${hash}.sock`);
}

const probe = new ProcProbe();

export const posixPlatform: Platform = {
  name: process.platform === 'linux' ? 'linux' : 'posix',
  isWindows: false,
  reloadSignal: 'SIGHUP',
  shutdownSignals: ['SIGINT', 'SIGTERM'],

  spawnTarget(spec: SpawnSpec) {
    const [file, ...args] = spec.command;
    return spawn(file!, args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', spec.outputFd, spec.outputFd],
    });
  },

  launchTarget(spec) {
    return sharedSpawnHelper()?.launch(spec) ?? launchWithNode(this, spec);
  },

  // A target the spawn helper runs is signalled by the helper, which also
  // reaches what it daemonized (its sessions of their own, the orphans the
  // helper holds for it); anything else by its process group.
  terminateTree(pid) {
    if (!sharedSpawnHelper()?.signalTree(pid, 'SIGTERM')) signalGroup(pid, 'SIGTERM');
  },

  killTree(pid) {
    if (!sharedSpawnHelper()?.signalTree(pid, 'SIGKILL')) signalGroup(pid, 'SIGKILL');
  },

  processStartToken(pid) {
    if (process.platform === 'linux') return linuxStartToken(pid);
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
    if (process.getuid?.() === 0) return '/run/psv/psv.sock';
    const runtime = process.env.XDG_RUNTIME_DIR;
    if (runtime) return join(runtime, 'psv', 'psv.sock');
    return stateDir === null ? null : join(stateDir, 'psv.sock');
  },

  heartbeatAddress(stateDir, target) {
    return unixSocketPath(join(stateDir, `${target}.hb.sock`));
  },

  controlTokenPath(address) {
    return `${address}.token`;
  },

  prepareControlEndpoint(address, tokenPath, token, adminGroup) {
    const dir = dirname(address);
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    const gid = adminGroup ? groupId(adminGroup) : null;
    if (existsSync(address) && lstatSync(address).isSocket()) unlinkSync(address);
    writeFileSync(tokenPath, token + '\n', { mode: 0o600 });
    chmodSync(tokenPath, gid === null ? 0o600 : 0o640);
    if (gid !== null) chownSync(tokenPath, process.getuid!(), gid);
  },

  openControlEndpoint(address) {
    chmodSync(address, 0o666);
  },

  probeProcess(pid, token) {
    if (process.platform === 'linux') return probe.probe(pid, token);
    return posixPlatform.processStartToken(pid) === token ? 'alive' : 'gone';
  },

  markedProcesses(key) {
    return process.platform === 'linux' ? listMarked(key) : [];
  },

  processState(pid) {
    if (process.platform !== 'linux') return null;
    try {
      return parseStat(readProcFile(`/proc/${pid}/stat`))?.state ?? null;
    } catch {
      return null;
    }
  },

  forgetProcess(pid) {
    probe.forget(pid);
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
