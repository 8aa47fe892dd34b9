// invite.js - where an invitation link lands: the invited person sets their
// password, once, and then signs in.
import { api } from '../lib/api.js';
import { field, h, showError } from '../lib/dom.js';
import { t } from '../lib/i18n.js';

export function render(main, token) {
  document.title = `${t('invite.title')} · tandem`;
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'new-password', required: true,
    minlength: '10' });
  const again = h('input', { name: 'again', type: 'password', autocomplete: 'new-password', required: true });
  const form = h('form', { class: 'stack' },
    h('p', { class: 'form-error', role: 'alert', tabindex: '-1', hidden: true }),
    field(t('invite.password'), password, t('invite.password.hint')), field(t('invite.again'), again),
    h('button', { type: 'submit' }, t('invite.submit')));
  const section = h('section', { class: 'narrow' }, h('h1', {}, t('invite.title')), h('p', {}, t('invite.intro')), form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(form, null);
    if (password.value !== again.value) {
      showError(form, { field: 'again', message: t('invite.mismatch') });
      return;
    }
    try {
      await api('POST', '/api/v1/invitations/accept', { token, password: password.value });
      section.replaceChildren(h('h1', {}, t('invite.done.title')), h('p', {}, t('invite.done')),
        h('p', {}, h('a', { href: '#/signin' }, t('signin.title'))));
    } catch (err) {
      showError(form, err);
    }
  });
  main.replaceChildren(section);
}
