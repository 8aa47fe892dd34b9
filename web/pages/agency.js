// agency.js - the SPO manager's view of the agency: cases by state, the
// cases waiting for a worker (assigned here), each worker's load and
// languages.
import { api } from '../lib/api.js';
import { h, showError } from '../lib/dom.js';
import { fmtDate, fmtNumber, t, word } from '../lib/i18n.js';

const states = ['referred', 'assigned', 'pre_arrival_met', 'arrived', 'needs_assessed', 'active',
  'sponsorship_ended', 'closed'];

// Every case the manager may open, page after page.
async function allCases() {
  const out = [];
  let cursor = null;
  do {
    const page = await api('GET', `/api/v1/cases?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    out.push(...page.cases);
    cursor = page.next_cursor;
  } while (cursor);
  return out;
}

function assignForm(c, workers, redraw) {
  const who = h('select', { name: 'worker_id', 'aria-label': t('agency.assign.to', { family: c.family_name }) },
    workers.map((w) => h('option', { value: w.id },
      t('agency.option', { name: w.name, languages: w.languages, load: fmtNumber(w.open_cases) }))));
  const form = h('form', { class: 'task' }, h('span', { class: 'title' },
    h('a', { href: `#/cases/${c.id}` }, t('case.family', { name: c.family_name })), ' · ', c.preferred_language,
    ' · ', fmtDate(c.expected_arrival)), who, h('button', { type: 'submit' }, t('agency.assign')),
    h('p', { class: 'form-error', role: 'alert', hidden: true }));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await api('PATCH', `/api/v1/cases/${c.id}`, { worker_id: Number(who.value) });
      await redraw();
    } catch (err) {
      showError(form, err);
    }
  });
  return form;
}

export async function render(main, state) {
  const redraw = () => render(main, state);
  document.title = `${t('agency.title')} · tandem`;
  const section = h('section', {}, h('h1', {}, t('agency.title')));
  main.replaceChildren(section);
  let cases;
  let workers;
  try {
    [cases, { workers }] = await Promise.all([allCases(), api('GET', '/api/v1/workers')]);
  } catch (err) {
    section.append(h('p', { class: 'form-error', role: 'alert' }, err.message));
    return;
  }
  const count = (s) => cases.filter((c) => c.status === s && state.me.memberships.organizations
    .includes(c.spo_org_id)).length;
  section.append(
    h('h2', {}, t('agency.by_state')),
    h('table', {}, h('caption', { class: 'visually-hidden' }, t('agency.by_state')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('agency.state')), h('th', { scope: 'col' }, t('agency.count')))),
      h('tbody', {}, states.map((s) => h('tr', {}, h('th', { scope: 'row' },
        h('a', { href: `#/cases?status=${s}` }, word('state', s))), h('td', {}, fmtNumber(count(s))))))),
    h('h2', {}, t('agency.unassigned')));
  // The agency's own cases: a partner's, seen by consent, are not ours to assign.
  const own = state.me.memberships.organizations;
  const waiting = cases.filter((c) => c.status === 'referred' && !c.worker_id && own.includes(c.spo_org_id));
  const staffOf = (c) => workers.filter((w) => w.spo_org_id === c.spo_org_id)
    .sort((a, b) => a.open_cases - b.open_cases);
  section.append(waiting.length ? h('ul', { class: 'tasks' }, waiting.map((c) => h('li', {},
    assignForm(c, staffOf(c), redraw))))
    : h('p', { class: 'empty' }, t('agency.none_unassigned')));
  section.append(h('h2', {}, t('agency.workers')), h('table', {},
    h('caption', { class: 'visually-hidden' }, t('agency.workers')),
    h('thead', {}, h('tr', {}, ['agency.worker', 'agency.languages', 'agency.load']
      .map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, workers.map((w) => h('tr', {}, h('td', {}, w.name), h('td', {}, w.languages),
      h('td', {}, fmtNumber(w.open_cases)))))));
}
