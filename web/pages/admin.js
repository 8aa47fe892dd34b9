// admin.js - the administrator's page: the accounts, found by name or e-mail
// and filtered, each disabled or enabled and a worker's matching profile set
// where the API says the reader may; inviting someone (the link sets their
// password once and expires); the organizations and communities of this
// tandem. An administrator sees no case data.
import { api } from '../lib/api.js';
import { confirmSaved, field, h, ltr, showError, written } from '../lib/dom.js';
import { fmtNumber, t, word } from '../lib/i18n.js';
import { profileButton, profileContext } from './profile.js';

const roles = ['worker', 'spo_manager', 'sponsor', 'sah_coordinator', 'refugee', 'lip_coordinator', 'evaluator', 'admin'];
const kindOf = { worker: 'spo', spo_manager: 'spo', sah_coordinator: 'sah', lip_coordinator: 'lip', evaluator: 'funder' };
const pageSize = 25;

const byName = (a, b) => a.name.localeCompare(b.name);

function inviteForm(orgs, groups) {
  const role = h('select', { name: 'role' }, roles.map((r) => h('option', { value: r }, word('role', r))));
  const place = h('select', { name: 'org_id' });
  const placeField = field(t('admin.place'), place);
  const fill = () => {
    const kind = kindOf[role.value];
    const options = role.value === 'sponsor' ? groups.map((g) => [g.id, g.name])
      : kind ? orgs.filter((o) => o.kind === kind).map((o) => [o.id, o.name]) : [];
    place.name = role.value === 'sponsor' ? 'group_id' : 'org_id';
    place.replaceChildren(...options.map(([id, name]) => h('option', { value: id }, name)));
    placeField.hidden = !options.length;
  };
  role.addEventListener('change', fill);
  const link = h('output', { class: 'invite-link', 'aria-live': 'polite' });
  const form = h('form', { class: 'stack card', 'aria-labelledby': 'invite-title' },
    h('h2', { id: 'invite-title' }, t('admin.invite')), h('p', { class: 'form-error', role: 'alert', hidden: true }),
    field(t('signin.email'), h('input', { name: 'email', type: 'email', required: true })),
    field(t('admin.name'), h('input', { name: 'name', type: 'text', required: true, maxlength: '100' })),
    field(t('admin.role'), role), placeField, h('button', { type: 'submit' }, t('admin.invite.submit')), link);
  fill();
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(form, null);
    const body = { email: form.email.value, name: form.name.value, role: role.value };
    if (!placeField.hidden) body[place.name] = Number(place.value);
    try {
      const res = await api('POST', '/api/v1/invitations', body);
      link.replaceChildren(h('p', {}, t('admin.invite.done')), h('code', { class: 'link' }, `${location.origin}${res.path}`));
      form.email.value = '';
      form.name.value = '';
    } catch (err) {
      showError(form, err);
    }
  });
  return form;
}

// What the page knows besides the accounts: names of places, and what a
// profile form needs.
function context(organizations, groups, communities) {
  const orgs = new Map(organizations.map((o) => [o.id, o.name]));
  const teams = new Map(groups.map((g) => [g.id, g.name]));
  return {
    profile: profileContext(communities),
    placeOf: (u) => (u.org_id ? orgs.get(u.org_id) : u.group_id ? teams.get(u.group_id) : null),
  };
}

// A button whose accessible name says which account it acts on.
const act = (label, name, attrs = {}) => h('button', { type: 'button', class: 'secondary', ...attrs }, label,
  h('span', { class: 'visually-hidden' }, ` ${name}`));

function account(u, ctx) {
  const li = h('li', { class: 'card admin-account' });
  const draw = (note) => {
    const place = ctx.placeOf(u);
    const profile = h('div', { class: 'profile-slot' });
    const buttons = [];
    if (u.actions.includes('disable') || u.actions.includes('enable')) {
      const disable = u.actions.includes('disable');
      const b = act(t(disable ? 'admin.disable' : 'admin.enable'), u.name);
      b.addEventListener('click', async () => {
        try {
          u = await api('PATCH', `/api/v1/users/${u.id}`, { disabled: disable });
          draw(t(disable ? 'admin.disabled.done' : 'admin.enabled.done', { name: u.name }));
        } catch (err) {
          li.querySelector(':scope > .form-error')?.remove();
          li.append(h('p', { class: 'form-error', role: 'alert' }, err.message));
        }
      });
      buttons.push(b);
    }
    if (u.actions.includes('set_profile')) buttons.push(profileButton(u, profile, ctx.profile));
    li.replaceChildren(
      h('h3', { tabindex: '-1' }, written('bdi', u.name)),
      h('p', { class: 'admin-account-email' }, ltr(u.email)),
      h('p', { class: 'hint' }, word('role', u.role), place ? [' · ', written('bdi', place)] : null,
        u.disabled ? [' ', h('span', { class: 'badge admin-disabled' }, t('admin.status.disabled'))] : null),
      buttons.length ? h('div', { class: 'admin-account-actions' }, buttons) : null, profile);
    if (note) confirmSaved(li, note);
  };
  draw();
  return li;
}

// The search form's query, as GET /api/v1/users takes it.
function queryOf(form, cursor) {
  const q = new URLSearchParams({ limit: String(pageSize) });
  if (form.q.value.trim()) q.set('q', form.q.value.trim());
  for (const k of ['role', 'org', 'disabled']) if (form[k].value) q.set(k, form[k].value);
  if (cursor) q.set('cursor', cursor);
  return q;
}

function accounts(ctx, organizations) {
  const all = (key) => h('option', { value: '' }, t(key));
  const form = h('form', { class: 'filters admin-search', role: 'search', 'aria-label': t('admin.search') },
    field(t('admin.search.q'), h('input', { name: 'q', type: 'search', maxlength: '100', autocomplete: 'off' })),
    field(t('admin.role'), h('select', { name: 'role' }, all('admin.search.any_role'),
      roles.map((r) => h('option', { value: r }, word('role', r))))),
    field(t('admin.search.org'), h('select', { name: 'org' }, all('admin.search.any_org'),
      [...organizations].sort(byName).map((o) => h('option', { value: o.id }, o.name)))),
    field(t('admin.search.status'), h('select', { name: 'disabled' }, all('admin.search.any_status'),
      h('option', { value: 'false' }, t('admin.status.active')), h('option', { value: 'true' }, t('admin.status.disabled')))),
    h('button', { type: 'submit' }, t('admin.search.submit')),
    h('p', { class: 'form-error', role: 'alert', hidden: true }));
  const count = h('p', { class: 'admin-count', role: 'status' });
  const items = h('ul', { class: 'cards admin-accounts', 'aria-labelledby': 'accounts-title' });
  const more = h('button', { type: 'button', class: 'secondary admin-more', hidden: true }, t('admin.more'));
  let next = null;
  let asked = 0;
  const load = async (append) => {
    const mine = ++asked;
    showError(form, null);
    try {
      const page = await api('GET', `/api/v1/users?${queryOf(form, append ? next : null)}`);
      if (mine !== asked) return;
      const added = page.users.map((u) => account(u, ctx));
      if (append) items.append(...added);
      else items.replaceChildren(...added);
      next = page.next_cursor;
      more.hidden = !next;
      count.textContent = page.total ? t('admin.count', { shown: fmtNumber(items.children.length),
        total: fmtNumber(page.total) }) : t('admin.none');
      if (append) added[0]?.querySelector('h3')?.focus();
    } catch (err) {
      showError(form, err);
    }
  };
  let typing;
  form.q.addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(() => load(false), 350); });
  for (const k of ['role', 'org', 'disabled']) form[k].addEventListener('change', () => load(false));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); clearTimeout(typing); load(false); });
  more.addEventListener('click', () => load(true));
  const section = h('section', { 'aria-labelledby': 'accounts-title' }, h('h2', { id: 'accounts-title' }, t('admin.users')),
    form, count, items, more);
  return { section, load };
}

// A small form that adds to the directory and redraws the page, folded
// away until wanted: the page is for finding first.
function addForm(titleKey, fields, submit, redraw) {
  const form = h('form', { class: 'stack', 'aria-label': t(titleKey) },
    h('p', { class: 'form-error', role: 'alert', hidden: true }), fields, h('button', { type: 'submit' }, t('admin.add')));
  const box = h('details', { class: 'moves-box admin-add' }, h('summary', {}, t(titleKey)), form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(form, null);
    try {
      await submit(form);
      await redraw();
    } catch (err) {
      showError(form, err);
    }
  });
  return box;
}

function communityForm(redraw) {
  return addForm('admin.community.add', [
    field(t('admin.name'), h('input', { name: 'name', type: 'text', required: true, maxlength: '100' })),
    field(t('admin.region'), h('input', { name: 'region', type: 'text', required: true, maxlength: '60', value: 'Ontario' })),
    h('label', { class: 'switch' }, h('input', { name: 'rural', type: 'checkbox' }), ' ', t('admin.rural')),
  ], (f) => api('POST', '/api/v1/communities', { name: f.name.value, region: f.region.value, rural: f.rural.checked }),
  redraw);
}

function orgForm(communities, redraw) {
  return addForm('admin.org.add', [
    field(t('admin.name'), h('input', { name: 'name', type: 'text', required: true, maxlength: '150' })),
    field(t('admin.kind'), h('select', { name: 'kind' }, ['spo', 'sah', 'lip', 'rap', 'funder']
      .map((k) => h('option', { value: k }, word('kind', k))))),
    field(t('admin.serves'), h('select', { name: 'community' }, communities.map((c) => h('option', { value: c.id }, c.name)))),
  ], (f) => api('POST', '/api/v1/organizations', { name: f.name.value, kind: f.kind.value,
    community_ids: [Number(f.community.value)] }), redraw);
}

function table(caption, heads, rows) {
  return h('table', { class: 'admin-table' }, h('caption', {}, caption),
    h('thead', {}, h('tr', {}, heads.map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c) => h('td', {}, c))))));
}

export async function render(main) {
  const redraw = () => render(main);
  document.title = `${t('admin.title')} · tandem`;
  const section = h('section', {}, h('h1', {}, t('admin.title')));
  main.replaceChildren(section);
  try {
    const [{ organizations }, { communities }, { sponsor_groups: groups }] = await Promise.all([
      api('GET', '/api/v1/organizations'), api('GET', '/api/v1/communities'), api('GET', '/api/v1/sponsor-groups')]);
    const found = accounts(context(organizations, groups, communities), organizations);
    section.append(found.section, inviteForm(organizations, groups),
      table(t('admin.organizations'), ['admin.name', 'admin.kind'],
        organizations.map((o) => [written('span', o.name), word('kind', o.kind)])),
      orgForm(communities, redraw),
      table(t('admin.communities'), ['admin.name', 'admin.region'], communities.map((c) => [c.name, c.region])),
      communityForm(redraw));
    await found.load(false);
  } catch (err) {
    section.append(h('p', { class: 'form-error', role: 'alert' }, err.message));
  }
}
