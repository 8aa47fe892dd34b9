// admin.js - the administrator's page: invite someone (the link sets their
// password once and expires), and the accounts, organizations and
// communities of this tandem. An administrator sees no case data.
import { api } from '../lib/api.js';
import { field, h, showError } from '../lib/dom.js';
import { t, word } from '../lib/i18n.js';

const roles = ['worker', 'spo_manager', 'sponsor', 'sah_coordinator', 'refugee', 'lip_coordinator', 'evaluator', 'admin'];
const kindOf = { worker: 'spo', spo_manager: 'spo', sah_coordinator: 'sah', lip_coordinator: 'lip', evaluator: 'funder' };

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

// A small form that adds to the directory and redraws the page.
function addForm(titleKey, fields, submit, redraw) {
  const form = h('form', { class: 'stack card', 'aria-label': t(titleKey) }, h('h2', {}, t(titleKey)),
    h('p', { class: 'form-error', role: 'alert', hidden: true }), fields, h('button', { type: 'submit' }, t('admin.add')));
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
  return form;
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
  return h('table', {}, h('caption', {}, caption), h('thead', {}, h('tr', {}, heads.map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c) => h('td', {}, c))))));
}

export async function render(main) {
  const redraw = () => render(main);
  document.title = `${t('admin.title')} · tandem`;
  const section = h('section', {}, h('h1', {}, t('admin.title')));
  main.replaceChildren(section);
  try {
    const [{ users }, { organizations }, { communities }, { sponsor_groups: groups }] = await Promise.all([
      api('GET', '/api/v1/users'), api('GET', '/api/v1/organizations'), api('GET', '/api/v1/communities'),
      api('GET', '/api/v1/sponsor-groups')]);
    section.append(inviteForm(organizations, groups),
      table(t('admin.users'), ['admin.name', 'signin.email', 'admin.role'],
        users.map((u) => [u.name, u.email, word('role', u.role)])),
      table(t('admin.organizations'), ['admin.name', 'admin.kind'],
        organizations.map((o) => [o.name, word('kind', o.kind)])),
      orgForm(communities, redraw),
      table(t('admin.communities'), ['admin.name', 'admin.region'], communities.map((c) => [c.name, c.region])),
      communityForm(redraw));
  } catch (err) {
    section.append(h('p', { class: 'form-error', role: 'alert' }, err.message));
  }
}
