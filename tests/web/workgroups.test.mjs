// workgroups.test.mjs - the LIP's working groups (issue 13) on a phone: the
// LIP coordinator finds their groups on their home with their next
// meetings and sets a meeting of one; an agency's worker, a member by their
// agency, finds the group on their first page and ticks off one of its
// actions in one tap, the open count moving; the LIP coordinator names a
// SAH's coordinator to a group by the address of their account (a
// refugee's is refused), and the coordinator finds it on their first
// page. axe in English and Arabic, nothing scrolls sideways at 360 px, and
// no page writes "null".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAxe, openAs, settled, shoot, useTandem } from './browser.mjs';

const env = useTandem();

async function phone(email) {
  const page = await openAs(env, email, { width: 360, height: 780 });
  await settled(page);
  return page;
}

async function confirmed(page, text) {
  await page.locator('p.saved[role="status"]:focus', { hasText: text }).waitFor();
}

test('a LIP coordinator sees the working groups on their home and sets a meeting', async () => {
  const lip = await phone('lip@tandem.example');
  const card = lip.locator('#working-groups');
  await card.locator('li', { hasText: /Settlement table · next meeting/ }).waitFor();
  await card.locator('a', { hasText: 'Settlement table' }).click();
  await lip.locator('h1', { hasText: 'Settlement table' }).waitFor();
  const before = await lip.locator('#meetings li').count();
  await lip.locator('#meetings summary', { hasText: 'Set a meeting' }).click();
  const day = new Date(Date.now() + 10 * 86400e3).toISOString().slice(0, 10);
  await lip.getByLabel('Day').fill(day);
  await lip.getByLabel('Agenda').fill('1. Spring welcome event: who does what\n2. Winter coats');
  await lip.locator('#new-meeting button[type="submit"]').click();
  await confirmed(lip, 'Meeting set.');
  assert.equal(await lip.locator('#meetings li').count(), before + 1);
  // the agenda keeps its lines
  const agenda = lip.locator('#meetings p', { hasText: 'Winter coats' });
  assert.equal(await agenda.innerText(), '1. Spring welcome event: who does what\n2. Winter coats');
  assert.doesNotMatch(await lip.locator('main').innerText(), /\bnull\b|undefined/);
  await checkAxe(lip, 'working group (LIP)');
  await shoot(lip, 'lip-working-group');
  await lip.close();
});

test('a member ticks off an action of their working group in one tap', async () => {
  const worker = await phone('worker@tandem.example');
  await worker.locator('#working-groups a', { hasText: 'Newcomer housing' }).click();
  await worker.locator('h1', { hasText: 'Newcomer housing' }).waitFor();
  const open = worker.locator('#actions li', { hasText: 'Find furniture storage for the winter' });
  assert.equal(await worker.locator('#actions h2 .count').innerText(), '1');
  await open.locator('button', { hasText: 'Mark done' }).click();
  await confirmed(worker, 'Marked done.');
  assert.equal(await worker.locator('#actions h2 .count').innerText(), '0');
  await worker.locator('#actions li.done', { hasText: 'Find furniture storage for the winter' })
    .locator('button', { hasText: 'Open again' }).waitFor();
  assert.equal(await worker.locator('#new-meeting').count(), 0);
  await checkAxe(worker, 'working group (member)');
  await shoot(worker, 'worker-working-group');
  await worker.close();
});

test('a LIP coordinator names a SAH coordinator to a group by their address', async () => {
  const sah = env.srv.sql("SELECT name FROM users WHERE email = 'sah@tandem.example'");
  const lip = await phone('lip@tandem.example');
  await lip.locator('#working-groups a', { hasText: 'Newcomer housing' }).click();
  await lip.locator('h1', { hasText: 'Newcomer housing' }).waitFor();
  const change = lip.locator('#change-group');
  await change.locator('summary').click();
  // a refugee's address is refused as any address of no one would be
  await change.getByLabel('People, by their address (optional)').fill('refugee@tandem.example');
  await change.locator('button[type="submit"]').click();
  await change.locator('.field-error', { hasText: 'is not someone who may be a member' }).waitFor();
  await change.getByLabel('People, by their address (optional)').fill('sah@tandem.example');
  await change.locator('button[type="submit"]').click();
  await confirmed(lip, 'The group is changed.');
  await lip.locator('#members-card li', { hasText: sah }).waitFor();
  assert.doesNotMatch(await lip.locator('main').innerText(), /\bnull\b|undefined/);
  await checkAxe(lip, 'working group changed (LIP)');
  await lip.close();

  // the SAH's coordinator finds it on their first page
  const coordinator = await phone('sah@tandem.example');
  await coordinator.locator('#working-groups a', { hasText: 'Newcomer housing' }).waitFor();
  await coordinator.close();
});
