// today.js - what needs attention now, most urgent first, each with its
// reason: the first page of a worker, a manager or a SAH coordinator.
import { api } from '../lib/api.js';
import { h } from '../lib/dom.js';
import { fmtDate, t, word } from '../lib/i18n.js';

export async function render(main) {
  document.title = `${t('today.title')} · tandem`;
  const list = h('ol', { class: 'followups' });
  const section = h('section', {}, h('h1', {}, t('today.title')), h('p', {}, t('today.intro')), list);
  main.replaceChildren(section);
  try {
    const { followups } = await api('GET', '/api/v1/followups');
    if (!followups.length) list.replaceWith(h('p', { class: 'empty' }, t('today.empty')));
    for (const f of followups) {
      list.append(h('li', { class: f.rank <= 1 ? 'urgent' : null },
        h('a', { href: `#/cases/${f.case_id}` }, t('case.family', { name: f.family_name })),
        h('p', {}, f.domain ? t('followup.need', { level: word('level', f.level), domain: word('domain', f.domain),
          date: fmtDate(f.due) }) : t(`followup.${f.kind}`, { date: fmtDate(f.due) })),
        f.rank <= 1 ? h('span', { class: 'badge' }, t('today.urgent')) : null));
    }
  } catch (err) {
    section.append(h('p', { class: 'form-error', role: 'alert' }, err.message));
  }
}
