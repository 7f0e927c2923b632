// Numbers and times as people read them, in the page's language.
import { language, t } from './i18n.js';

/** 3d 4h, 2h 5m, 4m 10s, 12s. */
export function duration(ms: number | null): string {
  if (ms === null || ms < 0) return '—';
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const hh = Math.floor((s % 86400) / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  if (d) return `${d}d ${hh}h`;
  if (hh) return `${hh}h ${mm}m`;
  if (mm) return `${mm}m ${ss}s`;
  return `${ss}s`;
}

/** How long since an ISO time, as duration() writes it. */
export function uptime(startedAt: string): string {
  const since = Date.parse(startedAt);
  return Number.isNaN(since) ? '—' : duration(Math.max(0, Date.now() - since));
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
