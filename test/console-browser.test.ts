// The web console end to end, in a real Chromium (Debian's, driven by
// playwright-core) against a real monitor and a real `psv console`: sign-in,
// the editor's diagnostics, the add-a-target form, apply, operations and the
// live status. Screenshots of every page go to test-artifacts/console/.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { isAlive, monitorFixtures, psvAsync, psvCommand, ROOT, waitFor, waitForAsync } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(ROOT, 'test-artifacts', 'console');
const missing = existsSync(CHROMIUM) ? '' : `${CHROMIUM} is missing: the console browser tests are SKIPPED (apt-get install chromium; CI installs it)`;
if (missing) console.warn(`\n*** ${missing} ***\n`);

interface TargetJson {
  name: string;
  state: string;
  pid: number | null;
  paused: boolean;
}

/** A running `psv console`, and the login address it printed. */
class ConsoleProcess {
  readonly child: ChildProcess;
  output = '';
  constructor(config: string) {
    const [file, ...pre] = psvCommand();
    this.child = spawn(file!, [...pre, 'console', '-c', config, '--listen', '127.0.0.1:0', '--no-open'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PSV_LANG: 'en' } });
    this.child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
  }
  async loginUrl(): Promise<URL> {
    const m = await waitFor(`the console's login address (output: ${this.output})`, () => /http:\/\/127\.0\.0\.1:\d+\/login#\S+/.exec(this.output), 20_000);
    return new URL(m[0]);
  }
  stop(): void {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
  }
}

describe('console in a browser', { skip: missing || false }, () => {
  const fx = monitorFixtures();
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let con: ConsoleProcess;
  let login: URL;
  let base: string;
  let config: string;
  let original: string;
  let apiTag: string;

  const status = async (): Promise<TargetJson[]> => {
    const r = await psvAsync(['status', '--json', '-c', config]);
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as { targets: TargetJson[] }).targets;
  };
  const target = async (name: string): Promise<TargetJson | undefined> => (await status()).find((x) => x.name === name);
  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  };
  /** The text of a cell in a target's row on the status page. */
  const cell = (name: string, cls: string): Promise<string> => page.locator(`tr[data-target="${name}"] td.${cls}`).innerText();
  const editorText = (): Promise<string> => page.locator('.cm-content').innerText();
  const typeConfig = async (text: string): Promise<void> => {
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    // insertText: as pasted, without the editor's auto-indent and bracket closing.
    await page.keyboard.insertText(text);
  };
  const confirm = async (): Promise<void> => {
    await page.locator('dialog.confirm button[data-confirm="yes"]').click();
  };

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const db = fx.sleeper();
    const web = fx.sleeper();
    const body = [
      '# The console test: comments and order must survive the form.',
      'targets:',
      '  - name: db',
      `    command: ${db}`,
      '    restart:',
      '      retries: 5',
      '      delay: 1500ms # long enough for the page to show the target down',
      '  - name: web',
      `    command: ${web}`,
      '    dependsOn: [db]',
      '',
    ].join('\n');
    const made = fx.monitor('psv-console-ui-', body);
    config = made.config;
    original = readFileSync(config, 'utf8');
    await waitForAsync('db and web running', async () => {
      try {
        const ts = await status();
        return ts.length === 2 && ts.every((x) => x.state === 'Running' && x.pid) ? ts : undefined;
      } catch {
        return undefined;
      }
    });
    apiTag = (JSON.parse(fx.sleeper()) as string[])[1]!;
    con = new ConsoleProcess(config);
    login = await con.loginUrl();
    base = login.origin;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
    context = await browser.newContext({ viewport: { width: 1200, height: 760 }, locale: 'en-US' });
    page = await context.newPage();
  });

  after(async () => {
    await browser?.close();
    con?.stop();
  });

  test('without the token, or with a wrong one, the page stays at the sign-in and the API answers 401', async () => {
    const stranger = await browser.newContext();
    const p = await stranger.newPage();
    await p.goto(`${base}/login`);
    await p.locator('form.login').waitFor();
    assert.match(await p.locator('form.login [role=alert]').innerText(), /No login token/);
    assert.equal(await p.evaluate(async () => (await fetch('/api/status')).status), 401);

    // A new page: changing only the fragment of the open one would not load it again.
    const q = await stranger.newPage();
    await q.goto(`${base}/login#not-the-token`);
    await q.locator('form.login .error').waitFor();
    assert.match(await q.locator('form.login .error').innerText(), /Login refused/);
    assert.equal(await q.evaluate(async () => (await fetch('/api/session')).status), 401);
    await stranger.close();
  });

  test('the token signs in once; the status page lists the targets with the pids psv status reports', async () => {
    await page.goto(login.href);
    await page.locator('tr[data-target="db"]').waitFor();
    assert.equal(new URL(page.url()).hash, '#/status', 'the token is taken out of the address');
    for (const t of await status()) {
      await waitForAsync(`${t.name}'s pid on the page`, async () => (await cell(t.name, 'pid')) === String(t.pid));
    }
    await shot('status');

    // The token was spent: a second browser cannot use it.
    const again = await browser.newContext();
    const p = await again.newPage();
    await p.goto(login.href);
    await p.locator('form.login .error').waitFor();
    await again.close();
  });

  test('a request from another origin is refused, with the session cookie and the CSRF value', async () => {
    const cookies = (await context.cookies(base)).map((c) => `${c.name}=${c.value}`).join('; ');
    const csrf = await page.evaluate(async () => ((await (await fetch('/api/session')).json()) as { csrf: string }).csrf);
    const headers = { cookie: cookies, 'x-psv-csrf': csrf, 'content-type': 'application/json' };
    const foreign = await fetch(`${base}/api/targets/web/pause`, { method: 'POST', headers: { ...headers, origin: 'http://evil.example' }, body: '{}' });
    assert.equal(foreign.status, 403);
    const crossSite = await fetch(`${base}/api/targets/web/pause`, { method: 'POST', headers: { ...headers, 'sec-fetch-site': 'cross-site' }, body: '{}' });
    assert.equal(crossSite.status, 403);
    assert.equal((await target('web'))?.paused, false, 'nothing was paused');
  });

  test('a broken config shows psv check’s diagnostic at its line as it is typed; fixing it clears it', async () => {
    await page.locator('a[data-route="editor"]').click();
    await waitForAsync('the file in the editor', async () => (await editorText()).includes('name: web'));
    const lines = original.split('\n');
    const bad = lines.findIndex((l) => l.includes('retries: 5'));
    lines[bad] = '      retries: -1';
    await typeConfig(lines.join('\n'));
    const item = page.locator('.problem-list button').first();
    await item.waitFor({ timeout: 15_000 });
    assert.equal(await item.getAttribute('data-line'), String(bad + 1));
    assert.match(await item.innerText(), new RegExp(`psv\\.yaml:${bad + 1}:\\d+: .*retries`));
    // The mark in the editor is on that line.
    const markedLine = await page.evaluate(() => {
      const mark = document.querySelector('.cm-lintRange-error');
      const line = mark?.closest('.cm-line');
      return line ? [...document.querySelectorAll('.cm-content .cm-line')].indexOf(line) + 1 : 0;
    });
    assert.equal(markedLine, bad + 1);
    await shot('editor-diagnostic');

    await typeConfig(original);
    await page.locator('.problems .ok').waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('.cm-lintRange-error').count(), 0);
  });

  test('the form adds a target to the YAML, keeping comments and order; apply starts it', async () => {
    await page.getByLabel('Name', { exact: true }).fill('api');
    await page.getByLabel('Command line').fill(`sleep ${apiTag}`);
    await page.getByLabel('Group (optional)').fill('backend');
    await page.getByLabel('Stall watch: heartbeat every (optional)').fill('');
    await page.locator('form.add-target button[type=submit]').click();
    await waitForAsync('the new target in the YAML', async () => (await editorText()).includes('- name: api'));
    const text = await editorText();
    assert.ok(text.startsWith('monitor:\n') && text.includes('\n# The console test: comments and order must survive the form.\ntargets:\n'), text);
    assert.match(text, /delay: 1500ms # long enough/);
    assert.ok(text.indexOf('name: db') < text.indexOf('name: web') && text.indexOf('name: web') < text.indexOf('name: api'), text);
    assert.match(text, new RegExp(`- name: api\\n\\s+command: sleep ${apiTag.replace('.', '\\.')}`));
    assert.match(text, /groups:\n\s+- name: backend\n\s+members: \[ ?api ?\]/);
    await page.locator('.problems .ok').waitFor({ timeout: 15_000 });
    await shot('editor-form');

    await page.getByRole('button', { name: 'Apply (reload the monitor)' }).click();
    await confirm();
    await page.locator('.result .ok').waitFor({ timeout: 20_000 });
    assert.match(await page.locator('.result').innerText(), /Added: api/);
    assert.match(readFileSync(config, 'utf8'), /- name: api/);

    await page.locator('a[data-route="status"]').click();
    const running = await waitForAsync('api running', async () => {
      const t = await target('api');
      return t?.state === 'Running' && t.pid ? t : undefined;
    });
    await waitForAsync("api's pid on the page", async () => (await cell('api', 'pid')) === String(running.pid));
    assert.ok(isAlive(running.pid!));
  });

  test('pause from the page: psv status agrees', async () => {
    await page.locator('tr[data-target="web"] button[data-action="pause"]').click();
    await confirm();
    await waitForAsync('web paused', async () => (await target('web'))?.paused === true);
    await waitForAsync('the page shows web paused', async () => (await cell('web', 'paused')) === 'yes');
    assert.equal(await page.locator('tr[data-target="web"] button[data-action="resume"]').count(), 1);
  });

  test('a target killed from outside goes down and comes back on the page without a reload', async () => {
    const before = await target('db');
    assert.ok(before?.pid);
    await waitForAsync("db's pid on the page", async () => (await cell('db', 'pid')) === String(before.pid));
    // Mark the document: a reload would lose it. Record every state the row shows.
    await page.evaluate(() => {
      const w = window as unknown as { psvMark: string; seen: string[] };
      w.psvMark = 'same page';
      w.seen = [];
      const row = document.querySelector('tr[data-target="db"]')!;
      new MutationObserver(() => {
        const s = (row as HTMLElement).dataset.state!;
        if (w.seen.at(-1) !== s) w.seen.push(s);
      }).observe(row, { attributes: true, subtree: true, childList: true, characterData: true });
    });
    process.kill(before.pid, 'SIGKILL');
    const after = await waitForAsync('db restarted', async () => {
      const t = await target('db');
      return t?.state === 'Running' && t.pid && t.pid !== before.pid ? t : undefined;
    });
    await waitForAsync("db's new pid on the page", async () => (await cell('db', 'pid')) === String(after.pid), 10_000);
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    const down = seen.findIndex((s) => s !== 'Running');
    assert.ok(down >= 0 && seen.slice(down).includes('Running'), `states shown: ${seen.join(' → ')}`);
    assert.equal(await page.evaluate(() => (window as unknown as { psvMark: string }).psvMark), 'same page');
  });

  test('target detail: restart history from the events', async () => {
    await page.locator('tr[data-target="db"] button[data-action="details"]').click();
    await page.locator('.detail ol.restarts li').first().waitFor({ timeout: 10_000 });
    assert.match(await page.locator('.detail').innerText(), /TargetDown|RestartAttempt|TargetStarted/);
    await shot('status-detail');
  });

  test('event timeline: live, filtered by target', async () => {
    await page.locator('a[data-route="events"]').click();
    await page.locator('table.events tbody tr').first().waitFor();
    await page.getByLabel('Target', { exact: true }).selectOption('db');
    await waitForAsync('only db events', async () => {
      const targets = await page.locator('table.events tbody tr td:nth-child(4)').allInnerTexts();
      return targets.length > 0 && targets.every((x) => x === 'db');
    });
    await shot('events');
  });

  test('dependency graph: an SVG picture of the targets and the group', async () => {
    await page.locator('a[data-route="graph"]').click();
    await page.locator('svg.graph').waitFor();
    const labels = await page.locator('svg.graph .node text').allTextContents();
    assert.deepEqual([...labels].sort(), ['api', 'backend', 'db', 'web']);
    assert.ok((await page.locator('svg.graph path.edge.after').count()) >= 1);
    assert.ok((await page.locator('svg.graph path.edge.member').count()) >= 1);
    await shot('graph');
  });

  test('the language switch turns every label to Japanese', async () => {
    await page.getByLabel('Language').selectOption('ja');
    await page.locator('nav a[data-route="editor"]', { hasText: '設定' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
    await page.getByLabel('言語').selectOption('en');
    await page.locator('nav a[data-route="editor"]', { hasText: 'Configuration' }).waitFor();
  });
});
