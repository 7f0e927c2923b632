// Windows adapter: targets are spawned detached (outside the monitor's job
// object, so they outlive it), each put in a named Job Object of its own
// (windows-jobs.ts), and trees are ended through that job (taskkill /T where
// there is none: no psv-win.exe, or a process psv did not start). The
// process table, start tokens, checks of known pids and waits on processes
// psv did not start go through the helper psv-win.exe (windows-native.ts),
// services through its SCM subcommands (windows-services.ts); without it,
// through PowerShell and sc.exe as before (with a warning).
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { launchWithNode } from './spawner.js';
import { reportToolFailure, runToolSync, startTool } from './tools.js';
import { spawnDetached } from './spawn-detached.js';
import type { Platform, SpawnSpec } from './types.js';
import { monitorKey } from '../config/monitor-key.js';
import { listWindowsProcesses } from './windows-processes.js';
import { WindowsServices } from './windows-services.js';
import { windowsHelperPath } from './helpers.js';
import { WinHelper } from './windows-native.js';
import { TargetJobs } from './windows-jobs.js';
import { TARGET_ID_ENV } from './marker.js';

const SYSTEM_ROOT = process.env.SystemRoot ?? 'C:\\Windows';
const TASKKILL = `${SYSTEM_ROOT}\\System32\\taskkill.exe`;
const CMD = `${SYSTEM_ROOT}\\System32\\cmd.exe`;
const ICACLS = `${SYSTEM_ROOT}\\System32\\icacls.exe`;
const POWERSHELL = `${SYSTEM_ROOT}\\System32\\WindowsPowerShell\\v1.0\\powershell.exe`;

/**
 * Ends the tree rooted at `pid` with taskkill /T. Fire and forget: the exit of
 * the target is learnt from its own exit event. Where taskkill cannot end the
 * tree (Wine's knows no /T; a process already gone), the root alone is ended:
 * politely with plain taskkill, by force with TerminateProcess. Never throws:
 * it runs inside the handling of an exit and of a stop. Where taskkill cannot
 * run at all (reported as ToolFailed), a polite request is left to the stop
 * timeout's forced end, which needs no tool.
 */
function taskkill(pid: number, force: boolean): void {
  const args = ['/PID', String(pid), '/T'];
  if (force) args.push('/F');
  const options = { stdio: 'ignore', windowsHide: true } as const;
  let fellBack = false;
  const fallback = (): void => {
    if (fellBack) return;
    fellBack = true;
    if (force) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    } else {
      startTool(TASKKILL, ['/PID', String(pid)], options);
    }
  };
  const child = startTool(TASKKILL, args, options, () => {
    // Could not run at all. A forced end needs no tool; a polite one is left to
    // the stop timeout's forced end (the same tool again would fail the same way).
    if (force) fallback();
    else fellBack = true;
  });
  child?.on('exit', (code) => {
    if (code !== 0) fallback();
  });
}

let helper: WinHelper | null | undefined;
/** Services through the SCM (psv-win svc), one helper run per request. */
const services = new WindowsServices(windowsHelperPath);

/** The monitor's psv-win.exe, or null (then PowerShell answers, and a warning said so once). */
function native(): WinHelper | null {
  if (helper === undefined) {
    const path = windowsHelperPath();
    const warn = (why: string): void => reportToolFailure(path ?? 'psv-win.exe', `${why}; the process table and start times are read through PowerShell`);
    helper = path ? new WinHelper(path, (why) => warn(`the helper stopped working (${why})`)) : null;
    if (!path) warn('this psv carries no psv-win.exe');
  }
  return helper?.usable ? helper : null;
}

let targetJobs: TargetJobs | undefined;

/** The targets' Job Objects (each question answers "cannot" without a usable helper: the caller falls back). */
function jobs(): TargetJobs {
  targetJobs ??= new TargetJobs((q) => native()?.query(q) ?? null);
  return targetJobs;
}

/** The start token through PowerShell: a process start per call (the path without psv-win.exe). */
function powershellStartToken(pid: number): string | null {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return null;
  }
  const out = runToolSync(
    POWERSHELL,
    ['-NoProfile', '-NonInteractive', '-Command', `(Get-Process -Id ${pid} -ErrorAction Stop).StartTime.ToFileTimeUtc()`],
    { encoding: 'utf8', windowsHide: true, timeout: 10_000 },
  );
  // Could not run at all: said, and the process counts as alive (what signal 0 told).
  if (out.error && out.status === null && out.signal === null) reportToolFailure(POWERSHELL, out.error.message);
  const token = out.stdout?.trim();
  return out.status === 0 && token ? token : 'alive';
}

/** Whether `pid` runs, by signal 0 (no start time: a reused pid passes). */
function signalZero(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export const windowsPlatform: Platform = {
  name: 'windows',
  isWindows: true,
  reloadSignal: null,
  shutdownSignals: ['SIGINT', 'SIGTERM', 'SIGBREAK'],

  spawnTarget: spawnDetached,

  // Windows targets are Node's own children: the monitor samples them and checks their logs itself.
  childWatch: () => null,

  launchTarget(spec) {
    const child = launchWithNode(this, spec);
    const id = spec.env[TARGET_ID_ENV];
    // In its job, the whole tree ends with it (markers carry no root pid here to search by).
    if (child.pid !== undefined && id && jobs().enter(child.pid, id)) Object.defineProperty(child, 'treeHeld', { value: true });
    return child;
  },

  // Every stop signal but SIGKILL becomes CTRL_BREAK (the only console event a
  // process group of its own receives), with the job ended where it cannot be sent.
  terminateTree(pid, signal = 'SIGTERM') {
    if (signal === 'SIGKILL') this.killTree(pid);
    else if (!jobs().stop(pid)) taskkill(pid, false);
  },

  killTree(pid) {
    if (!jobs().kill(pid)) taskkill(pid, true);
  },

  processStartToken(pid) {
    const token = native()?.startToken(pid);
    return token !== undefined ? token : powershellStartToken(pid);
  },

  scriptCommand(path) {
    const ext = extname(path).toLowerCase();
    if (ext === '.ps1') return [POWERSHELL, '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', path];
    if (ext === '.cmd' || ext === '.bat') return [CMD, '/d', '/c', path];
    if (ext === '.js' || ext === '.mjs' || ext === '.cjs') return ['node.exe', path];
    return [path];
  },

  defaultControlAddress(stateDir) {
    return stateDir === null ? null : `\\\\.\\pipe\\psv-${monitorKey(stateDir)}`;
  },

  findControlAddress(stateDir) {
    return windowsPlatform.defaultControlAddress(stateDir);
  },

  heartbeatAddress(_stateDir, target) {
    // A random part: a pipe name is global, and a monitor restarted before its old pipe closed must not collide.
    return `\\\\.\\pipe\\psv-hb-${target}-${randomBytes(6).toString('hex')}`;
  },

  controlTokenPath(address) {
    const programData = process.env.ProgramData ?? 'C:\\ProgramData';
    const name = address.replace(/^\\\\[.?]\\pipe\\/i, '').replace(/[^A-Za-z0-9._-]/g, '_');
    return join(programData, 'psv', 'control', `${name}.token`);
  },

  prepareControlEndpoint(address, tokenPath, token, adminGroup) {
    // Node.js creates the pipe without a security descriptor, so it gets Windows' default
    // (docs/security.md): only these may write to it; everyone else may open it to read.
    const reach = `only SYSTEM, Administrators and ${windowsPlatform.currentUser()} can write to ${address}`;
    const dir = dirname(tokenPath);
    mkdirSync(dir, { recursive: true });
    writeFileSync(tokenPath, token + '\r\n');
    // Only SYSTEM, Administrators, the monitor's account (and the admin group) may read the token.
    const grants = ['*S-1-5-18:F', '*S-1-5-32-544:F', `${windowsPlatform.currentUser()}:F`];
    if (adminGroup) grants.push(`${adminGroup}:R`);
    const r = runToolSync(ICACLS, [tokenPath, '/inheritance:r', ...grants.flatMap((g) => ['/grant:r', g])], { windowsHide: true, encoding: 'utf8', timeout: 30_000 });
    if (r.error || r.status === null) {
      // icacls could not run at all (missing, as on some Wine or Nano installs): the
      // token file keeps the folder's inherited ACL. Say so; refusing to start would
      // leave the targets unwatched.
      const why = r.error ? r.error.message : `killed by ${r.signal}`;
      process.stderr.write(`psv: warning: cannot run ${ICACLS} (${why}); ${tokenPath} keeps the access rights it inherits from ${dir}\n`);
      return reach;
    }
    if (r.status !== 0) throw new Error(`cannot restrict access to ${tokenPath}: ${(r.stdout || r.stderr || '').trim()}`);
    return reach;
  },

  openControlEndpoint() {
    // Node.js cannot set a named pipe's ACL: the default one and the token file guard control.
  },

  removeControlEndpoint(_address, tokenPath) {
    try {
      unlinkSync(tokenPath);
    } catch {
      // already gone
    }
  },

  probeProcess(pid, token) {
    // The helper compares the start time (a reused pid is 'gone'); without it only signal 0 is cheap.
    const state = native()?.check(pid, token);
    if (state !== undefined) return state;
    return signalZero(pid) ? 'alive' : 'gone';
  },

  watchProcessEnd(pid, token, onEnd) {
    return native()?.watch(pid, token, onEnd) ?? (() => undefined);
  },

  // Not the environment (Windows gives no cheap read of another process's):
  // the processes in the targets' Job Objects, found by the jobs' names.
  markedProcesses(key, targets) {
    return native() ? jobs().members(key, targets) : [];
  },

  processState() {
    return null;
  },

  forgetProcess(pid) {
    helper?.forget(pid);
  },

  async listProcesses() {
    const h = native();
    return h ? h.table().catch(() => listWindowsProcesses()) : listWindowsProcesses();
  },

  async processInfo(pid) {
    const h = native();
    const rows = await (h ? h.table(pid).catch(() => listWindowsProcesses(pid)) : listWindowsProcesses(pid));
    return rows.find((r) => r.pid === pid) ?? null;
  },

  serviceStatus(names) {
    return services.status(names);
  },

  startService(name) {
    return services.start(name);
  },

  restartService(name) {
    return services.restart(name);
  },

  processUser() {
    return null;
  },

  currentUser() {
    const info = userInfo();
    const domain = process.env.USERDOMAIN;
    return domain ? `${domain}\\${info.username}` : info.username;
  },
};
