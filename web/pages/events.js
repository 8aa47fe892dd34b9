// events.js - the community's events: those to come that the reader may
// join (theirs first), each with its time, place or link, languages and
// places left, and the button its `actions` allow (register, join the wait
// list, give the place up); one event's page, where those who came answer
// its survey, and its hosts see who is coming, check them in on the day
// from a phone, take the list as a spreadsheet, write to those coming or
// waiting and read the survey's results; and, for an organization's staff,
// a form to create one.
import { api } from '../lib/api.js';
import { askFirst, confirmSaved, errorLine, field, h, say, showError, written } from '../lib/dom.js';
import { fmtList, fmtNumber, fmtRange, languageNames, t, tn, word } from '../lib/i18n.js';

const can = (obj, action) => Boolean(obj.actions && obj.actions.includes(action));
const topics = ['mental_health', 'housing', 'employment', 'health_care', 'schooling', 'language',
  'sponsorship_basics', 'finances', 'legal', 'other'];
const audiences = ['sponsors', 'sahs', 'spo_staff', 'refugees'];
const hosting = ['worker', 'spo_manager', 'sah_coordinator', 'lip_coordinator'];


// When and how long, in the reader's words and time zone.
const when = (ev) => fmtRange(ev.starts_at, ev.ends_at);

const over = (ev) => new Date(ev.ends_at).getTime() < Date.now();

// Where: the community, the place, the link (given only to those with a
// place), or both.
function where(ev, names) {
  const parts = [];
  if (ev.community_id) parts.push(written('span', names.community(ev.community_id)));
  if (ev.place) parts.push(written('span', ev.place));
  // once it is over, there is nothing to join
  if (ev.link && !over(ev)) parts.push(h('a', { href: ev.link, rel: 'noopener noreferrer', target: '_blank' }, t('event.join_online')));
  else if (ev.mode !== 'in_person' && !over(ev)) parts.push(h('span', {}, t('event.link_later')));
  return parts.flatMap((p, i) => (i ? [' · ', p] : [p]));
}

// The places, in words: left, or full with those waiting; once it is
// over, how many had one.
function places(ev) {
  if (over(ev)) return tn('event.was_taken', ev.places_taken);
  if (ev.places_left > 0) return tn('event.places_left', ev.places_left);
  return ev.waiting ? tn('event.full_waiting', ev.waiting) : t('event.full');
}

// The reader's own registration, in words.
function mine(ev) {
  const r = ev.registration;
  if (!r) return null;
  if (r.status === 'waiting') return h('p', { class: 'notice-inline' }, tn('event.you_wait', r.position));
  if (over(ev)) return h('p', { class: 'notice-inline' }, t('event.you_had_place'));
  return h('p', { class: 'notice-inline' }, t(r.placed_from_wait_list ? 'event.you_moved_up' : 'event.you_have_place'));
}

function facts(ev, names) {
  const pairs = [
    ['event.time', when(ev)],
    ['event.where', where(ev, names)],
    ['event.languages', ev.interpretation.length
      ? say('event.languages_interpreted', { spoken: languageNames(ev.languages.join(',')),
        interpreted: languageNames(ev.interpretation.join(',')) })
      : languageNames(ev.languages.join(','))],
    ['event.hosts', fmtList(ev.host_ids.map(names.org))],
    ['event.places', places(ev)],
  ];
  return h('dl', { class: 'facts' }, pairs.map(([k, v]) => [h('dt', {}, t(k)), h('dd', {}, v)]));
}

// The button the event's actions allow the reader: one at most.
function placeButton(ev, done) {
  const action = can(ev, 'register') ? 'register' : can(ev, 'unregister') ? 'unregister' : null;
  if (!action) return null;
  const label = action === 'register'
    ? t(ev.places_left > 0 ? 'event.register' : 'event.join_wait_list')
    : t(ev.registration?.status === 'waiting' ? 'event.leave_wait_list' : 'event.give_up');
  const form = h('form', { class: 'inline-form' }, errorLine(),
    h('button', { type: 'submit', class: action === 'register' ? null : 'secondary' }, label));
  form.addEventListener('submit', async (ev2) => {
    ev2.preventDefault();
    showError(form, null);
    try {
      const now = await api(action === 'register' ? 'POST' : 'DELETE', `/api/v1/events/${ev.id}/registration`);
      const r = now.registration;
      await done(`event-${ev.id}`, !r ? t('event.given_up')
        : r.status === 'waiting' ? tn('event.now_waiting', r.position) : t('event.registered'));
    } catch (err) {
      showError(form, err);
    }
  });
  return form;
}

function card(ev, names, done) {
  return h('li', { class: 'card event', id: `event-${ev.id}` },
    h('h3', {}, h('a', { href: `#/events/${ev.id}` }, written('span', ev.title)), ' ',
      h('span', { class: 'badge' }, word('topic', ev.topic)),
      ev.status === 'cancelled' ? h('span', { class: 'badge status-ended' }, t('event.cancelled')) : null),
    facts(ev, names), mine(ev), h('div', { class: 'buttons' }, placeButton(ev, done),
      can(ev, 'answer_survey') ? h('a', { href: `#/events/${ev.id}`, class: 'action' }, t('survey.go')) : null));
}

// How far back the list looks for events whose survey waits for the reader.
const SURVEY_DAYS = 60;

function namer(orgs, communities) {
  return { org: (id) => orgs.find((o) => o.id === id)?.name || t('referral.org', { id }),
    community: (id) => communities.find((c) => c.id === id)?.name || String(id) };
}

// A new event: the form's fields as the API names them.
function createForm(state, orgs, communities, languages, done) {
  const own = orgs.filter((o) => state.me.memberships.organizations.includes(o.id));
  const box = (name, value, label, on) => h('label', { class: 'switch' },
    h('input', { type: 'checkbox', name, value, checked: on }), ' ', label);
  const set = (name, legend, items) => h('fieldset', { class: 'checks', name, id: `ev-${name}`, tabindex: '-1',
    'aria-describedby': `ev-${name}-err` }, h('legend', {}, legend), h('div', { class: 'check-grid' }, items),
    h('p', { class: 'field-error', id: `ev-${name}-err`, hidden: true }));
  const control = {
    title: h('input', { name: 'title', required: true, maxlength: '200', dir: 'auto' }),
    topic: h('select', { name: 'topic' }, topics.map((k) => h('option', { value: k }, word('topic', k)))),
    description: h('textarea', { name: 'description', rows: '3', maxlength: '4000', dir: 'auto' }),
    day: h('input', { name: 'starts_at', type: 'date', required: true }),
    from: h('input', { type: 'time', required: true, value: '18:00' }),
    to: h('input', { name: 'ends_at', type: 'time', required: true, value: '20:00' }),
    mode: h('select', { name: 'mode' }, ['in_person', 'online', 'hybrid'].map((m) => h('option', { value: m },
      t(`event.mode.${m}`)))),
    place: h('input', { name: 'place', maxlength: '300', dir: 'auto' }),
    link: h('input', { name: 'link', type: 'url', maxlength: '500', placeholder: 'https://' }),
    community: h('select', { name: 'community_id' }, h('option', { value: '' }, t('event.no_community')),
      communities.map((c) => h('option', { value: c.id }, c.name))),
    capacity: h('input', { name: 'capacity', type: 'number', min: '1', max: '100000', required: true, value: '30' }),
  };
  const audience = set('audience', t('event.audience'), audiences.map((k) => box('audience', k, t(`event.audience.${k}`), true)));
  const common = ['en', 'fr', 'ar', ...languages.filter((c) => !['en', 'fr', 'ar'].includes(c))].slice(0, 12);
  const spoken = set('languages', t('event.languages'), common.map((c) => box('languages', c, languageNames(c), c === 'en')));
  const interpreted = set('interpretation', t('event.interpretation'), common.map((c) => box('interpretation', c, languageNames(c), false)));
  const error = errorLine();
  // A place for an event in person, a link for one online: each shown when it applies.
  const placeField = field(t('event.place'), control.place, t('event.place.hint'));
  const linkField = field(t('event.link'), control.link, t('event.link.hint'));
  const showMode = () => {
    placeField.hidden = control.mode.value === 'online';
    linkField.hidden = control.mode.value === 'in_person';
  };
  control.mode.addEventListener('change', showMode);
  showMode();
  const form = h('form', { class: 'stack', id: 'new-event' }, error,
    field(t('event.title_field'), control.title), field(t('event.topic'), control.topic),
    field(t('event.description'), control.description),
    field(t('event.day'), control.day), field(t('event.from'), control.from), field(t('event.to'), control.to),
    field(t('event.mode'), control.mode), placeField, linkField,
    audience, field(t('event.community'), control.community), spoken, interpreted,
    field(t('event.capacity'), control.capacity),
    h('p', { class: 'hint' }, say('event.hosted_by', { name: own.map((o) => o.name).join(', ') })),
    h('button', { type: 'submit' }, t('event.create')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(form, null);
    // The time as the reader's clock reads it on that day, with its offset.
    const at = (hm) => {
      const d = new Date(`${control.day.value}T${hm}:00`);
      const off = -d.getTimezoneOffset();
      const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, '0');
      return `${control.day.value}T${hm}:00${off < 0 ? '-' : '+'}${pad(off / 60)}:${pad(off % 60)}`;
    };
    const ticked = (set2) => [...set2.querySelectorAll('input:checked')].map((i) => i.value);
    const body = {
      title: control.title.value, topic: control.topic.value, description: control.description.value,
      starts_at: at(control.from.value), ends_at: at(control.to.value), mode: control.mode.value,
      place: placeField.hidden ? null : control.place.value.trim() || null,
      link: linkField.hidden ? null : control.link.value.trim() || null,
      audience: ticked(audience), languages: ticked(spoken), interpretation: ticked(interpreted),
      community_id: control.community.value ? Number(control.community.value) : null,
      capacity: Number(control.capacity.value),
    };
    try {
      const made = await api('POST', '/api/v1/events', body);
      await done(`event-${made.id}`, t('event.created'));
    } catch (err) {
      showError(form, err);
    }
  });
  return h('details', { class: 'card', id: 'create-event' }, h('summary', {}, t('event.create')), form);
}

export async function render(main, state, saved) {
  document.title = `${t('event.title')} · tandem`;
  const section = h('section', { id: 'events' }, h('h1', {}, t('event.title')), h('p', {}, t('event.intro')));
  main.replaceChildren(section);
  let events;
  let orgs;
  let communities;
  let languages;
  const since = new Date(Date.now() - SURVEY_DAYS * 86400e3).toISOString().slice(0, 10);
  try {
    [{ events }, { organizations: orgs }, { communities }, { languages }] = await Promise.all([
      api('GET', `/api/v1/events?from=${since}`), api('GET', '/api/v1/organizations'),
      api('GET', '/api/v1/communities'), api('GET', '/api/v1/languages')]);
  } catch (err) {
    section.append(h('p', { class: 'form-error', role: 'alert' }, err.message));
    return false;
  }
  const names = namer(orgs, communities);
  const done = (anchor, text) => render(main, state, { anchor, text });
  // Past events stay on the list while their survey waits for the reader.
  const now = Date.now();
  const upcoming = (ev) => new Date(ev.ends_at).getTime() >= now;
  const yours = events.filter((ev) => ev.registration && (upcoming(ev) || can(ev, 'answer_survey')));
  if (yours.length) {
    section.append(h('h2', {}, t('event.yours')), h('ul', { class: 'cards' }, yours.map((ev) => card(ev, names, done))));
  }
  // The others, of one community or of all (those for no community always).
  const where = h('select', { id: 'event-community' }, h('option', { value: '' }, t('event.no_community')),
    communities.filter((c) => events.some((ev) => ev.community_id === c.id))
      .map((c) => h('option', { value: c.id }, c.name)));
  const list = h('div', {});
  const draw = () => {
    const others = events.filter((ev) => !ev.registration && upcoming(ev)
      && (!where.value || !ev.community_id || ev.community_id === Number(where.value)));
    list.replaceChildren(others.length ? h('ul', { class: 'cards' }, others.map((ev) => card(ev, names, done)))
      : h('p', { class: 'empty' }, t('event.none')));
  };
  where.addEventListener('change', draw);
  draw();
  section.append(h('h2', {}, t('event.upcoming')), field(t('event.community'), where), list);
  // Those the reader's organization hosted lately: their survey's results.
  const hosted = events.filter((ev) => !upcoming(ev) && can(ev, 'manage'))
    .sort((a, b) => Date.parse(b.starts_at) - Date.parse(a.starts_at));
  if (hosted.length) {
    section.append(h('h2', {}, t('event.hosted_past')),
      h('ul', { class: 'cards' }, hosted.map((ev) => card(ev, names, done))));
  }
  if (hosting.includes(state.me.user.role) && state.me.memberships.organizations.length) {
    section.append(h('p', {}, h('a', { href: '#/events/results', id: 'results-link' }, t('results.link'))));
    section.append(createForm(state, orgs, communities, (languages || []).map((l) => l.code || l), done));
  }
  if (saved) {
    confirmSaved(document.getElementById(saved.anchor) || section, saved.text).scrollIntoView({ block: 'center' });
    return true;
  }
  return false;
}

// Which service someone learned of, found in the directory as they type
// (of the event's community, or online): at most five to pick from.
function servicePicker(ev) {
  const query = h('input', { type: 'search', maxlength: '200', dir: 'auto', autocomplete: 'off' });
  const found = h('fieldset', { class: 'checks', name: 'service_id', hidden: true },
    h('legend', {}, t('survey.service_found')), h('div', { class: 'check-grid' }));
  let asked = 0;
  const search = async () => {
    const mine = ++asked;
    const q = query.value.trim();
    const params = new URLSearchParams({ q, limit: '5' });
    if (ev.community_id) params.set('community', String(ev.community_id));
    let rows = [];
    try {
      if (q) ({ resources: rows } = await api('GET', `/api/v1/resources?${params}`));
    } catch {
      rows = [];
    }
    if (mine !== asked) return;   // a later search answered first
    found.hidden = !rows.length;
    found.querySelector('.check-grid').replaceChildren(...rows.map((r) => h('label', { class: 'switch' },
      h('input', { type: 'radio', name: 'service', value: r.id }), ' ', written('span', r.name))));
  };
  let timer = null;
  query.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(search, 300); });
  const box = h('div', { class: 'stack', hidden: true }, field(t('survey.service'), query, t('survey.service.hint')), found);
  return { box, picked: () => found.querySelector('input[name="service"]:checked')?.value ?? null };
}

// The survey, for one who had a place, once the event has begun: how
// helpful (1 to 5), whether they learned of a service (and which, from the
// directory, if they say), what to cover next, comments. Kept without
// their name.
function surveyForm(ev, done) {
  const scale = h('fieldset', { class: 'checks', name: 'helpful', id: 'sv-helpful', tabindex: '-1',
    'aria-describedby': 'sv-helpful-err' }, h('legend', {}, t('survey.helpful')),
  h('div', { class: 'check-grid' }, [1, 2, 3, 4, 5].map((n) => h('label', { class: 'switch' },
    h('input', { type: 'radio', name: 'helpful', value: n, required: true }), ' ', t(`survey.helpful.${n}`)))),
  h('p', { class: 'field-error', id: 'sv-helpful-err', hidden: true }));
  const learned = h('fieldset', { class: 'checks', name: 'learned_service' }, h('legend', {}, t('survey.learned')),
    h('div', { class: 'check-grid' }, ['yes', 'no'].map((v) => h('label', { class: 'switch' },
      h('input', { type: 'radio', name: 'learned', value: v, required: true }), ' ', t(`survey.${v}`)))));
  const which = servicePicker(ev);
  learned.addEventListener('change', () => {
    which.box.hidden = learned.querySelector('input:checked')?.value !== 'yes';
  });
  const topic = h('input', { name: 'next_topic', maxlength: '200', dir: 'auto' });
  const comments = h('textarea', { name: 'comments', rows: '3', maxlength: '2000', dir: 'auto' });
  const form = h('form', { class: 'stack card', id: 'survey', 'aria-labelledby': 'survey-title' },
    h('h2', { id: 'survey-title' }, t('survey.title')), h('p', { class: 'hint' }, t('survey.anonymous')),
    errorLine(), scale, learned, which.box, field(t('survey.next_topic'), topic),
    field(t('survey.comments'), comments), h('button', { type: 'submit' }, t('survey.send')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(form, null);
    const picked = form.querySelector('input[name="helpful"]:checked');
    const yes = form.querySelector('input[name="learned"]:checked').value === 'yes';
    try {
      await api('POST', `/api/v1/events/${ev.id}/survey`, {
        helpful: Number(picked.value), learned_service: yes, service_id: yes ? which.picked() : null,
        next_topic: topic.value.trim() || null, comments: comments.value.trim() || null,
      });
      await done('event', t('survey.thanks'));
    } catch (err) {
      showError(form, err);
    }
  });
  return form;
}

// The same words, however spaced or capitalized, counted once each, the
// most asked for first: a topic twenty people want shows as one line.
function tally(texts) {
  const seen = new Map();
  for (const x of texts) {
    const key = x.trim().replace(/\s+/g, ' ').toLocaleLowerCase();
    const had = seen.get(key);
    seen.set(key, had ? [had[0], had[1] + 1] : [x.trim(), 1]);
  }
  return [...seen.values()].sort((a, b) => b[1] - a[1]);
}

// What those who came said, for the hosts: from five answers only.
async function surveyResults(ev) {
  const r = await api('GET', `/api/v1/events/${ev.id}/survey`);
  const box = h('section', { class: 'card', id: 'survey-results', 'aria-labelledby': 'results-title' },
    h('h2', { id: 'results-title' }, t('survey.results')));
  if (!r.shown) return box.append(h('p', {}, tn('survey.too_few', r.answers))), box;
  const pct = (x) => new Intl.NumberFormat(document.documentElement.lang, { style: 'percent' }).format(x);
  const list = (items, fn, none = 'survey.none') => (items.length ? h('ul', {}, items.map(fn))
    : h('p', { class: 'empty' }, t(none)));
  box.append(h('p', {}, tn('survey.answers', r.answers)),
    h('dl', { class: 'facts' },
      h('dt', {}, t('survey.helpful_share')), h('dd', {}, pct(r.helpful_share)),
      h('dt', {}, t('survey.helpful_mean')), h('dd', {}, fmtNumber(Math.round(r.helpful_mean * 10) / 10)),
      h('dt', {}, t('survey.learned_share')), h('dd', {}, pct(r.learned_share))),
    h('h3', {}, t('survey.services')), list(r.services, (s) => h('li', {},
      h('a', { href: `#/directory/${encodeURIComponent(s.id)}` }, written('span', s.name))), 'survey.no_service'),
    h('h3', {}, t('survey.next_topics')), list(tally(r.next_topics), ([x, n]) => h('li', {}, written('span', x),
      n > 1 ? ` (${fmtNumber(n)})` : null)),
    h('h3', {}, t('survey.comments_all')), list(r.comments, (x) => written('li', x, { class: 'prose' })));
  return box;
}

// The hosts change what people most often need changed: the words, the
// place, the link, the places (the API takes the rest too).
function editForm(ev, done) {
  const control = {
    title: h('input', { name: 'title', required: true, maxlength: '200', dir: 'auto', value: ev.title }),
    description: h('textarea', { name: 'description', rows: '3', maxlength: '4000', dir: 'auto' }, ev.description || ''),
    place: ev.mode !== 'online' ? h('input', { name: 'place', required: true, maxlength: '300', dir: 'auto', value: ev.place || '' }) : null,
    link: ev.mode !== 'in_person' ? h('input', { name: 'link', type: 'url', required: true, maxlength: '500', value: ev.link || '' }) : null,
    capacity: h('input', { name: 'capacity', type: 'number', min: '1', max: '100000', required: true, value: ev.capacity }),
  };
  const form = h('form', { class: 'stack' }, errorLine(), field(t('event.title_field'), control.title),
    field(t('event.description'), control.description),
    control.place ? field(t('event.place'), control.place) : null,
    control.link ? field(t('event.link'), control.link, t('event.link.hint')) : null,
    field(t('event.capacity'), control.capacity, t('event.capacity.hint')),
    h('button', { type: 'submit' }, t('event.save')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(form, null);
    const body = { title: control.title.value, description: control.description.value,
      capacity: Number(control.capacity.value) };
    if (control.place) body.place = control.place.value;
    if (control.link) body.link = control.link.value;
    try {
      await api('PATCH', `/api/v1/events/${ev.id}`, body);
      await done('event', t('event.saved'));
    } catch (err) {
      showError(form, err);
    }
  });
  return h('details', { class: 'amend', id: 'edit-event' }, h('summary', {}, t('event.edit')), form);
}

// Cancelling is for good: a first button asks, saying how many it
// concerns, a second cancels.
function cancelControl(ev, done) {
  return askFirst({ ask: t('event.cancel'), question: tn('event.cancel.confirm', ev.places_taken + ev.waiting),
    yes: t('event.cancel.yes'), no: t('event.cancel.no') }, async () => {
    await api('PATCH', `/api/v1/events/${ev.id}`, { status: 'cancelled' });
    await done('event', t('event.cancelled_now'));
  });
}

// The hosts write to those with a place, those waiting, or both: one
// message each through the outbox; their addresses stay hidden. Nothing
// on the page changes, so the form closes and says how many it went to.
function mailForm(ev) {
  const counts = { registered: ev.places_taken, waiting: ev.waiting, everyone: ev.places_taken + ev.waiting };
  const to = h('select', { name: 'recipients' }, ['registered', 'waiting', 'everyone']
    .filter((r) => counts[r] > 0).map((r) => h('option', { value: r }, tn(`event.mail.to.${r}`, counts[r]))));
  const subject = h('input', { name: 'subject', required: true, maxlength: '150', dir: 'auto' });
  const body = h('textarea', { name: 'body', rows: '5', required: true, maxlength: '4000', dir: 'auto' });
  const form = h('form', { class: 'stack' }, h('p', { class: 'hint' }, t('event.mail.hint')), errorLine(),
    field(t('event.mail.recipients'), to), field(t('event.mail.subject'), subject),
    field(t('event.mail.body'), body), h('button', { type: 'submit' }, t('event.mail.send')));
  const details = h('details', { class: 'amend' }, h('summary', {}, t('event.mail')), form);
  const box = h('div', { id: 'mail-event' }, details);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(form, null);
    try {
      const r = await api('POST', `/api/v1/events/${ev.id}/mail`,
        { recipients: to.value, subject: subject.value.trim(), body: body.value.trim() });
      form.reset();
      details.open = false;
      confirmSaved(box, tn('event.mail.sent', r.recipients));
    } catch (err) {
      showError(form, err);
    }
  });
  return box;
}

// Who is coming, for the hosts: each with a place checked in by one tap on
// the day; those waiting in order; the list as a spreadsheet.
// People are checked in from twelve hours before the start to twelve after
// the end, as the API allows.
const CHECK_IN_SLACK = 12 * 3600e3;
const checkInOpen = (ev) => Date.now() >= new Date(ev.starts_at).getTime() - CHECK_IN_SLACK
  && Date.now() <= new Date(ev.ends_at).getTime() + CHECK_IN_SLACK && ev.status === 'scheduled';

function attendees(ev, rows, done) {
  const placed = rows.filter((r) => r.status === 'registered');
  const waiting = rows.filter((r) => r.status === 'waiting');
  const open = checkInOpen(ev);
  const person = (r) => {
    // a refugee is known by the number of their place (the API gives no name)
    const name = r.name ?? t('event.unnamed', { number: fmtNumber(r.id) });
    const item = h('li', { class: 'attendee', id: `reg-${r.id}` }, written('span', name), ' · ', word('role', r.role));
    if (r.status !== 'registered') return item;
    if (!open) {
      if (r.checked_in) item.append(' · ', t('event.checked_in'));
      return item;
    }
    const button = h('button', { type: 'button', class: r.checked_in ? 'secondary' : null, 'aria-pressed': String(r.checked_in) },
      t(r.checked_in ? 'event.checked_in' : 'event.check_in'));
    button.addEventListener('click', async () => {
      try {
        await api(r.checked_in ? 'DELETE' : 'POST', `/api/v1/events/${ev.id}/registrations/${r.id}/check-in`);
        await done(`reg-${r.id}`, t(r.checked_in ? 'event.check_in_undone' : 'event.checked_in_now', { name }));
      } catch (err) {
        item.append(h('p', { class: 'form-error', role: 'alert' }, err.message));
      }
    });
    item.append(' ', button);
    return item;
  };
  const came = placed.filter((r) => r.checked_in).length;
  return h('section', { class: 'card', 'aria-labelledby': 'coming-title' },
    h('h2', { id: 'coming-title' }, t(over(ev) ? 'event.came_title' : 'event.coming')),
    h('p', {}, t('event.came', { came: fmtNumber(came), of: fmtNumber(placed.length) }), ' · ',
      h('a', { href: `/api/v1/events/${ev.id}/registrations.csv`, download: `event-${ev.id}.csv` }, t('event.csv'))),
    open ? null : h('p', { class: 'hint' }, t(over(ev) ? 'event.check_in_closed' : 'event.check_in_later')),
    placed.length ? h('ul', { class: 'attendees' }, placed.map(person)) : h('p', { class: 'empty' }, t('event.nobody')),
    waiting.length ? [h('h3', {}, t('event.wait_list')), h('ol', { class: 'attendees' }, waiting.map(person))] : null);
}

export async function renderOne(main, state, id, saved) {
  const section = h('section', { id: 'event' });
  main.replaceChildren(section);
  let ev;
  let orgs;
  let communities;
  let rows = null;
  try {
    [ev, { organizations: orgs }, { communities }] = await Promise.all([api('GET', `/api/v1/events/${id}`),
      api('GET', '/api/v1/organizations'), api('GET', '/api/v1/communities')]);
    if (can(ev, 'manage')) ({ registrations: rows } = await api('GET', `/api/v1/events/${id}/registrations`));
  } catch (err) {
    section.append(h('h1', {}, t('event.title')), h('p', { class: 'form-error', role: 'alert' }, err.message));
    return false;
  }
  document.title = `${ev.title} · tandem`;
  const done = (anchor, text) => renderOne(main, state, id, { anchor, text });
  // (append, unlike h, would write a missing part as "null")
  section.append(...[h('p', {}, h('a', { href: '#/events' }, t('event.all'))),
    written('h1', ev.title), ev.description ? written('p', ev.description, { class: 'prose' }) : null,
    facts(ev, namer(orgs, communities)), mine(ev), h('div', { class: 'buttons' }, placeButton(ev, done)),
    can(ev, 'answer_survey') ? surveyForm(ev, done) : null,
    ev.registration?.survey_answered ? h('p', { class: 'hint' }, t('survey.answered')) : null,
    can(ev, 'update') ? editForm(ev, done) : null,
    can(ev, 'manage') && ev.places_taken + ev.waiting > 0 ? mailForm(ev) : null,
    can(ev, 'cancel') ? cancelControl(ev, done) : null,
    rows ? attendees(ev, rows, done) : null].filter(Boolean));
  // The survey opens when the event begins: its results only from then.
  if (rows && new Date(ev.starts_at).getTime() <= Date.now()) {
    try {
      section.append(await surveyResults(ev));
    } catch (err) {
      section.append(h('p', { class: 'form-error', role: 'alert' }, err.message));
    }
  }
  if (saved) {
    // The page is drawn anew: the confirmation is brought into sight.
    confirmSaved(document.getElementById(saved.anchor) || section, saved.text).scrollIntoView({ block: 'center' });
    return true;
  }
  return false;
}
