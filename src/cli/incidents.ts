// `psv incidents`: list the incidents the monitor recorded, show one, export one as
// a zip for a support case. Reads the incident folder directly: no monitor needed,
// and a config with errors elsewhere still finds its incidents.
import { createWriteStream, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Command, Option } from 'commander';
import { findIncident, incidentZip } from '../analysis/export.js';
import { describeIncident, incidentFiles, listIncidents, readSummary, type IncidentEntry, type IncidentSummary } from '../analysis/store.js';
import { PsvError } from '../errors.js';
import { table } from './format.js';
import { readMonitorSection } from './remote.js';

interface IncidentOpts {
  config?: string;
  dir?: string;
  json?: boolean;
}

/** Adds `psv incidents [ID]` and `psv incidents export ID` to the program. */
export function registerIncidents(program: Command): void {
  const incidents = program
    .command('incidents')
    .description('list the recorded failure incidents, show one (ID), or export one as a zip for a support case')
    .usage('[ID] [-c FILE | --dir FOLDER] [--json]\n       psv incidents export ID [-o FILE] [-c FILE | --dir FOLDER] [--json]')
    .addHelpText(
      'after',
      [
        '',
        'Listing and showing:',
        '  ID                   show one incident (its ID or a unique beginning of it)',
        '  -c, --config <file>  configuration file whose monitor.analysis.dir holds the incidents (env: PSV_CONFIG)',
        '  --dir <folder>       the incident folder itself (instead of -c)',
        '  --json               print JSON',
        '',
        'Examples:',
        '  psv incidents -c psv.yaml',
        '  psv incidents 20240131-235959-123-web -c psv.yaml',
        '  psv incidents export 20240131-235959-123-web -c psv.yaml -o web-incident.zip',
      ].join('\n'),
    )
    .exitOverride()
    .showHelpAfterError();

  withLocation(incidents.command('list [id]', { isDefault: true, hidden: true }).description('list incidents, or show the one named ID'))
    .option('--json', 'print JSON')
    .action(async (id: string | undefined, opts: IncidentOpts) => {
      const dir = incidentDir(opts);
      if (id === undefined) return listCommand(dir, !!opts.json);
      return showCommand(dir, id, !!opts.json);
    });

  withLocation(incidents.command('export <id>').description('write one incident as a zip file (to attach to a support case)'))
    .option('-o, --output <file>', 'the zip file to write (default: ID.zip in the current folder)')
    .option('--json', 'print the result as JSON')
    .action(async (id: string, opts: IncidentOpts & { output?: string }) => {
      await exportCommand(incidentDir(opts), id, opts.output, !!opts.json);
    });

  for (const cmd of incidents.commands) cmd.exitOverride().showHelpAfterError();
}

function withLocation(cmd: Command): Command {
  return cmd
    .addOption(new Option('-c, --config <file>', 'configuration file whose monitor.analysis.dir holds the incidents').env('PSV_CONFIG'))
    .option('--dir <folder>', 'the incident folder itself (instead of -c)');
}

function out(text: string): void {
  process.stdout.write(text);
}

/**
 * monitor.analysis.dir of the config (default stateDir/incidents), read leniently
 * like `locate()` does for the control address: the evidence of a failure must be
 * reachable even when the config has since been broken.
 */
export function incidentDir(opts: { config?: string; dir?: string }): string {
  if (opts.dir) return resolve(opts.dir);
  if (!opts.config) throw new PsvError('USAGE', 'which incidents? give -c FILE (or set PSV_CONFIG), or --dir FOLDER');
  const { base, monitor, stateDir } = readMonitorSection(opts.config);
  const analysis = (monitor.analysis ?? {}) as Record<string, unknown>;
  return typeof analysis.dir === 'string' ? resolve(base, analysis.dir) : join(stateDir, 'incidents');
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

function shortTime(iso: string): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z` : '-';
}

async function listCommand(dir: string, json: boolean): Promise<void> {
  const list = await listIncidents(dir);
  if (json) return out(JSON.stringify(list, null, 2) + '\n');
  if (list.length === 0) return out(`no incidents in ${dir}\n`);
  const rows = list.map((e: IncidentEntry) => [
    e.id,
    shortTime(e.time),
    e.target,
    e.kind ?? '?',
    e.capture ?? '?',
    formatBytes(e.bytes),
    e.hasDump ? 'yes' : 'no',
    e.damaged ? '(summary.json missing: capture interrupted)' : (e.reason ?? ''),
  ]);
  out(table(['ID', 'TIME', 'TARGET', 'KIND', 'CAPTURE', 'SIZE', 'DUMP', 'REASON'], rows));
}

async function showCommand(dir: string, wanted: string, json: boolean): Promise<void> {
  const id = await findIncident(dir, wanted);
  const folder = join(dir, id);
  const [summary, files, entry] = await Promise.all([readSummary(folder), incidentFiles(folder), describeIncident(dir, id)]);
  if (json) return out(JSON.stringify({ id, folder, summary, files }, null, 2) + '\n');
  out(summary ? summaryText(summary, folder) : `${id}\n  folder: ${folder}\n  summary.json is missing or unreadable (the capture was interrupted)\n`);
  out('\n' + table(['FILE', 'SIZE', 'WHAT'], files.map((f) => [f.file, formatBytes(f.bytes), summary?.captured.find((c) => c.file === f.file)?.what ?? ''])));
  out(`total ${formatBytes(entry.bytes)}${entry.hasDump ? ', with a memory dump' : ''}\n`);
}

function summaryText(s: IncidentSummary, folder: string): string {
  const exit = s.exitCode !== null ? `exit code ${s.exitCode}` : s.signal !== null ? `signal ${s.signal}` : '-';
  const lines: [string, string][] = [
    ['target', s.target],
    ['kind', s.kind],
    ['reason', s.reason],
    ['exit', exit],
    ['pid', s.pid === null ? '-' : String(s.pid)],
    ['started', s.startedAt ?? '-'],
    ['failed', s.failedAt],
    ['uptime', s.uptimeMs === null ? '-' : `${(s.uptimeMs / 1000).toFixed(1)} s`],
    ['command', s.commandLine],
    ['cwd', s.cwd],
    ['restarts', `${s.restarts.used} of ${s.restarts.allowed}`],
    ['capture', s.capture],
    ['host', `${s.host.name} (${s.host.os} ${s.host.release} ${s.host.arch})`],
    ['psv', s.psvVersion],
    ['folder', folder],
  ];
  const width = Math.max(...lines.map(([k]) => k.length));
  let text = `${s.id}\n` + lines.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n') + '\n';
  if (s.skipped.length) text += '\nnot captured:\n' + s.skipped.map((x) => `  ${x.what}: ${x.why}`).join('\n') + '\n';
  if (s.notes.length) text += '\nnotes:\n' + s.notes.map((n) => `  ${n}`).join('\n') + '\n';
  return text;
}

async function exportCommand(dir: string, wanted: string, output: string | undefined, json: boolean): Promise<void> {
  const id = await findIncident(dir, wanted);
  const file = resolve(output ?? `${id}.zip`);
  const zip = await incidentZip(dir, id);
  if (!json && process.stderr.isTTY) for (const f of zip.files) process.stderr.write(`adding ${f.file} (${formatBytes(f.bytes)})\n`);
  try {
    await pipeline(zip.stream, createWriteStream(file));
  } catch (err) {
    throw new PsvError('RUNTIME', `cannot write ${file}: ${(err as Error).message}`);
  }
  const bytes = statSync(file).size;
  const result = { id, file, files: zip.files.length, bytes };
  if (json) return out(JSON.stringify(result, null, 2) + '\n');
  out(`wrote ${file} (${zip.files.length} files, ${formatBytes(bytes)})\n`);
}
