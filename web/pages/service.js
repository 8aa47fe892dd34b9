// service.js - one service of the directory: everything the API gives about
// it; opened from a case (?case=ID), what can be done for that family (refer
// it, share it in the case's thread) as the case's actions allow; for its
// curators (the service's actions) a way to correct it and to mark it verified.
import { api } from '../lib/api.js';
import { confirmSaved, field, h, ltr, showError, written } from '../lib/dom.js';
import { fmtDate, fmtList, languageName, t, weekday, word } from '../lib/i18n.js';
import { domains } from './case.js';
import { editForm } from './curate.js';
import { backToSearch, can, categoryName, communities, serviceHref, statusMarks } from './directory.js';

// The needs domain a referral to a service is for, from its first category.
const domainOf = (code) => {
  const [head] = (code || '').split('.');
  if (code === 'health.mental_health' || code === 'crisis') return 'mental_health';
  return { health: 'health', disability: 'health', housing: 'housing', language: 'language', education: 'education',
    employment: 'employment', income: 'income', food: 'income', childcare: 'childcare', legal: 'legal_documents',
    community: 'social_connection', orientation: 'social_connection' }[head] || '';
};

function dl(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, v]) => v !== undefined && v !== null && v !== ''
    && !(Array.isArray(v) && !v.length)).map(([k, v]) => [h('dt', {}, t(k)), h('dd', {}, v)]));
}

// The days of a schedule (RFC 5545 BYDAY: MO,TU…) in the reader's language.
const days = (byday) => fmtList((byday || '').split(',').map((d) => weekday(d)).filter(Boolean));

function address(a) {
  if (!a) return null;
  const lines = [a.address_1, a.address_2, [a.city, a.state_province, a.postal_code].filter(Boolean).join(' ')];
  return h('span', { dir: 'auto', class: 'address' }, lines.filter(Boolean).flatMap((l, i) => (i ? [h('br'), l] : [l])));
}

function facts(s, names) {
  const places = (s.locations || []).map((l) => h('li', {},
    l.type === 'virtual' ? t('directory.online') : null, l.name ? written('strong', l.name) : null, l.name ? h('br') : null,
    address(l.address), names.get(l.community_id) && names.get(l.community_id) !== l.address?.city
      ? h('span', { class: 'hint' }, ` · ${names.get(l.community_id)}`) : null));
  const phones = (s.phones || []).map((p) => h('li', {}, h('a', { href: `tel:${p.number.replace(/[^+\d]/g, '')}`, dir: 'ltr' }, p.number),
    p.extension ? [' ', t('service.extension'), ' ', ltr(p.extension)] : null));
  const hours = (s.schedules || []).map((x) => h('li', {},
    x.byday ? [days(x.byday), x.opens_at ? [' ', ltr(`${x.opens_at}–${x.closes_at || ''}`)] : null] : null,
    x.byday && x.description ? ' · ' : null, x.description ? written('span', x.description) : null));
  const langs = (s.languages || []).map((l) => h('li', {}, h('strong', {}, languageName(l.code) || l.name),
    l.note ? written('span', l.note, { class: 'note' }) : null));
  const link = (url) => (url ? h('a', { href: url, dir: 'ltr', rel: 'noopener noreferrer', target: '_blank' }, url) : null);
  return dl([
    ['service.categories', (s.categories || []).map(categoryName).join(' · ')],
    ['service.languages', langs.length ? h('ul', { class: 'plain' }, langs) : null],
    ['service.places', places.length ? h('ul', { class: 'plain' }, places) : null],
    ['service.phones', phones.length ? h('ul', { class: 'plain' }, phones) : null],
    ['service.hours', hours.length ? h('ul', { class: 'plain' }, hours) : null],
    ['service.fees', s.fees_description && written('span', s.fees_description)],
    ['service.eligibility', s.eligibility_description && written('span', s.eligibility_description)],
    ['service.apply', s.application_process && written('span', s.application_process)],
    ['service.interpretation', s.interpretation_services && written('span', s.interpretation_services)],
    ['service.website', link(s.url)],
    ['service.org_website', s.organization?.website !== s.url ? link(s.organization?.website) : null],
    ['service.email', s.email ? h('a', { href: `mailto:${s.email}`, dir: 'ltr' }, s.email) : null],
    ['service.verified', s.assured_date ? fmtDate(s.assured_date) : t('service.never_verified')],
  ]);
}

// Refer the case's family to this service, for a needs domain (guessed from
// the service's category) with a note for the service.
function referForm(c, s) {
  const guess = domainOf(s.categories?.[0]?.code);
  const domain = h('select', { name: 'domain', required: true }, h('option', { value: '' }, t('service.refer.choose')),
    domains.map((d) => h('option', { value: d, selected: d === guess }, word('domain', d))));
  const notes = h('textarea', { name: 'notes', rows: '2', maxlength: '4000' });
  const form = h('form', { class: 'stack card', id: 'refer', 'aria-labelledby': 'refer-title' },
    h('h3', { id: 'refer-title' }, t('service.refer')), h('p', { class: 'form-error', hidden: true, tabindex: '-1' }),
    field(t('referral.domain'), domain), field(t('referral.notes'), notes, t('referral.notes.hint')),
    h('button', { type: 'submit' }, t('service.refer.submit')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(form, null);
    try {
      await api('POST', `/api/v1/cases/${c.id}/referrals`, { resource_id: s.id, domain: domain.value,
        ...(notes.value ? { notes: notes.value } : {}) });
      form.replaceChildren(h('h3', { id: 'refer-title' }, t('service.refer')));
      confirmSaved(form, t('service.referred', { name: c.family_name })).append(' ',
        h('a', { href: `#/cases/${c.id}/referrals` }, t('service.referred.see')));
    } catch (err) {
      showError(form, err);
    }
  });
  return form;
}

// Share this service in the case's thread, with a few words or none.
function shareForm(c, s) {
  const body = h('textarea', { name: 'body', rows: '2', maxlength: '4000' });
  const form = h('form', { class: 'stack card', id: 'share', 'aria-labelledby': 'share-title' },
    h('h3', { id: 'share-title' }, t('service.share')), h('p', { class: 'form-error', hidden: true, tabindex: '-1' }),
    field(t('service.share.body'), body, t('service.share.hint')), h('button', { type: 'submit' }, t('service.share.submit')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(form, null);
    try {
      await api('POST', `/api/v1/cases/${c.id}/messages`, { body: body.value, resource_id: s.id });
      body.value = '';
      confirmSaved(form, t('service.shared')).append(' ', h('a', { href: `#/cases/${c.id}/messages` }, t('service.shared.see')));
    } catch (err) {
      showError(form, err);
    }
  });
  return form;
}

async function curation(s, redraw) {
  if (!can(s, 'update') && !can(s, 'verify')) return null;
  const verify = can(s, 'verify') ? h('button', { type: 'button', onclick: async () => {
    try {
      await api('POST', `/api/v1/resources/${encodeURIComponent(s.id)}/verify`);
      await redraw(t('service.verified.today'));
    } catch (err) {
      const line = h('p', { class: 'form-error', role: 'alert', tabindex: '-1' }, err.message);
      verify.after(line);
      line.focus();
    }
  } }, t('service.verify')) : null;
  return h('section', { class: 'curation', id: 'curation', 'aria-labelledby': 'curation-title' },
    h('h2', { id: 'curation-title' }, t('service.curation')),
    h('p', { class: 'hint' }, s.assured_date ? t('service.verified.on', { date: fmtDate(s.assured_date) }) : t('service.never_verified')),
    verify, can(s, 'update') ? await editForm(s, redraw) : null);
}

// Opened from the directory rather than from a case: the families the
// reader may share or refer this service to (a sponsor's one or two), as the
// case list's actions say. Roles without cases are not asked.
const withCases = ['worker', 'spo_manager', 'sah_coordinator', 'sponsor', 'refugee'];

async function families(state) {
  if (!withCases.includes(state.me.user.role)) return [];
  const { cases } = await api('GET', '/api/v1/cases?limit=200').catch(() => ({ cases: [] }));
  return cases.filter((c) => can(c, 'refer') || can(c, 'message'));
}

// A family just picked: the page opens where its forms are.
let picked = false;

// Several families: the reader picks one, and the page opens for it.
function pickFamily(list, id) {
  // two families may share a name: the case's number tells them apart
  const which = h('select', { name: 'case' }, list.map((c) => h('option', { value: String(c.id) },
    `${t('case.family', { name: c.family_name })} · ${t('case.ref', { id: c.id })}`)));
  const form = h('form', { class: 'stack card', id: 'pick-family' }, field(t('service.pick_family'), which),
    h('button', { type: 'submit' }, t('service.pick_family.submit')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    picked = true;
    location.hash = serviceHref(id, which.value);
  });
  return h('section', { class: 'for-case', 'aria-labelledby': 'for-case-title' },
    h('h2', { id: 'for-case-title' }, t('service.for_a_family')), form);
}

function forFamily(c, s) {
  return h('section', { class: 'for-case', 'aria-labelledby': 'for-case-title' },
    h('h2', { id: 'for-case-title', tabindex: '-1' }, t('service.for_case', { name: c.family_name })),
    can(c, 'refer') ? referForm(c, s) : null, can(c, 'message') ? shareForm(c, s) : null);
}

export async function render(main, state, id, query, saved) {
  const params = new URLSearchParams(query || '');
  const caseId = params.get('case');
  const redraw = (text) => render(main, state, id, query, text);
  let s;
  let c;
  let list;
  let mine;
  try {
    [s, c, list, mine] = await Promise.all([api('GET', `/api/v1/resources/${encodeURIComponent(id)}`),
      caseId ? api('GET', `/api/v1/cases/${caseId}`).catch(() => null) : null, communities(),
      caseId ? [] : families(state)]);
  } catch (err) {
    main.replaceChildren(h('h1', {}, t('directory.title')), h('p', { class: 'form-error', role: 'alert' }, err.message),
      h('p', {}, h('a', { href: backToSearch() }, t('service.back'))));
    return false;
  }
  document.title = `${s.name} · tandem`;
  const names = new Map(list.map((x) => [x.id, x.name]));
  const only = mine.length === 1 ? mine[0] : null;
  const forCase = (c && (can(c, 'refer') || can(c, 'message'))) || only ? forFamily(c || only, s)
    : mine.length ? pickFamily(mine, s.id) : null;
  const y = window.scrollY;
  main.replaceChildren(...[
    h('p', { class: 'back' }, h('a', { href: backToSearch() }, t('service.back'))),
    h('h1', { dir: 'auto' }, s.name),
    s.alternate_name ? written('p', s.alternate_name, { class: 'hint' }) : null,
    s.organization?.name ? written('p', s.organization.name, { class: 'org' }) : null,
    h('p', { class: 'marks' }, statusMarks(s)),
    s.stale ? h('p', { class: 'notice-inline' }, t(s.assured_date ? 'service.stale' : 'service.stale.never')) : null,
    s.description ? written('p', s.description) : null,
    s.organization?.description ? written('p', s.organization.description, { class: 'hint' }) : null,
    facts(s, names), forCase, await curation(s, redraw),
  ].filter(Boolean));
  if (saved) {
    window.scrollTo(0, y);
    confirmSaved(document.getElementById('curation') || main, saved);
    return true;
  }
  if (picked && document.getElementById('for-case-title')) {
    picked = false;
    document.getElementById('for-case-title').focus();
    return true;
  }
  return false;
}

