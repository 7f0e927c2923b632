// What the top-level command says about itself: the output language it picks
// before anything is printed, the examples and exit codes under --help, and
// `psv schema`, which gives editors the config schema.
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Help, type Argument, type Command, type Option } from 'commander';
import schemaJson from '../../manifest/config.schema.json' with { type: 'json' };
import { EXIT, PsvError } from '../errors.js';
import { setOutputLanguage, say } from '../i18n/say.js';
import { localeLanguage, type Language } from '../events/language.js';
import { isSingleExecutable } from '../platform/assets.js';
import { readMonitorSection } from './remote.js';

function asLanguage(v: unknown): Language | null {
  const s = typeof v === 'string' ? v.toLowerCase() : '';
  return s === 'en' || s === 'ja' ? s : null;
}

/** The value of `--name VALUE` or `--name=VALUE` in argv, if given. */
function argValue(argv: string[], ...names: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    for (const n of names) {
      if (argv[i] === n) return argv[i + 1];
      if (argv[i]!.startsWith(`${n}=`)) return argv[i]!.slice(n.length + 1);
    }
  }
  return undefined;
}

/**
 * Fixes the output language before the program (and its help) is built:
 * --lang, else PSV_LANG, else the config's monitor.events.language when it
 * names one (read leniently: a broken file still has a language), else the locale.
 */
let explicit: Language | null = null;

/** The language --lang or PSV_LANG named, if either did: it wins over a config's language. */
export function explicitLanguage(): Language | null {
  return explicit;
}

export function chooseLanguage(argv: string[], env: NodeJS.ProcessEnv = process.env): Language {
  const config = argValue(argv, '-c', '--config') ?? env.PSV_CONFIG;
  let fromConfig: Language | null = null;
  if (config && existsSync(config)) {
    try {
      fromConfig = asLanguage((readMonitorSection(config).monitor.events as { language?: unknown } | undefined)?.language);
    } catch {
      // An unreadable file is the verb's to report; the language falls back.
    }
  }
  explicit = asLanguage(argValue(argv, '--lang')) ?? asLanguage(env.PSV_LANG);
  const language = explicit ?? fromConfig ?? localeLanguage(env);
  setOutputLanguage(language);
  return language;
}

const TITLES: Record<string, { en: string; ja: string }> = {
  'Usage:': { en: 'Usage:', ja: '使い方:' },
  'Arguments:': { en: 'Arguments:', ja: '引数:' },
  'Options:': { en: 'Options:', ja: 'オプション:' },
  'Global Options:': { en: 'Global Options:', ja: '共通オプション:' },
  'Commands:': { en: 'Commands:', ja: 'コマンド:' },
};

/** Commander's own headings in --help ('Usage:', 'Options:', ...), in the output language. */
export function helpTitle(title: string): string {
  const known = TITLES[title];
  return known ? say(known) : title;
}

const EXTRA: Record<string, { en: string; ja: string }> = {
  default: { en: 'default', ja: '既定' },
  env: { en: 'env', ja: '環境変数' },
  choices: { en: 'choices', ja: '選択肢' },
  preset: { en: 'preset', ja: '値を省略したとき' },
};

/** The "(default: 30s, env: PSV_CONFIG)" commander adds after a description, with its words in the output language. */
function localExtra(described: string, description: string): string {
  const extra = described.slice(description.length);
  return description + extra.replace(/(\(|, )(default|env|choices|preset): /g, (_all, before: string, word: string) => `${before}${say(EXTRA[word]!)}: `);
}

/** The parts of commander's help that psv words itself: the headings and the notes after a description. */
export const HELP_WORDS = {
  styleTitle: helpTitle,
  optionDescription(this: Help, option: Option): string {
    return localExtra(Help.prototype.optionDescription.call(this, option), option.description);
  },
  argumentDescription(this: Help, argument: Argument): string {
    return localExtra(Help.prototype.argumentDescription.call(this, argument), argument.description);
  },
};

/** Examples and the exit codes, under `psv --help`. */
export function helpFooter(): string {
  const codes: Array<[number, string]> = [
    [EXIT.ok, say({ en: 'success (psv health: healthy)', ja: '成功 (psv health: 正常)' })],
    [EXIT.runtime, say({ en: 'runtime error', ja: '実行時エラー' })],
    [EXIT.usage, say({ en: 'usage or configuration error (psv check: the file is not valid)', ja: '使い方または設定の誤り (psv check: ファイルが無効)' })],
    [EXIT.noMonitor, say({ en: 'no monitor is running for this config', ja: 'この設定のモニタが動作していません' })],
    [EXIT.failover, say({ en: 'failover: a target or group is over its retries (psv health: failed)', ja: 'フェイルオーバー: 監視対象またはグループが再試行回数を超えました (psv health: 異常)' })],
    [EXIT.accessDenied, say({ en: 'access denied to the monitor', ja: 'モニタへのアクセスが拒否されました' })],
    [EXIT.degraded, say({ en: 'psv health: degraded (restarting within its retries)', ja: 'psv health: 縮退 (再試行回数内で再起動中)' })],
  ];
  const examples: Array<[string, string]> = [
    ['psv check -c psv.yaml', say({ en: 'validate a config file', ja: '設定ファイルを検証します' })],
    ['psv start -c psv.yaml', say({ en: 'start the monitor in the background', ja: 'モニタをバックグラウンドで起動します' })],
    ['psv status -c psv.yaml', say({ en: 'show every target', ja: 'すべての監視対象を表示します' })],
    ['psv events -c psv.yaml --since 1h', say({ en: "the last hour's events, in local time", ja: '直近 1 時間のイベントをローカル時刻で表示します' })],
    ['psv restart web -c psv.yaml', say({ en: 'restart one target now', ja: '監視対象を 1 つ今すぐ再起動します' })],
    ['psv set web restart.retries=5 -c psv.yaml', say({ en: 'change a running target', ja: '動作中の監視対象の設定を変更します' })],
    ['psv stop -c psv.yaml', say({ en: 'stop the monitor and its targets', ja: 'モニタと監視対象を停止します' })],
    ['psv schema -o psv.schema.json', say({ en: 'write the config schema for an editor', ja: 'エディタ用に設定スキーマを書き出します' })],
  ];
  const width = Math.max(...examples.map(([c]) => c.length));
  return [
    '',
    say({ en: 'Examples:', ja: '例:' }),
    ...examples.map(([c, what]) => `  ${c.padEnd(width)}  ${what}`),
    '',
    say({ en: 'Exit codes:', ja: '終了コード:' }),
    ...codes.map(([n, what]) => `  ${n}  ${what}`),
    '',
    say({ en: 'Every verb takes -c FILE (or PSV_CONFIG); psv VERB --help shows its options.', ja: 'どの動詞も -c FILE (または PSV_CONFIG) を受け付けます。各動詞のオプションは psv VERB --help で表示されます。' }),
  ].join('\n');
}

/**
 * The schema file that ships with this psv: manifest/ beside the executable
 * (the release archive) or in the package (npm link, a source checkout).
 */
export function installedSchema(): string | null {
  const here = isSingleExecutable() ? dirname(process.execPath) : dirname(fileURLToPath(import.meta.url));
  // The executable at the archive's top, or its copy in powershell/Psv/bin/; the compiled sources in dist/src/cli/.
  const candidates = isSingleExecutable() ? [join(here, 'manifest', 'config.schema.json'), resolve(here, '..', '..', '..', 'manifest', 'config.schema.json')] : [resolve(here, '..', '..', '..', 'manifest', 'config.schema.json')];
  return candidates.find((p) => existsSync(p)) ?? null;
}

/** The schema with its $id at `location`, so that an editor resolves the id to the file. */
function schemaAt(location: string | null): string {
  const id = location === null ? schemaJson.$id : pathToFileURL(location).href;
  return JSON.stringify({ ...schemaJson, $id: id }, null, 2) + '\n';
}

export function registerSchema(program: Command, out: (text: string) => void): void {
  program
    .command('schema')
    .description(
      say({
        en: "print the config file's JSON schema (for editors: its $id is the installed copy), or write it with -o",
        ja: '設定ファイルの JSON スキーマを出力します (エディタ用: $id はインストールされたコピーを指します)。-o でファイルに書き出します',
      }),
    )
    .option('-o, --output <file>', say({ en: 'write the schema to this file (its $id then names that file)', ja: 'スキーマをこのファイルに書き出します ($id はそのファイルを指します)' }))
    .option('--modeline', say({ en: 'print only the line to put at the top of a config file', ja: '設定ファイルの先頭に置く行だけを出力します' }))
    .action((opts: { output?: string; modeline?: boolean }) => {
      const location = opts.output ? resolve(opts.output) : installedSchema();
      const line = location ? `# yaml-language-server: $schema=${pathToFileURL(location).href}` : null;
      if (opts.output) {
        try {
          writeFileSync(location!, schemaAt(location));
        } catch (err) {
          throw new PsvError('RUNTIME', say({ en: 'cannot write {file}: {error}', ja: '{file} に書き込めません: {error}' }, { file: location!, error: (err as Error).message }));
        }
      }
      if (opts.modeline || opts.output) {
        if (line === null) throw new PsvError('RUNTIME', say({ en: 'this psv has no installed schema file: write one with psv schema -o FILE', ja: 'この psv にはインストールされたスキーマファイルがありません: psv schema -o FILE で書き出してください' }));
        out(line + '\n');
        return;
      }
      out(schemaAt(location));
    });
}
