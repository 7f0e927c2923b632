// The usage errors commander raises for psv, shared by the English (cli.test.ts) and
// the Japanese (ja.test.ts) tests: each kind a user can hit through the CLI, and the
// kinds no verb raises yet, made by a small program on the same commander.
import assert from 'node:assert/strict';
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';

export interface UsageCase {
  kind: string;
  args: string[];
  /** commander's words, as psv prints them in English */
  en: string;
  /** psv's words in Japanese */
  ja: string;
  /** the option names, command names and values in the text (English by nature) */
  names?: string[];
  /** an error of psv itself (psv's one-line hint follows), not of a verb (the verb's help follows) */
  topLevel?: boolean;
}

/** Each kind of usage error commander raises that a psv user can hit. */
export const USAGE_ERRORS: UsageCase[] = [
  { kind: 'unknown option', args: ['check', '--bogus', '-c', 'psv.yaml'], en: "error: unknown option '--bogus'", ja: "エラー: オプション '--bogus' は不明です" },
  {
    kind: 'unknown option, with a suggestion',
    args: ['check', '--jsn', '-c', 'psv.yaml'],
    en: "error: unknown option '--jsn'\n(Did you mean --json?)",
    ja: "エラー: オプション '--jsn' は不明です\n(--json の誤りではありませんか?)",
    names: ['--json'],
  },
  { kind: 'unknown option of psv itself', args: ['--bogus'], en: "error: unknown option '--bogus'", ja: "エラー: オプション '--bogus' は不明です", topLevel: true },
  { kind: 'unknown option of incidents', args: ['incidents', '--bogus'], en: "error: unknown option '--bogus'", ja: "エラー: オプション '--bogus' は不明です" },
  { kind: 'missing argument', args: ['heartbeat'], en: "error: missing required argument 'names'", ja: "エラー: 必須の引数 'names' が指定されていません" },
  { kind: 'missing argument of incidents export', args: ['incidents', 'export'], en: "error: missing required argument 'id'", ja: "エラー: 必須の引数 'id' が指定されていません" },
  {
    kind: 'too many arguments',
    args: ['check', 'extra', '-c', 'psv.yaml'],
    en: "error: too many arguments for 'check'. Expected 0 arguments but got 1.",
    ja: "エラー: 'check' には引数を指定できませんが、1 個指定されました",
  },
  {
    kind: 'too many arguments of incidents export',
    args: ['incidents', 'export', 'a', 'b'],
    en: "error: too many arguments for 'export'. Expected 1 argument but got 2.",
    ja: "エラー: 'export' の引数が多すぎます。指定できるのは 1 個までですが、2 個指定されました",
  },
  {
    kind: 'unknown command, with a suggestion',
    args: ['stauts'],
    en: "error: unknown command 'stauts'\n(Did you mean status?)",
    ja: "エラー: コマンド 'stauts' は不明です\n(status の誤りではありませんか?)",
    names: ['status'],
    topLevel: true,
  },
  {
    kind: 'unknown command, with two suggestions',
    args: ['rset'],
    en: "error: unknown command 'rset'\n(Did you mean one of reset, set?)",
    ja: "エラー: コマンド 'rset' は不明です\n(reset、set のいずれかの誤りではありませんか?)",
    names: ['reset', 'set'],
    topLevel: true,
  },
  { kind: 'unknown command', args: ['frobnicate'], en: "error: unknown command 'frobnicate'", ja: "エラー: コマンド 'frobnicate' は不明です", topLevel: true },
  { kind: 'option without its value', args: ['check', '-c'], en: "error: option '-c, --config <file>' argument missing", ja: "エラー: オプション '-c, --config <file>' の値が指定されていません" },
  {
    kind: 'option of psv itself without its value',
    args: ['status', '--lang'],
    en: "error: option '--lang <language>' argument missing",
    ja: "エラー: オプション '--lang <language>' の値が指定されていません",
    topLevel: true,
  },
  {
    kind: 'a language psv does not speak',
    args: ['status', '--lang', 'xx'],
    en: "error: option '--lang <language>' argument 'xx' is invalid. Allowed choices are en, ja.",
    ja: "エラー: オプション '--lang <language>' の値 'xx' は無効です。使用できる値は en、ja です。",
    names: ['en、ja'],
    topLevel: true,
  },
  {
    kind: 'required option not given',
    args: ['check'],
    en: "error: required option '-c, --config <file>' not specified",
    ja: "エラー: 必須のオプション '-c, --config <file>' が指定されていません",
  },
];

/** The error psv printed: stderr without the help or the hint that follow it. */
export function usageError(stderr: string): string {
  return stderr
    .split('\n\n')[0]!
    .replace(/\n\((?:run psv --help for usage|使い方は psv --help で表示されます)\)\n$/, '')
    .trimEnd();
}

export interface InProcessCase {
  args: string[];
  env?: Record<string, string>;
  en: string;
  ja: string;
  names?: string[];
}

/** Usage errors of kinds psv's verbs do not raise (yet): choices, a parser that refuses, conflicting options. */
export const IN_PROCESS: InProcessCase[] = [
  {
    args: ['--lang', 'xx'],
    en: "error: option '--lang <lang>' argument 'xx' is invalid. Allowed choices are en, ja.",
    ja: "エラー: オプション '--lang <lang>' の値 'xx' は無効です。使用できる値は en、ja です。",
    names: ['en、ja'],
  },
  {
    args: ['verb', 'a'],
    env: { PSV_TEST_LANG: 'xx' },
    en: "error: option '--lang <lang>' value 'xx' from env 'PSV_TEST_LANG' is invalid. Allowed choices are en, ja.",
    ja: "エラー: 環境変数 'PSV_TEST_LANG' から得たオプション '--lang <lang>' の値 'xx' は無効です。使用できる値は en、ja です。",
    names: ['en、ja'],
  },
  {
    args: ['verb', 'c'],
    en: "error: command-argument value 'c' is invalid for argument 'mode'. Allowed choices are a, b.",
    ja: "エラー: 引数 'mode' の値 'c' は無効です。使用できる値は a、b です。",
  },
  // A parser's own reason is kept as it is (psv's would be in the output language already).
  { args: ['--count', 'x'], en: "error: option '--count <n>' argument 'x' is invalid. Not a number.", ja: "エラー: オプション '--count <n>' の値 'x' は無効です。Not a number.", names: ['Not a number.'] },
  { args: ['--fast', '--slow', 'verb', 'a'], en: "error: option '--fast' cannot be used with option '--slow'", ja: "エラー: オプション '--fast' とオプション '--slow' は同時に指定できません" },
  {
    args: ['--fast', 'verb', 'a'],
    env: { PSV_TEST_SLOW: '1' },
    en: "error: option '--fast' cannot be used with environment variable 'PSV_TEST_SLOW'",
    ja: "エラー: オプション '--fast' と環境変数 'PSV_TEST_SLOW' は同時に指定できません",
  },
  // A verb of the program words its errors too (commander makes it with the program's createCommand).
  { args: ['verb', 'a', '--bogus'], en: "error: unknown option '--bogus'", ja: "エラー: オプション '--bogus' は不明です" },
];

/** What `program`, given options and a verb here, writes to stderr for the args of `c`, which it must refuse. */
export function inProcessError(program: Command, c: InProcessCase): string {
  let text = '';
  program.exitOverride().configureOutput({ writeErr: (s) => (text += s), writeOut: () => {} });
  program
    .addOption(new Option('--lang <lang>').choices(['en', 'ja']).env('PSV_TEST_LANG'))
    .option('--count <n>', 'a number', (v: string) => {
      if (!/^\d+$/.test(v)) throw new InvalidArgumentError('Not a number.');
      return Number(v);
    })
    .addOption(new Option('--fast').conflicts('slow'))
    .addOption(new Option('--slow').env('PSV_TEST_SLOW'));
  program
    .command('verb')
    .addArgument(new Argument('<mode>').choices(['a', 'b']))
    .action(() => {});
  const saved = Object.fromEntries(Object.keys(c.env ?? {}).map((k) => [k, process.env[k]]));
  Object.assign(process.env, c.env);
  try {
    program.parse(c.args, { from: 'user' });
  } catch (err) {
    assert.ok(err instanceof CommanderError, String(err));
    return text.trimEnd();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  return assert.fail(`${c.args.join(' ')} was accepted`);
}
