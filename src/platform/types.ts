// The one interface behind which every operating-system difference lives.
import type { ChildProcess } from 'node:child_process';

export interface SpawnSpec {
  command: readonly string[];
  cwd: string;
  env: Record<string, string>;
  /** File descriptor that receives the target's stdout and stderr. */
  outputFd: number | 'ignore';
  /** POSIX: run as this user and group (Node's spawn: no supplementary groups); omitted: the monitor's. */
  user?: { uid: number; gid: number } | null;
}

/** One resource limit (setrlimit): a name the config's `limits` uses, null for unlimited. */
export interface ResourceLimit {
  resource: string;
  soft: number | null;
  hard: number | null;
}

/**
 * How a target runs, as numbers the spawn helper applies between fork and
 * exec (the names were resolved when the config was loaded). null: as the monitor.
 */
export interface RunAs {
  uid: number | null;
  gid: number | null;
  /** Supplementary groups, exactly; null leaves the monitor's. */
  groups: number[] | null;
  umask: number | null;
  nice: number | null;
  limits: ResourceLimit[];
}

/** What a target is started from (launchTarget): its log by path, which a spawn helper opens itself. */
export interface LaunchSpec {
  command: readonly string[];
  cwd: string;
  env: Record<string, string>;
  /** The file that receives stdout and stderr (appended to, created when missing), or null for none. */
  outputPath: string | null;
  /** Restart it at once when it exits (where a spawn helper can; see TargetProcess.arm). */
  armed?: boolean;
  /** Its user, groups, umask, nice value and limits; omitted or null: the monitor's. */
  runAs?: RunAs | null;
}

/**
 * A started target, as a ChildProcess or the spawn helper's stand-in shows it:
 * `pid` is set once started ('spawn'; a ChildProcess may have it at once),
 * 'error' when it could not start, 'exit' (code, signal) when it ended, and
 * 'detached' when its exit can no longer be reported (the helper that started
 * it died; the process itself lives on).
 */
export interface TargetProcess {
  readonly pid?: number | undefined;
  on(event: string, listener: (...args: any[]) => void): this;
  once(event: string, listener: (...args: any[]) => void): this;
  removeAllListeners(event?: string): this;
  unref(): void;
  /**
   * What it daemonizes is ended with it without a search: the spawn helper
   * holds its orphans (Linux), its Job Object holds its tree (Windows). When
   * not, its descendants are found by their marker when it ends or is stopped.
   */
  readonly treeHeld?: boolean;
  /** Started by the spawn helper and armed: its next exit is followed by an immediate restart. */
  readonly armed?: boolean;
  /** Asks the spawn helper to restart it at once when it exits (one-shot). */
  arm?(): void;
  /** Takes arm() back; resolves once no restart can follow any more. */
  disarm?(): Promise<void>;
}

/** One row of the process table. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Executable base name, e.g. "java" or "java.exe". */
  name: string;
  /** The full command line, arguments separated by spaces. */
  commandLine: string;
  /** Owner's user name, or null when unknown. */
  user: string | null;
  /** The same token processStartToken(pid) gives. */
  startToken: string;
  /** Linux: 'Z' (zombie), 'D' (uninterruptible) and so on; null elsewhere. */
  state: string | null;
}

/**
 * A process that carries a target's marker in its environment (as of its
 * exec): PSV_TARGET_ID=<monitor key>/<target name>, and PSV_ROOT_PID=<the
 * target's root pid> when the spawn helper started the target (see marker.ts).
 */
export interface MarkedProcess {
  pid: number;
  ppid: number;
  /** The same token processStartToken(pid) gives. */
  startToken: string;
  /** When it started (ms since the epoch, to the clock tick). */
  startedAt: number;
  /** The target's name (the marker without its monitor key). */
  target: string;
  /** PSV_ROOT_PID: the pid of the target's root (its own for the root itself); null when the target was spawned without the helper. */
  rootPid: number | null;
}

export type ServiceState = 'running' | 'starting' | 'stopping' | 'stopped' | 'failed' | 'unknown';

export interface ServiceStatus {
  name: string;
  state: ServiceState;
  /** The service's main process, or null. */
  pid: number | null;
  /**
   * For 'stopped': whether it stopped cleanly (on purpose through the service
   * manager, exit code 0) — psv leaves such a service stopped unless told otherwise.
   */
  stoppedCleanly: boolean;
  /** Exit code of the last run when known. */
  exitCode: number | null;
  /** The service manager's own words, for messages. */
  detail: string;
}

/** Which OS, and how the monitor itself is signalled there. */
export interface HostInfo {
  readonly name: 'linux' | 'windows' | 'posix';
  readonly isWindows: boolean;
  /** The signal that asks the monitor to re-read its config (SIGHUP), or null. */
  readonly reloadSignal: NodeJS.Signals | null;
  /** Signal names that mean "ask to stop" on this OS, for the shutdown handler. */
  readonly shutdownSignals: readonly NodeJS.Signals[];
}

/** Starting, watching and ending processes: targets, their trees, the process table. */
export interface ProcessControl {
  /**
   * Spawns a target so that it and its descendants form one unit that can be
   * killed together (a session/process group on Unix, a detached tree on
   * Windows), and so that it outlives the monitor.
   */
  spawnTarget(spec: SpawnSpec): ChildProcess;
  /**
   * Starts a target psv keeps (the restart path): like spawnTarget, through the
   * spawn helper where there is one (Linux), else by Node itself.
   */
  launchTarget(spec: LaunchSpec): TargetProcess;
  /**
   * Politely asks the whole tree rooted at `pid` to end: `signal` (default
   * SIGTERM) on POSIX; on Windows CTRL_BREAK where it can be sent, else the
   * tree is ended (SIGKILL: ended at once).
   */
  terminateTree(pid: number, signal?: NodeJS.Signals): void;
  /** Ends the whole tree rooted at `pid` now (SIGKILL / taskkill /T /F). */
  killTree(pid: number): void;
  /**
   * An opaque token that identifies the process `pid` for its lifetime (its
   * start time), or null when no such process exists. A pid reused by another
   * process yields another token.
   */
  processStartToken(pid: number): string | null;
  /** The argv that runs a restart script directly (no command line pasted together). */
  scriptCommand(path: string): string[];
  /**
   * The cheap steady-state check of a known process: 'alive' when `pid` still
   * is the process with start token `token`, 'zombie' when it has exited but
   * not been reaped, 'gone' otherwise (a reused pid is 'gone').
   */
  probeProcess(pid: number, token: string): 'alive' | 'zombie' | 'gone';
  /**
   * Every live process that carries a marker of the monitor with key `key`:
   * one pass over /proc/PID/environ on Linux (processes of other users are
   * read when the monitor runs as root). Windows: the processes in the Job
   * Objects of the targets named in `targets` (and of those launched so far).
   * Empty where the OS has nothing to read it from.
   */
  markedProcesses(key: string, targets?: Iterable<string>): MarkedProcess[];
  /** Linux: the process's state letter from /proc (R, S, D, Z, ...); null where the OS has none or it is gone. */
  processState(pid: number): string | null;
  /**
   * Calls `onEnd` as soon as process `pid` (start token `token`) has ended,
   * where the OS lets psv wait on a process it did not start (Windows: the
   * helper waits on its handle; Linux 5.3+: the spawn helper polls its
   * pidfd). Returns what cancels the wait. Where it cannot (no helper, an
   * older kernel, PSV_NO_PIDFD=1), a no-op: the periodic probeProcess finds
   * the end. Once the wait has fired, probeProcess says 'gone'.
   * `onEnd` only says "look now": the caller's check decides.
   */
  watchProcessEnd(pid: number, token: string, onEnd: () => void): () => void;
  /** Drops what probeProcess keeps for `pid` (an open handle, a wait). */
  forgetProcess(pid: number): void;
  /** The whole process table (one read of /proc on Linux, ps-list on Windows). */
  listProcesses(): Promise<ProcessInfo[]>;
  /** One process's row, or null when it does not exist (or is a zombie). */
  processInfo(pid: number): Promise<ProcessInfo | null>;
}

/** The OS's service manager (systemd, the Windows service control manager). */
export interface Services {
  /** The state of services, all in one query of the service manager (systemctl show / sc.exe or the PowerShell host). */
  serviceStatus(names: readonly string[]): Promise<ServiceStatus[]>;
  /** Asks the service manager to start (or restart) a service; rejects with its message on failure. */
  startService(name: string): Promise<void>;
  restartService(name: string): Promise<void>;
}

/** The monitor's control endpoint: its address, its token, its access rights. */
export interface ControlEndpoint {
  /**
   * The default control endpoint of the monitor whose state folder is
   * `stateDir` (a Unix socket in a folder private to its owners, or a named
   * pipe), named after monitorKey(stateDir) so that two monitors never share
   * one; null without a stateDir.
   */
  defaultControlAddress(stateDir: string | null): string | null;
  /**
   * For a client: where the monitor of `stateDir` listens by default. A
   * monitor's default depends on its user (root's differs from another
   * user's), so this is the first default with an endpoint present, else the
   * caller's own; null without a stateDir.
   */
  findControlAddress(stateDir: string | null): string | null;
  /** Where the control token of the endpoint `address` is kept. */
  controlTokenPath(address: string): string;
  /**
   * Before the server listens: makes the endpoint's folder, removes a stale
   * socket file, writes the token file readable only by the monitor's user,
   * administrators and `adminGroup`, and sees to it that the endpoint is born
   * closed to everyone else. `ownFolder`: the folder is the platform default's,
   * made private to the owners (on POSIX the first gate: no one else may even
   * connect); otherwise the folder is the operator's and is left as it is.
   * Returns who can open the endpoint, in words, for the record of a refusal.
   */
  prepareControlEndpoint(address: string, tokenPath: string, token: string, adminGroup: string | null, ownFolder?: boolean): string;
  /** Called once the server listens: gives the endpoint its final access rights (its owners only). */
  openControlEndpoint(address: string, adminGroup: string | null): void;
  /** Called when the server has closed: removes the token file (and the folder when `ownFolder`). */
  removeControlEndpoint(address: string, tokenPath: string, ownFolder: boolean): void;
}

/** Where targets send heartbeats (PSV_NOTIFY). */
export interface HeartbeatAddresses {
  /**
   * A fresh address for the heartbeat endpoint of `target` (PSV_NOTIFY): a Unix
   * socket `<stateDir>/<target>.hb.sock` (or, past the 107-byte limit of socket
   * paths, a short one in the temp folder), or a named pipe
   * `\\.\pipe\psv-hb-<target>-<random>`. Call once per endpoint: pipe names differ per call.
   */
  heartbeatAddress(stateDir: string, target: string): string;
}

/** Accounts: who owns a process, who the monitor is. */
export interface Identity {
  /** The user that owns process `pid`, or null when unknown. */
  processUser(pid: number): string | null;
  /** The account the monitor runs as. */
  currentUser(): string;
}

/** Everything psv asks of the OS; a consumer that needs less takes one of the parts above. */
/**
 * What the spawn helper watches of the targets it runs (Linux), so that the
 * monitor need not wake for it: their resource samples, and the size of their
 * output files.
 */
export interface ChildWatch {
  /** What to watch; kept, and given again to each new helper. */
  configure(work: ChildWork): void;
  /** Whether `pid` is a target the helper runs now (and so samples it and checks its output file). */
  holds(pid: number | null): boolean;
  /** The readings kept of `pid` (running, or ended lately), oldest first; null when there is no helper to ask. */
  readings(pid: number): Promise<ChildReading[] | null>;
  /** `handler` is told the pid of each target whose output file has grown above work.logMaxBytes; the call returns its removal. */
  onLogFull(handler: (pid: number) => void): () => void;
}

/** All in ms but logMaxBytes. */
export interface ChildWork {
  /** Samples every this many ms (0: none)... */
  sampleEveryMs: number;
  /** ...and no more often than this many ms per target. */
  sampleSpacingMs: number;
  /** Readings older than this are dropped. */
  keepMs: number;
  /** A log above this size is told (0: any that is not empty). */
  logMaxBytes: number;
  /** Each output file's size is looked at this often (0: never). */
  logEveryMs: number;
}

/** One reading of a process, raw: /proc/PID/stat's clock ticks and pages. */
export interface ChildReading {
  /** Wall-clock ms. */
  at: number;
  state: string;
  /** utime + stime, in clock ticks. */
  ticks: number;
  threads: number;
  rssPages: number;
  /** Open descriptors; null when they could not be counted. */
  fds: number | null;
}

export interface ChildWatches {
  /** The spawn helper's watch of the targets it runs, or null where there is none (not Linux, no helper). */
  childWatch(): ChildWatch | null;
}

export interface Platform extends HostInfo, ProcessControl, Services, ControlEndpoint, HeartbeatAddresses, Identity, ChildWatches {}
