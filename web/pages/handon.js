// handon.js - handing a case on to another SPO (POST /cases/{id}/hand-on):
// the form, offered where the case lists `hand_on`, and the SAH
// coordinator's list of its cases no agreement routed ("no partner agency"),
// each with that form.
import { api } from '../lib/api.js';
import { confirmSaved, field, h, say, showError, written } from '../lib/dom.js';
import { fmtNumber, t } from '../lib/i18n.js';

// What the SPOs a case may go to are read from: the organizations, and for
// a SAH coordinator its agreements.
export async function sources(state) {
  const sah = state.me.user.role === 'sah_coordinator';
  const [{ organizations }, { partnerships }] = await Promise.all([api('GET', '/api/v1/organizations'),
    sah ? api('GET', '/api/v1/partnerships') : { partnerships: null }]);
  return { organizations, partnerships };
}

// The SPOs a case may go to. A SAH coordinator reads its own agreements:
// the SPOs of those in force covering the case's community. An SPO manager
// does not read the SAH's other agreements: the SPOs serving the community,
// the server saying whether an agreement allows it.
export function destinations(c, { organizations: orgs, partnerships }) {
  const name = (id) => orgs.find((o) => o.id === id)?.name || t('referral.org', { id });
  const ids = partnerships
    ? partnerships.filter((p) => p.status === 'active' && p.community_ids.includes(c.community_id)).map((p) => p.spo_org_id)
    : orgs.filter((o) => o.kind === 'spo' && o.community_ids.includes(c.community_id)).map((o) => o.id);
  return [...new Set(ids)].filter((id) => id !== c.spo_org_id).map((id) => ({ id, name: name(id) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

// The form: an SPO and an optional reason. done(name) after the move.
export function handOnForm(c, spos, done, role) {
  if (!spos.length) {
    return h('p', { class: 'empty handon-none' }, say('handon.none', { community: c.community_name || '' }),
      role === 'sah_coordinator' ? [' ', h('a', { href: '#/partnerships' }, t('handon.draft'))] : null);
  }
  const to = h('select', { name: 'spo_org_id' }, spos.map((s) => h('option', { value: s.id }, s.name)));
  const reason = h('input', { name: 'reason', type: 'text', maxlength: '500', dir: 'auto' });
  const form = h('form', { class: 'stack handon' },
    h('p', { class: 'form-error', role: 'alert', tabindex: '-1', hidden: true }),
    field(say('handon.to', { family: c.family_name }), to), field(t('handon.reason'), reason, t('handon.reason.hint')),
    h('button', { type: 'submit' }, t('handon.submit')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(form, null);
    try {
      await api('POST', `/api/v1/cases/${c.id}/hand-on`, {
        spo_org_id: Number(to.value), ...(reason.value ? { reason: reason.value } : {}),
      });
      await done(spos.find((s) => String(s.id) === to.value)?.name || '');
    } catch (err) {
      showError(form, err);
    }
  });
  return form;
}

async function allNone() {
  const out = [];
  let cursor = null;
  do {
    const page = await api('GET', `/api/v1/cases?spo=none&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    out.push(...page.cases);
    cursor = page.next_cursor;
  } while (cursor);
  return out;
}

// The SAH coordinator's cases without a partner agency, drawn into its own
// section; after a case is handed on the section is drawn again, saying so.
export async function noPartnerSection(state) {
  const section = h('section', { id: 'no-partner', 'aria-labelledby': 'no-partner-title', class: 'no-partner' });
  const fill = async (text) => {
    const fresh = await noPartnerSection(state);
    section.replaceWith(fresh);
    confirmSaved(fresh, text);
  };
  let cases;
  let from;
  try {
    [cases, from] = await Promise.all([allNone(), sources(state)]);
  } catch (err) {
    section.append(h('h2', { id: 'no-partner-title' }, t('handon.list')),
      h('p', { class: 'form-error', role: 'alert' }, err.message));
    return section;
  }
  section.append(h('h2', { id: 'no-partner-title' }, t('handon.list'), ' ',
    h('span', { class: 'count' }, fmtNumber(cases.length))));
  if (!cases.length) {
    section.append(h('p', { class: 'empty' }, t('handon.list.none')));
  } else {
    section.append(h('p', { class: 'hint' }, t('handon.list.intro')));
    const items = cases.map((c) => {
      const spos = c.actions?.includes('hand_on') ? destinations(c, from) : null;
      return h('li', { class: 'card', id: `none-${c.id}` },
        h('p', { class: 'title' }, h('a', { href: `#/cases/${c.id}` }, say('case.family', { name: c.family_name })), ' ',
          h('span', { class: 'case-ref' }, t('case.ref', { id: c.id })), h('br'), c.community_name ? written('bdi', c.community_name) : '',
          c.sponsor_group_name ? [' · ', written('bdi', c.sponsor_group_name)] : null),
        spos ? handOnForm(c, spos, (name) => fill(say('handon.done', { family: c.family_name, name })),
          state.me.user.role) : null);
    });
    section.append(h('ul', { class: 'cards' }, items));
  }
  return section;
}
