// Testing your own dashboard with no server: the page (index.html, dashboard.js) runs unchanged in
// headless Chromium and calls /api/tmr on its own origin, with no key. Playwright hands each of
// those requests to the dashboard's real proxy handler (api.mjs: createTmrProxy, its allow list),
// whose `fetch` is `createMockFetch()` from `tmr-client/mock`: the mock's engine compiled to wasm,
// running in this test process, with the same answers, rules, 429s and faults as the `tmr-mock`
// server. The page's own files are served by `page.route` too, so nothing listens on a port.
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
import { dashboardApi, API_PATH } from './api.mjs';
// This project's flags for Debian's chromium (no sandbox in a container, no background traffic).
import { CHROMIUM_ARGS } from '../../tests/browser/chromium.mjs';

const SITE = 'http://dashboard.localhost';           // any origin: page.route answers it
const ROOT = new URL('../', import.meta.url);        // examples/: dashboard/ and node_modules/
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

const mockFetch = createMockFetch();   // the built-in world: its teams, personas and tokens
let handler;                           // what the dashboard's server would mount at /api/tmr
let browser, page, pageErrors, sentKeys;

before(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
after(() => browser?.close());

beforeEach(async () => {
  mockFetch.reset();   // every test starts from the world as built
  // The key is the server's (in production TMR_API_KEY); the API is the in-process mock.
  handler = dashboardApi({ apiKey: mockFetch.tokens.owner, fetch: mockFetch });
  page = await browser.newPage();
  pageErrors = [];
  sentKeys = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));   // an uncaught error fails the test
  page.on('request', (r) => { if (r.url().startsWith(`${SITE}${API_PATH}/`)) sentKeys.push(r.allHeaders().then((h) => h.authorization)); });
  // The page's own files, and the package's browser entry and .wasm, from examples/.
  await page.route(`${SITE}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname.slice(1);
    const body = await readFile(new URL(path, ROOT)).catch(() => null);
    await route.fulfill(body ? { body, contentType: TYPES[extname(path)] } : { status: 404 });
  });
  // The dashboard's server: /api/tmr/** through the proxy's handler, as Request → Response.
  // (Registered last, so it is asked first.)
  await page.route(`${SITE}${API_PATH}/**`, async (route) => {
    const req = route.request();
    const res = await handler(new Request(req.url(), { method: req.method(), headers: req.headers(), body: req.postDataBuffer() ?? undefined }));
    await route.fulfill({ status: res.status, headers: Object.fromEntries(res.headers), body: Buffer.from(await res.arrayBuffer()) });
  });
  await page.goto(`${SITE}/dashboard/index.html`);
});
afterEach(async () => {
  const keys = await Promise.all(sentKeys);
  await page.close();
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(keys, sentKeys.map(() => undefined), 'the page sent no Authorization header');
});

test("each team's plan and member usage, with no key in the page", async () => {
  await page.click('text=Load');
  await page.waitForSelector('#status:text("7 teams")');

  const rows = await page.$$eval('#teams tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
  assert.equal(rows.length, 7);
  assert.deepEqual(rows.find(([team]) => team === 'Acme Marketing'), ['Acme Marketing', 'Growth (active)', '4 / 8']);
  assert.deepEqual(rows.find(([team]) => team === 'No Plan Team'), ['No Plan Team', 'No plan', '2']);
  // A team at its user limit is flagged by the class planHeadroom's status gives the cell.
  assert.equal(await page.getAttribute('#teams tr:has-text("Full House") td:nth-child(3)', 'class'), 'reached');
  // What the API saw: one list, then each team once, all with the server's key (the owner's).
  const { requests } = mockFetch.stats();
  assert.deepEqual([requests['teams.list'], requests['teams.get']], [{ owner: 1 }, { owner: 7 }]);
  assert.equal(sentKeys.length, 8);
  assert.equal(await page.evaluate((key) => document.documentElement.outerHTML.includes(key), mockFetch.tokens.owner), false);
});

test('what the proxy does not allow is refused before the API: FORBIDDEN', async () => {
  handler = dashboardApi({ apiKey: mockFetch.tokens.owner, fetch: mockFetch, allow: ['teams.list'] });
  await page.click('text=Load');
  await page.waitForSelector('#error:text("FORBIDDEN")');
  assert.match(await page.textContent('#error'), /^FORBIDDEN: /);
  assert.equal(await page.isHidden('#teams'), true);
  const { requests } = mockFetch.stats();
  assert.deepEqual([requests['teams.list'], requests['teams.get']], [{ owner: 1 }, undefined], 'teams.get never reached the API');
});

test('a key the API refuses: its UNAUTHORIZED reaches the page unchanged', async () => {
  handler = dashboardApi({ apiKey: 'tmrc_live_not_a_key_of_this_world_00', fetch: mockFetch });
  await page.click('text=Load');
  await page.waitForSelector('#error:text("UNAUTHORIZED")');
  assert.equal(await page.textContent('#error'), 'UNAUTHORIZED: Authentication required');
  assert.equal(await page.isHidden('#teams'), true);
});

test('an API that fails shows INTERNAL_SERVER_ERROR once the retries are spent', async () => {
  // Faults as tmr-mock's x-mock-fault header takes them: here every request answers 500.
  const failing = createMockFetch({ faults: 'status=500' });
  handler = dashboardApi({ apiKey: failing.tokens.owner, fetch: failing });
  await page.click('text=Load');
  await page.waitForSelector('#error:text("INTERNAL_SERVER_ERROR")');
  assert.equal(sentKeys.length, 3, 'the page\'s first attempt and 2 retries');
  // Both retry (the proxy is a TmrClient upstream, maxRetries 2 by default): 3 × 3 attempts. A
  // dashboard that minds can set maxRetries: 0 on either side.
  assert.deepEqual(failing.stats().requests['teams.list'], { owner: 9 });
});
