// events.test.mjs - the community's events (issue 13) on a phone: a
// sponsor finds an event from their home and takes a place in two taps; a
// full event puts the next on its wait list, by number (the list kept to
// one community); a host checks people in on the day from a phone, one tap
// each, and the count moves, writes to those with a place, then changes
// the places and cancels the event after a question; an SPO manager
// creates an event from the page; a sponsor who came answers the survey
// from the events page, naming a service found in the directory, and the
// hosts read what people said; an SPO manager reads what the agency's
// events came to, quarter by quarter; the LIP coordinator's home lists the
// community's events. axe in English and Arabic, nothing scrolls sideways
// at 360 px, and no page writes "null".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs as apiAsOn, checkAxe, settled, shoot, signIn, useTandem } from './browser.mjs';

const env = useTandem();
const one = (q) => env.srv.sql(q);

async function phone(email) {
  const page = await env.browser.newPage({ viewport: { width: 360, height: 780 } });
  await signIn(page, env.srv.url, email);
  await page.locator('#nav a').first().waitFor();
  await settled(page);
  return page;
}

// The JSON API as one person, outside the browser.
const apiAs = (email) => apiAsOn(env.srv.url, email);

async function confirmed(page, text) {
  await page.locator('p.saved[role="status"]:focus', { hasText: text }).waitFor();
}

test('a sponsor finds an event from their home and takes a place in two taps', async () => {
  const page = await phone('sponsor@tandem.example');
  const near = page.locator('#events-near');
  await near.waitFor();
  await near.locator('a', { hasText: 'Renting your first home in Hamilton' }).click();   // 1
  await page.locator('h1', { hasText: 'Renting your first home in Hamilton' }).waitFor();
  assert.match(await page.locator('dl.facts').innerText(), /Online: the link is given to those with a place/);
  await page.locator('button', { hasText: 'Take a place' }).click();                     // 2
  await confirmed(page, 'You have a place.');
  await page.locator('dl.facts a', { hasText: 'Join online' }).waitFor();
  assert.equal(await page.locator('button', { hasText: 'Give up my place' }).count(), 1);
  assert.doesNotMatch(await page.locator('main').innerText(), /\bnull\b|undefined/);
  await checkAxe(page, 'event (sponsor)');
  await shoot(page, 'sponsor-event');
  // Home says so.
  await page.goto(`${env.srv.url}/#/home`);
  await page.locator('#events-near li', { hasText: 'you have a place' }).waitFor();
  await page.close();
});

test('a full event puts the next person on its wait list, by number', async () => {
  const page = await phone('g5@tandem.example');
  await page.locator('#nav a[href="#/events"]').click();
  // Hamilton's only: Toronto's events leave the list.
  await page.locator('li.event', { hasText: 'Enrolling children in school' }).waitFor();
  await page.getByLabel('Community', { exact: true }).selectOption({ label: 'Hamilton' });
  assert.equal(await page.locator('li.event', { hasText: 'Enrolling children in school' }).count(), 0);
  const card = page.locator('li.event', { hasText: 'The first year, month by month' });
  await card.locator('dd', { hasText: 'Full: 2 people waiting' }).waitFor();
  await card.locator('button', { hasText: 'Join the wait list' }).click();
  await confirmed(page, 'It is full: you are number 3 on the wait list.');
  const mine = page.locator('li.event', { hasText: 'The first year, month by month' });
  assert.match(await mine.innerText(), /You are on the wait list: number 3\./);
  await checkAxe(page, 'events (wait list)');
  await shoot(page, 'sponsor-events');
  await page.close();
});

test('a host checks people in from a phone, one tap each, and the count moves; writes to them; then changes and cancels it', async () => {
  const hamilton = Number(one("SELECT id FROM communities WHERE name = 'Hamilton'"));
  const soon = new Date(Date.now() + 3600e3);
  const later = new Date(Date.now() + 3 * 3600e3);
  const manager = await apiAs('manager@tandem.example');
  const made = await manager('POST', '/api/v1/events', { title: 'Tenants\' rights drop-in', topic: 'housing',
    starts_at: soon.toISOString().slice(0, 19) + 'Z', ends_at: later.toISOString().slice(0, 19) + 'Z',
    mode: 'in_person', place: 'Central Library', audience: ['sponsors'], languages: ['en'], capacity: 10,
    community_id: hamilton });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  for (const email of ['sponsor@tandem.example', 'g5@tandem.example']) {
    assert.equal((await (await apiAs(email))('POST', `/api/v1/events/${made.body.id}/registration`)).status, 201);
  }
  const page = await phone('manager@tandem.example');
  await page.goto(`${env.srv.url}/#/events/${made.body.id}`);
  const coming = page.locator('section[aria-labelledby="coming-title"]');
  await coming.locator('p', { hasText: '0 of 2 checked in' }).waitFor();
  assert.equal(await coming.locator('a[href$="registrations.csv"]').count(), 1);
  // not begun: no survey results yet
  assert.equal(await page.locator('#survey-results').count(), 0);
  const first = coming.locator('li.attendee', { hasText: 'Peter Campbell' });
  await first.locator('button', { hasText: 'Check in' }).click();
  await confirmed(page, 'Peter Campbell is checked in.');
  await coming.locator('p', { hasText: '1 of 2 checked in' }).waitFor();
  assert.equal(await page.locator('li.attendee', { hasText: 'Peter Campbell' }).locator('button[aria-pressed="true"]').count(), 1);
  assert.equal(one(`SELECT count(*) FROM event_registrations WHERE event_id = ${made.body.id}`
    + ' AND checked_in_at IS NOT NULL'), '1');
  await checkAxe(page, 'event (host)');
  await shoot(page, 'manager-event-check-in');

  // The hosts write to those with a place: one message each in the outbox,
  // a subject left empty named first.
  const mail = page.locator('#mail-event');
  await mail.locator('summary').click();
  await mail.getByLabel('To').selectOption('registered');
  await mail.getByLabel('Message').fill('Bring a copy of your lease if you have one.');
  await mail.locator('button[type="submit"]').click();
  await mail.locator('#' + await mail.getByLabel('Subject').getAttribute('id') + '-err', { hasText: /\S/ }).waitFor();
  await mail.getByLabel('Subject').fill('Bring your lease');
  await mail.locator('button[type="submit"]').click();
  await confirmed(page, 'Sent to 2 people.');
  assert.equal(one("SELECT count(*) FROM outbox o JOIN event_mail m ON m.id = o.mail_id AND o.kind = 'event'"
    + ` WHERE m.event_id = ${made.body.id} AND o.subject LIKE '%Bring your lease%'`), '2');

  // The hosts change the places, then cancel it, after a question.
  await page.locator('#edit-event summary').click();
  await page.locator('#edit-event').getByLabel('Places', { exact: true }).fill('12');
  await page.locator('#edit-event button[type="submit"]').click();
  await confirmed(page, 'The event is changed.');
  await page.locator('dd', { hasText: '10 places left' }).waitFor();
  await page.locator('button', { hasText: 'Cancel this event' }).click();
  await page.locator('p.notice-inline:focus', { hasText: '2 people have a place or wait for one' }).waitFor();
  await page.locator('button', { hasText: 'Yes, cancel it' }).click();
  await confirmed(page, 'The event is cancelled.');
  assert.equal(one(`SELECT status FROM events WHERE id = ${made.body.id}`), 'cancelled');
  assert.equal(await page.locator('#edit-event').count(), 0);
  await page.close();
});

test('an SPO manager creates an event from the page', async () => {
  const page = await phone('manager@tandem.example');
  await page.locator('#nav a[href="#/events"]').click();
  await page.locator('#create-event summary').click();
  const form = page.locator('form#new-event');
  await form.getByLabel('Title').fill('Winter clothing exchange');
  await form.getByLabel('Topic').selectOption('other');
  const day = new Date(Date.now() + 20 * 86400e3).toISOString().slice(0, 10);
  await form.getByLabel('Day').fill(day);
  await form.getByLabel('Place', { exact: true }).fill('Westdale Community Hall');
  await form.getByLabel('Places', { exact: true }).fill('25');
  await form.locator('button[type="submit"]').click();
  await confirmed(page, 'The event is created.');
  await page.locator('li.event', { hasText: 'Winter clothing exchange' }).waitFor();
  assert.equal(one("SELECT capacity FROM events WHERE title = 'Winter clothing exchange'"), '25');
  await page.close();
});

test('a sponsor who came answers the survey, and the hosts read what people said', async () => {
  const past = one("SELECT id FROM events WHERE title = 'Finding a family doctor'");
  const me = one("SELECT id FROM users WHERE email = 'sponsor@tandem.example'");
  env.srv.sql(`INSERT INTO event_registrations (event_id, user_id, status, registered_at, placed_at, from_wait_list)`
    + ` VALUES (${past}, ${me}, 'registered', 1, 1, FALSE)`);
  const before = Number(one(`SELECT count(*) FROM event_survey_answers WHERE event_id = ${past}`));
  const page = await phone('sponsor@tandem.example');
  await page.locator('#nav a[href="#/events"]').click();
  const card = page.locator('li.event', { hasText: 'Finding a family doctor' });
  await card.locator('a', { hasText: 'Tell us how it went' }).click();
  const form = page.locator('form#survey');
  await form.waitFor();
  // over: nothing to join any more
  assert.equal(await page.locator('dl.facts a', { hasText: 'Join online' }).count(), 0);
  await checkAxe(page, 'survey');
  // (the screenshots redraw the page in Arabic and back: answer after them)
  await shoot(page, 'sponsor-survey');
  await form.getByLabel('5, very').check();
  const named = Number(one(`SELECT count(*) FROM event_survey_answers WHERE event_id = ${past}`
    + ' AND service_id IS NOT NULL'));
  // which service, asked only of one who learned of one
  assert.equal(await form.getByLabel('Which one? (optional)').isVisible(), false);
  await form.getByLabel('Yes').check();
  // the service learned of, found in the directory as they type
  await form.getByLabel('Which one? (optional)').fill('family doctor');
  const service = form.locator('fieldset[name="service_id"] label').first();
  await service.waitFor();
  const serviceName = (await service.innerText()).trim();
  await service.locator('input').check();
  // a topic someone asked for already
  const asked = one(`SELECT next_topic FROM event_survey_answers WHERE event_id = ${past}`
    + ' AND next_topic IS NOT NULL ORDER BY next_topic LIMIT 1');
  assert.ok(asked, 'the demo has a topic asked for');
  await form.getByLabel('What should the next one cover? (optional)').fill(asked);
  await form.locator('button[type="submit"]').click();
  await confirmed(page, 'Thank you: your answer is kept without your name.');
  assert.equal(await page.locator('form#survey').count(), 0);
  assert.equal(Number(one(`SELECT count(*) FROM event_survey_answers WHERE event_id = ${past}`)), before + 1);
  assert.equal(Number(one(`SELECT count(*) FROM event_survey_answers WHERE event_id = ${past}`
    + ' AND service_id IS NOT NULL')), named + 1);
  await page.close();

  // The host finds the past event among those it hosted lately, the
  // latest first.
  const host = await phone('manager@tandem.example');
  await host.locator('#nav a[href="#/events"]').click();
  await host.locator('h2', { hasText: 'Events you hosted lately' }).waitFor();
  const hostedLately = await host.locator('h2:has-text("Events you hosted lately") + ul li.event a')
    .evaluateAll((links) => links.map((a) => Number(a.getAttribute('href').split('/').pop())));
  const { body: listed } = await (await apiAs('manager@tandem.example'))('GET', '/api/v1/events');
  const startOf = new Map(listed.events.map((ev) => [ev.id, Date.parse(ev.starts_at)]));
  assert.ok(hostedLately.length >= 2, 'the demo agency hosted several events');
  assert.deepEqual(hostedLately, [...hostedLately].sort((a, b) => startOf.get(b) - startOf.get(a)));
  await host.locator('li.event a', { hasText: 'Finding a family doctor' }).click();
  await host.locator('h2', { hasText: 'Who came' }).waitFor();
  assert.match(await host.locator('dl.facts').first().innerText(), /It took place: \d+ people had a place/);
  const results = host.locator('#survey-results');
  await results.locator('dt', { hasText: 'Found it helpful (4 or 5)' }).waitFor();
  // the same topic asked for by several shows once, with how many asked
  await results.locator('li', { hasText: `${asked} (2)` }).waitFor();
  const topics = one(`SELECT next_topic || CASE count(*) WHEN 1 THEN '' ELSE ' (' || count(*) || ')' END`
    + ` FROM event_survey_answers WHERE event_id = ${past} AND next_topic IS NOT NULL GROUP BY next_topic`)
    .split('\n');
  const shown = await results.locator('h3:has-text("What to cover next") + ul li').allInnerTexts();
  assert.deepEqual(shown.map((x) => x.trim()).sort(), topics.sort());
  await results.locator('li a', { hasText: serviceName }).waitFor();
  assert.doesNotMatch(await host.locator('main').innerText(), /\bnull\b|undefined/);
  await checkAxe(host, 'survey results');
  await shoot(host, 'manager-survey-results');
  await host.close();
});

test("an SPO manager reads what the agency's events came to, quarter by quarter", async () => {
  const manager = await apiAs('manager@tandem.example');
  const me = (await manager('GET', '/api/v1/me')).body;
  const { body: r } = await manager('GET', `/api/v1/organizations/${me.memberships.organizations[0]}/event-results`);
  assert.ok(r.quarters.length >= 4, 'the demo runs the knowledge exchange over the year');
  const page = await phone('manager@tandem.example');
  await page.locator('#nav a[href="#/events"]').click();
  await page.locator('#results-link').click();
  await page.locator('h1', { hasText: `Results of the events of ${r.organization.name}` }).waitFor();
  assert.match(await page.locator('#results-total').innerText(), new RegExp(`${r.total.events} events · `
    + `${r.total.registered} places taken · ${r.total.attended} came \\(\\d+%\\) · \\d+% found it helpful, `
    + `of ${r.total.helpful_answers} answers`));
  assert.equal(await page.locator('#results-quarters li').count(), r.quarters.length);
  // an event with too few answers says so, and shows no share
  const small = r.events.find((ev) => ev.answers > 0 && ev.helpful_share === null);
  if (small) {
    assert.match(await page.locator('#results-events li', { hasText: small.title }).innerText(),
      /answers?: too few to show/);
  }
  await page.locator('#results-events a', { hasText: 'Finding a family doctor' }).waitFor();
  assert.doesNotMatch(await page.locator('main').innerText(), /\bnull\b|undefined|NaN/);
  await checkAxe(page, 'event results');
  await shoot(page, 'manager-event-results');
  await page.close();

  // a sponsor is offered no such page
  const sponsor = await phone('sponsor@tandem.example');
  await sponsor.locator('#nav a[href="#/events"]').click();
  await sponsor.locator('h1', { hasText: 'Events' }).waitFor();
  await settled(sponsor);
  assert.equal(await sponsor.locator('#results-link').count(), 0);
  await sponsor.close();
});

test("the LIP coordinator's home lists the community's events with the places taken", async () => {
  const page = await phone('lip@tandem.example');
  const box = page.locator('#community-events');
  await box.waitFor();
  const item = box.locator('li', { hasText: 'Renting your first home in Hamilton' });
  await item.waitFor();
  assert.match(await item.innerText(), /\d+ of 40 places taken/);
  // another community's event is not there
  assert.equal(await box.locator('li', { hasText: 'Enrolling children in school' }).count(), 0);
  await checkAxe(page, 'LIP home');
  await item.locator('a').click();
  await page.locator('h1', { hasText: 'Renting your first home in Hamilton' }).waitFor();
  await page.close();
});
