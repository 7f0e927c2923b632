// Readable output: tables with aligned columns, durations, exits.
import type { GroupStatusInfo, LastExitInfo, TargetStatusInfo } from '../control/protocol.js';

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

export function uptime(ms: number | null): string {
  if (ms === null) return '-';
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d) return `${d}d${h}h`;
  if (h) return `${h}h${m}m`;
  if (m) return `${m}m${sec}s`;
  return `${sec}s`;
}

export function lastExit(e: LastExitInfo | null): string {
  if (!e) return '-';
  const what = e.code !== null ? `code ${e.code}` : `${e.signal ?? 'unknown'}`;
  return `${what} at ${e.time.slice(11, 19)}`;
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
      t.state + (t.adopted && t.kind === 'command' ? '*' : ''),
      t.pid === null ? '-' : String(t.pid),
      uptime(t.instances[0]?.uptimeMs ?? t.uptimeMs),
      `${t.restarts}/${t.retries} in ${t.window}`,
      t.kind === 'service' && t.service ? t.service : lastExit(t.lastExit),
      t.paused ? 'yes' : 'no',
      Object.entries(t.overrides)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ') || '-',
    ]);
    for (const [k, i] of t.instances.slice(1).entries()) {
      rows.push([`  #${k + 2}`, ...(grouped ? [''] : []), '', '', String(i.pid), uptime(i.uptimeMs), '', '', '', '']);
    }
  }
  return table(['NAME', ...(grouped ? ['GROUP'] : []), 'KIND', 'STATE', 'PID', 'UPTIME', 'RESTARTS', 'LAST EXIT', 'PAUSED', 'OVERRIDES'], rows);
}

export function groupTable(groups: GroupStatusInfo[]): string {
  return table(
    ['GROUP', 'STRATEGY', 'STATE', 'RESTARTS', 'MEMBERS'],
    groups.map((g) => [g.name, g.strategy, g.state, `${g.restarts}/${g.retries} in ${g.window}`, g.members.join(', ')]),
  );
}
