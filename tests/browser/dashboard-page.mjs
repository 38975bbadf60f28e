// What the dashboard's browser tests share: Chromium, a fresh page on a reset mock that records
// page and console errors, and waits for a view to be on screen (marks set by www/app.js).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { CHROMIUM_ARGS } from './chromium.mjs';

const require = createRequire(new URL('../../tools/', import.meta.url));
const { chromium } = require('playwright-core');
export const URL_ = process.env.TMR_MOCK_URL;
export const SHOTS = process.env.SCREENSHOTS ?? new URL('../../target/screenshots/', import.meta.url).pathname;

export async function launch() {
  assert.ok(URL_, 'run through scripts/with-mock.sh --static "$(bash scripts/site.sh)"');
  mkdirSync(SHOTS, { recursive: true });
  console.log(`# screenshots: ${SHOTS}`);
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * A new page at `path` of the site on a reset mock, recording page errors and console errors
 * (`problems`) except those matching a regex a test put in `expected`; dialogs are accepted and
 * handed to `onDialog`.
 */
export async function freshPage(browser, path, { viewport = { width: 1280, height: 900 }, onDialog = () => {} } = {}) {
  assert.equal((await fetch(`${URL_}/__mock/reset`, { method: 'POST' })).status, 200);
  const page = await browser.newPage({ viewport });
  const problems = [];
  const expected = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const i = expected.findIndex((re) => re.test(m.text()));
    if (i >= 0) expected.splice(i, 1);
    else problems.push(`console: ${m.text()}`);
  });
  page.on('dialog', (d) => { onDialog(d); d.accept(); });
  await page.goto(`${URL_}${path}`);
  return { page, problems, expected };
}

/**
 * A new page on the dashboard (mock reset first), connected as the owner, overview shown. `expected`
 * takes regexes of console errors a test causes on purpose; `clean()` closes the page and fails
 * on any other error.
 */
export async function openDashboard(browser, viewport = { width: 1280, height: 900 }) {
  const { page, problems, expected } = await freshPage(browser, '/', { viewport });
  await page.locator('#usage .usage').first().waitFor();
  const clean = async () => {
    await page.close();
    assert.deepEqual(problems, [], 'no page or console errors');
  };
  return { page, expected, clean };
}

/** Wait until `view` of `team` is rendered for `user`. */
export const settled = (page, view, team = 'Acme Marketing', user) => page.waitForFunction(([v, t, u]) => {
  const s = document.querySelector('#view');
  return !s.hasAttribute('aria-busy') && s.dataset.view === v && s.dataset.team === t && (!u || s.dataset.user === u);
}, [view, team, user]);

const VIEW_OF_TAB = { Overview: 'overview', Members: 'members', Clients: 'clients', Connections: 'connections', Data: 'data' };
/** Click a view's tab and wait for the view. */
export async function tab(page, name, team) {
  await page.getByRole('tab', { name }).click();
  await settled(page, VIEW_OF_TAB[name], team);
}

/** Wait for the overview's trend card to finish (`ready`, `unavailable`, `empty` or `error`). */
export const trendDone = (page) => page.locator('#trend:not([data-state=loading])').waitFor();
