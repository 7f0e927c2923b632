// The Windows release archive (out/psv-VERSION-win-x64.zip, from npm run
// build:exe) unpacked into a fresh folder and run in a fresh Wine prefix: what
// the install needs is there (psv.exe, and WinSW as the module's
// bin\psv-service.exe with its .config; the module's help and messages in
// en-US and ja-JP), the notices name WinSW's version and
// licence, and the programs start.
// WinSW 1.17 is a .NET Framework program: Wine runs it only with Wine Mono,
// which Debian does not package (and nothing may be downloaded here). Without
// it the WinSW run is checked to fail for exactly that reason and is marked
// skipped, saying so; with it, `version` and `status` must answer.
// Skipped when wine or the archive is missing, unless PSV_REQUIRE_WINE=1 (CI).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { cleanup, ROOT, tempDir, writeFile } from './helpers.js';
import { winePrefix, wineRunner, wineSuite } from './wine.js';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const ZIP = join(ROOT, 'out', `psv-${VERSION}-win-x64.zip`);
const WINSW = JSON.parse(readFileSync(join(ROOT, 'build', 'winsw.json'), 'utf8')) as { winswVersion: string; package: string; version: string };

function missing(): string | null {
  if (spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status !== 0) return 'unzip is not installed (bash scripts/setup-test-env.sh installs it)';
  if (!existsSync(ZIP)) return `${ZIP} is missing (npm run build:exe builds it)`;
  return null;
}

wineSuite('the Windows release archive under Wine', missing, archiveTests);

function archiveTests(): void {
  const dir = tempDir('psv-wine-archive-');
  const top = join(dir, `psv-${VERSION}-win-x64`);
  const bin = join(top, 'powershell', 'Psv', 'bin');
  let env: NodeJS.ProcessEnv = {};

  before(() => {
    const unzip = spawnSync('unzip', ['-q', ZIP, '-d', dir], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(unzip.status, 0, unzip.stderr);
    // A prefix of its own, made for this test: nothing installed in it but what wineboot makes.
    env = winePrefix(join(dir, 'prefix'));
  });

  after(() => {
    spawnSync('wineserver', ['-k'], { env, stdio: 'ignore', timeout: 30_000 });
    cleanup(dir);
  });

  const wine = wineRunner(dir, bin, () => env);

  it('carries psv.exe and WinSW (psv-service.exe, its .config) where Install-PsvService looks', async () => {
    for (const file of ['psv.exe', 'psv-service.exe', 'psv-service.exe.config']) assert.ok(existsSync(join(bin, file)), `powershell/Psv/bin/${file}`);
    assert.ok(existsSync(join(top, 'psv.exe')));
    const { versionString, isDotNetAssembly } = (await import(join(ROOT, 'scripts', 'pe-version.mjs'))) as {
      versionString: (b: Buffer, key: string) => string | null;
      isDotNetAssembly: (b: Buffer) => boolean;
    };
    const image = readFileSync(join(bin, 'psv-service.exe'));
    assert.equal(versionString(image, 'ProductName'), 'Windows Service Wrapper');
    assert.equal(versionString(image, 'FileVersion'), WINSW.winswVersion);
    assert.ok(isDotNetAssembly(image), 'WinSW 1.x is a .NET Framework program');
    // Built for CLR 2.0: the .config lets it run on .NET 4, all a current Windows Server has.
    assert.match(readFileSync(join(bin, 'psv-service.exe.config'), 'utf8'), /<supportedRuntime version="v4\.0"/);
  });

  it("carries the module's files of each culture: help and its own messages", () => {
    for (const culture of ['en-US', 'ja-JP']) {
      for (const file of ['Psv-help.xml', 'about_Psv.help.txt', 'Psv.strings.psd1']) {
        assert.ok(existsSync(join(top, 'powershell', 'Psv', culture, file)), `powershell/Psv/${culture}/${file}`);
      }
    }
  });

  it("the notices name WinSW's version, where it came from and its licence", () => {
    const notices = readFileSync(join(top, 'THIRD-PARTY-NOTICES.txt'), 'utf8');
    const part = notices.slice(notices.indexOf('WinSW (Windows Service Wrapper)'));
    assert.ok(part.startsWith(`WinSW (Windows Service Wrapper) ${WINSW.winswVersion}, as powershell\\Psv\\bin\\psv-service.exe`), part.slice(0, 200));
    assert.ok(part.includes(`npm package ${WINSW.package} ${WINSW.version}`));
    assert.match(part, /License: MIT\n/);
    assert.match(part, /Copyright \(c\) 2010 Kohsuke Kawaguchi, Sun Microsystems, Inc\., CloudBees, Inc\./);
    assert.match(part, /Permission is hereby granted, free of charge/);
  });

  it('psv.exe from the module folder runs in the fresh prefix', () => {
    const r = wine(join(bin, 'psv.exe'), ['version']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), `psv ${VERSION}`);
  });

  it('psv-service.exe version and status (WinSW needs its XML beside it)', (t) => {
    // WinSW 1.x reads NAME.xml before any command, version included.
    writeFile(
      join(bin, 'psv-service.xml'),
      '<?xml version="1.0" encoding="utf-8"?>\r\n<service>\r\n  <id>psv-archive-test</id>\r\n  <name>psv archive test</name>\r\n' +
        '  <description>psv</description>\r\n  <executable>%BASE%\\..\\psv.exe</executable>\r\n  <arguments>version</arguments>\r\n</service>\r\n',
    );
    // mscoree on (the default overrides turn it off): Wine's .NET loader, which says when it has no Mono.
    const dotnet = { WINEDEBUG: '-all,err+mscoree', WINEDLLOVERRIDES: 'mshtml=' };
    const version = wine(join(bin, 'psv-service.exe'), ['version'], undefined, dotnet);
    if (version.code !== 0 && /Wine Mono is not installed/.test(version.stderr)) {
      t.skip(`WinSW ${WINSW.winswVersion} is a .NET Framework program and this Wine has no Mono: psv-service.exe exits ${version.code} ("Wine Mono is not installed")`);
      return;
    }
    assert.equal(version.code, 0, version.stdout + version.stderr);
    assert.match(version.stdout, new RegExp(`WinSW ${WINSW.winswVersion.replaceAll('.', '\\.')}`));
    const status = wine(join(bin, 'psv-service.exe'), ['status'], undefined, dotnet);
    assert.equal(status.code, 0, status.stdout + status.stderr);
    assert.equal(status.stdout.trim(), 'NonExistent', 'the service is not installed in a fresh prefix');
  });
}
