// family.test.mjs - the sponsor and the refugee in real browsers: the
// sponsor completes a sponsor task and writes to the worker, and the
// browser never receives data withheld from sponsors (the network responses
// are read, not only the screen); the refugee switches sharing off and on
// and the sponsor's view follows. axe in English and Arabic; screenshots.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAxe, shoot, signIn, useTandem } from './browser.mjs';

const env = useTandem();
// the case of the demo refugee's family, shared with the demo sponsor's group
const familyCase = () => env.srv.sql("SELECT p.case_id FROM persons p JOIN users u ON u.id = p.user_id"
  + " WHERE u.email = 'refugee@tandem.example'");

// A page in a context of its own (its own cookies), recording every API
// response body it receives.
async function person(email) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const bodies = [];
  page.on('response', async (r) => {
    if (r.url().includes('/api/')) bodies.push(await r.text().catch(() => ''));
  });
  await signIn(page, env.srv.url, email);
  await page.locator('h1', { hasText: 'Hello' }).waitFor();
  return { page, bodies, context };
}

test('the sponsor completes a sponsor task and writes to the worker, never receiving withheld data', async () => {
  const caseId = familyCase();
  const { page, bodies, context } = await person('sponsor@tandem.example');
  await checkAxe(page, 'sponsor cases');
  await page.click(`a[href="#/cases/${caseId}"]`);
  await page.locator('#panel h3', { hasText: 'What happens next' }).waitFor();
  await page.locator('#panel h3', { hasText: 'Who does what in the sponsorship year' }).waitFor();
  await checkAxe(page, 'sponsor case summary');
  assert.ok(!(await page.locator('main').innerText()).includes('null'), 'no stray null on the page');
  await shoot(page, 'sponsor-case');

  await page.click('.tabs a[href$="/plan"]');
  await page.locator('h3', { hasText: 'Our tasks' }).waitFor();
  const task = page.locator('li', { hasText: 'Open a bank account' });
  await task.locator('select[name="status"]').selectOption('done');
  await task.locator('button').click();
  await page.locator('li.task-done', { hasText: 'Open a bank account' }).waitFor();
  assert.equal(env.srv.sql(`SELECT status FROM plan_tasks WHERE case_id = ${caseId} AND template_key = 'bank_account'`), 'done');
  // a worker's task is not the sponsor's to close: it is shown, not offered
  const theirs = page.locator('li', { hasText: 'Find a family doctor' });
  await theirs.waitFor();
  assert.equal(await theirs.locator('select, button').count(), 0);
  await checkAxe(page, 'sponsor plan');

  await page.click('.tabs a[href$="/messages"]');
  await page.fill('textarea[name="body"]', 'We can drive the family to the bank on Tuesday.');
  await page.click('form button:has-text("Send")');
  await page.locator('.thread li', { hasText: 'drive the family to the bank' }).waitFor();
  await checkAxe(page, 'sponsor messages');
  for (const tab of ['meetings', 'needs', 'referrals', 'history', 'people']) {
    await page.click(`.tabs a[href$="/${tab}"]`);
    await page.locator('#panel-title').waitFor();
  }

  // what the browser received: nothing of the classes withheld from sponsors
  const all = bodies.join('\n');
  for (const field of ['health_notes', 'worker_notes', 'outcome_notes'])
    assert.ok(!all.includes(`"${field}"`), `a response carried ${field}`);
  // one note a row (group_concat is SQLite's own)
  const secret = env.srv.sql(`SELECT note FROM needs WHERE case_id = ${caseId}`
    + " AND domain IN ('health', 'mental_health') AND note IS NOT NULL");
  for (const note of secret.split('\n').filter(Boolean))
    assert.ok(!all.includes(note), 'a health note reached the sponsor');
  await context.close();
});

test('the refugee switches sharing off and on, and the sponsor sees it at once', async () => {
  const caseId = familyCase();
  const family = await person('refugee@tandem.example');
  const sponsor = await person('sponsor@tandem.example');
  await family.page.goto(`${env.srv.url}/#/cases/${caseId}/consents`);
  const needs = family.page.locator('input[name="sponsor_group-needs"]');
  await needs.waitFor();
  assert.equal(await needs.isChecked(), true, 'the demo family shares its needs');
  await checkAxe(family.page, 'consent page');
  await shoot(family.page, 'refugee-consent');

  // The switch moves at once; the page says when the change is saved.
  await needs.uncheck();
  await family.page.locator('p.saved', { hasText: 'no longer sees' }).waitFor();
  await family.page.locator('input[name="sponsor_group-needs"]:not(:checked)').waitFor();
  await sponsor.page.goto(`${env.srv.url}/#/cases/${caseId}/needs`);
  await sponsor.page.getByText('The family has not shared their needs with you.').waitFor();

  await family.page.locator('input[name="sponsor_group-needs"]').check();
  await family.page.locator('p.saved', { hasText: 'now sees' }).waitFor();
  await family.page.locator('input[name="sponsor_group-needs"]:checked').waitFor();
  await sponsor.page.reload();
  await sponsor.page.locator('h3', { hasText: 'Current assessment' }).waitFor();
  assert.equal(env.srv.sql(`SELECT count(*) FROM audit WHERE case_id = ${caseId} AND action IN ('consent.grant', 'consent.revoke')`
    + " AND actor_id = (SELECT id FROM users WHERE email = 'refugee@tandem.example')"), '2');
  await family.context.close();
  await sponsor.context.close();
});
