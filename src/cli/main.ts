#!/usr/bin/env node
// The psv command line: parse, call, print. Nothing else imports this module.
import { Command, CommanderError, Option } from 'commander';
import { loadConfig } from '../config/load.js';
import { formatProblem } from '../config/types.js';
import { EXIT, PsvError } from '../errors.js';
import { VERSION } from '../version.js';
import { runMonitor } from './run.js';

function configOption(): Option {
  return new Option('-c, --config <file>', 'configuration file').env('PSV_CONFIG').makeOptionMandatory();
}

function checkCommand(file: string, json: boolean): number {
  const result = loadConfig(file);
  const problems = result.ok ? result.warnings : result.problems;
  if (json) {
    const out = result.ok
      ? { ok: true, file, targets: result.config.targets.map((t) => t.name), warnings: result.warnings }
      : { ok: false, file, problems: result.problems };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    for (const p of problems) process.stderr.write(formatProblem(p) + '\n');
    if (result.ok) {
      const n = result.config.targets.length;
      const w = result.warnings.length;
      process.stdout.write(`${file}: OK, ${n} target${n === 1 ? '' : 's'}${w ? `, ${w} warning${w === 1 ? '' : 's'}` : ''}\n`);
    } else {
      const n = result.problems.filter((p) => p.severity === 'error').length;
      process.stderr.write(`${file}: ${n} problem${n === 1 ? '' : 's'}, not valid\n`);
    }
  }
  return result.ok ? EXIT.ok : EXIT.usage;
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
    .action(async (opts: { config: string }) => setExit(await runMonitor(opts.config)));

  program
    .command('check')
    .description('validate a configuration file; lists every problem as FILE:LINE:COL: message')
    .addOption(configOption())
    .option('--json', 'print the result as JSON')
    .action((opts: { config: string; json?: boolean }) => setExit(checkCommand(opts.config, !!opts.json)));

  program
    .command('version')
    .description('print the version')
    .option('--json', 'print as JSON')
    .action((opts: { json?: boolean }) => {
      process.stdout.write(opts.json ? JSON.stringify({ version: VERSION, node: process.versions.node }) + '\n' : `psv ${VERSION}\n`);
      setExit(EXIT.ok);
    });

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

main(process.argv).then((code) => {
  process.exitCode = code;
});
