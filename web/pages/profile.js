// profile.js - a worker's matching profile (languages spoken, communities
// served in person, capacity, virtual service, specialisations) as a form
// folded under a button; the administrator's and the manager's pages share it.
import { api } from '../lib/api.js';
import { confirmSaved, field, h, showError } from '../lib/dom.js';
import { languageName, t, tn, word } from '../lib/i18n.js';

const domains = ['housing', 'health', 'mental_health', 'language', 'education', 'employment', 'income',
  'childcare', 'legal_documents', 'social_connection'];
let uid = 0;

// A group of checkboxes named name, one per [value, label], those in on
// ticked. The first box carries the group's error slot, where showError
// puts what the server says of the field.
export function checks(legend, name, options, on, hint) {
  const first = `c${++uid}`;
  const boxes = options.map(([value, label], i) => h('label', { class: 'switch' },
    h('input', { type: 'checkbox', name, value, checked: on.includes(value), id: i ? null : first,
      'aria-describedby': i ? null : `${first}-err` }), ' ', label));
  return h('fieldset', { class: 'checks' }, h('legend', {}, legend), hint ? h('p', { class: 'hint' }, hint) : null,
    h('div', { class: 'check-grid' }, boxes), h('p', { class: 'field-error', id: `${first}-err`, hidden: true }));
}

export const ticked = (form, name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((c) => c.value);
const list = (s) => (s || '').split(',').filter(Boolean);

// The language codes with their names in the reader's language, by name; a
// name the browser gives two codes (Kurdish, Kurmanji) keeps its code beside it.
export function named(codes) {
  const names = codes.map((c) => [c, languageName(c)]);
  const twice = (n) => names.filter(([, m]) => m === n).length > 1;
  return names.map(([c, n]) => [c, twice(n) ? `${n} (${c})` : n]).sort((a, b) => a[1].localeCompare(b[1]));
}

function profileForm(w, p, codes, communities, saved) {
  const title = `pt${++uid}`;
  const form = h('form', { class: 'stack profile', 'aria-labelledby': title },
    h('h4', { id: title }, t('profile.title', { name: w.name })),
    h('p', { class: 'form-error', role: 'alert', hidden: true }),
    checks(t('profile.languages'), 'languages', named(codes), list(p.languages)),
    checks(t('profile.communities'), 'community_ids',
      [...communities].sort((a, b) => a.name.localeCompare(b.name)).map((c) => [String(c.id), c.name]),
      p.community_ids.map(String), t('profile.communities.hint')),
    field(t('profile.capacity'), h('input', { name: 'capacity', type: 'number', min: '0', max: '1000',
      required: true, value: p.capacity, inputmode: 'numeric' }), tn('profile.capacity.hint', p.open_cases)),
    h('label', { class: 'switch' }, h('input', { name: 'virtual_ok', type: 'checkbox', checked: p.virtual_ok }), ' ',
      t('profile.virtual')),
    checks(t('profile.specialisations'), 'specialisations', domains.map((d) => [d, word('domain', d)]),
      list(p.specialisations)),
    h('button', { type: 'submit' }, t('profile.save')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(form, null);
    try {
      const now = await api('PATCH', `/api/v1/workers/${w.id}`, {
        languages: ticked(form, 'languages'), community_ids: ticked(form, 'community_ids').map(Number),
        capacity: Number(form.capacity.value), virtual_ok: form.virtual_ok.checked,
        specialisations: ticked(form, 'specialisations'),
      });
      confirmSaved(form, t('profile.saved', { name: w.name }));
      saved?.(now);
    } catch (err) {
      showError(form, err);
    }
  });
  return form;
}

// What every profile form needs, asked for once a page: the language codes
// a profile offers and the communities (given, or fetched when first wanted).
export function profileContext(communities) {
  let codes = null;
  let places = communities;
  return async () => {
    codes ??= (await api('GET', '/api/v1/languages')).languages;
    places ??= (await api('GET', '/api/v1/communities')).communities;
    return { codes, communities: places };
  };
}

// The button that opens and folds worker w's profile form in slot, named
// with the worker for screen readers; saved(profile) hears of each save.
export function profileButton(w, slot, context, saved) {
  const b = h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false' }, t('profile'),
    h('span', { class: 'visually-hidden' }, ` ${w.name}`));
  let busy = false;
  b.addEventListener('click', async () => {
    if (busy) return;
    if (slot.querySelector('form')) {
      slot.replaceChildren();
      b.setAttribute('aria-expanded', 'false');
      return;
    }
    busy = true;
    try {
      const [p, { codes, communities }] = await Promise.all([api('GET', `/api/v1/workers/${w.id}`), context()]);
      slot.replaceChildren(profileForm(w, p, codes, communities, saved));
      b.setAttribute('aria-expanded', 'true');
      // The form opens below the button: its first box comes into view.
      slot.querySelector('input')?.focus();
    } catch (err) {
      // Shown where the form would be; the next tap tries again.
      slot.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, err.message));
    } finally {
      busy = false;
    }
  });
  return b;
}
