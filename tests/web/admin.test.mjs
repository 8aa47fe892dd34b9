// admin.test.mjs - the administrator invites a settlement worker; the
// invited person opens the link in a browser of their own, sets a password
// and signs in. On a phone, the administrator finds accounts by a name
// written without its accents, disables one (which then cannot sign in) and
// sets a worker's languages. axe in English and Arabic; screenshots of the
// admin page; nothing scrolls sideways at 360 px.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAxe, noSideways, shoot, signIn, useTandem } from './browser.mjs';

const env = useTandem();

test('the administrator invites a worker who then signs in', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, env.srv.url, 'admin@tandem.example');
  await page.locator('h1', { hasText: 'Administration' }).waitFor();
  await page.locator('h2', { hasText: 'Accounts' }).waitFor();
  await page.locator('li.admin-account').first().waitFor();
  await checkAxe(page, 'admin (en)');
  await shoot(page, 'admin');

  // the directory grows: a community, then an organization serving it
  await page.locator('summary', { hasText: 'Add a community' }).click();
  const community = page.locator('form[aria-label="Add a community"]');
  await community.locator('input[name="name"]').fill('Peterborough');
  await community.locator('button').click();
  await page.locator('td', { hasText: 'Peterborough' }).waitFor();
  await page.locator('summary', { hasText: 'Add an organization' }).click();
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

test('the administrator finds an account, disables it, and sets a worker\'s languages, on a phone', async () => {
  const page = await env.browser.newPage({ viewport: { width: 360, height: 740 } });
  await signIn(page, env.srv.url, 'admin@tandem.example');
  const search = page.getByRole('search');
  const q = search.getByLabel('Name or e-mail');
  const count = page.locator('.admin-count');
  const total = Number(env.srv.sql('SELECT count(*) FROM users')).toLocaleString('en');
  await count.filter({ hasText: `of ${total} accounts shown` }).waitFor();

  // typed without its accents, the name is found
  await q.fill('hernandez');
  await count.filter({ hasText: '1 of 1 accounts shown' }).waitFor();
  await page.locator('li.admin-account h3', { hasText: 'María Hernández' }).waitFor();

  // a sponsor's account is disabled: the confirmation is read out, and it cannot sign in
  await q.fill('PETER campbell');
  const peter = page.locator('li.admin-account', { hasText: 'Peter Campbell' });
  await count.filter({ hasText: '1 of 1 accounts shown' }).waitFor();
  await peter.getByRole('button', { name: 'Disable Peter Campbell' }).click();
  const saved = peter.locator('.saved[role="status"]');
  await saved.filter({ hasText: 'Peter Campbell can no longer sign in' }).waitFor();
  assert.ok(await saved.evaluate((el) => el === document.activeElement), 'the confirmation takes the focus');
  assert.equal(env.srv.sql("SELECT disabled FROM users WHERE email = 'sponsor@tandem.example'"),
    env.srv.kind === 'pg' ? 't' : '1');
  await peter.getByRole('button', { name: 'Enable Peter Campbell' }).waitFor();
  await checkAxe(page, 'admin, an account disabled');
  const sponsor = await (await env.browser.newContext()).newPage();
  await signIn(sponsor, env.srv.url, 'sponsor@tandem.example');
  await sponsor.getByText('The e-mail or the password is wrong.').waitFor();
  await sponsor.close();
  // the disabled accounts, by the state filter
  await q.fill('');
  await search.getByLabel('State').selectOption({ label: 'Disabled' });
  await count.filter({ hasText: '1 of 1 accounts shown' }).waitFor();
  await search.getByLabel('State').selectOption({ label: 'Active or disabled' });

  // the only administrator is offered nothing on their own account
  await search.getByLabel('Role').selectOption({ label: 'Administrator' });
  await count.filter({ hasText: '1 of 1 accounts shown' }).waitFor();
  assert.equal(await page.locator('li.admin-account button').count(), 0);
  await search.getByLabel('Role').selectOption({ label: 'Any role' });

  // a worker's languages, named in the reader's language, with the rest of the profile
  await q.fill('worker@tandem');
  const amira = page.locator('li.admin-account', { hasText: 'Amira Haddad' });
  await count.filter({ hasText: '1 of 1 accounts shown' }).waitFor();
  await amira.getByRole('button', { name: 'Matching profile Amira Haddad' }).click();
  const profile = amira.locator('form.profile');
  await profile.getByRole('group', { name: 'Languages spoken' }).waitFor();
  assert.ok(await profile.getByLabel('Arabic').isChecked());
  await profile.getByLabel('Tigrinya').check();
  await profile.getByLabel('Capacity (open cases)').fill('20');
  await checkAxe(page, 'admin, a worker\'s profile');
  await noSideways(page, 'admin with a profile open (en, 360 px)');
  await profile.getByRole('button', { name: 'Save the profile' }).click();
  await profile.locator('.saved', { hasText: 'The matching profile of Amira Haddad is saved.' }).waitFor();
  assert.equal(env.srv.sql("SELECT languages FROM users WHERE email = 'worker@tandem.example'"), 'ar,en,fr,ti');
  assert.equal(env.srv.sql("SELECT capacity FROM worker_profiles WHERE user_id ="
    + " (SELECT id FROM users WHERE email = 'worker@tandem.example')"), '20');

  // the whole list, a page at a time
  await q.fill('');
  await count.filter({ hasText: `25 of ${total} accounts shown` }).waitFor();
  await page.getByRole('button', { name: 'Show more accounts' }).click();
  await count.filter({ hasText: `50 of ${total} accounts shown` }).waitFor();
  assert.equal(await page.locator('li.admin-account').count(), 50);
  await noSideways(page, 'admin, fifty accounts (en, 360 px)');
  await page.close();
});
