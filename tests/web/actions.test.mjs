// actions.test.mjs - what the page offers is what the server allows: the
// sponsor, the refugee and a partner SPO's worker walk every tab of the
// family's case and submit every form and flip every switch they are shown,
// and no request comes back 403; the partner, who may do nothing on the case,
// is shown nothing to do; the refugee's consent page has a switch only where
// consent changes what someone sees, and says what sponsors always see.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAxe, signIn, useTandem } from './browser.mjs';

const env = useTandem();
const familyCase = () => env.srv.sql("SELECT p.case_id FROM persons p JOIN users u ON u.id = p.user_id"
  + " WHERE u.email = 'refugee@tandem.example'");

// A signed-in page of its own that counts the API requests in flight and
// records every one refused with 403.
async function person(email) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const who = { page, context, refused: [], inflight: 0 };
  const api = (r) => r.url().includes('/api/');
  page.on('request', (r) => { if (api(r)) who.inflight++; });
  page.on('requestfinished', (r) => { if (api(r)) who.inflight--; });
  page.on('requestfailed', (r) => { if (api(r)) who.inflight--; });
  page.on('response', (r) => {
    if (api(r) && r.status() === 403) who.refused.push(`${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  await signIn(page, env.srv.url, email);
  await page.locator('#nav a').first().waitFor();
  return who;
}

// Waits until no API request has been in flight for a moment (a submit, then
// the page's redraw).
async function settle(who) {
  for (let quiet = 0; quiet < 3;) {
    await who.page.waitForTimeout(50);
    quiet = who.inflight ? 0 : quiet + 1;
  }
}

// Every tab of the case, every form submitted as it stands (the page's own
// handler, past the browser's checks, so that the server answers), every
// switch flipped. Returns what was offered, by tab.
async function walk(who, caseId) {
  const { page } = who;
  const offered = {};
  await page.goto(`${env.srv.url}/#/cases/${caseId}`);
  await page.locator('#panel-title').waitFor();
  const tabs = await page.locator('.tabs a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const href of tabs) {
    await page.goto(`${env.srv.url}/${href}`);
    await page.locator('#panel-title').waitFor();
    await settle(who);
    const forms = await page.locator('main form').count();
    for (let i = 0; i < forms; i++) {
      await page.locator('main form').nth(i).evaluate((f) => f.dispatchEvent(new Event('submit', { cancelable: true })));
      await settle(who);
    }
    const switches = page.locator('main input[role="switch"]:not([disabled])');
    const n = await switches.count();
    for (let i = 0; i < n; i++) {
      await switches.nth(i).click();
      await settle(who);
    }
    offered[href.split('/').pop()] = { forms, switches: n };
  }
  return offered;
}

test('the sponsor is offered only what sponsors may do', async () => {
  const caseId = familyCase();
  const sponsor = await person('sponsor@tandem.example');
  const offered = await walk(sponsor, caseId);
  assert.deepEqual(sponsor.refused, [], 'a control the sponsor was shown was refused');
  assert.ok(offered.plan.forms > 0, 'the sponsors\' own tasks are offered');
  assert.ok(offered.messages.forms === 1, 'the sponsor writes in the thread');
  for (const tab of ['meetings', 'needs'])
    assert.equal(offered[tab].forms, 0, `nothing to do on ${tab}`);
  // a worker's task is shown, not offered
  await sponsor.page.goto(`${env.srv.url}/#/cases/${caseId}/plan`);
  const doctor = sponsor.page.locator('li', { hasText: 'Find a family doctor' });
  await doctor.waitFor();
  assert.equal(await doctor.locator('select, button').count(), 0);
  await checkAxe(sponsor.page, 'sponsor plan, others\' tasks shown without controls');
  await sponsor.context.close();
});

test('the refugee is offered only what the family may do, and only switches that change something', async () => {
  const caseId = familyCase();
  const family = await person('refugee@tandem.example');
  await family.page.goto(`${env.srv.url}/#/cases/${caseId}/consents`);
  await family.page.locator('input[role="switch"]').first().waitFor();
  const names = await family.page.locator('input[role="switch"]').evaluateAll((xs) => xs.map((x) => x.name).sort());
  // sponsors and the SAH always see contact; neither sees notes; the SAH never
  // health or messages: no switch for those
  assert.deepEqual(names, ['partner_spo-contact', 'partner_spo-needs', 'sah-needs', 'sponsor_group-health',
    'sponsor_group-messages', 'sponsor_group-needs']);
  const text = await family.page.locator('#panel').innerText();
  assert.match(text, /Always sees, whatever you choose: names, contact details, progress\./);
  assert.match(text, /Your sponsors are responsible for welcoming and supporting you/);
  await checkAxe(family.page, 'consent page');
  await family.page.selectOption('#lang', 'ar');
  await family.page.locator('html[dir="rtl"][lang="ar"]').waitFor();
  await family.page.getByText('كفلاؤك مسؤولون عن استقبالك').waitFor();
  await checkAxe(family.page, 'consent page (ar)');
  await family.page.selectOption('#lang', 'en');
  await family.page.locator('html[dir="ltr"][lang="en"]').waitFor();

  const offered = await walk(family, caseId);
  assert.deepEqual(family.refused, [], 'a control the family was shown was refused');
  assert.equal(offered.consents.switches, names.length);
  for (const tab of ['meetings', 'needs'])
    assert.equal(offered[tab].forms, 0, `nothing to do on ${tab}`);
  await family.context.close();
});

test("a partner SPO's worker reads what was shared and is offered nothing", async () => {
  const caseId = familyCase();
  // a worker of an SPO in partnership with the case's SAH, not its own SPO
  const email = env.srv.sql('SELECT u.email FROM users u JOIN memberships m ON m.user_id = u.id'
    + ' JOIN partnerships p ON p.spo_org_id = m.org_id JOIN cases c ON c.id = ' + caseId
    + ' JOIN sponsor_groups g ON g.id = c.sponsor_group_id WHERE u.role = \'worker\' AND u.disabled = FALSE'
    + ' AND p.sah_org_id = g.sah_org_id AND m.org_id <> c.spo_org_id ORDER BY u.id LIMIT 1');
  assert.ok(email, 'the demo data has a partner SPO for the family\'s SAH');
  // the family shares its contact details with the partner SPO, which can then open the case
  env.srv.sql('INSERT INTO consents (case_id, person_id, audience, data_class, verbal, granted_at)'
    + ` SELECT case_id, id, 'partner_spo', 'contact', FALSE, ${Math.floor(Date.now() / 1000)} FROM persons WHERE case_id = ${caseId}`
    + " AND user_id = (SELECT id FROM users WHERE email = 'refugee@tandem.example')");
  const partner = await person(email);
  const offered = await walk(partner, caseId);
  assert.deepEqual(partner.refused, [], 'a control the partner was shown was refused');
  assert.equal(offered.messages, undefined, 'the thread is not the partner\'s');
  for (const [tab, o] of Object.entries(offered))
    assert.deepEqual(o, { forms: 0, switches: 0 }, `the partner was offered something on ${tab}`);
  await partner.page.goto(`${env.srv.url}/#/cases/${caseId}/meetings`);
  await partner.page.locator('#panel-title').waitFor();
  await checkAxe(partner.page, 'partner meetings');
  await partner.context.close();
});
