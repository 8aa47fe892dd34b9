// announcements.test.mjs - the LIP's announcements (issue 13) on a phone: a
// LIP coordinator writes one from their home to a community's agency staff,
// in English and Arabic; an SPO manager, reading tandem in Arabic, finds it
// on their first page in Arabic and marks it read in one tap; the
// coordinator's count moves and the manager's agency leaves the list of
// organizations that have not read it. A form without an audience says so
// beside the audience. axe in English and Arabic, nothing scrolls sideways
// at 360 px, and no page writes "null".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, checkAxe, openAs, settled, shoot, useTandem } from './browser.mjs';

const env = useTandem();

async function phone(email, lang) {
  const page = await openAs(env, email, { lang, width: 360, height: 780 });
  await settled(page);
  return page;
}

test('a LIP coordinator announces, an SPO manager marks it read in Arabic, and the count moves', async () => {
  const agency = env.srv.sql("SELECT o.name FROM organizations o JOIN memberships m ON m.org_id = o.id"
    + " JOIN users u ON u.id = m.user_id WHERE u.email = 'manager@tandem.example'");
  const lip = await phone('lip@tandem.example');
  await lip.locator('#announcements-sent a', { hasText: 'Write an announcement' }).click();
  const form = lip.locator('#new-announcement');
  await form.waitFor();
  // Nobody chosen: the form says so beside who it is for, and nothing is sent.
  await form.getByLabel('Subject').fill('Housing table: new time');
  await form.getByLabel('Message').fill('From January the housing table meets on Thursdays at 10.');
  await form.locator('button[type="submit"]').click();
  await lip.locator('#an-audience-err', { hasText: /Choose who it is for/ }).waitFor();
  assert.equal(env.srv.sql('SELECT count(*) FROM announcements WHERE sent_by = (SELECT id FROM users'
    + " WHERE email = 'lip@tandem.example')"), '0');
  await checkAxe(lip, 'new announcement');
  await shoot(lip, 'lip-announcement-new');
  // (the screenshots drew the page again: its form is blank)
  await form.getByLabel('Subject').fill('Housing table: new time');
  await form.getByLabel('Message').fill('From January the housing table meets on Thursdays at 10.');
  await form.getByLabel('Settlement agency staff').check();
  await form.getByLabel('Sponsorship agreement holders').check();
  await form.locator('button', { hasText: 'Add the same in another language' }).click();
  const second = form.locator('fieldset.announcement-text').nth(1);
  await second.getByLabel('Language').selectOption('ar');
  await second.getByLabel('Subject').fill('طاولة السكن: موعد جديد');
  await second.getByLabel('Message').fill('اعتبارًا من يناير تجتمع طاولة السكن أيام الخميس الساعة العاشرة.');
  await form.locator('button[type="submit"]').click();
  await lip.locator('h1', { hasText: 'Housing table: new time' }).waitFor();
  // who it is for, in the reader's language's own way of listing
  await lip.locator('p.hint', { hasText: 'Sponsorship agreement holders and Settlement agency staff' }).waitFor();
  const count = lip.locator('#receipts .read-count');
  assert.match(await count.innerText(), /^Staff: read by 0 of \d+$/);
  await lip.locator('#not-read-orgs li', { hasText: agency }).waitFor();
  assert.doesNotMatch(await lip.locator('main').innerText(), /\bnull\b|undefined/);

  // The manager reads tandem in Arabic: the Arabic text, on their first page.
  const manager = await phone('manager@tandem.example', 'ar');
  const card = manager.locator('#announcements-received');
  const item = card.locator('li.announcement', { hasText: 'طاولة السكن: موعد جديد' });
  await item.waitFor();
  await checkAxe(manager, 'agency with an announcement (ar)');
  await item.locator('summary').click();
  await item.locator('button', { hasText: 'وضع علامة مقروء' }).click();
  await manager.locator('p.saved[role="status"]:focus', { hasText: 'وُضعت علامة مقروء.' }).waitFor();
  assert.equal(await item.locator('button').count(), 0);
  await shoot(manager, 'manager-announcement');
  await manager.close();
  const back = await apiAs(env.srv.url, 'manager@tandem.example');
  await back('PATCH', '/api/v1/me', { language: 'en' });

  // The coordinator's count moved, and the agency has read it.
  await lip.reload();
  await lip.locator('h1', { hasText: 'Housing table: new time' }).waitFor();
  await settled(lip);
  assert.match(await count.innerText(), /^Staff: read by 1 of \d+$/);
  assert.equal(await lip.locator('#not-read-orgs li', { hasText: agency }).count(), 0);
  await checkAxe(lip, 'announcement receipts');
  await shoot(lip, 'lip-announcement-receipts');
  await lip.goto(`${env.srv.url}/#/home`);
  await lip.locator('#announcements-sent li', { hasText: /Housing table: new time · Staff: read by 1 of \d+/ }).waitFor();
  await lip.close();
});
