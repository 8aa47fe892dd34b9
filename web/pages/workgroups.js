// workgroups.js - a LIP's working groups. Their members (and the LIP's
// coordinators) see each group's purpose, members, meetings with a calendar
// file, and its shared list of actions, which they add to and tick off; the
// LIP's coordinators form groups, change who is in them (people by the
// address of their account) and set their meetings.
import { api } from '../lib/api.js';
import { confirmSaved, errorLine, field, h, showError, written } from '../lib/dom.js';
import { fmtDate, fmtDateTime, fmtNumber, fmtRange, t, tn } from '../lib/i18n.js';

const can = (o, action) => Boolean(o.actions && o.actions.includes(action));

// The time as the reader's clock reads it on that day, with its offset.
function at(day, hm) {
  const d = new Date(`${day}T${hm}:00`);
  const off = -d.getTimezoneOffset();
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  return `${day}T${hm}:00${off < 0 ? '-' : '+'}${pad(off / 60)}:${pad(off % 60)}`;
}

function groupLine(g) {
  return [h('a', { href: `#/working-groups/${g.id}` }, written('span', g.name)), ' · ',
    g.next_meeting ? t('wg.next', { when: fmtDateTime(g.next_meeting) }) : t('wg.no_meeting'), ' · ',
    tn('wg.open_actions', g.open_actions)];
}

// The groups the reader belongs to, for a first page; null when none.
export async function groupsCard() {
  const { working_groups: groups, actions } = await api('GET', '/api/v1/working-groups');
  if (!groups.length && !actions.includes('create')) return null;
  return h('section', { class: 'card', id: 'working-groups', 'aria-labelledby': 'working-groups-title' },
    h('h2', { id: 'working-groups-title' }, t('wg.title')),
    groups.length ? h('ul', {}, groups.slice(0, 12).map((g) => h('li', {}, groupLine(g))))
      : h('p', { class: 'empty' }, t('wg.none')),
    h('p', {}, h('a', { href: '#/working-groups', class: 'action' }, t('wg.all'))));
}

// The organizations of a community to tick as members (not LIPs: theirs
// run the groups), those in chosen ticked.
function orgPicker(orgs, chosen) {
  const grid = h('div', { class: 'check-grid' });
  const box = h('fieldset', { class: 'checks', name: 'organization_ids', tabindex: '-1' },
    h('legend', {}, t('wg.organizations')), grid);
  const draw = (community) => grid.replaceChildren(...orgs
    .filter((o) => (o.community_ids || []).includes(community) && o.kind !== 'lip')
    .map((o) => h('label', { class: 'switch' }, h('input', { type: 'checkbox', value: o.id,
      checked: chosen.includes(o.id) }), ' ', written('span', o.name))));
  return { box, draw, ids: () => [...grid.querySelectorAll('input:checked')].map((i) => Number(i.value)) };
}

// People named by the address they sign in with, one a line (or split by
// commas or spaces).
function addressField() {
  const control = h('textarea', { name: 'member_emails', rows: '3', maxlength: '4000', dir: 'ltr',
    autocomplete: 'off' });
  return { field: field(t('wg.member_emails'), control, t('wg.member_emails.hint')),
    list: () => control.value.split(/[\s,;]+/).filter(Boolean) };
}

function createForm(communities, orgs, to) {
  const where = h('select', { name: 'community_id' }, to.map((id) => h('option', { value: id },
    communities.find((c) => c.id === id)?.name || String(id))));
  const name = h('input', { name: 'name', required: true, maxlength: '120', dir: 'auto' });
  const purpose = h('textarea', { name: 'purpose', rows: '3', maxlength: '2000', dir: 'auto' });
  const members = orgPicker(orgs, []);
  const people = addressField();
  where.addEventListener('change', () => members.draw(Number(where.value)));
  members.draw(Number(where.value));
  const form = h('form', { class: 'stack', id: 'new-group' }, errorLine(), field(t('announce.community'), where),
    field(t('wg.name'), name), field(t('wg.purpose'), purpose), members.box, people.field,
    h('button', { type: 'submit' }, t('wg.create')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(form, null);
    try {
      const made = await api('POST', '/api/v1/working-groups', { community_id: Number(where.value), name: name.value,
        purpose: purpose.value || null, organization_ids: members.ids(), member_emails: people.list() });
      location.hash = `#/working-groups/${made.id}`;
    } catch (err) {
      showError(form, err);
    }
  });
  return h('details', { class: 'card', id: 'create-group' }, h('summary', {}, t('wg.create')), form);
}

// The LIP renames a group, says its purpose again, or changes who is in
// it: organizations ticked, people kept (untick to let go) or added by
// address.
function changeForm(g, orgs, done) {
  const name = h('input', { name: 'name', required: true, maxlength: '120', dir: 'auto', value: g.name });
  const purpose = h('textarea', { name: 'purpose', rows: '3', maxlength: '2000', dir: 'auto' }, g.purpose || '');
  const members = orgPicker(orgs, g.organization_ids);
  members.draw(g.community_id);
  const kept = h('div', { class: 'check-grid' }, g.members.map((m) => h('label', { class: 'switch' },
    h('input', { type: 'checkbox', value: m.user_id, checked: true }), ' ', written('bdi', m.name))));
  const people = addressField();
  const form = h('form', { class: 'stack' }, errorLine(), field(t('wg.name'), name), field(t('wg.purpose'), purpose),
    members.box, g.members.length ? h('fieldset', { class: 'checks', name: 'member_ids', tabindex: '-1' },
      h('legend', {}, t('wg.people')), kept) : null, people.field,
    h('button', { type: 'submit' }, t('wg.save')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(form, null);
    try {
      await api('PATCH', `/api/v1/working-groups/${g.id}`, { name: name.value, purpose: purpose.value || null,
        organization_ids: members.ids(), member_ids: [...kept.querySelectorAll('input:checked')].map((i) => Number(i.value)),
        member_emails: people.list() });
      await done('members-card', t('wg.saved'));
    } catch (err) {
      showError(form, err);
    }
  });
  return h('details', { class: 'amend', id: 'change-group' }, h('summary', {}, t('wg.change')), form);
}

export async function render(main) {
  document.title = `${t('wg.title')} · tandem`;
  const section = h('section', { id: 'groups-list' }, h('h1', {}, t('wg.title')), h('p', {}, t('wg.intro')));
  main.replaceChildren(section);
  try {
    const [list, { communities }, { organizations }] = await Promise.all([api('GET', '/api/v1/working-groups'),
      api('GET', '/api/v1/communities'), api('GET', '/api/v1/organizations')]);
    const name = (id) => communities.find((c) => c.id === id)?.name || String(id);
    section.append(list.working_groups.length ? h('ul', { class: 'cards' }, list.working_groups.map((g) => h('li',
      { class: 'card' }, h('h2', {}, h('a', { href: `#/working-groups/${g.id}` }, written('span', g.name))),
      h('p', { class: 'hint' }, name(g.community_id)), g.purpose ? written('p', g.purpose) : null,
      h('p', {}, g.next_meeting ? t('wg.next', { when: fmtDateTime(g.next_meeting) }) : t('wg.no_meeting'), ' · ',
        tn('wg.open_actions', g.open_actions)))))
      : h('p', { class: 'empty' }, t('wg.none')));
    if (can(list, 'create')) section.append(createForm(communities, organizations, list.communities));
  } catch (err) {
    section.append(h('p', { class: 'form-error', role: 'alert' }, err.message));
  }
}

function meetingForm(g, done) {
  const day = h('input', { name: 'starts_at', type: 'date', required: true });
  const from = h('input', { type: 'time', required: true, value: '10:00' });
  const to = h('input', { name: 'ends_at', type: 'time', required: true, value: '12:00' });
  const place = h('input', { name: 'place', maxlength: '300', dir: 'auto' });
  const agenda = h('textarea', { name: 'agenda', rows: '3', maxlength: '4000', dir: 'auto' });
  const form = h('form', { class: 'stack', id: 'new-meeting' }, errorLine(), field(t('event.day'), day),
    field(t('event.from'), from), field(t('event.to'), to), field(t('wg.place'), place),
    field(t('wg.agenda'), agenda), h('button', { type: 'submit' }, t('wg.meeting_add')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(form, null);
    try {
      await api('POST', `/api/v1/working-groups/${g.id}/meetings`, { starts_at: at(day.value, from.value),
        ends_at: at(day.value, to.value), place: place.value.trim() || null, agenda: agenda.value.trim() || null });
      await done('meetings', t('wg.meeting_added'));
    } catch (err) {
      showError(form, err);
    }
  });
  return h('details', { class: 'card' }, h('summary', {}, t('wg.meeting_add')), form);
}

function actionForm(g, done) {
  const title = h('input', { name: 'title', required: true, maxlength: '200', dir: 'auto' });
  const owner = h('select', { name: 'owner_id' }, h('option', { value: '' }, t('wg.nobody')),
    g.members.map((m) => h('option', { value: m.user_id }, m.name)));
  const due = h('input', { name: 'due_on', type: 'date' });
  const form = h('form', { class: 'stack', id: 'new-action' }, errorLine(), field(t('wg.action'), title),
    field(t('wg.owner'), owner), field(t('wg.due'), due), h('button', { type: 'submit' }, t('wg.action_add')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(form, null);
    try {
      await api('POST', `/api/v1/working-groups/${g.id}/actions`, { title: title.value,
        owner_id: owner.value ? Number(owner.value) : null, due_on: due.value || null });
      await done('actions', t('wg.action_added'));
    } catch (err) {
      showError(form, err);
    }
  });
  return form;
}

// One action, ticked off (or opened again) in one tap by a member.
function actionItem(g, k, done) {
  const item = h('li', { class: k.status === 'done' ? 'done' : '', id: `action-${k.id}` },
    h('bdi', { id: `action-${k.id}-title`, dir: 'auto' }, k.title), ' · ',
    k.owner_name ? written('bdi', k.owner_name) : t('wg.nobody'),
    k.due_on ? [' · ', t('plan.due', { date: fmtDate(k.due_on) })] : null);
  if (can(g, 'add_action')) {
    const next = k.status === 'done' ? 'open' : 'done';
    const button = h('button', { type: 'button', class: 'secondary', 'aria-describedby': `action-${k.id}-title` },
      t(next === 'done' ? 'wg.mark_done' : 'wg.reopen'));
    const error = errorLine();
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await api('PATCH', `/api/v1/working-groups/${g.id}/actions/${k.id}`, { status: next });
        await done('actions', t(next === 'done' ? 'wg.marked_done' : 'wg.reopened'));
      } catch (err) {
        error.textContent = err.message;
        error.hidden = false;
        button.disabled = false;
      }
    });
    item.append(' ', button, error);
  }
  return item;
}

export async function renderOne(main, state, id, saved) {
  document.title = `${t('wg.title')} · tandem`;
  const section = h('section', { id: 'group' }, h('p', {}, h('a', { href: '#/working-groups' }, t('wg.all'))));
  main.replaceChildren(section);
  const done = (anchor, text) => renderOne(main, state, id, { anchor, text });
  try {
    const [g, { organizations }] = await Promise.all([api('GET', `/api/v1/working-groups/${id}`),
      api('GET', '/api/v1/organizations')]);
    document.title = `${g.name} · tandem`;
    const orgName = (oid) => organizations.find((o) => o.id === oid)?.name || String(oid);
    const now = new Date().toISOString();
    const coming = g.meetings.filter((m) => m.ends_at >= now);
    section.append(written('h1', g.name), g.purpose ? written('p', g.purpose) : null,
      h('section', { class: 'card', id: 'members-card', 'aria-labelledby': 'members-title' },
        h('h2', { id: 'members-title' }, t('wg.members')),
        h('ul', {}, g.organization_ids.map((o) => h('li', {}, written('span', orgName(o)))),
          g.members.map((m) => h('li', {}, written('bdi', m.name)))),
        can(g, 'manage') ? changeForm(g, organizations, done) : null),
      h('section', { class: 'card', id: 'meetings', 'aria-labelledby': 'meetings-title' },
        h('h2', { id: 'meetings-title' }, t('wg.meetings')),
        coming.length ? h('ul', {}, coming.map((m) => h('li', {}, fmtRange(m.starts_at, m.ends_at),
          m.place ? [' · ', written('span', m.place)] : null, m.agenda ? written('p', m.agenda, { class: 'prose' }) : null)))
          : h('p', { class: 'empty' }, t('wg.no_meeting')),
        g.meetings.length ? h('p', {}, h('a', { href: `/api/v1/working-groups/${g.id}.ics`, download: '' },
          t('wg.calendar'))) : null,
        can(g, 'manage') ? meetingForm(g, done) : null),
      h('section', { class: 'card', id: 'actions', 'aria-labelledby': 'actions-title' },
        h('h2', { id: 'actions-title' }, t('wg.actions'), ' ', h('span', { class: 'count' }, fmtNumber(g.open_actions))),
        g.tasks.length ? h('ul', { class: 'wg-actions' }, g.tasks.map((k) => actionItem(g, k, done)))
          : h('p', { class: 'empty' }, t('wg.no_actions')),
        can(g, 'add_action') ? actionForm(g, done) : null));
    if (saved) confirmSaved(document.getElementById(saved.anchor) || section, saved.text);
  } catch (err) {
    section.append(h('p', { class: 'form-error', role: 'alert' }, err.message));
  }
  return Boolean(saved);
}
