// The CodeMirror editor: YAML, completion and hover from the config's JSON schema
// (codemirror-json-schema), and the diagnostics of the server's `psv check` (the
// same messages and FILE:LINE:COL as the CLI) at their lines as the operator types.
import { EditorView, basicSetup } from 'codemirror';
import { yaml, yamlLanguage } from '@codemirror/lang-yaml';
import { linter, lintGutter, forceLinting, type Diagnostic } from '@codemirror/lint';
import { hoverTooltip } from '@codemirror/view';
import type { Text } from '@codemirror/state';
import { stateExtensions } from 'codemirror-json-schema';
import { yamlCompletion, yamlSchemaHover } from 'codemirror-json-schema/yaml';
import { post, type Problem } from './api.js';

/** How long typing must pause before the text goes to psv check. */
const CHECK_DELAY_MS = 400;

export interface CheckOutcome {
  problems: Problem[];
  error?: string;
}

export interface YamlEditorOptions {
  parent: HTMLElement;
  /** The editor's accessible name (a function: the language may change). */
  label: () => string;
  /** The config's JSON schema (GET /api/schema). */
  schema: object | undefined;
  configPath: () => string;
  /** Called with each check's outcome (the page lists the problems too). */
  onChecked: (outcome: CheckOutcome) => void;
  onChecking: () => void;
}

export class YamlEditor {
  readonly view: EditorView;

  constructor(private readonly opts: YamlEditorOptions) {
    this.view = new EditorView({
      parent: opts.parent,
      extensions: [
        basicSetup,
        yaml(),
        stateExtensions(opts.schema as Parameters<typeof stateExtensions>[0]),
        yamlLanguage.data.of({ autocomplete: yamlCompletion() }),
        hoverTooltip(yamlSchemaHover()),
        lintGutter(),
        linter((view) => this.check(view), { delay: CHECK_DELAY_MS }),
        EditorView.contentAttributes.of(() => ({ 'aria-label': opts.label() })),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) opts.onChecking();
        }),
      ],
    });
  }

  get text(): string {
    return this.view.state.doc.toString();
  }

  /** Replaces the whole text (an example, the file, the form's result) and checks it at once. */
  setText(text: string): void {
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
    forceLinting(this.view);
  }

  /** Puts the cursor on a line (1-based) and scrolls it into view. */
  goToLine(line: number, col = 1): void {
    const doc = this.view.state.doc;
    const pos = positionOf(doc, line, col);
    this.view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: 'center' }) });
    this.view.focus();
  }

  private async check(view: EditorView): Promise<Diagnostic[]> {
    const text = view.state.doc.toString();
    let outcome: CheckOutcome;
    try {
      const reply = await post<{ problems: Problem[] }>('/api/check', { text, path: this.opts.configPath() });
      outcome = { problems: reply.problems ?? [] };
    } catch (err) {
      outcome = { problems: [], error: (err as Error).message };
    }
    // A newer text has been typed meanwhile: its own check reports.
    if (view.state.doc.toString() !== text) return [];
    this.opts.onChecked(outcome);
    return outcome.problems.map((p) => diagnosticOf(view.state.doc, p));
  }
}

function positionOf(doc: Text, line: number, col: number): number {
  const l = doc.line(Math.min(Math.max(1, line || 1), doc.lines));
  return Math.min(l.from + Math.max(0, (col || 1) - 1), l.to);
}

/** The problem marked from its column to the end of its line (psv check gives a point, not a range). */
function diagnosticOf(doc: Text, p: Problem): Diagnostic {
  const from = positionOf(doc, p.line, p.col);
  const to = Math.max(from, doc.lineAt(from).to);
  return { from, to, severity: p.severity === 'warning' ? 'warning' : 'error', message: p.text, source: 'psv check' };
}
