#!/usr/bin/env node
// Builds the console's browser side (src/console/ui/) into dist/console/:
// index.html, app.js (one minified ES module: the page, CodeMirror, yaml) and
// app.css. Nothing is fetched at run time: the server serves these three files
// (from disk, or as SEA assets of the single executable).
// Type-checks the sources first (their own tsconfig: DOM, no Node).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const UI = join(ROOT, 'src', 'console', 'ui');
const OUT = join(ROOT, 'dist', 'console');

/**
 * Type-checks and bundles the console into dist/console/. Returns the three files
 * (name → path, the SEA asset names are console/NAME) and the bundle's inputs
 * (for the third-party notices of the executable).
 */
export async function buildConsole() {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const check = spawnSync(process.execPath, [tsc, '-p', join(UI, 'tsconfig.json')], { cwd: ROOT, stdio: 'inherit' });
  if (check.status !== 0) throw new Error('build-console: the console sources do not type-check (above)');

  mkdirSync(OUT, { recursive: true });
  const result = await build({
    entryPoints: [join(UI, 'main.ts')],
    outfile: join(OUT, 'app.js'),
    absWorkingDir: ROOT,
    bundle: true,
    minify: true,
    metafile: true,
    format: 'esm',
    target: ['chrome110', 'firefox115', 'safari16'],
    // Licence texts ship in THIRD-PARTY-NOTICES.txt (scripts/build-exe.mjs).
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [smallMarkdown],
  });
  copyFileSync(join(UI, 'index.html'), join(OUT, 'index.html'));
  copyFileSync(join(UI, 'app.css'), join(OUT, 'app.css'));
  const files = Object.fromEntries(CONSOLE_FILES.map((f) => [f, join(OUT, f)]));
  return { files, inputs: Object.keys(result.metafile.inputs) };
}

/** The files the server serves, as dist/console/NAME and as SEA asset console/NAME. */
export const CONSOLE_FILES = ['index.html', 'app.js', 'app.css'];

// codemirror-json-schema renders schema descriptions with markdown-it and shiki
// (~0.5 MB of grammars and themes); a few lines do for one-line texts.
const smallMarkdown = {
  name: 'small-markdown',
  setup(b) {
    b.onResolve({ filter: /\/utils\/markdown$/ }, (args) => (args.importer.includes('codemirror-json-schema') ? { path: join(UI, 'markdown.ts') } : undefined));
  },
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const { files } = await buildConsole();
    const kib = (f) => `${(statSync(files[f]).size / 1024).toFixed(0)} KiB`;
    console.log(`build-console: dist/console/app.js ${kib('app.js')}, app.css ${kib('app.css')}, index.html ${kib('index.html')}`);
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
