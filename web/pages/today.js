// today.js - what needs attention now, most urgent first, each with its
// reason and a link to the very form or tab that deals with it: the first
// page of a worker and of a SAH coordinator (which of its groups' cases are
// behind, and on what), and a manager's list of the agency's.
import { api } from '../lib/api.js';
import { h, written } from '../lib/dom.js';
import { fmtDate, fmtNumber, t, word } from '../lib/i18n.js';
import { receivedCard } from './announcements.js';
import { toVerify } from './directory.js';
import { groupsCard } from './workgroups.js';
import { noPartnerSection } from './handon.js';

// Where each reason is dealt with, for a reader who may act on it; a SAH
// coordinator reads the case (its summary, its plan).
function target(f, role) {
  const c = `#/cases/${f.case_id}`;
  if (role === 'sah_coordinator') return f.kind === 'tasks_overdue' ? `${c}/plan` : c;
  switch (f.kind) {
  case 'pre_arrival_overdue': return `${c}/meetings`;
  case 'needs_overdue': return `${c}/needs`;
  case 'meeting_without_outcome': return `${c}/meetings/${f.meeting_id}`;
  case 'needs_without_referral': return `${c}/referrals?domain=${f.domain}`;
  case 'message_unanswered': return `${c}/messages`;
  case 'tasks_overdue': return `${c}/plan`;
  case 'referred':
  case 'unassigned': return role === 'spo_manager' ? '#/agency' : c;
  default: return c;
  }
}

export function reason(f) {
  if (f.kind === 'needs_without_referral')
    return t('followup.need', { level: word('level', f.level), domain: word('domain', f.domain), date: fmtDate(f.due) });
  if (f.kind === 'tasks_overdue')
    return t(f.tasks > 1 ? 'followup.tasks_overdue' : 'followup.task_overdue',
      { count: fmtNumber(f.tasks), task: f.task, date: fmtDate(f.due) });
  return t(`followup.${f.kind}`, { date: fmtDate(f.due) });
}

function who(f, role) {
  return h('p', { class: 'who' }, h('a', { href: target(f, role) }, t('case.family', { name: f.family_name })),
    ' ', h('span', { class: 'case-ref' }, t('case.ref', { id: f.case_id }),
      f.group_name ? ' · ' : null, f.group_name ? written('bdi', f.group_name) : null));
}

// One item a reason, for those who act on each.
function items(followups, role) {
  return followups.map((f) => h('li', { class: f.rank <= 1 ? 'urgent' : null }, who(f, role),
    h('p', {}, reason(f), f.rank <= 1 ? [' ', h('span', { class: 'badge' }, t('today.urgent'))] : null)));
}

// What a case is behind on, in a few words: the SAH coordinator scans many
// cases and opens one to read more.
function short(f) {
  const key = f.kind === 'tasks_overdue' && f.tasks === 1 ? 'task_overdue' : f.kind;
  return t(`followup.short.${key}`, { count: fmtNumber(f.tasks || 0), date: fmtDate(f.due) });
}

// For the SAH: its groups, the one with the most urgent case first, and under
// each a line a case behind with all it is behind on.
function byGroup(followups, role) {
  const groups = new Map();
  for (const f of followups) {
    const g = groups.get(f.group_name) || new Map();
    g.set(f.case_id, [...(g.get(f.case_id) || []), f]);
    groups.set(f.group_name, g);
  }
  return [...groups].map(([name, cases]) => h('section', { class: 'group-behind' },
    h('h2', {}, name ? written('bdi', name) : t('today.no_group')),
    h('ol', { class: 'followups by-case' }, [...cases.values()].map((fs) => h('li',
      { class: fs[0].rank <= 1 ? 'urgent' : null },
      h('a', { href: target(fs[0], role) }, t('case.family', { name: fs[0].family_name })), ' ',
      h('span', { class: 'case-ref' }, t('case.ref', { id: fs[0].case_id })), ': ',
      fs.map(short).join(t('list.separator')))))));
}

export async function render(main, state) {
  const role = state.me.user.role;
  document.title = `${t('today.title')} · tandem`;
  const list = h('ol', { class: 'followups' });
  const intro = h('p', {}, t(`today.intro.${role}`));
  const section = h('section', {}, h('h1', {}, t('today.title')), intro, list);
  main.replaceChildren(section);
  // The SAH's cases no agreement routed: only the SAH can find them an agency.
  if (role === 'sah_coordinator') intro.before(await noPartnerSection(state));
  try {
    const { followups } = await api('GET', '/api/v1/followups');
    if (!followups.length) list.replaceWith(h('p', { class: 'empty' }, t('today.empty')));
    else if (role === 'sah_coordinator') list.replaceWith(...byGroup(followups, role));
    else list.append(...items(followups, role));
  } catch (err) {
    section.append(h('p', { class: 'form-error', role: 'alert' }, err.message));
  }
  // SPO staff curate the directory too
  if (role !== 'sah_coordinator') section.append(...[await toVerify()].filter(Boolean));
  // what the LIP announced, after the day's work
  section.append(...[await receivedCard(), await groupsCard()].filter(Boolean));
}
