// Numbers and times as people read them, in the page's language; durations as
// `psv status` writes them.
import { uptimeIn } from '../../cli/uptime.js';
import { language, t } from './i18n.js';

/** How long since an ISO time, as duration() writes it. */
export function uptime(startedAt: string): string {
  const since = Date.parse(startedAt);
  return Number.isNaN(since) ? '—' : uptimeIn(Math.max(0, Date.now() - since), language());
}

export function time(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(language() === 'ja' ? 'ja-JP' : 'en-GB', { hour12: false });
}

export function lastExit(exit: { code: number | null; signal: string | null; time: string } | null): string {
  if (!exit) return '—';
  const how = exit.signal ? t('status.exitSignal', { signal: exit.signal }) : t('status.exitCode', { code: String(exit.code) });
  return `${how} (${time(exit.time)})`;
}
