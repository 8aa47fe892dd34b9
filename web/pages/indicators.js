// indicators.js - the indicators an evaluator judges the practice by (and a
// LIP coordinator reads for their community): a quarter or the whole
// window, a community or all, an SPO or all; each share drawn and told in
// words, with its counts as the API shows them, and the same as CSV.
import { api } from '../lib/api.js';
import { shareChart } from '../lib/chart.js';
import { field, h } from '../lib/dom.js';
import { fmtDate, fmtNumber, t } from '../lib/i18n.js';

const count = (v) => (v === null ? h('abbr', { title: t('dash.hidden_one') }, '–') : fmtNumber(v));
const percent = (v) => new Intl.NumberFormat(document.documentElement.lang, { style: 'percent' }).format(v);

// The window's quarters, from its first day: [first, last] of each.
function quarters(from, to) {
  const out = [];
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to;) {
    const next = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 3, 1));
    out.push([d.toISOString().slice(0, 10), new Date(next - 86400000).toISOString().slice(0, 10)]);
    d = next;
  }
  return out;
}

function value(ind) {
  if (ind.value === null) return h('abbr', { title: t('dash.hidden_one') }, '–');
  if (ind.unit === 'share') return percent(ind.value);
  if (ind.unit === 'days') return t('ind.days', { n: fmtNumber(ind.value) });
  return t('ind.rating', { n: fmtNumber(ind.value), before: fmtNumber(ind.compare.before_pilots),
    pilots: fmtNumber(ind.compare.pilots) });
}

function counts(ind) {
  if (ind.unit !== 'share') return [t('ind.count'), ' ', count(ind.count)];
  return [count(ind.numerator), ' ', t('ind.of'), ' ', count(ind.denominator), ind.exact ? [' ', t('ind.exact')] : null];
}

function table(d) {
  return h('table', { class: 'numbers', id: 'ind-table' },
    h('caption', {}, t('ind.table')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('ind.indicator')), h('th', { scope: 'col' }, t('ind.value')),
      h('th', { scope: 'col' }, t('ind.counts')))),
    h('tbody', {}, d.indicators.map((ind) => h('tr', { id: `ind-${ind.name}` },
      h('th', { scope: 'row' }, t(`ind.name.${ind.name}`), h('p', { class: 'hint' }, t(`ind.about.${ind.name}`))),
      h('td', {}, value(ind)), h('td', {}, counts(ind))))));
}

function chart(d) {
  const shares = d.indicators.filter((ind) => ind.unit === 'share');
  return shareChart({
    title: t('ind.chart'),
    desc: t('ind.chart_desc'),
    rows: shares.map((ind) => ({ label: t(`ind.short.${ind.name}`), value: ind.value })),
    hidden: t('dash.hidden_one'),
  });
}

function select(id, label, options, chosen, onChange) {
  const s = h('select', { id }, options.map(([v, text]) => h('option', { value: v, selected: String(v) === String(chosen) }, text)));
  s.addEventListener('change', () => onChange(s.value));
  return field(label, s);
}

async function choices(state) {
  const [{ communities }, { organizations }] = await Promise.all([api('GET', '/api/v1/communities'),
    api('GET', '/api/v1/organizations')]);
  const mine = state.me.memberships.organizations;
  const places = state.me.user.role === 'evaluator' ? [['', t('ind.all_communities')], ...communities.map((c) => [c.id, c.name])]
    : communities.filter((c) => mine.includes(c.lip_org_id)).map((c) => [c.id, c.name]);
  return { places, spos: [['', t('ind.all_spos')], ...organizations.filter((o) => o.kind === 'spo').map((o) => [o.id, o.name])] };
}

export async function render(main, state) {
  document.title = `${t('ind.title')} · tandem`;
  const section = h('section', { id: 'indicators' }, h('h1', {}, t('ind.title')));
  main.replaceChildren(section);
  let opts;
  try {
    opts = await choices(state);
  } catch (err) {
    section.append(h('p', { class: 'form-error', role: 'alert' }, err.message));
    return false;
  }
  if (!opts.places.length) {
    section.append(h('p', { class: 'empty' }, t('dash.nowhere')));
    return false;
  }
  const pick = { period: '', community: String(opts.places[0][0]), spo: '' };
  const body = h('div', { 'aria-live': 'polite' });
  const filters = h('div', { class: 'filters' });
  section.append(h('p', { class: 'hint', id: 'ind-rule' }), filters, body);

  async function draw() {
    const q = new URLSearchParams();
    if (pick.period) {
      const [from, to] = pick.period.split('/');
      q.set('from', from);
      q.set('to', to);
    }
    if (pick.community) q.set('community', pick.community);
    if (pick.spo) q.set('spo', pick.spo);
    let d;
    try {
      d = await api('GET', `/api/v1/indicators?${q}`);
    } catch (err) {
      body.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, err.message));
      return;
    }
    // the whole window, as the first answer (of no period) gave it
    if (!pick.period) { pick.windowFrom = d.from; pick.windowTo = d.to; }
    section.querySelector('#ind-rule').textContent = t('dash.rule', { n: fmtNumber(d.rule.threshold),
      base: fmtNumber(d.rule.base) });
    filters.replaceChildren(
      select('ind-period', t('ind.period'), [['', t('ind.whole', { from: fmtDate(pick.windowFrom), to: fmtDate(pick.windowTo) })],
        ...quarters(pick.windowFrom, pick.windowTo).map(([f, l]) => [`${f}/${l}`, t('ind.quarter', { from: fmtDate(f), to: fmtDate(l) })])], pick.period,
      (v) => { pick.period = v; draw(); }),
      select('ind-community', t('ind.community'), opts.places, pick.community, (v) => { pick.community = v; draw(); }),
      select('ind-spo', t('ind.spo'), opts.spos, pick.spo, (v) => { pick.spo = v; draw(); }));
    body.replaceChildren(
      h('p', {}, t('ind.intro', { from: fmtDate(d.from), to: fmtDate(d.to) })),
      h('p', {}, h('a', { href: `/api/v1/indicators.csv?${q}`, download: '', id: 'ind-csv' }, t('ind.csv'))),
      h('section', { class: 'card' }, chart(d)), table(d),
      h('p', { class: 'hint' }, t('ind.rounding')));
  }
  await draw();
  return false;
}
