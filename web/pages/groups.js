// groups.js - the SAH coordinator's view: its sponsor groups' cases, with
// their progress and what is overdue.
import { api } from '../lib/api.js';
import { h } from '../lib/dom.js';
import { fmtDate, t, word } from '../lib/i18n.js';

export async function render(main) {
  document.title = `${t('groups.title')} · tandem`;
  const section = h('section', {}, h('h1', {}, t('groups.title')), h('p', {}, t('groups.intro')));
  main.replaceChildren(section);
  let cases;
  let groups;
  let followups;
  try {
    [{ cases }, { sponsor_groups: groups }, { followups }] = await Promise.all([
      api('GET', '/api/v1/cases?limit=200'), api('GET', '/api/v1/sponsor-groups'), api('GET', '/api/v1/followups')]);
  } catch (err) {
    section.append(h('p', { class: 'form-error', role: 'alert' }, err.message));
    return;
  }
  const overdue = (id) => followups.filter((f) => f.case_id === id);
  for (const g of groups) {
    const mine = cases.filter((c) => c.sponsor_group_id === g.id);
    if (!mine.length) continue;
    section.append(h('h2', {}, g.name), h('table', {}, h('caption', { class: 'visually-hidden' }, g.name),
      h('thead', {}, h('tr', {}, ['cases.family', 'groups.progress', 'cases.arrival', 'groups.attention']
        .map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, mine.map((c) => h('tr', {},
        h('td', {}, h('a', { href: `#/cases/${c.id}` }, c.family_name)), h('td', {}, word('state', c.status)),
        h('td', {}, fmtDate(c.actual_arrival || c.expected_arrival)),
        h('td', {}, overdue(c.id).map((f) => h('p', { class: 'overdue' },
          t(`followup.${f.kind}`, { date: fmtDate(f.due) })))))))));
  }
  if (!cases.length) section.append(h('p', { class: 'empty' }, t('groups.none')));
}
