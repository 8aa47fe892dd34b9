// directory.test.mjs - the directory of local services (issue 12) in real
// browsers: a sponsor on a phone reaches the demo's Arabic-speaking family
// doctor in Hamilton from their home in at most three taps, by a shortcut and
// by typing in French (and Arabic, right to left, nothing scrolling
// sideways); a worker searches from a case, refers the family to her and
// shares her in the thread; curators correct a service and verify a stale
// one, which leaves the list to verify. axe on every page; screenshots.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAxe, noSideways, shoot, signIn, useTandem } from './browser.mjs';

const env = useTandem();
const doctor = 'Dr. Samira Haddad, family physician';
const phone = { viewport: { width: 360, height: 780 }, hasTouch: true, isMobile: true };

async function signedIn(email, options = { viewport: { width: 1280, height: 900 } }) {
  const context = await env.browser.newContext(options);
  const page = await context.newPage();
  await signIn(page, env.srv.url, email);
  await page.locator('#nav a').first().waitFor();
  return { page, context };
}

// A tap that is counted: the path's length is the test's subject.
function counter(page) {
  const c = { taps: 0 };
  c.tap = async (locator) => {
    c.taps += 1;
    await locator.tap();
  };
  c.home = async () => {
    await page.goto(`${env.srv.url}/#/home`);
    await page.locator('#turn-title').waitFor();
    c.taps = 0;
  };
  return c;
}

const firstResult = (page) => page.locator('.services > li').first();

test('a sponsor on a phone reaches the Arabic-speaking family doctor in three taps, by a shortcut and in French', async () => {
  const { page, context } = await signedIn('sponsor@tandem.example', phone);
  const c = counter(page);
  await c.home();
  await checkAxe(page, "sponsor's home with where to turn");
  await noSideways(page, "sponsor's home (360 px)");

  // home → "Find a family doctor" → her card → her page
  await c.tap(page.getByRole('link', { name: 'Find a family doctor' }));
  await page.locator('h1', { hasText: 'Local services' }).waitFor();
  await firstResult(page).waitFor();
  assert.equal(await firstResult(page).locator('h3').innerText(), doctor, 'her first among family doctors near the sponsor');
  // near the sponsor: their group's community, Hamilton
  const community = page.locator('select[name="community"]');
  assert.equal(await community.locator(`option[value="${await community.inputValue()}"]`).innerText(), 'Hamilton');
  await checkAxe(page, 'directory results');
  await noSideways(page, 'directory results (360 px)');
  await c.tap(firstResult(page).getByRole('link', { name: doctor }));
  await page.locator('h1', { hasText: doctor }).waitFor();
  assert.ok(c.taps <= 3, `${c.taps} taps`);
  // what the sponsor needs to go: the phone to call, the language's note
  const tel = page.locator('a[href^="tel:"]');
  assert.equal(await tel.getAttribute('href'), 'tel:+19055550100');
  assert.equal(await tel.getAttribute('dir'), 'ltr');
  await page.getByText('Dr. Haddad speaks Arabic with every patient.').waitFor();
  await page.getByText('1020 King Street West').waitFor();
  // a sponsor refers no one and curates nothing: no such control
  assert.equal(await page.locator('#refer, #curation').count(), 0);
  await checkAxe(page, 'service page');
  await noSideways(page, 'service page (360 px)');
  await shoot(page, 'directory-service');

  // home → "Search all local services" → type and search → her card (her page)
  await c.home();
  await c.tap(page.getByRole('link', { name: 'Search all local services' }));
  await page.fill('input[name="q"]', 'médecin de famille arabe');
  await c.tap(page.getByRole('button', { name: 'Search', exact: true }));
  await page.locator('.chips li', { hasText: 'Family doctor and primary care' }).waitFor();
  await page.locator('.chips li', { hasText: 'Arabic' }).waitFor();
  assert.equal(await firstResult(page).locator('h3').innerText(), doctor, 'the French search finds her first');
  await shoot(page, 'directory-search');
  await c.tap(firstResult(page).getByRole('link', { name: doctor }));
  await page.locator('h1', { hasText: doctor }).waitFor();
  assert.ok(c.taps <= 3, `${c.taps} taps`);

  // dropping what was understood searches again without it
  await page.goBack();
  await page.getByRole('button', { name: 'Search without “Arabic”' }).tap();
  await page.locator('.chips li', { hasText: 'Arabic' }).waitFor({ state: 'detached' });
  assert.equal(await page.locator('select[name="category"]').inputValue(), 'health.primary_care',
    'the category understood stays, as a filter');
  await context.close();
});

test('the directory in Arabic reads right to left, and an Arabic search finds her first', async () => {
  const { page, context } = await signedIn('sponsor@tandem.example', phone);
  await page.selectOption('#lang', 'ar');
  await page.locator('html[dir="rtl"][lang="ar"]').waitFor();
  await page.goto(`${env.srv.url}/#/directory`);
  await page.fill('input[name="q"]', 'طبيب أسرة عربي');
  await page.locator('form[role="search"] button[type="submit"]').tap();
  await page.locator('.chips li').first().waitFor();
  assert.equal(await firstResult(page).locator('h3').innerText(), doctor);
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  await checkAxe(page, 'directory (ar)');
  await noSideways(page, 'directory (ar, 360 px)');
  await firstResult(page).locator('h3 a').tap();
  await page.locator('h1', { hasText: doctor }).waitFor();
  await checkAxe(page, 'service page (ar)');
  await noSideways(page, 'service page (ar, 360 px)');
  // the page's own words are Arabic; the service's name keeps its direction
  assert.equal(await page.locator('h1').getAttribute('dir'), 'auto');
  await page.selectOption('#lang', 'en');
  await context.close();
});

// The demo worker's open case, which the worker may refer.
const workerCase = () => env.srv.sql("SELECT min(c.id) FROM cases c JOIN users u ON u.id = c.worker_id"
  + " WHERE u.email = 'worker@tandem.example' AND c.status = 'active'");

test('a worker finds the doctor from a case, refers the family to her, and the referral shows on the case', async () => {
  const id = workerCase();
  assert.ok(Number(id) > 0, 'the demo worker has an active case');
  const { page, context } = await signedIn('worker@tandem.example');
  await page.goto(`${env.srv.url}/#/cases/${id}/referrals`);
  await page.getByRole('link', { name: 'Find a service in the directory' }).click();
  await page.locator('.notice-inline', { hasText: 'Searching for the' }).waitFor();
  await page.fill('input[name="q"]', 'Arabic family doctor');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.locator('.chips li', { hasText: 'Arabic' }).waitFor();
  assert.equal(await firstResult(page).locator('h3').innerText(), doctor);
  await firstResult(page).locator('h3 a').click();
  await page.locator('h1', { hasText: doctor }).waitFor();
  assert.match(page.url(), new RegExp(`\\?case=${id}$`));
  const form = page.locator('form#refer');
  // the need is guessed from the service's category
  assert.equal(await form.locator('select[name="domain"]').inputValue(), 'health');
  await checkAxe(page, 'service page from a case');
  await form.locator('textarea[name="notes"]').fill('Taking new patients; appointments in Arabic.');
  const [sent] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/cases/${id}/referrals`)),
    form.locator('button[type="submit"]').click(),
  ]);
  assert.equal(sent.status(), 201);
  await page.locator('#refer .saved', { hasText: 'is referred to this service' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('saved')), true,
    'the confirmation takes the focus');
  await page.locator('#refer .saved a').click();
  const row = page.locator('#panel .card', { hasText: doctor });
  await row.waitFor();
  assert.match(await row.innerText(), /Health/);
  await checkAxe(page, 'referrals with one from the directory');
  await context.close();
});

test('a worker shares the doctor in the case thread, where she shows as a card', async () => {
  const id = workerCase();
  const { page, context } = await signedIn('worker@tandem.example');
  const serviceId = env.srv.sql(`SELECT id FROM services WHERE name = '${doctor}'`);
  await page.goto(`${env.srv.url}/#/directory/${serviceId}?case=${id}`);
  const form = page.locator('form#share');
  await form.waitFor();
  await form.locator('textarea[name="body"]').fill('A doctor who speaks Arabic, near you.');
  const [sent] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/cases/${id}/messages`)),
    form.locator('button[type="submit"]').click(),
  ]);
  assert.equal(sent.status(), 201);
  await form.locator('.saved a').click();
  const shared = page.locator('.thread .shared-service', { hasText: doctor });
  await shared.waitFor();
  await checkAxe(page, 'thread with a shared service');
  await shared.locator('a').click();
  await page.locator('h1', { hasText: doctor }).waitFor();
  await context.close();
});

test('curators correct a service, and verify a stale one, which leaves the list to verify', async () => {
  const { page, context } = await signedIn('lip@tandem.example');
  await page.goto(`${env.srv.url}/#/directory`);
  await page.getByRole('link', { name: 'Services to verify again' }).click();
  await page.locator('h1', { hasText: 'Services to verify again' }).waitFor();
  const card = firstResult(page);
  await card.waitFor();
  const name = await card.locator('h3').innerText();
  await card.locator('.badge.stale').waitFor();
  await checkAxe(page, 'services to verify');
  await shoot(page, 'directory-verify');
  await card.getByRole('button', { name: `Mark ${name} verified today` }).click();
  await page.locator('.results .saved', { hasText: `${name} is marked verified today.` }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('saved')), true);
  assert.equal(await page.locator('.services h3', { hasText: name }).count(), 0);
  await page.reload();
  await firstResult(page).waitFor();
  assert.equal(await page.locator('.services h3', { hasText: name }).count(), 0, 'it left the list to verify');
  const today = new Date().toISOString().slice(0, 10);
  assert.equal(env.srv.sql(`SELECT assured_date FROM services WHERE name = '${name.replaceAll("'", "''")}'`), today);

  // a temporarily closed service says so plainly; its curator corrects it
  const closed = env.srv.sql("SELECT id FROM services WHERE status = 'temporarily closed' ORDER BY id LIMIT 1");
  await page.goto(`${env.srv.url}/#/directory/${closed}`);
  await page.locator('.badge.closed', { hasText: 'Temporarily closed' }).waitFor();
  await page.locator('#edit summary').click();
  await page.fill('#edit textarea[name="fees_description"]', 'Free of charge.');
  await page.locator('#edit select[name="status"]').selectOption('active');
  await page.locator('#edit button[type="submit"]').click();
  await page.locator('#curation .saved', { hasText: 'Saved.' }).waitFor();
  await page.locator('.badge.closed').waitFor({ state: 'detached' });
  await page.getByText('Free of charge.').first().waitFor();
  assert.equal(env.srv.sql(`SELECT status || '|' || fees_description FROM services WHERE id = '${closed}'`), 'active|Free of charge.');
  await checkAxe(page, 'service page with curation');
  await context.close();
});

test('a sponsor shares a service into their family\'s thread from the directory itself', async () => {
  const { page, context } = await signedIn('sponsor@tandem.example', phone);
  const serviceId = env.srv.sql(`SELECT id FROM services WHERE name = '${doctor}'`);
  await page.goto(`${env.srv.url}/#/directory/${serviceId}`);
  await page.locator('h1', { hasText: doctor }).waitFor();
  // several families: the sponsor picks one and the page opens for it
  const pick = page.locator('#pick-family');
  await page.locator('#pick-family, form#share').first().waitFor();
  if (await pick.count()) {
    await checkAxe(page, 'service page with a family to pick');
    // families of one name are told apart by their case's number
    assert.match(await pick.locator('option').first().innerText(), /family · case \d+$/);
    await pick.locator('button[type="submit"]').tap();
    await page.waitForFunction(() => document.activeElement?.id === 'for-case-title', null, { timeout: 10000 });
  }
  const form = page.locator('form#share');
  await form.waitFor();
  const id = new URL(page.url().replace('#/', '')).searchParams.get('case')
    ?? env.srv.sql("SELECT min(c.id) FROM cases c JOIN sponsor_groups g ON g.id = c.sponsor_group_id"
      + " JOIN memberships m ON m.group_id = g.id JOIN users u ON u.id = m.user_id WHERE u.email = 'sponsor@tandem.example'");
  await form.locator('textarea[name="body"]').fill('She speaks Arabic and takes new patients.');
  const [sent] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && /\/cases\/\d+\/messages$/.test(r.url())),
    form.locator('button[type="submit"]').tap(),
  ]);
  assert.equal(sent.status(), 201);
  assert.ok(Number(id) > 0);
  assert.equal(Number(env.srv.sql(`SELECT count(*) FROM messages WHERE resource_id = '${serviceId}' AND case_id = ${id}`
    + " AND body = 'She speaks Arabic and takes new patients.'")), 1);
  await noSideways(page, 'service page shared by a sponsor (360 px)');
  await context.close();
});

test('a language the text names ranks first, and the searcher may keep only its services', async () => {
  const { page, context } = await signedIn('sponsor@tandem.example');
  await page.goto(`${env.srv.url}/#/directory?q=${encodeURIComponent('Arabic family doctor')}`);
  await page.locator('.chips li', { hasText: 'Arabic' }).waitFor();
  await page.getByText('Services offered in Arabic come first; the others follow.').waitFor();
  await page.getByText('“Family doctor and primary care” comes first; services of other kinds follow.').waitFor();
  await page.getByRole('button', { name: 'Show only services in Arabic' }).click();
  await page.waitForFunction(() => document.querySelector('select[name="language"]')?.value === 'ar',
    null, { timeout: 10000 });
  await firstResult(page).waitFor();
  for (const meta of await page.locator('.services > li').allInnerTexts())
    assert.match(meta, /Arabic/, 'only services offered in Arabic');
  assert.equal(await page.getByRole('button', { name: 'Show only services in Arabic' }).count(), 0);
  await page.getByRole('button', { name: 'Show only “Family doctor and primary care”' }).click();
  await page.waitForFunction(() => document.querySelector('select[name="category"]')?.value === 'health.primary_care',
    null, { timeout: 10000 });
  assert.equal(await firstResult(page).locator('h3').innerText(), doctor);
  await checkAxe(page, 'directory filtered by the language named');
  await context.close();
});

test('a curator corrects a service\'s phone, languages and hours, and the browser\'s checks speak the page\'s language', async () => {
  const { page, context } = await signedIn('lip@tandem.example');
  const serviceId = env.srv.sql(`SELECT id FROM services WHERE name = '${doctor}'`);
  // a service nobody has verified says so, not "for a year"
  const never = env.srv.sql("SELECT id FROM services WHERE assured_date IS NULL AND status = 'active' ORDER BY id LIMIT 1");
  await page.goto(`${env.srv.url}/#/directory/${never}`);
  await page.getByText('No one has verified this service yet: call before you go.').waitFor();
  assert.equal(await page.locator('.marks .badge.stale').innerText(), 'Never verified');
  // the way to the list to verify starts on the coordinator's home
  await page.goto(`${env.srv.url}/#/home`);
  await page.getByRole('link', { name: 'Services to verify again' }).waitFor();
  await page.goto(`${env.srv.url}/#/directory/${serviceId}`);
  await page.locator('#edit summary').click();
  const edit = page.locator('#edit form');
  await edit.locator('input[name="number"]').fill('+1 905 555 0111');
  await edit.getByRole('checkbox', { name: 'English' }).uncheck();
  // a third opening hour, on Saturday morning
  await edit.locator('fieldset[data-hour="3"]').getByRole('checkbox', { name: 'Sat' }).check();
  await edit.locator('input[name="opens3"]').fill('10:00');
  await edit.locator('input[name="closes3"]').fill('14:00');
  await checkAxe(page, 'curation with phone, languages and hours');
  await edit.locator('button[type="submit"]').click();
  await page.locator('#curation .saved', { hasText: 'Saved.' }).waitFor();
  await page.getByText('Saturday').first().waitFor();
  assert.equal(env.srv.sql(`SELECT count(*) FROM schedules WHERE service_id = '${serviceId}'`), '3');
  assert.equal(env.srv.sql(`SELECT number FROM phones WHERE service_id = '${serviceId}'`), '+1 905 555 0111');
  assert.equal(env.srv.sql(`SELECT count(*) FROM service_languages WHERE service_id = '${serviceId}'`), '1');
  assert.equal(env.srv.sql(`SELECT code FROM service_languages WHERE service_id = '${serviceId}'`), 'ar');

  // hours that close before they open: said under that hour's closing
  // time, before anything is sent, and the last "Saved." gone
  await page.locator('#edit summary').click();
  await edit.locator('input[name="opens3"]').fill('15:00');
  await edit.locator('button[type="submit"]').click();
  const closes = edit.locator('input[name="closes3"] ~ .field-error');
  await closes.waitFor();
  assert.match(await closes.innerText(), /Opening hours \(3\) close before they open/);
  assert.equal(await page.evaluate(() => document.activeElement?.name), 'closes3');
  assert.equal(await page.locator('#curation > .saved').count(), 0);
  assert.equal(env.srv.sql(`SELECT opens_at FROM schedules WHERE service_id = '${serviceId}' AND byday = 'SA'`), '10:00');

  // in Arabic, an empty name is refused before anything is sent, in Arabic
  await page.selectOption('#lang', 'ar');
  await page.locator('html[dir="rtl"]').waitFor();
  assert.equal(await page.locator('#nav').getAttribute('aria-label'), 'القائمة الرئيسية');
  await page.goto(`${env.srv.url}/#/directory/${serviceId}`);
  await page.locator('#edit summary').click();
  let patched = 0;
  page.on('request', (r) => { if (r.method() === 'PATCH') patched += 1; });
  await edit.locator('input[name="name"]').fill('');
  await edit.locator('button[type="submit"]').click();
  const error = edit.locator('input[name="name"] ~ .field-error');
  await error.waitFor();
  assert.equal(await error.innerText(), 'هذا الحقل مطلوب.');
  assert.equal(await edit.locator('input[name="name"]').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement?.name), 'name');
  assert.equal(patched, 0, 'nothing sent');
  await page.selectOption('#lang', 'en');
  await context.close();
});

test('SPO staff find the services to verify from Today and from the agency page', async () => {
  for (const [email, path] of [['worker@tandem.example', '#/today'], ['manager@tandem.example', '#/agency']]) {
    const { page, context } = await signedIn(email);
    await page.goto(`${env.srv.url}/${path}`);
    await page.getByRole('link', { name: 'Services to verify again' }).click();
    await page.locator('h1', { hasText: 'Services to verify again' }).waitFor();
    await context.close();
  }
});
