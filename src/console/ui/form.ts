// The "add a target" form: the common case without YAML. It writes into the
// editor's text through addTarget (the yaml Document API), so the result is
// visible, checked and undoable like any edit.
import { addTarget, AddTargetError, type NewTarget } from './add-target.js';
import { h, uid } from './dom.js';
import { t, type TextKey } from './i18n.js';

export interface FormHost {
  text(): string;
  setText(text: string): void;
}

function field(labelKey: TextKey, input: HTMLInputElement | HTMLSelectElement): HTMLElement {
  input.id = uid('f');
  return h('div', { class: 'field' }, h('label', { for: input.id }, t(labelKey)), input);
}

export function renderAddTargetForm(host: FormHost): HTMLElement {
  const name = h('input', { name: 'name', required: true, autocomplete: 'off', pattern: '[A-Za-z0-9._][A-Za-z0-9._-]*' });
  const kind = h(
    'select',
    { name: 'kind' },
    h('option', { value: 'command' }, t('form.kind.command')),
    h('option', { value: 'match' }, t('form.kind.match')),
  );
  const command = h('input', { name: 'command', autocomplete: 'off', placeholder: 'node server.js --port 8080' });
  const match = h('input', { name: 'match', autocomplete: 'off', placeholder: 'java' });
  const retries = h('input', { name: 'retries', type: 'number', min: 0, value: 3 });
  const window = h('input', { name: 'window', autocomplete: 'off', value: '1h' });
  const delay = h('input', { name: 'delay', autocomplete: 'off', placeholder: '1s' });
  const group = h('input', { name: 'group', autocomplete: 'off' });
  const heartbeat = h('input', { name: 'heartbeat', autocomplete: 'off', placeholder: '30s' });
  const message = h('p', { class: 'form-message', role: 'status', 'aria-live': 'polite' });

  const commandField = field('form.command', command);
  const matchField = field('form.match', match);
  const showKind = (): void => {
    commandField.hidden = kind.value !== 'command';
    matchField.hidden = kind.value !== 'match';
  };
  kind.addEventListener('change', showKind);
  showKind();

  const form = h(
    'form',
    { class: 'add-target', 'aria-labelledby': 'add-target-heading' },
    h('h3', { id: 'add-target-heading' }, t('form.heading')),
    field('form.name', name),
    field('form.how', kind),
    commandField,
    matchField,
    h('div', { class: 'row' }, field('form.retries', retries), field('form.window', window), field('form.delay', delay)),
    field('form.group', group),
    field('form.heartbeat', heartbeat),
    h('button', { type: 'submit' }, t('form.add')),
    message,
  );

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    message.classList.remove('error');
    const target: NewTarget = { name: name.value.trim() };
    if (kind.value === 'command') target.command = command.value.trim();
    else target.match = match.value.trim();
    if (retries.value !== '') target.retries = Number(retries.value);
    if (window.value.trim()) target.window = window.value.trim();
    if (delay.value.trim()) target.delay = delay.value.trim();
    if (group.value.trim()) target.group = group.value.trim();
    if (heartbeat.value.trim()) target.heartbeat = heartbeat.value.trim();
    const fail = (text: string): void => {
      message.textContent = text;
      message.classList.add('error');
    };
    if (!target.name) return fail(t('form.needName'));
    if (!target.command && !target.match) return fail(t('form.needCommand'));
    try {
      host.setText(addTarget(host.text(), target));
    } catch (err) {
      if (err instanceof AddTargetError && err.reason === 'duplicate') return fail(t('form.duplicate', { name: target.name }));
      return fail(t('form.unparsable', { message: (err as Error).message }));
    }
    message.textContent = t('form.added', { name: target.name });
    form.reset();
    showKind();
  });
  return form;
}
