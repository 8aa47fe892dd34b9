// staff.test.mjs - the SPO manager assigns a waiting case to a worker from
// the agency's page; the SAH coordinator sees its groups' cases and what is
// overdue. axe in English and Arabic; screenshots of both main pages.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { axeProblems, launch, signIn } from './browser.mjs';
import { startServer } from './server.mjs';

const shots = new URL('../../docs/screenshots/', import.meta.url).pathname;
let srv;
let browser;

before(async () => {
  srv = await startServer();
  browser = await launch();
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function checkAxe(page, what) {
  assert.deepEqual(await axeProblems(page), [], `axe on ${what}`);
}

async function shoot(page, name, heading) {
  await page.screenshot({ path: `${shots}${name}-en-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });
  await page.screenshot({ path: `${shots}${name}-en-360.png`, fullPage: true });
  await page.selectOption('#lang', 'ar');
  await page.locator('h1', { hasText: heading }).waitFor();
  await checkAxe(page, `${name} (ar)`);
  await page.screenshot({ path: `${shots}${name}-ar-360.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${shots}${name}-ar-1280.png`, fullPage: true });
  await page.selectOption('#lang', 'en');
  await page.locator('html[lang="en"]').waitFor();
}

test('the manager assigns a waiting case to a worker', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, srv.url, 'manager@tandem.example');
  await page.locator('h1', { hasText: 'Today' }).waitFor();
  await page.click('nav a[href="#/agency"]');
  await page.locator('h2', { hasText: 'Waiting for a worker' }).waitFor();
  await page.locator('h2', { hasText: 'Workers' }).waitFor();
  await checkAxe(page, 'agency');
  await shoot(page, 'manager-agency', 'وكالتك');
  const form = page.locator('ul.tasks li form').first();
  const id = (await form.locator('a').getAttribute('href')).split('/').pop();
  assert.equal(srv.sql(`SELECT status FROM cases WHERE id = ${id}`), 'referred');
  const worker = await form.locator('select').inputValue();
  await form.locator('button').click();
  await page.waitForFunction((cid) => !document.querySelector(`ul.tasks a[href="#/cases/${cid}"]`), id);
  assert.equal(srv.sql(`SELECT status || ':' || worker_id FROM cases WHERE id = ${id}`), `assigned:${worker}`);
  await page.close();
});

test('the SAH coordinator sees its groups cases and what is overdue', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, srv.url, 'sah@tandem.example');
  await page.locator('h1', { hasText: 'Today' }).waitFor();
  await page.click('nav a[href="#/groups"]');
  await page.locator('h1', { hasText: 'Your sponsor groups' }).waitFor();
  await page.locator('main h2').first().waitFor();
  const groups = await page.locator('main h2').count();
  const expected = Number(srv.sql("SELECT count(DISTINCT c.sponsor_group_id) FROM cases c JOIN sponsor_groups g"
    + " ON g.id = c.sponsor_group_id WHERE g.sah_org_id = (SELECT org_id FROM memberships m JOIN users u"
    + " ON u.id = m.user_id WHERE u.email = 'sah@tandem.example')"));
  assert.equal(groups, expected);
  await checkAxe(page, 'groups');
  await shoot(page, 'sah-groups', 'مجموعات الكفلاء لديك');
  await page.close();
});
