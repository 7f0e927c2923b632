// psv check --verbose: the most disk the monitor for a config can use, item by item.
import type { DiskBudget, DiskItemKind } from '../config/disk.js';
import { say, type Bilingual } from '../i18n/say.js';
import { pad, width } from './format.js';

const WHAT: Record<DiskItemKind, Bilingual> = {
  events: { en: 'event file (rotated)', ja: 'イベントファイル (ローテーション込み)' },
  output: { en: 'monitor output (psv start)', ja: 'モニタ出力 (psv start 時)' },
  targetLogs: { en: 'target logs (rotated)', ja: 'ターゲットのログ (ローテーション込み)' },
  incidents: { en: 'incidents', ja: 'インシデント' },
  state: { en: 'state and journal', ja: '状態とジャーナル' },
};

/** Bytes as an admin reads them: 1 decimal in the largest binary unit. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** The report's lines, ending with the total. */
export function diskReportLines(budget: DiskBudget): string[] {
  const unbounded = say({ en: 'no bound (rotation off)', ja: '上限なし (ローテーション無効)' });
  const lines = [say({ en: 'Disk use at most (the sum of the configured bounds):', ja: 'ディスク使用量の上限 (設定された上限の合計):' })];
  const column = Math.max(...budget.items.map((i) => width(say(WHAT[i.kind]))));
  for (const item of budget.items) {
    lines.push(`  ${pad(say(WHAT[item.kind]), column)}  ${(item.bytes === null ? unbounded : formatBytes(item.bytes)).padStart(10)}  ${item.path}`);
  }
  lines.push(
    budget.total === null
      ? say({ en: '  total: no bound: a file above is not rotated', ja: '  合計: 上限なし (ローテーションしないファイルがあります)' })
      : say({ en: '  total: {size}', ja: '  合計: {size}' }, { size: formatBytes(budget.total) }),
  );
  return lines;
}
