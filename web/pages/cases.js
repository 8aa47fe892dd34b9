// cases.js - the cases the reader may open, filtered by state and stream,
// and for a worker or manager by whose they are (their own by default for
// a worker, whose list also holds partner agencies' shared cases).
import { api } from '../lib/api.js';
import { field, h, written } from '../lib/dom.js';
import { fmtDate, t, word } from '../lib/i18n.js';

const statuses = ['referred', 'assigned', 'pre_arrival_met', 'arrived', 'needs_assessed', 'active',
  'sponsorship_ended', 'closed'];
const streams = ['PSR', 'BVOR', 'GAR'];

function select(name, values, group, chosen) {
  return h('select', { name }, h('option', { value: '' }, t('cases.any')),
    values.map((v) => h('option', { value: v, selected: v === chosen }, group ? word(group, v) : v)));
}

export async function render(main, state) {
  document.title = `${t('cases.title')} · tandem`;
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const staff = ['worker', 'spo_manager'].includes(state.me.user.role);
  if (staff && !params.has('worker') && state.me.user.role === 'worker') params.set('worker', 'me');
  const whose = staff ? field(t('cases.whose'), h('select', { name: 'worker' },
    h('option', { value: '' }, t('cases.whose.all')),
    h('option', { value: 'me', selected: params.get('worker') === 'me' }, t('cases.whose.mine')))) : null;
  const filters = h('form', { class: 'filters', role: 'search', 'aria-label': t('cases.filters') },
    whose, field(t('cases.status'), select('status', statuses, 'state', params.get('status'))),
    field(t('cases.stream'), select('stream', streams, 'stream', params.get('stream'))),
    h('button', { type: 'submit' }, t('cases.filter')));
  const body = h('tbody');
  const table = h('table', { class: 'caselist' }, h('caption', {}, t('cases.caption')),
    h('thead', {}, h('tr', {}, ['cases.family', 'cases.group', 'cases.status', 'cases.stream', 'cases.arrival']
      .map((k) => h('th', { scope: 'col' }, t(k))))), body);
  const section = h('section', {}, h('h1', {}, t('cases.title')), filters, table);
  main.replaceChildren(section);
  filters.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const chosen = new URLSearchParams();
    for (const k of ['worker', 'status', 'stream']) if (filters[k]?.value !== undefined) chosen.set(k, filters[k].value);
    location.hash = `#/cases?${chosen}`;
  });
  const q = new URLSearchParams({ limit: '200' });
  for (const k of ['worker', 'status', 'stream']) if (filters[k]?.value) q.set(k, filters[k].value);
  try {
    const { cases } = await api('GET', `/api/v1/cases?${q}`);
    for (const c of cases) {
      body.append(h('tr', {}, h('td', {}, h('a', { href: `#/cases/${c.id}` }, c.family_name), ' ',
        h('span', { class: 'case-ref' }, t('case.ref', { id: c.id }))),
        written('td', c.sponsor_group_name || '—'),
        h('td', {}, word('state', c.status)), h('td', {}, word('stream', c.stream)),
        h('td', {}, fmtDate(c.actual_arrival || c.expected_arrival))));
    }
    if (!cases.length) table.after(h('p', { class: 'empty' }, t('cases.empty')));
  } catch (err) {
    section.append(h('p', { class: 'form-error', role: 'alert' }, err.message));
  }
}
