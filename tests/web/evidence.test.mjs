// evidence.test.mjs - the evidence pages of issue 14 in a real browser: an
// evaluator reads the indicators, picks a quarter and downloads them as
// CSV; a LIP coordinator reads their community's in Arabic on a phone,
// right to left; an SPO manager sends a file of arrival notices and reads
// what became of each, a bad line in their language, and an amended notice
// in the case's history; a sponsor answers the
// pilots' one question from their home; a worker records a training and
// answers about it. axe clean, nothing scrolls sideways at 360 px, no page
// writes "null".
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { apiAs, checkAxe, noSideways, openAs, settled, shoot, useTandem } from './browser.mjs';

const env = useTandem();
const day = (d) => new Date(Date.now() + d * 86400000).toISOString().slice(0, 10);

test('an evaluator reads the indicators, picks a quarter and downloads them as CSV', async () => {
  const ev = await openAs(env, 'evaluator@tandem.example', { width: 1280, height: 900 });
  await ev.locator('#home-indicators').click();
  await ev.locator('h1', { hasText: 'Indicators' }).waitFor();
  const api = await apiAs(env.srv.url, 'evaluator@tandem.example');
  const { body: d } = await api('GET', '/api/v1/indicators');
  // every indicator a row, its value as the API gives it
  const rows = ev.locator('#ind-table tbody tr');
  assert.equal(await rows.count(), d.indicators.length);
  const trained = d.indicators.find((i) => i.name === 'workers_trained');
  await ev.locator('#ind-workers_trained td').nth(1)
    .filter({ hasText: `${trained.numerator} of ${trained.denominator}` }).waitFor();
  await ev.locator('#ind-events_helpful td').first()
    .filter({ hasText: `${Math.round(d.indicators.find((i) => i.name === 'events_helpful').value * 100)}%` }).waitFor();
  // the chart draws each share shown
  const bars = await ev.locator('figure.chart svg rect.bar').count();
  assert.equal(bars, d.indicators.filter((i) => i.unit === 'share' && i.value > 0).length);
  // a quarter: the page asks for it and says so
  const quarters = await ev.locator('#ind-period option').evaluateAll((o) => o.map((x) => x.value));
  assert.equal(quarters.length, 9);
  await ev.selectOption('#ind-period', quarters[8]);
  const [from, to] = quarters[8].split('/');
  await ev.locator('#ind-csv[href*="from=' + from + '"]').waitFor();
  const [download] = await Promise.all([ev.waitForEvent('download'), ev.locator('#ind-csv').click()]);
  assert.equal(download.suggestedFilename(), `indicators-${from}-${to}.csv`);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.ok(csv.startsWith('indicator,from,to,community,spo,numerator,denominator_or_count,value,unit\r\n'));
  assert.match(csv, /\r\nrule: hidden_up_to,/);
  assert.match(csv, new RegExp(`\\r\\nworkers_trained,${from},${to},all,all,\\d+,\\d+,`));
  assert.doesNotMatch(await ev.locator('main').innerText(), /\bnull\b|undefined|NaN/);
  await checkAxe(ev, 'indicators');
  await shoot(ev, 'evaluator-indicators');
  await ev.close();
});

test('a LIP coordinator reads their community\'s indicators in Arabic on a phone', async () => {
  const lip = await openAs(env, 'lip@tandem.example', { lang: 'ar', width: 360, height: 780 });
  await settled(lip);
  await lip.locator('#nav a[href="#/indicators"]').click();
  await lip.locator('h1', { hasText: 'المؤشرات' }).waitFor();
  await lip.locator('#ind-table tbody tr').first().waitFor();
  assert.equal(await lip.evaluate(() => document.documentElement.dir), 'rtl');
  // the LIP's own community only: no "every community"
  const places = await lip.locator('#ind-community option').allInnerTexts();
  assert.deepEqual(places, ['Hamilton']);
  assert.doesNotMatch(await lip.locator('main').innerText(), /\bnull\b|undefined|NaN/);
  await noSideways(lip, 'indicators (ar, 360 px)');
  await checkAxe(lip, 'indicators (ar)');
  await lip.close();
  const api = await apiAs(env.srv.url, 'lip@tandem.example');
  await api('PATCH', '/api/v1/me', { language: 'en' });
});

test('an SPO manager sends arrival notices and reads what became of each', async () => {
  const m = await openAs(env, 'manager@tandem.example', { width: 1280, height: 900 });
  await m.locator('#nav a[href="#/arrivals"]').click();
  await m.locator('h1', { hasText: 'Arrival notices' }).waitFor();
  const file = ['reference,received,stream,family_size,birth_years,language,community,expected_arrival,family_name',
    `WEB-1,${day(-1)},GAR,3,1988 1990 2018,ar,Hamilton,${day(20)},Idris`,
    `WEB-2,${day(-1)},GAR,2,1990,ti,Hamilton,${day(25)},Tesfay`,
    `WEB-3,${day(0)},GAR,1,1975,so,Hamilton,${day(30)},Warsame`, ''].join('\r\n');
  await m.setInputFiles('#arrivals-form input[type="file"]',
    { name: 'notices.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
  await m.locator('#arrivals-form button[type="submit"]').click();
  await m.locator('#arrivals-created', { hasText: 'New cases: 2' }).waitFor();
  await m.locator('#arrivals-rejected', { hasText: 'Not accepted: 1' }).waitFor();
  // the bad line by its number, why in the reader's words
  const bad = m.locator('#arrivals-report tbody tr');
  assert.equal(await bad.count(), 1);
  assert.equal((await bad.locator('td').first().innerText()).trim(), '3');
  assert.match(await bad.innerText(), /birth years do not match the family's size/);
  await checkAxe(m, 'arrival notices');
  // the same file again changes nothing
  await m.locator('#arrivals-form button[type="submit"]').click();
  await m.locator('#arrivals-unchanged', { hasText: 'Unchanged: 2' }).waitFor();
  await m.locator('#arrivals-created', { hasText: 'New cases: 0' }).waitFor();
  await shoot(m, 'manager-arrivals');
  // an amended notice says so in the case's history, in words
  const api = await apiAs(env.srv.url, 'manager@tandem.example');
  const { body: r } = await api('POST', '/api/v1/arrivals', { notices: [{ reference: 'WEB-1', received: day(-1),
    stream: 'GAR', family_size: 3, birth_years: [1988, 1990, 2018], language: 'ar', community: 'Hamilton',
    expected_arrival: day(40) }] });
  assert.equal(r.amended, 1);
  await m.goto(`${env.srv.url}/#/cases/${r.rows[0].case_id}/history`);
  await m.locator('ol.history li', { hasText: 'Arrival notice WEB-1 changed: expected arrival' })
    .filter({ hasText: 'expected arrival moved from' }).waitFor();
  await m.close();
});

test('a sponsor answers the one question from their home, once', async () => {
  const api = await apiAs(env.srv.url, 'sponsor@tandem.example');
  const { body: { asked } } = await api('GET', '/api/v1/ratings');
  assert.ok(asked.length > 0, 'the demo sponsor is asked');
  const s = await openAs(env, 'sponsor@tandem.example', { width: 360, height: 780 });
  const card = s.locator('#rating');
  await card.waitFor();
  const form = card.locator('form').first();
  await form.locator('input[value="4"]').check();
  await form.locator('button[type="submit"]').click();
  await card.locator('.saved', { hasText: 'Thank you' }).first().waitFor();
  const after = await api('GET', '/api/v1/ratings');
  assert.equal(after.body.asked.length, asked.length - 1);
  await noSideways(s, 'sponsor home with the question (360 px)');
  await checkAxe(s, 'sponsor rating');
  await s.close();
});

test('a worker records a training and answers about it', async () => {
  const w = await openAs(env, 'worker@tandem.example', { width: 1280, height: 900 });
  await w.locator('#nav a[href="#/training/me"]').click();
  await w.locator('h1', { hasText: 'Training in private sponsorship' }).waitFor();
  await w.fill('#training-add input[name="completed_on"]', day(-3));
  await w.fill('#training-add input[name="provider"]', 'Hamilton LIP');
  await w.fill('#training-add input[name="hours"]', '6');
  await w.locator('#training-add button[type="submit"]').click();
  await w.locator('.saved', { hasText: 'The training is recorded.' }).waitFor();
  const answer = w.locator('form.training-answer').first();
  await answer.locator('fieldset').first().locator('input[value="5"]').check();
  await answer.locator('fieldset').nth(1).locator('input[value="4"]').check();
  await answer.locator('button[type="submit"]').click();
  await w.locator('.saved', { hasText: 'Thank you' }).waitFor();
  await w.locator('.trainings li', { hasText: 'Useful: 5 of 5. Confident: 4 of 5.' }).first().waitFor();
  await checkAxe(w, 'training');
  await w.close();
});
