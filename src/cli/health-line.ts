// The one line `psv health` prints, in English and Japanese: what a cluster's
// log shows each time its monitor resource asks.
import type { Language } from '../events/language.js';
import type { Concern, HealthReport } from '../policy/health.js';

/** Names beyond this many are counted, not listed: the line stays one line with 100 targets down. */
const MAX_NAMED = 3;

interface Words {
  state: Record<HealthReport['state'] | 'not-running', string>;
  running(running: number, total: number): string;
  paused(names: string): string;
  stopped(names: string): string;
  monitorPid(pid: number): string;
  concern(c: Concern): string;
  more(n: number): string;
  list: string;
  failover(via: string): string;
  noMonitor(address: string): string;
  otherMonitor(address: string, pid: number, other: string, mine: string): string;
}

const EN: Words = {
  state: { healthy: 'healthy', degraded: 'degraded', failed: 'failed', 'not-running': 'not running' },
  running: (running, total) => `${running} of ${total} target${total === 1 ? '' : 's'} running`,
  paused: (names) => `paused: ${names}`,
  stopped: (names) => `stopped: ${names}`,
  monitorPid: (pid) => `(monitor pid ${pid})`,
  concern: (c) => {
    const who = c.scope === 'group' ? `group ${c.name}` : c.name;
    switch (c.why) {
      case 'restarting':
        return `${who} restarting (${c.restarts} of ${c.retries} retries in ${c.window})`;
      case 'starting':
        return `${who} starting`;
      case 'waiting':
        return `${who} waiting for ${c.waitingFor.join(', ')}`;
      case 'stopping':
        return `${who} stopping`;
      case 'exited':
        return `${who} exited`;
      case 'continuing':
        return `${who} over its retries, restarted on (onRetryOver: continue; ${c.restarts} restarts in ${c.window})`;
      case 'over-retries':
        return `${who} over its retries`;
    }
  },
  more: (n) => `and ${n} more`,
  list: ', ',
  failover: (via) => `; failover requested via ${via}`,
  noMonitor: (address) => `no monitor answers at ${address}`,
  otherMonitor: (address, pid, other, mine) => `the monitor at ${address} (pid ${pid}) runs ${other}, not ${mine}`,
};

const JA: Words = {
  state: { healthy: '正常', degraded: '縮退', failed: '異常', 'not-running': '未稼働' },
  running: (running, total) => `監視対象 ${total} 件中 ${running} 件が稼働中`,
  paused: (names) => `監視一時停止中: ${names}`,
  stopped: (names) => `停止中: ${names}`,
  monitorPid: (pid) => `(モニタ pid ${pid})`,
  concern: (c) => {
    const who = c.scope === 'group' ? `グループ '${c.name}'` : `('${c.name}')`;
    switch (c.why) {
      case 'restarting':
        return `${who} 再起動中 (${c.window} 以内に ${c.retries} 回中 ${c.restarts} 回)`;
      case 'starting':
        return `${who} 起動中`;
      case 'waiting':
        return `${who} ${c.waitingFor.join('、')} の準備待ち`;
      case 'stopping':
        return `${who} 停止処理中`;
      case 'exited':
        return `${who} 終了済み`;
      case 'continuing':
        return `${who} リトライオーバー後も再起動を継続中 (onRetryOver: continue、${c.window} 以内に ${c.restarts} 回)`;
      case 'over-retries':
        return `${who} リトライオーバー`;
    }
  },
  more: (n) => `他 ${n} 件`,
  list: '、',
  failover: (via) => `。${via} 経由でフェイルオーバーを要求しました`,
  noMonitor: (address) => `${address} で応答するモニタがありません`,
  otherMonitor: (address, pid, other, mine) => `${address} のモニタ (pid ${pid}) は ${mine} ではなく ${other} を実行しています`,
};

const WORDS: Record<Language, Words> = { en: EN, ja: JA };

function names(w: Words, items: string[]): string {
  const shown = items.slice(0, MAX_NAMED);
  if (items.length > MAX_NAMED) shown.push(w.more(items.length - MAX_NAMED));
  return shown.join(w.list);
}

/** The line for a monitor that answered. */
export function healthLine(report: HealthReport, monitorPid: number, language: Language): string {
  const w = WORDS[language];
  const head = `${w.state[report.state]}: `;
  if (report.state === 'healthy') {
    const parts = [w.running(report.targets.running.length, report.targets.total)];
    if (report.targets.paused.length) parts.push(w.paused(names(w, report.targets.paused)));
    if (report.targets.stopped.length) parts.push(w.stopped(names(w, report.targets.stopped)));
    return `${head}${parts.join(w.list)} ${w.monitorPid(monitorPid)}`;
  }
  const text = names(w, report.concerns.map(w.concern));
  return head + text + (report.state === 'failed' && report.failover ? w.failover(report.failover.via) : '');
}

/** The line when no monitor of this config answers: none at all, or another config's. */
export function notRunningLine(language: Language, address: string, other?: { pid: number; config: string; mine: string }): string {
  const w = WORDS[language];
  return `${w.state['not-running']}: ${other ? w.otherMonitor(address, other.pid, other.config, other.mine) : w.noMonitor(address)}`;
}
