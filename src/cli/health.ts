// `psv health`: what a cluster's monitor resource asks every few seconds. One
// status request with a deadline, read as healthy / degraded / failed (or not
// running), one line and a distinct exit code per answer.
import { Command, Option } from 'commander';
import { parseDuration } from '../config/duration.js';
import { call, NoMonitorError, RemoteError } from '../control/client.js';
import { readToken } from '../control/endpoint.js';
import type { FailoverInfo, StatusResult } from '../control/protocol.js';
import { EXIT, PsvError } from '../errors.js';
import { say } from '../i18n/say.js';
import { localeLanguage, type Language } from '../events/language.js';
import { platform } from '../platform/index.js';
import { classifyHealth, type HealthReport } from '../policy/health.js';
import { explicitLanguage } from './help.js';
import { healthLine, notRunningLine } from './health-line.js';
import { locate, requestFailure, type Located } from './remote.js';

export type HealthAnswer = HealthReport['state'] | 'not-running';

/** The exit code of each answer: what the cluster's monitor resource branches on. */
export const HEALTH_EXIT: Record<HealthAnswer, number> = {
  healthy: EXIT.ok,
  degraded: EXIT.degraded,
  failed: EXIT.failover,
  'not-running': EXIT.noMonitor,
};

/** The `--json` object. */
export interface HealthJson {
  state: HealthAnswer;
  exitCode: number;
  message: string;
  monitor: { pid: number; config: string; control: string } | null;
  targets: HealthReport['targets'];
  groups: HealthReport['groups'];
  failover: FailoverInfo | null;
}

interface HealthOpts {
  config?: string;
  json?: boolean;
  timeout: string;
}

/**
 * The language of the line: --lang or PSV_LANG when given, else the config's
 * monitor.events.language when it names one (the config found by its place too,
 * not only -c), else the locale (the rule events follow).
 */
function lineLanguage(where: Located): Language {
  const chosen = explicitLanguage();
  if (chosen !== null) return chosen;
  const events = where.monitor.events as { language?: unknown } | null | undefined;
  if (events?.language === 'en' || events?.language === 'ja') return events.language;
  return localeLanguage();
}

function timeoutMs(text: string): number {
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch (err) {
    throw new PsvError('USAGE', `--timeout: ${(err as Error).message}`);
  }
  if (ms <= 0) throw new PsvError('USAGE', say({ en: '--timeout must be longer than 0s', ja: '--timeout には 0s より長い時間を指定してください' }));
  return ms;
}

function notRunning(message: string): HealthJson {
  const none = { total: 0, running: [], degraded: [], failed: [], paused: [], stopped: [] };
  return { state: 'not-running', exitCode: HEALTH_EXIT['not-running'], message, monitor: null, targets: none, groups: { degraded: [], failed: [] }, failover: null };
}

/** Asks the monitor once; no answer from this config's monitor is an answer too (not running). */
export async function checkHealth(where: Located, language: Language, deadlineMs: number): Promise<HealthJson> {
  let status: StatusResult;
  try {
    status = (await call(where.address, 'status', {}, { token: readToken(platform, where.address), config: where.realConfig, timeoutMs: deadlineMs })) as StatusResult;
  } catch (err) {
    if (err instanceof NoMonitorError) return notRunning(notRunningLine(language, where.address));
    if (err instanceof RemoteError && err.body.code === 'WRONG_MONITOR' && err.body.monitor) {
      const other = { ...err.body.monitor, mine: where.config ?? where.address };
      return notRunning(notRunningLine(language, where.address, other));
    }
    throw requestFailure(where, err);
  }
  const report = classifyHealth(status);
  const { pid, config, control } = status.monitor;
  return {
    state: report.state,
    exitCode: HEALTH_EXIT[report.state],
    message: healthLine(report, pid, language),
    monitor: { pid, config, control },
    targets: report.targets,
    groups: report.groups,
    failover: report.failover,
  };
}

/** Adds `psv health` to the program. */
export function registerHealth(program: Command, setExit: (code: number) => void): void {
  program
    .command('health')
    .description(
      say({
        en: 'one line for a cluster: exit 0 healthy, 6 degraded (restarting within its retries), 4 failed (retry over), 3 not running',
        ja: 'クラスタ向けに 1 行で答えます: 終了コード 0 正常、6 縮退 (再試行回数内で再起動中)、4 異常 (再試行回数超過)、3 モニタ停止中',
      }),
    )
    .addOption(new Option('-c, --config <file>', say({ en: 'configuration file of the monitor to ask (else PSV_CONTROL)', ja: '問い合わせるモニタの設定ファイル (指定がなければ PSV_CONTROL)' })).env('PSV_CONFIG'))
    .option('--timeout <duration>', say({ en: 'give up (exit 1) when the monitor has not answered within this long', ja: 'モニタがこの時間内に応答しなければあきらめます (終了コード 1)' }), '10s')
    .option('--json', say({ en: 'print one JSON object: state, exitCode, message, monitor, targets, groups, failover', ja: 'JSON オブジェクトを 1 つ出力します: state、exitCode、message、monitor、targets、groups、failover' }))
    .action(async (opts: HealthOpts) => {
      const deadline = timeoutMs(opts.timeout);
      const where = locate(opts.config);
      const answer = await checkHealth(where, lineLanguage(where), deadline);
      process.stdout.write(opts.json ? JSON.stringify(answer, null, 2) + '\n' : answer.message + '\n');
      setExit(answer.exitCode);
    });
}
