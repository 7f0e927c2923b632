// Signing in: the one-time token from the address `psv console` printed (its
// fragment, which never reaches the server's logs), traded for a session cookie.
import { ApiError, post } from './api.js';
import { h, uid } from './dom.js';
import { t } from './i18n.js';

/** Posts the token; resolves on success, rejects with the server's message. */
export async function login(token: string): Promise<void> {
  await post('/api/login', { token });
}

/** The sign-in page; `done` is called once the cookie is set. */
export function renderLogin(initialError: string | null, done: () => void): HTMLElement {
  const input = h('input', { id: uid('token'), name: 'token', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false' });
  const message = h('p', { class: initialError ? 'error' : 'muted', role: 'alert' }, initialError ?? t('login.explain'));
  const form = h(
    'form',
    { class: 'login' },
    h('h2', {}, t('login.heading')),
    message,
    h('label', { for: input.id }, t('login.token')),
    input,
    h('button', { type: 'submit', class: 'primary' }, t('login.submit')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    message.className = 'muted';
    message.textContent = t('login.busy');
    login(input.value.trim()).then(done, (err: unknown) => {
      message.className = 'error';
      message.textContent = t('login.refused', { message: err instanceof ApiError ? err.body.message : String(err) });
    });
  });
  return h('section', { class: 'page login-page' }, form);
}
