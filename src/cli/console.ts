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
    .description('start the web console (config editor with the psv check diagnostics, live status, operation) and print its one-time login URL')
    .addOption(new Option('-c, --config <file>', 'configuration file to edit and whose monitor to show').env('PSV_CONFIG').makeOptionMandatory())
    .option('--listen <host:port>', 'address to listen on (port 0: any free port)', '127.0.0.1:0')
    .option('--allow-remote', 'allow an address other computers can reach (prefer loopback and an SSH tunnel)')
    .option('--no-open', 'do not open a browser')
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
