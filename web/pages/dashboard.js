// dashboard.js - arrivals and capacity for a community's LIP coordinator,
// and for an evaluator every community's and the province's: counts of
// families only, as the API shows them (a dash where a count is not shown),
// each chart with its numbers in a table, and the same as CSV.
import { api } from '../lib/api.js';
import { barChart } from '../lib/chart.js';
import { field, h } from '../lib/dom.js';
import { fmtDate, fmtNumber, languageName, t } from '../lib/i18n.js';

const STREAMS = ['GAR', 'PSR', 'BVOR', 'all'];

// A count as shown: the number, or a dash said as "not shown".
const count = (v) => (v === null ? h('abbr', { title: t('dash.hidden_one') }, '–') : fmtNumber(v));

// A sentence of the catalog with counts in it, each as count() writes it.
function withCounts(key, counts, vars = {}) {
  const holes = Object.fromEntries(Object.keys(counts).map((k) => [k, `{${k}}`]));
  return t(key, { ...vars, ...holes }).split(/(\{[a-z]+\})/)
    .map((part) => (part.startsWith('{') && part.slice(1, -1) in counts ? count(counts[part.slice(1, -1)]) : part));
}

function weekLabel(day) {
  return new Intl.DateTimeFormat(document.documentElement.lang, { day: 'numeric', month: 'short', timeZone: 'UTC' })
    .format(new Date(`${day}T12:00:00Z`));
}

// One table of the weeks by stream, for one measure (expected, arrived).
function weekTable(d, measure) {
  return h('table', { class: 'numbers' },
    h('caption', {}, t(`dash.table.${measure}`)),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('dash.week')),
      STREAMS.map((s) => h('th', { scope: 'col' }, s === 'all' ? t('dash.all') : s)))),
    h('tbody', {}, d.arrivals_by_week.map((w) => h('tr', {}, h('th', { scope: 'row' }, fmtDate(w.week)),
      STREAMS.map((s) => h('td', {}, count(w[measure][s])))))));
}

// "Busiest week to come: the week of 4 Jan, about 25 families", from the
// weeks shown (from the current one on).
function busiest(d) {
  const now = d.arrivals_by_week.findLastIndex((w) => w.week <= d.today);
  const ahead = d.arrivals_by_week.slice(Math.max(now, 0)).filter((w) => w.expected.all !== null);
  if (!ahead.length) return null;
  const top = ahead.reduce((a, w) => (w.expected.all > a.expected.all ? w : a));
  return h('p', { id: 'dash-busiest' }, t('dash.busiest', { week: fmtDate(top.week), n: fmtNumber(top.expected.all) }));
}

function weeks(d) {
  const chart = barChart({
    title: t('dash.weeks'),
    desc: t('dash.weeks_desc'),
    labels: d.arrivals_by_week.map((w) => weekLabel(w.week)),
    series: [{ name: t('dash.arrived'), values: d.arrivals_by_week.map((w) => w.arrived.all) },
      { name: t('dash.expected'), values: d.arrivals_by_week.map((w) => w.expected.all) }],
    every: 6,
    hidden: t('dash.hidden_one'),
    mark: { at: d.arrivals_by_week.findLastIndex((w) => w.week <= d.today), label: t('dash.this_week') },
  });
  return h('section', { class: 'card', id: 'dash-weeks', 'aria-labelledby': 'dash-weeks-title' },
    h('h2', { id: 'dash-weeks-title' }, t('dash.weeks')), h('p', { class: 'hint' }, t('dash.weeks_hint')),
    busiest(d), chart,
    h('details', {}, h('summary', {}, t('dash.numbers')), h('p', { class: 'hint' }, t('dash.streams')),
      weekTable(d, 'arrived'), weekTable(d, 'expected')));
}

// A language by name; the families whose language no worker speaks.
const nameOf = (code) => (code === 'other' ? t('dash.other_language') : languageName(code));

function languages(d) {
  const rows = d.languages.filter((l) => l.workers || l.arrived !== null || l.expected !== null
    || l.waiting !== null);
  const chart = barChart({
    title: t('dash.languages'),
    desc: t('dash.languages_desc'),
    labels: rows.map((l) => (l.language === 'other' ? '…' : l.language)),
    series: [{ name: t('dash.expected'), values: rows.map((l) => l.expected) },
      { name: t('dash.free_places'), values: rows.map((l) => l.free_places) }],
    hidden: t('dash.hidden_one'),
  });
  return h('section', { class: 'card', id: 'dash-languages', 'aria-labelledby': 'dash-languages-title' },
    h('h2', { id: 'dash-languages-title' }, t('dash.languages')), h('p', { class: 'hint' }, t('dash.languages_hint')),
    chart,
    h('ul', { class: 'language-counts' }, rows.map((l) => h('li', {}, h('strong', {}, nameOf(l.language)), ': ',
      withCounts('dash.language_line', { arrived: l.arrived, expected: l.expected, waiting: l.waiting,
        families: l.families, free: l.free_places }, { workers: fmtNumber(l.workers), places: fmtNumber(l.places) })))));
}

function openCases(d) {
  const o = d.open_cases, g = d.sponsor_groups;
  return h('section', { class: 'card', id: 'dash-open', 'aria-labelledby': 'dash-open-title' },
    h('h2', { id: 'dash-open-title' }, t('dash.open')),
    h('dl', { class: 'facts' },
      h('dt', {}, t('dash.open_all')), h('dd', {}, count(o.open)),
      h('dt', {}, t('dash.without_partner')), h('dd', {}, count(o.without_partner)),
      h('dt', {}, t('dash.without_worker')), h('dd', {}, count(o.without_worker)),
      h('dt', {}, t('dash.groups_active')), h('dd', {}, count(g.active)),
      h('dt', {}, t('dash.groups_all')), h('dd', {}, count(g.all))));
}

// Open cases with something overdue or waiting, by kind of follow-up: a
// case may be under several kinds, so they are not summed.
const FOLLOWUPS = ['pre_arrival_overdue', 'needs_overdue', 'referred', 'unassigned', 'needs_without_referral',
  'meeting_without_outcome', 'message_unanswered', 'task_overdue', 'sponsorship_ending'];

function followups(d) {
  return h('section', { class: 'card', id: 'dash-followups', 'aria-labelledby': 'dash-followups-title' },
    h('h2', { id: 'dash-followups-title' }, t('dash.followups')), h('p', { class: 'hint' }, t('dash.followups_hint')),
    h('dl', { class: 'facts' }, FOLLOWUPS.flatMap((k) => [h('dt', {}, t(`dash.followup.${k}`)),
      h('dd', { id: `dash-followup-${k}` }, count(d.followups[k]))])));
}

function communities(d) {
  return h('section', { class: 'card', id: 'dash-communities', 'aria-labelledby': 'dash-communities-title' },
    h('h2', { id: 'dash-communities-title' }, t('dash.communities')),
    h('ul', {}, d.communities.map((c) => h('li', {},
      h('a', { href: `#/dashboard/${c.id}` }, h('bdi', {}, c.name)), ': ',
      withCounts('dash.community_line', { open: c.open, partner: c.without_partner, worker: c.without_worker })))));
}

// Where the reader may look: the communities their LIP serves, or (an
// evaluator) the province and every community.
async function choices(state) {
  const { communities: all } = await api('GET', '/api/v1/communities');
  if (state.me.user.role === 'evaluator') return [{ id: 'province', name: t('dash.province') }, ...all];
  const mine = state.me.memberships.organizations;
  return all.filter((c) => mine.includes(c.lip_org_id));
}

export async function render(main, state, which) {
  document.title = `${t('dash.title')} · tandem`;
  const section = h('section', { id: 'dashboard' });
  main.replaceChildren(section);
  let places;
  let path;
  let d;
  try {
    places = await choices(state);
    const pick = which || (places[0] && String(places[0].id));
    if (!pick) {
      section.append(h('h1', {}, t('dash.title')), h('p', { class: 'empty' }, t('dash.nowhere')));
      return false;
    }
    path = pick === 'province' ? '/api/v1/province/dashboard' : `/api/v1/communities/${pick}/dashboard`;
    d = await api('GET', path);
  } catch (err) {
    section.append(h('h1', {}, t('dash.title')), h('p', { class: 'form-error', role: 'alert' }, err.message));
    return false;
  }
  const name = d.community ? d.community.name : t('dash.province');
  section.append(h('h1', {}, t('dash.title_of', { name })),
    h('p', {}, t('dash.intro', { date: fmtDate(d.today) })),
    h('p', { class: 'hint', id: 'dash-rule' }, t('dash.rule', { n: fmtNumber(d.rule.threshold),
      base: fmtNumber(d.rule.base) })));
  if (places.length > 1) {
    const here = d.community ? String(d.community.id) : 'province';
    const select = h('select', { id: 'dash-place' }, places.map((p) => h('option', { value: p.id,
      selected: String(p.id) === here }, p.name)));
    select.addEventListener('change', () => { location.hash = `#/dashboard/${select.value}`; });
    section.append(field(t('dash.place'), select));
  }
  // (append, unlike h, would write a missing part as "null")
  section.append(...[h('p', {}, h('a', { href: `${path}.csv`, download: '', id: 'dash-csv' }, t('dash.csv'))),
    weeks(d), languages(d), openCases(d), followups(d), d.communities ? communities(d) : null].filter(Boolean));
  return false;
}
