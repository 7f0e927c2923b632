// How long a process has run, as psv status writes it: a leaf with no Node
// imports, shared with the console's browser code.

/** ms as 2d3h, 4h5m, 6m7s or 8s (日/時間/分/秒 in Japanese); '-' for none. */
export function uptimeIn(ms: number | null, language: 'en' | 'ja'): string {
  if (ms === null) return '-';
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (language === 'ja') {
    if (d) return `${d}日${h}時間`;
    if (h) return `${h}時間${m}分`;
    if (m) return `${m}分${sec}秒`;
    return `${sec}秒`;
  }
  if (d) return `${d}d${h}h`;
  if (h) return `${h}h${m}m`;
  if (m) return `${m}m${sec}s`;
  return `${sec}s`;
}
