// The Windows process table and services. Process command lines are only
// available through WMI/CIM (ps-list's helper gives names and pids only), so
// one PowerShell query reads the table; services are read with sc.exe. These
// are the fallbacks when psv.exe carries no psv-win.exe (windows-native.ts,
// windows-services.ts).
import { runWithTimeout } from './run-with-timeout.js';
import { reportToolFailure } from './tools.js';
import type { ProcessInfo, ServiceStatus } from './types.js';

const SYSTEM_ROOT = process.env.SystemRoot ?? 'C:\\Windows';
export const POWERSHELL = `${SYSTEM_ROOT}\\System32\\WindowsPowerShell\\v1.0\\powershell.exe`;
const SC = `${SYSTEM_ROOT}\\System32\\sc.exe`;
const TIMEOUT_MS = 60_000;

/** A system tool's run: its path, its arguments, and what it adds to the environment. */
export type ToolCommand = [file: string, args: string[], env?: Record<string, string>];

/** Runs a tool (tests hand in their own). */
export type CommandRunner = (file: string, args: string[], env?: Record<string, string>) => Promise<{ code: number; stdout: string; stderr: string }>;

async function run(file: string, args: string[], env?: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await runWithTimeout([file, ...args], { timeoutMs: TIMEOUT_MS, env: env && { ...process.env, ...env } });
  // Not started at all (ENOENT, EACCES, or a spawn that threw): no exit code, only the error.
  if (r.error) {
    reportToolFailure(file, r.error.message);
    return { code: -1, stdout: '', stderr: `cannot run ${file}: ${r.error.message}` };
  }
  const code = r.ok ? 0 : r.exitCode || 1;
  return { code, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The PowerShell that prints the process table (or one process's row): one line a
 * process, tab-separated: pid, parent, image name, start time (FILETIME), owner
 * (DOMAIN\name, empty when unknown), command line (last: it may hold tabs).
 * Win32_Process has no owner property. Get-Process -IncludeUserName reads every
 * owner in one call but needs an elevated monitor (a service's is); elsewhere it
 * throws, and Win32_Process.GetOwner asks per process instead (slower, and it
 * names the owners of the monitor's own processes only). The native Windows
 * layer is to replace this query.
 */
export function tableQuery(pid?: number): string {
  const only = pid === undefined ? '' : ` -Id ${pid}`;
  const filter = pid === undefined ? '' : ` -Filter 'ProcessId=${pid}'`;
  return [
    '$owners = @{}',
    // Keys as [int]: Get-Process's Id is an Int32, Win32_Process's ProcessId a UInt32, and a hashtable tells them apart.
    `try { Get-Process${only} -IncludeUserName -ErrorAction SilentlyContinue | ForEach-Object { $owners[[int]$_.Id] = $_.UserName } } catch { $owners = $null }`,
    `Get-CimInstance Win32_Process${filter} | ForEach-Object {` +
      ' $u = if ($null -ne $owners) { $owners[[int]$_.ProcessId] } else {' +
      ' $o = Invoke-CimMethod -InputObject $_ -MethodName GetOwner -ErrorAction SilentlyContinue;' +
      " if ($o.ReturnValue -eq 0) { if ($o.Domain) { '{0}\\{1}' -f $o.Domain, $o.User } else { $o.User } } };" +
      // Double quotes: in single ones `t is no tab. A line break inside a command line would split its row.
      ' "{0}`t{1}`t{2}`t{3}`t{4}`t{5}" -f $_.ProcessId, $_.ParentProcessId, $_.Name,' +
      ' $(if ($_.CreationDate) { $_.CreationDate.ToFileTimeUtc() } else { 0 }), $u, ($_.CommandLine -replace "[`r`n]", " ") }',
  ].join('; ');
}

/** Parses the tab-separated lines of tableQuery(). */
export function parseProcessTable(text: string): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const line of text.split(/\r?\n/)) {
    const f = line.split('\t');
    if (f.length < 6 || !/^\d+$/.test(f[0]!)) continue;
    out.push({
      pid: Number(f[0]),
      ppid: Number(f[1]),
      name: f[2]!,
      startToken: f[3]!,
      user: f[4] || null,
      commandLine: f.slice(5).join('\t') || f[2]!,
      state: null,
    });
  }
  return out;
}

export async function listWindowsProcesses(pid?: number, runner: CommandRunner = run): Promise<ProcessInfo[]> {
  const r = await runner(POWERSHELL, ['-NoProfile', '-NonInteractive', '-Command', tableQuery(pid)]);
  if (r.code !== 0) throw new Error(`cannot read the process table: ${r.stderr.trim()}`);
  return parseProcessTable(r.stdout);
}

const SC_STATES: Record<string, ServiceStatus['state']> = {
  '1': 'stopped',
  '2': 'starting',
  '3': 'stopping',
  '4': 'running',
  '5': 'starting',
  '6': 'stopping',
  '7': 'stopping',
};

/** Parses `sc.exe queryex NAME`. */
export function parseScQuery(name: string, text: string): ServiceStatus {
  const field = (key: string): string | undefined => new RegExp(`^\\s*${key}\\s*:\\s*(.+)$`, 'mi').exec(text)?.[1]?.trim();
  const stateField = field('STATE');
  if (!stateField) return { name, state: 'unknown', pid: null, stoppedCleanly: false, exitCode: null, detail: text.trim().split(/\r?\n/).pop() ?? 'unknown service' };
  const code = stateField.split(/\s+/)[0]!;
  const win32 = Number(field('WIN32_EXIT_CODE')?.split(/\s+/)[0] ?? 0);
  const specific = Number(field('SERVICE_EXIT_CODE')?.split(/\s+/)[0] ?? 0);
  // 1066: the service returned its own code. 1077: never started since boot, so no run to judge.
  const neverStarted = win32 === 1077;
  const exitCode = neverStarted ? null : win32 === 1066 ? specific : win32;
  let state = SC_STATES[code] ?? 'unknown';
  if (state === 'stopped' && exitCode !== null && exitCode !== 0) state = 'failed';
  const pid = Number(field('PID') ?? 0);
  return { name, state, pid: pid > 0 ? pid : null, stoppedCleanly: state === 'stopped', exitCode, detail: stateField };
}

/**
 * The environment variable that carries a service's name to RESTART_SCRIPT.
 * powershell.exe -Command pastes its further arguments into the command text
 * ($args stays empty), so a name given there would be code: from the
 * environment it is only ever data.
 */
export const SERVICE_NAME_VARIABLE = 'PSV_SERVICE_NAME';

// The service is looked up by its exact name: -Name takes wildcards, and `a[b]`
// (a valid service name) would restart `ab`.
const RESTART_SCRIPT = [
  `$n = $env:${SERVICE_NAME_VARIABLE}`,
  '$s = @(Get-Service -ErrorAction SilentlyContinue | Where-Object { $_.Name -eq $n })',
  "if ($s.Count -ne 1) { [Console]::Error.WriteLine(\"no service named '$n'\"); exit 1 }",
  'Restart-Service -InputObject $s[0] -Force -ErrorAction Stop',
].join('; ');

/** The exact commands psv runs against the service manager (one place, tested for its argv). */
export const SERVICE_COMMANDS = {
  query: (name: string): ToolCommand => [SC, ['queryex', name]],
  start: (name: string): ToolCommand => [SC, ['start', name]],
  restart: (name: string): ToolCommand => [POWERSHELL, ['-NoProfile', '-NonInteractive', '-Command', RESTART_SCRIPT], { [SERVICE_NAME_VARIABLE]: name }],
};

export async function windowsServiceStatus(names: readonly string[], runner: CommandRunner = run): Promise<ServiceStatus[]> {
  // When sc.exe could not run, its error is what the status says.
  return Promise.all(names.map(async (name) => {
    const r = await runner(...SERVICE_COMMANDS.query(name));
    return parseScQuery(name, r.stdout || r.stderr);
  }));
}

export async function scStart(name: string, runner: CommandRunner = run): Promise<void> {
  const r = await runner(...SERVICE_COMMANDS.start(name));
  if (r.code !== 0) throw new Error(`sc.exe start ${name} failed: ${(r.stdout || r.stderr).trim()}`);
}

export async function restartWindowsService(name: string, runner: CommandRunner = run): Promise<void> {
  const r = await runner(...SERVICE_COMMANDS.restart(name));
  if (r.code !== 0) throw new Error(`Restart-Service ${name} failed: ${r.stderr.trim()}`);
}
