// The demo dashboard (www/) in headless Chromium against tmr-mock, as owner, editor and viewer.
// Run through scripts/test-dashboard.sh (mock serving the assembled site). Fails on any page error
// or unexpected console error; saves screenshots of each main view to a printed folder.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { CHROMIUM_ARGS } from './chromium.mjs';

const require = createRequire(new URL('../../tools/', import.meta.url));
const { chromium } = require('playwright-core');
const URL_ = process.env.TMR_MOCK_URL;
const SHOTS = process.env.SCREENSHOTS ?? new URL('../../target/screenshots/', import.meta.url).pathname;
let browser, page, problems, expected;

before(async () => {
  assert.ok(URL_, 'run through scripts/test-dashboard.sh');
  mkdirSync(SHOTS, { recursive: true });
  console.log(`# screenshots: ${SHOTS}`);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
after(() => browser?.close());

beforeEach(async () => {
  assert.equal((await fetch(`${URL_}/__mock/reset`, { method: 'POST' })).status, 200);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  problems = [];
  expected = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const i = expected.findIndex((re) => re.test(m.text()));
    if (i >= 0) expected.splice(i, 1);
    else problems.push(`console: ${m.text()}`);
  });
  page.on('dialog', (d) => d.accept());
  await page.goto(`${URL_}/`);
  await page.locator('#usage .usage').first().waitFor();
});

const clean = async () => {
  await page.close();
  assert.deepEqual(problems, [], 'no page or console errors');
};
/** Wait until `view` of `team` is rendered for `user` (data attributes set by app.js after each render). */
const settled = (view, team = 'Acme Marketing', user) => page.waitForFunction(([v, t, u]) => {
  const s = document.querySelector('#view');
  return !s.hasAttribute('aria-busy') && s.dataset.view === v && s.dataset.team === t && (!u || s.dataset.user === u);
}, [view, team, user]);
const VIEW_OF_TAB = { Overview: 'overview', Members: 'members', Clients: 'clients', Connections: 'connections', Data: 'data' };
const tab = async (name, team) => {
  await page.getByRole('tab', { name }).click();
  await settled(VIEW_OF_TAB[name], team);
};
const EMAIL = { owner: 'ada@acme.example', editor: 'grace@acme.example', viewer: 'linus@acme.example' };
const persona = async (name) => {
  await page.selectOption('#persona', { label: name });
  await settled('overview', 'Acme Marketing', EMAIL[name]);
};
const notice = (text) => page.locator('.notice', { hasText: text }).first();
const writes = async () => (await (await fetch(`${URL_}/__mock/stats`)).json()).writes;

test('owner: overview with usage bars, invite, last-owner rule checked before sending', async () => {
  assert.equal(await page.locator('#team').inputValue() !== '', true);
  assert.equal(await page.locator('#team option:checked').textContent(), 'Acme Marketing');
  assert.ok((await page.locator('#usage .usage').count()) >= 4, 'members, three connectors, schedules');
  await page.screenshot({ path: `${SHOTS}/overview.png`, fullPage: true });

  await tab('Members');
  await page.locator('#members').waitFor();
  const owner = page.locator('tr[data-member="ada@acme.example"] select');
  await owner.selectOption('editor');
  await notice('Cannot demote the last owner. Assign another owner first.').waitFor();
  assert.deepEqual(await writes(), {}, 'stopped by the SDK before any request');
  assert.equal(await owner.inputValue(), 'owner');

  await page.fill('#invite-form input[name=email]', 'new.hire@example.com');
  await page.selectOption('#invite-form select[name=role]', 'editor');
  await page.click('#invite-form button[type=submit]');
  await page.locator('tr[data-invite="new.hire@example.com"]').waitFor();
  await page.screenshot({ path: `${SHOTS}/members.png`, fullPage: true });
  await clean();
});

test('viewer: every write is disabled with its reason', async () => {
  await persona('viewer');
  await tab('Members');
  await page.locator('#members').waitFor();
  const select = page.locator('tr[data-member="grace@acme.example"] select');
  assert.equal(await select.isDisabled(), true);
  assert.match(await select.getAttribute('title'), /members\.updateRole needs the owner role/);
  assert.equal(await page.locator('#invite-form button[type=submit]').isDisabled(), true);
  await tab('Clients');
  await page.locator('#clients').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Link account to Beta Brands' }).isDisabled(), true);
  await tab('Connections');
  await page.locator('#connections').waitFor();
  assert.equal(await page.locator('#connections button', { hasText: 'Delete' }).first().isDisabled(), true);
  await tab('Data');
  await page.locator('#query').waitFor();
  assert.match(await page.locator('#query button[type=submit]').getAttribute('title'), /data\.runQuery needs the editor role/);
  await clean();
});

test('editor: links an account to a client but cannot invite', async () => {
  await persona('editor');
  await tab('Members');
  await page.locator('#members').waitFor();
  assert.equal(await page.locator('#invite-form button[type=submit]').isDisabled(), true);
  await tab('Clients');
  const beta = page.locator('[data-client="Beta Brands"]');
  await beta.waitFor();
  await beta.getByRole('button', { name: 'Link account to Beta Brands' }).click();
  await beta.locator('li[data-account]').first().waitFor();
  assert.equal((await writes())['clients.linkAccount'].editor, 1);
  await page.screenshot({ path: `${SHOTS}/clients.png`, fullPage: true });
  await clean();
});

test('data: a run-query draws a chart with one point per day', async () => {
  await tab('Data');
  await page.locator('#query').waitFor();
  await page.selectOption('#query select[name=preset]', 'custom');
  await page.fill('#query input[name=startDate]', '2026-03-01');
  await page.fill('#query input[name=endDate]', '2026-03-14');
  await page.click('#query button[type=submit]');
  const chart = page.locator('#query-result svg.chart');
  await chart.waitFor();
  assert.equal(await chart.getAttribute('data-points'), '14');
  assert.equal(await chart.locator('.series').first().locator('.point').count(), 14);
  assert.equal(await page.locator('#rows tbody tr').count(), 14);
  await page.screenshot({ path: `${SHOTS}/data.png`, fullPage: true });
  await clean();
});

test('connections: revoked highlighted, delete behind a confirmation, plan headroom on enable', async () => {
  await tab('Connections');
  await page.locator('#connections').waitFor();
  assert.equal(await page.locator('#connections tr.revoked').count(), 1);
  await page.screenshot({ path: `${SHOTS}/connections.png`, fullPage: true });
  await page.locator('#connections tr.revoked button', { hasText: 'Delete' }).click();
  await page.locator('#connections tr.revoked').waitFor({ state: 'detached' });
  await settled('connections');
  await page.selectOption('#team', { label: 'Limit Labs' });
  await settled('connections', 'Limit Labs');
  const enable = page.locator('#connectors [data-connector="gadw"] button', { hasText: 'Enable' }).first();
  assert.equal(await enable.isDisabled(), true);
  assert.match(await enable.getAttribute('title'), /Plan limit reached: 2\/2/);
  await clean();
});

test('an injected fault shows an error notice and the page keeps working', async () => {
  // The SDK retries an idempotent GET twice: three 500s, each logged by Chromium.
  expected.push(/status of 500/, /status of 500/, /status of 500/);
  await page.route('**/teams/*/clients', (route) => route.continue({ headers: { ...route.request().headers(), 'x-mock-fault': 'status=500' } }));
  await page.getByRole('tab', { name: 'Clients' }).click();
  await notice('Internal server error').waitFor();
  assert.ok(await page.locator('.notice.error code', { hasText: 'INTERNAL_SERVER_ERROR 500' }).count() >= 1);
  await page.unroute('**/teams/*/clients');
  await tab('Overview');
  await page.locator('#usage .usage').first().waitFor();
  await tab('Clients');
  await page.locator('#clients').waitFor();
  await clean();
});

test('usable at 390 px wide', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await tab('Members');
  await page.locator('#members').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `no horizontal page scroll (${overflow}px)`);
  await page.screenshot({ path: `${SHOTS}/members-390.png`, fullPage: true });
  await clean();
});
