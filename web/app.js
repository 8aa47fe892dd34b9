// app.js - tandem's web application: the session (in memory only, never in
// browser storage), the routes of each role's pages, the language and the
// navigation. Pages live in pages/, one file each.
import { api, setCsrf, whenSessionEnds } from './lib/api.js';
import { clear, h } from './lib/dom.js';
import { current, setLanguage, t } from './lib/i18n.js';
import * as admin from './pages/admin.js';
import * as agency from './pages/agency.js';
import * as announcements from './pages/announcements.js';
import * as caseView from './pages/case.js';
import * as cases from './pages/cases.js';
import * as directory from './pages/directory.js';
import * as groups from './pages/groups.js';
import * as homePage from './pages/home.js';
import * as invite from './pages/invite.js';
import * as matching from './pages/matching.js';
import * as partnerships from './pages/partnerships.js';
import * as events from './pages/events.js';
import * as eventResults from './pages/eventresults.js';
import * as dashboard from './pages/dashboard.js';
import * as indicators from './pages/indicators.js';
import * as arrivals from './pages/arrivals.js';
import * as training from './pages/training.js';
import * as service from './pages/service.js';
import * as signin from './pages/signin.js';
import * as today from './pages/today.js';
import * as workgroups from './pages/workgroups.js';

const main = document.getElementById('main');
const state = { me: null };

// Each role's home answers its first question (DESIGN.md section 2): what is
// due (worker), what waits and who has room (manager), which cases are
// behind (SAH), what happens next and with whom (sponsor, family).
const homes = { worker: '#/today', spo_manager: '#/agency', sah_coordinator: '#/today', admin: '#/admin' };
const home = () => homes[state.me?.user.role] || '#/home';

const routes = [
  [/^#\/signin$/, () => signin.render(main, { onSignedIn })],
  [/^#\/today$/, () => today.render(main, state)],
  [/^#\/home$/, () => homePage.render(main, state)],
  [/^#\/agency$/, () => agency.render(main, state)],
  [/^#\/matching$/, () => matching.render(main, state)],
  [/^#\/admin$/, () => admin.render(main, state)],
  [/^#\/invite\/(inv_[0-9a-f]+)$/, (m) => invite.render(main, m[1])],
  [/^#\/groups$/, () => groups.render(main, state)],
  [/^#\/partnerships$/, () => partnerships.render(main, state)],
  // the community's events, and one of them (its hosts run it from there)
  [/^#\/events$/, () => events.render(main, state)],
  [/^#\/events\/(\d+)$/, (m) => events.renderOne(main, state, Number(m[1]))],
  // what the events of the reader's organization (or of one of theirs) came to
  [/^#\/events\/results(?:\/(\d+))?$/, (m) => eventResults.render(main, state, m[1] ? Number(m[1]) : null)],
  // arrivals and capacity: the reader's community, another, or the province
  [/^#\/dashboard(?:\/(\d+|province))?$/, (m) => dashboard.render(main, state, m[1] || null)],
  // the indicators of practice, a quarter or the window, a community or all
  [/^#\/indicators$/, () => indicators.render(main, state)],
  // IRCC's notices of arrival, sent as a CSV file
  [/^#\/arrivals$/, () => arrivals.render(main)],
  // a worker's training in private sponsorship: their own, or a worker of the manager's
  [/^#\/training\/(\d+|me)$/, (m) => training.render(main, state, m[1])],
  // the LIP's announcements: those sent to the reader, writing one, and one with its receipts
  [/^#\/announcements$/, () => announcements.render(main)],
  [/^#\/announcements\/(\d+)$/, (m) => announcements.renderOne(main, state, Number(m[1]))],
  // the LIP's working groups, and one with its meetings and actions
  [/^#\/working-groups$/, () => workgroups.render(main)],
  [/^#\/working-groups\/(\d+)$/, (m) => workgroups.renderOne(main, state, Number(m[1]))],
  [/^#\/cases(\?.*)?$/, () => cases.render(main, state)],
  // the directory of local services: a search (its query in the hash), a service
  [/^#\/directory(?:\?(.*))?$/, (m) => directory.render(main, state, m[1] || '')],
  [/^#\/directory\/([A-Za-z0-9._~-]+)(?:\?(.*))?$/, (m) => service.render(main, state, decodeURIComponent(m[1]), m[2] || '')],
  // a tab, an object of it (a meeting, a task) and a query (a referral's domain)
  [/^#\/cases\/(\d+)(?:\/([a-z]+)(?:\/(\d+))?)?(?:\?.*)?$/,
    (m) => caseView.render(main, state, Number(m[1]), m[2] || 'summary', m[3] ? Number(m[3]) : null)],
];

function navigation() {
  const nav = clear(document.getElementById('nav'));
  nav.setAttribute('aria-label', t('nav.label'));
  if (!state.me) return;
  const byRole = {
    worker: [['#/today', 'nav.today'], ['#/cases', 'nav.cases'], ['#/training/me', 'nav.training']],
    spo_manager: [['#/today', 'nav.today'], ['#/agency', 'nav.agency'], ['#/matching', 'nav.matching'],
      ['#/cases', 'nav.cases'], ['#/arrivals', 'nav.arrivals'], ['#/partnerships', 'nav.partnerships']],
    sah_coordinator: [['#/today', 'nav.today'], ['#/groups', 'nav.groups'], ['#/cases', 'nav.cases'],
      ['#/arrivals', 'nav.arrivals'], ['#/partnerships', 'nav.partnerships']],
    sponsor: [['#/home', 'nav.home'], ['#/cases', 'nav.cases'], ['#/partnerships', 'nav.partnerships']],
    lip_coordinator: [['#/home', 'nav.home'], ['#/dashboard', 'nav.dashboard'], ['#/indicators', 'nav.indicators'],
      ['#/announcements', 'nav.announcements'], ['#/working-groups', 'nav.working_groups']],
    evaluator: [['#/home', 'nav.home'], ['#/dashboard', 'nav.dashboard'], ['#/indicators', 'nav.indicators']],
    admin: [['#/admin', 'nav.admin']],
  };
  // the directory of local services (issue 12) and the community's events
  // (issue 13) are for every role
  const links = [...(byRole[state.me.user.role] || [['#/home', 'nav.home']]), ['#/events', 'nav.events'],
    ['#/directory', 'nav.directory']];
  nav.append(h('ul', {}, links.map(([href, key]) => h('li', {}, h('a', {
    href, 'aria-current': location.hash.startsWith(href) ? 'page' : null,
  }, t(key))))));
}

function chrome() {
  document.getElementById('skip').textContent = t('app.skip');
  document.getElementById('lang-label').textContent = t('app.language');
  const out = document.getElementById('signout');
  out.textContent = t('app.signout');
  out.hidden = !state.me;
  document.getElementById('lang').value = current();
  navigation();
}

// Busy while a page reads what it shows: assistive technology waits, and so
// can anything that must act on the page once it stands. Only the latest
// drawing may end it: one begun before (a link followed twice, a language
// changed while a page loads) ends later without the page standing.
let drawing = 0;
function drawStart() {
  main.setAttribute('aria-busy', 'true');
  return ++drawing;
}
function drawEnd(mine) {
  if (mine === drawing) main.removeAttribute('aria-busy');
}

async function route() {
  const hash = location.hash;
  if (hash === '#main') return;   // the skip link
  // an invitation's page is for someone who has no account yet
  const open = hash === '#/signin' || hash.startsWith('#/invite/');
  if (!state.me && !open) {
    location.replace('#/signin');
    return;
  }
  const found = routes.find(([re]) => re.test(hash));
  if (!found || (state.me && hash === '#/signin')) {
    location.replace(home());
    return;
  }
  chrome();
  const mine = drawStart();
  try {
    // A page that put focus on what the link named keeps it there.
    if (!(await found[1](hash.match(found[0])))) main.focus();
  } finally {
    drawEnd(mine);
  }
}

async function onSignedIn(me) {
  state.me = me;
  setCsrf(me.csrf_token);
  // The language of the page one signed in on (picked there, or the
  // browser's) is the one the account keeps: it is the one just read.
  if (current() !== me.user.language) {
    await api('PATCH', '/api/v1/me', { language: current() }).catch(() => {});
    me.user.language = current();
  }
  await setLanguage(me.user.language);
  location.hash = home();
  await route();
}

// A session that ends under a person's hands asks them to sign in again in
// place, so that what they were typing stays on the page; declining (Escape)
// reloads the page, which clears everything it held.
document.getElementById('relogin').addEventListener('cancel', () => location.replace('/'));
whenSessionEnds(() => {
  const dlg = document.getElementById('relogin');
  if (dlg.open || !state.me) return;
  clear(dlg).append(h('h2', { id: 'relogin-title' }, t('relogin.title')), h('p', {}, t('relogin.text')),
    signin.form(async (me) => { setCsrf(me.csrf_token); dlg.close(); }, state.me.user.email));
  dlg.showModal();
});

document.getElementById('signout').addEventListener('click', async () => {
  try {
    await api('DELETE', '/api/v1/session');
  } finally {
    // A fresh load forgets everything the page held.
    location.replace('/');
  }
});

// A language picked while the page still loads wins over the one it loads
// with (the account's, or the browser's): start() leaves it be.
let picked = null;

document.getElementById('lang').addEventListener('change', async (ev) => {
  picked = ev.target.value;
  // The same language again changes nothing, and redraws nothing (a form
  // being filled in keeps what was typed).
  if (ev.target.value === current()) return;
  // Busy from the start: the page is drawn again once the catalog is read,
  // and nothing may act on the old one meanwhile.
  const mine = drawStart();
  await setLanguage(ev.target.value);
  // The server words some of what a page shows (an agreement's clauses, say)
  // in the account's language: it is saved before the page is read again.
  if (state.me) await api('PATCH', '/api/v1/me', { language: current() }).catch(() => {});
  // A page opened meanwhile is already drawn in it, and may hold what is
  // being typed into it: it is not drawn again.
  if (mine === drawing) await route();
  drawEnd(mine);
});

window.addEventListener('hashchange', route);

async function start() {
  const wanted = navigator.languages?.find((l) => ['en', 'fr', 'ar'].includes(l.slice(0, 2)));
  try {
    const me = await api('GET', '/api/v1/me');
    state.me = me;
    setCsrf(me.csrf_token);
    if (picked) await api('PATCH', '/api/v1/me', { language: picked }).catch(() => {});
    else await setLanguage(me.user.language);
  } catch {
    if (!picked) await setLanguage(wanted ? wanted.slice(0, 2) : 'en');
  }
  await route();
}

start();
