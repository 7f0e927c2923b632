// Japanese everywhere: with a Japanese locale, what an operator reads from
// `psv check`, `psv status`, `psv events`, `psv stop` and the monitor's console
// during a crash and restart is Japanese, apart from names, paths, numbers and
// config keys; and every catalog message and phrase exists in both languages.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { translate } from '../src/events/phrases.js';
import { PHRASES } from '../src/events/catalog.generated.js';
import { PsvCommand, usageMessage } from '../src/cli/usage-errors.js';
import { setOutputLanguage } from '../src/i18n/say.js';
import { cleanup, MonitorProcess, monitorSection, psv, psvAsync, ROOT, tempDir, writeConfig, writeFile } from './helpers.js';
import { IN_PROCESS, inProcessError, USAGE_ERRORS, usageError } from './usage-cases.js';

const JA = { LANG: 'ja_JP.UTF-8', LC_ALL: '', LC_MESSAGES: '', PSV_LANG: '', PSV_CONFIG: '' };

/** Words allowed in Japanese text: product and protocol names, units, and what a config file spells. */
const ALLOWED = new Set(['psv', 'pid', 'PID', 'ms', 'OK', 'ISO', 'JSON', 'UTC', 'MiB', 'KiB', 'MB', 'uid', 'gid', 'D', 'Z', 'WATCHDOG', 'trigger', 'NOTIFY', 'SOCKET', 'Prometheus', 'Web', 'URL', 'HTTP', 'cli', 'root']);

/**
 * The English words left in `text` once names, paths, numbers, times, config keys
 * (a.b.c, key=value, KEY:) and quoted values are taken out.
 */
function englishWords(text: string, names: string[], configKeys: Set<string>): string[] {
  let t = text;
  for (const n of names) t = t.split(n).join(' ');
  t = t.replace(/[A-Za-z][\w-]*/g, (w) => (configKeys.has(w) ? ' ' : w)); // enum values such as kill-newest
  t = t
    .replace(/(?:file:\/\/)?(?:\/[\w.@+-]+)+\/?/g, ' ') // paths
    .replace(/'[^']*'/g, ' ') // quoted values: names, as written in the file
    .replace(/\b\d{4}-\d\d-\d\d[ T][\d:.]+(?:Z| [+-]\d\d:\d\d)?/g, ' ') // times
    .replace(/\bSIG[A-Z]+\b/g, ' ') // signal names
    .replace(/\b\d+(?:\.\d+)?(?:ms|s|m|h|d|MiB|KiB)?\b/g, ' ') // numbers and durations
    .replace(/\b[\w$]+(?:\[\d+\])?(?:\.[\w$]+(?:\[\d+\])?)+/g, ' ') // dotted config paths
    .replace(/\b\w+=\S*/g, ' '); // key=value
  return (t.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !ALLOWED.has(w) && !configKeys.has(w));
}

/** Every key and enum value the config schema names: they are what the operator writes, in any language. */
function schemaWords(): Set<string> {
  const words = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (k === 'properties') Object.keys(v as object).forEach((p) => words.add(p));
      if (k === 'enum' && Array.isArray(v)) v.forEach((e) => typeof e === 'string' && words.add(e));
      walk(v);
    }
  };
  walk(JSON.parse(readFileSync(join(ROOT, 'manifest', 'config.schema.json'), 'utf8')));
  // The kinds of target and the verbs, as the CLI spells them.
  for (const w of ['command', 'match', 'pidfile', 'service', 'check', 'start', 'stop', 'status', 'events', 'restart', 'reset', 'pause', 'resume', 'health', 'run', 'set']) words.add(w);
  return words;
}

const KEYS = schemaWords();

function assertJapanese(what: string, text: string, names: string[] = []): void {
  assert.match(text, /[\u3040-\u30ff\u4e00-\u9fff]/, `${what} has Japanese text:\n${text}`);
  for (const line of text.split('\n').filter((l) => l.trim())) {
    const left = englishWords(line, names, KEYS);
    assert.deepEqual(left, [], `${what}: English words ${JSON.stringify(left)} in: ${line}`);
  }
}

describe('the catalogs in both languages', () => {
  const manifest = parse(readFileSync(join(ROOT, 'manifest', 'events.yaml'), 'utf8')) as {
    events: Array<{ name: string; en: string; ja: string; fields?: Record<string, string> }>;
    phrases: Array<{ name: string; en: string; ja: string }>;
  };

  it('every event message and every phrase has English and Japanese, with the same placeholders', () => {
    const holes = (s: string): string => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
    for (const e of [...manifest.events, ...manifest.phrases]) {
      assert.ok(e.en?.trim() && e.ja?.trim(), `${e.name} has both languages`);
      assert.equal(holes(e.ja), holes(e.en), `${e.name}: the same placeholders in en and ja`);
    }
    assert.ok(manifest.phrases.length >= 30, `${manifest.phrases.length} phrases`);
  });

  it('no Japanese message or phrase keeps an English word (beyond keys and names)', () => {
    for (const e of [...manifest.events, ...manifest.phrases]) {
      const left = englishWords(e.ja.replace(/\{\w+\}/g, ' '), [], KEYS);
      assert.deepEqual(left, [], `${e.name}: ${e.ja}`);
    }
  });

  it('reads every phrase back from its English, nested phrases included', () => {
    for (const [name, p] of Object.entries(PHRASES)) {
      const en = p.en.replace(/\{(\w+)\}/g, '7');
      assert.equal(translate(en, 'ja'), p.ja.replace(/\{(\w+)\}/g, '7'), name);
    }
    assert.equal(translate('monitor stop requested by uid 0', 'ja'), 'モニタの停止: uid 0 による停止要求');
    assert.equal(translate('stalled: no heartbeat for 5s (stall.heartbeat 3s)', 'ja'), 'ストール: ハートビートが 5s ありません (stall.heartbeat 3s)');
    assert.equal(translate('ECONNREFUSED 127.0.0.1:9', 'ja'), 'ECONNREFUSED 127.0.0.1:9', 'text of the OS passes as it is');
    assert.equal(translate('exit code 3', 'en'), 'exit code 3');
  });
});

describe('LANG=ja_JP.UTF-8: what the operator reads is Japanese', () => {
  const dir = tempDir('psv-ja-');
  after(() => cleanup(dir));

  it('psv check on a broken file', () => {
    const file = writeFile(
      join(dir, 'broken.yaml'),
      'monitor: { interval: 5x }\ntargets:\n  - name: web\n    comand: [sleep, 100]\n    restart: { retries: x, window: -1 }\n  - name: web\n    command: [sleep, 1]\n    env: []\n',
    );
    const r = psv(['check', '-c', file], { env: JA });
    assert.equal(r.code, 2, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.ok(lines.length >= 5, r.stderr);
    for (const l of lines.slice(0, -1)) assert.match(l, /^\/.+:\d+:\d+: /, 'FILE:LINE:COL: kept');
    assertJapanese('psv check', r.stderr, [file, 'web']);
    // The same file in English when asked, by flag or by PSV_LANG.
    assert.match(psv(['check', '-c', file, '--lang', 'en'], { env: JA }).stderr, /unknown key 'comand'/);
    assert.match(psv(['check', '-c', file], { env: { ...JA, PSV_LANG: 'en' } }).stderr, /unknown key 'comand'/);
  });

  it('psv --help: examples and exit codes, in Japanese', () => {
    const r = psv(['--help'], { env: JA });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /終了コード:\n\s+0 /);
    assert.match(r.stdout, /例:\n\s+psv check -c psv\.yaml/);
    assert.match(psv(['--help', '--lang', 'en'], { env: JA }).stdout, /Exit codes:[\s\S]*\n\s+3 +no monitor is running/);
  });

  it('psv incidents on an empty folder, its --help and commander\'s own headings', () => {
    const empty = join(dir, 'no-incidents');
    mkdirSync(empty);
    const none = psv(['incidents', '--dir', empty], { env: JA });
    assert.equal(none.code, 0, none.stderr);
    assert.equal(none.stdout, `${empty} に障害情報はありません\n`);
    const unknown = psv(['incidents', 'nope', '--dir', empty], { env: JA });
    assert.equal(unknown.code, 2);
    assertJapanese('psv incidents nope', unknown.stderr, [empty, 'psv incidents']);
    const nowhere = psv(['incidents'], { env: JA });
    assert.equal(nowhere.code, 2);
    assertJapanese('psv incidents without -c', nowhere.stderr, ['-c FILE', 'PSV_CONFIG', '--dir FOLDER']);

    const help = psv(['incidents', '--help'], { env: JA });
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^使い方: psv incidents /);
    assert.match(help.stdout, /\nオプション:\n/);
    assert.match(help.stdout, /\nコマンド:\n\s+export \[options\] <id>\s+障害情報を 1 件 zip ファイルに書き出します/);
    assert.match(help.stdout, /\n一覧と表示:\n/);
    assert.match(help.stdout, /--dir <folder>\s+障害情報のフォルダそのもの/);
    const exportHelp = psv(['incidents', 'export', '--help'], { env: JA }).stdout;
    assert.match(exportHelp, /-o, --output <file>\s+書き出す zip ファイル/);
    // English stays as it was.
    const en = psv(['incidents', '--help', '--lang', 'en'], { env: JA }).stdout;
    assert.match(en, /^Usage: psv incidents [\s\S]*\nOptions:\n[\s\S]*\nListing and showing:\n/);
    assert.match(psv(['incidents', '--dir', empty, '--lang', 'en'], { env: JA }).stdout, /^no incidents in /);

    // Commander's notes after a description, too.
    const start = psv(['start', '--help'], { env: JA }).stdout;
    assert.match(start, /\(既定: "30s"\)/);
    assert.match(start, /\(環境変数: PSV_CONFIG\)/);
    assert.match(psv(['start', '--help', '--lang', 'en'], { env: JA }).stdout, /\(default:\s+"30s"\)/);

    for (const verb of ['health', 'console']) {
      const h = psv([verb, '--help'], { env: JA });
      assert.equal(h.code, 0, h.stderr);
      assert.match(h.stdout, /^使い方: psv /, verb);
      assert.match(h.stdout.split('\n\n')[1]!, /[\u3040-\u30ff\u4e00-\u9fff]/, `${verb}: the description is Japanese`);
    }
  });

  it('a crash and restart, psv status, psv events and psv stop', async () => {
    const marker = join(dir, 'crashed-once');
    const script = writeFile(join(dir, 'crash-once.sh'), `#!/bin/sh\nif [ ! -f ${marker} ]; then : > ${marker}; exit 3; fi\nexec sleep 1000\n`, true);
    const { config, events } = writeConfig(
      dir,
      `${monitorSection(dir, '    sinks: [file, console]\n')}targets:\n  - name: web\n    command: [${script}]\n    restart: { retries: 3, delay: 100ms }\n`,
    );
    const monitor = new MonitorProcess(config, events, JA);
    try {
      await monitor.waitEvents('a second start', (e) => e.event === 'TargetStarted', 2);
      await monitor.waitEvents('TargetUp after the restart', (e) => e.event === 'TargetUp', 1);
      await monitor.waitEvents('IncidentRecorded', (e) => e.event === 'IncidentRecorded');
      const down = monitor.events().find((e) => e.event === 'TargetDown')!;
      assert.equal(down.how, 'exit code 3', 'the JSON field keeps the English value');
      assert.match(String(down.message), /終了コード 3/);

      const status = await psvAsync(['status', '-c', config], { env: JA });
      assert.equal(status.code, 0, status.stderr);
      assert.match(status.stdout, /名前\s+種類\s+状態/);
      assert.match(status.stdout, /web\s+command\s+実行中/);
      assertJapanese('psv status', status.stdout, ['web', 'command']);

      const shown = await psvAsync(['events', '-c', config], { env: JA });
      assert.equal(shown.code, 0, shown.stderr);
      assert.match(shown.stdout, /[+-]\d\d:\d\d (?:情報|警告|エラー)/, 'local time with its offset');
      assertJapanese('psv events', shown.stdout, ['web', script, userInfo().username]);
      const utc = await psvAsync(['events', '-c', config, '--utc'], { env: JA });
      assert.match(utc.stdout, /^\d{4}-\d\d-\d\dT[\d:.]+Z /m, '--utc');

      // psv incidents: the incident of the crash, listed and shown in Japanese.
      const id = readdirSync(join(dir, 'state', 'incidents'))[0]!;
      const listed = await psvAsync(['incidents', '-c', config], { env: JA });
      assert.equal(listed.code, 0, listed.stderr);
      assert.match(listed.stdout, /^ID\s+時刻\s+監視対象\s+種類\s+採取\s+サイズ\s+ダンプ\s+理由/);
      assert.match(listed.stdout, /\s+なし\s+終了コード 3\n/);
      const one = await psvAsync(['incidents', id, '-c', config], { env: JA });
      assert.equal(one.code, 0, one.stderr);
      assert.match(one.stdout, /監視対象\s+web\n/);
      assert.match(one.stdout, /理由\s+終了コード 3\n/);
      assert.match(one.stdout, /^ファイル\s+サイズ\s+内容$/m);
      assert.match(one.stdout, /^合計 [\d.]+ \S+$/m);
      const zip = join(dir, 'incident.zip');
      const exported = await psvAsync(['incidents', 'export', id, '-c', config, '-o', zip], { env: JA });
      assert.equal(exported.code, 0, exported.stderr);
      assertJapanese('psv incidents export', exported.stdout, [zip]);

      // psv set: a refused key and a refused value are said in Japanese, as is the result.
      const unknownKey = await psvAsync(['set', 'web', 'bogus=1', '-c', config], { env: JA });
      assert.equal(unknownKey.code, 2, unknownKey.stderr);
      assertJapanese('psv set bogus=1', unknownKey.stderr, ['web']);
      const badValue = await psvAsync(['set', 'web', 'restart.retries=x', '-c', config], { env: JA });
      assert.equal(badValue.code, 2, badValue.stderr);
      assertJapanese('psv set restart.retries=x', badValue.stderr, ['web']);
      const set = await psvAsync(['set', 'web', 'restart.retries=5', '-c', config], { env: JA });
      assert.equal(set.code, 0, set.stderr);
      assertJapanese('psv set', set.stdout, ['web', 'command']);

      const stopped = await psvAsync(['stop', '-c', config], { env: JA });
      assert.equal(stopped.code, 0, stopped.stderr);
      assertJapanese('psv stop', stopped.stdout);
      assert.equal(await monitor.exited, 0);
      assert.match(monitor.stdout, /モニタを停止しました \(.*による停止要求\)/);
      assertJapanese('the console', monitor.stdout, ['web', script, userInfo().username]);
    } finally {
      await monitor.stop();
    }
  });
});

describe("commander's usage errors in Japanese: worded by psv, exit 2", () => {
  // No PSV_CONFIG: -c is then missing unless given.
  const JA_NO_CONFIG = { ...JA, PSV_CONFIG: undefined };
  const EN = { LANG: 'C', LC_ALL: '', LC_MESSAGES: '', PSV_LANG: '', PSV_CONFIG: undefined };
  for (const c of USAGE_ERRORS) {
    it(`${c.kind}: psv ${c.args.join(' ')}`, () => {
      const r = psv(c.args, { env: JA_NO_CONFIG });
      assert.equal(r.code, 2, r.stderr);
      const error = usageError(r.stderr);
      assert.equal(error, c.ja);
      assertJapanese(`psv ${c.args.join(' ')}`, error, c.names);
      // Then the verb's help, or psv's hint after an error of psv itself: Japanese too.
      if (c.topLevel) assert.match(r.stderr, /\n\(使い方は psv --help で表示されます\)\n$/);
      else assert.match(r.stderr, /\n\n使い方: psv /);
      // --lang ja on an English machine says the same.
      const asked = psv(['--lang', 'ja', ...c.args], { env: EN });
      assert.equal(asked.code, 2, asked.stderr);
      assert.equal(usageError(asked.stderr), c.ja);
    });
  }

  it('the kinds no verb raises yet (choices, a parser, conflicts), and a verb\'s', () => {
    setOutputLanguage('ja');
    try {
      for (const c of IN_PROCESS) {
        const error = inProcessError(new PsvCommand('demo'), c);
        assert.equal(error, c.ja);
        assertJapanese(c.args.join(' '), error, c.names);
      }
      // Commander worded a known kind in a way psv does not know: a Japanese lead, and its words.
      assert.equal(usageMessage("error: unknown flag '--x'", 'commander.unknownOption'), "エラー: コマンドラインに誤りがあります: unknown flag '--x'");
      // A message that is not one of commander's usage errors stays as it is.
      assert.equal(usageMessage('psv: 設定ファイルがありません', 'commander.error'), 'psv: 設定ファイルがありません');
      setOutputLanguage('en');
      assert.equal(usageMessage("error: unknown flag '--x'", 'commander.unknownOption'), "error: unknown flag '--x'");
    } finally {
      setOutputLanguage(undefined);
    }
  });
});
