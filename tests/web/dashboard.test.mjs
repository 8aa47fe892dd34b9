// dashboard.test.mjs - arrivals and capacity (issue 14): the Hamilton LIP's
// coordinator, reading tandem in Arabic on a phone, opens the dashboard
// from the navigation: the weeks' chart runs right to left, the demo's
// surge of notices shows in the weeks to come, counts not shown are dashes
// and said so, every number of the chart is in a table too; an evaluator
// reads the province's and a community's from it, and downloads the same
// tables as CSV. axe clean, nothing scrolls sideways at 360 px, no page
// writes "null".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, checkAxe, noSideways, openAs, settled, shoot, useTandem } from './browser.mjs';

const env = useTandem();

test('a LIP coordinator reads the dashboard in Arabic on a phone, right to left', async () => {
  const lip = await openAs(env, 'lip@tandem.example', { lang: 'ar', width: 360, height: 780 });
  await settled(lip);
  await lip.locator('#nav a[href="#/dashboard"]').click();
  await lip.locator('h1', { hasText: 'الوافدون والقدرة الاستيعابية: Hamilton' }).waitFor();
  assert.equal(await lip.evaluate(() => document.documentElement.dir), 'rtl');
  const api = await apiAs(env.srv.url, 'lip@tandem.example');
  const { body: d } = await api('GET', '/api/v1/communities/1/dashboard');
  // The chart: a bar a week shown, the first week at the right.
  const chart = lip.locator('#dash-weeks figure.chart svg[role="img"]');
  await chart.waitFor();
  const xs = await chart.locator('rect.bar').evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('x'))));
  const shown = d.arrivals_by_week.flatMap((w) => [w.arrived.all, w.expected.all]).filter((v) => v !== null && v > 0);
  assert.ok(shown.length > 1, 'the demo surge shows in some weeks');
  assert.equal(xs.length, shown.length);
  assert.ok(xs[0] > xs[xs.length - 1], 'the earliest week is drawn at the right');
  // this week is marked, between the weeks gone by and those to come
  const mark = Number(await chart.locator('line.mark').getAttribute('x1'));
  const before = d.arrivals_by_week.slice(0, 12).some((w) => (w.arrived.all ?? 0) > 0 || (w.expected.all ?? 0) > 0);
  const after = d.arrivals_by_week.slice(12).some((w) => (w.expected.all ?? 0) > 0);
  if (after) assert.ok(Math.min(...xs) < mark, 'weeks to come are left of this week');
  if (before) assert.ok(Math.max(...xs) > mark, 'weeks gone by are right of this week');
  // Every number of the chart is in the table under it.
  await lip.locator('#dash-weeks summary').click();
  const rows = lip.locator('#dash-weeks table').nth(1).locator('tbody tr');
  assert.equal(await rows.count(), 24);
  const peak = d.arrivals_by_week.reduce((a, w) => ((w.expected.all ?? 0) > (a.expected.all ?? 0) ? w : a));
  const fmt = new Intl.NumberFormat('ar').format(peak.expected.all);
  const peakRow = rows.nth(d.arrivals_by_week.indexOf(peak));
  assert.equal((await peakRow.locator('td').last().innerText()).trim(), fmt);
  // A count not shown is a dash, and says so.
  const dash = lip.locator('#dash-weeks abbr[title="غير معروض"]').first();
  assert.equal((await dash.innerText()).trim(), '–');
  assert.doesNotMatch(await lip.locator('main').innerText(), /\bnull\b|undefined|NaN/);
  await noSideways(lip, 'dashboard (ar, 360 px)');
  await checkAxe(lip, 'dashboard (ar)');
  // the page in English for the screenshots (they take both languages)
  await lip.selectOption('#lang', 'en');
  await lip.locator('html[dir="ltr"][lang="en"]').waitFor();
  await settled(lip);
  await lip.locator('#dash-rule', { hasText: 'A dash (–) is a count not shown: one from 0 to 5' }).waitFor();
  // the busiest week to come, said in words, is the chart's tallest expected bar
  // (the twelve weeks gone by come first)
  const peakWeek = d.arrivals_by_week.slice(12)
    .reduce((a, w) => ((w.expected.all ?? -1) > (a.expected.all ?? -1) ? w : a));
  await lip.locator('#dash-busiest', { hasText: `about ${peakWeek.expected.all} families expected` }).waitFor();
  await shoot(lip, 'lip-dashboard');
  await lip.close();
  await api('PATCH', '/api/v1/me', { language: 'en' });
});

test('an evaluator reads the province and a community, and downloads the tables as CSV', async () => {
  const ev = await openAs(env, 'evaluator@tandem.example', { width: 1280, height: 900 });
  // from the first page, as from the navigation
  await ev.locator('#home-dashboard').click();
  await ev.locator('h1', { hasText: 'Arrivals and capacity: The province' }).waitFor();
  await ev.locator('#dash-communities a', { hasText: 'Ottawa' }).click();
  await ev.locator('h1', { hasText: 'Arrivals and capacity: Ottawa' }).waitFor();
  assert.equal(await ev.locator('#dash-place').inputValue(), String(await ev.evaluate(() => location.hash.split('/')[2])));
  const [download] = await Promise.all([ev.waitForEvent('download'), ev.locator('#dash-csv').click()]);
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  const csv = readFileSync(path, 'utf8');
  assert.match(download.suggestedFilename(), /^dashboard-\d+-\d{4}-\d{2}-\d{2}\.csv$/);
  assert.ok(csv.startsWith('table,community,row,column,count\r\n'));
  assert.match(csv, /\r\narrivals_by_week,Ottawa,\d{4}-\d{2}-\d{2},expected all,\d*\r\n/);
  await ev.selectOption('#dash-place', 'province');
  await ev.locator('h1', { hasText: 'Arrivals and capacity: The province' }).waitFor();
  // cases needing attention, by kind, as the API counts them
  const api = await apiAs(env.srv.url, 'evaluator@tandem.example');
  const { body: p } = await api('GET', '/api/v1/province/dashboard');
  assert.ok(p.followups.unassigned > 0, 'the demo surge waits for agencies');
  await ev.locator('#dash-followup-unassigned', { hasText: String(p.followups.unassigned) }).waitFor();
  await checkAxe(ev, 'province dashboard');
  await shoot(ev, 'evaluator-dashboard');
  await ev.close();
});
