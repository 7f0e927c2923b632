// Every English operator document has a Japanese counterpart in docs/ja/ that
// links back to it and is written in Japanese; the generated ones are current.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from './helpers.js';

/** The documents an operator reads (design and development notes are English only). */
const OPERATOR_DOCS = [
  'README.md',
  'docs/config.md',
  'docs/events.md',
  'docs/alerting.md',
  'docs/clusters.md',
  'docs/migrating-from-processsaver.md',
  'docs/disk.md',
  'docs/running-services.md',
  'docs/console.md',
  'docs/plugins.md',
  'docs/security.md',
  'docs/reliability.md',
];

describe('docs/ja', () => {
  for (const doc of OPERATOR_DOCS) {
    it(`${doc} has its Japanese counterpart`, () => {
      const ja = join(ROOT, 'docs', 'ja', basename(doc));
      assert.ok(existsSync(ja), `docs/ja/${basename(doc)} exists`);
      const text = readFileSync(ja, 'utf8');
      const japanese = (text.match(/[\u3040-\u30ff\u4e00-\u9fff]/g) ?? []).length;
      assert.ok(japanese > 200, `docs/ja/${basename(doc)} is written in Japanese (${japanese} Japanese characters)`);
      assert.ok(text.includes(`(../${doc === 'README.md' ? '../README.md' : basename(doc)})`), `docs/ja/${basename(doc)} links to the English ${doc}`);
    });
  }

  it('the generated Japanese references are current (config, events, alerting)', () => {
    for (const script of ['gen-config-doc.mjs', 'gen-events-doc.mjs']) {
      const r = spawnSync(process.execPath, [join(ROOT, 'scripts', script), '--check'], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    }
  });
});
