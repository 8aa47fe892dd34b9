// agency.js - the SPO manager's first page: the cases waiting for a worker,
// each with the least-loaded worker who speaks the family's language already
// chosen, then each worker's load and languages (and matching profile, where
// the API offers it), then the cases by state.
import { api } from '../lib/api.js';
import { confirmSaved, field, h, showError, written } from '../lib/dom.js';
import { fmtDate, fmtNumber, languageName, languageNames, t, tn, word } from '../lib/i18n.js';
import { receivedCard } from './announcements.js';
import { toVerify } from './directory.js';
import { groupsCard } from './workgroups.js';
import { profileButton, profileContext } from './profile.js';

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

const speaks = (w, language) => (w.languages || '').split(',').map((l) => l.trim()).includes(language);

// The agency's workers for a case: those who speak the family's language
// first, each group the least loaded first, so that the first is the one a
// manager would pick.
function candidates(c, workers) {
  const rank = (w) => (speaks(w, c.preferred_language) ? 0 : 1);
  return workers.filter((w) => w.spo_org_id === c.spo_org_id)
    .sort((a, b) => rank(a) - rank(b) || a.open_cases - b.open_cases || a.name.localeCompare(b.name));
}

function option(w) {
  return h('option', { value: w.id }, tn('agency.option', w.open_cases, { name: w.name,
    languages: languageNames(w.languages) || t('agency.no_languages') }));
}

// How long a case has waited, as the follow-up rules count it: newly
// referred (within three days), or without a worker since a date.
function waitedFor(f) {
  if (!f) return null;
  return f.kind === 'referred' ? [' ', h('span', { class: 'badge' }, t('agency.new')), ' ',
    h('span', { class: 'hint' }, t('agency.referred_on', { date: fmtDate(f.due) }))]
    : [' ', h('span', { class: 'hint' }, t('agency.waiting_since', { date: fmtDate(f.due) }))];
}

function facts(c, f) {
  return h('p', { class: 'title' }, h('a', { href: `#/cases/${c.id}` }, t('case.family', { name: c.family_name })),
    ' ', h('span', { class: 'case-ref' }, t('case.ref', { id: c.id })), waitedFor(f),
    h('br'), languageName(c.preferred_language), ' · ', word('stream', c.stream),
    c.expected_arrival ? [' · ', t('agency.arrives', { date: fmtDate(c.expected_arrival) })] : null,
    c.sponsor_group_name ? [' · ', written('bdi', c.sponsor_group_name)] : null);
}

function assignForm(c, f, workers, done) {
  const staff = candidates(c, workers);
  const who = h('select', { name: 'worker_id' }, staff.map(option));
  const fit = h('p', { class: 'hint' });
  const explain = () => {
    const w = staff.find((x) => String(x.id) === who.value);
    fit.textContent = w && speaks(w, c.preferred_language)
      ? t('agency.fit', { language: languageName(c.preferred_language) })
      : t('agency.no_fit', { language: languageName(c.preferred_language) });
  };
  who.addEventListener('change', explain);
  explain();
  const form = h('form', { class: 'task assign' }, facts(c, f),
    field(t('agency.assign.to', { family: c.family_name }), who), fit,
    h('button', { type: 'submit' }, t('agency.assign')),
    h('p', { class: 'form-error', role: 'alert', hidden: true }));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await api('PATCH', `/api/v1/cases/${c.id}`, { worker_id: Number(who.value) });
      const w = staff.find((x) => String(x.id) === who.value);
      await done(t('agency.assigned', { family: c.family_name, name: w ? w.name : '' }));
    } catch (err) {
      showError(form, err);
    }
  });
  return form;
}

// Each worker's load and languages, the least loaded first; where the API
// offers it, the worker's matching profile opens in a row beneath. A saved
// profile changes the worker's languages everywhere on the page (changed()).
function workerTable(workers, changed) {
  const context = profileContext();
  const rows = [...workers].sort((a, b) => a.open_cases - b.open_cases).map((w) => {
    const languages = h('td', {}, languageNames(w.languages));
    const slot = h('div', { class: 'profile-slot' });
    const saved = (p) => {
      w.languages = p.languages;
      languages.replaceChildren(languageNames(p.languages));
      changed();
    };
    return [h('tr', {}, h('td', {}, w.name, w.actions?.includes('set_profile')
      ? [h('br'), profileButton(w, slot, context, saved), ' ', h('a', { href: `#/training/${w.id}` }, t('agency.training'))]
      : null), languages, h('td', {}, fmtNumber(w.open_cases))),
    h('tr', { class: 'profile-row' }, h('td', { colspan: '3' }, slot))];
  });
  return h('table', { class: 'agency-workers' }, h('caption', { class: 'visually-hidden' }, t('agency.workers')),
    h('thead', {}, h('tr', {}, ['agency.worker', 'agency.languages', 'agency.load']
      .map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, rows.flat()));
}

function stateTable(cases, own) {
  const count = (s) => cases.filter((c) => c.status === s && own.includes(c.spo_org_id)).length;
  return h('table', {}, h('caption', { class: 'visually-hidden' }, t('agency.by_state')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('agency.state')), h('th', { scope: 'col' }, t('agency.count')))),
    h('tbody', {}, states.map((s) => h('tr', {}, h('th', { scope: 'row' },
      h('a', { href: `#/cases?status=${s}` }, word('state', s))), h('td', {}, fmtNumber(count(s)))))));
}

export async function render(main, state, saved) {
  document.title = `${t('agency.title')} · tandem`;
  const section = h('section', {}, h('h1', {}, t('agency.title')));
  main.replaceChildren(section);
  let cases;
  let workers;
  let followups;
  try {
    [cases, { workers }, { followups }] = await Promise.all([allCases(), api('GET', '/api/v1/workers'),
      api('GET', '/api/v1/followups')]);
  } catch (err) {
    section.append(h('p', { class: 'form-error', role: 'alert' }, err.message));
    return;
  }
  // The agency's own cases: a partner's, seen by consent, are not ours to assign.
  const own = state.me.memberships.organizations;
  // oldest wait first, as the follow-up rules date it
  const waited = new Map(followups.filter((f) => f.kind === 'referred' || f.kind === 'unassigned')
    .map((f) => [f.case_id, f]));
  const since = (c) => waited.get(c.id)?.due || '';
  const waiting = cases.filter((c) => c.status === 'referred' && !c.worker_id && own.includes(c.spo_org_id))
    .sort((a, b) => since(a).localeCompare(since(b)) || a.id - b.id);
  const heading = h('h2', {}, t('agency.unassigned'), ' ', h('span', { class: 'count' }, fmtNumber(waiting.length)));
  section.append(heading);
  if (saved) confirmSaved(section, saved);
  const done = (text) => render(main, state, text);
  const list = h('div', {});
  const drawWaiting = () => list.replaceChildren(waiting.length
    ? h('ul', { class: 'tasks' }, waiting.map((c) => h('li', {}, assignForm(c, waited.get(c.id), workers, done))))
    : h('p', { class: 'empty' }, t('agency.none_unassigned')));
  drawWaiting();
  section.append(list, h('h2', {}, t('agency.workers')), workerTable(workers, drawWaiting),
    h('h2', {}, t('agency.by_state')), stateTable(cases, own));
  section.append(...[await toVerify(), await groupsCard()].filter(Boolean));
  // what the LIP announced, first on the page while it is unread
  const news = await receivedCard();
  if (news) section.querySelector('h1').after(news);
}
