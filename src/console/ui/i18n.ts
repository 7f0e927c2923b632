// Every piece of text the console shows, in English and Japanese, in one table so
// that no string can exist in one language only. The language comes from the
// browser (navigator.language) until the operator picks one with the switch.

export type Language = 'en' | 'ja';

const TEXT = {
  title: { en: 'psv console', ja: 'psv コンソール' },
  language: { en: 'Language', ja: '言語' },
  navigation: { en: 'Pages', ja: 'ページ' },
  skip: { en: 'Skip to the page', ja: '本文へ移動' },
  'nav.editor': { en: 'Configuration', ja: '設定' },
  'nav.graph': { en: 'Dependencies', ja: '依存関係' },
  'nav.status': { en: 'Status', ja: '状態' },
  'nav.events': { en: 'Events', ja: 'イベント' },
  'monitor.running': { en: 'Monitor running (pid {pid})', ja: 'モニタ稼働中 (pid {pid})' },
  'monitor.down': { en: 'Monitor not running', ja: 'モニタは停止しています' },
  'stream.lost': { en: 'Live updates interrupted; reconnecting…', ja: 'ライブ更新が途切れました。再接続しています…' },

  // login
  'login.heading': { en: 'Sign in', ja: 'サインイン' },
  'login.explain': {
    en: 'Open the address that `psv console` printed: it carries a one-time token. Or paste the token here.',
    ja: '`psv console` が表示したアドレスを開いてください (1 回限りのトークン付き)。またはトークンをここに貼り付けてください。',
  },
  'login.token': { en: 'Login token', ja: 'ログイントークン' },
  'login.submit': { en: 'Sign in', ja: 'サインイン' },
  'login.missing': { en: 'No login token. Start `psv console` and open the address it prints.', ja: 'ログイントークンがありません。`psv console` を起動し、表示されたアドレスを開いてください。' },
  'login.refused': { en: 'Login refused: {message}', ja: 'ログインが拒否されました: {message}' },
  'login.busy': { en: 'Signing in…', ja: 'サインインしています…' },

  // editor
  'editor.heading': { en: 'Configuration', ja: '設定' },
  'editor.file': { en: 'File: {path}', ja: 'ファイル: {path}' },
  'editor.label': { en: 'Configuration (YAML)', ja: '設定 (YAML)' },
  'editor.valid': { en: 'No problems: psv check accepts this configuration.', ja: '問題はありません: psv check はこの設定を受け付けます。' },
  'editor.problems': { en: '{count} problem(s) found by psv check', ja: 'psv check が {count} 件の問題を見つけました' },
  'editor.checking': { en: 'Checking…', ja: '確認しています…' },
  'editor.example': { en: 'Start from an example', ja: '例から始める' },
  'editor.examplePick': { en: '(choose an example)', ja: '(例を選択)' },
  'editor.reload': { en: 'Reload the file', ja: 'ファイルを読み直す' },
  'editor.save': { en: 'Save', ja: '保存' },
  'editor.saved': { en: 'Saved to {path}.', ja: '{path} に保存しました。' },
  'editor.diff': { en: 'Diff vs running', ja: '実行中との差分' },
  'editor.noDiff': { en: 'No difference from the running configuration file.', ja: '実行中の設定ファイルとの差分はありません。' },
  'editor.apply': { en: 'Apply (reload the monitor)', ja: '適用 (モニタを再読み込み)' },
  'editor.applyConfirm': { en: 'Save this configuration and reload the running monitor with it?', ja: 'この設定を保存し、実行中のモニタを再読み込みしますか?' },
  'editor.applied': { en: 'Applied. Added: {added}; removed: {removed}; changed: {changed}.', ja: '適用しました。追加: {added}、削除: {removed}、変更: {changed}。' },
  'editor.savedNoMonitor': { en: 'Saved to {path}, but no monitor is running to reload it.', ja: '{path} に保存しましたが、再読み込みするモニタが動いていません。' },
  'editor.rejected': { en: 'Rejected:', ja: '拒否されました:' },
  'editor.none': { en: 'none', ja: 'なし' },
  'editor.replaceConfirm': { en: 'Replace the editor contents? Unsaved changes are lost.', ja: 'エディタの内容を置き換えますか? 保存していない変更は失われます。' },

  // add-target form
  'form.heading': { en: 'Add a target', ja: '監視対象を追加' },
  'form.name': { en: 'Name', ja: '名前' },
  'form.how': { en: 'How psv finds it', ja: '対象の指定方法' },
  'form.kind.command': { en: 'Command (psv starts it)', ja: 'コマンド (psv が起動)' },
  'form.kind.match': { en: 'Match a running process', ja: '実行中のプロセスに一致' },
  'form.command': { en: 'Command line', ja: 'コマンドライン' },
  'form.match': { en: 'Process name (match)', ja: 'プロセス名 (match)' },
  'form.retries': { en: 'Restarts allowed', ja: '許可する再起動回数' },
  'form.window': { en: 'Within (window)', ja: '期間 (window)' },
  'form.delay': { en: 'Restart delay', ja: '再起動までの待ち時間' },
  'form.group': { en: 'Group (optional)', ja: 'グループ (任意)' },
  'form.heartbeat': { en: 'Stall watch: heartbeat every (optional)', ja: 'ストール監視: ハートビート間隔 (任意)' },
  'form.add': { en: 'Add to the YAML', ja: 'YAML に追加' },
  'form.added': { en: "Target '{name}' added to the YAML.", ja: "監視対象 '{name}' を YAML に追加しました。" },
  'form.needName': { en: 'Give a name.', ja: '名前を入力してください。' },
  'form.needCommand': { en: 'Give a command line or a process name.', ja: 'コマンドラインまたはプロセス名を入力してください。' },
  'form.duplicate': { en: "A target named '{name}' exists already.", ja: "'{name}' という監視対象はすでにあります。" },
  'form.unparsable': { en: 'The YAML cannot be parsed; fix it first: {message}', ja: 'YAML を解析できません。先に修正してください: {message}' },

  // graph
  'graph.heading': { en: 'Dependency graph', ja: '依存関係グラフ' },
  'graph.explain': {
    en: 'Drawn from the configuration in the editor. An arrow points from a target to what it needs; dashed lines join groups to their members.',
    ja: 'エディタの設定から描いています。矢印は監視対象から、それが必要とするものへ向かいます。破線はグループとメンバーを結びます。',
  },
  'graph.empty': { en: 'No targets.', ja: '監視対象はありません。' },
  'graph.refresh': { en: 'Redraw', ja: '再描画' },
  'graph.alt': { en: 'Dependency graph: {nodes} nodes, {edges} links', ja: '依存関係グラフ: ノード {nodes} 個、リンク {edges} 本' },
  'graph.legendTarget': { en: 'target', ja: '監視対象' },
  'graph.legendGroup': { en: 'group', ja: 'グループ' },

  // status
  'status.heading': { en: 'Targets', ja: '監視対象' },
  'status.col.name': { en: 'Name', ja: '名前' },
  'status.col.state': { en: 'State', ja: '状態' },
  'status.col.pid': { en: 'PID', ja: 'PID' },
  'status.col.uptime': { en: 'Uptime', ja: '稼働時間' },
  'status.col.restarts': { en: 'Restarts (used/allowed)', ja: '再起動 (使用/許可)' },
  'status.col.lastExit': { en: 'Last exit', ja: '最後の終了' },
  'status.col.paused': { en: 'Paused', ja: '一時停止' },
  'status.col.overrides': { en: 'Overrides', ja: '上書き' },
  'status.col.actions': { en: 'Actions', ja: '操作' },
  'status.yes': { en: 'yes', ja: 'はい' },
  'status.no': { en: 'no', ja: 'いいえ' },
  'status.noMonitor': { en: 'The monitor is not running: nothing to show.', ja: 'モニタが動いていないため、表示する情報はありません。' },
  'status.noTargets': { en: 'No targets.', ja: '監視対象はありません。' },
  'status.exitCode': { en: 'code {code}', ja: 'コード {code}' },
  'status.exitSignal': { en: 'signal {signal}', ja: 'シグナル {signal}' },
  'status.within': { en: '{used}/{allowed} in {window}', ja: '{window} 内に {used}/{allowed}' },
  'action.pause': { en: 'Pause', ja: '一時停止' },
  'action.resume': { en: 'Resume', ja: '再開' },
  'action.restart': { en: 'Restart', ja: '再起動' },
  'action.reset': { en: 'Reset', ja: 'リセット' },
  'action.details': { en: 'Details', ja: '詳細' },
  'action.confirm.pause': { en: "Pause monitoring of '{name}'? It is not restarted while paused.", ja: "'{name}' の監視を一時停止しますか? 一時停止中は再起動されません。" },
  'action.confirm.resume': { en: "Resume monitoring of '{name}'?", ja: "'{name}' の監視を再開しますか?" },
  'action.confirm.restart': { en: "Restart '{name}' now?", ja: "'{name}' を今すぐ再起動しますか?" },
  'action.confirm.reset': { en: "Reset the restart count of '{name}'?", ja: "'{name}' の再起動回数をリセットしますか?" },
  'action.done': { en: "{action}: '{name}' done.", ja: "'{name}' の{action}を実行しました。" },
  'action.failed': { en: '{action} failed: {message}', ja: '{action}に失敗しました: {message}' },
  'confirm.ok': { en: 'Yes, do it', ja: '実行する' },
  'confirm.cancel': { en: 'Cancel', ja: 'キャンセル' },
  'confirm.title': { en: 'Please confirm', ja: '確認' },

  // detail
  'detail.heading': { en: "Target '{name}'", ja: "監視対象 '{name}'" },
  'detail.close': { en: 'Close', ja: '閉じる' },
  'detail.restarts': { en: 'Restart history', ja: '再起動の履歴' },
  'detail.noRestarts': { en: 'No restarts recorded.', ja: '再起動の記録はありません。' },
  'detail.incidents': { en: 'Incidents', ja: 'インシデント' },
  'detail.noIncidents': { en: 'No incidents.', ja: 'インシデントはありません。' },
  'detail.export': { en: 'Download export (zip)', ja: 'エクスポートをダウンロード (zip)' },
  'detail.group': { en: 'Group', ja: 'グループ' },
  'detail.dependsOn': { en: 'Depends on', ja: '依存先' },
  'detail.loadFailed': { en: 'Could not load the history: {message}', ja: '履歴を読み込めませんでした: {message}' },

  // events
  'events.heading': { en: 'Event timeline', ja: 'イベントの時系列' },
  'events.level': { en: 'Level', ja: 'レベル' },
  'events.levelAll': { en: 'all levels', ja: 'すべてのレベル' },
  'events.target': { en: 'Target', ja: '監視対象' },
  'events.targetAll': { en: 'all targets', ja: 'すべての監視対象' },
  'events.since': { en: 'Since', ja: '開始時刻' },
  'events.col.time': { en: 'Time', ja: '時刻' },
  'events.col.level': { en: 'Level', ja: 'レベル' },
  'events.col.event': { en: 'Event', ja: 'イベント' },
  'events.col.target': { en: 'Target', ja: '監視対象' },
  'events.col.message': { en: 'Message', ja: 'メッセージ' },
  'events.none': { en: 'No events match.', ja: '該当するイベントはありません。' },
  'level.Information': { en: 'Information', ja: '情報' },
  'level.Warning': { en: 'Warning', ja: '警告' },
  'level.Error': { en: 'Error', ja: 'エラー' },
  'error.generic': { en: 'Error: {message}', ja: 'エラー: {message}' },
} as const satisfies Record<string, { en: string; ja: string }>;

export type TextKey = keyof typeof TEXT;

const STORE_KEY = 'psv.console.language';

function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORE_KEY);
    if (stored === 'en' || stored === 'ja') return stored;
  } catch {
    // Storage may be off (private windows); the browser's language decides then.
  }
  return navigator.language.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

let current: Language = initialLanguage();
const listeners: (() => void)[] = [];

export function language(): Language {
  return current;
}

/** Switches the language, remembers it, and redraws every page that listens. */
export function setLanguage(lang: Language): void {
  current = lang;
  try {
    localStorage.setItem(STORE_KEY, lang);
  } catch {
    // Not remembered; the choice still holds for this page.
  }
  document.documentElement.lang = lang;
  for (const fn of listeners) fn();
}

export function onLanguageChange(fn: () => void): void {
  listeners.push(fn);
}

/** The text in the current language with {name} placeholders filled. */
export function t(key: TextKey, params: Record<string, string | number> = {}): string {
  return TEXT[key][current].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Both languages have every key: for the test that guards the table. */
export const TEXT_TABLE: Readonly<Record<string, { en: string; ja: string }>> = TEXT;
