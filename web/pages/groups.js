// groups.js - the SAH coordinator's sponsor groups: one line a group (its
// cases and how many are behind), unfolded to its cases with their progress
// and what is behind; groups with cases behind come first.
import { api } from '../lib/api.js';
import { h, written } from '../lib/dom.js';
import { fmtDate, fmtNumber, t, word } from '../lib/i18n.js';
import { reason } from './today.js';

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
  const behind = (id) => followups.filter((f) => f.case_id === id);
  const rows = groups.map((g) => {
    const mine = cases.filter((c) => c.sponsor_group_id === g.id);
    return { g, mine, late: mine.filter((c) => behind(c.id).length).length };
  }).filter((r) => r.mine.length).sort((a, b) => b.late - a.late || a.g.name.localeCompare(b.g.name));
  section.append(h('ul', { class: 'groups' }, rows.map(({ g, mine, late }) => h('li', {}, h('details', {},
    h('summary', {}, written('span', g.name, { class: 'group-name' }), ' ',
      h('span', { class: 'group-count' }, t('groups.count', { cases: fmtNumber(mine.length) }),
        late ? [' · ', h('strong', { class: 'overdue' }, t('groups.behind', { count: fmtNumber(late) }))] : null)),
    h('ul', { class: 'group-cases' }, mine.map((c) => h('li', {},
      h('a', { href: `#/cases/${c.id}` }, t('case.family', { name: c.family_name })), ' ',
      h('span', { class: 'case-ref' }, t('case.ref', { id: c.id })), ' · ', word('state', c.status),
      c.actual_arrival || c.expected_arrival ? ` · ${fmtDate(c.actual_arrival || c.expected_arrival)}` : null,
      behind(c.id).map((f) => h('p', { class: 'overdue' }, reason(f)))))))))));
  if (!cases.length) section.append(h('p', { class: 'empty' }, t('groups.none')));
}
