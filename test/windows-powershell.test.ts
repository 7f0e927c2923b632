// The PowerShell the Windows adapter runs, on the real pwsh with the exact
// arguments psv builds: only the program is swapped (pwsh for powershell.exe),
// and the cmdlets pwsh has only on Windows (Get-Service, Restart-Service,
// Get-CimInstance) come from stand-in modules found through PSModulePath, as
// the real ones are on Windows.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runWithTimeout } from '../src/platform/run-with-timeout.js';
import { compileMatcher } from '../src/engine/match.js';
import { listWindowsProcesses, restartWindowsService, SERVICE_COMMANDS, type CommandRunner } from '../src/platform/windows-processes.js';
import { cleanup, tempDir, writeFile } from './helpers.js';

const PWSH = process.env.PSV_PWSH ?? join(homedir(), '.dotnet', 'tools', 'pwsh');

/** A runner that runs what psv would run, with pwsh in place of powershell.exe and `env` added. */
function pwshRunner(calls: string[][], env: NodeJS.ProcessEnv): CommandRunner {
  return async (file, args, own) => {
    assert.match(file, /\\powershell\.exe$/);
    calls.push(args);
    const r = await runWithTimeout([PWSH, ...args], { timeoutMs: 120_000, env: { ...process.env, ...own, ...env } });
    return { code: r.ok ? 0 : (r.exitCode ?? 1) || 1, stdout: r.stdout, stderr: r.stderr };
  };
}

describe('Restart-Service on the real pwsh (the exact argv psv builds)', { skip: existsSync(PWSH) ? false : `no pwsh at ${PWSH}` }, () => {
  const dir = tempDir('psv-svc-restart-');
  after(() => cleanup(dir));
  const modules = join(dir, 'modules');
  mkdirSync(join(modules, 'PsvFakeServices'), { recursive: true });
  const restarted = join(dir, 'restarted.txt');
  // Found by command discovery through PSModulePath, as the real cmdlets are on Windows.
  writeFile(
    join(modules, 'PsvFakeServices', 'PsvFakeServices.psm1'),
    [
      'function Get-Service { $env:PSV_FAKE_SERVICES -split "`n" | ForEach-Object { [pscustomobject]@{ Name = $_ } } }',
      'function Restart-Service {',
      '  param([Parameter(Position = 0)] [string[]] $Name, [Parameter(ValueFromPipeline)] $InputObject, [switch] $Force, [Parameter(ValueFromRemainingArguments)] $Rest)',
      '  process {',
      '    $which = if ($InputObject) { $InputObject.Name } else { $Name }',
      `    [System.IO.File]::AppendAllText('${restarted}', "[$which]" + [char]10, [System.Text.UTF8Encoding]::new($false))`,
      '  }',
      '}',
      '',
    ].join('\n'),
  );

  const services = ['Spooler', 'ab', `it's "a" name; Write-Output pwned`, 'with space', '$(Write-Output pwned)'];
  const calls: string[][] = [];
  const runner = pwshRunner(calls, { PSModulePath: modules, PSV_FAKE_SERVICES: services.join('\n') });
  const restarts = (): string[] => (existsSync(restarted) ? readFileSync(restarted, 'utf8').split('\n').filter(Boolean) : []);

  it('the name arrives, quotes, spaces and $(...) included, and nothing in it runs', async () => {
    for (const name of services) await restartWindowsService(name, runner);
    assert.deepEqual(
      restarts(),
      services.map((s) => `[${s}]`),
    );
    // The argv was the one psv builds for powershell.exe, word for word.
    assert.deepEqual(calls, services.map((s) => SERVICE_COMMANDS.restart(s)[1]));
  });

  it('an unknown name fails with its words; a name is never a wildcard', async () => {
    const before = restarts().length;
    await assert.rejects(restartWindowsService('Nope', runner), /Restart-Service Nope failed: no service named 'Nope'/);
    // -Name would take these as patterns and restart ab, or Spooler.
    await assert.rejects(restartWindowsService('a[b]', runner), /no service named 'a\[b\]'/);
    await assert.rejects(restartWindowsService('Spool*', runner), /no service named 'Spool\*'/);
    assert.equal(restarts().length, before, 'nothing restarted');
  });
});

describe('the process table query on the real pwsh (owners from Get-Process -IncludeUserName)', { skip: existsSync(PWSH) ? false : `no pwsh at ${PWSH}` }, () => {
  const dir = tempDir('psv-win-table-');
  const modules = join(dir, 'modules');
  mkdirSync(join(modules, 'PsvFakeCim'), { recursive: true });
  // Win32_Process as CIM gives it (UInt32 ids, a DateTime), for rows the test names.
  writeFile(
    join(modules, 'PsvFakeCim', 'PsvFakeCim.psm1'),
    [
      'function Get-CimInstance {',
      '  param([Parameter(Position = 0)] [string] $ClassName, [string] $Filter)',
      '  foreach ($r in ($env:PSV_FAKE_PROCESSES | ConvertFrom-Json)) {',
      '    if ($Filter -and $Filter -ne "ProcessId=$($r.pid)") { continue }',
      '    [pscustomobject]@{ ProcessId = [uint32]$r.pid; ParentProcessId = [uint32]$r.ppid; Name = $r.name; CreationDate = [datetime]::FromFileTimeUtc([long]$r.start); CommandLine = $r.cmd }',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  // A real process of another user: Get-Process reads its owner as it would on Windows.
  const other = spawn('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', 'sleep', '300'], { stdio: 'ignore' });
  after(() => {
    other.kill('SIGKILL');
    cleanup(dir);
  });
  const gone = 4_000_000; // beyond pid_max: no such process, so no owner
  const rows = () => [
    { pid: process.pid, ppid: process.ppid, name: 'node.exe', start: '133541234567890123', cmd: 'node.exe\ttest' },
    { pid: other.pid, ppid: process.pid, name: 'java.exe', start: '133541234567899999', cmd: '"C:\\Program Files\\java.exe" -Dapp=billing' },
    { pid: gone, ppid: 0, name: 'ghost.exe', start: '0', cmd: '' },
  ];
  const calls: string[][] = [];
  const runner = (): CommandRunner => pwshRunner(calls, { PSModulePath: modules, PSV_FAKE_PROCESSES: JSON.stringify(rows()) });

  it('every row has its owner; match.user finds the process by name or DOMAIN\\name, whatever the case', async () => {
    assert.ok(other.pid);
    const table = await listWindowsProcesses(undefined, runner());
    assert.deepEqual(
      table.map((p) => [p.pid, p.name, p.user, p.commandLine]),
      [
        [process.pid, 'node.exe', 'root', 'node.exe\ttest'],
        [other.pid, 'java.exe', 'nobody', '"C:\\Program Files\\java.exe" -Dapp=billing'],
        [gone, 'ghost.exe', null, 'ghost.exe'],
      ],
    );
    assert.equal(table[1]!.startToken, '133541234567899999');
    for (const user of ['nobody', 'NoBody']) assert.deepEqual(table.filter(compileMatcher({ name: 'java', args: null, user }, true)).map((p) => p.pid), [other.pid], user);
    assert.deepEqual(table.filter(compileMatcher({ name: 'java', args: null, user: 'root' }, true)), []);
  });

  it('one process: its row and its owner only', async () => {
    const table = await listWindowsProcesses(other.pid, runner());
    assert.deepEqual(table.map((p) => [p.pid, p.user]), [[other.pid, 'nobody']]);
    assert.match(calls.at(-1)!.at(-1)!, new RegExp(`Get-Process -Id ${other.pid} -IncludeUserName`));
  });
});
