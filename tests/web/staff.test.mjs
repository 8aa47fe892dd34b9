// staff.test.mjs - the SPO manager assigns a waiting case to a worker from
// the agency's page, and applies the matcher's proposals, changing one and
// leaving one; the SAH coordinator sees its groups' cases and what is
// overdue. axe in English and Arabic; screenshots of the main pages.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAxe, shoot, signIn, useTandem } from './browser.mjs';

const env = useTandem();

test('the manager assigns a waiting case to a worker', async () => {
  const fresh = waitingCase(env.srv, 'ar');
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, env.srv.url, 'manager@tandem.example');
  await page.locator('h1', { hasText: 'Your agency' }).waitFor();
  await page.locator('h2', { hasText: 'Waiting for a worker' }).waitFor();
  await page.locator('h2', { hasText: 'Workers' }).waitFor();
  // each case says how long it has waited; one just referred is new, and last
  const titles = await page.locator('ul.tasks li form p.title').allInnerTexts();
  for (const title of titles) assert.match(title, /referred on|waiting since/);
  const newest = page.locator('ul.tasks li form', { has: page.locator(`a[href="#/cases/${fresh}"]`) });
  await newest.locator('.badge', { hasText: 'New' }).waitFor();
  assert.match(titles.at(-1), new RegExp(`case ${fresh}\\b`));
  await checkAxe(page, 'agency');
  await shoot(page, 'manager-agency');
  // a worker's open cases, in the plural form the count takes
  for (const option of await page.locator('ul.tasks select option').allInnerTexts()) {
    const [, count, word] = option.match(/· (\d+) open (cases?) ·/) || [];
    assert.ok(count, `an option with its open cases: ${option}`);
    assert.equal(word, count === '1' ? 'case' : 'cases', option);
  }
  const form = page.locator('ul.tasks li form').first();
  const id = (await form.locator('a').getAttribute('href')).split('/').pop();
  assert.equal(env.srv.sql(`SELECT status FROM cases WHERE id = ${id}`), 'referred');
  const worker = await form.locator('select').inputValue();
  await form.locator('button').click();
  await page.waitForFunction((cid) => !document.querySelector(`ul.tasks a[href="#/cases/${cid}"]`), id);
  assert.equal(env.srv.sql(`SELECT status || ':' || worker_id FROM cases WHERE id = ${id}`), `assigned:${worker}`);
  env.srv.sql(`DELETE FROM cases WHERE id = ${fresh}`);
  await page.close();
});

// A case of the manager's SPO waiting for a worker, put there as an operator would.
function waitingCase(srv, language) {
  const spo = "(SELECT org_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'manager@tandem.example')";
  const now = Math.floor(Date.now() / 1000); // seconds since the epoch, as the store keeps times
  return srv.sql(`INSERT INTO cases (family_name, preferred_language, stream, status, community_id, spo_org_id,`
    + ` created_at, updated_at) SELECT 'Matchtest', '${language}', 'GAR', 'referred', min(community_id), ${spo},`
    + ` ${now}, ${now} FROM organization_communities WHERE org_id = ${spo} RETURNING id`);
}

test('the manager applies the proposals, changing one and leaving one', async () => {
  const changed = waitingCase(env.srv, 'ar');
  const left = waitingCase(env.srv, 'so');
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, env.srv.url, 'manager@tandem.example');
  await page.locator('h1', { hasText: 'Your agency' }).waitFor();
  await page.click('nav a[href="#/matching"]');
  await page.locator('table.proposals tbody tr').first().waitFor();
  const rowOf = (id) => page.locator('table.proposals tbody tr', { has: page.locator(`a[href="#/cases/${id}"]`) });
  await rowOf(changed).waitFor();
  assert.match(await rowOf(changed).locator('td.why').innerText(), /speaks Arabic; serves .+; \d+ of 25 places left/);
  await checkAxe(page, 'matching');
  await shoot(page, 'manager-matching');
  const select = rowOf(changed).locator('select');
  const proposed = await select.inputValue();
  const other = await select.locator(`option:not([value="${proposed}"])`).first().getAttribute('value');
  await select.selectOption(other);
  await rowOf(left).locator('input[type="checkbox"]').uncheck();
  const accepted = await page.locator('table.proposals tbody input[type="checkbox"]:checked').count();
  await page.click('form button[type="submit"]');
  await page.locator('p.notice', { hasText: `${accepted} cases now have their worker` }).waitFor();
  assert.equal(env.srv.sql(`SELECT status || ':' || worker_id FROM cases WHERE id = ${changed}`), `assigned:${other}`);
  assert.equal(env.srv.sql(`SELECT status || ':' || coalesce(CAST(worker_id AS TEXT), '') FROM cases WHERE id = ${left}`), 'referred:');
  // What is left is proposed again.
  await rowOf(left).waitFor();
  await page.close();
});

test('the SAH coordinator sees its groups cases and what is overdue', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, env.srv.url, 'sah@tandem.example');
  await page.locator('h1', { hasText: 'Today' }).waitFor();
  await page.click('nav a[href="#/groups"]');
  await page.locator('h1', { hasText: 'Your sponsor groups' }).waitFor();
  await page.locator('ul.groups > li').first().waitFor();
  const groups = await page.locator('ul.groups > li').count();
  const expected = Number(env.srv.sql("SELECT count(DISTINCT c.sponsor_group_id) FROM cases c JOIN sponsor_groups g"
    + " ON g.id = c.sponsor_group_id WHERE g.sah_org_id = (SELECT org_id FROM memberships m JOIN users u"
    + " ON u.id = m.user_id WHERE u.email = 'sah@tandem.example')"));
  assert.equal(groups, expected);
  await checkAxe(page, 'groups');
  await shoot(page, 'sah-groups');
  await page.close();
});
