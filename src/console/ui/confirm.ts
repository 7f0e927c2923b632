// A yes/no question in a modal <dialog>: keyboard accessible as the browser makes
// it (focus moves in, Escape cancels), unlike a bare window.confirm, in the page's
// language and style.
import { h } from './dom.js';
import { t } from './i18n.js';

export function confirmAction(question: string): Promise<boolean> {
  return new Promise((resolve) => {
    const titleId = 'confirm-title';
    const ok = h('button', { type: 'button', class: 'danger', 'data-confirm': 'yes' }, t('confirm.ok'));
    const cancel = h('button', { type: 'button', 'data-confirm': 'no' }, t('confirm.cancel'));
    const dialog = h(
      'dialog',
      { 'aria-labelledby': titleId, class: 'confirm' },
      h('h2', { id: titleId }, t('confirm.title')),
      h('p', {}, question),
      h('div', { class: 'buttons' }, cancel, ok),
    );
    const finish = (answer: boolean): void => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    ok.addEventListener('click', () => finish(true));
    cancel.addEventListener('click', () => finish(false));
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      finish(false);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
