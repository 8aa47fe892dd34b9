// home.js - the first page of a sponsor and of a family: for each of their
// cases, what happens next, with whom, and how to reach them; for the family
// also its own tasks in the plan and who may see what; then the next events
// they may join; above them, what their LIP announced to them. The LIP
// coordinator's first page holds the community's table: its announcements
// with their read counts, its working groups with their next meetings, its
// events, the services to verify.
import { api } from '../lib/api.js';
import { confirmSaved, errorLine, h, say, showError, written } from '../lib/dom.js';
import { fmtDate, fmtDateTime, fmtNumber, t, tn, word } from '../lib/i18n.js';
import { nextStep, whoDoesWhat, writeTo } from './case.js';
import { receivedCard, sentCard } from './announcements.js';
import { toVerify } from './directory.js';
import { groupsCard } from './workgroups.js';

const today = () => new Date().toISOString().slice(0, 10);
const open = (c) => !['sponsorship_ended', 'closed'].includes(c.status);

// The family's tasks and the shared ones still to do, first due first.
async function ourTasks(c) {
  const { tasks } = await api('GET', `/api/v1/cases/${c.id}/plan`);
  const ours = tasks.filter((k) => ['refugee', 'shared'].includes(k.responsible) && ['todo', 'doing'].includes(k.status))
    .sort((a, b) => (a.due_on || '9').localeCompare(b.due_on || '9'));
  if (!ours.length) return h('p', { class: 'empty' }, t('home.tasks.none'));
  return h('ul', { class: 'home-tasks' }, ours.slice(0, 5).map((k) => {
    const late = k.due_on && k.due_on < today();
    return h('li', {}, h('span', { dir: 'auto' }, k.title), ' ', k.due_on ? h('span', { class: late ? 'overdue' : 'due' },
      t(late ? 'plan.overdue' : 'plan.due', { date: fmtDate(k.due_on) })) : null);
  }));
}

// A case: what happens next and how to reach the worker first; who does what
// folded away when there are several cases to read.
async function caseCard(c, role, fold) {
  const roles = fold ? h('details', {}, h('summary', {}, t('roles.title')), whoDoesWhat(c))
    : [h('h3', {}, t('roles.title')), whoDoesWhat(c)];
  const card = h('article', { class: 'card home-case', 'aria-labelledby': `home-${c.id}` },
    h('h2', { id: `home-${c.id}` }, h('a', { href: `#/cases/${c.id}` }, t('case.family', { name: c.family_name })), ' ',
      h('span', { class: 'badge' }, word('state', c.status))),
    h('p', { class: 'case-ref' }, t('case.ref', { id: c.id }), c.sponsor_group_name ? ' · ' : null,
      c.sponsor_group_name ? written('bdi', c.sponsor_group_name) : null),
    h('h3', {}, t('next.title')), h('p', { class: 'next' }, nextStep(c) || t('next.none')), writeTo(c), roles);
  if (role === 'refugee') {
    card.append(h('h3', {}, t('home.tasks')), await ourTasks(c),
      h('p', { class: 'home-links' }, h('a', { href: `#/cases/${c.id}/plan` }, t('home.plan')), ' · ',
        h('a', { href: `#/cases/${c.id}/consents` }, t('home.sharing'))));
  } else {
    card.append(h('p', { class: 'home-links' }, h('a', { href: `#/cases/${c.id}/plan` }, t('home.plan')), ' · ',
      h('a', { href: `#/cases/${c.id}/meetings` }, t('tab.meetings'))));
  }
  return card;
}

// "Where do I turn": the directory of local services in one tap, and the
// needs sponsors ask about most in one tap each, opening their results near
// the reader (issue 12: "one place to access information").
const shortcuts = [['health.primary_care', 'turn.doctor'], ['housing.rental', 'turn.housing'],
  ['language.classes', 'turn.language'], ['food.bank', 'turn.food'], ['employment.search', 'turn.work'],
  ['health.mental_health', 'turn.mental_health']];

// The next events the reader may join, from their home in one tap.
async function eventsNear() {
  const { events } = await api('GET', '/api/v1/events');
  const next = events.filter((ev) => ev.registration || ev.actions.includes('register')).slice(0, 3);
  return h('section', { class: 'card', id: 'events-near', 'aria-labelledby': 'events-near-title' },
    h('h2', { id: 'events-near-title' }, t('home.events')),
    next.length ? h('ul', {}, next.map((ev) => h('li', {}, h('a', { href: `#/events/${ev.id}` }, written('span', ev.title)),
      ' · ', fmtDateTime(ev.starts_at), ev.registration ? [' · ', t(`home.events.${ev.registration.status}`)] : null)))
      : h('p', { class: 'empty' }, t('event.none')),
    h('p', {}, h('a', { href: '#/events', class: 'action' }, t('home.events.all'))));
}

// The LIP coordinator's table: the community's events to come, with the
// places taken and those waiting, each a tap from its page.
async function communityEvents(state) {
  const [{ events }, { organizations }] = await Promise.all([api('GET', '/api/v1/events'),
    api('GET', '/api/v1/organizations')]);
  const mine = organizations.filter((o) => state.me.memberships.organizations.includes(o.id))
    .flatMap((o) => o.community_ids || []);
  const here = events.filter((ev) => mine.includes(ev.community_id));
  return h('section', { class: 'card', id: 'community-events', 'aria-labelledby': 'community-events-title' },
    h('h2', { id: 'community-events-title' }, t('home.community_events')),
    here.length ? h('ul', {}, here.map((ev) => h('li', {}, h('a', { href: `#/events/${ev.id}` }, written('span', ev.title)),
      ' · ', fmtDateTime(ev.starts_at), ' · ',
      t('home.community_events.places', { taken: fmtNumber(ev.places_taken), of: fmtNumber(ev.capacity) }),
      ev.waiting ? [' · ', tn('event.full_waiting', ev.waiting)] : null)))
      : h('p', { class: 'empty' }, t('event.none')),
    h('p', {}, h('a', { href: '#/events', class: 'action' }, t('home.events.all'))));
}

// The pilots' one question, where the sponsor is asked it now: after the
// post-arrival meeting, and again at six months. Never shown back one by
// one: it counts in the indicators only.
async function ratingCard() {
  const { asked } = await api('GET', '/api/v1/ratings');
  if (!asked.length) return null;
  return h('section', { class: 'card', id: 'rating', 'aria-labelledby': 'rating-title' },
    h('h2', { id: 'rating-title' }, t('rating.title')), h('p', { class: 'hint' }, t('rating.why')),
    asked.map((a) => {
      const form = h('form', { class: 'rating-form' }, h('fieldset', { class: 'scale' },
        h('legend', {}, say(`rating.question.${a.moment}`, { family: a.family_name })),
        [1, 2, 3, 4, 5].map((n) => h('label', {}, h('input', { type: 'radio', name: 'rating', value: String(n), required: true }),
          ' ', fmtNumber(n), n === 1 ? ` (${t('scale.poor')})` : n === 5 ? ` (${t('scale.well')})` : ''))),
      errorLine(), h('button', { type: 'submit' }, t('rating.send')));
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        const rating = Number(form.querySelector('input[name="rating"]:checked')?.value || 0);
        try {
          await api('POST', `/api/v1/cases/${a.case_id}/ratings`, { moment: a.moment, rating });
          form.replaceChildren();
          confirmSaved(form, t('rating.thanks'));
        } catch (err) {
          showError(form, err);
        }
      });
      return form;
    }));
}

function whereToTurn() {
  return h('section', { class: 'card turn', 'aria-labelledby': 'turn-title' },
    h('h2', { id: 'turn-title' }, t('turn.title')), h('p', {}, t('turn.intro')),
    h('ul', { class: 'shortcuts' }, shortcuts.map(([code, key]) => h('li', {},
      h('a', { href: `#/directory?category=${code}` }, t(key))))),
    h('p', {}, h('a', { href: '#/directory', class: 'action' }, t('turn.search'))));
}

async function family(section, state) {
  const { cases } = await api('GET', '/api/v1/cases?limit=200');
  const current = cases.filter(open);
  if (!current.length) {
    section.append(h('p', { class: 'empty' }, t('home.none')));
    return;
  }
  // The list omits what only a single read carries: the next step.
  const full = await Promise.all(current.map((c) => api('GET', `/api/v1/cases/${c.id}`)));
  for (const c of full) section.append(await caseCard(c, state.me.user.role, full.length > 1));
  const past = cases.filter((c) => !open(c));
  if (past.length) {
    section.append(h('h2', {}, t('home.past')), h('ul', {}, past.map((c) => h('li', {},
      h('a', { href: `#/cases/${c.id}` }, t('case.family', { name: c.family_name })), ' · ', word('state', c.status)))));
  }
}

export async function render(main, state) {
  const role = state.me.user.role;
  document.title = `${t('home.title')} · tandem`;
  const section = h('section', {}, h('h1', {}, t('home.greeting', { name: state.me.user.name })));
  main.replaceChildren(section);
  if (!['sponsor', 'refugee'].includes(role)) {
    section.append(h('p', {}, t(`home.role.${role}`)));
    if (['lip_coordinator', 'evaluator'].includes(role)) {
      section.append(h('p', {}, h('a', { href: '#/dashboard', id: 'home-dashboard' }, t('home.dashboard'))),
        h('p', {}, h('a', { href: '#/indicators', id: 'home-indicators' }, t('home.indicators'))));
    }
    // a LIP coordinator keeps the community's table: its events, and its
    // directory, which it curates
    if (role === 'lip_coordinator') {
      section.append(...[await sentCard(), await groupsCard(), await communityEvents(state), await toVerify()]
        .filter(Boolean));
    } else {
      section.append(...[await receivedCard()].filter(Boolean));
    }
    return;
  }
  section.append(whereToTurn());
  try {
    await family(section, state);
    section.append(...[role === 'sponsor' ? await ratingCard() : null, await receivedCard(), await groupsCard()]
      .filter(Boolean), await eventsNear());
  } catch (err) {
    section.append(h('p', { class: 'form-error', role: 'alert' }, err.message));
  }
}
