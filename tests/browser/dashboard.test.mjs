// The demo dashboard (www/) in headless Chromium, served by the demo server (www/server/) whose
// proxy answers the page's /api/tmr calls from tmr-mock with the persona's key: as owner, editor
// and viewer, and that the page holds no key. Run as scripts/test.sh's dashboard stage does
// (dashboard-page.mjs). Fails on any page error or unexpected console error; saves screenshots of
// each main view to a printed folder.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { MOCK, SHOTS, EMAIL, launch, shutdown, openDashboard, settled, switchPersona, tab as openTab, trendDone, upstream, personaTokens } from './dashboard-page.mjs';

let browser, page, expected, clean;
before(async () => { browser = await launch(); });
after(() => shutdown(browser));
beforeEach(async () => ({ page, expected, clean } = await openDashboard(browser)));

const tab = (name, team) => openTab(page, name, team);
const persona = (name) => switchPersona(page, name);
const notice = (text) => page.locator('.notice', { hasText: text }).first();
const stats = async () => (await fetch(`${MOCK}/__mock/stats`)).json();
const writes = async () => (await stats()).writes;
/** What Chart.js holds for the chart in `figure` (the page's own Chart.getChart). */
const chartOf = (figure) => page.locator(`${figure} canvas`).evaluate((canvas) => {
  const c = globalThis.Chart.getChart(canvas);
  return { type: c.config.type, labels: c.data.labels, datasets: c.data.datasets.map((d) => ({ label: d.label, n: d.data.length })),
    legend: c.legend.legendItems.map((i) => i.text), x: c.scales.x.type, yTicks: c.scales.y.ticks.length, name: canvas.getAttribute('aria-label') };
});

test('owner: overview at a glance, a 30-day trend chart, invite, last-owner rule checked before sending', async () => {
  assert.equal(await page.locator('#team option:checked').textContent(), 'Acme Marketing');
  const fmt = (n) => page.evaluate((x) => new Intl.NumberFormat().format(x), n);
  assert.deepEqual(await page.locator('#glance dd.figure').allTextContents(), [await fmt(4), await fmt(3), await fmt(3), await fmt(5)], 'members, clients, connections, enabled accounts');
  assert.equal(await page.locator('#glance-members dd.muted').textContent(), '1 owner, 1 editor, and 2 viewers');
  assert.equal(await page.locator('#glance-clients dd.muted').textContent(), '2 with linked accounts, 1 without');
  assert.equal(await page.locator('#glance-connections dd.muted').textContent(), '1 revoked');
  assert.ok((await page.locator('#usage .usage').count()) >= 5, 'members, three connectors, schedules');
  assert.equal(await page.locator('#usage .usage', { hasText: 'Google Ads accounts' }).locator('.usage-value').textContent(), '3 of 15 · ok', 'connector names, numbers through Intl');
  assert.equal(await page.locator('#attention li.revoked').count(), 1);
  assert.equal(await page.locator('#attention li[data-client="Beta Brands"]').count(), 1, 'the client with no linked account');

  await trendDone(page);
  assert.equal(await page.locator('#trend').getAttribute('data-state'), 'ready');
  const trend = await chartOf('#trend-chart');
  assert.equal(trend.type, 'line');
  assert.deepEqual(trend.legend, ['Facebook Ads', 'Google Ads', 'Google Analytics 4'], 'one series per connector, in the legend');
  assert.deepEqual(trend.datasets.map((d) => d.n), [30, 30, 30]);
  assert.equal(trend.labels.length, 30, 'the last 30 days');
  const days = await page.locator('#trend table tbody th').evaluateAll((ths) => ths.map((th) => th.textContent));
  assert.equal(days.length, 30, 'the hidden table has a row per day');
  const lastDay = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const [short, long] = await page.evaluate((d) => [{ month: 'short', day: 'numeric' }, { dateStyle: 'medium' }]
    .map((o) => new Intl.DateTimeFormat(undefined, { ...o, timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`))), lastDay);
  assert.equal(trend.labels.at(-1), short, 'x labels are days through Intl.DateTimeFormat (yesterday last)');
  assert.equal(days.at(-1), long);
  assert.ok(trend.yTicks >= 3, 'the y axis has ticks');
  assert.match(trend.name, /^Clicks per connector, last 30 days from .+\. Facebook Ads: [\d,]+ in total, highest/, 'the canvas is named by a summary');
  assert.equal(await page.locator('#trend canvas').getAttribute('role'), 'img');

  const box = await page.locator('#trend canvas').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 3);
  await page.waitForFunction(() => globalThis.Chart.getChart(document.querySelector('#trend canvas')).tooltip.getActiveElements().length === 3);
  const tip = await page.locator('#trend canvas').evaluate((c) => {
    const t = globalThis.Chart.getChart(c).tooltip;
    return { title: t.title, body: t.body.flatMap((b) => b.lines) };
  });
  assert.equal(tip.body.length, 3, 'the tooltip lists every series for the day');
  assert.match(tip.title[0], /^[A-Z][a-z]{2} \d{1,2}, \d{4}$/, 'a full date');
  assert.match(tip.body[0], /^Facebook Ads: [\d,]+$/);
  await page.screenshot({ path: `${SHOTS}/overview.png`, fullPage: true });

  await tab('Members');
  await page.locator('#members').waitFor();
  assert.equal(await page.locator('#view canvas').count(), 0, 'the trend chart left with its view');
  const owner = page.locator('tr[data-member="ada@acme.example"] select');
  await owner.selectOption('editor');
  await notice('Cannot demote the last owner. Assign another owner first.').waitFor();
  assert.deepEqual(await writes(), {}, 'stopped by the SDK before any request');
  assert.equal(await owner.inputValue(), 'owner');
  const joined = page.locator('tr[data-member="ada@acme.example"] time');
  assert.equal(await joined.textContent(), await joined.evaluate((t) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(t.dateTime))));

  await page.fill('#invite-form input[name=email]', 'new.hire@example.com');
  await page.selectOption('#invite-form select[name=role]', 'editor');
  await page.click('#invite-form button[type=submit]');
  await page.locator('tr[data-invite="new.hire@example.com"]').waitFor();
  await page.screenshot({ path: `${SHOTS}/members.png`, fullPage: true });
  await clean();
});

test('viewer: every write is disabled with its reason; the trend says why it is missing', async () => {
  const [viewerToken] = (await (await fetch(`${MOCK}/__mock/personas`)).json()).filter((p) => p.persona === 'viewer').map((p) => p.token);
  await persona('viewer');
  upstream.requests.length = 0;
  await trendDone(page);
  assert.equal(await page.locator('#trend').getAttribute('data-state'), 'unavailable');
  assert.match(await page.locator('#trend').textContent(), /data\.runQuery needs the editor role/);
  // The tabs by keyboard (the ARIA tabs pattern): one tab stop, arrows move and show the view.
  await page.getByRole('tab', { name: 'Overview' }).focus();
  await page.keyboard.press('ArrowRight');
  await settled(page, 'members', 'Acme Marketing', EMAIL.viewer);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Members');
  assert.deepEqual(await page.locator('[role=tab]').evaluateAll((ts) => ts.map((t) => t.tabIndex)), [-1, 0, -1, -1, -1]);
  assert.equal(await page.locator('#view').getAttribute('aria-labelledby'), 'tab-members');
  await page.locator('#members').waitFor();
  // The demo server chose the viewer's key for the page's calls (the page sent none).
  const memberCalls = upstream.requests.filter((r) => /\/teams\/[^/]+\/members$/.test(r.path));
  assert.ok(memberCalls.length >= 1, 'members.list went upstream');
  assert.deepEqual([...new Set(memberCalls.map((r) => r.headers.authorization))], [`Bearer ${viewerToken}`]);
  assert.ok((await stats()).requests['members.list'].viewer >= 1, 'the mock saw the viewer');
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

  // The choice is a cookie: a reload stays the viewer; switching back to the owner enables writes.
  assert.deepEqual((await page.context().cookies()).map((c) => [c.name, c.value, c.sameSite]), [['demo-persona', 'viewer', 'Strict']]);
  await page.reload();
  await settled(page, 'overview', 'Acme Marketing', EMAIL.viewer);
  assert.equal(await page.inputValue('#persona'), 'viewer');
  await persona('owner');
  await tab('Members');
  await page.locator('#members').waitFor();
  assert.equal(await page.locator('#invite-form button[type=submit]').isDisabled(), false, 'the owner may invite');
  assert.equal(await page.locator('tr[data-member="grace@acme.example"] select').isDisabled(), false);
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
  assert.deepEqual(await beta.locator('select optgroup').evaluateAll((gs) => gs.map((g) => g.label)), ['Facebook Ads', 'Google Ads', 'Google Analytics 4']);
  await beta.getByRole('button', { name: 'Link account to Beta Brands' }).click();
  await beta.locator('li[data-account]').first().waitFor();
  assert.equal((await writes())['clients.linkAccount'].editor, 1);
  await page.screenshot({ path: `${SHOTS}/clients.png`, fullPage: true });
  await clean();
});

test('data: fields grouped by connector; two metrics over 14 days draw two series with one point a day', async () => {
  await tab('Data');
  await page.locator('#query').waitFor();
  const groups = await page.locator('#q-metric optgroup').evaluateAll((gs) => gs.map((g) => [g.label, [...g.children].map((o) => o.textContent)]));
  assert.deepEqual(groups.map(([label]) => label), ['Facebook Ads', 'Google Ads', 'Google Analytics 4']);
  assert.deepEqual(groups[1][1], ['Impressions', 'Clicks', 'Cost (micros)'], 'one clear label per field, no ids');
  assert.equal(await page.locator('#q-metric').getAttribute('aria-describedby'), 'q-hint');
  await page.selectOption('#q-metric', ['impressions', 'clicks']);
  await page.selectOption('#query select[name=preset]', 'custom');
  await page.fill('#query input[name=startDate]', '2026-03-01');
  await page.fill('#query input[name=endDate]', '2026-03-14');
  await page.click('#query button[type=submit]');
  await page.locator('#query-chart canvas').waitFor();
  const chart = await chartOf('#query-chart');
  assert.deepEqual(chart.legend, ['Impressions', 'Clicks']);
  assert.deepEqual(chart.datasets.map((d) => d.n), [14, 14]);
  assert.equal(chart.labels[0], await page.evaluate(() => new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date('2026-03-01T00:00:00Z'))));
  assert.equal(await page.locator('#rows tbody tr').count(), 14);
  assert.deepEqual(await page.locator('#rows thead th').allTextContents(), ['Date', 'Impressions', 'Clicks']);
  const cell = await page.locator('#rows tbody tr').first().locator('td').nth(1).textContent();
  assert.match(cell, /^\d{1,3}(,\d{3})*$/, 'metrics through Intl.NumberFormat');
  await page.screenshot({ path: `${SHOTS}/data.png`, fullPage: true });

  await page.selectOption('#query select[name=kind]', 'bar');
  await page.click('#query button[type=submit]');
  await page.waitForFunction(() => globalThis.Chart.getChart(document.querySelector('#query-chart canvas'))?.config.type === 'bar');
  assert.equal(await page.locator('#query-result canvas').count(), 1, 'the earlier chart was replaced');
  await clean();
});

test('data: a query cancelled before its answer: no rows, "cancelled" in the status, no error notice', async () => {
  await tab('Data');
  await page.locator('#query').waitFor();
  // The query is held on its way to /api/tmr until the test has cancelled it (no timer).
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/api/tmr/teams/*/data/run-query', async (route) => {
    await held;
    await route.continue().catch(() => {}); // cancelled meanwhile
  });
  await page.click('#query button[type=submit]');
  await page.locator('#query-progress', { hasText: 'Running' }).waitFor();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.locator('#query-result[data-state=cancelled]').waitFor({ state: 'attached' });
  release();
  assert.equal(await page.locator('#query-progress').textContent(), 'Cancelled after 0 rows');
  assert.equal(await page.locator('.notice').count(), 0, 'a user\'s own cancel is no error');
  assert.equal(await page.locator('#query-result canvas').count(), 0);
  assert.equal(await page.locator('#query button[type=submit]').isDisabled(), false);
  await page.unroute('**/api/tmr/teams/*/data/run-query');
  await clean();
});

// ---- Large answers, shown while they arrive (data.queryRows, 500 rows a batch).

// The mock's rows (mock/src/engine/rows.rs): one per day of the range × 3 per other dimension.
const LONG = { start: '2016-01-01', end: '2025-12-31' };
const LONG_ROWS = ((Date.parse(LONG.end) - Date.parse(LONG.start)) / 86_400_000 + 1) * 3;
const RUN_QUERY = /\/data\/run-query$/;
const digits = (text) => Number(text.replace(/\D/g, ''));

/** Pick the Data view's long query: the first account, its first metric, by day and campaign, ten years. */
async function longQuery() {
  await tab('Data');
  await page.locator('#query').waitFor();
  await page.selectOption('#q-dimension', ['date', 'campaign_name']);
  await page.selectOption('#query select[name=preset]', 'custom');
  await page.fill('#query input[name=startDate]', LONG.start);
  await page.fill('#query input[name=endDate]', LONG.end);
}

/** Click Run; resolves the query the page sent (its path at the mock and its body). */
async function runQuery() {
  const sent = page.waitForRequest((r) => RUN_QUERY.test(new URL(r.url()).pathname));
  await page.click('#query button[type=submit]');
  const request = await sent;
  return { path: new URL(request.url()).pathname.replace(/^\/api\/tmr/, ''), body: request.postDataJSON() };
}

/** How many whole rows the mock's answer to `query` holds in its first `n` bytes (each row is a
 * flat object: one `}` ends it; the envelope's own `}` is its last byte). */
async function rowsWithin({ path, body }, n) {
  const owner = (await (await fetch(`${MOCK}/__mock/personas`)).json()).find((p) => p.persona === 'owner').token;
  const res = await fetch(`${MOCK}${path}`, { method: 'POST', headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 200);
  return Buffer.from(await res.arrayBuffer()).subarray(0, n).toString('latin1').split('}').length - 1;
}

test(`data: a long query fills the table and chart as rows arrive; the count reaches all ${LONG_ROWS} rows`, async () => {
  await longQuery();
  // Every text the status and the result area take, recorded as it is set.
  await page.evaluate(() => {
    globalThis.said = [];
    globalThis.tableWhile = null;
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) globalThis.said.push(n.textContent);
    }).observe(document.querySelector('#query-progress'), { childList: true });
    new MutationObserver(() => {
      if (globalThis.tableWhile === null && document.querySelector('#rows tbody tr')) globalThis.tableWhile = document.querySelector('#query-result').dataset.state;
    }).observe(document.querySelector('#query-result'), { childList: true, subtree: true });
  });
  await runQuery();
  await page.locator('#query-result[data-state=done]').waitFor({ state: 'attached' });
  const total = await page.evaluate((n) => new Intl.NumberFormat().format(n), LONG_ROWS);
  assert.match(await page.locator('#query-progress').textContent(), new RegExp(`^${total} rows in `));
  const said = await page.evaluate(() => globalThis.said);
  const counts = said.filter((t) => /^[\d,.\s]+ rows…$/.test(t)).map(digits);
  assert.ok(counts.length >= 1 && counts[0] < LONG_ROWS, `a count while rows arrived: ${said.join(' | ')}`);
  assert.deepEqual(counts, [...counts].sort((a, b) => a - b), 'the count only grows');
  assert.equal(await page.evaluate(() => globalThis.tableWhile), 'running', 'the table had rows before the query ended');
  assert.equal(await page.locator('#rows tbody tr').count(), 200, 'the table shows the first 200 rows');
  assert.equal(await page.locator('#rows caption').textContent(), 'Query rows, the first 200');
  const chart = await chartOf('#query-chart');
  assert.equal(chart.datasets.length, 3, 'a series per campaign');
  assert.deepEqual(chart.datasets.map((d) => d.n), [LONG_ROWS / 3, LONG_ROWS / 3, LONG_ROWS / 3], 'a point per day');
  assert.equal(chart.labels.length, LONG_ROWS / 3);
  assert.equal(await page.locator('#query-result').getAttribute('aria-busy'), null);
  await clean();
});

test('data: Cancel while rows arrive stops the query; the rows so far stay, "cancelled", no error notice', async () => {
  await longQuery();
  // The mock sends the answer's first 100 kB (some 1,500 rows), then nothing: only Cancel ends it.
  const sent = 100_000;
  upstream.faults.push({ method: 'POST', path: RUN_QUERY, fault: `stall=${sent}` });
  const query = await runQuery();
  await page.locator('#query-progress', { hasText: /rows…$/ }).waitFor();
  await page.locator('#query-chart canvas').waitFor();
  assert.equal(await page.locator('#query-result').getAttribute('data-state'), 'running', 'rows on screen while the answer is open');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.locator('#query-result[data-state=cancelled]').waitFor({ state: 'attached' });
  const status = await page.locator('#query-progress').textContent();
  assert.match(status, /^Cancelled after [\d,.\s]+ rows$/);
  const shown = digits(status);
  const within = await rowsWithin(query, sent);
  assert.ok(shown >= 500 && shown <= within, `${shown} rows shown of the ${within} sent`);
  assert.equal(await page.locator('#rows tbody tr').count(), Math.min(200, shown));
  assert.ok((await chartOf('#query-chart')).labels.length > 0, 'the chart of the rows so far stays');
  assert.equal(await page.locator('.notice').count(), 0, 'a user\'s own cancel is no error');
  assert.equal(await page.locator('#query button[type=submit]').isDisabled(), false);
  assert.equal(await page.getByRole('button', { name: 'Cancel' }).isDisabled(), true);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Run query', 'the focus left the disabled Cancel for Run');
  await clean();
});

test('data: an answer that breaks after rows keeps them on screen and shows the error', async () => {
  await longQuery();
  // The mock sends the answer's first 100 kB, then nothing; once rows are on screen, the test
  // breaks the answer's connection (the proxy passes the break on, which Chromium logs).
  const sent = 100_000;
  let cut;
  expected.push(/ERR_INCOMPLETE_CHUNKED_ENCODING/);
  upstream.faults.push({ method: 'POST', path: RUN_QUERY, fault: `stall=${sent}`, cut: new Promise((r) => { cut = r; }) });
  const query = await runQuery();
  await page.locator('#query-progress', { hasText: /rows…$/ }).waitFor();
  const before = digits(await page.locator('#query-progress').textContent());
  cut();
  await page.locator('#query-result[data-state=failed]').waitFor({ state: 'attached' });
  const status = await page.locator('#query-progress').textContent();
  assert.match(status, /^Failed after [\d,.\s]+ rows$/);
  const shown = digits(status);
  const within = await rowsWithin(query, sent);
  assert.ok(shown >= before && shown <= within, `${shown} rows kept: at least the ${before} counted before the break, at most the ${within} sent`);
  assert.equal(await page.locator('#rows tbody tr').count(), Math.min(200, shown));
  assert.ok((await chartOf('#query-chart')).labels.length > 0, 'the chart of the rows so far stays');
  await page.locator('.notice.error code', { hasText: 'NETWORK_ERROR' }).waitFor();
  assert.equal(await page.locator('#query button[type=submit]').isDisabled(), false);
  await clean();
});

test('connections: revoked highlighted, delete behind a confirmation, plan headroom on enable', async () => {
  await tab('Connections');
  await page.locator('#connections').waitFor();
  assert.equal(await page.locator('#connections tr.revoked').count(), 1);
  await page.screenshot({ path: `${SHOTS}/connections.png`, fullPage: true });
  await page.locator('#connections tr.revoked button', { hasText: 'Delete' }).click();
  await page.locator('#connections tr.revoked').waitFor({ state: 'detached' });
  await settled(page, 'connections');
  await page.selectOption('#team', { label: 'Limit Labs' });
  await settled(page, 'connections', 'Limit Labs');
  const enable = page.locator('#connectors [data-connector="gadw"] button', { hasText: 'Enable' }).first();
  assert.equal(await enable.isDisabled(), true);
  assert.match(await enable.getAttribute('title'), /Plan limit reached: 2\/2/);
  await clean();
});

test('an injected fault shows an error notice and the page keeps working', async () => {
  // The page's SDK retries an idempotent GET twice: three 500s, each logged by Chromium. The fault
  // is injected on the proxy's way to the mock (the proxy drops a page's own x-mock-* headers) and
  // the mock's answer reaches the page unchanged.
  expected.push(/status of 500/, /status of 500/, /status of 500/);
  upstream.faults.push({ method: 'GET', path: /^\/teams\/[^/]+\/clients$/, fault: 'status=500' });
  await page.getByRole('tab', { name: 'Clients' }).click();
  await notice('Internal server error').waitFor();
  assert.ok(await page.locator('.notice.error code', { hasText: 'INTERNAL_SERVER_ERROR 500' }).count() >= 1);
  upstream.faults.length = 0;
  await tab('Overview');
  await page.locator('#usage .usage').first().waitFor();
  await tab('Clients');
  await page.locator('#clients').waitFor();
  await clean();
});

test('usable at 390 px wide: overview with its chart, members, data', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await trendDone(page);
  await page.waitForFunction(() => globalThis.Chart.getChart(document.querySelector('#trend canvas'))?.width <= 390);
  assert.ok(await overflow() <= 1, `overview: no horizontal page scroll (${await overflow()}px)`);
  await page.screenshot({ path: `${SHOTS}/overview-390.png`, fullPage: true });
  await tab('Members');
  await page.locator('#members').waitFor();
  assert.ok(await overflow() <= 1, `members: no horizontal page scroll (${await overflow()}px)`);
  await page.screenshot({ path: `${SHOTS}/members-390.png`, fullPage: true });
  await tab('Data');
  await page.click('#query button[type=submit]');
  await page.locator('#query-chart canvas').waitFor();
  assert.ok(await overflow() <= 1, `data: no horizontal page scroll (${await overflow()}px)`);
  await page.screenshot({ path: `${SHOTS}/data-390.png`, fullPage: true });
  await clean();
});

test('the page holds no key: no Authorization to /api/tmr, no persona token in its document, storage, cookies or any response', async () => {
  await clean(); // this test records every response from the start
  let seen;
  ({ page, expected, clean, seen } = await openDashboard(browser, undefined, { record: true }));
  await trendDone(page);
  for (const [name, ready] of [['Members', '#members'], ['Clients', '#clients'], ['Connections', '#connections'], ['Data', '#query']]) {
    await tab(name);
    await page.locator(ready).waitFor();
  }
  await page.click('#query button[type=submit]');
  await page.locator('#query-chart canvas').waitFor();
  await persona('viewer');
  await tab('Members');
  await persona('editor');
  await tab('Overview');
  await trendDone(page);

  const tokens = await personaTokens();
  assert.ok(tokens.length >= 6 && tokens.every((t) => t.length >= 16), 'the mock\'s persona tokens');
  const leaks = (where, text) => tokens.filter((t) => text.includes(t)).map((t) => `${where}: ${t.slice(0, 12)}…`);

  const api = await Promise.all(seen.api);
  assert.ok(api.length >= 20, `the page called /api/tmr (${api.length} requests)`);
  assert.deepEqual(api.filter((r) => r.headers === null).map((r) => r.url), [], 'every request\'s headers were read');
  assert.deepEqual(api.filter((r) => 'authorization' in r.headers).map((r) => r.url), [], 'no Authorization header from the page');
  assert.deepEqual(api.filter((r) => !/(^|; )demo-persona=(owner|viewer|editor)(;|$)/.test(r.headers.cookie ?? '')).map((r) => r.url), [],
    'each call names its persona by the cookie');
  const bodies = await Promise.all(seen.bodies);
  // A body Chromium no longer holds (a cancelled or redirected request) cannot be searched: none here.
  assert.deepEqual(bodies.filter((b) => b.text === null).map((b) => b.url), [], 'every response\'s body was read');
  assert.ok(bodies.some((b) => b.url.endsWith('/demo/personas')) && bodies.some((b) => b.url.endsWith('.wasm')), 'the responses include the personas and the .wasm');
  assert.deepEqual(bodies.flatMap((b) => leaks(b.url, b.text)), [], 'no response the page received holds a token');
  assert.deepEqual(leaks('document', await page.content()), []);
  const storage = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }));
  assert.deepEqual(leaks('storage', storage), []);
  assert.equal(await page.evaluate(() => localStorage.length), 0, 'localStorage holds nothing');
  const cookies = await page.context().cookies();
  assert.deepEqual(leaks('cookies', JSON.stringify(cookies)), []);
  assert.deepEqual(cookies.map((c) => [c.name, c.value]), [['demo-persona', 'editor']]);

  // Upstream, the proxy sent the persona's key, and nothing of the page's own (no cookie, no x-mock-*).
  assert.ok(upstream.requests.length >= 20);
  assert.deepEqual(upstream.requests.filter((r) => !tokens.some((t) => r.headers.authorization === `Bearer ${t}`)).map((r) => r.path), []);
  assert.deepEqual(upstream.requests.filter((r) => 'cookie' in r.headers || Object.keys(r.headers).some((h) => h.startsWith('x-mock'))).map((r) => r.path), []);
  await clean();
});
