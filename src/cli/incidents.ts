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
import { translate } from '../events/phrases.js';
import { outputLanguage, say } from '../i18n/say.js';
import { pad, table, width as displayWidth } from './format.js';
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
    .description(say({ en: 'list the recorded failure incidents, show one (ID), or export one as a zip for a support case', ja: '記録された障害情報を一覧表示します。ID を指定するとその 1 件を表示し、export でサポート依頼用の zip ファイルに書き出します' }))
    .usage('[ID] [-c FILE | --dir FOLDER] [--json]\n       psv incidents export ID [-o FILE] [-c FILE | --dir FOLDER] [--json]')
    .addHelpText(
      'after',
      [
        '',
        say({ en: 'Listing and showing:', ja: '一覧と表示:' }),
        `  ID                   ${say({ en: 'show one incident (its ID or a unique beginning of it)', ja: '障害情報を 1 件表示します (ID、または ID の先頭の一意に決まる部分)' })}`,
        `  -c, --config <file>  ${configHelp()} (${say({ en: 'env', ja: '環境変数' })}: PSV_CONFIG)`,
        `  --dir <folder>       ${dirHelp()}`,
        `  --json               ${say({ en: 'print JSON', ja: 'JSON で出力します' })}`,
        '',
        say({ en: 'Examples:', ja: '例:' }),
        '  psv incidents -c psv.yaml',
        '  psv incidents 20240131-235959-123-web -c psv.yaml',
        '  psv incidents export 20240131-235959-123-web -c psv.yaml -o web-incident.zip',
      ].join('\n'),
    )
    .exitOverride()
    .showHelpAfterError();

  withLocation(incidents.command('list [id]', { isDefault: true, hidden: true }).description(say({ en: 'list incidents, or show the one named ID', ja: '障害情報を一覧表示します。ID を指定するとその 1 件を表示します' })))
    .option('--json', say({ en: 'print JSON', ja: 'JSON で出力します' }))
    .action(async (id: string | undefined, opts: IncidentOpts) => {
      const dir = incidentDir(opts);
      if (id === undefined) return listCommand(dir, !!opts.json);
      return showCommand(dir, id, !!opts.json);
    });

  withLocation(incidents.command('export <id>').description(say({ en: 'write one incident as a zip file (to attach to a support case)', ja: '障害情報を 1 件 zip ファイルに書き出します (サポート依頼に添付するため)' })))
    .option('-o, --output <file>', say({ en: 'the zip file to write (default: ID.zip in the current folder)', ja: '書き出す zip ファイル (既定: 現在のフォルダの ID.zip)' }))
    .option('--json', say({ en: 'print the result as JSON', ja: '結果を JSON で出力します' }))
    .action(async (id: string, opts: IncidentOpts & { output?: string }) => {
      await exportCommand(incidentDir(opts), id, opts.output, !!opts.json);
    });

  for (const cmd of incidents.commands) cmd.exitOverride().showHelpAfterError();
}

function configHelp(): string {
  return say({ en: 'configuration file whose monitor.analysis.dir holds the incidents', ja: '障害情報の置き場所 (monitor.analysis.dir) を定める設定ファイル' });
}

function dirHelp(): string {
  return say({ en: 'the incident folder itself (instead of -c)', ja: '障害情報のフォルダそのもの (-c の代わりに)' });
}

function withLocation(cmd: Command): Command {
  return cmd.addOption(new Option('-c, --config <file>', configHelp()).env('PSV_CONFIG')).option('--dir <folder>', dirHelp());
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
  if (!opts.config) throw new PsvError('USAGE', say({ en: 'which incidents? give -c FILE (or set PSV_CONFIG), or --dir FOLDER', ja: 'どの障害情報ですか? -c FILE (または PSV_CONFIG) か --dir FOLDER を指定してください' }));
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
  if (list.length === 0) return out(say({ en: 'no incidents in {dir}', ja: '{dir} に障害情報はありません' }, { dir }) + '\n');
  const yes = say({ en: 'yes', ja: 'あり' });
  const no = say({ en: 'no', ja: 'なし' });
  const damaged = say({ en: '(summary.json missing: capture interrupted)', ja: '(summary.json がありません: 採取が中断されました)' });
  const rows = list.map((e: IncidentEntry) => [
    e.id,
    shortTime(e.time),
    e.target,
    e.kind ?? '?',
    e.capture ?? '?',
    formatBytes(e.bytes),
    e.hasDump ? yes : no,
    e.damaged ? damaged : translate(e.reason ?? '', outputLanguage()),
  ]);
  const headings = [
    'ID',
    say({ en: 'TIME', ja: '時刻' }),
    say({ en: 'TARGET', ja: '監視対象' }),
    say({ en: 'KIND', ja: '種類' }),
    say({ en: 'CAPTURE', ja: '採取' }),
    say({ en: 'SIZE', ja: 'サイズ' }),
    say({ en: 'DUMP', ja: 'ダンプ' }),
    say({ en: 'REASON', ja: '理由' }),
  ];
  out(table(headings, rows));
}

async function showCommand(dir: string, wanted: string, json: boolean): Promise<void> {
  const id = await findIncident(dir, wanted);
  const folder = join(dir, id);
  const [summary, files, entry] = await Promise.all([readSummary(folder), incidentFiles(folder), describeIncident(dir, id)]);
  if (json) return out(JSON.stringify({ id, folder, summary, files }, null, 2) + '\n');
  const missing = say({ en: '{id}\n  folder: {folder}\n  summary.json is missing or unreadable (the capture was interrupted)', ja: '{id}\n  フォルダ: {folder}\n  summary.json がないか読めません (採取が中断されました)' }, { id, folder });
  out(summary ? summaryText(summary, folder) : missing + '\n');
  const headings = [say({ en: 'FILE', ja: 'ファイル' }), say({ en: 'SIZE', ja: 'サイズ' }), say({ en: 'WHAT', ja: '内容' })];
  out('\n' + table(headings, files.map((f) => [f.file, formatBytes(f.bytes), summary?.captured.find((c) => c.file === f.file)?.what ?? ''])));
  const total = entry.hasDump ? say({ en: 'total {size}, with a memory dump', ja: '合計 {size} (メモリダンプを含む)' }, { size: formatBytes(entry.bytes) }) : say({ en: 'total {size}', ja: '合計 {size}' }, { size: formatBytes(entry.bytes) });
  out(total + '\n');
}

function summaryText(s: IncidentSummary, folder: string): string {
  const exit =
    s.exitCode !== null ? say({ en: 'exit code {code}', ja: '終了コード {code}' }, { code: s.exitCode }) : s.signal !== null ? say({ en: 'signal {signal}', ja: 'シグナル {signal}' }, { signal: s.signal }) : '-';
  const lines: [string, string][] = [
    [say({ en: 'target', ja: '監視対象' }), s.target],
    [say({ en: 'kind', ja: '種類' }), s.kind],
    [say({ en: 'reason', ja: '理由' }), translate(s.reason, outputLanguage())],
    [say({ en: 'exit', ja: '終了' }), exit],
    ['pid', s.pid === null ? '-' : String(s.pid)],
    [say({ en: 'started', ja: '起動' }), s.startedAt ?? '-'],
    [say({ en: 'failed', ja: '障害発生' }), s.failedAt],
    [say({ en: 'uptime', ja: '稼働時間' }), s.uptimeMs === null ? '-' : `${(s.uptimeMs / 1000).toFixed(1)} s`],
    [say({ en: 'command', ja: 'コマンド' }), s.commandLine],
    [say({ en: 'cwd', ja: '作業フォルダ' }), s.cwd],
    [say({ en: 'restarts', ja: '再起動回数' }), say({ en: '{used} of {allowed}', ja: '{used} / {allowed}' }, { used: s.restarts.used, allowed: s.restarts.allowed })],
    [say({ en: 'capture', ja: '採取' }), s.capture],
    [say({ en: 'host', ja: 'ホスト' }), `${s.host.name} (${s.host.os} ${s.host.release} ${s.host.arch})`],
    ['psv', s.psvVersion],
    [say({ en: 'folder', ja: 'フォルダ' }), folder],
  ];
  // Padded by display width: a Japanese label takes two columns a character.
  const width = Math.max(...lines.map(([k]) => displayWidth(k)));
  let text = `${s.id}\n` + lines.map(([k, v]) => `  ${pad(k, width)}  ${v}`).join('\n') + '\n';
  if (s.skipped.length) text += `\n${say({ en: 'not captured:', ja: '採取しなかったもの:' })}\n` + s.skipped.map((x) => `  ${x.what}: ${x.why}`).join('\n') + '\n';
  if (s.notes.length) text += `\n${say({ en: 'notes:', ja: '備考:' })}\n` + s.notes.map((n) => `  ${n}`).join('\n') + '\n';
  return text;
}

async function exportCommand(dir: string, wanted: string, output: string | undefined, json: boolean): Promise<void> {
  const id = await findIncident(dir, wanted);
  const file = resolve(output ?? `${id}.zip`);
  const zip = await incidentZip(dir, id);
  if (!json && process.stderr.isTTY) for (const f of zip.files) process.stderr.write(say({ en: 'adding {file} ({size})', ja: '{file} を追加しています ({size})' }, { file: f.file, size: formatBytes(f.bytes) }) + '\n');
  try {
    await pipeline(zip.stream, createWriteStream(file));
  } catch (err) {
    throw new PsvError('RUNTIME', say({ en: 'cannot write {file}: {error}', ja: '{file} に書き込めません: {error}' }, { file, error: (err as Error).message }));
  }
  const bytes = statSync(file).size;
  const result = { id, file, files: zip.files.length, bytes };
  if (json) return out(JSON.stringify(result, null, 2) + '\n');
  out(say({ en: 'wrote {file} ({n} files, {size})', ja: '{file} を書き出しました ({n} ファイル、{size})' }, { file, n: zip.files.length, size: formatBytes(bytes) }) + '\n');
}
