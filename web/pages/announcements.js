// announcements.js - the LIP's announcements. For everyone, those sent to
// them, on their first page, unread first, each marked read in one tap. For
// a LIP coordinator, a page to write one to chosen people of a community
// (by role, by organization, or both) in one language or more, and each
// one's read receipts: how many have read it, the organizations that have
// not yet, and their staff by name (never a family: the API counts them).
import { api } from '../lib/api.js';
import { confirmSaved, errorLine, field, h, showError, written } from '../lib/dom.js';
import { current, fmtDateTime, fmtList, fmtNumber, languageName, languages, t } from '../lib/i18n.js';

const audiences = ['spo_staff', 'sahs', 'sponsors', 'refugees'];
const can = (o, action) => Boolean(o.actions && o.actions.includes(action));

function urgentBadge(a) {
  return a.urgent ? [h('span', { class: 'badge urgent' }, t('announce.urgent')), ' '] : null;
}

// "Mark as read", then redraw what shows it, saying it was done.
function markRead(a, redraw) {
  // several on one page: each says which it marks
  const button = h('button', { type: 'button', class: 'secondary', 'aria-describedby': `announcement-${a.id}-title` },
    t('announce.mark_read'));
  const error = errorLine();
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await api('POST', `/api/v1/announcements/${a.id}/read`);
      await redraw(t('announce.marked'));
    } catch (err) {
      error.textContent = err.message;
      error.hidden = false;
      button.disabled = false;
    }
  });
  return h('div', {}, button, error);
}

// One sent to the reader, folded to its subject and day: its text in their
// language (the API picks it), and "mark as read" once opened.
function received(a, redraw) {
  const item = h('li', { class: a.read_at ? 'announcement read' : 'announcement', id: `announcement-${a.id}` });
  item.append(h('details', {}, h('summary', {},
    h('span', { id: `announcement-${a.id}-title` }, urgentBadge(a), written('span', a.subject, { lang: a.language })),
    ' · ', fmtDateTime(a.sent_at), a.read_at ? [' · ', t('announce.read')] : null),
  written('p', a.body, { class: 'announcement-body', lang: a.language }),
  can(a, 'mark_read') ? markRead(a, redraw) : null));
  return item;
}

// The card of those sent to the reader, unread first, then the last read
// ones; null when nothing was ever sent to them.
export async function receivedCard() {
  const section = h('section', { class: 'card', id: 'announcements-received',
    'aria-labelledby': 'announcements-received-title' });
  const draw = async (saved) => {
    const { announcements } = await api('GET', '/api/v1/announcements');
    const mine = announcements.filter((a) => a.received);
    const unread = mine.filter((a) => !a.read_at);
    const shown = [...unread, ...mine.filter((a) => a.read_at).slice(0, Math.max(0, 3 - unread.length))];
    section.replaceChildren(h('h2', { id: 'announcements-received-title' }, t('announce.received'), ' ',
      h('span', { class: 'count' }, fmtNumber(unread.length))),
    h('ul', { class: 'announcements' }, shown.map((a) => received(a, draw))));
    if (saved) confirmSaved(section, saved);
    return mine.length;
  };
  return (await draw()) ? section : null;
}

// The staff counted exactly (their names are on the receipts anyway); the
// sponsors and families as aggregates, which the API hides while small.
const readCount = (a) => t('announce.staff_read', { read: fmtNumber(a.counts.staff.read),
  of: fmtNumber(a.counts.staff.recipients) });

function othersLine(o) {
  if (o.recipients === null) return t('announce.others_few');
  if (o.read === null) return t('announce.others_few_read', { of: fmtNumber(o.recipients) });
  return t('announce.others', { read: fmtNumber(o.read), of: fmtNumber(o.recipients) });
}

// For the LIP coordinator's first page: the last ones sent, with their counts.
export async function sentCard() {
  const { announcements, actions } = await api('GET', '/api/v1/announcements');
  const sent = announcements.filter((a) => a.counts).slice(0, 5);
  if (!actions.includes('send') && !sent.length) return null;
  return h('section', { class: 'card', id: 'announcements-sent', 'aria-labelledby': 'announcements-sent-title' },
    h('h2', { id: 'announcements-sent-title' }, t('announce.sent')),
    sent.length ? h('ul', {}, sent.map((a) => h('li', {}, urgentBadge(a),
      h('a', { href: `#/announcements/${a.id}` }, written('span', a.subject)), ' · ', readCount(a))))
      : h('p', { class: 'empty' }, t('announce.none_sent')),
    actions.includes('send') ? h('p', {}, h('a', { href: '#/announcements', class: 'action' }, t('announce.write')))
      : null);
}

// A fieldset of checkboxes with its own error slot, named as the API names
// the field.
function checks(name, legend, items) {
  return h('fieldset', { class: 'checks', name, id: `an-${name}`, tabindex: '-1', 'aria-describedby': `an-${name}-err` },
    h('legend', {}, legend), h('div', { class: 'check-grid' }, items),
    h('p', { class: 'field-error', id: `an-${name}-err`, hidden: true }));
}

const box = (name, value, label) => h('label', { class: 'switch' },
  h('input', { type: 'checkbox', name, value }), ' ', label);
const ticked = (set) => [...set.querySelectorAll('input:checked')].map((i) => i.value);

// One text: its language, subject and body.
function textBlock(language, first) {
  const block = h('fieldset', { class: 'announcement-text' }, h('legend', {}, first ? t('announce.text')
    : t('announce.translation')));
  const lang = h('select', { name: first ? 'texts' : undefined }, languages.map((l) => h('option',
    { value: l, selected: l === language }, languageName(l))));
  const subject = h('input', { name: first ? 'subject' : undefined, required: true, maxlength: '150', dir: 'auto' });
  const body = h('textarea', { name: first ? 'body' : undefined, required: true, rows: '5', maxlength: '4000',
    dir: 'auto' });
  block.append(field(t('announce.language'), lang), field(t('announce.subject'), subject),
    field(t('announce.body'), body));
  block.entry = () => ({ language: lang.value, subject: subject.value, body: body.value });
  return block;
}

function composeForm(communities, orgs, to) {
  const where = h('select', { name: 'community_id' }, to.map((id) => h('option', { value: id },
    communities.find((c) => c.id === id)?.name || String(id))));
  const roles = checks('audience', t('announce.audience'), audiences.map((k) => box('audience', k,
    t(`event.audience.${k}`))));
  const named = checks('organization_ids', t('announce.organizations'), []);
  const drawOrgs = () => named.querySelector('.check-grid').replaceChildren(...orgs
    .filter((o) => (o.community_ids || []).includes(Number(where.value)) && o.kind !== 'lip')
    .map((o) => box('organization_ids', o.id, o.name)));
  where.addEventListener('change', drawOrgs);
  drawOrgs();
  const urgent = h('input', { type: 'checkbox', name: 'urgent' });
  const texts = [textBlock(current(), true)];
  const textList = h('div', {}, texts);
  const more = h('button', { type: 'button', class: 'secondary' }, t('announce.add_language'));
  more.addEventListener('click', () => {
    const used = texts.map((b) => b.entry().language);
    const next = textBlock(languages.find((l) => !used.includes(l)) || languages[0], false);
    texts.push(next);
    textList.append(next);
    more.hidden = texts.length >= languages.length;
    next.querySelector('select').focus();
  });
  const form = h('form', { class: 'stack card', id: 'new-announcement' }, errorLine(),
    h('h2', {}, t('announce.write')), field(t('announce.community'), where), roles, named,
    h('div', { class: 'field' }, h('label', { class: 'switch' }, urgent, ' ', t('announce.urgent_field')),
      h('p', { class: 'hint' }, t('announce.urgent_hint'))),
    textList, more, h('button', { type: 'submit' }, t('announce.send')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(form, null);
    try {
      const made = await api('POST', '/api/v1/announcements', {
        community_id: Number(where.value), audience: ticked(roles), organization_ids: ticked(named).map(Number),
        urgent: urgent.checked, texts: texts.map((b) => b.entry()),
      });
      location.hash = `#/announcements/${made.id}`;
    } catch (err) {
      showError(form, err);
    }
  });
  return form;
}

export async function render(main) {
  document.title = `${t('announce.title')} · tandem`;
  const section = h('section', { id: 'announcements' }, h('h1', {}, t('announce.title')));
  main.replaceChildren(section);
  try {
    const [list, { communities }, { organizations }] = await Promise.all([api('GET', '/api/v1/announcements'),
      api('GET', '/api/v1/communities'), api('GET', '/api/v1/organizations')]);
    if (can(list, 'send')) section.append(composeForm(communities, organizations, list.communities));
    const sent = list.announcements.filter((a) => a.counts);
    if (sent.length) {
      section.append(h('h2', {}, t('announce.sent')), h('ul', { class: 'cards' }, sent.map((a) => h('li',
        { class: 'card' }, h('h3', {}, urgentBadge(a), h('a', { href: `#/announcements/${a.id}` },
          written('span', a.subject))), h('p', {}, fmtDateTime(a.sent_at), ' · ', readCount(a))))));
    }
    const mine = await receivedCard();
    if (mine) section.append(mine);
    if (!sent.length && !mine && !can(list, 'send')) section.append(h('p', { class: 'empty' }, t('announce.none')));
  } catch (err) {
    section.append(h('p', { class: 'form-error', role: 'alert' }, err.message));
  }
}

// Who it went to and who has read it, for its sender.
function receipts(a) {
  const r = a.receipts;
  const notYet = r.organizations.filter((o) => !o.read);
  const person = (p) => h('li', {}, written('span', p.name), ' · ',
    p.read_at ? t('announce.read_on', { when: fmtDateTime(p.read_at) }) : t('announce.not_read'));
  const byOrg = r.organizations.map((o) => h('li', {}, h('h4', {}, written('span', o.name), ' · ',
    t('announce.read_by', { read: fmtNumber(o.read), of: fmtNumber(o.recipients) })),
  h('ul', {}, r.people.filter((p) => p.organization_id === o.id).map(person))));
  return h('section', { class: 'card', id: 'receipts', 'aria-labelledby': 'receipts-title' },
    h('h2', { id: 'receipts-title' }, t('announce.receipts')),
    h('p', { class: 'read-count' }, readCount(a)),
    h('h3', {}, t('announce.not_read_orgs')),
    notYet.length ? h('ul', { id: 'not-read-orgs' }, notYet.map((o) => h('li', {}, written('span', o.name))))
      : h('p', { class: 'empty' }, t('announce.all_orgs_read')),
    h('p', { class: 'hint', id: 'others-count' }, othersLine(r.others)),
    h('details', {}, h('summary', {}, t('announce.by_org')), h('ul', { class: 'receipts' }, byOrg)));
}

export async function renderOne(main, state, id, saved) {
  document.title = `${t('announce.title')} · tandem`;
  const section = h('section', { id: 'announcement' }, h('p', {}, h('a', { href: '#/announcements' },
    t('announce.back'))));
  main.replaceChildren(section);
  try {
    const a = await api('GET', `/api/v1/announcements/${id}`);
    const who = [...a.audience.map((k) => t(`event.audience.${k}`))];
    section.append(h('h1', { id: `announcement-${a.id}-title` }, urgentBadge(a),
      written('span', a.subject, { lang: a.language })),
      h('p', { class: 'hint' }, t('announce.sent_on', { when: fmtDateTime(a.sent_at) }),
        who.length ? [' · ', fmtList(who)] : null),
      ...a.texts.map((x) => h('article', { class: 'card', lang: x.language },
        h('h2', {}, languageName(x.language)), written('h3', x.subject), written('p', x.body,
          { class: 'announcement-body prose' }))));
    if (a.receipts) section.append(receipts(a));
    if (can(a, 'mark_read')) section.append(markRead(a, (text) => renderOne(main, state, id, text)));
    if (saved) confirmSaved(section, saved);
  } catch (err) {
    section.append(h('p', { class: 'form-error', role: 'alert' }, err.message));
  }
  return false;
}
