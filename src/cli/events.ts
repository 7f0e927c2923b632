// `psv events`: the monitor's events, from the monitor or (when none runs) its
// event file, one line each with the time on this machine's clock.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseDuration } from '../config/duration.js';
import type { EventRecord } from '../events/bus.js';
import { displayTime } from '../events/time.js';
import { PsvError } from '../errors.js';
import { say } from '../i18n/say.js';
import { findOption, locate, request, type Located } from './remote.js';

const LEVEL_WORDS = {
  Information: { en: 'Information', ja: '情報' },
  Warning: { en: 'Warning', ja: '警告' },
  Error: { en: 'Error', ja: 'エラー' },
} as const;

/** One event as a line: time, level in the output language, id, message (in the monitor's language). */
export function formatEvent(e: EventRecord, utc = false): string {
  const level = e.level in LEVEL_WORDS ? say(LEVEL_WORDS[e.level]) : e.level;
  // Japanese words take two columns a character: pad to the width of the widest (エラー).
  const padded = level === e.level ? level.padEnd(11) : level + ' '.repeat(Math.max(0, 6 - level.length * 2));
  return `${displayTime(e.time, utc)} ${padded} [${e.id}] ${e.message}`;
}

/** `--level Warning,error`: the levels as events name them; a word that is none is a usage error. */
function eventLevels(text: string): string[] {
  const known = Object.keys(LEVEL_WORDS);
  return text.split(',').map((word) => {
    const level = known.find((k) => k.toLowerCase() === word.trim().toLowerCase());
    if (!level) throw new PsvError('USAGE', say({ en: '--level: unknown level {word} (one of {known})', ja: '--level: {word} というレベルはありません ({known} のいずれか)' }, { word: `'${word.trim()}'`, known: known.join(', ') }));
    return level;
  });
}

function readEventsFile(where: Located, since: number | null, target: string | undefined, levels: string[] | undefined): EventRecord[] {
  if (!where.eventsFile) throw new PsvError('NO_MONITOR', say({ en: 'no monitor is running and the config has no event file', ja: 'モニタは動作しておらず、設定にイベントファイルもありません' }));
  let text: string;
  try {
    text = readFileSync(where.eventsFile, 'utf8');
  } catch (err) {
    throw new PsvError(
      'NO_MONITOR',
      say({ en: 'no monitor is running, and {file} cannot be read: {error}', ja: 'モニタは動作しておらず、{file} を読み取れません: {error}' }, { file: where.eventsFile, error: (err as Error).message }),
    );
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

export function registerEvents(program: Command, out: (text: string) => void): void {
  program
    .command('events')
    .description(say({ en: "show the monitor's events (from the event file when no monitor runs)", ja: 'モニタのイベントを表示します (モニタが動作していなければイベントファイルから)' }))
    .addOption(findOption())
    .option('--since <when>', say({ en: 'only events since a duration ago (10m) or an ISO time', ja: '指定した時間前 (10m) または ISO 時刻以降のイベントのみ' }))
    .option('--target <name>', say({ en: 'only events of this target', ja: 'この監視対象のイベントのみ' }))
    .option('--level <levels>', say({ en: 'only events of these levels, comma-separated: Information, Warning, Error', ja: 'これらのレベルのイベントのみ (カンマ区切り: Information, Warning, Error)' }))
    .option('--limit <n>', say({ en: 'at most this many past events (after --level)', ja: '過去のイベントを最大この件数まで (--level の適用後)' }), '1000')
    .option('-f, --follow', say({ en: 'keep printing new events until interrupted', ja: '中断されるまで新しいイベントを表示し続けます' }))
    .option('--utc', say({ en: 'times in UTC (default: local time with its offset)', ja: '時刻を UTC で表示します (既定: オフセット付きのローカル時刻)' }))
    .option('--json', say({ en: 'one JSON object per line', ja: '1 行に 1 つの JSON オブジェクト' }))
    .action(async (opts: { config?: string; json?: boolean; since?: string; target?: string; level?: string; limit: string; follow?: boolean; utc?: boolean }) => {
      const where = locate(opts.config);
      const print = (e: EventRecord): void => out(opts.json ? JSON.stringify(e) + '\n' : formatEvent(e, !!opts.utc) + '\n');
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit <= 0) throw new PsvError('USAGE', say({ en: '--limit must be a positive integer', ja: '--limit には正の整数を指定してください' }));
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
}
