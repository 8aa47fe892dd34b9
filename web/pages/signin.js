// signin.js - signing in: a clear sentence for wrong credentials and for an
// account locked after failed attempts.
import { api } from '../lib/api.js';
import { field, h, showError } from '../lib/dom.js';
import { t } from '../lib/i18n.js';

export function form(onSignedIn, email = '') {
  const f = h('form', { class: 'stack' },
    h('p', { class: 'form-error', role: 'alert', tabindex: '-1', hidden: true }),
    field(t('signin.email'), h('input', { name: 'email', type: 'email', autocomplete: 'username', required: true,
      value: email })),
    field(t('signin.password'), h('input', { name: 'password', type: 'password', autocomplete: 'current-password',
      required: true })),
    h('button', { type: 'submit' }, t('signin.submit')));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(f, null);
    try {
      const res = await api('POST', '/api/v1/session', { email: f.email.value, password: f.password.value });
      f.password.value = '';
      const me = await api('GET', '/api/v1/me');
      await onSignedIn({ ...me, csrf_token: res.csrf_token });
    } catch (err) {
      // Which of the two was wrong is not said, on purpose.
      showError(f, { ...err, field: null, message: err.message });
    }
  });
  return f;
}

export function render(main, { onSignedIn }) {
  document.title = `${t('signin.title')} · tandem`;
  main.replaceChildren(h('section', { class: 'narrow' }, h('h1', {}, t('signin.title')),
    h('p', {}, t('signin.intro')), form(onSignedIn)));
}
