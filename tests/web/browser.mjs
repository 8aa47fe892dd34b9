// browser.mjs - Debian's Chromium driven by playwright-core, and axe-core's
// accessibility check of a page.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// WCAG 2.1 A and AA violations on the page, of any impact, as lines.
// axe is evaluated through the DevTools protocol: the page's own
// Content-Security-Policy (rightly) refuses injected scripts.
export async function axeProblems(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
}

export async function signIn(page, url, email, password = 'tandem-demo-2026') {
  await page.goto(`${url}/#/signin`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await page.click('form button[type="submit"]');
}

// A new page signed in as email, at width × height; with lang, that
// language chosen on the sign-in page first (it becomes the account's).
export async function openAs(env, email, { lang, width = 1280, height = 900 } = {}) {
  const page = await env.browser.newPage({ viewport: { width, height } });
  if (lang) {
    await page.goto(`${env.srv.url}/#/signin`);
    await page.selectOption('#lang', lang);
    await page.locator(`html[lang="${lang}"]`).waitFor();
  }
  await signIn(page, env.srv.url, email);
  await page.locator('#nav a').first().waitFor();
  return page;
}


// The JSON API as one person, outside the browser (for what no page does,
// such as opening a case): call(method, path, body) gives { status, body }.
export async function apiAs(url, email, password = 'tandem-demo-2026') {
  const res = await fetch(`${url}/api/v1/session`, { method: 'POST',
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
  assert.equal(res.status, 200);
  const { csrf_token: csrf } = await res.json();
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return async (method, path, body) => {
    const r = await fetch(`${url}${path}`, { method, body: body && JSON.stringify(body),
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, ...(body ? { 'Content-Type': 'application/json' } : {}) } });
    return { status: r.status, body: await r.json() };
  };
}

const STEP_MS = 60000;

// Registers the file's before and after hooks: a fresh tandem and a browser
// for its tests. The returned object's srv and browser are set once started.
export function useTandem() {
  const env = { srv: null, browser: null };
  before(async () => {
    env.srv = await startServer();
    env.browser = await launch();
    // Two cores run the server, its database, Chromium and the test at once
    // (and, in CI, PostgreSQL): a step may wait a minute before it fails,
    // where playwright's default is half that. The server's own answers
    // take under a second even then (its access log, 2026-12-06).
    const newContext = env.browser.newContext.bind(env.browser);
    const newPage = env.browser.newPage.bind(env.browser);
    env.browser.newContext = async (...args) => {
      const context = await newContext(...args);
      context.setDefaultTimeout(STEP_MS);
      return context;
    };
    env.browser.newPage = async (...args) => {
      const page = await newPage(...args);
      page.setDefaultTimeout(STEP_MS);
      return page;
    };
    mkdirSync(shots, { recursive: true });
  });
  after(async () => {
    await env.browser?.close();
    await env.srv?.stop();
  });
  return env;
}

export const shots = new URL('../../docs/screenshots/', import.meta.url).pathname;

export async function checkAxe(page, what) {
  assert.deepEqual(await axeProblems(page), [], `axe on ${what}`);
}

// A page wider than the screen scrolls sideways; a wide table scrolls
// inside itself only where it can be reached by keyboard (none does yet).
export async function noSideways(page, what) {
  const wide = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
  assert.ok(wide <= 0, `${what} scrolls sideways by ${wide} px`);
}

// The page at 1280 and 360 px wide, in English and in Arabic (checked by
// axe there too): docs/screenshots/NAME-LANG-WIDTH.png. The page is left in
// English at 1280 px. At 360 px nothing may scroll sideways.
export async function shoot(page, name) {
  const all = { fullPage: true };
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${shots}${name}-en-1280.png`, ...all });
  await page.setViewportSize({ width: 360, height: 780 });
  await noSideways(page, `${name} (en, 360 px)`);
  await page.screenshot({ path: `${shots}${name}-en-360.png`, ...all });
  await page.selectOption('#lang', 'ar');
  await page.locator('html[dir="rtl"][lang="ar"]').waitFor();
  await settled(page);
  await checkAxe(page, `${name} (ar)`);
  await noSideways(page, `${name} (ar, 360 px)`);
  await page.screenshot({ path: `${shots}${name}-ar-360.png`, ...all });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${shots}${name}-ar-1280.png`, ...all });
  await page.selectOption('#lang', 'en');
  await page.locator('html[dir="ltr"][lang="en"]').waitFor();
  await settled(page);
}

// Until the page drawn again (after a change of language, say) stands: the
// application marks its main region busy while a page reads what it shows.
// A load state would not do: the page's own reads come after the load.
export async function settled(page) {
  await page.locator('main:not([aria-busy])').waitFor();
}
