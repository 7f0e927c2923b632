// The soak's verdict: each invariant with what broke it, the kill->back
// figures, the monitor's memory and descriptors, the actions done; as
// Markdown for people and as JSON for machines.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmt } from './lib.mjs';

const SHOWN = 12;
const list = (items) => (items.length > SHOWN ? `${items.slice(0, SHOWN).join(', ')}, … (${items.length})` : items.join(', '));

function invariants({ soak, end, left }) {
  const dups = [...soak.duplicates].map(([n, d]) => `${n} (pids ${d.pids.join('+')}; at ${d.atS} s, during ${d.during})`);
  const byCause = {};
  for (const d of soak.duplicates.values()) byCause[d.monitorAfter] = (byCause[d.monitorAfter] ?? 0) + 1;
  const dupSummary = `second copy started under the monitor started after ${Object.entries(byCause).map(([a, n]) => `${a} ×${n}`).join(', ')}`;
  const verbs = [...soak.verbFailures, ...(soak.monitorDeaths ? [`the monitor died on its own ${soak.monitorDeaths} time(s)`] : [])];
  return [
    {
      name: 'exactly one process per target at the end',
      ok: end.missing.length === 0 && end.multiple.length === 0,
      detail: `${end.settled ? 'settled' : 'did not settle'}; none: ${list(end.missing) || '-'}; more than one: ${list(end.multiple) || '-'}`,
    },
    { name: 'never two processes of one target at once', ok: dups.length === 0, detail: dups.length ? `${dupSummary}: ${list(dups)}` : '-' },
    { name: 'no orphaned daemon children', ok: end.orphans.length === 0, detail: `${end.daemonChildren} children; orphans: ${list(end.orphans) || '-'}` },
    {
      name: 'every killed target came back',
      ok: end.neverBack.length === 0,
      detail: `never back: ${list(end.neverBack) || '-'}; back but not timed: ${soak.untimed} (the new process started while the soak was looking)`,
    },
    { name: 'the monitor never died on its own, every psv verb succeeded', ok: verbs.length === 0, detail: list(verbs) || '-' },
    { name: 'the number of processes stayed bounded', ok: !soak.runaway, detail: soak.runaway ? 'stopped early: duplicates multiplying' : '-' },
    { name: 'nothing left running after psv stop', ok: left.length === 0, detail: `${left.length} left: ${list(left) || '-'}` },
  ];
}

function monitorFigures(soak) {
  const first = soak.monitors[0];
  const last = soak.monitors.at(-1);
  return {
    monitorsStarted: soak.monitors.length,
    firstMonitorFirst: first.first,
    lastMonitorFirst: last.first,
    lastMonitorLast: last.last,
  };
}

const BACK_LABELS = {
  alone: 'target killed alone (all)',
  child: '… started by this monitor',
  adopted: '… adopted or left by a dead helper (seen at the next check)',
  withMonitor: 'target killed with the monitor',
};

function markdown(r) {
  const inv = r.invariants.map((i) => `| ${i.name} | ${i.ok ? 'ok' : '**FAIL**'} | ${i.detail.replaceAll('|', '/')} |`);
  const back = Object.entries(r.killToBackMs).map(([k, s]) => `| ${BACK_LABELS[k]} | ${s.n} | ${fmt(s.p50)} | ${fmt(s.p99)} | ${fmt(s.max)} |`);
  const m = r.monitor;
  const row = (label, s) => `| ${label} | ${s?.pid ?? '-'} | ${s ? (s.rssKiB / 1024).toFixed(1) : '-'} | ${s?.fds ?? '-'} |`;
  const unprompted = Object.entries(r.unpromptedStarts);
  return [
    `## psv soak: ${r.targets} targets, ${r.durationS} s of actions (seed ${r.seed})`,
    '',
    `Verdict: **${r.ok ? 'all invariants hold' : 'FAILED'}**`,
    '',
    '| invariant | result | detail |',
    '|---|---|---|',
    ...inv,
    '',
    '| kill→back | kills | p50 ms | p99 ms | max ms |',
    '|---|---|---|---|---|',
    ...back,
    `Slowest: ${r.slowestBack.map((b) => `${b.name} ${fmt(b.ms)} ms (${b.kind}, killed at ${b.atS} s)`).join('; ') || '-'}.`,
    '',
    `Starts no kill asked for: ${unprompted.reduce((a, [, n]) => a + n, 0)} (${list(unprompted.map(([n, c]) => `${n}×${c}`)) || '-'}).`,
    '',
    `| monitor (${m.monitorsStarted} started) | pid | RSS MiB | fds |`,
    '|---|---|---|---|',
    row('first monitor, first sample', m.firstMonitorFirst),
    row('last monitor, first sample', m.lastMonitorFirst),
    row('last monitor, last sample', m.lastMonitorLast),
    '',
    `Actions: ${Object.entries(r.actions).map(([k, n]) => `${k} ${n}`).join(', ')}.`,
    `Error and Critical events written: ${Object.entries(r.alertEvents).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}.`,
    `state.json damages: ${r.damages.map((d) => `${d.mode}${d.sizeBefore === null ? ' (absent)' : ''}`).join(', ') || '-'}.`,
  ].join('\n');
}

export function report({ soak, end, left, N, durationS, seed, backMs, alerts }) {
  const inv = invariants({ soak, end, left });
  const json = {
    ok: inv.every((i) => i.ok),
    date: new Date().toISOString(),
    targets: N,
    durationS,
    seed,
    invariants: inv,
    end: { ...end, duplicates: Object.fromEntries(soak.duplicates), leftAfterStop: left, verbFailures: soak.verbFailures, monitorDeaths: soak.monitorDeaths },
    killToBackMs: backMs,
    slowestBack: soak.slowest,
    unpromptedStarts: Object.fromEntries(soak.unprompted),
    monitor: monitorFigures(soak),
    actions: soak.counts,
    alertEvents: alerts,
    damages: soak.damages,
  };
  return { ok: json.ok, json, markdown: markdown(json) };
}

/** Error and Critical events the monitors wrote, by name: what an operator would have been alerted to. */
export function alertEvents(stateDir) {
  const counts = {};
  for (const file of readdirSync(stateDir).filter((f) => f.startsWith('events.jsonl'))) {
    for (const line of readFileSync(join(stateDir, file), 'utf8').split('\n').filter(Boolean)) {
      const e = JSON.parse(line);
      if (e.level === 'Error' || e.level === 'Critical') counts[e.event] = (counts[e.event] ?? 0) + 1;
    }
  }
  return counts;
}
