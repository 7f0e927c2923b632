// The configuration page: the YAML editor with psv check's problems, the file
// actions (examples, reload, save, diff against the running file, apply = save +
// reload the monitor) and the add-a-target form.
import { ApiError, get, post, problemLines, type Problem } from './api.js';
import { confirmAction } from './confirm.js';
import { h, replace, uid } from './dom.js';
import { renderAddTargetForm } from './form.js';
import { t } from './i18n.js';
import { YamlEditor, type CheckOutcome } from './yaml-editor.js';

interface ReloadResult {
  added?: string[];
  removed?: string[];
  changed?: string[];
}

export class EditorPage {
  private editor: YamlEditor | null = null;
  private readonly editorHost = h('div', { class: 'editor-host' });
  private readonly problems = h('div', { class: 'problems', role: 'status', 'aria-live': 'polite' });
  private readonly result = h('div', { class: 'result', 'aria-live': 'polite' });
  private lastOutcome: CheckOutcome | null = null;
  private examples: { name: string; text: string }[] = [];

  constructor(private readonly configPath: string) {}

  /** Loads the schema, the file and the examples, and makes the editor (once). */
  async start(): Promise<void> {
    const [schema, config, examples] = await Promise.all([
      get<object>('/api/schema').catch(() => undefined),
      get<{ path: string; text: string }>('/api/config').catch(() => ({ path: this.configPath, text: '' })),
      get<{ examples: { name: string; text: string }[] }>('/api/examples').catch(() => ({ examples: [] })),
    ]);
    this.examples = examples.examples;
    this.editor = new YamlEditor({
      parent: this.editorHost,
      label: () => t('editor.label'),
      schema,
      configPath: () => this.configPath,
      onChecking: () => this.problems.setAttribute('aria-busy', 'true'),
      onChecked: (outcome) => this.showProblems(outcome),
    });
    this.editor.setText(config.text);
  }

  text(): string {
    return this.editor?.text ?? '';
  }

  render(): HTMLElement {
    const exampleSelect = h('select', { id: uid('example') }, h('option', { value: '' }, t('editor.examplePick')));
    for (const ex of this.examples) exampleSelect.appendChild(h('option', { value: ex.name }, ex.name));
    exampleSelect.addEventListener('change', () => void this.openExample(exampleSelect));

    const toolbar = h(
      'div',
      { class: 'toolbar', role: 'toolbar', 'aria-label': t('editor.heading') },
      h('label', { for: exampleSelect.id }, t('editor.example')),
      exampleSelect,
      h('button', { type: 'button', onclick: () => void this.reloadFile() }, t('editor.reload')),
      h('button', { type: 'button', onclick: () => void this.save() }, t('editor.save')),
      h('button', { type: 'button', onclick: () => void this.diff() }, t('editor.diff')),
      h('button', { type: 'button', class: 'primary', onclick: () => void this.apply() }, t('editor.apply')),
    );
    if (this.lastOutcome) this.showProblems(this.lastOutcome);
    // A language switch redraws the page: the editor keeps its text, and its label follows.
    this.editor?.view.dispatch({});
    return h(
      'section',
      { class: 'page editor-page', 'aria-labelledby': 'editor-heading' },
      h('h2', { id: 'editor-heading' }, t('editor.heading')),
      h('p', { class: 'muted' }, t('editor.file', { path: this.configPath })),
      toolbar,
      h(
        'div',
        { class: 'editor-layout' },
        h('div', { class: 'editor-main' }, this.editorHost, this.problems, this.result),
        h('aside', { class: 'editor-side' }, renderAddTargetForm({ text: () => this.text(), setText: (s) => this.editor?.setText(s) })),
      ),
    );
  }

  private showProblems(outcome: CheckOutcome): void {
    this.lastOutcome = outcome;
    this.problems.removeAttribute('aria-busy');
    if (outcome.error) {
      replace(this.problems, h('p', { class: 'error' }, t('error.generic', { message: outcome.error })));
      return;
    }
    const errors = outcome.problems.filter((p) => p.severity !== 'warning').length;
    const summary = errors ? h('p', { class: 'error' }, t('editor.problems', { count: errors })) : h('p', { class: 'ok' }, t('editor.valid'));
    if (outcome.problems.length === 0) {
      replace(this.problems, summary);
      return;
    }
    const list = h('ul', { class: 'problem-list' });
    for (const p of outcome.problems) list.appendChild(h('li', { class: p.severity === 'warning' ? 'warning' : 'error' }, this.problemButton(p)));
    replace(this.problems, summary, list);
  }

  private problemButton(p: Problem): HTMLElement {
    return h('button', { type: 'button', class: 'link', 'data-line': p.line, onclick: () => this.editor?.goToLine(p.line, p.col) }, p.text);
  }

  private showResult(kind: 'ok' | 'error' | 'plain', ...lines: string[]): void {
    if (kind === 'plain') replace(this.result, h('pre', { class: 'diff' }, lines.join('\n')));
    else replace(this.result, h('div', { class: kind, role: kind === 'error' ? 'alert' : 'status' }, ...lines.map((l) => h('p', {}, l))));
  }

  private async openExample(select: HTMLSelectElement): Promise<void> {
    const ex = this.examples.find((e) => e.name === select.value);
    select.value = '';
    if (!ex || !(await confirmAction(t('editor.replaceConfirm')))) return;
    this.editor?.setText(ex.text);
  }

  private async reloadFile(): Promise<void> {
    if (!(await confirmAction(t('editor.replaceConfirm')))) return;
    try {
      const config = await get<{ text: string }>('/api/config');
      this.editor?.setText(config.text);
    } catch (err) {
      this.showResult('error', t('error.generic', { message: (err as Error).message }));
    }
  }

  private async save(): Promise<void> {
    try {
      await post<{ ok: boolean; recorded?: boolean }>('/api/config/save', { text: this.text() });
      this.showResult('ok', t('editor.saved', { path: this.configPath }));
    } catch (err) {
      this.showResult('error', t('editor.rejected'), ...problemLines(err));
    }
  }

  private async diff(): Promise<void> {
    try {
      const reply = await post<{ diff: string }>('/api/diff', { text: this.text() });
      if (reply.diff.trim() === '') this.showResult('ok', t('editor.noDiff'));
      else this.showResult('plain', reply.diff);
    } catch (err) {
      this.showResult('error', t('error.generic', { message: (err as Error).message }));
    }
  }

  private async apply(): Promise<void> {
    if (!(await confirmAction(t('editor.applyConfirm')))) return;
    try {
      const reply = await post<{ ok: boolean; result?: ReloadResult }>('/api/apply', { text: this.text() });
      const r = reply.result ?? {};
      const list = (xs: string[] | undefined): string => (xs && xs.length ? xs.join(', ') : t('editor.none'));
      this.showResult('ok', t('editor.applied', { added: list(r.added), removed: list(r.removed), changed: list(r.changed) }));
    } catch (err) {
      // No monitor: the file is saved all the same, there is nothing to reload.
      if (err instanceof ApiError && err.body.code === 'NO_MONITOR') this.showResult('error', t('editor.savedNoMonitor', { path: this.configPath }));
      else this.showResult('error', t('editor.rejected'), ...problemLines(err));
    }
  }
}
