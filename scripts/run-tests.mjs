#!/usr/bin/env node
// Runs every test suite and closes with one summary line: the Node suites
// (node:test, compiled to dist/test) and then the Pester suite on pwsh.
//   --node-only   skip Pester
//   PSV_REQUIRE_PESTER=1   fail when pwsh/Pester are missing instead of skipping
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const root = process.cwd();
const nodeOnly = process.argv.includes('--node-only');
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));

function run(cmd, args, parse) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    // Only the summary lines matter for the counts: keep those, whatever the length of the output.
    let partial = '';
    let summary = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      const lines = (partial + d.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (/^(?:#|ℹ) \w+ \d+|^Pester: /.test(line)) summary += line + '\n';
    });
    child.on('exit', (code) => resolve({ code, counts: parse(summary + partial) }));
    child.on('error', (err) => resolve({ code: 1, counts: { passed: 0, failed: 1, skipped: 0 }, error: err }));
  });
}

function parseNode(text) {
  const count = (word) => {
    const m = [...text.matchAll(new RegExp(`^(?:#|ℹ) ${word} (\\d+)`, 'gm'))].at(-1);
    return m ? Number(m[1]) : 0;
  };
  return { passed: count('pass'), failed: count('fail') + count('cancelled'), skipped: count('skipped') + count('todo') };
}

function parsePester(text) {
  const m = text.match(/Pester: (\d+) passed, (\d+) failed(?:, (\d+) skipped)?/);
  return m ? { passed: Number(m[1]), failed: Number(m[2]), skipped: Number(m[3] ?? 0) } : { passed: 0, failed: 1, skipped: 0 };
}

const testDir = join(root, 'dist', 'test');
const files = readdirSync(testDir)
  .filter((f) => f.endsWith('.test.js'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .map((f) => join(testDir, f));

const total = { passed: 0, failed: 0, skipped: 0 };
const add = (c) => {
  total.passed += c.passed;
  total.failed += c.failed;
  total.skipped += c.skipped;
};

const node = await run(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=2', '--test-timeout=300000', ...files], parseNode);
add(node.counts);
if (node.code !== 0 && node.counts.failed === 0) total.failed += 1;

if (!nodeOnly && filters.length === 0) {
  const pwsh = process.env.PSV_PWSH ?? join(homedir(), '.dotnet', 'tools', 'pwsh');
  const pester = join(root, '.tools', 'Modules', 'Pester');
  if (existsSync(pwsh) && existsSync(pester)) {
    const r = await run(pwsh, ['-NoProfile', '-NonInteractive', '-File', join(root, 'scripts', 'run-pester.ps1')], parsePester);
    add(r.counts);
    if (r.code !== 0 && r.counts.failed === 0) total.failed += 1;
  } else if (process.env.PSV_REQUIRE_PESTER === '1') {
    console.error('pwsh or Pester is missing: run bash scripts/setup-pwsh.sh');
    total.failed += 1;
  } else {
    console.log('Pester suite skipped: pwsh or Pester not installed (bash scripts/setup-pwsh.sh installs them)');
  }
}

console.log(`\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(total.failed > 0 ? 1 : 0);
