// training.js - a worker's training in private sponsorship: kept by the
// worker or their managers, and the worker's own two answers about each
// (how useful it was, how confident they now are with sponsors).
import { api } from '../lib/api.js';
import { confirmSaved, errorLine, field, h, showError } from '../lib/dom.js';
import { fmtDate, fmtNumber, t } from '../lib/i18n.js';

const today = () => new Date().toISOString().slice(0, 10);

// 1 to 5 as a row of radio buttons, the ends named.
function scale(name, legend) {
  return h('fieldset', { class: 'scale' }, h('legend', {}, legend),
    [1, 2, 3, 4, 5].map((n) => h('label', {}, h('input', { type: 'radio', name, value: String(n), required: true }), ' ',
      fmtNumber(n), n === 1 ? ` (${t('scale.low')})` : n === 5 ? ` (${t('scale.high')})` : '')));
}

function answerForm(id, tr, redraw) {
  const error = errorLine();
  const form = h('form', { class: 'training-answer' }, scale(`useful-${tr.id}`, t('training.useful')),
    scale(`confident-${tr.id}`, t('training.confident')), error, h('button', { type: 'submit' }, t('training.answer')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const pickOf = (n) => Number(form.querySelector(`input[name="${n}-${tr.id}"]:checked`)?.value || 0);
    try {
      redraw(await api('PATCH', `/api/v1/workers/${id}/trainings/${tr.id}`,
        { useful: pickOf('useful'), confident: pickOf('confident') }), t('training.thanks'));
    } catch (err) {
      showError(form, err);
    }
  });
  return form;
}

function list(id, d, redraw) {
  if (!d.trainings.length) return h('p', { class: 'empty' }, t('training.none'));
  return h('ul', { class: 'trainings' }, d.trainings.map((tr) => h('li', {},
    h('strong', {}, fmtDate(tr.completed_on)), ' · ', h('bdi', {}, tr.provider), ' · ', t('training.hours', { n: fmtNumber(tr.hours) }),
    tr.answered ? h('p', { class: 'hint' }, t('training.answered', { useful: fmtNumber(tr.useful), confident: fmtNumber(tr.confident) }))
      : d.answers_mine ? answerForm(id, tr, redraw) : h('p', { class: 'hint' }, t('training.unanswered')))));
}

function addForm(id, redraw) {
  const error = errorLine();
  const form = h('form', { id: 'training-add' },
    field(t('training.completed_on'), h('input', { type: 'date', name: 'completed_on', required: true, max: today() })),
    field(t('training.provider'), h('input', { type: 'text', name: 'provider', required: true, maxlength: '200' })),
    field(t('training.hours_label'), h('input', { type: 'number', name: 'hours', required: true, min: '1', max: '200' })),
    error, h('button', { type: 'submit' }, t('training.add')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const v = (n) => form.elements[n].value;
    try {
      redraw(await api('POST', `/api/v1/workers/${id}/trainings`,
        { completed_on: v('completed_on'), provider: v('provider'), hours: Number(v('hours')) }), t('training.added'));
    } catch (err) {
      showError(form, err);
    }
  });
  return form;
}

export async function render(main, state, who) {
  const id = who === 'me' ? state.me.user.id : Number(who);
  document.title = `${t('training.title')} · tandem`;
  const section = h('section', { id: 'training' }, h('h1', {}, t('training.title')), h('p', {}, t('training.intro')));
  main.replaceChildren(section);
  const slot = h('div');
  const draw = (d, saved) => {
    slot.replaceChildren(list(id, d, draw), h('h2', {}, t('training.add_title')), addForm(id, draw));
    if (saved) confirmSaved(slot, saved);
  };
  section.append(slot);
  try {
    draw(await api('GET', `/api/v1/workers/${id}/trainings`));
  } catch (err) {
    slot.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, err.message));
  }
  return false;
}
