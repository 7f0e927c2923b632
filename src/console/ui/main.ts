// The console's page: sign in, then one shell with four pages (configuration,
// dependencies, status, events) chosen by the address's fragment, a language
// switch, and the live stream shared by the pages.
import { ApiError, get, setCsrf, type Session } from './api.js';
import { h, replace, uid } from './dom.js';
import { EditorPage } from './editor-page.js';
import { EventsPage } from './events-page.js';
import { GraphPage } from './graph-page.js';
import { language, onLanguageChange, setLanguage, t, type Language, type TextKey } from './i18n.js';
import { login, renderLogin } from './login.js';
import { StatusPage } from './status-page.js';
import { LiveStream } from './stream.js';

const ROUTES = ['editor', 'graph', 'status', 'events'] as const;
type Route = (typeof ROUTES)[number];

const root = document.getElementById('app')!;
/** What a language switch redraws: the login page or the app, whichever is showing. */
let redraw: () => void = () => undefined;
onLanguageChange(() => redraw());

function routeOf(hash: string): Route | null {
  const name = hash.replace(/^#\/?/, '');
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : null;
}

function languageSwitch(): HTMLElement {
  const select = h('select', { id: uid('lang') }, h('option', { value: 'en' }, 'English'), h('option', { value: 'ja' }, '日本語'));
  select.value = language();
  select.addEventListener('change', () => setLanguage(select.value as Language));
  return h('div', { class: 'lang' }, h('label', { for: select.id }, t('language')), select);
}

async function session(): Promise<Session | null> {
  try {
    return await get<Session>('/api/session');
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

async function boot(): Promise<void> {
  document.documentElement.lang = language();
  document.title = t('title');
  let current = await session();
  if (!current) {
    // The fragment carries the token (never sent to the server with the page request).
    const fragment = location.hash.slice(1);
    const token = routeOf(location.hash) ? '' : decodeURIComponent(fragment);
    let error: string | null = token ? null : t('login.missing');
    if (token) {
      try {
        await login(token);
        current = await session();
      } catch (err) {
        error = t('login.refused', { message: err instanceof ApiError ? err.body.message : String(err) });
      }
    }
    // The token is spent either way: take it out of the address bar and history.
    history.replaceState(null, '', location.pathname);
    if (!current) {
      showLogin(error);
      return;
    }
  }
  await showApp(current);
}

function showLogin(error: string | null): void {
  const draw = (): void => {
    document.title = t('title');
    replace(root, h('header', { class: 'top' }, h('h1', {}, t('title')), languageSwitch()), h('main', {}, renderLogin(error, () => void boot())));
  };
  redraw = draw;
  draw();
}

async function showApp(s: Session): Promise<void> {
  setCsrf(s.csrf);
  const stream = new LiveStream();
  const editor = new EditorPage(s.configPath);
  const pages = { editor, graph: new GraphPage(() => editor.text()), status: new StatusPage(stream), events: new EventsPage(stream) };
  // The live table first; the editor (schema, file, examples, first check) follows.
  stream.start();

  const monitor = h('p', { class: 'monitor', role: 'status', 'aria-live': 'polite' });
  const connection = h('p', { class: 'connection warning', role: 'alert', hidden: true });
  const showMonitor = (): void => {
    const status = stream.status;
    monitor.textContent = status ? t('monitor.running', { pid: status.monitor.pid }) : t('monitor.down');
    monitor.className = `monitor ${status ? 'ok' : 'warning'}`;
  };
  stream.onStatus(showMonitor);
  stream.onConnection((up) => {
    connection.hidden = up;
    connection.textContent = up ? '' : t('stream.lost');
  });

  const main = h('main', { id: 'main', tabindex: -1 });
  const draw = (): void => {
    const route = routeOf(location.hash) ?? 'status';
    document.title = `${t(`nav.${route}` as TextKey)} — ${t('title')}`;
    const nav = h(
      'nav',
      { 'aria-label': t('navigation') },
      h(
        'ul',
        {},
        ...ROUTES.map((r) => h('li', {}, h('a', { href: `#/${r}`, 'aria-current': r === route ? 'page' : null, 'data-route': r }, t(`nav.${r}` as TextKey)))),
      ),
    );
    showMonitor();
    replace(main, pages[route].render());
    replace(
      root,
      h('a', { class: 'skip', href: '#main', onclick: (e: Event) => (e.preventDefault(), main.focus()) }, t('skip')),
      h('header', { class: 'top' }, h('h1', {}, t('title')), monitor, connection, languageSwitch()),
      nav,
      main,
    );
  };
  window.addEventListener('hashchange', () => {
    draw();
    main.focus();
  });
  redraw = draw;
  if (!routeOf(location.hash)) history.replaceState(null, '', `${location.pathname}#/status`);
  draw();
  await editor.start();
  if (routeOf(location.hash) === 'editor') draw(); // now with the examples
}

boot().catch((err: unknown) => {
  replace(root, h('p', { class: 'error', role: 'alert' }, t('error.generic', { message: err instanceof Error ? err.message : String(err) })));
});
