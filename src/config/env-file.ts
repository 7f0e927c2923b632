// Environment files (a target's `envFile`): KEY=value lines in the format
// systemd's EnvironmentFile= and dotenv share. Blank lines and lines starting
// with # or ; are skipped; `export ` may stand before a key; a value is
// unquoted (to the end of the line, trimmed), in single quotes (as written) or
// in double quotes (\n, \t, \", \\ and \$ understood). What the two formats do
// differently (line continuations, values over several lines, inline comments
// after an unquoted value) is left out, so a file means the same to both; a
// line outside the shared part is an error at its line and column.
import { say } from '../i18n/say.js';

export interface EnvFileProblem {
  line: number;
  col: number;
  message: string;
}

export type EnvFileResult = { ok: true; vars: Record<string, string> } | { ok: false; problem: EnvFileProblem };

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*/;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', $: '$' };

export function parseEnvFile(text: string): EnvFileResult {
  const vars: Record<string, string> = {};
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const parsed = parseLine(lines[i]!.replace(/\r$/, ''));
    if (parsed === null) continue;
    if ('message' in parsed) return { ok: false, problem: { line: i + 1, col: parsed.col, message: parsed.message } };
    vars[parsed.key] = parsed.value;
  }
  return { ok: true, vars };
}

type LineResult = { key: string; value: string } | { col: number; message: string } | null;

function parseLine(line: string): LineResult {
  let at = line.length - line.trimStart().length;
  if (at === line.length || line[at] === '#' || line[at] === ';') return null;
  const exported = /^export\s+/.exec(line.slice(at));
  if (exported) at += exported[0].length;
  const key = KEY.exec(line.slice(at))?.[0];
  if (!key) {
    return {
      col: at + 1,
      message: say({
        en: "expected a variable name (letters, digits, '_', '.', '-', not starting with a digit) in KEY=value",
        ja: 'KEY=value の変数名がありません（英字・数字・「_」「.」「-」で、数字以外から始まる名前）',
      }),
    };
  }
  at += key.length;
  const keyEnd = at;
  while (line[at] === ' ' || line[at] === '\t') at++;
  if (line[at] !== '=') return { col: keyEnd + 1, message: say({ en: "expected '=' after {key} (lines are KEY=value)", ja: '{key} の後に「=」がありません（各行は KEY=value です）' }, { key }) };
  at++;
  while (line[at] === ' ' || line[at] === '\t') at++;
  const quote = line[at];
  if (quote !== '"' && quote !== "'") {
    const value = line.slice(at).trim();
    if (value.endsWith('\\')) {
      return {
        col: line.trimEnd().length,
        message: say({
          en: 'a backslash at the end of a line continues it for systemd and not for dotenv: put the value on one line (in quotes if need be)',
          ja: '行末のバックスラッシュは systemd では次の行に続きますが dotenv では続きません。値は 1 行に書いてください（必要なら引用符で囲んでください）',
        }),
      };
    }
    return { key, value };
  }
  const opened = at;
  let value = '';
  for (at++; at < line.length && line[at] !== quote; at++) {
    if (quote === '"' && line[at] === '\\' && at + 1 < line.length) {
      const next = line[++at]!;
      value += ESCAPES[next] ?? `\\${next}`;
    } else {
      value += line[at];
    }
  }
  if (at >= line.length) {
    return {
      col: opened + 1,
      message: say({
        en: 'the quote opened here is not closed on this line (values over several lines are not supported)',
        ja: 'ここで開いた引用符がこの行で閉じていません（複数行にわたる値は使えません）',
      }),
    };
  }
  const after = line.slice(at + 1);
  const rest = after.trimStart();
  if (rest !== '' && !rest.startsWith('#')) {
    return { col: at + 2 + after.length - rest.length, message: say({ en: 'unexpected text after the closing quote', ja: '閉じ引用符の後に余分な文字があります' }) };
  }
  return { key, value };
}
