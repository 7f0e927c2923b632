// Smaller CLI promises: `psv schema` gives editors a schema whose $id is a file
// that exists; an event sink that cannot be opened is reported once, not twice;
// console times are local with their offset unless --utc.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { cleanup, MonitorProcess, monitorSection, psv, ROOT, tempDir, waitFor, writeConfig } from './helpers.js';

const EN = { PSV_LANG: 'en', PSV_CONFIG: '' };

describe('psv schema', () => {
  const dir = tempDir('psv-schema-');
  after(() => cleanup(dir));

  it('prints the schema with its $id at the installed copy, and the modeline for it', () => {
    const r = psv(['schema'], { env: EN });
    assert.equal(r.code, 0, r.stderr);
    const schema = JSON.parse(r.stdout) as { $id: string; properties: Record<string, unknown> };
    assert.ok(schema.properties.targets, 'the config schema');
    // The executable alone (out/psv) has no installed copy beside it: the $id then names the project's.
    if (!process.env.PSV_EXE) {
      assert.match(schema.$id, /^file:\/\//);
      const installed = fileURLToPath(schema.$id);
      assert.equal(installed, join(ROOT, 'manifest', 'config.schema.json'));
      assert.deepEqual(JSON.parse(readFileSync(installed, 'utf8')).properties, schema.properties, 'the $id resolves to the same schema');
      const line = psv(['schema', '--modeline'], { env: EN });
      assert.equal(line.stdout, `# yaml-language-server: $schema=${schema.$id}\n`);
    }
  });

  it('-o writes a copy whose $id is that file', () => {
    const file = join(dir, 'psv.schema.json');
    const r = psv(['schema', '-o', file], { env: EN });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(file));
    const schema = JSON.parse(readFileSync(file, 'utf8')) as { $id: string };
    assert.equal(fileURLToPath(schema.$id), file);
    assert.match(r.stdout, /^# yaml-language-server: \$schema=file:\/\/.*psv\.schema\.json\n$/);
  });
});

describe('the console of psv run', () => {
  const dir = tempDir('psv-console-');
  after(() => cleanup(dir));

  it('says once that the syslog sink is not available, with local times and their offset', async () => {
    const { config, events } = writeConfig(
      dir,
      `${monitorSection(dir, `    sinks: [syslog, console, file]\n    syslog: { address: "unix://${join(dir, 'no-such.sock')}" }\n`)}targets:\n  - name: a\n    command: [sleep, "1000"]\n`,
    );
    const m = new MonitorProcess(config, events, EN);
    try {
      await m.waitEvents('EventSinkUnavailable', (e) => e.event === 'EventSinkUnavailable');
      await waitFor('the console line', () => /not available/.test(m.stdout + m.stderr));
      await m.waitEvents('TargetUp', (e) => e.event === 'TargetUp');
      await waitFor('TargetUp on the console', () => /\[111\]/.test(m.stdout));
      const said = (m.stdout + m.stderr).split('\n').filter((l) => /syslog is not available/.test(l));
      assert.equal(said.length, 1, `once:\n${m.stdout}\n${m.stderr}`);
      assert.match(m.stdout, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [+-]\d\d:\d\d INFO {2}\[100\]/m, 'local time with its offset');
    } finally {
      await m.stop();
    }
  });
});
