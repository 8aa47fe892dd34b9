// admin.test.mjs - the administrator invites a settlement worker; the
// invited person opens the link in a browser of their own, sets a password
// and signs in. axe in English and Arabic; screenshots of the admin page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAxe, shoot, signIn, useTandem } from './browser.mjs';

const env = useTandem();

test('the administrator invites a worker who then signs in', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, env.srv.url, 'admin@tandem.example');
  await page.locator('h1', { hasText: 'Administration' }).waitFor();
  await page.locator('table caption', { hasText: 'Accounts' }).waitFor();
  await checkAxe(page, 'admin (en)');
  await shoot(page, 'admin');

  // the directory grows: a community, then an organization serving it
  const community = page.locator('form[aria-label="Add a community"]');
  await community.locator('input[name="name"]').fill('Peterborough');
  await community.locator('button').click();
  await page.locator('td', { hasText: 'Peterborough' }).waitFor();
  const org = page.locator('form[aria-label="Add an organization"]');
  await org.locator('input[name="name"]').fill('Kawartha Newcomer Services');
  await org.locator('select[name="community"]').selectOption({ label: 'Peterborough' });
  await org.locator('button').click();
  await page.locator('td', { hasText: 'Kawartha Newcomer Services' }).waitFor();
  assert.equal(env.srv.sql("SELECT count(*) FROM organization_communities oc JOIN organizations o ON o.id = oc.org_id"
    + " JOIN communities c ON c.id = oc.community_id WHERE o.name = 'Kawartha Newcomer Services' AND c.name = 'Peterborough'"), '1');

  await page.fill('form[aria-labelledby="invite-title"] input[name="email"]', 'rahel.berhe@harbourfront.example');
  await page.fill('form[aria-labelledby="invite-title"] input[name="name"]', 'Rahel Berhe');
  await page.selectOption('select[name="role"]', 'worker');
  await page.selectOption('form[aria-labelledby="invite-title"] select[name="org_id"]',
    { label: 'Harbourfront Newcomer Centre' });
  await page.click('form button:has-text("Make the invitation")');
  const link = await page.locator('code.link').innerText();
  assert.match(link, /\/#\/invite\/inv_[0-9a-f]{64}$/);
  await page.close();

  const invited = await (await env.browser.newContext()).newPage();
  await invited.goto(link);
  await invited.locator('h1', { hasText: 'Set your password' }).waitFor();
  await checkAxe(invited, 'invitation');
  await invited.fill('input[name="password"]', 'rahel-s-password');
  await invited.fill('input[name="again"]', 'rahel-s-passwort');
  await invited.click('form button[type="submit"]');
  await invited.getByText('The two passwords differ.').waitFor();
  await invited.fill('input[name="again"]', 'rahel-s-password');
  await invited.click('form button[type="submit"]');
  await invited.locator('h1', { hasText: 'Your account is ready' }).waitFor();
  await signIn(invited, env.srv.url, 'rahel.berhe@harbourfront.example', 'rahel-s-password');
  await invited.locator('h1', { hasText: 'Today' }).waitFor();
  assert.equal(env.srv.sql("SELECT role FROM users WHERE email = 'rahel.berhe@harbourfront.example'"), 'worker');
  // the link worked once
  await invited.goto(link);
  await invited.fill('input[name="password"]', 'another-password');
  await invited.fill('input[name="again"]', 'another-password');
  await invited.click('form button[type="submit"]');
  await invited.getByText('This invitation has been used').waitFor();
});
