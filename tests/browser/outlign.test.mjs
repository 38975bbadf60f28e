// The Outlign clients page (www/outlign.html) in headless Chromium against tmr-mock's Outlign API.
// The demo server serves the page (and tells it the mock's URL, GET /demo/outlign); the page calls
// the mock itself, cross-origin, with an access token of its own (Outlign is not behind the demo's
// proxy). Run as scripts/test.sh's dashboard stage does (dashboard-page.mjs). Fails on any page
// error or unexpected console error; saves screenshots to the same folder as dashboard.test.mjs.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { MOCK, SHOTS, launch, shutdown, demoUrl, freshPage } from './dashboard-page.mjs';

const ALICE = process.env.TMR_TOKEN_OUTLIGN_ALICE ?? 'outlign-alice';
const EXPIRED = process.env.TMR_TOKEN_OUTLIGN_EXPIRED ?? 'outlign-expired';
let browser, page, problems, expected, dialogs;

before(async () => {
  browser = await launch();
});
after(() => shutdown(browser));

beforeEach(async () => {
  dialogs = [];
  ({ page, problems, expected } = await freshPage(browser, '/outlign.html', { onDialog: (d) => dialogs.push(d.message()) }));
  await page.locator('body[data-ready]').waitFor();
});

const clean = async () => {
  await page.close();
  assert.deepEqual(problems, [], 'no page or console errors');
  assert.deepEqual(expected, [], 'every expected console error was seen');
};
/** The table shows `company`'s clients for the search `search` (marks set by outlign.js after each draw). */
const shown = (company, search = '') => page.waitForFunction(([c, s]) => {
  const x = document.querySelector('#clients');
  return !x.hasAttribute('aria-busy') && x.dataset.company === c && x.dataset.search === s;
}, [company, search]);
const connect = async (token = ALICE) => {
  await page.selectOption('#persona', token);
  await page.click('#connect-button');
};
const titles = () => page.locator('#clients-table tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.client));
const notice = (code) => page.locator('.notice.error', { has: page.locator('code', { hasText: code }) }).first();
const stats = async () => (await (await fetch(`${MOCK}/__mock/stats`)).json());
/** What the mock itself holds for alice in a company. */
const mockTitles = async (companyId) => {
  const r = await fetch(`${MOCK}/api/v1/clients?company_id=${companyId}`, { headers: { authorization: `Bearer ${ALICE}` } });
  assert.equal(r.status, 200);
  return (await r.json()).map((c) => c.title);
};

test('alice: companies listed, Acme Agency\'s clients with locale dates, Northwind\'s on picking it', async () => {
  assert.equal(await page.inputValue('#base-url'), MOCK, 'the mock\'s URL, from the demo server');
  assert.equal(await page.inputValue('#persona'), ALICE, 'alice by default');
  assert.equal(await page.inputValue('#access-token'), ALICE);
  await connect();
  await shown('456');
  assert.deepEqual(await page.locator('#company option').allTextContents(), ['Acme Agency', 'Northwind Studio']);
  assert.deepEqual(await titles(), ['Acme Corporation', 'Beta Industries']);
  assert.equal(await page.locator('#clients-heading').textContent(), 'Clients of Acme Agency (2)');
  const created = page.locator('tr[data-client-id="123"] td:nth-child(3) time');
  const [text, formatted] = await created.evaluate((t) => [t.textContent,
    new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(t.dateTime))]);
  assert.equal(text, formatted, 'dates through Intl.DateTimeFormat');
  assert.match(await created.getAttribute('datetime'), /^2023-01-01T12:00:00/);
  await page.screenshot({ path: `${SHOTS}/outlign.png`, fullPage: true });

  await page.selectOption('#company', { label: 'Northwind Studio' });
  await shown('457');
  assert.deepEqual(await titles(), ['Gamma Logistics', 'Delta Foods']);
  await clean();
});

test('search "beta" shows only Beta Industries, with one debounced request', async () => {
  await connect();
  await shown('456');
  const searches = [];
  page.on('request', (r) => { if (new URL(r.url()).searchParams.has('title')) searches.push(new URL(r.url()).search); });
  await page.locator('#search').pressSequentially('beta', { delay: 40 });
  await shown('456', 'beta');
  assert.deepEqual(await titles(), ['Beta Industries']);
  // Four keystrokes 40 ms apart: debounced, only the whole word is sent (a loaded machine may let
  // one pause through, so fewer than four requests rather than exactly one).
  assert.ok(searches.length < 4, `debounced: ${searches.join(' ')}`);
  assert.equal(searches.at(-1), '?company_id=456&title=beta');
  await page.fill('#search', 'zzz');
  await shown('456', 'zzz');
  assert.match(await page.locator('#clients').textContent(), /No client of Acme Agency has “zzz” in its title/);
  await page.fill('#search', '');
  await shown('456', '');
  assert.deepEqual(await titles(), ['Acme Corporation', 'Beta Industries']);
  await clean();
});

test('create, rename (by keyboard) and delete a client; the mock agrees at each step', async () => {
  await connect();
  await shown('456');
  await page.fill('#new-title', 'New Client Corp');
  await page.click('#create-button');
  await page.locator('tr[data-client="New Client Corp"]').waitFor();
  assert.deepEqual(await titles(), ['Acme Corporation', 'Beta Industries', 'New Client Corp']);
  assert.deepEqual(await mockTitles(456), ['Acme Corporation', 'Beta Industries', 'New Client Corp']);
  assert.equal(await page.inputValue('#new-title'), '', 'the form is cleared');
  await page.locator('.notice', { hasText: 'Created “New Client Corp”' }).waitFor();
  await page.screenshot({ path: `${SHOTS}/outlign-created.png`, fullPage: true });

  const renameButton = page.getByRole('button', { name: 'Rename New Client Corp' });
  await renameButton.focus();
  await page.keyboard.press('Enter');
  const input = page.getByRole('textbox', { name: 'New title for New Client Corp' });
  assert.equal(await input.evaluate((i) => i === document.activeElement), true, 'the editor takes the focus');
  await page.keyboard.press('Escape');
  assert.equal(await renameButton.evaluate((b) => b === document.activeElement), true, 'Escape puts the focus back');
  await page.keyboard.press('Enter');
  await page.keyboard.type('New Client Corporation');
  await page.keyboard.press('Enter');
  const renamed = page.locator('tr[data-client="New Client Corporation"]');
  await renamed.waitFor();
  assert.deepEqual(await mockTitles(456), ['Acme Corporation', 'Beta Industries', 'New Client Corporation']);
  assert.equal(await renamed.locator('button.rename').evaluate((b) => b === document.activeElement), true, 'focus back on the row');

  await page.getByRole('button', { name: 'Delete New Client Corporation' }).click();
  await renamed.waitFor({ state: 'detached' });
  assert.equal(dialogs.length, 1);
  assert.match(dialogs[0], /Delete the client “New Client Corporation”/);
  assert.deepEqual(await titles(), ['Acme Corporation', 'Beta Industries']);
  assert.deepEqual(await mockTitles(456), ['Acme Corporation', 'Beta Industries']);
  await clean();
});

test('a blank title is refused by the SDK before sending (INVALID_ARGUMENT); the API\'s 422 shows as VALIDATION_ERROR', async () => {
  await connect();
  await shown('456');
  await page.fill('#new-title', '   ');
  await page.click('#create-button');
  const refused = notice('INVALID_ARGUMENT');
  await refused.waitFor();
  assert.match(await refused.textContent(), /input\.title must be 1 to 255 characters after trimming/);
  assert.equal(await refused.getAttribute('role'), 'alert');
  assert.equal(await page.locator('#notices').getAttribute('aria-live'), 'polite');

  await page.getByRole('button', { name: 'Rename Beta Industries' }).click();
  await page.getByRole('textbox', { name: 'New title for Beta Industries' }).fill('');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('.notice.error code', { hasText: 'INVALID_ARGUMENT' }).nth(1).waitFor();
  const s = await stats();
  assert.equal(s.requests['outlign.clients.create'], undefined, 'no create was sent');
  assert.equal(s.requests['outlign.clients.update'], undefined, 'no update was sent');
  assert.deepEqual(await mockTitles(456), ['Acme Corporation', 'Beta Industries']);

  // A 422 from the API itself (injected: the SDK lets no invalid title through).
  expected.push(/status of 422/);
  await page.route('**/api/v1/clients', (route) => route.continue({ headers: { ...route.request().headers(), 'x-mock-fault': 'status=422' } }));
  await page.fill('#new-title', 'Valid Title');
  await page.click('#create-button');
  const invalid = notice('VALIDATION_ERROR 422');
  await invalid.waitFor();
  assert.match(await invalid.textContent(), /The given data was invalid\./);
  await page.screenshot({ path: `${SHOTS}/outlign-errors.png`, fullPage: true });
  await clean();
});

test('the expired token shows UNAUTHORIZED and leaves the page disconnected', async () => {
  expected.push(/status of 401/);
  await connect(EXPIRED);
  const refused = notice('UNAUTHORIZED 401');
  await refused.waitFor();
  assert.match(await refused.textContent(), /Unauthenticated\./);
  assert.match(await refused.locator('code').textContent(), /outlign\.companies\.list/);
  assert.equal(await page.locator('#company').isDisabled(), true);
  assert.equal(await page.locator('#create-button').isDisabled(), true);
  assert.equal(await page.locator('#clients').textContent(), 'Not connected.');
  await clean();
});

test('usable at 390 px wide, with the rename editor open', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await connect();
  await shown('456');
  await page.getByRole('button', { name: 'Rename Acme Corporation' }).click();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `no horizontal page scroll (${overflow}px)`);
  const inner = await page.locator('#clients .table-wrap').evaluate((w) => w.scrollWidth - w.clientWidth);
  assert.ok(inner <= 1, `rows stack as cards: the table does not scroll sideways either (${inner}px)`);
  await page.screenshot({ path: `${SHOTS}/outlign-390.png`, fullPage: true });
  await clean();
});

test('the dashboard links to the page and the page links back', async () => {
  await page.goto(`${demoUrl()}/`);
  await page.locator('#usage .usage').first().waitFor();
  await page.getByRole('link', { name: 'Outlign clients' }).click();
  await page.locator('body[data-ready]').waitFor();
  assert.equal(new URL(page.url()).pathname, '/outlign.html');
  await page.getByRole('link', { name: '← TMR dashboard' }).click();
  await page.locator('#usage .usage').first().waitFor();
  await clean();
});
