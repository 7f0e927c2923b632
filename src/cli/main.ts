#!/usr/bin/env node
// The psv command line: parse, call, print. Nothing else imports this module.
import { Command, CommanderError, Option } from 'commander';
import { formatProblem } from '../config/types.js';
import { EXIT, PsvError } from '../errors.js';
import { VERSION } from '../version.js';
import { parseDuration } from '../config/duration.js';
import type { ReloadResult, StatusResult } from '../control/protocol.js';
import type { EventRecord } from '../events/bus.js';
import { groupTable, statusTable, table } from './format.js';
import { locate, request, runningPid, startInBackground, type Located } from './remote.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { say } from '../i18n/say.js';
import { AssetError, assetText } from '../platform/assets.js';
import { registerHealth } from './health.js';
import { registerIncidents } from './incidents.js';
import { registerConsole } from './console.js';
import { stopMonitor } from './stop.js';

function configOption(): Option {
  return new Option('-c, --config <file>', 'configuration file').env('PSV_CONFIG').makeOptionMandatory();
}

/** For the verbs that talk to a running monitor: -c is how to find it (else PSV_CONTROL). */
function findOption(): Option {
  return new Option('-c, --config <file>', 'configuration file of the monitor to talk to (else PSV_CONTROL)').env('PSV_CONFIG');
}

interface RemoteOpts {
  config?: string;
  json?: boolean;
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
    if (eq <= 0) throw new PsvError('USAGE', `'${w}' is not key=value (e.g. restart.retries=5)`);
    settings[w.slice(0, eq)] = w.slice(eq + 1);
  }
  return settings;
}

function selection(names: string[], all: boolean | undefined, verb: string): Record<string, unknown> {
  if (all && names.length) throw new PsvError('USAGE', `give target names or --all, not both`);
  if (!all && names.length === 0) throw new PsvError('USAGE', `name the target(s) to ${verb}, or use --all`);
  return all ? { all: true } : { names };
}

function formatEvent(e: EventRecord): string {
  return `${e.time} ${e.level.padEnd(11)} [${e.id}] ${e.message}`;
}

/** `--level Warning,error`: the levels as events name them; a word that is none is a usage error. */
function eventLevels(text: string): string[] {
  const known = ['Information', 'Warning', 'Error'];
  return text.split(',').map((word) => {
    const level = known.find((k) => k.toLowerCase() === word.trim().toLowerCase());
    if (!level) throw new PsvError('USAGE', say({ en: '--level: unknown level {word} (one of {known})', ja: '--level: {word} というレベルはありません（{known} のいずれか）' }, { word: `'${word.trim()}'`, known: known.join(', ') }));
    return level;
  });
}

function readEventsFile(where: Located, since: number | null, target: string | undefined, levels: string[] | undefined): EventRecord[] {
  if (!where.eventsFile) throw new PsvError('NO_MONITOR', 'no monitor is running and the config has no event file');
  let text: string;
  try {
    text = readFileSync(where.eventsFile, 'utf8');
  } catch (err) {
    throw new PsvError('NO_MONITOR', `no monitor is running, and ${where.eventsFile} cannot be read: ${(err as Error).message}`);
  }
  return text
    .split('\n')
    .filter(Boolean)
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as EventRecord];
      } catch {
        return [];
      }
    })
    .filter((e) => (since === null || Date.parse(e.time) >= since) && (!target || e.target === target) && (!levels || levels.includes(e.level)));
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
      process.stdout.write(`${file}: OK, ${n} target${n === 1 ? '' : 's'}${w ? `, ${w} warning${w === 1 ? '' : 's'}` : ''}\n`);
      if (disk !== null) process.stdout.write((await import('./disk-report.js')).diskReportLines(disk).join('\n') + '\n');
    } else {
      const n = result.problems.filter((p) => p.severity === 'error').length;
      process.stderr.write(`${file}: ${n} problem${n === 1 ? '' : 's'}, not valid\n`);
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

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('psv')
    .description('psv keeps processes alive: it watches them, restarts them under a retry rule, and reports every event.')
    .version(VERSION, '-V, --version', 'print the version')
    .showHelpAfterError('(run psv --help for usage)')
    .exitOverride();

  program
    .command('run')
    .description('run the monitor in the foreground until SIGINT/SIGTERM (Ctrl+C)')
    .addOption(configOption())
    .action(async (opts: { config: string }) => {
      // Loaded here: the verbs that only ask a monitor (psv health every few seconds) skip the engine and the validator.
      const { runMonitor } = await import('./run.js');
      setExit(await runMonitor(opts.config));
    });

  program
    .command('check')
    .description('validate a configuration file; lists every problem as FILE:LINE:COL: message')
    .addOption(configOption())
    .option('--json', 'print the result as JSON (with the disk bounds)')
    .option('-v, --verbose', 'also print the most disk the monitor can use, file by file')
    .action(async (opts: { config: string; json?: boolean; verbose?: boolean }) => setExit(await checkCommand(opts.config, !!opts.json, !!opts.verbose)));

  program
    .command('version')
    .description('print the version')
    .option('--json', 'print as JSON')
    .option('--notices', 'print the licence notices of the software built into psv')
    .action((opts: { json?: boolean; notices?: boolean }) => {
      if (opts.notices) out(noticesText());
      else out(opts.json ? JSON.stringify({ version: VERSION, node: process.versions.node }) + '\n' : `psv ${VERSION}\n`);
      setExit(EXIT.ok);
    });

  program
    .command('start')
    .description('start the monitor in the background and return once it is ready')
    .addOption(configOption())
    .option('--timeout <duration>', 'how long to wait for the monitor to be ready', '30s')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { config: string; timeout: string; json?: boolean }) => {
      const where = locate(opts.config, true);
      const running = await runningPid(where);
      if (running !== null) {
        // The log of the running monitor is where a fresh start would write it (startInBackground).
        const log = where.stateDir ? join(where.stateDir, 'monitor.log') : null;
        if (opts.json) printJson({ started: false, alreadyRunning: true, pid: running, control: where.address, log });
        else out(`psv: the monitor is already running (pid ${running}, ${where.address})\n`);
        return setExit(EXIT.ok);
      }
      const { pid, log } = await startInBackground(where, parseDuration(opts.timeout));
      if (opts.json) printJson({ started: true, alreadyRunning: false, pid, control: where.address, log });
      else out(`psv: monitor started (pid ${pid}, ${where.address}); its output goes to ${log}\n`);
      setExit(EXIT.ok);
    });

  program
    .command('stop')
    .description('stop the monitor and its targets; returns once the monitor process has exited')
    .addOption(findOption())
    .option('--keep-targets', 'leave the targets running (maintenance); the next start adopts them')
    .option('--json', 'print the result as JSON')
    .action(async (opts: RemoteOpts & { keepTargets?: boolean }) => {
      // Progress on stderr while the targets stop: one JSON line each with --json (the
      // PowerShell module reads them for Write-Progress), else a line of text.
      const progress = (remaining: string[]): void => {
        if (opts.json) process.stderr.write(JSON.stringify({ stopping: true, remaining }) + '\n');
        else if (remaining.length > 0) process.stderr.write(say({ en: 'psv: stopping: {names}\n', ja: 'psv: 停止中: {names}\n' }, { names: remaining.join(', ') }));
      };
      const r = await stopMonitor(locate(opts.config), !!opts.keepTargets, progress);
      if (opts.json) printJson(r);
      else out(`psv: monitor (pid ${r.pid}) stopped${opts.keepTargets ? '; its targets keep running' : ' with its targets'}\n`);
    });

  program
    .command('status')
    .description('show each target: state, pid, uptime, restarts in the window, last exit, paused, live overrides')
    .argument('[names...]', 'targets to show (default: all)')
    .addOption(findOption())
    .option('--json', 'print exact JSON')
    .action(async (names: string[], opts: RemoteOpts) => {
      const r = (await request(locate(opts.config), 'status', names.length ? { names } : {})) as StatusResult;
      if (opts.json) return printJson(r);
      out(statusTable(r.targets));
      if (r.targets.some((t) => t.adopted && t.kind === 'command')) out('* adopted: running since before the monitor last started\n');
      if (r.groups?.length) out('\n' + groupTable(r.groups));
    });

  for (const [verb, description] of [
    ['pause', 'pause monitoring: the process keeps running, a death is only reported'],
    ['resume', 'resume monitoring (a target that died while paused is started)'],
    ['restart', 'restart now (not counted against the retries)'],
    ['reset', 'clear the retry count (and start a target stopped by retry over)'],
  ] as const) {
    program
      .command(verb)
      .description(description)
      .argument('[names...]', 'targets')
      .option('--all', 'every target')
      .addOption(findOption())
      .option('--json', 'print the result as JSON')
      .action(async (names: string[], opts: RemoteOpts & { all?: boolean }) => {
        const r = (await request(locate(opts.config), verb, selection(names, opts.all, verb))) as { targets: string[] };
        if (opts.json) printJson(r);
        else out(`psv: ${verb}: ${r.targets.join(', ') || '(no targets)'}\n`);
      });
  }

  program
    .command('set')
    .description('change parameters of a running target (or monitor-wide ones: psv set monitor.interval=2s)')
    .argument('[name]', 'target (omit for monitor.* keys)')
    .argument('[settings...]', 'key=value, e.g. restart.retries=5 restart.delay=2s onRetryOver=continue')
    .addOption(findOption())
    .option('--json', 'print the result as JSON')
    .action(async (name: string | undefined, words: string[], opts: RemoteOpts) => {
      let target: string | undefined = name;
      if (name !== undefined && name.includes('=')) {
        words = [name, ...words];
        target = undefined;
      }
      if (words.length === 0) throw new PsvError('USAGE', 'give at least one key=value');
      const settings = settingsOf(words);
      if (target === undefined && !Object.keys(settings).every((k) => k.startsWith('monitor.'))) {
        throw new PsvError('USAGE', 'name the target whose parameters to set (monitor-wide keys start with monitor.)');
      }
      const r = (await request(locate(opts.config), 'set', { target, settings })) as StatusResult;
      if (opts.json) return printJson(r);
      if (target) out(statusTable(r.targets));
      else out(`psv: monitor settings now ${Object.entries(r.monitor.overrides).map(([k, v]) => `${k}=${v}`).join(' ')}\n`);
    });

  program
    .command('heartbeat')
    .description('tell the monitor a target is alive (for targets with stall.heartbeat, from scripts)')
    .argument('<names...>', 'targets')
    .option('--ready', 'also say the target is ready (READY=1), for readyAfter: notify')
    .addOption(findOption())
    .option('--json', 'print the result as JSON')
    .action(async (names: string[], opts: RemoteOpts & { ready?: boolean }) => {
      const r = (await request(locate(opts.config), 'heartbeat', { names, ready: !!opts.ready })) as { targets: string[] };
      if (opts.json) printJson(r);
      else out(`psv: heartbeat: ${r.targets.join(', ')}\n`);
    });

  program
    .command('reload')
    .description('re-read the config file and apply only the difference')
    .addOption(findOption())
    .option('--json', 'print the result as JSON')
    .action(async (opts: RemoteOpts) => {
      const r = (await request(locate(opts.config), 'reload', {})) as ReloadResult;
      if (opts.json) return printJson(r);
      const list = (xs: string[]): string => (xs.length ? xs.join(', ') : '-');
      out(table(['ADDED', 'REMOVED', 'CHANGED', 'UNCHANGED'], [[list(r.added), list(r.removed), list(r.changed), list(r.unchanged)]]));
    });

  program
    .command('events')
    .description('show the monitor\'s events (from the event file when no monitor runs)')
    .addOption(findOption())
    .option('--since <when>', 'only events since a duration ago (10m) or an ISO time')
    .option('--target <name>', 'only events of this target')
    .option('--level <levels>', 'only events of these levels, comma-separated: Information, Warning, Error')
    .option('--limit <n>', 'at most this many past events (after --level)', '1000')
    .option('-f, --follow', 'keep printing new events until interrupted')
    .option('--json', 'one JSON object per line')
    .action(async (opts: RemoteOpts & { since?: string; target?: string; level?: string; limit: string; follow?: boolean }) => {
      const where = locate(opts.config);
      const print = (e: EventRecord): void => out(opts.json ? JSON.stringify(e) + '\n' : formatEvent(e) + '\n');
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit <= 0) throw new PsvError('USAGE', `--limit must be a positive integer`);
      const levels = opts.level === undefined ? undefined : eventLevels(opts.level);
      const args = { since: opts.since, target: opts.target, level: levels, limit, follow: !!opts.follow };
      try {
        const r = (await request(where, 'events', args, { onMore: (e) => print(e as EventRecord), timeoutMs: opts.follow ? 0 : 120_000 })) as { events: EventRecord[] };
        for (const e of r.events) print(e);
      } catch (err) {
        if (!(err instanceof PsvError) || err.code !== 'NO_MONITOR' || opts.follow || !where.config) throw err;
        let since: number | null = null;
        if (opts.since) since = /^\d{4}-/.test(opts.since) ? Date.parse(opts.since) : Date.now() - parseDuration(opts.since);
        for (const e of readEventsFile(where, since, opts.target, levels).slice(-limit)) print(e);
      }
    });

  registerHealth(program, setExit);
  registerIncidents(program);
  registerConsole(program, setExit);

  for (const cmd of program.commands) cmd.exitOverride().showHelpAfterError();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
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
