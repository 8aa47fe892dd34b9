// directory.js - the directory of local services (issue 12): one search box
// that reads English, French and Arabic, what the server understood of it as
// chips that can be dropped, filters (the reader's community by default),
// results as cards and pages of them. With ?case=ID the search is ranked for
// that family and each service opens with what can be done for it; with
// ?stale=1 (curators) it is the list of services to verify again.
import { api } from '../lib/api.js';
import { confirmSaved, field, h, written } from '../lib/dom.js';
import { current, has, languageName, languageNames, t } from '../lib/i18n.js';

export const can = (obj, action) => Boolean(obj?.actions && obj.actions.includes(action));

// The taxonomy's codes (data/taxonomy.json), their names in the catalogs
// (category.CODE); results carry the server's labels.
export const categories = ['health.primary_care', 'health.mental_health', 'health.dental', 'health.vision',
  'health.maternal', 'health.coverage', 'housing.rental', 'housing.shelter', 'housing.furniture', 'language.classes',
  'language.assessment', 'language.interpretation', 'employment.search', 'employment.training', 'legal.immigration',
  'legal.aid', 'legal.documents', 'food.bank', 'food.clothing', 'education.schools', 'education.adult',
  'education.homework', 'income.benefits', 'income.banking', 'childcare', 'transport', 'orientation',
  'community.social', 'community.women', 'community.youth', 'community.seniors', 'disability', 'crisis'];

// A category's name in the page's language: the catalog's, else the server's
// label (in the account's language, which a change of language may not have
// reached yet).
export const categoryName = (c) => (has(`category.${c.code}`) ? t(`category.${c.code}`) : c.label || c.code);

// The reader's own community, to search near them by default: a sponsor's
// group's, a staff member's organization's (its first), a family's case's.
export async function readerCommunity(state) {
  if (state.community !== undefined) return state.community;
  let id = null;
  try {
    const m = state.me.memberships || (await api('GET', '/api/v1/me')).memberships || {};
    if (m.sponsor_groups?.length) {
      id = (await api('GET', `/api/v1/sponsor-groups/${m.sponsor_groups[0]}`)).community_id;
    } else if (m.organizations?.length) {
      id = (await api('GET', `/api/v1/organizations/${m.organizations[0]}`)).community_ids?.[0];
    } else {
      id = (await api('GET', '/api/v1/cases?limit=1')).cases?.[0]?.community_id;
    }
  } catch {
    id = null;   // no community known: the whole directory
  }
  state.community = id ?? null;
  return state.community;
}

let communityList = null;
export async function communities() {
  communityList ||= api('GET', '/api/v1/communities').then((r) => r.communities).catch(() => { communityList = null; return []; });
  return communityList;
}

// The search the reader last made, for the way back from a service.
let lastSearch = '#/directory';
export const backToSearch = () => lastSearch;

export function serviceHref(id, caseId) {
  return `#/directory/${encodeURIComponent(id)}${caseId ? `?case=${caseId}` : ''}`;
}

// Where a service is: its communities by name, or online.
function where(r, names) {
  const places = (r.community_ids || []).map((id) => names.get(id)).filter(Boolean);
  if (r.virtual) places.push(t('directory.online'));
  return places.join(' · ');
}

export function statusMarks(r) {
  return [
    r.status && r.status !== 'active' ? h('span', { class: 'badge closed' }, t(`directory.status.${r.status.replace(' ', '_')}`)) : null,
    // stale: verified over a year ago, or never
    r.stale ? h('span', { class: 'badge stale' }, t(r.assured_date ? 'directory.stale' : 'service.never_verified')) : null,
  ];
}

function card(r, names, caseId, onVerify) {
  const langs = languageNames((r.languages || []).join(','));
  return h('li', { class: 'card service', id: `service-${r.id}` },
    h('h3', {}, h('a', { href: serviceHref(r.id, caseId), dir: 'auto' }, r.name)),
    r.organization?.name ? written('p', r.organization.name, { class: 'org' }) : null,
    h('p', { class: 'marks' }, statusMarks(r)),
    h('p', { class: 'meta' }, (r.categories || []).map(categoryName).join(' · ')),
    langs ? h('p', { class: 'meta' }, t('directory.languages', { list: langs })) : null,
    where(r, names) ? h('p', { class: 'meta' }, where(r, names)) : null,
    r.description ? written('p', r.description, { class: 'desc' }) : null,
    onVerify && can(r, 'verify') ? h('button', { type: 'button', class: 'secondary', onclick: () => onVerify(r) },
      t('directory.verify.this', { name: r.name })) : null);
}

// What the text was read as, each part with a button that searches again
// without it. The remaining parts become filters and the remaining words the
// text (a word the server added as another's plural left out).
function chips(u, params, go) {
  const parts = [...(u.categories || []).map((c) => ({ kind: 'category', value: c.code, label: categoryName(c) })),
    ...(u.language ? [{ kind: 'language', value: u.language, label: languageName(u.language) }] : [])];
  if (!parts.length) return null;
  const singular = (u.words || []).filter((w, i, all) => !all.slice(0, i).some((s) => w.startsWith(s) && w.length - s.length <= 3));
  const drop = (part) => {
    const next = new URLSearchParams(params);
    const rest = parts.filter((p) => p !== part);
    const words = singular.join(' ');
    if (words) next.set('q', words); else next.delete('q');
    const cat = rest.find((p) => p.kind === 'category');
    const lang = rest.find((p) => p.kind === 'language');
    if (cat && !next.get('category')) next.set('category', cat.value);
    if (lang && !next.get('language')) next.set('language', lang.value);
    next.delete('offset');
    go(next);
  };
  // What the text names puts its services first without hiding the others
  // (a family may come with an interpreter; a clinic may do what a family
  // doctor does): say so, and offer only those, as a filter.
  const only = (key, value) => () => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    next.delete('offset');
    go(next);
  };
  const cat = (u.categories || [])[0];
  const ranks = [
    cat && !params.get('category') ? h('p', { class: 'hint' }, t('directory.category.first', { kind: categoryName(cat) }),
      ' ', h('button', { type: 'button', class: 'link', onclick: only('category', cat.code) },
        t('directory.category.only', { kind: categoryName(cat) }))) : null,
    u.language && !params.get('language') ? h('p', { class: 'hint' },
      t('directory.language.first', { language: languageName(u.language) }), ' ',
      h('button', { type: 'button', class: 'link', onclick: only('language', u.language) },
        t('directory.language.only', { language: languageName(u.language) }))) : null,
  ];
  return h('div', { class: 'understood' }, h('p', { id: 'understood-title' }, t('directory.understood')),
    h('ul', { class: 'chips', 'aria-labelledby': 'understood-title' }, parts.map((p) => h('li', {},
      h('span', {}, p.label), h('button', { type: 'button', class: 'chip-drop', onclick: () => drop(p),
        'aria-label': t('directory.understood.drop', { what: p.label }) }, '×')))), ranks);
}

// For a curator's page: the way to the services to verify again, when the
// API lists any for the reader (it refuses those who do not curate).
export async function toVerify() {
  const r = await api('GET', '/api/v1/resources?stale=1&limit=1').catch(() => null);
  return r?.resources?.length ? h('p', {}, h('a', { href: '#/directory?stale=1' }, t('directory.stale.link'))) : null;
}

function select(name, label, options, value) {
  const el = h('select', { name }, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
  return field(label, el);
}

function searchForm(params, names, langs, go) {
  const q = h('input', { type: 'search', name: 'q', maxlength: '200', value: params.get('q') || '', autocomplete: 'off' });
  const byName = (a, b) => a[1].localeCompare(b[1], current());
  const filters = [
    select('category', t('directory.category'), [['', t('directory.any')],
      ...categories.map((c) => [c, t(`category.${c}`)]).sort(byName)], params.get('category') || ''),
    select('language', t('directory.language'), [['', t('directory.any')],
      ...langs.map((c) => [c, languageName(c)]).sort(byName)], params.get('language') || ''),
    select('community', t('directory.community'), [['', t('directory.anywhere')],
      ...[...names].map(([id, n]) => [String(id), n])], params.get('community') || ''),
    select('virtual', t('directory.virtual'), [['', t('directory.virtual.any')], ['1', t('directory.virtual.yes')],
      ['0', t('directory.virtual.no')]], params.get('virtual') || ''),
  ];
  const chosen = ['category', 'language', 'virtual'].filter((k) => params.get(k)).length;
  const form = h('form', { class: 'directory-search', role: 'search' },
    field(t('directory.q'), q, t('directory.q.hint')),
    h('details', { class: 'filters-box', open: chosen > 0 }, h('summary', {},
      chosen ? t('directory.filters.n', { n: chosen }) : t('directory.filters')), h('div', { class: 'filters' }, filters)),
    h('button', { type: 'submit' }, t('directory.search')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const next = new URLSearchParams();
    for (const k of ['case', 'stale']) if (params.get(k)) next.set(k, params.get(k));
    const data = new FormData(form);
    for (const [k, v] of data) if (v || k === 'community') next.set(k, v);
    go(next);
  });
  return form;
}

// The page of a search: params are the hash's query, its absent community
// meaning the reader's own (or the case's), an empty one anywhere.
export async function render(main, state, query) {
  const params = new URLSearchParams(query || '');
  const caseId = params.get('case');
  const stale = params.get('stale') === '1';
  const go = (next) => {
    const hash = `#/directory?${next}`;
    if (location.hash === hash) render(main, state, String(next));
    else location.hash = hash;
  };
  const [list, langs, c, mine] = await Promise.all([communities(),
    api('GET', '/api/v1/languages').then((r) => r.languages).catch(() => []),
    caseId ? api('GET', `/api/v1/cases/${caseId}`).catch(() => null) : null, readerCommunity(state)]);
  const names = new Map(list.map((x) => [x.id, x.name]));
  if (!params.has('community')) {
    const home = c?.community_id ?? mine;
    params.set('community', home ? String(home) : '');
  }
  lastSearch = `#/directory?${params}`;
  const title = stale ? t('directory.stale.title') : t('directory.title');
  document.title = `${title} · tandem`;

  const search = new URLSearchParams();
  for (const [k, v] of params) if (v !== '' && ['q', 'category', 'language', 'community', 'virtual', 'case', 'offset'].includes(k)) search.set(k, v);
  if (stale) search.set('stale', '1');
  const results = h('section', { class: 'results', 'aria-labelledby': 'results-title' });
  const head = [h('h1', {}, title),
    c ? h('p', { class: 'notice-inline' }, t('directory.for_case', { name: c.family_name }), ' ',
      h('a', { href: `#/cases/${c.id}/referrals` }, t('directory.back_to_case'))) : null,
    stale ? h('p', {}, t('directory.stale.intro')) : null,
    searchForm(params, names, langs, go)];
  main.replaceChildren(...head.filter(Boolean), results);

  let data;
  try {
    data = await api('GET', `/api/v1/resources?${search}`);
  } catch (err) {
    results.append(h('h2', { id: 'results-title' }, t('directory.results')),
      h('p', { class: 'form-error', role: 'alert' }, err.message));
    return false;
  }
  const offset = Number(params.get('offset') || 0);
  const rows = data.resources;
  // On the list to verify, a service verified leaves it: its confirmation
  // takes its place, and the focus.
  const verify = stale ? async (r) => {
    const item = document.getElementById(`service-${r.id}`);
    item.querySelector('.form-error')?.remove();
    try {
      await api('POST', `/api/v1/resources/${encodeURIComponent(r.id)}/verify`);
      const done = h('li', { class: 'verified' });
      item.replaceWith(done);
      confirmSaved(done, t('directory.verified', { name: r.name }));
    } catch (err) {
      const line = h('p', { class: 'form-error', role: 'alert', tabindex: '-1' }, err.message);
      item.append(line);
      line.focus();
    }
  } : null;
  const count = h('h2', { id: 'results-title', tabindex: '-1' }, rows.length
    ? t('directory.results.n', { from: offset + 1, to: offset + rows.length }) : t('directory.results'));
  const near = names.get(Number(params.get('community')));
  results.append(...[count, near ? h('p', { class: 'hint' },
      t(params.get('virtual') === '0' ? 'directory.near.in_person' : 'directory.near', { place: near })) : null,
    chips(data.understood || {}, params, go),
    rows.length ? h('ul', { class: 'cards services' }, rows.map((r) => card(r, names, caseId, verify)))
      : h('p', { class: 'empty', role: 'status' }, t(stale ? 'directory.stale.none' : 'directory.none'))].filter(Boolean));
  const page = (to) => { const next = new URLSearchParams(params); if (to) next.set('offset', to); else next.delete('offset'); return `#/directory?${next}`; };
  const pager = [offset > 0 ? h('a', { href: page(Math.max(0, offset - 20)) }, t('directory.previous')) : null,
    data.next_offset != null ? h('a', { href: page(data.next_offset) }, t('directory.next')) : null].filter(Boolean);
  if (pager.length) results.append(h('nav', { class: 'pager', 'aria-label': t('directory.pages') }, pager));
  if (!stale && rows.some((r) => can(r, 'verify')))
    results.append(h('p', {}, h('a', { href: '#/directory?stale=1' }, t('directory.stale.link'))));
  // A search made (not the bare page) lands on its results.
  if (query) {
    count.focus({ preventScroll: false });
    return true;
  }
  return false;
}
