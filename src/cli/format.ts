// Readable output: tables with aligned columns, durations, exits.
import type { GroupStatusInfo, LastExitInfo, TargetStatusInfo } from '../control/protocol.js';
import { outputLanguage, say, type Bilingual } from '../i18n/say.js';
import { uptimeIn } from './uptime.js';

/** A target's or group's state as the table shows it (the JSON keeps the English word). */
const STATE_WORDS: Record<string, Bilingual> = {
  Stopped: { en: 'Stopped', ja: '停止' },
  Waiting: { en: 'Waiting', ja: '待機中' },
  Starting: { en: 'Starting', ja: '起動中' },
  Running: { en: 'Running', ja: '実行中' },
  Backoff: { en: 'Backoff', ja: '再起動待ち' },
  Stopping: { en: 'Stopping', ja: '停止中' },
  Exited: { en: 'Exited', ja: '終了' },
  Failed: { en: 'Failed', ja: '異常停止' },
  Restarting: { en: 'Restarting', ja: '再起動中' },
};

export function stateWord(state: string): string {
  const w = STATE_WORDS[state];
  return w ? say(w) : state;
}

/** Display width: a full-width character (Japanese) takes two columns. */
export function width(text: string): number {
  let n = 0;
  for (const ch of text) n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) || ch.codePointAt(0)! > 0x1ffff ? 2 : 1;
  return n;
}

/** The text padded with spaces to `to` display columns. */
export function pad(text: string, to: number): string {
  return text + ' '.repeat(Math.max(0, to - width(text)));
}

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

export function uptime(ms: number | null): string {
  return uptimeIn(ms, outputLanguage());
}

export function lastExit(e: LastExitInfo | null): string {
  if (!e) return '-';
  const what = e.code !== null ? say({ en: 'code {code}', ja: '終了コード {code}' }, { code: e.code }) : e.signal ?? say({ en: 'unknown', ja: '不明' });
  return say({ en: '{what} at {time}', ja: '{what} ({time})' }, { what, time: localClock(e.time) });
}

/** The time of day of an ISO time, on this machine's clock (the table's times are local). */
export function localClock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** A restart count in its window: 1/3 in 10m. */
function restartsIn(restarts: number, retries: number, window: string): string {
  return say({ en: '{restarts}/{retries} in {window}', ja: '{window}中 {restarts}/{retries}' }, { restarts, retries, window });
}

/** One row per target; a target with several instances gets one more row per extra instance. */
export function statusTable(targets: TargetStatusInfo[]): string {
  const grouped = targets.some((t) => t.group !== null);
  const rows: string[][] = [];
  for (const t of targets) {
    rows.push([
      t.name,
      ...(grouped ? [t.group ?? '-'] : []),
      t.kind,
      stateWord(t.state) + (t.adopted && t.kind === 'command' ? '*' : ''),
      t.pid === null ? '-' : String(t.pid),
      uptime(t.instances[0]?.uptimeMs ?? t.uptimeMs),
      restartsIn(t.restarts, t.retries, t.window),
      t.kind === 'service' && t.service ? t.service : lastExit(t.lastExit),
      t.paused ? say({ en: 'yes', ja: 'はい' }) : say({ en: 'no', ja: 'いいえ' }),
      Object.entries(t.overrides)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ') || '-',
    ]);
    for (const [k, i] of t.instances.slice(1).entries()) {
      rows.push([`  #${k + 2}`, ...(grouped ? [''] : []), '', '', String(i.pid), uptime(i.uptimeMs), '', '', '', '']);
    }
  }
  const headers = [
    say({ en: 'NAME', ja: '名前' }),
    ...(grouped ? [say({ en: 'GROUP', ja: 'グループ' })] : []),
    say({ en: 'KIND', ja: '種類' }),
    say({ en: 'STATE', ja: '状態' }),
    'PID',
    say({ en: 'UPTIME', ja: '稼働時間' }),
    say({ en: 'RESTARTS', ja: '再起動回数' }),
    say({ en: 'LAST EXIT', ja: '前回の終了' }),
    say({ en: 'PAUSED', ja: '一時停止' }),
    say({ en: 'OVERRIDES', ja: '一時変更' }),
  ];
  return table(headers, rows);
}

export function groupTable(groups: GroupStatusInfo[]): string {
  return table(
    [say({ en: 'GROUP', ja: 'グループ' }), say({ en: 'STRATEGY', ja: '再起動方式' }), say({ en: 'STATE', ja: '状態' }), say({ en: 'RESTARTS', ja: '再起動回数' }), say({ en: 'MEMBERS', ja: 'メンバー' })],
    groups.map((g) => [g.name, g.strategy, stateWord(g.state), restartsIn(g.restarts, g.retries, g.window), g.members.join(', ')]),
  );
}
