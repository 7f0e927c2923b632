// Commander's own usage errors ("error: unknown option '--bogus'", ...) in the output
// language. Every command of the program is a PsvCommand (commander makes each verb
// with its parent's createCommand), whose error() rewords the message by its code
// before commander prints it; English comes out exactly as commander words it.
import { Command } from 'commander';
import { say } from '../i18n/say.js';

type ErrorOptions = Parameters<Command['error']>[1];

/** Commander's "\n(Did you mean X?)" or "\n(Did you mean one of X, Y?)" after a message. */
const SUGGESTION = /\n\(Did you mean (one of )?([\s\S]+)\?\)$/;

/** The suggestion that ends `message`, reworded, and the message without it. */
function splitSuggestion(message: string): { head: string; hint: string } {
  const m = SUGGESTION.exec(message);
  if (!m) return { head: message, hint: '' };
  const head = message.slice(0, m.index);
  if (!m[1]) return { head, hint: say({ en: '\n(Did you mean {near}?)', ja: '\n({near} の誤りではありませんか?)' }, { near: m[2]! }) };
  const names = m[2]!.split(', ');
  return { head, hint: say({ en: '\n(Did you mean one of {en}?)', ja: '\n({ja} のいずれかの誤りではありませんか?)' }, { en: names.join(', '), ja: names.join('、') }) };
}

/** "option '-a, --all'" or "environment variable 'X'", as commander names a side of a conflict. */
function conflictSide(text: string): string | null {
  const m = /^(option|environment variable) '([\s\S]*)'$/.exec(text);
  if (!m) return null;
  return m[1] === 'option' ? say({ en: "option '{flags}'", ja: "オプション '{flags}'" }, { flags: m[2]! }) : say({ en: "environment variable '{name}'", ja: "環境変数 '{name}'" }, { name: m[2]! });
}

/** Why a value was refused: commander's list of choices, else the parser's own words (psv's are already in the output language). */
function invalidReason(reason: string): string {
  const m = /^Allowed choices are ([\s\S]*)\.$/.exec(reason);
  if (!m) return reason;
  const choices = m[1]!.split(', ');
  return say({ en: 'Allowed choices are {en}.', ja: '使用できる値は {ja} です。' }, { en: choices.join(', '), ja: choices.join('、') });
}

/** The message without its suggestion, reworded by its code; null when commander worded it in a way not known here. */
function reword(code: string, message: string): string | null {
  let m: RegExpExecArray | null;
  switch (code) {
    case 'commander.unknownOption':
      m = /^error: unknown option '([\s\S]*)'$/.exec(message);
      return m && say({ en: "error: unknown option '{flag}'", ja: "エラー: オプション '{flag}' は不明です" }, { flag: m[1]! });
    case 'commander.unknownCommand':
      m = /^error: unknown command '([\s\S]*)'$/.exec(message);
      return m && say({ en: "error: unknown command '{name}'", ja: "エラー: コマンド '{name}' は不明です" }, { name: m[1]! });
    case 'commander.missingArgument':
      m = /^error: missing required argument '([\s\S]*)'$/.exec(message);
      return m && say({ en: "error: missing required argument '{name}'", ja: "エラー: 必須の引数 '{name}' が指定されていません" }, { name: m[1]! });
    case 'commander.optionMissingArgument':
      m = /^error: option '([\s\S]*)' argument missing$/.exec(message);
      return m && say({ en: "error: option '{flags}' argument missing", ja: "エラー: オプション '{flags}' の値が指定されていません" }, { flags: m[1]! });
    case 'commander.missingMandatoryOptionValue':
      m = /^error: required option '([\s\S]*)' not specified$/.exec(message);
      return m && say({ en: "error: required option '{flags}' not specified", ja: "エラー: 必須のオプション '{flags}' が指定されていません" }, { flags: m[1]! });
    case 'commander.excessArguments': {
      // "for 'VERB'" when a verb got them; psv itself takes a verb, never an argument.
      m = /^error: too many arguments(?: for '([\s\S]*)')?\. Expected (\d+) arguments? but got (\d+)\.$/.exec(message);
      if (!m) return null;
      const params = { name: m[1] ?? '', expected: m[2]!, got: m[3]!, s: m[2] === '1' ? '' : 's' };
      if (m[1] === undefined) {
        return m[2] === '0'
          ? say({ en: 'error: too many arguments. Expected {expected} argument{s} but got {got}.', ja: 'エラー: 引数は指定できませんが、{got} 個指定されました' }, params)
          : say({ en: 'error: too many arguments. Expected {expected} argument{s} but got {got}.', ja: 'エラー: 引数が多すぎます。指定できるのは {expected} 個までですが、{got} 個指定されました' }, params);
      }
      return m[2] === '0'
        ? say({ en: "error: too many arguments for '{name}'. Expected {expected} argument{s} but got {got}.", ja: "エラー: '{name}' には引数を指定できませんが、{got} 個指定されました" }, params)
        : say({ en: "error: too many arguments for '{name}'. Expected {expected} argument{s} but got {got}.", ja: "エラー: '{name}' の引数が多すぎます。指定できるのは {expected} 個までですが、{got} 個指定されました" }, params);
    }
    case 'commander.invalidArgument': {
      // Commander's own sentence, then a space and the reason the parser gave.
      m = /^error: option '([\s\S]*?)' argument '([\s\S]*)' is invalid\. ([\s\S]*)$/.exec(message);
      if (m) return say({ en: "error: option '{flags}' argument '{value}' is invalid. {reason}", ja: "エラー: オプション '{flags}' の値 '{value}' は無効です。{reason}" }, { flags: m[1]!, value: m[2]!, reason: invalidReason(m[3]!) });
      m = /^error: option '([\s\S]*?)' value '([\s\S]*)' from env '([\s\S]*?)' is invalid\. ([\s\S]*)$/.exec(message);
      if (m) return say({ en: "error: option '{flags}' value '{value}' from env '{env}' is invalid. {reason}", ja: "エラー: 環境変数 '{env}' から得たオプション '{flags}' の値 '{value}' は無効です。{reason}" }, { flags: m[1]!, value: m[2]!, env: m[3]!, reason: invalidReason(m[4]!) });
      m = /^error: command-argument value '([\s\S]*)' is invalid for argument '([\s\S]*?)'\. ([\s\S]*)$/.exec(message);
      if (m) return say({ en: "error: command-argument value '{value}' is invalid for argument '{name}'. {reason}", ja: "エラー: 引数 '{name}' の値 '{value}' は無効です。{reason}" }, { value: m[1]!, name: m[2]!, reason: invalidReason(m[3]!) });
      return null;
    }
    case 'commander.conflictingOption': {
      m = /^error: ((?:option|environment variable) '[\s\S]*?') cannot be used with ((?:option|environment variable) '[\s\S]*')$/.exec(message);
      const a = m && conflictSide(m[1]!);
      const b = m && conflictSide(m[2]!);
      return a && b && say({ en: 'error: {a} cannot be used with {b}', ja: 'エラー: {a} と{b} は同時に指定できません' }, { a, b });
    }
    default:
      return null;
  }
}

/** The codes of the usage errors commander raises while it parses a command line. */
const USAGE_CODES = new Set([
  'commander.unknownOption',
  'commander.unknownCommand',
  'commander.missingArgument',
  'commander.optionMissingArgument',
  'commander.missingMandatoryOptionValue',
  'commander.excessArguments',
  'commander.invalidArgument',
  'commander.conflictingOption',
]);

/**
 * Commander's message for a usage error, in the output language: reworded from its
 * parts by the error's code, with any "Did you mean" kept. English comes out as
 * commander worded it. A message of a known code worded in a way this psv does not
 * know keeps its words after a Japanese lead; any other message (an error() of
 * psv's own, already in the output language) is left as it is.
 */
export function usageMessage(message: string, code: string | undefined): string {
  if (code === undefined || !USAGE_CODES.has(code)) return message;
  const { head, hint } = splitSuggestion(message);
  const known = reword(code, head);
  if (known !== null) return known + hint;
  return say({ en: '{message}', ja: 'エラー: コマンドラインに誤りがあります: {detail}' }, { message, detail: message.replace(/^error: /, '') });
}

/** A command whose usage errors are in the output language, as are those of every subcommand made from it. */
export class PsvCommand extends Command {
  override createCommand(name?: string): Command {
    return new PsvCommand(name);
  }

  override error(message: string, errorOptions?: ErrorOptions): never {
    return super.error(usageMessage(message, errorOptions?.code), errorOptions);
  }
}
