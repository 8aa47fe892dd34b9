// arrivals.js - IRCC's notices of arrival, for an SPO's managers and a
// SAH's coordinators: a CSV file sent as it is, and what became of each
// notice, the rejected ones first with their line and why.
import { api } from '../lib/api.js';
import { errorLine, field, h, showError } from '../lib/dom.js';
import { fmtNumber, has, t } from '../lib/i18n.js';

const COLUMNS = 'reference,received,stream,family_size,birth_years,language,community,expected_arrival,'
  + 'sponsor_group,rap_holder,special_needs,cancelled,family_name';
const OUTCOMES = ['created', 'amended', 'cancelled', 'unchanged', 'rejected'];

// Why a notice was rejected, in the reader's language: by its column, else
// by its code; the server's English only for what the catalog lacks.
function why(x) {
  const key = [x.field && `arrivals.bad.${x.field}`, x.code && `arrivals.bad.${x.code}`, x.code && `error.${x.code}`]
    .find((k) => k && has(k));
  return key ? t(key) : x.message;
}

function report(r) {
  const rejected = r.rows.filter((x) => x.outcome === 'rejected');
  const done = r.rows.filter((x) => x.outcome !== 'rejected' && x.outcome !== 'unchanged');
  return h('section', { class: 'card', id: 'arrivals-report', 'aria-labelledby': 'arrivals-report-title' },
    h('h2', { id: 'arrivals-report-title', tabindex: '-1' }, t('arrivals.report')),
    h('ul', { class: 'counts' }, OUTCOMES.map((o) => h('li', { id: `arrivals-${o}` },
      t(`arrivals.outcome.${o}`, { n: fmtNumber(r[o]) })))),
    rejected.length ? [h('h3', {}, t('arrivals.rejected')), h('table', { class: 'numbers' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('arrivals.line')), h('th', { scope: 'col' }, t('arrivals.reference')),
        h('th', { scope: 'col' }, t('arrivals.why')))),
      h('tbody', {}, rejected.map((x) => h('tr', {}, h('td', {}, fmtNumber(x.line)), h('td', {}, h('bdi', {}, x.reference || '')),
        h('td', {}, why(x))))))] : null,
    done.length ? [h('h3', {}, t('arrivals.cases')), h('ul', {}, done.map((x) => h('li', {},
      h('a', { href: `#/cases/${x.case_id}` }, h('bdi', {}, x.reference)), ' · ', t(`arrivals.one.${x.outcome}`))))] : null);
}

export async function render(main) {
  document.title = `${t('arrivals.title')} · tandem`;
  const file = h('input', { type: 'file', name: 'file', accept: '.csv,text/csv', required: true });
  const send = h('button', { type: 'submit' }, t('arrivals.send'));
  const error = errorLine();
  const form = h('form', { id: 'arrivals-form', novalidate: true }, field(t('arrivals.file'), file, t('arrivals.file_hint')),
    error, send);
  const out = h('div');
  const template = `data:text/csv;charset=utf-8,${encodeURIComponent(`${COLUMNS}\r\n`)}`;
  main.replaceChildren(h('section', { id: 'arrivals' }, h('h1', {}, t('arrivals.title')), h('p', {}, t('arrivals.intro')),
    h('p', {}, h('a', { href: template, download: 'arrival-notices.csv' }, t('arrivals.template'))),
    h('p', { class: 'hint' }, t('arrivals.again')), form, out));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(form, null);
    if (!file.files.length) {
      showError(form, { field: 'file', message: t('form.required') });
      return;
    }
    send.disabled = true;
    try {
      const r = await api('POST', '/api/v1/arrivals', await file.files[0].text(), 'text/csv');
      out.replaceChildren(report(r));
      out.querySelector('h2').focus();
    } catch (err) {
      showError(form, err);
    } finally {
      send.disabled = false;
    }
  });
  return false;
}
