// Testing your own dashboard with no server: the page (index.html, dashboard.js) runs unchanged in
// headless Chromium, talking to the real API's URL, and Playwright hands every API request to
// `createMockFetch()` from `tmr-client/mock` — the mock's engine compiled to wasm, running in this
// test process: same answers, rules, 429s and faults as the `tmr-mock` server. The page's own
// files are served by `page.route` too, so nothing listens on a port.
//
// Run it (Node 18.3 or later): npm install tmr-client playwright-core, then
//   node --test dashboard.test.mjs
// CHROMIUM names the browser binary (default /usr/bin/chromium); with Playwright's own browsers
// (`npx playwright install chromium`) drop `executablePath` and `args`.
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { chromium } from 'playwright-core';
import { createMockFetch } from 'tmr-client/mock';
// This project's flags for Debian's chromium (no sandbox in a container, no background traffic).
import { CHROMIUM_ARGS } from '../../tests/browser/chromium.mjs';

const API = 'https://api.twominutereports.com/v1';   // what the dashboard calls: TmrClient's default
const SITE = 'http://dashboard.localhost';           // any origin: page.route answers it
const ROOT = new URL('../', import.meta.url);        // examples/: dashboard/ and node_modules/
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

const mockFetch = createMockFetch();   // the built-in world: its teams, personas and tokens
let api;                               // the mock answering the current test's API requests
let browser, page, pageErrors;

before(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
after(() => browser?.close());

beforeEach(async () => {
  mockFetch.reset();   // every test starts from the world as built
  api = mockFetch;
  page = await browser.newPage();
  pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));   // an uncaught error fails the test
  // The API: the request as the page sent it, answered by the mock's engine.
  await page.route(`${API}/**`, async (route) => {
    const req = route.request();
    const res = await api(req.url(), { method: req.method(), headers: req.headers(), body: req.postDataBuffer() ?? undefined });
    await route.fulfill({ status: res.status, headers: Object.fromEntries(res.headers), body: Buffer.from(await res.arrayBuffer()) });
  });
  // The page's own files, and the package's browser entry and .wasm, from examples/.
  await page.route(`${SITE}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname.slice(1);
    const body = await readFile(new URL(path, ROOT)).catch(() => null);
    await route.fulfill(body ? { body, contentType: TYPES[extname(path)] } : { status: 404 });
  });
  await page.goto(`${SITE}/dashboard/index.html`);
});
afterEach(async () => {
  await page.close();
  assert.deepEqual(pageErrors, []);
});

test("the owner sees each team's plan and member usage", async () => {
  await page.fill('input[name=apiKey]', mockFetch.tokens.owner);
  await page.click('text=Load');
  await page.waitForSelector('#status:text("7 teams")');

  const rows = await page.$$eval('#teams tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
  assert.equal(rows.length, 7);
  assert.deepEqual(rows.find(([team]) => team === 'Acme Marketing'), ['Acme Marketing', 'Growth (active)', '4 / 8']);
  assert.deepEqual(rows.find(([team]) => team === 'No Plan Team'), ['No Plan Team', 'No plan', '2']);
  // A team at its user limit is flagged by the class planHeadroom's status gives the cell.
  assert.equal(await page.getAttribute('#teams tr:has-text("Full House") td:nth-child(3)', 'class'), 'reached');
  // What the page asked the API: one list, then each team once.
  const { requests } = mockFetch.stats();
  assert.deepEqual([requests['teams.list'], requests['teams.get']], [{ owner: 1 }, { owner: 7 }]);
});

test('a refused key shows the error code and the API message', async () => {
  await page.fill('input[name=apiKey]', 'tmrc_live_not_a_key_of_this_world_00');
  await page.click('text=Load');
  await page.waitForSelector('#error:text("UNAUTHORIZED")');
  assert.equal(await page.textContent('#error'), 'UNAUTHORIZED: Authentication required');
  assert.equal(await page.isHidden('#teams'), true);
});

test('an API that fails shows INTERNAL_SERVER_ERROR once the retries are spent', async () => {
  // Faults as tmr-mock's x-mock-fault header takes them: here every request answers 500.
  api = createMockFetch({ faults: 'status=500' });
  await page.fill('input[name=apiKey]', api.tokens.owner);
  await page.click('text=Load');
  await page.waitForSelector('#error:text("INTERNAL_SERVER_ERROR")');
  assert.deepEqual(api.stats().requests['teams.list'], { owner: 3 }, 'the first attempt and 2 retries');
});
