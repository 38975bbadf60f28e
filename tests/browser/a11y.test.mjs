// An axe-core pass on each main view of the dashboard (overview with its trend chart, members,
// clients, connections, data with a chart drawn, data while a query's rows arrive and once it is
// cancelled), as the owner and as the viewer (whose controls are disabled), at desktop and phone
// widths, and on the Outlign clients page: no serious or critical violations. Run as scripts/test.sh's dashboard stage does (dashboard-page.mjs: the demo
// server in front of tmr-mock).
import { test, before, after } from 'node:test';
import { launch, shutdown, demoUrl, openDashboard, switchPersona, tab, trendDone, upstream } from './dashboard-page.mjs';
import { axeCheck } from './axe.mjs';

let browser;
before(async () => { browser = await launch(); });
after(() => shutdown(browser));

/** Every main view of the dashboard, each checked once it is drawn. */
async function everyView(page, label) {
  await trendDone(page);
  await axeCheck(page, `${label} overview`);
  for (const [name, ready] of [['Members', '#members'], ['Clients', '#clients'], ['Connections', '#connections']]) {
    await tab(page, name);
    await page.locator(ready).waitFor();
    await axeCheck(page, `${label} ${name.toLowerCase()}`);
  }
  await tab(page, 'Data');
  if (await page.locator('#query button[type=submit]').isEnabled()) {
    await page.click('#query button[type=submit]');
    await page.locator('#query-chart canvas').waitFor();
  }
  await axeCheck(page, `${label} data`);
}

test('dashboard as the owner, 1280 px: every view, charts drawn', async () => {
  const { page, clean } = await openDashboard(browser);
  await everyView(page, 'owner');
  await clean();
});

test('dashboard as the viewer (disabled controls), 390 px', async () => {
  const { page, clean } = await openDashboard(browser, { width: 390, height: 844 });
  await switchPersona(page, 'viewer');
  await everyView(page, 'viewer 390px');
  await clean();
});

test('the data view while a long query\'s rows arrive (live count, chart, table), and once it is cancelled', async () => {
  const { page, clean } = await openDashboard(browser);
  // The mock sends the answer's first 100 kB, then nothing: the query stays open until Cancel.
  upstream.faults.push({ method: 'POST', path: /\/data\/run-query$/, fault: 'stall=100000' });
  await tab(page, 'Data');
  await page.selectOption('#q-dimension', ['date', 'campaign_name']);
  await page.selectOption('#query select[name=preset]', 'custom');
  await page.fill('#query input[name=startDate]', '2016-01-01');
  await page.fill('#query input[name=endDate]', '2025-12-31');
  await page.click('#query button[type=submit]');
  await page.locator('#query-progress', { hasText: /rows…$/ }).waitFor();
  await page.locator('#query-chart canvas').waitFor();
  await axeCheck(page, 'data, rows arriving');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.locator('#query-result[data-state=cancelled]').waitFor({ state: 'attached' });
  await axeCheck(page, 'data, cancelled');
  await clean();
});

test('dashboard with an error notice on screen', async () => {
  const { page, expected, clean } = await openDashboard(browser);
  // A reconnect whose users.me the mock refuses (a fault injected on the proxy's way to the mock).
  expected.push(/status of 401/);
  upstream.faults.push({ method: 'GET', path: /^\/users\/me$/, fault: 'status=401' });
  await page.click('#connect-button');
  await page.locator('.notice.error').first().waitFor();
  await axeCheck(page, 'error notice');
  await clean();
});

test('the Outlign clients page, connected, with its table', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${demoUrl()}/outlign.html`);
  await page.locator('body[data-ready]').waitFor();
  await axeCheck(page, 'outlign (not connected)');
  await page.click('#connect-button');
  await page.locator('#clients-table').waitFor();
  await axeCheck(page, 'outlign (clients)');
  await page.close();
});
