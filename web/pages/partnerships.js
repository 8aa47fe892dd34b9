// partnerships.js - an SPO manager's agreements with SAHs and with sponsor
// groups outside any SAH, a SAH coordinator's with SPOs, or a sponsor's
// (of such a group) with SPOs: for each, the other party, its state, its
// dates, the communities it covers, what may flow to the SPO and how new
// cases are referred, with the buttons its `actions` allow (approve, amend,
// end after a confirmation), and who does what under it (its clauses by
// party, its joint activities); then a form to draft a new one, from the
// template's clauses and activities or in the parties' own words.
import { api } from '../lib/api.js';
import { askFirst, confirmSaved, errorLine, field, h, say, showError, written } from '../lib/dom.js';
import { fmtDate, fmtList, fmtNumber, t, word } from '../lib/i18n.js';

// What an agreement may let flow to the SPO: never health or notes.
const flowing = ['identity', 'contact', 'status', 'needs'];
const rules = ['automatic', 'manual'];
const can = (obj, action) => Boolean(obj.actions && obj.actions.includes(action));
const today = () => new Date().toISOString().slice(0, 10);


// A group of checkboxes sent as one list; the fieldset carries the list's
// name, so an error naming it is shown beneath.
let uid = 0;
function checks(name, legend, options, chosen) {
  const id = `pf${++uid}`;
  return h('fieldset', { class: 'checks', name, id, tabindex: '-1', 'aria-describedby': `${id}-err` },
    h('legend', {}, legend),
    h('div', { class: 'check-grid' }, options.map(([value, label]) => h('label', { class: 'switch' },
      h('input', { type: 'checkbox', value, checked: chosen.includes(value) }), ' ', label))),
    h('p', { class: 'field-error', id: `${id}-err`, hidden: true }));
}

const checked = (set) => [...set.querySelectorAll('input:checked')].map((i) => i.value);

function ruleSelect(chosen) {
  return h('select', { name: 'referral_rule' }, rules.map((r) => h('option', { value: r, selected: r === chosen },
    t(`partnership.rule.${r}`))));
}

// The names of the page: organizations, groups and communities by id, and
// an agreement's sponsors' side (a SAH, or a group outside any SAH).
function namer(orgs, groups, communities) {
  const org = (id) => orgs.find((o) => o.id === id)?.name || t('referral.org', { id });
  const group = (id) => groups.find((g) => g.id === id)?.name || String(id);
  const community = (id) => communities.find((c) => c.id === id)?.name || String(id);
  const sponsors = (p) => (p.group_id ? group(p.group_id) : org(p.sah_org_id));
  return { org, group, community, sponsors };
}

// Names one after the other, each in its own isolate.
const among = (list) => list.map((n, i) => [i ? ', ' : null, written('bdi', n)]);

// The communities both organizations serve.
function shared(a, b) {
  return (a?.community_ids || []).filter((id) => (b?.community_ids || []).includes(id));
}

// Who does what: the clauses by party (the parties by name), then the joint
// activities. The template's read in the reader's language; the parties' own
// words as written, in their own direction. Folded on a phone when long.
// The party 'sah' is the sponsors' side: the SAH, or the group.
const parties = ['spo', 'sah', 'both'];
const partyName = (p, party, names) => (party === 'spo' ? names.org(p.spo_org_id) : names.sponsors(p));
const partyHeading = (party, name) => (party === 'both' ? t('partnership.terms.both')
  : say('partnership.terms.party', { name }));
const termItem = (x) => (x.key ? h('li', {}, x.text) : written('li', x.text));

function terms(p, names) {
  const clauses = p.clauses || [];
  const activities = p.activities || [];
  const count = clauses.length + activities.length;
  if (!count) return null;
  const groups = parties.map((party) => {
    const theirs = clauses.filter((c) => c.party === party);
    return theirs.length ? h('div', { class: `terms-group terms-${party}` },
      h('h4', {}, partyHeading(party, partyName(p, party, names))), h('ul', {}, theirs.map(termItem))) : null;
  });
  const phone = window.matchMedia('(max-width: 40rem)').matches;
  return h('details', { class: 'terms', open: !(phone && count > 4) },
    h('summary', {}, t('partnership.terms'), ' ', h('span', { class: 'count' }, fmtNumber(count))),
    groups, activities.length ? h('div', { class: 'terms-group terms-activities' },
      h('h4', {}, t('partnership.activities')), h('ul', {}, activities.map(termItem))) : null,
    p.status === 'active' ? h('p', { class: 'hint' }, t('partnership.terms.agreed')) : null);
}

function facts(p, names) {
  const pairs = [
    ['partnership.starts', fmtDate(p.starts_on)],
    ['partnership.ends', p.ends_on ? fmtDate(p.ends_on) : t('partnership.open_ended')],
    ['partnership.communities', among(p.community_ids.map(names.community))],
    ['partnership.classes', p.classes.length ? fmtList(p.classes.map((k) => word('class', k))) : t('partnership.nothing')],
    ['partnership.rule', t(`partnership.rule.${p.referral_rule}.long${p.group_id ? '.group' : ''}`)],
  ];
  return h('dl', { class: 'facts' }, pairs.map(([k, v]) => [h('dt', {}, t(k)), h('dd', {}, v)]));
}

// Who is still to approve a draft, in words.
function waiting(p, mine, names) {
  if (p.status !== 'draft') return null;
  const ours = mine === 'spo' ? p.spo_approved : p.sah_approved;
  return h('p', { class: 'notice-inline' }, ours
    ? say('partnership.waiting.them', { name: mine === 'spo' ? names.sponsors(p) : names.org(p.spo_org_id) })
    : t('partnership.waiting.us'));
}

// The terms of a draft as its drafter keeps or removes them: each clause a
// checkbox in its party's group, kept while checked, the template's not in
// the draft beside them unchecked; each activity the same; then a clause
// (party and own words) or an activity added to the list. label(party)
// names a party at the time of asking (the draft's other party may change).
const termKey = (x) => (x.key ? `k:${x.key}` : null);
const termBody = (x, clause) => (x.key ? { key: x.key } : clause ? { party: x.party, text: x.text } : { text: x.text });

function termsEditor(given, template, label) {
  const kept = new Map();
  const legends = [];
  const entry = (x, on, clause) => {
    const box = h('input', { type: 'checkbox', checked: on });
    kept.set(box, termBody(x, clause));
    return h('label', { class: 'switch' }, box, ' ', x.key ? h('span', {}, x.text) : written('bdi', x.text));
  };
  const merged = (list, tpl) => [...list.map((x) => [x, true]),
    ...tpl.filter((x) => !list.some((y) => termKey(y) && termKey(y) === termKey(x))).map((x) => [x, false])];
  const addBox = (legend, kind, control, before, add) => {
    const text = h('textarea', { rows: '2', maxlength: '1000', dir: 'auto' });
    const slot = field(t(`partnership.${kind}.words`), text, t('partnership.words.hint'));
    const error = slot.querySelector('.field-error');
    const button = h('button', { type: 'button', class: 'secondary' }, t(`partnership.${kind}.add`));
    button.addEventListener('click', () => {
      error.hidden = true;
      text.removeAttribute('aria-invalid');
      const words = text.value.trim();
      if (!words) {
        error.textContent = t('partnership.words.empty');
        error.hidden = false;
        text.setAttribute('aria-invalid', 'true');
        text.focus();
        return;
      }
      const added = add(words);
      text.value = '';
      added.querySelector('input').focus();
    });
    return h('div', { class: 'terms-add' }, h('p', { class: 'terms-add-title' }, legend), control, slot, before, button);
  };
  const set = (id, name, legend, ...rest) => h('fieldset', { class: 'checks terms-edit', name, id, tabindex: '-1',
    'aria-describedby': `${id}-err` }, h('legend', {}, legend), ...rest, h('p', { class: 'field-error', id: `${id}-err`, hidden: true }));

  // Clauses, by party.
  const groups = {};
  const all = merged(given.clauses, template.clauses);
  const partyGroups = parties.map((party) => {
    const legend = h('legend', {});
    legends.push([legend, party]);
    groups[party] = h('div', { class: 'term-list' }, all.filter(([x]) => x.party === party).map(([x, on]) => entry(x, on, true)));
    return h('fieldset', { class: 'terms-party' }, legend, groups[party]);
  });
  const who = h('select', {}, parties.map((party) => h('option', { value: party })));
  const relabel = () => {
    for (const [legend, party] of legends) legend.replaceChildren(...[partyHeading(party, label(party))].flat());
    for (const option of who.options) {
      option.textContent = option.value === 'both' ? t('partnership.terms.both.short') : label(option.value);
    }
  };
  const addClause = addBox(t('partnership.clause.add.title'), 'clause', field(t('partnership.clause.party'), who), null,
    (words) => {
      const added = entry({ party: who.value, text: words }, true, true);
      groups[who.value].append(added);
      return added;
    });
  const clauses = set(`pf${++uid}`, 'clauses', t('partnership.terms'), h('p', { class: 'hint' }, t('partnership.terms.hint')),
    partyGroups, addClause);

  // Activities.
  const acts = h('div', { class: 'term-list' }, merged(given.activities, template.activities).map(([x, on]) => entry(x, on, false)));
  const addActivity = addBox(t('partnership.activity.add.title'), 'activity', null, null, (words) => {
    const added = entry({ text: words }, true, false);
    acts.append(added);
    return added;
  });
  const activities = set(`pf${++uid}`, 'activities', t('partnership.activities'), acts, addActivity);
  relabel();
  const chosen = (fieldset) => [...fieldset.querySelectorAll('.term-list input:checked')].map((box) => kept.get(box));
  return {
    nodes: [clauses, activities],
    relabel,
    value: () => ({ clauses: chosen(clauses), activities: chosen(activities) }),
  };
}

function approveForm(p, done) {
  const form = h('form', { class: 'inline-form' }, errorLine(),
    h('button', { type: 'submit' }, t('partnership.approve')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(form, null);
    try {
      await api('POST', `/api/v1/partnerships/${p.id}/approve`);
      await done(`partnership-${p.id}`, t('partnership.approved'));
    } catch (err) {
      showError(form, err);
    }
  });
  return form;
}

// Ending is for good: a first button asks, a second ends.
function endControl(p, other, done) {
  return askFirst({ ask: t('partnership.end'), question: say('partnership.end.confirm', { name: other }),
    yes: t('partnership.end.yes'), no: t('partnership.end.no') }, async () => {
    await api('POST', `/api/v1/partnerships/${p.id}/end`);
    await done(`partnership-${p.id}`, say('partnership.ended', { name: other }));
  });
}

// The amendment of an agreement: its communities, classes and rule. One in
// force only narrows; where it would widen, the page offers the successor.
function amendForm(p, both, names, template, done, successor) {
  const where = checks('community_ids', t('partnership.communities'),
    both.map((id) => [String(id), names.community(id)]), p.community_ids.map(String));
  const what = checks('classes', t('partnership.classes'), flowing.map((k) => [k, word('class', k)]), p.classes);
  const rule = ruleSelect(p.referral_rule);
  const error = errorLine();
  // A draft's terms are amended with it; an agreement's in force are agreed.
  const editor = p.status === 'draft'
    ? termsEditor(p, template, (party) => partyName(p, party, names)) : null;
  const form = h('form', { class: 'stack' }, error,
    p.status === 'active' ? h('p', { class: 'hint' }, t('partnership.amend.narrow')) : null,
    where, what, field(t('partnership.rule'), rule),
    editor ? editor.nodes : h('p', { class: 'hint terms-agreed' }, t('partnership.terms.agreed')),
    h('button', { type: 'submit' }, t('partnership.amend.save')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(form, null);
    const body = { community_ids: checked(where).map(Number), classes: checked(what), referral_rule: rule.value,
      ...(editor ? editor.value() : {}) };
    try {
      await api('PATCH', `/api/v1/partnerships/${p.id}`, body);
      await done(`partnership-${p.id}`, t('partnership.amended'));
    } catch (err) {
      showError(form, err);
      if (err.code === 'amendment_widens') {
        const offer = h('button', { type: 'button', class: 'secondary' }, t('partnership.successor'));
        offer.addEventListener('click', () => successor({ ...p, ...body, clauses: p.clauses, activities: p.activities }));
        error.append(' ', offer);
      }
    }
  });
  return h('details', { class: 'amend' }, h('summary', {}, t('partnership.amend')), form);
}

// The communities an agreement may cover: those both parties serve; with a
// group, which serves no area of its own, those the SPO serves.
function coverable(p, orgs) {
  const spo = orgs.find((o) => o.id === p.spo_org_id);
  return p.group_id ? [...(spo?.community_ids || [])] : shared(spo, orgs.find((o) => o.id === p.sah_org_id));
}

function card(p, ctx) {
  const { names, mine, orgs, template, done, successor } = ctx;
  const other = mine === 'spo' ? names.sponsors(p) : names.org(p.spo_org_id);
  const both = coverable(p, orgs);
  return h('li', { class: 'card partnership', id: `partnership-${p.id}` },
    h('h3', {}, written('span', other), ' ', h('span', { class: `badge status-${p.status}` }, t(`partnership.status.${p.status}`))),
    facts(p, names), terms(p, names), waiting(p, mine, names),
    h('div', { class: 'buttons' }, can(p, 'approve') ? approveForm(p, done) : null,
      can(p, 'end') ? endControl(p, other, done) : null),
    can(p, 'amend') ? amendForm(p, both, names, template, done, successor) : null);
}

// The parties the reader may draft with, each as the agreement it would
// make ({ spo_org_id, sah_org_id, group_id }, the other side named): an SPO
// with the SAHs that share a community with it and the groups outside any
// SAH in the communities it serves; a SAH, or such a group, with the SPOs
// serving a community of its.
function candidates(own, mine, orgs, groups) {
  const byName = (a, b) => a.name.localeCompare(b.name);
  if (mine === 'spo') {
    const sahs = orgs.filter((o) => o.kind === 'sah' && shared(own, o).length).sort(byName)
      .map((o) => ({ key: `sah:${o.id}`, name: o.name, pair: { spo_org_id: own.id, sah_org_id: o.id, group_id: null } }));
    const outside = groups.filter((g) => !g.sah_org_id && own.community_ids.includes(g.community_id)).sort(byName)
      .map((g) => ({ key: `group:${g.id}`, name: g.name, pair: { spo_org_id: own.id, sah_org_id: null, group_id: g.id } }));
    return [['partnership.party.sahs', sahs], ['partnership.party.groups', outside]];
  }
  const where = mine === 'group' ? [own.community_id] : own.community_ids;
  const spos = orgs.filter((o) => o.kind === 'spo' && o.community_ids.some((c) => where.includes(c))).sort(byName)
    .map((o) => ({ key: `spo:${o.id}`, name: o.name,
      pair: { spo_org_id: o.id, sah_org_id: mine === 'sah' ? own.id : null, group_id: mine === 'group' ? own.id : null } }));
  return [[null, spos]];
}

// The draft: the other party among the candidates, then the communities the
// pair may cover (a group's own community ticked to start with).
function draftForm(own, mine, orgs, groups, names, template, done) {
  const sets = candidates(own, mine, orgs, groups);
  const all = sets.flatMap(([, list]) => list);
  const keyOf = (p) => (mine !== 'spo' ? `spo:${p.spo_org_id}` : p.group_id ? `group:${p.group_id}` : `sah:${p.sah_org_id}`);
  const option = (c) => h('option', { value: c.key }, c.name);
  const party = h('select', { name: mine === 'spo' ? 'sah_org_id' : 'spo_org_id', required: true },
    sets.map(([label, list]) => (label ? (list.length ? h('optgroup', { label: t(label) }, list.map(option)) : null)
      : list.map(option))));
  const chosenPair = () => all.find((c) => c.key === party.value)?.pair;
  const whereSlot = h('div', {});
  let where = null;
  const drawWhere = (chosen) => {
    const pair = chosenPair();
    const start = chosen || (pair.group_id ? [groups.find((g) => g.id === pair.group_id)?.community_id] : []);
    where = checks('community_ids', t('partnership.communities'),
      coverable(pair, orgs).map((id) => [String(id), names.community(id)]), start.map(String));
    whereSlot.replaceChildren(where);
  };
  // Who does what: the template's to start from; the other party named as chosen.
  const label = (side) => partyName(chosenPair(), side, names);
  const termsSlot = h('div', { class: 'stack' });
  let editor = null;
  const drawTerms = (given) => {
    editor = termsEditor(given, template, label);
    termsSlot.replaceChildren(...editor.nodes);
  };
  if (!all.length) return { form: h('p', { class: 'empty', id: 'draft' }, t('partnership.draft.none')), fill: () => {} };
  drawTerms(template);
  party.addEventListener('change', () => { drawWhere(); editor.relabel(); });
  drawWhere();
  const what = checks('classes', t('partnership.classes'), flowing.map((k) => [k, word('class', k)]), ['status']);
  const starts = h('input', { name: 'starts_on', type: 'date', required: true, value: today() });
  const ends = h('input', { name: 'ends_on', type: 'date' });
  const rule = ruleSelect('automatic');
  const kind = mine === 'spo' ? 'sponsors' : 'spo';
  const form = h('form', { class: 'stack card', id: 'draft', 'aria-labelledby': 'draft-title' },
    h('h2', { id: 'draft-title' }, t('partnership.draft')), h('p', { class: 'hint' }, t('partnership.draft.hint')),
    errorLine(), field(t(`partnership.party.${kind}`), party), whereSlot, what,
    h('p', { class: 'hint' }, t('partnership.classes.hint')),
    field(t('partnership.starts'), starts), field(t('partnership.ends'), ends, t('partnership.ends.hint')),
    field(t('partnership.rule'), rule), termsSlot, h('button', { type: 'submit' }, t('partnership.draft.submit')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(form, null);
    const pair = chosenPair();
    const body = {
      spo_org_id: pair.spo_org_id, ...(pair.group_id ? { group_id: pair.group_id } : { sah_org_id: pair.sah_org_id }),
      starts_on: starts.value, ends_on: ends.value || null, community_ids: checked(where).map(Number),
      classes: checked(what), referral_rule: rule.value, ...editor.value(),
    };
    try {
      await api('POST', '/api/v1/partnerships', body);
      await done('partnerships', say('partnership.drafted', { name: all.find((c) => c.key === party.value).name }));
    } catch (err) {
      showError(form, err);
    }
  });
  // A successor to an agreement in force: the draft filled with its terms,
  // its other party offered even where the list would not (a group's
  // agreement may cover a community away from the group's own).
  const fill = (p) => {
    const key = keyOf(p);
    if (!all.some((c) => c.key === key)) {
      const pair = { spo_org_id: p.spo_org_id, sah_org_id: p.sah_org_id, group_id: p.group_id };
      all.push({ key, name: mine === 'spo' ? names.sponsors(p) : names.org(p.spo_org_id), pair });
      party.append(h('option', { value: key }, all.at(-1).name));
    }
    party.value = key;
    drawWhere(p.community_ids);
    for (const box of what.querySelectorAll('input')) box.checked = p.classes.includes(box.value);
    rule.value = p.referral_rule;
    drawTerms({ clauses: p.clauses || [], activities: p.activities || [] });
    party.focus();
  };
  return { form, fill };
}

// The side the reader speaks for: an SPO's manager, a SAH's coordinator, or
// a sponsor of a group outside any SAH (a sponsor of a SAH's group has the
// SAH's agreements, and none of its own).
const sides = { spo_manager: 'spo', sah_coordinator: 'sah', sponsor: 'group' };

function ownSide(mine, me, orgs, groups) {
  if (mine === 'group') return groups.find((g) => !g.sah_org_id && me.memberships.sponsor_groups.includes(g.id));
  return orgs.find((o) => o.kind === mine && me.memberships.organizations.includes(o.id));
}

export async function render(main, state, saved) {
  document.title = `${t('partnership.title')} · tandem`;
  const mine = sides[state.me.user.role] || 'sah';
  const section = h('section', { id: 'partnerships' }, h('h1', {}, t('partnership.title')),
    h('p', {}, t(mine === 'group' ? 'partnership.intro.group' : 'partnership.intro')));
  main.replaceChildren(section);
  let partnerships;
  let orgs;
  let groups;
  let communities;
  let template;
  try {
    [{ partnerships }, { organizations: orgs }, { sponsor_groups: groups }, { communities }, template] = await Promise.all([
      api('GET', '/api/v1/partnerships'), api('GET', '/api/v1/organizations'), api('GET', '/api/v1/sponsor-groups'),
      api('GET', '/api/v1/communities'), api('GET', '/api/v1/partnerships/template')]);
  } catch (err) {
    section.append(h('p', { class: 'form-error', role: 'alert' }, err.message));
    return;
  }
  const own = ownSide(mine, state.me, orgs, groups);
  const names = namer(orgs, groups, communities);
  const done = (anchor, text) => render(main, state, { anchor, text });
  const draft = own ? draftForm(own, mine, orgs, groups, names, template, done) : null;
  const successor = (p) => {
    draft.fill(p);
    draft.form.scrollIntoView({ block: 'start' });
  };
  const ctx = { names, mine, orgs, template, done, successor };
  // In force first, then drafts, then the ended ones.
  const order = { active: 0, draft: 1, ended: 2 };
  const list = [...partnerships].sort((a, b) => order[a.status] - order[b.status] || a.id - b.id);
  section.append(h('h2', {}, t('partnership.yours')), list.length
    ? h('ul', { class: 'cards' }, list.map((p) => card(p, ctx)))
    : h('p', { class: 'empty' }, t(mine === 'group' && !own ? 'partnership.none.under_sah' : 'partnership.none')));
  if (draft) section.append(draft.form);
  if (saved) {
    confirmSaved(document.getElementById(saved.anchor) || section, saved.text);
    return true;
  }
  return false;
}
