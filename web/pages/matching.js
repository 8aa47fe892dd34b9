// matching.js - the SPO manager's matching page: a worker proposed for each
// case waiting for one, with why in words; the manager accepts or changes
// each and applies them together (all or none).
import { api } from '../lib/api.js';
import { h, showError } from '../lib/dom.js';
import { current, fmtNumber, t, tn, word } from '../lib/i18n.js';

function languageName(code) {
  try {
    return new Intl.DisplayNames([current()], { type: 'language' }).of(code) || code;
  } catch {
    return code;
  }
}

const domains = (list) => (list ? list.split(',') : []).map((d) => word('domain', d));

// The proposal's explanation in the reader's language, from its parts.
function why(p) {
  const parts = [
    t(`match.how.${p.how}`, { language: languageName(p.language) }),
    t(p.in_person ? 'match.place.in_person' : 'match.place.virtual', { community: p.community }),
    t('match.places', { left: fmtNumber(p.places_left), capacity: fmtNumber(p.capacity) }),
    ...domains(p.specialised).map((d) => t('match.specialised', { domain: d })),
    ...domains(p.unspecialised).map((d) => t('match.unspecialised', { domain: d })),
  ];
  return parts.join(t('match.sep'));
}

// The families' names, for the manager's eyes: the proposals carry ids only.
async function families() {
  const names = new Map();
  let cursor = null;
  do {
    const page = await api('GET', `/api/v1/cases?status=referred&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    page.cases.forEach((c) => names.set(c.id, c.family_name));
    cursor = page.next_cursor;
  } while (cursor);
  return names;
}

function caseLink(id, names) {
  return h('a', { href: `#/cases/${id}` }, t('case.family', { name: names.get(id) || `#${id}` }));
}

function proposalRow(p, run, names) {
  const family = names.get(p.case_id) || `#${p.case_id}`;
  const accept = h('input', { type: 'checkbox', checked: true, 'aria-label': t('match.accept', { family }) });
  const who = h('select', { 'aria-label': t('match.change', { family }) }, run.workers.map((w) => h('option', {
    value: w.id, selected: w.id === p.worker_id,
  }, t('match.option', {
    name: w.name, languages: w.languages, load: fmtNumber(w.open_cases), capacity: fmtNumber(w.capacity),
  }))));
  const row = h('tr', {}, h('td', {}, accept), h('th', { scope: 'row' }, caseLink(p.case_id, names)),
    h('td', {}, who), h('td', { class: 'why' }, why(p)));
  row.assignment = () => {
    if (!accept.checked) return null;
    const w = run.workers.find((x) => x.id === Number(who.value));
    return { case_id: p.case_id, worker_id: w.id, case_stamp: p.case_stamp, worker_stamp: w.stamp };
  };
  return row;
}

function unmatchedList(run, names) {
  if (!run.unmatched.length) return [];
  return [h('h2', {}, t('match.unmatched')), h('ul', { class: 'unmatched' }, run.unmatched.map((u) => h('li', {},
    caseLink(u.case_id, names), ': ',
    t(`match.reason.${u.reason}`, { language: languageName(u.language), community: u.community }))))];
}

function applyForm(run, names, redraw) {
  const rows = run.proposals.map((p) => proposalRow(p, run, names));
  const status = h('p', { role: 'status' });
  const form = h('form', {}, h('table', { class: 'proposals' },
    h('caption', { class: 'visually-hidden' }, t('match.proposals')),
    h('thead', {}, h('tr', {}, ['match.accepted', 'match.case', 'match.worker', 'match.why']
      .map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, rows)),
  h('button', { type: 'submit' }, t('match.apply')), status,
  h('p', { class: 'form-error', role: 'alert', hidden: true }));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const assignments = rows.map((r) => r.assignment()).filter(Boolean);
    if (!assignments.length) return;
    try {
      const done = await api('POST', '/api/v1/match/apply', { spo_org_id: run.spo_org_id, assignments });
      await redraw(tn('match.applied', done.applied));
    } catch (err) {
      showError(form, err);
    }
  });
  return form;
}

export async function render(main, state, note = '') {
  const redraw = (message) => render(main, state, message);
  document.title = `${t('match.title')} · tandem`;
  const section = h('section', {}, h('h1', {}, t('match.title')), h('p', {}, t('match.intro')));
  if (note) section.append(h('p', { class: 'notice', role: 'status' }, note));
  main.replaceChildren(section);
  let run;
  let names;
  try {
    [run, names] = await Promise.all([api('POST', '/api/v1/match/proposals', {}), families()]);
  } catch (err) {
    section.append(h('p', { class: 'form-error', role: 'alert' }, err.message));
    return;
  }
  section.append(h('p', {}, t('match.summary', {
    proposed: fmtNumber(run.proposals.length), unmatched: fmtNumber(run.unmatched.length),
  })));
  if (run.proposals.length) section.append(applyForm(run, names, redraw));
  else if (!run.unmatched.length) section.append(h('p', { class: 'empty' }, t('match.none')));
  section.append(...unmatchedList(run, names));
}
