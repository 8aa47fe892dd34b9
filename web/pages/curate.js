// curate.js - a curator's corrections of one service: its own fields, its
// phone, its address, the languages it is offered in and its opening hours,
// each sent only when changed, in one PATCH the server checks as a whole.
import { api } from '../lib/api.js';
import { field, h, showError } from '../lib/dom.js';
import { t, weekday } from '../lib/i18n.js';
import { checks, named, ticked } from './profile.js';

const editable = [['name', 'input'], ['alternate_name', 'input'], ['description', 'textarea'], ['url', 'input'],
  ['email', 'input'], ['fees_description', 'textarea'], ['eligibility_description', 'textarea'],
  ['application_process', 'textarea'], ['interpretation_services', 'textarea']];
const statuses = ['active', 'temporarily closed', 'inactive', 'defunct'];
// RFC 5545 days, Monday first as opening hours are read.
const week = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

// An imported time may carry its offset ("09:00Z"); the form edits its hours
// and minutes, and an hour is sent again only when they change.
const hhmm = (time) => (time || '').slice(0, 5);

const text = (name, value, attrs = {}) => h('input', { name, type: 'text', value: value || '', dir: 'auto', ...attrs });

// One opening hour: its days, times and words; an empty one adds an hour.
function hourRow(x, n) {
  const days = (x.byday || '').split(',');
  return h('fieldset', { class: 'checks hour', 'data-hour': String(n) },
    h('legend', {}, t('curate.hour', { n })),
    h('div', { class: 'check-grid' }, week.map((d) => h('label', { class: 'switch' },
      h('input', { type: 'checkbox', name: `day${n}`, value: d, checked: days.includes(d) }), ' ', weekday(d, 'short')))),
    h('div', { class: 'hour-times' },
      field(t('curate.opens'), h('input', { name: `opens${n}`, type: 'time', value: hhmm(x.opens_at) })),
      field(t('curate.closes'), h('input', { name: `closes${n}`, type: 'time', value: hhmm(x.closes_at) }))),
    field(t('curate.hour.words'), text(`words${n}`, x.description, { maxlength: '200' }), t('curate.hour.words.hint')));
}

// The first hour that closes before it opens, said under its closing time
// before anything is sent; true when there is one.
function badHour(form, n) {
  for (let i = 1; i <= n; i++) {
    const [opens, closes] = [`opens${i}`, `closes${i}`].map((k) => form.elements[k].value);
    if (opens && closes && closes <= opens) {
      showError(form, { field: `closes${i}`, message: t('curate.closes.after', { n: i }) });
      return true;
    }
  }
  return false;
}

function hoursOf(form, n) {
  const out = [];
  for (let i = 1; i <= n; i++) {
    const byday = ticked(form, `day${i}`).join(',');
    const [opens, closes, words] = [`opens${i}`, `closes${i}`, `words${i}`].map((k) => form.elements[k].value.trim());
    if (!byday && !opens && !closes && !words) continue;
    out.push({ ...(byday || opens || closes ? { byday, opens_at: opens, closes_at: closes } : {}),
      ...(words ? { description: words } : {}) });
  }
  return out;
}

const hourKey = (list) => JSON.stringify(list.map((x) => [x.byday || '', hhmm(x.opens_at), hhmm(x.closes_at),
  x.description || '']));
const sameHours = (a, b) => hourKey(a) === hourKey(b);

// The place's address as the form has it, over the place as it was.
function placeOf(form, l) {
  const v = (k) => form.elements[k].value.trim() || null;
  return { type: l.type, community_id: l.community_id, name: l.name || null, address_1: v('address_1'),
    address_2: v('address_2'), city: v('city'), state_province: l.address?.state_province || 'ON',
    postal_code: v('postal_code'), country: l.address?.country || 'CA' };
}

export async function editForm(s, redraw) {
  const codes = await api('GET', '/api/v1/languages').then((r) => r.languages).catch(() => []);
  const controls = editable.map(([name, tag]) => [name, tag === 'input'
    ? h('input', { name, type: name === 'url' ? 'url' : name === 'email' ? 'email' : 'text', value: s[name] || '',
      required: name === 'name', maxlength: '1000', dir: 'auto' })
    : h('textarea', { name, rows: '3', maxlength: '4000', dir: 'auto' }, s[name] || '')]);
  const status = h('select', { name: 'status' }, statuses.map((v) => h('option', { value: v, selected: v === s.status },
    t(`directory.status.${v.replace(' ', '_')}`))));
  const phone = s.phones?.[0] || {};
  const place = (s.locations || [])[0];
  const address = place && place.type !== 'virtual' ? place.address || {} : null;
  const langs = (s.languages || []).map((l) => l.code);
  const notes = new Map((s.languages || []).map((l) => [l.code, l.note]));
  const hours = s.schedules || [];
  const rows = [...hours, {}].map((x, i) => hourRow(x, i + 1));
  const form = h('form', { class: 'stack' }, h('p', { class: 'form-error', hidden: true, tabindex: '-1' }),
    controls.map(([name, el]) => field(t(`service.field.${name}`), el)), field(t('service.field.status'), status),
    h('h3', {}, t('service.phones')),
    field(t('curate.phone'), h('input', { name: 'number', type: 'tel', value: phone.number || '', dir: 'ltr',
      maxlength: '40' })),
    field(t('curate.extension'), h('input', { name: 'extension', type: 'text', value: phone.extension || '', dir: 'ltr',
      maxlength: '20' })),
    address ? [h('h3', {}, t('curate.address')),
      field(t('curate.address_1'), text('address_1', address.address_1, { required: true, maxlength: '200' })),
      field(t('curate.address_2'), text('address_2', address.address_2, { maxlength: '200' })),
      field(t('curate.city'), text('city', address.city, { required: true, maxlength: '200' })),
      field(t('curate.postal_code'), text('postal_code', address.postal_code, { required: true, maxlength: '20' }))] : null,
    checks(t('service.languages'), 'languages', named(codes.length ? codes : langs), langs, t('curate.languages.hint')),
    h('h3', {}, t('service.hours')), rows,
    h('button', { type: 'submit' }, t('service.edit.submit')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(form, null);
    form.closest('.curation')?.querySelector(':scope > .saved')?.remove();
    if (badHour(form, rows.length)) return;
    const patch = {};
    for (const [name, el] of controls) if (el.value !== (s[name] || '')) patch[name] = el.value || null;
    if (status.value !== s.status) patch.status = status.value;
    const number = form.elements.number.value.trim();
    const extension = form.elements.extension.value.trim();
    if (number && (number !== (phone.number || '') || extension !== (phone.extension || '')))
      patch.phone = { number, extension: extension || null, type: phone.type || null };
    if (address) {
      const next = placeOf(form, place);
      if (['address_1', 'address_2', 'city', 'postal_code'].some((k) => (next[k] || '') !== (address[k] || '')))
        patch.location = next;
    }
    const chosen = ticked(form, 'languages');
    if ([...chosen].sort().join(',') !== [...langs].sort().join(','))
      patch.languages = chosen.map((code) => (notes.get(code) ? { code, note: notes.get(code) } : code));
    const nextHours = hoursOf(form, rows.length);
    if (!sameHours(nextHours, hours)) patch.schedules = nextHours;
    try {
      if (Object.keys(patch).length) await api('PATCH', `/api/v1/resources/${encodeURIComponent(s.id)}`, patch);
      await redraw(t('service.edited'));
    } catch (err) {
      // the server names a member ("schedules.byday", "location.city"); the form, its control
      showError(form, { field: controlOf(err.field), message: err.message });
    }
  });
  return h('details', { class: 'moves-box', id: 'edit' }, h('summary', {}, t('service.edit')), form);
}

// The control a field the server names stands for, where the form has one;
// of the hours, the server does not say which, so the form says it.
function controlOf(name) {
  if (!name || name.startsWith('schedules')) return null;
  if (name.startsWith('location.')) return name.slice(9);
  return { 'phone.number': 'number', 'phone.extension': 'extension' }[name] || name;
}
