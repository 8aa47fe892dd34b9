// staff.test.mjs - the SPO manager assigns a waiting case to a worker from
// the agency's page; the SAH coordinator sees its groups' cases and what is
// overdue. axe in English and Arabic; screenshots of both main pages.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAxe, shoot, signIn, useTandem } from './browser.mjs';

const env = useTandem();

test('the manager assigns a waiting case to a worker', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, env.srv.url, 'manager@tandem.example');
  await page.locator('h1', { hasText: 'Today' }).waitFor();
  await page.click('nav a[href="#/agency"]');
  await page.locator('h2', { hasText: 'Waiting for a worker' }).waitFor();
  await page.locator('h2', { hasText: 'Workers' }).waitFor();
  await checkAxe(page, 'agency');
  await shoot(page, 'manager-agency');
  const form = page.locator('ul.tasks li form').first();
  const id = (await form.locator('a').getAttribute('href')).split('/').pop();
  assert.equal(env.srv.sql(`SELECT status FROM cases WHERE id = ${id}`), 'referred');
  const worker = await form.locator('select').inputValue();
  await form.locator('button').click();
  await page.waitForFunction((cid) => !document.querySelector(`ul.tasks a[href="#/cases/${cid}"]`), id);
  assert.equal(env.srv.sql(`SELECT status || ':' || worker_id FROM cases WHERE id = ${id}`), `assigned:${worker}`);
  await page.close();
});

test('the SAH coordinator sees its groups cases and what is overdue', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, env.srv.url, 'sah@tandem.example');
  await page.locator('h1', { hasText: 'Today' }).waitFor();
  await page.click('nav a[href="#/groups"]');
  await page.locator('h1', { hasText: 'Your sponsor groups' }).waitFor();
  await page.locator('main h2').first().waitFor();
  const groups = await page.locator('main h2').count();
  const expected = Number(env.srv.sql("SELECT count(DISTINCT c.sponsor_group_id) FROM cases c JOIN sponsor_groups g"
    + " ON g.id = c.sponsor_group_id WHERE g.sah_org_id = (SELECT org_id FROM memberships m JOIN users u"
    + " ON u.id = m.user_id WHERE u.email = 'sah@tandem.example')"));
  assert.equal(groups, expected);
  await checkAxe(page, 'groups');
  await shoot(page, 'sah-groups');
  await page.close();
});
