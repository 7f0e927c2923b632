#!/usr/bin/env node
// The psv command line: parse, call, print. Nothing else imports this module.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { formatProblem } from '../config/types.js';
import { EXIT, PsvError } from '../errors.js';
import { VERSION } from '../version.js';
import { parseDuration } from '../config/duration.js';
import type { ReloadResult, StatusResult } from '../control/protocol.js';
import { groupTable, statusTable, table } from './format.js';
import { findOption, locate, request, runningPid, startInBackground } from './remote.js';
import { registerEvents } from './events.js';
import { chooseLanguage, HELP_WORDS, helpFooter, registerSchema } from './help.js';
import { join } from 'node:path';
import { say } from '../i18n/say.js';
import { AssetError, assetText } from '../platform/assets.js';
import { registerHealth } from './health.js';
import { registerIncidents } from './incidents.js';
import { registerConsole } from './console.js';
import { stopMonitor } from './stop.js';
import { PsvCommand } from './usage-errors.js';

/** How many names a text progress line of `psv stop` shows (the rest are counted). */
const PROGRESS_NAMES = 10;

function configOption(): Option {
  return new Option('-c, --config <file>', say({ en: 'configuration file', ja: '設定ファイル' })).env('PSV_CONFIG').makeOptionMandatory();
}

interface RemoteOpts {
  config?: string;
  json?: boolean;
}

function jsonHelp(): string {
  return say({ en: 'print the result as JSON', ja: '結果を JSON で出力します' });
}

function out(text: string): void {
  process.stdout.write(text);
}

function printJson(value: unknown): void {
  out(JSON.stringify(value, null, 2) + '\n');
}

/** `key=value` words into a map; a word without '=' is a usage error. */
function settingsOf(words: string[]): Record<string, string> {
  // No prototype: '__proto__=1' stays a key (the monitor answers "unknown setting") instead of vanishing.
  const settings: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const w of words) {
    const eq = w.indexOf('=');
    if (eq <= 0) throw new PsvError('USAGE', say({ en: "'{w}' is not key=value (e.g. restart.retries=5)", ja: "'{w}' は key=value の形ではありません (例: restart.retries=5)" }, { w }));
    settings[w.slice(0, eq)] = w.slice(eq + 1);
  }
  return settings;
}

function selection(names: string[], all: boolean | undefined, verb: string): Record<string, unknown> {
  if (all && names.length) throw new PsvError('USAGE', say({ en: 'give target names or --all, not both', ja: '監視対象名と --all の両方は指定できません' }));
  if (!all && names.length === 0) throw new PsvError('USAGE', say({ en: 'name the target(s) to {verb}, or use --all', ja: '{verb} する監視対象の名前を指定するか、--all を使ってください' }, { verb }));
  return all ? { all: true } : { names };
}

async function checkCommand(file: string, json: boolean, verbose = false): Promise<number> {
  const { loadConfig } = await import('../config/load.js');
  const result = loadConfig(file);
  const disk = result.ok && (verbose || json) ? (await import('../config/disk.js')).diskBudget(result.config) : null;
  const problems = result.ok ? result.warnings : result.problems;
  if (json) {
    // eventlog: the module's install paths register the source this config names.
    const out = result.ok
      ? { ok: true, file, targets: result.config.targets.map((t) => t.name), warnings: result.warnings, eventlog: result.config.monitor.events.eventlog, disk }
      : { ok: false, file, problems: result.problems };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    for (const p of problems) process.stderr.write(formatProblem(p) + '\n');
    if (result.ok) {
      const n = result.config.targets.length;
      const w = result.warnings.length;
      const warned = w ? say({ en: ', {w} warning{s}', ja: '、警告 {w} 件' }, { w, s: w === 1 ? '' : 's' }) : '';
      process.stdout.write(say({ en: '{file}: OK, {n} target{s}{warned}', ja: '{file}: 問題ありません (監視対象 {n} 件{warned})' }, { file, n, s: n === 1 ? '' : 's', warned }) + '\n');
      if (disk !== null) process.stdout.write((await import('./disk-report.js')).diskReportLines(disk).join('\n') + '\n');
    } else {
      const n = result.problems.filter((p) => p.severity === 'error').length;
      process.stderr.write(say({ en: '{file}: {n} problem{s}, not valid', ja: '{file}: 問題が {n} 件あります。設定は無効です' }, { file, n, s: n === 1 ? '' : 's' }) + '\n');
    }
  }
  return result.ok ? EXIT.ok : EXIT.usage;
}

/** The third-party licence notices, from the executable's verified asset. */
function noticesText(): string {
  try {
    return assetText('THIRD-PARTY-NOTICES.txt');
  } catch (err) {
    if (err instanceof AssetError) throw new PsvError('RUNTIME', err.message);
    throw err;
  }
}

/** --lang's value: en or ja in any case; anything else is a usage error (help.ts has already read it leniently). */
function languageArg(value: string): string {
  const language = value.toLowerCase();
  // Commander's wording, which usage-errors.ts puts in the output language.
  if (language !== 'en' && language !== 'ja') throw new InvalidArgumentError('Allowed choices are en, ja.');
  return language;
}

export function buildProgram(setExit: (code: number) => void): Command {
  // A PsvCommand, as is every verb made from it: commander's usage errors come out in the output language.
  const program = new PsvCommand('psv')
    .description(say({ en: 'psv keeps processes alive: it watches them, restarts them under a retry rule, and reports every event.', ja: 'psv はプロセスを動かし続けます: 監視し、再試行ルールに従って再起動し、すべてのイベントを記録します。' }))
    .version(VERSION, '-V, --version', say({ en: 'print the version', ja: 'バージョンを表示します' }))
    .helpOption('-h, --help', say({ en: 'show help', ja: 'ヘルプを表示します' }))
    // Before any verb is added: each verb copies the help configuration when it is made.
    .configureHelp(HELP_WORDS)
    .helpCommand('help [command]', say({ en: 'show help for a command', ja: 'コマンドのヘルプを表示します' }))
    .option('--lang <language>', say({ en: 'language of the output: en or ja (else PSV_LANG, the config\'s monitor.events.language, the locale)', ja: '出力の言語: en または ja (指定がなければ PSV_LANG、設定の monitor.events.language、ロケールの順)' }), languageArg)
    .addHelpText('after', helpFooter())
    .showHelpAfterError(say({ en: '(run psv --help for usage)', ja: '(使い方は psv --help で表示されます)' }))
    .exitOverride();

  program
    .command('run')
    .description(say({ en: 'run the monitor in the foreground until SIGINT/SIGTERM (Ctrl+C)', ja: 'SIGINT/SIGTERM (Ctrl+C) までモニタをフォアグラウンドで実行します' }))
    .addOption(configOption())
    .option('--utc', say({ en: 'console times in UTC (default: local time with its offset)', ja: 'コンソールの時刻を UTC で表示します (既定: オフセット付きのローカル時刻)' }))
    .action(async (opts: { config: string; utc?: boolean }) => {
      // Loaded here: the verbs that only ask a monitor (psv health every few seconds) skip the engine and the validator.
      const { runMonitor } = await import('./run.js');
      setExit(await runMonitor(opts.config, !!opts.utc));
    });

  program
    .command('check')
    .description(say({ en: 'validate a configuration file; lists every problem as FILE:LINE:COL: message', ja: '設定ファイルを検証します。問題をすべて FILE:LINE:COL: メッセージ の形で表示します' }))
    .addOption(configOption())
    .option('--json', say({ en: 'print the result as JSON (with the disk bounds)', ja: '結果を JSON で出力します (ディスク使用量の上限を含む)' }))
    .option('-v, --verbose', say({ en: 'also print the most disk the monitor can use, file by file', ja: 'モニタが使い得る最大のディスク容量もファイルごとに表示します' }))
    .action(async (opts: { config: string; json?: boolean; verbose?: boolean }) => setExit(await checkCommand(opts.config, !!opts.json, !!opts.verbose)));

  program
    .command('version')
    .description(say({ en: 'print the version', ja: 'バージョンを表示します' }))
    .option('--json', jsonHelp())
    .option('--notices', say({ en: 'print the licence notices of the software built into psv', ja: 'psv に組み込まれたソフトウェアのライセンス表示を出力します' }))
    .action((opts: { json?: boolean; notices?: boolean }) => {
      if (opts.notices) out(noticesText());
      else out(opts.json ? JSON.stringify({ version: VERSION, node: process.versions.node }) + '\n' : `psv ${VERSION}\n`);
      setExit(EXIT.ok);
    });

  program
    .command('start')
    .description(say({ en: 'start the monitor in the background and return once it is ready', ja: 'モニタをバックグラウンドで起動し、準備ができたら戻ります' }))
    .addOption(configOption())
    .option('--timeout <duration>', say({ en: 'how long to wait for the monitor to be ready', ja: 'モニタの準備完了を待つ時間' }), '30s')
    .option('--json', jsonHelp())
    .action(async (opts: { config: string; timeout: string; json?: boolean }) => {
      const where = locate(opts.config, true);
      const running = await runningPid(where);
      if (running !== null) {
        // The log of the running monitor is where a fresh start would write it (startInBackground).
        const log = where.stateDir ? join(where.stateDir, 'monitor.log') : null;
        if (opts.json) printJson({ started: false, alreadyRunning: true, pid: running, control: where.address, log });
        else out(say({ en: 'psv: the monitor is already running (pid {pid}, {address})', ja: 'psv: モニタはすでに動作しています (pid {pid}、{address})' }, { pid: running, address: where.address }) + '\n');
        return setExit(EXIT.ok);
      }
      const { pid, log } = await startInBackground(where, parseDuration(opts.timeout));
      if (opts.json) printJson({ started: true, alreadyRunning: false, pid, control: where.address, log });
      else out(say({ en: 'psv: monitor started (pid {pid}, {address}); its output goes to {log}', ja: 'psv: モニタを起動しました (pid {pid}、{address})。出力先は {log} です' }, { pid, address: where.address, log }) + '\n');
      setExit(EXIT.ok);
    });

  program
    .command('stop')
    .description(say({ en: 'stop the monitor and its targets; returns once the monitor process has exited', ja: 'モニタと監視対象を停止します。モニタのプロセスが終了してから戻ります' }))
    .addOption(findOption())
    .option('--keep-targets', say({ en: 'leave the targets running (maintenance); the next start adopts them', ja: '監視対象を動作させたままにします (保守用)。次の起動で引き継ぎます' }))
    .option('--json', jsonHelp())
    .action(async (opts: RemoteOpts & { keepTargets?: boolean }) => {
      // Progress on stderr while the targets stop: one JSON line each with --json (the
      // PowerShell module reads them for Write-Progress), else a line of text.
      const progress = (remaining: string[]): void => {
        if (opts.json) process.stderr.write(JSON.stringify({ stopping: true, remaining }) + '\n');
        else if (remaining.length > PROGRESS_NAMES)
          process.stderr.write(
            say({ en: 'psv: stopping: {names} and {more} more\n', ja: 'psv: 停止中: {names} ほか {more} 件\n' }, { names: remaining.slice(0, PROGRESS_NAMES).join(', '), more: remaining.length - PROGRESS_NAMES }),
          );
        else if (remaining.length > 0) process.stderr.write(say({ en: 'psv: stopping: {names}\n', ja: 'psv: 停止中: {names}\n' }, { names: remaining.join(', ') }));
      };
      const r = await stopMonitor(locate(opts.config), !!opts.keepTargets, progress);
      if (opts.json) printJson(r);
      else if (opts.keepTargets) out(say({ en: 'psv: monitor (pid {pid}) stopped; its targets keep running', ja: 'psv: モニタ (pid {pid}) を停止しました。監視対象は動作を続けます' }, { pid: r.pid }) + '\n');
      else out(say({ en: 'psv: monitor (pid {pid}) stopped with its targets', ja: 'psv: モニタ (pid {pid}) を監視対象とともに停止しました' }, { pid: r.pid }) + '\n');
    });

  program
    .command('status')
    .description(say({ en: 'show each target: state, pid, uptime, restarts in the window, last exit, paused, live overrides', ja: '各監視対象の状態、pid、稼働時間、期間内の再起動回数、前回の終了、一時停止、一時変更を表示します' }))
    .argument('[names...]', say({ en: 'targets to show (default: all)', ja: '表示する監視対象 (既定: すべて)' }))
    .addOption(findOption())
    .option('--json', jsonHelp())
    .action(async (names: string[], opts: RemoteOpts) => {
      const r = (await request(locate(opts.config), 'status', names.length ? { names } : {})) as StatusResult;
      if (opts.json) return printJson(r);
      out(statusTable(r.targets));
      if (r.targets.some((t) => t.adopted && t.kind === 'command')) out(say({ en: '* adopted: running since before the monitor last started', ja: '* 引き継ぎ: モニタの前回の起動より前から動作しています' }) + '\n');
      if (r.groups?.length) out('\n' + groupTable(r.groups));
    });

  for (const [verb, description] of [
    ['pause', say({ en: 'pause monitoring: the process keeps running, a death is only reported', ja: '監視を一時停止します: プロセスは動作を続け、停止しても報告のみ行います' })],
    ['resume', say({ en: 'resume monitoring (a target that died while paused is started)', ja: '監視を再開します (一時停止中に停止した監視対象は起動します)' })],
    ['restart', say({ en: 'restart now (not counted against the retries)', ja: '今すぐ再起動します (再試行回数には数えません)' })],
    ['reset', say({ en: 'clear the retry count (and start a target stopped by retry over)', ja: '再試行回数をクリアします (再試行回数超過で停止した監視対象は起動します)' })],
  ] as const) {
    program
      .command(verb)
      .description(description)
      .argument('[names...]', say({ en: 'targets', ja: '監視対象' }))
      .option('--all', say({ en: 'every target', ja: 'すべての監視対象' }))
      .addOption(findOption())
      .option('--json', jsonHelp())
      .action(async (names: string[], opts: RemoteOpts & { all?: boolean }) => {
        const r = (await request(locate(opts.config), verb, selection(names, opts.all, verb))) as { targets: string[] };
        if (opts.json) printJson(r);
        else out(`psv: ${verb}: ${r.targets.join(', ') || say({ en: '(no targets)', ja: '(監視対象なし)' })}\n`);
      });
  }

  program
    .command('set')
    .description(say({ en: 'change parameters of a running target (or monitor-wide ones: psv set monitor.interval=2s)', ja: '動作中の監視対象のパラメータを変更します (モニタ全体の設定も可: psv set monitor.interval=2s)' }))
    .argument('[name]', say({ en: 'target (omit for monitor.* keys)', ja: '監視対象 (monitor.* のキーでは省略)' }))
    .argument('[settings...]', say({ en: 'key=value, e.g. restart.retries=5 restart.delay=2s onRetryOver=continue', ja: 'key=value (例: restart.retries=5 restart.delay=2s onRetryOver=continue)' }))
    .addOption(findOption())
    .option('--json', jsonHelp())
    .action(async (name: string | undefined, words: string[], opts: RemoteOpts) => {
      let target: string | undefined = name;
      if (name !== undefined && name.includes('=')) {
        words = [name, ...words];
        target = undefined;
      }
      if (words.length === 0) throw new PsvError('USAGE', say({ en: 'give at least one key=value', ja: 'key=value を 1 つ以上指定してください' }));
      const settings = settingsOf(words);
      if (target === undefined && !Object.keys(settings).every((k) => k.startsWith('monitor.'))) {
        throw new PsvError('USAGE', say({ en: 'name the target whose parameters to set (monitor-wide keys start with monitor.)', ja: 'パラメータを変更する監視対象の名前を指定してください (モニタ全体のキーは monitor. で始まります)' }));
      }
      const r = (await request(locate(opts.config), 'set', { target, settings })) as StatusResult;
      if (opts.json) return printJson(r);
      if (target) out(statusTable(r.targets));
      else out(`${say({ en: 'psv: monitor settings now', ja: 'psv: 現在のモニタ設定:' })} ${Object.entries(r.monitor.overrides).map(([k, v]) => `${k}=${v}`).join(' ')}\n`);
    });

  program
    .command('heartbeat')
    .description(say({ en: 'tell the monitor a target is alive (for targets with stall.heartbeat, from scripts)', ja: '監視対象が生きていることをモニタに伝えます (stall.heartbeat を持つ監視対象用、スクリプトから)' }))
    .argument('<names...>', say({ en: 'targets', ja: '監視対象' }))
    .option('--ready', say({ en: 'also say the target is ready (READY=1), for readyAfter: notify', ja: '準備完了 (READY=1) も伝えます (readyAfter: notify 用)' }))
    .addOption(findOption())
    .option('--json', jsonHelp())
    .action(async (names: string[], opts: RemoteOpts & { ready?: boolean }) => {
      const r = (await request(locate(opts.config), 'heartbeat', { names, ready: !!opts.ready })) as { targets: string[] };
      if (opts.json) printJson(r);
      else out(`psv: heartbeat: ${r.targets.join(', ')}\n`);
    });

  program
    .command('reload')
    .description(say({ en: 're-read the config file and apply only the difference', ja: '設定ファイルを読み直し、差分のみを適用します' }))
    .addOption(findOption())
    .option('--json', jsonHelp())
    .action(async (opts: RemoteOpts) => {
      const r = (await request(locate(opts.config), 'reload', {})) as ReloadResult;
      if (opts.json) return printJson(r);
      const list = (xs: string[]): string => (xs.length ? xs.join(', ') : '-');
      out(table([say({ en: 'ADDED', ja: '追加' }), say({ en: 'REMOVED', ja: '削除' }), say({ en: 'CHANGED', ja: '変更' }), say({ en: 'UNCHANGED', ja: '変更なし' })], [[list(r.added), list(r.removed), list(r.changed), list(r.unchanged)]]));
    });

  registerEvents(program, out);
  registerSchema(program, out);
  registerHealth(program, setExit);
  registerIncidents(program);
  registerConsole(program, setExit);

  for (const cmd of program.commands) cmd.exitOverride().showHelpAfterError();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  // An empty PSV_CONFIG (PSV_CONFIG= in a script) names no file: commander would take it for -c ''.
  if (process.env.PSV_CONFIG === '') delete process.env.PSV_CONFIG;
  // Before the program is built: its help text is in the chosen language.
  chooseLanguage(argv);
  const program = buildProgram((code) => (exitCode = code));
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version output are not errors; everything else commander rejects is usage.
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (err instanceof PsvError) {
      process.stderr.write(`psv: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`psv: ${(err as Error).stack ?? String(err)}\n`);
    return EXIT.runtime;
  }
  return exitCode;
}

// A reader that goes away (`psv events | head`) is not an error of psv's.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

main(process.argv).then((code) => {
  process.exitCode = code;
});
