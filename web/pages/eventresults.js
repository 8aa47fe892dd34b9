// eventresults.js - what an organization's events came to, for its staff:
// over all, quarter by quarter and event by event, the places taken, how
// many came and how many found it helpful. Helpfulness shows only where
// the API shows it (from five answers); the page says so where it does not.
import { api } from '../lib/api.js';
import { field, h, written } from '../lib/dom.js';
import { fmtDate, fmtNumber, t, tn } from '../lib/i18n.js';

const pct = (x) => new Intl.NumberFormat(document.documentElement.lang, { style: 'percent' }).format(x);

// "2 events · 24 places taken · 17 came (71%) · 93% found them helpful, of
// 14 answers"; an event's own line has no count of events.
function figures(r) {
  const parts = r.events === undefined ? [] : [tn('results.events', r.events)];
  parts.push(tn('results.registered', r.registered), r.attendance_rate === null ? tn('results.came', r.attended)
    : t('results.came_rate', { came: tn('results.came', r.attended), rate: pct(r.attendance_rate) }));
  if (r.helpful_share !== null) {
    parts.push(tn('results.helpful', r.helpful_answers ?? r.answers, { share: pct(r.helpful_share) }));
  } else {
    parts.push(r.answers ? tn('results.too_few', r.answers) : t('results.no_answers'));
  }
  return parts.join(' · ');
}

function quarterName(q) {
  const [year, n] = q.quarter.split('-Q');
  return t('results.quarter', { year, n: fmtNumber(Number(n)) });
}

export async function render(main, state, orgId) {
  document.title = `${t('results.title')} · tandem`;
  const section = h('section', { id: 'event-results' });
  main.replaceChildren(section);
  const mine = state.me.memberships.organizations;
  const org = orgId || mine[0];
  let r;
  let orgs;
  try {
    [r, { organizations: orgs }] = await Promise.all([api('GET', `/api/v1/organizations/${org}/event-results`),
      api('GET', '/api/v1/organizations')]);
  } catch (err) {
    section.append(h('h1', {}, t('results.title')), h('p', { class: 'form-error', role: 'alert' }, err.message));
    return false;
  }
  section.append(h('p', {}, h('a', { href: '#/events' }, t('event.all'))),
    h('h1', {}, t('results.title_of', { org: r.organization.name })), h('p', {}, t('results.intro')));
  // Someone on the staff of several organizations picks one.
  if (mine.length > 1) {
    const pick = h('select', { id: 'results-org' }, mine.map((id) => h('option', { value: id, selected: id === org },
      orgs.find((o) => o.id === id)?.name ?? String(id))));
    pick.addEventListener('change', () => { location.hash = `#/events/results/${pick.value}`; });
    section.append(field(t('results.organization'), pick));
  }
  if (!r.events.length) {
    section.append(h('p', { class: 'empty' }, t('results.none')));
    return false;
  }
  section.append(h('section', { class: 'card', id: 'results-total', 'aria-labelledby': 'total-title' },
    h('h2', { id: 'total-title' }, t('results.total')), h('p', {}, figures(r.total))),
  h('section', { class: 'card', id: 'results-quarters', 'aria-labelledby': 'quarters-title' },
    h('h2', { id: 'quarters-title' }, t('results.quarters')),
    h('ul', {}, r.quarters.map((q) => h('li', {}, h('strong', {}, quarterName(q)), ': ', figures(q))))),
  h('section', { class: 'card', id: 'results-events', 'aria-labelledby': 'events-title' },
    h('h2', { id: 'events-title' }, t('results.events_title')),
    h('ul', {}, r.events.map((ev) => h('li', {}, h('a', { href: `#/events/${ev.id}` }, written('bdi', ev.title)),
      ' · ', fmtDate(ev.starts_at.slice(0, 10)), ' · ', figures(ev))))));
  return false;
}
