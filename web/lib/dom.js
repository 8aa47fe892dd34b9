// dom.js - building elements without innerHTML: every text from the server
// becomes a text node, so nothing it says can turn into markup.
import { fmtDate, fmtNumber, t } from './i18n.js';

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  if (tag === 'form') checkBeforeSubmit(el);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

// A labelled form control: the label's for, the control's id, a described-by
// slot for its error message.
let uid = 0;
export function field(label, control, hint) {
  const id = control.id || `f${++uid}`;
  control.id = id;
  const err = h('p', { class: 'field-error', id: `${id}-err`, hidden: true });
  control.setAttribute('aria-describedby', `${id}-err`);
  return h('div', { class: 'field' }, h('label', { for: id }, label), hint ? h('p', { class: 'hint' }, hint) : null,
    control, err);
}

// Shows an API error next to what caused it: the named field, else the form.
export function showError(form, err) {
  for (const e of form.querySelectorAll('.field-error, .form-error')) { e.hidden = true; e.textContent = ''; }
  for (const c of form.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
  if (!err) return;
  const control = err.field ? form.querySelector(`[name="${CSS.escape(err.field)}"]`) : null;
  const slot = control ? form.querySelector(`#${CSS.escape(control.id)}-err`) : form.querySelector('.form-error');
  if (control) control.setAttribute('aria-invalid', 'true');
  if (slot) { slot.textContent = err.message; slot.hidden = false; }
  // A form-wide error takes the focus too, so that a long form on a phone
  // scrolls to it and a screen reader reads it.
  if (slot && !control && !slot.hasAttribute('tabindex')) slot.tabIndex = -1;
  (control || slot)?.focus?.();
}

// What is wrong with a control the browser's own checks refuse, in the
// page's language (the browser would say it in its own).
function invalidity(c) {
  const v = c.validity;
  const bound = (x) => (c.type === 'date' ? fmtDate(x) : fmtNumber(Number(x)));
  if (v.valueMissing) return t('form.required');
  if (v.typeMismatch) return t(c.type === 'email' ? 'form.email' : 'form.url');
  if (v.rangeUnderflow) return t('form.min', { min: bound(c.min) });
  if (v.rangeOverflow) return t('form.max', { max: bound(c.max) });
  if (v.tooLong) return t('form.too_long', { max: fmtNumber(c.maxLength) });
  if (v.tooShort) return t('form.too_short', { min: fmtNumber(c.minLength) });
  return t('form.invalid');
}

// Every form checks its controls before its own submit handler runs (this
// listener is the first added), and says what is wrong next to each.
function checkBeforeSubmit(form) {
  form.noValidate = true;
  form.addEventListener('submit', (ev) => {
    const bad = [...form.elements].filter((c) => c.willValidate && !c.checkValidity());
    if (!bad.length) return;
    ev.preventDefault();
    ev.stopImmediatePropagation();
    showError(form, null);
    for (const c of bad) {
      const slot = form.querySelector(`#${CSS.escape(c.id || '-')}-err`) || form.querySelector('.form-error');
      c.setAttribute('aria-invalid', 'true');
      if (slot && slot.hidden) { slot.textContent = invalidity(c); slot.hidden = false; }
    }
    bad[0].focus();
  });
}

// Text that reads left to right on any page: a phone number, an e-mail address.
export const ltr = (text) => (text ? h('bdi', { dir: 'ltr' }, text) : text);

// Text a person wrote, in whatever language: its own first strong letter
// sets its direction, so its full stops stay at its end on any page.
export const written = (tag, text, attrs = {}) => h(tag, { dir: 'auto', ...attrs }, text);

// A catalog sentence with names in it: each name (an organization's, a
// family's, a place's) stands in its own isolate, <bdi dir=auto>, so that a
// Latin name in an Arabic sentence does not carry the full stop to its side.
// A number stands as it is, a node as it is. Returns nodes for h().
export function say(key, vars = {}) {
  return t(key).split(/\{(\w+)\}/).map((part, i) => {
    if (i % 2 === 0) return part;
    const v = vars[part];
    if (v === undefined || v === null) return `{${part}}`;
    if (v instanceof Node || typeof v === 'number') return v;
    return written('bdi', v);
  }).filter((part) => part !== '');
}

// After a save: a confirmation inside where, read out and focused without
// moving the page.
export function confirmSaved(where, text) {
  where.querySelector(':scope > .saved')?.remove();
  const note = h('p', { class: 'saved', role: 'status', tabindex: '-1' }, text);
  where.append(note);
  note.focus({ preventScroll: true });
  return note;
}

// A form's own error line, hidden until showError or a refusal fills it.
export function errorLine() {
  return h('p', { class: 'form-error', role: 'alert', tabindex: '-1', hidden: true });
}

// An action done for good: a first button (ask) asks the question, which
// takes the focus; "yes" runs act, "no" gives the focus back. An error of
// act is read out beneath, and "yes" may be pressed again.
export function askFirst({ ask, question, yes, no }, act) {
  const box = h('div', { class: 'end-box' });
  const first = h('button', { type: 'button', class: 'secondary' }, ask);
  const error = errorLine();
  first.addEventListener('click', () => {
    const q = h('p', { tabindex: '-1', class: 'notice-inline' }, question);
    const go = h('button', { type: 'button', class: 'danger' }, yes);
    const keep = h('button', { type: 'button', class: 'secondary' }, no);
    keep.addEventListener('click', () => { box.replaceChildren(first); first.focus(); });
    go.addEventListener('click', async () => {
      go.disabled = true;
      try {
        await act();
      } catch (err) {
        error.textContent = err.message;
        error.hidden = false;
        error.focus();
        go.disabled = false;
      }
    });
    box.replaceChildren(q, h('div', { class: 'buttons' }, go, keep), error);
    q.focus();
  });
  box.append(first);
  return box;
}
