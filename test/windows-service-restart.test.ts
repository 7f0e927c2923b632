// The operator restart of a Windows service (Restart-Service through
// powershell.exe), run on the real pwsh with the exact arguments psv builds:
// only the program is swapped (pwsh for powershell.exe), and Get-Service and
// Restart-Service, which pwsh has only on Windows, come from a stand-in module
// that lists made-up services and records which one was restarted.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runWithTimeout } from '../src/platform/run-with-timeout.js';
import { restartWindowsService, SERVICE_COMMANDS, type CommandRunner } from '../src/platform/windows-processes.js';
import { cleanup, tempDir, writeFile } from './helpers.js';

const PWSH = process.env.PSV_PWSH ?? join(homedir(), '.dotnet', 'tools', 'pwsh');

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
  /** Runs what psv would run, with pwsh in place of powershell.exe. */
  const runner: CommandRunner = async (file, args, env) => {
    assert.match(file, /\\powershell\.exe$/);
    calls.push(args);
    const r = await runWithTimeout([PWSH, ...args], {
      timeoutMs: 120_000,
      env: { ...process.env, ...env, PSModulePath: modules, PSV_FAKE_SERVICES: services.join('\n') },
    });
    return { code: r.ok ? 0 : (r.exitCode ?? 1) || 1, stdout: r.stdout, stderr: r.stderr };
  };
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
