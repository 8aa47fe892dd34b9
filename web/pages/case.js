// case.js - one case: its facts and due dates, the lifecycle moves the reader
// may make, and a tab for each part of the work. A control is shown only when
// the object it acts on lists its action (the server's `actions`), so nothing
// offered is then refused.
import { api } from '../lib/api.js';
import { clear, confirmSaved, errorLine, field, h, ltr, say, showError, written } from '../lib/dom.js';
import { current, fmtDate, fmtDateTime, fmtList, languageName, languageNames, t, word } from '../lib/i18n.js';
import { destinations, handOnForm, sources } from './handon.js';

const tabs = ['summary', 'people', 'meetings', 'needs', 'plan', 'consents', 'referrals', 'messages', 'history'];
export const domains = ['housing', 'health', 'mental_health', 'language', 'education', 'employment', 'income',
  'childcare', 'legal_documents', 'social_connection'];
const levels = ['none', 'low', 'medium', 'high', 'urgent'];
// Whether the reader may take this action on this object, as the server says.
const can = (obj, action) => Boolean(obj.actions && obj.actions.includes(action));


// Submits a form through fn, shows its errors beside it, then redraws,
// saying "saved" where the form was (its nearest element with an id).
function onSubmit(form, fn, after) {
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(form, null);
    try {
      await fn();
      await after(form.parentElement?.closest('[id]')?.id);
    } catch (err) {
      showError(form, err);
    }
  });
  return form;
}

function dl(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => [h('dt', {}, t(k)), h('dd', {}, v)]));
}

function moves(c, redraw) {
  if (!c.moves || !c.moves.length) return null;
  const to = h('select', { name: 'to' }, c.moves.map((m) => h('option', { value: m }, word('state', m))));
  const on = h('input', { name: 'on', type: 'date' });
  const reason = h('input', { name: 'reason', type: 'text', maxlength: '500' });
  const form = h('form', { class: 'moves' }, errorLine(),
    field(t('case.move.to'), to), field(t('case.move.on'), on, t('case.move.on.hint')),
    field(t('case.move.reason'), reason), h('button', { type: 'submit' }, t('case.move.submit')));
  // Folded: a move is rare, and the tabs and their work come first.
  return h('details', { class: 'moves-box', id: 'moves' }, h('summary', {}, t('case.move')),
    onSubmit(form, () => api('POST', `/api/v1/cases/${c.id}/transitions`, {
      to: to.value, ...(on.value ? { on: on.value } : {}), ...(reason.value ? { reason: reason.value } : {}),
    }), redraw));
}

// What happens next, from the case's state and meetings (the server's
// `next`), with the name of whoever it is with, each name in an isolate.
export function nextStep(c) {
  const n = c.next;
  if (!n) return null;
  const vars = { date: fmtDate(n.on), worker: c.worker_name || t('next.your_worker'), spo: c.spo_name || '' };
  if (n.kind === 'meeting') {
    return say('next.meeting', { ...vars, kind: word('meeting', n.meeting.kind), when: fmtDateTime(n.meeting.starts_at),
      mode: word('mode', n.meeting.mode) });
  }
  // A case no agreement routed waits for an agency, not for a worker.
  const key = n.kind === 'arrival' && !n.on ? 'next.arrival.unknown'
    : n.kind === 'worker' && !c.spo_name ? 'next.no_agency' : `next.${n.kind}`;
  return n.late ? [...say(key, vars), ' ', t('next.late')] : say(key, vars);
}

// Who does what on this case, by name: the one person to ask first.
export function whoDoesWhat(c) {
  const worker = c.worker_name
    ? t('roles.worker.named', { name: c.worker_name, spo: c.spo_name || '' })
    : t('roles.worker.none', { spo: c.spo_name || t('roles.agency') });
  return h('ul', { class: 'roles' },
    h('li', {}, h('strong', {}, worker), ' ', t('roles.worker.does')),
    c.sponsor_group_name ? h('li', {}, h('strong', {}, written('span', c.sponsor_group_name)), ' ',
      t('roles.sponsor.does')) : null,
    h('li', {}, h('strong', {}, t('case.family', { name: c.family_name })), ' ', t('roles.family.does')));
}

// Where to write to the worker, when the reader is in the case's thread.
export function writeTo(c) {
  if (!c.worker_name || !can(c, 'message')) return null;
  return h('p', {}, h('a', { href: `#/cases/${c.id}/messages`, class: 'action' },
    t('next.write', { name: c.worker_name })));
}

// Handing the case on to another SPO, folded like a move: it is rare. The
// SAH keeps the case and reads it again; a manager whose agency hands it on
// loses it with the move, and is shown the way back to the agency's page.
async function handOn(c, state, redraw) {
  if (!can(c, 'hand_on')) return null;
  const spos = destinations(c, await sources(state));
  const done = async (name) => {
    const text = say('handon.done', { family: c.family_name, name });
    if (state.me.user.role === 'sah_coordinator') return redraw('panel', text);
    const main = document.getElementById('main');
    main.replaceChildren(h('h1', {}, say('case.family', { name: c.family_name })),
      h('p', {}, h('a', { href: '#/agency' }, t('handon.back'))));
    confirmSaved(main, text);
    return true;
  };
  return h('details', { class: 'moves-box', id: 'hand-on' }, h('summary', {}, t('handon.title')),
    handOnForm(c, spos, done, state.me.user.role));
}

async function summary(panel, c, state, redraw) {
  panel.append(h('h3', {}, t('next.title')), h('p', { class: 'next' }, nextStep(c) || t('next.none')), writeTo(c) || '',
    h('h3', {}, t('roles.title')), whoDoesWhat(c));
  panel.append(h('h3', {}, t('case.facts')), dl([
    ['case.number', String(c.id)], ['case.group', c.sponsor_group_name], ['case.community', c.community_name],
    ['case.agency', c.spo_name || (c.spo_name === null ? t('case.agency.none') : undefined)],
    ['case.stream', c.stream && word('stream', c.stream)], ['case.language', languageName(c.preferred_language)],
    ['case.expected', fmtDate(c.expected_arrival)], ['case.arrived', fmtDate(c.actual_arrival)],
    ['case.phone', ltr(c.contact_phone)], ['case.email', ltr(c.contact_email)], ['case.address', c.address],
    ['case.high_needs', c.high_needs === undefined ? undefined : t(c.high_needs ? 'yes' : 'no')],
    ['case.health', c.health_notes && written('span', c.health_notes)],
    ['case.notes', c.worker_notes && written('span', c.worker_notes)],
  ]));
  if (c.due) {
    panel.append(h('h3', {}, t('case.due')), dl([
      ['due.pre_arrival', fmtDate(c.due.pre_arrival_meeting)], ['due.needs', fmtDate(c.due.needs_assessment)],
      ['due.end', fmtDate(c.due.sponsorship_end)],
      ['due.checkins', (c.due.checkins || []).map(fmtDate).join(' · ')],
    ]));
  }
  const box = await handOn(c, state, redraw);
  if (box) panel.append(box);
}

async function people(panel, c) {
  const { people: rows } = await api('GET', `/api/v1/cases/${c.id}/people`);
  panel.append(h('table', {}, h('caption', {}, t('tab.people')), h('thead', {}, h('tr', {},
    ['people.name', 'people.relationship', 'people.born', 'people.languages']
      .map((k) => h('th', { scope: 'col' }, t(k))))),
  h('tbody', {}, rows.map((p) => h('tr', {}, written('td', `${p.given_name} ${p.family_name}`),
    h('td', {}, word('relationship', p.relationship)), h('td', {}, p.birth_year),
    h('td', {}, languageNames(p.languages)))))));
}

// The local offset of a date and time, for an RFC 3339 time with its offset.
function withOffset(date, time) {
  const d = new Date(`${date}T${time}`);
  const off = -d.getTimezoneOffset();
  const a = Math.abs(off);
  const pad = (n) => String(n).padStart(2, '0');
  return `${date}T${time}:00${off < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

function scheduleForm(c, redraw) {
  const pick = (name, values, group) => h('select', { name }, values.map((v) => h('option', { value: v },
    word(group, v))));
  const kind = pick('kind', ['pre_arrival', 'post_arrival', 'follow_up'], 'meeting');
  const date = h('input', { name: 'starts_at', type: 'date', required: true });
  const start = h('input', { name: 'start', type: 'time', required: true, value: '10:00' });
  const end = h('input', { name: 'ends_at', type: 'time', required: true, value: '11:00' });
  const mode = pick('mode', ['in_person', 'video', 'phone'], 'mode');
  const place = h('input', { name: 'place', type: 'text', maxlength: '200' });
  const interp = h('input', { name: 'interpreter_language', type: 'text', maxlength: '3',
    value: c.preferred_language && c.preferred_language !== 'en' ? c.preferred_language : '' });
  const form = h('form', { class: 'stack card', 'aria-labelledby': 'schedule-title' },
    h('h3', { id: 'schedule-title' }, t('meeting.schedule')), errorLine(), field(t('meeting.kind'), kind),
    field(t('meeting.date'), date), field(t('meeting.start'), start), field(t('meeting.end'), end),
    field(t('meeting.mode'), mode), field(t('meeting.place'), place),
    field(t('meeting.interpreter'), interp, t('meeting.interpreter.hint')),
    h('button', { type: 'submit' }, t('meeting.schedule.submit')));
  return onSubmit(form, () => api('POST', `/api/v1/cases/${c.id}/meetings`, {
    kind: kind.value, starts_at: withOffset(date.value, start.value), ends_at: withOffset(date.value, end.value),
    mode: mode.value, ...(place.value ? { place: place.value } : {}),
    interpreter_language: interp.value || null,
  }), redraw);
}

// What the worker records of a meeting: the summary its attendees read
// beside the notes that stay the worker's, each saying which it is.
function recordForm(c, m, redraw) {
  const status = h('select', { name: 'status' }, ['scheduled', 'held', 'cancelled', 'no_show']
    .map((s) => h('option', { value: s, selected: s === m.status }, word('mstatus', s))));
  const summary = h('textarea', { name: 'summary', rows: '3', maxlength: '4000' }, m.summary || '');
  const notes = h('textarea', { name: 'outcome_notes', rows: '3', maxlength: '4000' }, m.outcome_notes || '');
  const form = h('form', { class: 'stack' }, errorLine(), field(t('meeting.status'), status),
    field(t('meeting.summary.shared'), summary, t('meeting.summary.hint')),
    field(t('meeting.notes.private'), notes, t('meeting.notes.hint')),
    h('button', { type: 'submit' }, t('meeting.record')));
  return onSubmit(form, () => api('PATCH', `/api/v1/cases/${c.id}/meetings/${m.id}`, {
    status: status.value, summary: summary.value || null, outcome_notes: notes.value || null,
  }), redraw);
}

// The lifecycle move a held meeting enables (src/domain/lifecycle.c): the
// pre-arrival meeting is what pre_arrival_met needs; the post-arrival one,
// with the needs assessed since arrival, what needs_assessed needs (the
// server says so beside the button when the assessment is still missing).
const enables = { pre_arrival: 'pre_arrival_met', post_arrival: 'needs_assessed' };

// One button for that move, on the last held meeting of its kind, while the
// case lists the move for its reader.
function enabledMove(c, rows, m, redraw) {
  const to = enables[m.kind];
  const last = rows.filter((x) => x.kind === m.kind && x.status === 'held').pop();
  if (!to || last !== m || !(c.moves || []).includes(to)) return null;
  const form = h('form', { class: 'stack' }, errorLine(),
    h('button', { type: 'submit' }, t('meeting.move', { state: word('state', to) })));
  return onSubmit(form, () => api('POST', `/api/v1/cases/${c.id}/transitions`, { to }), redraw);
}

async function meetings(panel, c, _state, redraw) {
  const { meetings: rows, proposed_checkins: proposed } = await api('GET', `/api/v1/cases/${c.id}/meetings`);
  const list = h('ul', { class: 'cards' }, rows.map((m) => h('li', { class: 'card', id: `meeting-${m.id}` },
    h('h3', {}, `${word('meeting', m.kind)} · ${fmtDateTime(m.starts_at)}`),
    dl([['meeting.mode', word('mode', m.mode)], ['meeting.status', word('mstatus', m.status)],
      ['meeting.place', m.place], ['meeting.interpreter', m.interpreter_language],
      ['meeting.summary', m.summary], ['meeting.notes', m.outcome_notes]]),
    h('a', { href: `/api/v1/cases/${c.id}/meetings/${m.id}.ics`, download: `meeting-${m.id}.ics` },
      t('meeting.calendar')),
    enabledMove(c, rows, m, redraw),
    can(m, 'record') ? recordForm(c, m, redraw) : null)));
  panel.append(rows.length ? list : h('p', { class: 'empty' }, t('meeting.none')));
  if (proposed && proposed.length)
    panel.append(h('p', {}, t('meeting.proposed', { dates: proposed.map(fmtDate).join(' · ') })));
  if (can(c, 'schedule_meeting'))
    panel.append(scheduleForm(c, redraw));
}

// One row a domain: its name, a level and a note, laid out as a grid that
// folds to two lines on a phone rather than squeezing a table.
function needsForm(c, redraw) {
  const rows = domains.map((d) => {
    const level = h('select', { name: `level-${d}`, 'aria-label': t('needs.level.of', { domain: word('domain', d) }) },
      h('option', { value: '' }, '—'), levels.map((l) => h('option', { value: l }, word('level', l))));
    const note = h('input', { name: `note-${d}`, type: 'text', maxlength: '2000',
      'aria-label': t('needs.note.of', { domain: word('domain', d) }) });
    return { d, level, note, row: h('li', { class: 'need-row' }, h('span', { class: 'need-domain' }, word('domain', d)),
      level, note) };
  });
  const form = h('form', { class: 'card', 'aria-labelledby': 'needs-title' },
    h('h3', { id: 'needs-title' }, t('needs.assess')), errorLine(),
    h('p', { class: 'hint' }, t('needs.assess.hint')), h('ul', { class: 'need-rows' }, rows.map((r) => r.row)),
    h('button', { type: 'submit' }, t('needs.submit')));
  return onSubmit(form, () => api('POST', `/api/v1/cases/${c.id}/needs`, {
    assessments: rows.filter((r) => r.level.value).map((r) => ({
      domain: r.d, level: r.level.value, ...(r.note.value ? { note: r.note.value } : {}),
    })),
  }), redraw);
}

async function needs(panel, c, _state, redraw) {
  const { needs: rows, withheld } = await api('GET', `/api/v1/cases/${c.id}/needs`);
  if (withheld.includes('needs'))
    panel.append(h('p', { class: 'notice-inline' }, t('needs.withheld')));
  else if (rows.length)
    panel.append(h('h3', {}, t('needs.current')), h('ul', { class: 'need-list' }, rows.map((n) => h('li', {},
      h('strong', {}, word('domain', n.domain)), ' ', h('span', { class: `level-${n.level}` }, word('level', n.level)),
      n.note ? written('p', n.note) : null,
      // a high or urgent need is what a referral is for: offer one from here
      ['high', 'urgent'].includes(n.level) && can(c, 'refer')
        ? h('a', { href: `#/cases/${c.id}/referrals?domain=${n.domain}`, class: 'action' },
          t('needs.refer', { domain: word('domain', n.domain) })) : null))));
  else
    panel.append(h('p', { class: 'empty' }, t('needs.none')));
  if (can(c, 'assess_needs'))
    panel.append(needsForm(c, redraw));
}

async function plan(panel, c, state, redraw) {
  const { tasks } = await api('GET', `/api/v1/cases/${c.id}/plan?lang=${current()}`);
  if (!tasks.length) {
    panel.append(h('p', { class: 'empty' }, t('plan.none')));
    return;
  }
  const own = { sponsor: 'sponsor', refugee: 'refugee' }[state.me.user.role];
  for (const party of ['sponsor', 'worker', 'refugee', 'shared']) {
    const mine = tasks.filter((k) => k.responsible === party);
    if (!mine.length) continue;
    panel.append(h('h3', {}, t(party === own ? 'plan.party.ours' : `plan.party.${party}`)), h('ul', { class: 'tasks' }, mine.map((k) => {
      const title = written('span', k.title, { class: 'title' });
      const late = k.due_on && k.due_on < today() && ['todo', 'doing'].includes(k.status);
      const due = h('span', { class: late ? 'due overdue' : 'due' }, k.due_on
        ? t(late ? 'plan.overdue' : 'plan.due', { date: fmtDate(k.due_on) }) : '');
      // another party's task is shown, not offered
      if (!can(k, 'progress'))
        return h('li', { class: `task-${k.status}`, id: `task-${k.id}` }, h('div', { class: 'task' }, title, due,
          h('span', { class: 'status' }, word('task', k.status))));
      const status = h('select', { name: 'status', 'aria-label': t('plan.status.of', { task: k.title }) },
        ['todo', 'doing', 'done', 'not_needed'].map((s) => h('option', { value: s, selected: s === k.status },
          word('task', s))));
      const form = h('form', { class: 'task' }, title, due, status,
        h('button', { type: 'submit', class: 'secondary' }, t('plan.save')), errorLine());
      return h('li', { class: `task-${k.status}`, id: `task-${k.id}` }, onSubmit(form, () => api('PATCH',
        `/api/v1/cases/${c.id}/plan/tasks/${k.id}`, { status: status.value }), redraw));
    })));
  }
}

const today = () => new Date().toISOString().slice(0, 10);

const classes = (list) => list.map((k) => word('class', k)).join(', ');

// What an audience sees whatever the family decides, and why, in plain words.
function seen(x) {
  if (x.always.length)
    return [h('p', {}, t('consent.always', { what: classes(x.always) })), h('p', { class: 'hint' }, t(`consent.why.${x.audience}`))];
  return [h('p', {}, t('consent.nothing')),
    x.with_any_consent.length ? h('p', { class: 'hint' }, t('consent.with_any', { what: classes(x.with_any_consent) })) : null];
}

// The family's page: who can see what, in plain words, and a switch for each
// choice that changes what someone sees (the server's `effects`): never for
// what an audience always sees or can never see.
function switches(panel, c, live, effects, redraw) {
  const error = errorLine();
  panel.append(h('p', {}, t('consent.explain')), error);
  for (const x of effects) {
    const aud = x.audience;
    const group = h('fieldset', { class: 'switches', id: `consent-${aud}` }, h('legend', {}, word('audience', aud)),
      h('p', { class: 'hint' }, t(`consent.who.${aud}`)), seen(x));
    for (const cls of x.choices) {
      const on = live.find((r) => r.audience === aud && r.data_class === cls);
      // a consent someone else recorded may not be the reader's to revoke
      const box = h('input', { type: 'checkbox', role: 'switch', name: `${aud}-${cls}`, checked: Boolean(on),
        'aria-checked': on ? 'true' : 'false', disabled: Boolean(on) && !can(on, 'revoke') });
      box.addEventListener('change', async () => {
        box.disabled = true;
        try {
          if (box.checked) await api('POST', `/api/v1/cases/${c.id}/consents`, { audience: aud, data_class: cls });
          else await api('DELETE', `/api/v1/cases/${c.id}/consents/${on.id}`);
          await redraw(`consent-${aud}`, t(box.checked ? 'consent.saved.on' : 'consent.saved.off', {
            audience: word('audience', aud), what: word('class', cls) }));
        } catch (err) {
          error.textContent = err.message;
          error.hidden = false;
          box.checked = !box.checked;
          box.disabled = false;
        }
      });
      group.append(h('label', { class: 'switch' }, box, ' ', t(`consent.what.${cls}`)));
    }
    panel.append(group);
  }
}

async function consents(panel, c, state, redraw) {
  const { consents: rows, effects } = await api('GET', `/api/v1/cases/${c.id}/consents`);
  const live = rows.filter((r) => r.in_force);
  // a worker records spoken consent through the API, naming the adult
  if (state.me.user.role === 'refugee' && can(c, 'grant_consent')) {
    switches(panel, c, live, effects, redraw);
    return;
  }
  panel.append(live.length ? h('ul', {}, live.map((r) => h('li', {},
    t('consent.line', { audience: word('audience', r.audience), what: word('class', r.data_class) }))))
    : h('p', { class: 'empty' }, t('consent.none')));
}

// The worker's referral: to an organization of the directory or a service
// named in words, for a need's domain (from a need, or from Today).
function referralForm(c, orgs, redraw) {
  const wanted = new URLSearchParams(location.hash.split('?')[1] || '').get('domain');
  const domain = h('select', { name: 'domain', required: true }, domains.map((d) => h('option', {
    value: d, selected: d === wanted }, word('domain', d))));
  const to = h('select', { name: 'to_org_id' }, h('option', { value: '' }, t('referral.service.other')),
    orgs.map((o) => h('option', { value: o.id }, o.name)));
  const service = h('input', { name: 'service', type: 'text', maxlength: '200' });
  const notes = h('textarea', { name: 'notes', rows: '2', maxlength: '4000' });
  const form = h('form', { class: 'stack card', id: 'refer', 'aria-labelledby': 'refer-title' },
    h('h3', { id: 'refer-title' }, t('referral.new')), errorLine(), field(t('referral.domain'), domain),
    field(t('referral.to'), to), field(t('referral.service'), service, t('referral.service.hint')),
    field(t('referral.notes'), notes, t('referral.notes.hint')), h('button', { type: 'submit' }, t('referral.send')));
  return onSubmit(form, () => api('POST', `/api/v1/cases/${c.id}/referrals`, {
    domain: domain.value, ...(to.value ? { to_org_id: Number(to.value) } : { service: service.value }),
    ...(notes.value ? { notes: notes.value } : {}),
  }), () => redraw('panel', t('referral.sent')));
}

async function referrals(panel, c, _state, redraw) {
  const [{ referrals: rows }, { organizations: orgs }] = await Promise.all([
    api('GET', `/api/v1/cases/${c.id}/referrals`), api('GET', '/api/v1/organizations')]);
  const name = (id) => orgs.find((o) => o.id === id)?.name || t('referral.org', { id });
  panel.append(rows.length ? h('ul', { class: 'cards' }, rows.map((r) => h('li', { class: 'card' },
    h('strong', {}, word('domain', r.domain)), ' · ', r.resource_id
      ? h('a', { href: `#/directory/${encodeURIComponent(r.resource_id)}?case=${c.id}`, dir: 'auto' }, r.service || r.resource_id)
      : r.service ? written('span', r.service) : name(r.to_org_id),
    ' · ', word('rstatus', r.status), h('p', { class: 'hint' }, t('referral.sent_on', { date: fmtDate(r.sent_on) })))))
    : h('p', { class: 'empty' }, t('referral.none')));
  // the directory, searched for this family, refers from a service's page
  if (can(c, 'refer'))
    panel.append(h('p', {}, h('a', { href: `#/directory?case=${c.id}`, class: 'action' }, t('referral.find'))));
  if (can(c, 'refer')) {
    const form = referralForm(c, orgs.filter((o) => o.kind !== 'lip' && o.kind !== 'funder'), redraw);
    panel.append(form);
    if (location.hash.includes('?domain=')) form.querySelector('select[name="to_org_id"]').focus({ preventScroll: false });
  }
}

async function messages(panel, c, state, redraw) {
  const { messages: rows } = await api('GET', `/api/v1/cases/${c.id}/messages`);
  panel.append(h('ol', { class: 'thread' }, rows.map((m) => h('li', { class: m.author_id === state.me.user.id ? 'mine' : null },
    h('p', { class: 'meta' }, m.author_name ? written('bdi', m.author_name) : null, m.author_name ? ' · ' : null,
      `${word('author', m.author_role)} · ${fmtDateTime(m.at)}`), m.body ? written('p', m.body, { class: 'prose' }) : null,
    // a service of the directory shared in the thread: a small card to its page
    m.resource ? h('p', { class: 'shared-service' }, t('message.shared'), ' ',
      h('a', { href: `#/directory/${encodeURIComponent(m.resource.id)}?case=${c.id}`, dir: 'auto' }, m.resource.name)) : null))));
  if (can(c, 'message')) {
    const body = h('textarea', { name: 'body', rows: '3', maxlength: '4000', required: true });
    const form = h('form', { class: 'stack' }, errorLine(), field(t('message.write'), body),
      h('button', { type: 'submit' }, t('message.send')));
    panel.append(onSubmit(form, () => api('POST', `/api/v1/cases/${c.id}/messages`, { body: body.value }), redraw));
  }
  if (rows.length)
    api('POST', `/api/v1/cases/${c.id}/messages/read`, { up_to: rows[rows.length - 1].id }).catch(() => {});
}

// One event of the history in words: a move, a consent, or what a later
// arrival notice changed (its columns, and where the expected arrival went).
function historyLine(e) {
  if (e.event === 'transition') {
    return t(e.from === e.to ? 'history.stay' : 'history.move', { from: word('state', e.from), to: word('state', e.to) });
  }
  if (e.event === 'notice') {
    return [say('history.notice', { ref: e.reference }), ' ', fmtList(e.columns.map((col) => t(`arrivals.column.${col}`))),
      e.expected_to ? [' · ', t('history.notice_moved', { from: fmtDate(e.expected_from), to: fmtDate(e.expected_to) })] : null];
  }
  return t(`history.${e.event}`, { audience: word('audience', e.audience), what: word('class', e.data_class) });
}

async function history(panel, c) {
  const { history: rows } = await api('GET', `/api/v1/cases/${c.id}/history`);
  panel.append(h('ol', { class: 'history' }, rows.map((e) => h('li', {}, h('time', { datetime: e.at }, fmtDateTime(e.at)),
    ' ', historyLine(e), e.reason ? written('p', e.reason, { class: 'reason' }) : null))));
}

const panels = { summary, people, meetings, needs, plan, consents, referrals, messages, history };
// The thread is only for those in it; the other tabs are for whoever may open the case.
const shown = (c) => tabs.filter((k) => k !== 'messages' || can(c, 'read_messages'));

// The object a link names (#/cases/ID/TAB/OBJECT): its card is brought into
// view and its first control takes focus, so a link from Today leads to the
// form concerned, not to the top of the case.
const objectPrefix = { meetings: 'meeting', plan: 'task' };

function focusObject(panel, tab, objectId) {
  const el = objectId && panel.querySelector(`#${objectPrefix[tab]}-${objectId}`);
  if (!el) return false;
  el.scrollIntoView({ block: 'start' });
  (el.querySelector('select, input, textarea, button') || el).focus({ preventScroll: true });
  return true;
}

// saved: after a save, the id of what was saved and the sentence to confirm
// it with; the page is then redrawn where it stands.
export async function render(main, state, id, tab, objectId, saved) {
  const redraw = (anchor, text) => render(main, state, id, tab, null, { anchor, text: text || t('saved') });
  let c;
  try {
    c = await api('GET', `/api/v1/cases/${id}`);
  } catch (err) {
    main.replaceChildren(h('h1', {}, t('case.title')), h('p', { class: 'form-error', role: 'alert' }, err.message));
    return;
  }
  if (!shown(c).includes(tab)) tab = 'summary';
  document.title = `${t('case.family', { name: c.family_name })} · ${t(`tab.${tab}`)} · tandem`;
  const panel = h('section', { id: 'panel', 'aria-labelledby': 'panel-title' },
    h('h2', { id: 'panel-title' }, t(`tab.${tab}`)));
  try {
    await panels[tab](panel, c, state, redraw);
  } catch (err) {
    clear(panel).append(h('h2', { id: 'panel-title' }, t(`tab.${tab}`)),
      h('p', { class: 'form-error', role: 'alert' }, err.message));
  }
  // Built whole before it replaces the page, so that a redraw does not move it.
  const y = window.scrollY;
  main.replaceChildren(...[
    h('h1', {}, t('case.family', { name: c.family_name }), ' ', h('span', { class: 'badge' }, word('state', c.status))),
    h('p', { class: 'case-ref' }, t('case.ref', { id: c.id }), c.sponsor_group_name ? ' · ' : null,
      c.sponsor_group_name ? written('bdi', c.sponsor_group_name) : null),
    c.withheld && c.withheld.length ? h('p', { class: 'notice-inline' },
      t('case.withheld', { classes: c.withheld.map((k) => word('class', k)).join(', ') })) : null,
    moves(c, redraw),
    h('nav', { class: 'tabs', 'aria-label': t('case.tabs') }, h('ul', {}, shown(c).map((k) => h('li', {},
      h('a', { href: `#/cases/${id}/${k}`, 'aria-current': k === tab ? 'page' : null }, t(`tab.${k}`)))))),
    panel,
  ].filter(Boolean));
  if (saved) {
    window.scrollTo(0, y);
    confirmSaved(document.getElementById(saved.anchor) || panel, saved.text);
    return true;
  }
  return focusObject(panel, tab, objectId);
}
