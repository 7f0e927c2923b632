// `psv console`: the web console on demand, for the config given with -c,
// until SIGINT/SIGTERM. It reaches the monitor like every other verb (the
// control client), so it edits and checks a config whose monitor is not running too.
import { Command, Option } from 'commander';
import { EXIT, PsvError } from '../errors.js';
import { outputLanguage, say } from '../i18n/say.js';
import { incidentDir } from './incidents.js';
import { locate } from './remote.js';

interface ConsoleOpts {
  config: string;
  listen: string;
  open: boolean;
  allowRemote?: boolean;
}

export function registerConsole(program: Command, setExit: (code: number) => void): void {
  program
    .command('console')
    .description(
      say({
        en: 'start the web console (config editor with the psv check diagnostics, live status, operation) and print its one-time login URL',
        ja: 'Web コンソール (psv check の診断付きの設定エディタ、現在の状態、操作) を起動し、1 回限りのログイン URL を表示します',
      }),
    )
    .addOption(new Option('-c, --config <file>', say({ en: 'configuration file to edit and whose monitor to show', ja: '編集する設定ファイル (そのモニタの状態を表示します)' })).env('PSV_CONFIG').makeOptionMandatory())
    .option('--listen <host:port>', say({ en: 'address to listen on (port 0: any free port)', ja: '待ち受けるアドレス (ポート 0: 空いている任意のポート)' }), '127.0.0.1:0')
    .option('--allow-remote', say({ en: 'allow an address other computers can reach (prefer loopback and an SSH tunnel)', ja: '他のコンピュータから到達できるアドレスを許可します (ループバックと SSH トンネルを推奨します)' }))
    .option('--no-open', say({ en: 'do not open a browser', ja: 'ブラウザを開きません' }))
    .action(async (opts: ConsoleOpts) => setExit(await runConsole(opts)));
}

async function runConsole(opts: ConsoleOpts): Promise<number> {
  // Loaded here: the server, the loader and the diff library are for this verb only, not for every psv call.
  const [{ parseListen }, { controlAccess }, { remote, startConsole }, { openBrowser }] = await Promise.all([
    import('../config/listen.js'),
    import('../console/access.js'),
    import('../console/start.js'),
    import('../platform/browser.js'),
  ]);
  const listen = parseListen(opts.listen);
  if (!listen) throw new PsvError('USAGE', say({ en: "--listen '{v}' is not HOST:PORT (e.g. 127.0.0.1:8484)", ja: "--listen '{v}' は HOST:PORT の形ではありません (例: 127.0.0.1:8484)" }, { v: opts.listen }));
  const isRemote = remote({ ...listen, allowRemote: false });
  if (isRemote && !opts.allowRemote) {
    throw new PsvError(
      'USAGE',
      say({
        en: '{host} is not a loopback address; use 127.0.0.1 (with an SSH tunnel), or add --allow-remote if other computers are meant to connect',
        ja: '{host} はループバックアドレスではありません。127.0.0.1 (と SSH トンネル) を使うか、他のコンピュータから接続させる場合は --allow-remote を付けてください',
      }, { host: listen.host }),
    );
  }
  const where = locate(opts.config);
  let server;
  try {
    server = await startConsole({
      listen: { ...listen, allowRemote: !!opts.allowRemote },
      configPath: where.config!,
      access: controlAccess(where.address, where.realConfig),
      eventsFile: where.eventsFile,
      incidentsDir: incidentDir({ config: opts.config }),
      language: outputLanguage(),
      // For developing the page: serve it from a folder instead of the build's.
      assetDir: process.env.PSV_CONSOLE_ASSETS || undefined,
    });
  } catch (err) {
    throw new PsvError('RUNTIME', say({ en: 'cannot listen on {addr}: {error}', ja: '{addr} で待ち受けできません: {error}' }, { addr: opts.listen, error: (err as Error).message }));
  }
  const url = server.loginUrl();
  if (isRemote) {
    process.stderr.write(
      say({
        en: 'psv: warning: the console listens on {addr}, which other computers can reach; anyone who can reach it may try to log in\n',
        ja: 'psv: 警告: コンソールは他のコンピュータから到達できる {addr} で待ち受けています。到達できる誰もがログインを試みられます\n',
      }, { addr: `${listen.host}:${server.port}` }),
    );
  }
  process.stdout.write(say({ en: 'console: {url}\n', ja: 'コンソール: {url}\n' }, { url }));
  if (opts.open) openBrowser(url);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return EXIT.ok;
}
