// partnerships.test.mjs - the SAH coordinator's case in a community no
// agreement covers waits in its "no partner agency" list, with no agency to
// hand it to; the SAH drafts an agreement for that community with an SPO
// serving it, the SPO's manager approves it in the page, and the SAH's next
// case there is referred to that SPO with the reason in its history. The
// draft carries the template's clauses and activities and a clause in the
// parties' own words, shown by party on the card (to the approving side in
// French too); a clause the draft's amendment leaves out is gone. The
// waiting case is then handed on from the list; a manager hands a case on
// from the case's page; an agreement in force is narrowed, refused a
// widening with the successor offered, offers no editing of its clauses,
// and is ended after a confirmation. A Group of Five's sponsor reads its
// group's agreement, drafts one with another agency, whose manager approves
// it, and the group's next case is referred by its agreements. axe
// in English and Arabic, nothing scrolls sideways at 360 px.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs as apiAsOn, checkAxe, openAs, settled, shoot, signIn, useTandem } from './browser.mjs';

const env = useTandem();
const one = (q) => env.srv.sql(q);
const sah = () => one("SELECT m.org_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'sah@tandem.example'");
const kingston = () => one("SELECT id FROM communities WHERE name = 'Kingston'");
const orgId = (name) => one(`SELECT id FROM organizations WHERE name = '${name}'`);
// An SPO serving Kingston with no agreement with the SAH: the demo's Rideau.
const rideau = () => orgId('Rideau Settlement Services');
const rideauManager = () => one(`SELECT u.email FROM users u JOIN memberships m ON m.user_id = u.id`
  + ` WHERE u.role = 'spo_manager' AND m.org_id = ${rideau()} ORDER BY u.id LIMIT 1`);

// The JSON API as one person, outside the browser.
const apiAs = (email) => apiAsOn(env.srv.url, email);

// A new case of one of the SAH's groups in Kingston, opened without naming an SPO.
async function kingstonCase(family) {
  const group = one(`SELECT id FROM sponsor_groups WHERE sah_org_id = ${sah()} AND community_id = ${kingston()}`
    + ' ORDER BY id LIMIT 1');
  const call = await apiAs('sah@tandem.example');
  const res = await call('POST', '/api/v1/cases', { family_name: family, preferred_language: 'ar', stream: 'PSR',
    sponsor_group_id: Number(group), community_id: Number(kingston()) });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

const signedIn = (email, lang) => openAs(env, email, { lang });

// The confirmation after a save: in a live region, holding the focus.
async function confirmed(page, text) {
  await page.locator('p.saved[role="status"]:focus', { hasText: text }).waitFor();
}

let waiting;

test('a case no agreement covers waits in the SAH list, with no agency to hand it to', async () => {
  waiting = await kingstonCase('Gapfamily');
  assert.equal(waiting.spo_org_id, null);
  const page = await signedIn('sah@tandem.example');
  const item = page.locator('#no-partner li', { hasText: 'Gapfamily' });
  await item.waitFor();
  assert.match(await item.innerText(), /Kingston/);
  assert.match(await item.locator('.handon-none').innerText(), /No partner agency covers Kingston/);
  assert.equal(await item.locator('form').count(), 0);
  await checkAxe(page, 'no partner list');
  await shoot(page, 'sah-no-partner');
  // Its page says it waits for an agency, and never prints a missing value.
  await page.goto(`${env.srv.url}/#/cases/${waiting.id}`);
  const next = page.locator('#panel p.next');
  await next.waitFor();
  assert.match(await next.innerText(), /No partner agency yet/);
  assert.doesNotMatch(await page.locator('#panel').innerText(), /\bnull\b|undefined/);
  await page.close();
});

test('the SAH drafts an agreement, the SPO manager approves it, and the next case is referred by it', async () => {
  const page = await signedIn('sah@tandem.example');
  await page.click('nav a[href="#/partnerships"]');
  await page.locator('h1', { hasText: 'Partnerships' }).waitFor();
  await page.locator('li.partnership', { hasText: 'Harbourfront Newcomer Centre' }).waitFor();
  const draft = page.locator('form#draft');
  await draft.locator('select[name="spo_org_id"]').selectOption({ label: 'Rideau Settlement Services' });
  const communities = draft.locator('fieldset[name="community_ids"] label');
  assert.deepEqual(await communities.allInnerTexts(), ['Kingston']);
  // health and notes are never offered
  assert.deepEqual((await draft.locator('fieldset[name="classes"] label').allInnerTexts()).map((s) => s.trim()),
    ['names', 'contact details', 'progress', 'needs']);
  await draft.getByLabel('Kingston').check();
  await draft.getByLabel('contact details').check();
  // Who does what: the template's, all kept to start with, by party named.
  const clauses = draft.locator('fieldset[name="clauses"]');
  const template = (await (await apiAs('sah@tandem.example'))('GET', '/api/v1/partnerships/template')).body;
  assert.equal(await clauses.locator('.term-list input:checked').count(), template.clauses.length);
  assert.equal(await draft.locator('fieldset[name="activities"] .term-list input:checked').count(),
    template.activities.length);
  await clauses.locator('legend', { hasText: 'What Rideau Settlement Services does' }).waitFor();
  await clauses.locator('legend', { hasText: 'What Diocese of Maple Valley Refugee Office does' }).waitFor();
  await draft.getByLabel('A knowledge exchange event for sponsors and staff each season').uncheck();
  await clauses.getByLabel('Who does it').selectOption('both');
  await clauses.getByLabel('The clause, in your own words').fill('Meet at the Kingston library every second month.');
  await clauses.locator('button', { hasText: 'Add a clause' }).click();
  const own = clauses.getByLabel('Meet at the Kingston library every second month.');
  assert.ok(await own.isChecked());
  assert.ok(await own.evaluate((el) => el === document.activeElement), 'the added clause has the focus');
  await draft.locator('button[type="submit"]').click();
  await confirmed(page, 'The draft is sent to Rideau Settlement Services for approval.');
  const card = page.locator('li.partnership', { hasText: 'Rideau Settlement Services' });
  assert.match(await card.innerText(), /Draft[\s\S]*Waiting for Rideau Settlement Services to approve it/);
  // the name in the sentence stands in its own isolate
  await card.locator('p.notice-inline bdi[dir="auto"]', { hasText: 'Rideau Settlement Services' }).waitFor();
  assert.equal(await card.locator('button', { hasText: 'Approve' }).count(), 0);
  const terms = card.locator('details.terms');
  assert.match(await terms.locator('.terms-spo h4').innerText(), /What Rideau Settlement Services does/);
  await terms.locator('.terms-sah li', { hasText: 'Refer each new sponsorship' }).waitFor();
  await terms.locator('.terms-both li[dir="auto"]', { hasText: 'Meet at the Kingston library' }).waitFor();
  assert.equal(await terms.locator('.terms-activities li', { hasText: 'knowledge exchange' }).count(), 0);
  await checkAxe(page, 'partnerships (SAH)');
  await shoot(page, 'sah-partnerships');
  const id = one(`SELECT id FROM partnerships WHERE spo_org_id = ${rideau()} AND sah_org_id = ${sah()}`);
  assert.equal(one(`SELECT status FROM partnerships WHERE id = ${id}`), 'draft');
  const read = async () => (await (await apiAs('sah@tandem.example'))('GET', '/api/v1/partnerships')).body
    .partnerships.find((p) => String(p.id) === id);
  let sent = await read();
  // by party, as the form groups them; the parties' own words last of theirs
  assert.deepEqual(sent.clauses.map((c) => c.key).filter(Boolean).sort(), template.clauses.map((c) => c.key).sort());
  assert.deepEqual(sent.clauses.at(-1), { party: 'both', key: null, text: 'Meet at the Kingston library every second month.' });
  assert.deepEqual(sent.activities.map((a) => a.key), ['orientation_sessions', 'case_review']);

  // The draft amended: a clause left out is gone from the card.
  await card.locator('summary', { hasText: 'Amend' }).click();
  await card.getByLabel('Meet the sponsor group before arrival to agree who does what in the first weeks.').uncheck();
  await card.locator('button', { hasText: 'Save the amendment' }).click();
  await confirmed(page, 'The agreement is amended.');
  const amended = page.locator(`#partnership-${id} details.terms`);
  await amended.locator('li', { hasText: 'Meet at the Kingston library' }).waitFor();
  assert.equal(await amended.locator('li', { hasText: 'Meet the sponsor group before arrival' }).count(), 0);
  sent = await read();
  assert.ok(!sent.clauses.some((c) => c.key === 'pre_arrival'));
  assert.equal(sent.clauses.length, template.clauses.length);

  // The approving side reads them in French, the parties' words as written.
  const french = await signedIn(rideauManager(), 'fr');
  await french.goto(`${env.srv.url}/#/partnerships`);
  const frterms = french.locator(`#partnership-${id} details.terms`);
  await frterms.locator('summary', { hasText: 'Qui fait quoi' }).waitFor();
  assert.match(await frterms.locator('.terms-sah h4').innerText(), /Ce que fait Diocese of Maple Valley Refugee Office/);
  await frterms.locator('.terms-sah li', { hasText: 'Orienter chaque nouveau parrainage' }).waitFor();
  await frterms.locator('.terms-both li[dir="auto"]', { hasText: 'Meet at the Kingston library every second month.' })
    .waitFor();
  assert.equal(await frterms.locator('li', { hasText: 'Rencontrer le groupe de parrainage avant' }).count(), 0);
  await frterms.locator('.terms-activities li', { hasText: 'examen trimestriel' }).waitFor();
  await checkAxe(french, 'partnerships (manager, fr)');
  await french.close();

  const manager = await signedIn(rideauManager(), 'en');
  await manager.click('nav a[href="#/partnerships"]');
  const theirs = manager.locator(`#partnership-${id}`);
  await theirs.waitFor();
  assert.match(await theirs.innerText(), /Diocese of Maple Valley Refugee Office[\s\S]*Waiting for your approval/);
  await checkAxe(manager, 'partnerships (manager)');
  await shoot(manager, 'manager-partnerships');
  await theirs.locator('button', { hasText: 'Approve this agreement' }).click();
  await confirmed(manager, 'Approved.');
  await manager.locator(`#partnership-${id} .badge`, { hasText: 'In force' }).waitFor();
  assert.equal(one(`SELECT status FROM partnerships WHERE id = ${id}`), 'active');
  await manager.close();

  const next = await kingstonCase('Routedfamily');
  assert.equal(String(next.spo_org_id), rideau());
  assert.equal(next.status, 'referred');
  await page.goto(`${env.srv.url}/#/cases/${next.id}`);
  await page.locator('.facts dd', { hasText: 'Rideau Settlement Services' }).waitFor();
  await page.goto(`${env.srv.url}/#/cases/${next.id}/history`);
  const reason = page.locator('ol.history p.reason[dir="auto"]');
  await reason.first().waitFor();
  assert.match(await reason.first().innerText(),
    new RegExp(`Referred automatically to Rideau Settlement Services under its agreement with .* \\(no\\. ${id},.*Kingston`));
  await page.close();
});

test('the SAH hands the waiting case on from its list', async () => {
  const page = await signedIn('sah@tandem.example');
  const item = page.locator(`#none-${waiting.id}`);
  await item.waitFor();
  await item.locator('select[name="spo_org_id"]').selectOption({ label: 'Rideau Settlement Services' });
  await item.getByLabel('Reason (optional)').fill('Rideau now covers Kingston.');
  await item.locator('button[type="submit"]').click();
  await confirmed(page, 'The Gapfamily family is handed on to Rideau Settlement Services.');
  assert.equal(await page.locator(`#none-${waiting.id}`).count(), 0);
  assert.equal(one(`SELECT spo_org_id FROM cases WHERE id = ${waiting.id}`), rideau());
  await page.goto(`${env.srv.url}/#/cases/${waiting.id}/history`);
  await page.locator('ol.history p.reason', { hasText: 'Rideau now covers Kingston.' }).waitFor();
  await page.close();
});

test('a manager hands a case on from its page, and loses it', async () => {
  const harbourfront = orgId('Harbourfront Newcomer Centre');
  const id = one(`SELECT c.id FROM cases c JOIN sponsor_groups g ON g.id = c.sponsor_group_id WHERE g.sah_org_id = ${sah()}`
    + ` AND c.spo_org_id = ${harbourfront} AND c.status IN ('referred', 'assigned') ORDER BY c.id LIMIT 1`);
  const page = await signedIn('manager@tandem.example');
  await page.goto(`${env.srv.url}/#/cases/${id}`);
  const box = page.locator('details#hand-on');
  await box.locator('summary').click();
  const to = box.locator('select[name="spo_org_id"]');
  assert.deepEqual(await to.locator('option').allInnerTexts(), ['Lakeshore Settlement Collective']);
  await checkAxe(page, 'case with hand on');
  await shoot(page, 'manager-hand-on');
  await box.locator('summary').click();
  await box.getByLabel('Reason (optional)').fill('The family moved closer to Lakeshore.');
  await box.locator('button[type="submit"]').click();
  await confirmed(page, 'is handed on to Lakeshore Settlement Collective.');
  assert.equal(one(`SELECT spo_org_id FROM cases WHERE id = ${id}`), orgId('Lakeshore Settlement Collective'));
  await page.close();
});

test('an agreement in force narrows, refuses to widen with a successor offered, and ends after a confirmation', async () => {
  const page = await signedIn('sah@tandem.example');
  await page.goto(`${env.srv.url}/#/partnerships`);
  const card = page.locator('li.partnership', { hasText: 'Harbourfront Newcomer Centre' });
  await card.locator('summary', { hasText: 'Amend' }).click();
  await card.getByLabel('needs').uncheck();
  await card.locator('button', { hasText: 'Save the amendment' }).click();
  await confirmed(page, 'The agreement is amended.');
  const id = one(`SELECT id FROM partnerships WHERE spo_org_id = ${orgId('Harbourfront Newcomer Centre')} AND sah_org_id = ${sah()}`);
  const { body } = await (await apiAs('sah@tandem.example'))('GET', '/api/v1/partnerships');
  assert.deepEqual(body.partnerships.find((p) => String(p.id) === id).classes, ['contact', 'identity', 'status']);
  const again = page.locator(`#partnership-${id}`);
  await again.locator('summary', { hasText: 'Amend' }).click();
  await again.getByLabel('needs').check();
  await again.locator('button', { hasText: 'Save the amendment' }).click();
  const error = again.locator('.form-error[role="alert"]:focus');
  await error.waitFor();
  assert.match(await error.innerText(), /can only be narrowed/);
  await error.locator('button', { hasText: 'Draft a successor' }).click();
  assert.equal(await page.locator('form#draft select[name="spo_org_id"]').inputValue(),
    `spo:${orgId('Harbourfront Newcomer Centre')}`);
  assert.ok(await page.locator('form#draft').getByLabel('needs', { exact: true }).isChecked());
  // the successor takes its terms: its clauses ticked, the template's it left out not
  const harbourfront = body.partnerships.find((p) => String(p.id) === id);
  assert.equal(await page.locator('form#draft fieldset[name="clauses"] .term-list input:checked').count(),
    harbourfront.clauses.length);

  // Its clauses are agreed: shown, not edited, the successor named as the way.
  const inForce = page.locator(`#partnership-${id}`);
  await inForce.locator('details.terms li').first().waitFor();
  await inForce.locator('details.amend').evaluate((d) => { d.open = true; });
  await inForce.locator('.terms-agreed', { hasText: 'A successor draft changes it.' }).waitFor();
  assert.equal(await inForce.locator('fieldset[name="clauses"], fieldset[name="activities"], textarea').count(), 0);
  assert.equal(await inForce.locator('.terms input').count(), 0);

  const lakeshore = page.locator('li.partnership', { hasText: 'Lakeshore Settlement Collective' });
  await lakeshore.locator('button', { hasText: 'End this agreement' }).click();
  const question = lakeshore.locator('p:focus', { hasText: 'It ends for good' });
  await question.waitFor();
  await lakeshore.locator('button', { hasText: 'Keep it' }).click();
  await lakeshore.locator('button', { hasText: 'End this agreement' }).click();
  await lakeshore.locator('button', { hasText: 'Yes, end it' }).click();
  await confirmed(page, 'The agreement with Lakeshore Settlement Collective has ended.');
  assert.equal(one(`SELECT status FROM partnerships WHERE spo_org_id = ${orgId('Lakeshore Settlement Collective')}`
    + ` AND sah_org_id = ${sah()}`), 'ended');
  await page.close();
});

test("a G5's sponsor drafts an agreement, the agency approves it, and the group's next case goes by its agreements", async () => {
  const group = one("SELECT m.group_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'g5@tandem.example'");
  const groupName = one(`SELECT name FROM sponsor_groups WHERE id = ${group}`);
  const hamilton = one(`SELECT community_id FROM sponsor_groups WHERE id = ${group}`);
  const lakeshore = orgId('Lakeshore Settlement Collective');
  const page = await env.browser.newPage({ viewport: { width: 360, height: 800 } });
  await signIn(page, env.srv.url, 'g5@tandem.example');
  await page.locator('#nav a[href="#/partnerships"]').click();
  await page.locator('h1', { hasText: 'Partnerships' }).waitFor();
  const current = page.locator('li.partnership', { hasText: 'Harbourfront Newcomer Centre' });
  await current.locator('.badge', { hasText: 'In force' }).waitFor();
  await current.locator('details.terms').evaluate((d) => { d.open = true; });
  await current.locator('.terms-sah h4', { hasText: `What ${groupName} does` }).waitFor();
  assert.match(await current.innerText(), /the group's new cases in these communities go to the agency at once/);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scroll');
  await checkAxe(page, 'partnerships (G5 sponsor)');
  await shoot(page, 'sponsor-partnerships');

  const draft = page.locator('form#draft');
  await draft.locator('select[name="spo_org_id"]').selectOption({ label: 'Lakeshore Settlement Collective' });
  // the group's own community is ticked to start with
  assert.ok(await draft.getByLabel('Hamilton', { exact: true }).isChecked());
  await draft.locator('fieldset[name="clauses"] legend', { hasText: `What ${groupName} does` }).waitFor();
  await draft.locator('button[type="submit"]').click();
  await confirmed(page, 'The draft is sent to Lakeshore Settlement Collective for approval.');
  const id = one(`SELECT id FROM partnerships WHERE spo_org_id = ${lakeshore} AND group_id = ${group}`);
  assert.equal(one(`SELECT status FROM partnerships WHERE id = ${id}`), 'draft');
  await page.close();

  const managerEmail = one(`SELECT u.email FROM users u JOIN memberships m ON m.user_id = u.id`
    + ` WHERE u.role = 'spo_manager' AND m.org_id = ${lakeshore} ORDER BY u.id LIMIT 1`);
  const manager = await signedIn(managerEmail);
  await manager.click('nav a[href="#/partnerships"]');
  const theirs = manager.locator(`#partnership-${id}`);
  await theirs.waitFor();
  assert.match(await theirs.innerText(), new RegExp(`${groupName}[\\s\\S]*Waiting for your approval`));
  // an SPO's manager drafts with SAHs and with groups outside any
  await manager.locator('form#draft optgroup[label="Sponsor groups outside a sponsorship agreement holder"] option',
    { hasText: groupName }).waitFor({ state: 'attached' });
  await theirs.locator('button', { hasText: 'Approve this agreement' }).click();
  await confirmed(manager, 'Approved.');
  assert.equal(one(`SELECT status FROM partnerships WHERE id = ${id}`), 'active');
  await manager.close();

  // The group opens its next case (over the API: no page opens cases).
  const call = await apiAs('g5@tandem.example');
  const res = await call('POST', '/api/v1/cases', { family_name: 'Grouprouted', preferred_language: 'ar', stream: 'PSR',
    sponsor_group_id: Number(group), community_id: Number(hamilton) });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.status, 'referred');
  const reason = one(`SELECT reason FROM case_transitions WHERE case_id = ${res.body.id} ORDER BY id DESC LIMIT 1`);
  assert.match(reason, new RegExp(`Referred automatically to .* under its agreement with ${groupName}.*2 agreements cover it`));
});

test("a G5's agreement with an agency away from its community is offered as a successor's party", async () => {
  const group = Number(one("SELECT m.group_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'g5@tandem.example'"));
  const hamilton = one(`SELECT community_id FROM sponsor_groups WHERE id = ${group}`);
  // An SPO serving no community of the group's, and one community it serves.
  const [spo, where] = one(`SELECT o.id || ',' || min(c.community_id) FROM organizations o JOIN organization_communities c`
    + ` ON c.org_id = o.id WHERE o.kind = 'spo' AND o.id NOT IN (SELECT org_id FROM organization_communities`
    + ` WHERE community_id = ${hamilton}) GROUP BY o.id ORDER BY o.id LIMIT 1`).split(',').map(Number);
  const managerEmail = one(`SELECT u.email FROM users u JOIN memberships m ON m.user_id = u.id`
    + ` WHERE u.role = 'spo_manager' AND m.org_id = ${spo} ORDER BY u.id LIMIT 1`);
  const drafted = await (await apiAs(managerEmail))('POST', '/api/v1/partnerships', { spo_org_id: spo, group_id: group,
    starts_on: '2026-01-01', community_ids: [where], classes: ['identity'] });
  assert.equal(drafted.status, 201, JSON.stringify(drafted.body));
  const approved = await (await apiAs('g5@tandem.example'))('POST', `/api/v1/partnerships/${drafted.body.id}/approve`);
  assert.equal(approved.status, 200);
  const spoName = one(`SELECT name FROM organizations WHERE id = ${spo}`);

  const page = await signedIn('g5@tandem.example');
  await page.goto(`${env.srv.url}/#/partnerships`);
  const card = page.locator(`#partnership-${drafted.body.id}`);
  await card.locator('summary', { hasText: 'Amend' }).click();
  await card.getByLabel('contact details').check();
  await card.locator('button', { hasText: 'Save the amendment' }).click();
  const error = card.locator('.form-error[role="alert"]:focus');
  await error.waitFor();
  await error.locator('button', { hasText: 'Draft a successor' }).click();
  const party = page.locator('form#draft select[name="spo_org_id"]');
  assert.equal(await party.inputValue(), `spo:${spo}`);
  assert.equal(await party.locator('option:checked').innerText(), spoName);
  assert.ok(await page.locator('form#draft').getByLabel('contact details').isChecked());
  assert.equal(await page.locator('form#draft fieldset[name="community_ids"] input:checked').count(), 1);
  await page.close();
});

test('a change of language words the terms in the new language, and the page stands only once they are', async () => {
  const id = one(`SELECT id FROM partnerships WHERE spo_org_id = ${rideau()} AND sah_org_id = ${sah()}`);
  const page = await signedIn('sah@tandem.example');
  // The page's first read of the agreements, and the account's new
  // language, each wait until the test lets them go.
  const held = (method, url) => {
    let release;
    const gate = new Promise((resolve) => { release = resolve; });
    let first = true;
    const arrived = new Promise((resolve) => {
      page.route(url, async (route) => {
        if (route.request().method() === method && first) {
          first = false;
          resolve();
          await gate;
        }
        await route.continue();
      });
    });
    return { arrived, release };
  };
  const list = held('GET', '**/api/v1/partnerships');
  const saved = held('PATCH', '**/api/v1/me');
  await page.goto(`${env.srv.url}/#/partnerships`);
  await list.arrived;
  await page.selectOption('#lang', 'ar');
  await saved.arrived;
  // The English page's reading ends while the language is being saved: the
  // page still does not stand.
  list.release();
  const sahTerms = page.locator(`#partnership-${id} details.terms .terms-sah`);
  await sahTerms.locator('li', { hasText: 'Refer each new sponsorship' }).waitFor();
  assert.equal(await page.locator('main').getAttribute('aria-busy'), 'true');
  saved.release();
  await page.locator('html[lang="ar"][dir="rtl"]').waitFor();
  await settled(page);
  assert.match(await sahTerms.innerText(), /إحالة كل كفالة جديدة/);
  await page.selectOption('#lang', 'en');
  await page.locator('html[lang="en"][dir="ltr"]').waitFor();
  await settled(page);
  assert.match(await sahTerms.innerText(), /Refer each new sponsorship/);
  await page.close();
});
