// resilience.test.mjs - what a person sees when things go wrong: a lost
// connection says so and keeps what they typed; an ended session asks them
// to sign in again in place and keeps what they typed; a language picked
// while the page still loads stays picked; every tab of a case passes axe
// in English and in Arabic.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { axeProblems, signIn, useTandem } from './browser.mjs';

const env = useTandem();
const familyCase = () => env.srv.sql("SELECT p.case_id FROM persons p JOIN users u ON u.id = p.user_id"
  + " WHERE u.email = 'refugee@tandem.example'");
const tabs = ['summary', 'people', 'meetings', 'needs', 'plan', 'consents', 'referrals', 'messages', 'history'];

async function worker() {
  const page = await (await env.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await signIn(page, env.srv.url, 'worker@tandem.example');
  await page.locator('h1', { hasText: 'Today' }).waitFor();
  return page;
}

test('a lost connection says so and keeps what was typed', async () => {
  const page = await worker();
  await page.goto(`${env.srv.url}/#/cases/${familyCase()}/messages`);
  const text = 'Please bring the children\'s vaccination records on Monday.';
  await page.fill('textarea[name="body"]', text);
  await page.route('**/api/v1/cases/*/messages', (route) => route.abort('internetdisconnected'));
  await page.click('form button:has-text("Send")');
  await page.getByText('The connection to tandem was lost').waitFor();
  assert.equal(await page.inputValue('textarea[name="body"]'), text);
  await page.unroute('**/api/v1/cases/*/messages');
  await page.click('form button:has-text("Send")');
  await page.locator('.thread li', { hasText: 'vaccination records' }).waitFor();
});

test('an ended session asks to sign in again in place and keeps what was typed', async () => {
  const page = await worker();
  await page.goto(`${env.srv.url}/#/cases/${familyCase()}/messages`);
  const text = 'The clinic confirmed Thursday at 2 pm.';
  await page.fill('textarea[name="body"]', text);
  env.srv.sql("DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = 'worker@tandem.example')");
  await page.click('form button:has-text("Send")');
  const dialog = page.locator('dialog[open]');
  await dialog.getByText('Please sign in again').waitFor();
  await dialog.locator('input[name="password"]').fill('tandem-demo-2026');
  await dialog.locator('button[type="submit"]').click();
  await page.waitForFunction(() => !document.querySelector('dialog[open]'));
  assert.equal(await page.inputValue('textarea[name="body"]'), text);
  await page.click('form button:has-text("Send")');
  await page.locator('.thread li', { hasText: 'Thursday at 2 pm' }).waitFor();
});

test('five failed sign-ins lock the account, and the page says so', async () => {
  const page = await (await env.browser.newContext()).newPage();
  await page.goto(`${env.srv.url}/#/signin`);
  for (let i = 0; i < 5; i++) {
    await page.fill('input[name="email"]', 'evaluator@tandem.example');
    await page.fill('input[name="password"]', `not-the-password-${i}`);
    await page.click('form button[type="submit"]');
    await page.getByText('The e-mail or the password is wrong.').waitFor();
  }
  await page.fill('input[name="password"]', 'tandem-demo-2026');
  await page.click('form button[type="submit"]');
  await page.getByText('Too many failed sign-ins for this account. Wait 15 minutes, then try again.').waitFor();
});

test('a language picked while the page still loads is not undone by the one it loaded with', async () => {
  const page = await env.browser.newPage({ viewport: { width: 360, height: 780 } });
  // the catalog the page asks for at load comes late, after the pick
  let release;
  const late = new Promise((resolve) => { release = resolve; });
  await page.route('**/i18n/en.json', async (route) => { await late; await route.continue(); });
  const asked = page.waitForRequest('**/i18n/en.json');
  await page.goto(`${env.srv.url}/#/signin`, { waitUntil: 'domcontentloaded' });
  await asked;
  await page.selectOption('#lang', 'ar');
  await page.locator('html[lang="ar"][dir="rtl"]').waitFor();
  release();
  await page.waitForResponse('**/i18n/en.json');
  await page.locator('main:not([aria-busy])').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ar');
  await page.close();
});

// Picked before the page has even asked who reads it (the answer comes
// late): the language it would load with is not asked for at all.
test('a language picked before the page knows its reader stays picked', async () => {
  const page = await env.browser.newPage({ viewport: { width: 360, height: 780 } });
  let release;
  const late = new Promise((resolve) => { release = resolve; });
  await page.route('**/api/v1/me', async (route) => { await late; await route.continue(); });
  await page.goto(`${env.srv.url}/#/signin`, { waitUntil: 'domcontentloaded' });
  await page.selectOption('#lang', 'ar');
  await page.locator('html[lang="ar"][dir="rtl"]').waitFor();
  release();
  await page.waitForResponse('**/api/v1/me');
  await page.waitForLoadState('networkidle');
  await page.locator('main:not([aria-busy]) input[name="email"]').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ar');
  await page.close();
});

test('every tab of a case passes axe in English and in Arabic', async () => {
  const page = await worker();
  for (const lang of ['en', 'ar']) {
    await page.selectOption('#lang', lang);
    await page.locator(`html[lang="${lang}"]`).waitFor();
    for (const tab of tabs) {
      await page.goto(`${env.srv.url}/#/cases/${familyCase()}/${tab}`);
      await page.locator('#panel-title').waitFor();
      await page.waitForLoadState('networkidle');
      assert.deepEqual(await axeProblems(page), [], `axe on the ${tab} tab (${lang})`);
    }
  }
  await page.selectOption('#lang', 'en');
});
