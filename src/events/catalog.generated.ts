// Generated from manifest/events.yaml by scripts/gen-events.mjs. Do not edit.

export type EventLevel = 'Information' | 'Warning' | 'Error';

export interface EventDefinition {
  readonly id: number;
  readonly name: EventName;
  readonly level: EventLevel;
  readonly fields: readonly string[];
  readonly en: string;
  readonly ja: string;
  readonly action: string;
}

export interface EventFieldMap {
  MonitorStarted: { version: string; config: string; targets: number; };
  MonitorStopped: { reason: string; keepTargets: boolean; };
  TargetStarted: { target: string; pid: number; command: string; };
  TargetUp: { target: string; pid: number; };
  TargetStopped: { target: string; pid: number; reason: string; };
  RestartAttempt: { target: string; attempt: number; retries: number; delayMs: number; };
  RestartScriptRun: { target: string; script: string; exitCode: number; };
  TargetAdopted: { target: string; pid: number; how: string; };
  TargetReleased: { target: string; pid: number; };
  TargetPaused: { target: string; };
  TargetResumed: { target: string; };
  TargetReset: { target: string; };
  TargetChanged: { target: string; settings: string; };
  InstanceKilled: { target: string; pid: number; count: number; max: number; };
  RestoreCommandStarted: { target: string; pid: number; command: string; instance: number; };
  TargetReady: { target: string; pid: number; };
  LeftoverKilled: { target: string; pid: number; root: number; };
  TargetNotRestarted: { target: string; how: string; restartType: string; };
  GroupRestart: { group: string; strategy: string; cause: string; members: string; attempt: number; retries: number; delayMs: number; };
  GroupRestarted: { group: string; members: string; };
  OperatorCommand: { verb: string; target: string; user: string; };
  ConfigReloaded: { config: string; added: number; removed: number; changed: number; unchanged: number; };
  IncidentRecorded: { target: string; kind: string; capture: string; folder: string; };
  TargetDown: { target: string; pid: number; exitCode: number | null; signal: string | null; how: string; };
  TargetDownPaused: { target: string; pid: number; how: string; };
  ConfigRejected: { config: string; problems: number; first: string; };
  AccessDenied: { verb: string; peer: string; claimed: string; };
  InstancesExcess: { target: string; count: number; max: number; };
  ServiceStopped: { target: string; service: string; detail: string; };
  EventsSuppressed: { eventName: string; target: string; count: number; window: string; };
  EventsDropped: { sink: string; count: number; };
  EventSinkUnavailable: { sink: string; reason: string; };
  ToolFailed: { tool: string; error: string; };
  StateRecovered: { dir: string; problem: string; targets: number; names: string; };
  StateWriteFailed: { file: string; error: string; dir: string; };
  StateWriteRecovered: { dir: string; };
  StallDetected: { target: string; pid: number; reason: string; };
  DuplicateKilled: { target: string; pid: number; kept: number; };
  RestartFailed: { target: string; error: string; };
  RetryOver: { target: string; restarts: number; window: string; action: string; };
  GroupRetryOver: { group: string; restarts: number; window: string; action: string; };
  Failover: { target: string; exitCode: number; };
  ConfigInvalid: { config: string; problems: number; first: string; };
  MonitorError: { error: string; };
}

export type EventName = keyof EventFieldMap;

export const CATALOG: Readonly<Record<EventName, EventDefinition>> = {
  MonitorStarted: {
    id: 100,
    name: 'MonitorStarted',
    level: 'Information',
    fields: ["version","config","targets"],
    en: "Monitor started (psv {version}, config {config}, {targets} targets)",
    ja: "モニタを開始しました (psv {version}、設定 {config}、監視対象 {targets} 件)",
    action: "None.",
  },
  MonitorStopped: {
    id: 101,
    name: 'MonitorStopped',
    level: 'Information',
    fields: ["reason","keepTargets"],
    en: "Monitor stopped ({reason})",
    ja: "モニタを停止しました ({reason})",
    action: "None if the stop was planned; otherwise find out who stopped it.",
  },
  TargetStarted: {
    id: 110,
    name: 'TargetStarted',
    level: 'Information',
    fields: ["target","pid","command"],
    en: "('{target}', pid={pid}) Started: {command}",
    ja: "('{target}', pid={pid}) を起動しました: {command}",
    action: "None.",
  },
  TargetUp: {
    id: 111,
    name: 'TargetUp',
    level: 'Information',
    fields: ["target","pid"],
    en: "('{target}', pid={pid}) Up",
    ja: "('{target}', pid={pid}) Up",
    action: "None.",
  },
  TargetStopped: {
    id: 112,
    name: 'TargetStopped',
    level: 'Information',
    fields: ["target","pid","reason"],
    en: "('{target}', pid={pid}) Stopped ({reason})",
    ja: "('{target}', pid={pid}) を停止しました ({reason})",
    action: "None.",
  },
  RestartAttempt: {
    id: 120,
    name: 'RestartAttempt',
    level: 'Information',
    fields: ["target","attempt","retries","delayMs"],
    en: "Try to restart ('{target}') (attempt {attempt} of {retries}, after {delayMs} ms)",
    ja: "('{target}') の再起動を試みます ({retries} 回中 {attempt} 回目、{delayMs} ms 後)",
    action: "None; watch for RestartFailed or RetryOver.",
  },
  RestartScriptRun: {
    id: 121,
    name: 'RestartScriptRun',
    level: 'Information',
    fields: ["target","script","exitCode"],
    en: "Restart script of ('{target}') finished: {script} (exit code {exitCode})",
    ja: "('{target}') の再起動スクリプトが終了しました: {script} (終了コード {exitCode})",
    action: "None.",
  },
  TargetAdopted: {
    id: 113,
    name: 'TargetAdopted',
    level: 'Information',
    fields: ["target","pid","how"],
    en: "('{target}', pid={pid}) Adopted: still running from before the monitor restarted (found by {how})",
    ja: "('{target}', pid={pid}) を引き継ぎました: モニタの再起動前から動作しています ({how} で検出)",
    action: "None.",
  },
  TargetReleased: {
    id: 114,
    name: 'TargetReleased',
    level: 'Information',
    fields: ["target","pid"],
    en: "('{target}', pid={pid}) Left running: the monitor stops without stopping it",
    ja: "('{target}', pid={pid}) を動作させたままモニタを停止します",
    action: "None; the next monitor start adopts it.",
  },
  TargetPaused: {
    id: 115,
    name: 'TargetPaused',
    level: 'Information',
    fields: ["target"],
    en: "Monitoring of ('{target}') paused",
    ja: "('{target}') の監視を一時停止しました",
    action: "Resume monitoring when the maintenance is over (psv resume NAME).",
  },
  TargetResumed: {
    id: 116,
    name: 'TargetResumed',
    level: 'Information',
    fields: ["target"],
    en: "Monitoring of ('{target}') resumed",
    ja: "('{target}') の監視を再開しました",
    action: "None.",
  },
  TargetReset: {
    id: 117,
    name: 'TargetReset',
    level: 'Information',
    fields: ["target"],
    en: "Retry count of ('{target}') reset",
    ja: "('{target}') のリトライ回数をリセットしました",
    action: "None.",
  },
  TargetChanged: {
    id: 118,
    name: 'TargetChanged',
    level: 'Information',
    fields: ["target","settings"],
    en: "Parameters of ('{target}') changed: {settings}",
    ja: "('{target}') のパラメータを変更しました: {settings}",
    action: "None.",
  },
  InstanceKilled: {
    id: 119,
    name: 'InstanceKilled',
    level: 'Information',
    fields: ["target","pid","count","max"],
    en: "('{target}', pid={pid}) Killed: {count} instances run, at most {max} are allowed (onExcess: kill-newest)",
    ja: "('{target}', pid={pid}) を終了しました: {count} 個のインスタンスが動作中で、上限は {max} です (onExcess: kill-newest)",
    action: "Find out what starts the extra instances.",
  },
  RestoreCommandStarted: {
    id: 122,
    name: 'RestoreCommandStarted',
    level: 'Information',
    fields: ["target","pid","command","instance"],
    en: "Restore command of ('{target}') started (pid={pid}, instance {instance}): {command}",
    ja: "('{target}') の復旧コマンドを起動しました (pid={pid}、インスタンス {instance}): {command}",
    action: "None; psv confirms the process is back within restart.confirmTimeout.",
  },
  TargetReady: {
    id: 123,
    name: 'TargetReady',
    level: 'Information',
    fields: ["target","pid"],
    en: "('{target}', pid={pid}) Ready: targets that depend on it may start",
    ja: "('{target}', pid={pid}) Ready: 依存する監視対象を起動できます",
    action: "None.",
  },
  LeftoverKilled: {
    id: 124,
    name: 'LeftoverKilled',
    level: 'Information',
    fields: ["target","pid","root"],
    en: "('{target}', pid={pid}) Killed: left behind by the target's process pid={root}, which is gone",
    ja: "('{target}', pid={pid}) を強制終了しました: 終了済みの監視対象プロセス pid={root} が残したプロセスです",
    action: "None; psv cleans up what a dead target daemonized. If it repeats, check how the target ends its children.",
  },
  TargetNotRestarted: {
    id: 125,
    name: 'TargetNotRestarted',
    level: 'Information',
    fields: ["target","how","restartType"],
    en: "('{target}') Not restarted: it ended ({how}) and its restart type {restartType} does not count that as a failure",
    ja: "('{target}') は再起動しません: 終了しました ({how})。再起動種別 {restartType} ではこの終了を障害とみなしません",
    action: "None if the target was meant to end; start it again with psv restart.",
  },
  GroupRestart: {
    id: 140,
    name: 'GroupRestart',
    level: 'Information',
    fields: ["group","strategy","cause","members","attempt","retries","delayMs"],
    en: "Group '{group}' restarts ({strategy}) because ('{cause}') failed: {members} (attempt {attempt} of {retries}, after {delayMs} ms)",
    ja: "('{cause}') の障害によりグループ '{group}' を再起動します ({strategy}): {members} ({retries} 回中 {attempt} 回目、{delayMs} ms 後)",
    action: "None; watch for GroupRetryOver.",
  },
  GroupRestarted: {
    id: 141,
    name: 'GroupRestarted',
    level: 'Information',
    fields: ["group","members"],
    en: "Group '{group}' restarted: {members}",
    ja: "グループ '{group}' を再起動しました: {members}",
    action: "None.",
  },
  OperatorCommand: {
    id: 130,
    name: 'OperatorCommand',
    level: 'Information',
    fields: ["verb","target","user"],
    en: "Operator command '{verb}' on {target} by {user}",
    ja: "オペレータコマンド '{verb}' ({target}) 実行者 {user}",
    action: "None.",
  },
  ConfigReloaded: {
    id: 131,
    name: 'ConfigReloaded',
    level: 'Information',
    fields: ["config","added","removed","changed","unchanged"],
    en: "Configuration {config} reloaded: {added} added, {removed} removed, {changed} changed, {unchanged} unchanged",
    ja: "設定 {config} を再読み込みしました: 追加 {added}、削除 {removed}、変更 {changed}、変更なし {unchanged}",
    action: "None.",
  },
  IncidentRecorded: {
    id: 150,
    name: 'IncidentRecorded',
    level: 'Information',
    fields: ["target","kind","capture","folder"],
    en: "Incident of ('{target}') recorded ({kind}, {capture} capture): {folder}",
    ja: "('{target}') の障害情報を採取しました ({kind}、{capture} 採取): {folder}",
    action: "Look into the cause with psv incidents; attach psv incidents export ID to a support case.",
  },
  TargetDown: {
    id: 200,
    name: 'TargetDown',
    level: 'Warning',
    fields: ["target","pid","exitCode","signal","how"],
    en: "Process ['{target}', pid={pid}] Down ({how})",
    ja: "プロセス ['{target}', pid={pid}] Down ({how})",
    action: "Check the target's log and incident; psv restarts it under its retry rule.",
  },
  TargetDownPaused: {
    id: 201,
    name: 'TargetDownPaused',
    level: 'Warning',
    fields: ["target","pid","how"],
    en: "Process ['{target}', pid={pid}] Down ({how}); monitoring is paused, not restarting",
    ja: "プロセス ['{target}', pid={pid}] Down ({how})。監視を一時停止中のため再起動しません",
    action: "Restart the target by hand, or resume monitoring.",
  },
  ConfigRejected: {
    id: 202,
    name: 'ConfigRejected',
    level: 'Warning',
    fields: ["config","problems","first"],
    en: "Reload of {config} rejected ({problems} problems): {first}; the running configuration stays",
    ja: "{config} の再読み込みを拒否しました ({problems} 件の問題): {first}。現在の設定のまま動作します",
    action: "Run psv check -c FILE, fix every problem, and reload again.",
  },
  AccessDenied: {
    id: 203,
    name: 'AccessDenied',
    level: 'Warning',
    fields: ["verb","peer","claimed"],
    en: "Control request '{verb}' refused: it did not carry the monitor's token. The sender is not verified ({peer}); the request claims {claimed} (unverified)",
    ja: "制御要求 '{verb}' を拒否しました: モニタのトークンがありません。送信者は検証されていません ({peer})。要求の自称: {claimed} (未検証)",
    action: "Only the endpoint's owners can send a request (see docs/security.md): find out which of them ran psv without the token, e.g. a stale PSV_CONTROL, or a script run as another member of the admin group. The claimed user and pid are what the request says, not proof.",
  },
  InstancesExcess: {
    id: 204,
    name: 'InstancesExcess',
    level: 'Warning',
    fields: ["target","count","max"],
    en: "('{target}') {count} instances are running, more than the {max} allowed",
    ja: "('{target}') {count} 個のインスタンスが動作しており、上限 {max} を超えています",
    action: "Find out what starts the extra instances; set onExcess kill-newest to have psv end them.",
  },
  ServiceStopped: {
    id: 205,
    name: 'ServiceStopped',
    level: 'Warning',
    fields: ["target","service","detail"],
    en: "Service {service} of ('{target}') was stopped through the service manager ({detail}); left stopped",
    ja: "('{target}') のサービス {service} はサービスマネージャから停止されました ({detail})。停止したままにします",
    action: "Start the service again when the maintenance is over; set restartWhenStopped to have psv restart it.",
  },
  EventsSuppressed: {
    id: 240,
    name: 'EventsSuppressed',
    level: 'Warning',
    fields: ["eventName","target","count","window"],
    en: "{count} more '{eventName}' events of ('{target}') were suppressed within {window} (flood control)",
    ja: "{window} 以内に ('{target}') の '{eventName}' イベントをさらに {count} 件抑止しました (フラッド制御)",
    action: "The target is flapping; read its earlier events and its log. Raise events.flood.perMinute to see every event.",
  },
  EventsDropped: {
    id: 241,
    name: 'EventsDropped',
    level: 'Warning',
    fields: ["sink","count"],
    en: "{count} events could not be written to the {sink} sink (queue full or sink failing); the other sinks have them",
    ja: "{count} 件のイベントを {sink} シンクに書き込めませんでした (キューが満杯、またはシンクの障害)。他のシンクには記録されています",
    action: "Check the destination of that sink (syslog daemon, Event Log, disk); monitoring goes on meanwhile.",
  },
  EventSinkUnavailable: {
    id: 242,
    name: 'EventSinkUnavailable',
    level: 'Warning',
    fields: ["sink","reason"],
    en: "Event sink {sink} is not available: {reason}; events still go to the other sinks",
    ja: "イベントシンク {sink} を使用できません: {reason}。イベントは他のシンクには記録されます",
    action: "Windows: register the event source as an administrator (Install-PsvService registers it). Linux: check the syslog daemon and events.syslog.address. File: free space on its disk or fix its permissions; psv retries with the next events and writes EventsDropped there once it works again.",
  },
  ToolFailed: {
    id: 280,
    name: 'ToolFailed',
    level: 'Warning',
    fields: ["tool","error"],
    en: "Cannot run the system tool {tool}: {error}; psv carries on without it (a process it could not end with the tool is ended directly or when its stop timeout passes)",
    ja: "システムツール {tool} を実行できません: {error}。psv はそのツールなしで処理を続けます (そのツールで終了できなかったプロセスは直接、または停止タイムアウト後に終了します)",
    action: "Check that the tool exists and that the monitor's account may run it (Windows: %SystemRoot%\\System32), and that the machine is not out of processes or memory.",
  },
  StateRecovered: {
    id: 260,
    name: 'StateRecovered',
    level: 'Warning',
    fields: ["dir","problem","targets","names"],
    en: "The saved state in {dir} could not be used as it was: {problem}. Assumed: the targets without a usable saved state ({targets}: {names}) are adopted when found running and started otherwise, and their retry counts start from zero; live settings (psv set) are kept only where the state could be read",
    ja: "{dir} の保存された状態をそのままでは使用できませんでした: {problem}。次のように扱います: 使用できる保存状態のない監視対象 ({targets} 件: {names}) は、実行中であれば引き継ぎ、そうでなければ起動し、再試行回数は 0 から数えます。ライブ設定 (psv set) は読み取れた範囲でのみ保持します",
    action: "Check the targets with psv status and apply again any psv set that is gone. Find out what damaged the file (a full disk, a crash of the machine, an edit by hand); psv has written the state anew.",
  },
  StateWriteFailed: {
    id: 320,
    name: 'StateWriteFailed',
    level: 'Error',
    fields: ["file","error","dir"],
    en: "Cannot write {file} ({error}): the targets' state (retry counts, processes to adopt after a restart of the monitor) may not be saved until {dir} can be written again; monitoring goes on and psv retries",
    ja: "{file} に書き込めません ({error})。{dir} に再び書き込めるようになるまで、監視対象の状態 (再試行回数、モニタ再起動後に引き継ぐプロセス) が保存されない可能性があります。監視は続行し、psv は書き込みを再試行します",
    action: "Free space on the disk of stateDir, or fix its permissions or mount, or remove what stands in the way (a directory named state.json). On a full disk psv first frees its reserve (stateDir/state.reserve) to keep saving. StateWriteRecovered follows when the state is saved again.",
  },
  StateWriteRecovered: {
    id: 160,
    name: 'StateWriteRecovered',
    level: 'Information',
    fields: ["dir"],
    en: "The state in {dir} is saved again",
    ja: "{dir} の状態を再び保存できるようになりました",
    action: "None.",
  },
  StallDetected: {
    id: 206,
    name: 'StallDetected',
    level: 'Warning',
    fields: ["target","pid","reason"],
    en: "Process ['{target}', pid={pid}] Stalled: {reason}; capturing evidence, then killing and restarting it",
    ja: "プロセス ['{target}', pid={pid}] ストール: {reason}。証跡を採取してから強制終了し再起動します",
    action: "Look at the incident (psv incidents) to find why the process hung.",
  },
  DuplicateKilled: {
    id: 207,
    name: 'DuplicateKilled',
    level: 'Warning',
    fields: ["target","pid","kept"],
    en: "('{target}', pid={pid}) Killed: a second copy of the target was running (pid={kept} is kept)",
    ja: "('{target}', pid={pid}) を強制終了しました: 監視対象の 2 つ目のコピーが動作していました (pid={kept} を残します)",
    action: "Find out what else starts the target (a second monitor on the same stateDir, a script, a person); psv keeps one copy.",
  },
  RestartFailed: {
    id: 300,
    name: 'RestartFailed',
    level: 'Error',
    fields: ["target","error"],
    en: "Restart of ('{target}') failed: {error}",
    ja: "('{target}') の再起動に失敗しました: {error}",
    action: "Fix the cause named in the message (missing program, permissions, failing restart script).",
  },
  RetryOver: {
    id: 301,
    name: 'RetryOver',
    level: 'Error',
    fields: ["target","restarts","window","action"],
    en: "('{target}') Retry over: {restarts} restarts within {window}; action: {action}",
    ja: "('{target}') リトライオーバー: {window} 以内に {restarts} 回再起動しました。動作: {action}",
    action: "The target keeps failing. Find the cause in its incident and log; then reset it (psv reset NAME).",
  },
  GroupRetryOver: {
    id: 303,
    name: 'GroupRetryOver',
    level: 'Error',
    fields: ["group","restarts","window","action"],
    en: "Group '{group}' Retry over: {restarts} group restarts within {window}; action: {action}",
    ja: "グループ '{group}' リトライオーバー: {window} 以内に {restarts} 回グループを再起動しました。動作: {action}",
    action: "The group keeps failing. Find the failing member in the events and incidents; then reset the group (psv reset GROUP).",
  },
  Failover: {
    id: 302,
    name: 'Failover',
    level: 'Error',
    fields: ["target","exitCode"],
    en: "Failover requested by ('{target}'): the monitor stops its targets and exits with code {exitCode}",
    ja: "('{target}') によりフェイルオーバーを要求します: モニタは監視対象を停止し終了コード {exitCode} で終了します",
    action: "The cluster software fails the node over. Find why the target failed before moving it back.",
  },
  ConfigInvalid: {
    id: 310,
    name: 'ConfigInvalid',
    level: 'Error',
    fields: ["config","problems","first"],
    en: "Configuration {config} is invalid ({problems} problems): {first}",
    ja: "設定 {config} に誤りがあります ({problems} 件): {first}",
    action: "Run psv check -c FILE and fix every problem it lists.",
  },
  MonitorError: {
    id: 311,
    name: 'MonitorError',
    level: 'Error',
    fields: ["error"],
    en: "Monitor error: {error}",
    ja: "モニタのエラー: {error}",
    action: "Report it with the event file and the monitor's log.",
  },
};
