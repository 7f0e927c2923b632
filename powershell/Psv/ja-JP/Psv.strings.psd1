# Psv モジュール自身のメッセージ (日本語)。キーは en-US/Psv.strings.psd1 と同じです。
# Windows PowerShell 5.1 が UTF-8 として読むように、このファイルは BOM 付き UTF-8 で保存します。
# ConvertFrom-StringData: 1 行に 1 つの KEY = テキスト (前後の空白は削除されます)。
# バックスラッシュはエスケープ文字です (1 文字なら \\ と書きます)。{0}、{1} などは -f で埋めます。
ConvertFrom-StringData @'
# 期間
NotADuration = -{0}: '{1}' は期間として認識できません。秒数 (30)、psv の期間表記 (500ms、30s、5m、1h30m、2d)、または [TimeSpan] を指定してください。
NegativeDuration = -{0}: 期間に負の値は指定できません ({1})。
NegativePsvDuration = psv の期間に負の値は指定できません ({0})。
TimeoutOutOfRange = -Timeout には 1s から 1h までの値を指定してください (指定された値: {0})。

# psv の検索と実行
ExeEnvMissing = PSV_EXE に指定された '{0}' は存在しません。$env:PSV_EXE には psv の実行ファイルまたはその main.js を指定してください。
ExeNoNode = PSV_EXE にスクリプト '{0}' が指定されていますが、これを実行する node が PATH にありません。
ExeNotFound = psv の実行ファイルが見つかりません ({0}、$env:PSV_EXE、PATH のいずれにもありません)。Psv モジュールを再インストールするか、$env:PSV_EXE を設定してください。
NotJsonLine = psv が JSON ではない行を出力しました: {0}
NotJsonOutput = psv {0} が JSON ではない出力を返しました: {1}
PsvCommandFailed = psv {0} は終了コード {1} で失敗しました。
NoMonitorRunning = psv モニタが動作していません{0}。Start-PsvMonitor -ConfigPath FILE で起動してください。
NoMonitorRunningMore = psv モニタが動作していません{0}。{1}。Start-PsvMonitor -ConfigPath FILE で起動してください。
NoMonitorAction = Start-PsvMonitor -ConfigPath FILE でモニタを起動するか、実行中のモニタの設定ファイルを -ConfigPath または $env:PSV_CONFIG で指定してください。
FailoverTriggered = psv がフェイルオーバーを開始しました。{0}
AccessDeniedAction = PowerShell をモニタと同じユーザーまたは管理者 (昇格 / root) として実行してください。
NoHealthReport = psv health は {0} のヘルス状態を返しませんでした。
CommandFailed = {0} が失敗しました (終了コード {1}): {2}
IncidentCompletionFailed = psv のインシデント ID を補完できません: {0}
NameCompletionFailed = psv のターゲット名を補完できません: {0}

# 設定ファイル
NoConfig = 設定ファイルが指定されていません。-ConfigPath FILE を指定するか、$env:PSV_CONFIG を設定してください。
NoConfigPath = 設定ファイルが指定されていません。-Path FILE を指定するか、$env:PSV_CONFIG を設定してください。
NoConfigService = サービスで実行する設定ファイルが指定されていません。-ConfigPath FILE を指定するか、$env:PSV_CONFIG を設定してください。
NoConfigTask = タスクで起動する設定ファイルが指定されていません。-ConfigPath FILE を指定するか、$env:PSV_CONFIG を設定してください。
ConfigProblemAction = {2} の {0} 行 {1} 列目を修正してから、Test-PsvConfig でもう一度検査してください。
ReloadRejected = psv モニタは {0} を受け付けませんでした。モニタは以前の設定のまま動作を続けています。

# 名前
UnknownTarget = ターゲット '{0}' はありません。既知のターゲット: {1}
UnknownTargetNone = ターゲット '{0}' はありません: モニタにターゲットが 1 つもありません (ターゲットは設定ファイルの targets: で定義します)
UnknownTargetNoneOf = ターゲット '{0}' はありません: {1} のモニタにはターゲットが 1 つもありません (ターゲットは設定ファイルの targets: で定義します)
UnknownGroup = グループ '{0}' はありません。既知のグループ: {1}
UnknownGroupNone = グループ '{0}' はありません: モニタにグループが 1 つもありません (グループは設定ファイルの groups: で定義します)
UnknownGroupNoneOf = グループ '{0}' はありません: {1} のモニタにはグループが 1 つもありません (グループは設定ファイルの groups: で定義します)

# 他のコンピューター
RemoteBothTargets = -ComputerName と -Session は同時に指定できません。どちらか一方を指定してください。
RemoteWhatOn = {1} 上の {0}
RemoteMachine = コンピューター {0}

# -WhatIf と -Confirm が示す対象
WhatMonitor = psv モニタ
WhatMonitorOf = {0} の psv モニタ
WhatTarget = psv ターゲット '{0}'
WhatTargetOf = psv ターゲット '{0}' ({1} のモニタ)
WhatGroup = psv グループ '{0}' (メンバー: {1})
WhatGroupOf = psv グループ '{0}' (メンバー: {1}) ({2} のモニタ)
WhatAllTargets = すべての psv ターゲット: {0}
WhatAllTargetsOf = すべての psv ターゲット: {0} ({1} のモニタ)
WhatWindowsService = Windows サービス '{0}' ({1})
WhatWindowsServiceName = Windows サービス '{0}'
WhatSystemdUnit = systemd ユニット {0} ({1})
WhatSystemdUnitPath = systemd ユニット {0}
WhatEventSource = {1} ログのイベントソース '{0}'
WhatEventSourceKeep = {1} ログのイベントソース '{0}' (記録済みのイベントは残ります)
WhatScheduledTask = スケジュールタスク {0}{1} ({2} {3}、起動時に SYSTEM として実行)
WhatScheduledTaskName = スケジュールタスク {0}{1}

# 操作
ActionSuspend = 監視の一時停止
ActionResume = 監視の再開
ActionRestart = 再起動
ActionReset = リトライ回数のリセット
ActionSet = {0} の設定
ActionStartMonitor = psv モニタの開始
ActionStopMonitor = 停止 (すべてのターゲットも停止します)
ActionStopMonitorKeep = 停止 (ターゲットは実行を続けます)
ActionReload = 設定の再読み込み
ActionExportIncident = psv インシデント {0} のエクスポート
ActionInstall = インストール
ActionInstallClustered = インストール (スタートアップの種類は手動、障害時の再起動なし: 起動はクラスターが行います)
ActionWriteUnit = 書き込み、有効化、開始
ActionWriteUnitClustered = 書き込み (有効化しません: 起動はクラスターが行います)
ActionUninstallService = 停止とアンインストール
ActionRemoveUnit = 無効化、停止、削除
ActionRegister = 登録
ActionUnregister = 登録解除

# コマンドレット自身のエラー、警告、進行状況
FileExists = '{0}' は既に存在します。上書きする場合は -Force を、別のファイルに書き出す場合は -Path を指定してください。
NothingToSet = 変更する設定がありません。-Retries、-RetryWindow、-RestartDelay、-BackoffFactor、-BackoffMax、-RestartScript、-RestartScriptTimeout、-OnRetryOver、-StopTimeout のうち少なくとも 1 つを指定してください。
MonitorAlreadyRunning = {0} の psv モニタは既に実行中です (pid {1})。
StopActivity = {0} を停止しています
StopWaiting = {0} の停止を待っています
StopWaitingMore = {0} ほか {1} 件の停止を待っています
EventLogWindowsOnly = Windows イベントログは Windows にしかありません。それ以外の OS では、psv はイベントを syslog とイベントファイルに書き込みます。
EventSourceInOtherLog = イベントソース '{0}' は {2} ログではなく {1} ログに登録されています。ソースは 1 つのログにしか属せません。先に Unregister-PsvEventSource -Source '{0}' を実行するか、monitor.events.eventlog.log: {1} を設定してください。
EventSourceNotRegistered = イベントソース '{0}' は登録されていないため、何もしません。
TaskSchedulerWindowsOnly = {0} には Windows のタスクスケジューラが必要です。Linux では {1} (systemd) を使用してください。
NoServiceWrapper = サービスラッパー (WinSW) が見つかりません: {0}。Psv モジュールを再インストールするか、-ServiceWrapperPath を指定してください。
ServiceNotInstalled = psv サービス '{0}' はこのコンピューターにインストールされていません ({1} が存在しません)。
UnitNotInstalled = psv のユニットはインストールされていません ({0} が存在しません)。
ServiceStopFailed = サービスを停止できませんでした (実行されていなかった可能性があります): {0}

# Windows が表示する説明 (サービス、タスク)
ServiceDescription = psv はこのシステムのプロセスを動かし続け、イベントログ (ソース Psv) に報告します。
TaskDescription = システムの起動時にプロセス監視ツール psv を開始します。

# 値の表示 (Psv.ExitInfo、Psv.FailoverInfo)
ExitSummary = 終了コード {0}
FailoverSummary = {0} {1} ({2} 経由、{3:s})
'@
