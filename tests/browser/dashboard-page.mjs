// What the dashboard's browser tests share: Chromium; the demo server (www/server/server.mjs) in
// this process, serving the assembled site and proxying /api/tmr to the mock with the persona's key;
// a fresh page on a reset mock that records page and console errors; waits for a view to be on
// screen (marks set by www/app.js). The mock's own surface (reset, stats, personas) is reached at
// the mock's URL, never through the demo server.
//
// Run as scripts/test.sh's dashboard stage does:
//   site=$(bash scripts/demo.sh --prepare)      # the site + the demo server's node_modules
//   DEMO_SITE="$site" bash scripts/with-mock.sh -- node --test --test-concurrency=1 tests/browser/…
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { CHROMIUM_ARGS } from './chromium.mjs';

const require = createRequire(new URL('../../tools/', import.meta.url));
const { chromium } = require('playwright-core');
export const SERVER = new URL('../../www/server/server.mjs', import.meta.url);
export const MOCK = process.env.TMR_MOCK_URL;
export const SITE = process.env.DEMO_SITE ?? `${process.env.CARGO_TARGET_DIR ?? new URL('../../target', import.meta.url).pathname}/www`;
export const SHOTS = process.env.SCREENSHOTS ?? new URL('../../target/screenshots/', import.meta.url).pathname;
export const EMAIL = { owner: 'ada@acme.example', editor: 'grace@acme.example', viewer: 'linus@acme.example' };

/**
 * What the demo server's proxies send to the mock: every request (method, path with query, headers)
 * in `requests`, and `faults`: `[{ method, path: RegExp, fault?, cut? }]`: `fault`, a tmr-mock
 * `x-mock-fault` value added to the matching upstream requests (the proxy never forwards the page's
 * own x-mock-* headers); `cut`, a promise: once it settles, the answer's body fails where it is, as
 * a connection that broke (a test cuts an answer after it has seen what came before, no timer).
 */
export const upstream = { requests: [], faults: [] };

async function upstreamFetch(input, init) {
  const request = new Request(input, init);
  const url = new URL(request.url);
  upstream.requests.push({ method: request.method, path: url.pathname + url.search, headers: Object.fromEntries(request.headers) });
  const rule = upstream.faults.find((f) => (!f.method || f.method === request.method) && f.path.test(url.pathname));
  if (!rule) return fetch(request);
  let sent = request;
  if (rule.fault) {
    const headers = new Headers(request.headers);
    headers.set('x-mock-fault', rule.fault);
    sent = new Request(request, { headers });
  }
  const answer = await fetch(sent);
  return rule.cut && answer.body ? cutWhen(answer, rule.cut) : answer;
}

/** `answer` as it arrives, until `cut` settles: then its body fails and the rest is dropped. */
function cutWhen(answer, cut) {
  const reader = answer.body.getReader();
  let broken = false;
  const body = new ReadableStream({
    start(controller) {
      cut.finally(() => {
        broken = true;
        controller.error(new TypeError('the connection broke (cut by the test)'));
        reader.cancel().catch(() => {});
      });
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (broken) return;
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (why) => reader.cancel(why),
  });
  return new Response(body, { status: answer.status, statusText: answer.statusText, headers: answer.headers });
}

let demo;
/** The demo server's URL (set by launch()). */
export const demoUrl = () => demo.url;

/** The demo server's module (www/server/server.mjs), once the stage's preparation is checked. */
export async function demoServerModule() {
  assert.ok(MOCK, 'run through scripts/with-mock.sh (TMR_MOCK_URL), with DEMO_SITE="$(bash scripts/demo.sh --prepare)"');
  assert.ok(existsSync(`${SITE}/index.html`) && existsSync(`${SITE}/pkg/package.json`), `no site at ${SITE}: DEMO_SITE="$(bash scripts/demo.sh --prepare)"`);
  assert.ok(existsSync(new URL('node_modules/tmr-client/package.json', SERVER)), 'the demo server is not installed: bash scripts/demo.sh --prepare');
  return import(SERVER);
}

/** Chromium, and the demo server in front of the mock (both stopped by shutdown()). */
export async function launch() {
  const { startDemoServer } = await demoServerModule();
  // No client-side pacing in the proxies: every test resets the mock (its rate buckets too), but a
  // proxy's pacer is per key for the whole process and would count every earlier test's calls
  // (a test alone stays well within the limits; the mock still answers 429 if one does not).
  demo = await startDemoServer({ site: SITE, mockUrl: MOCK, proxy: { fetch: upstreamFetch, rateLimit: false } });
  mkdirSync(SHOTS, { recursive: true });
  console.log(`# demo server: ${demo.url} (mock ${MOCK}); screenshots: ${SHOTS}`);
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Close the browser, then the demo server. */
export async function shutdown(browser) {
  await browser?.close();
  await demo?.close();
}

/** The mock's personas with their tokens (what the page must never see). */
export const personaTokens = async () => (await (await fetch(`${MOCK}/__mock/personas`)).json()).map((p) => p.token);

/**
 * A new page at `path` of the demo site on a reset mock, recording page errors and console errors
 * (`problems`) except those matching a regex a test put in `expected`; dialogs are accepted and
 * handed to `onDialog`. Each page is a new browser context: no cookie, so the owner's persona.
 * With `record` set, `seen.api` collects the headers of every request to /api/tmr (promises of
 * { url, headers }) and `seen.bodies` every response the page received (promises of { url, text }).
 */
export async function freshPage(browser, path, { viewport = { width: 1280, height: 900 }, onDialog = () => {}, record = false } = {}) {
  assert.equal((await fetch(`${MOCK}/__mock/reset`, { method: 'POST' })).status, 200);
  upstream.requests.length = 0;
  upstream.faults.length = 0;
  const page = await browser.newPage({ viewport });
  const problems = [];
  const expected = [];
  const seen = { api: [], bodies: [] };
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const i = expected.findIndex((re) => re.test(m.text()));
    if (i >= 0) expected.splice(i, 1);
    else problems.push(`console: ${m.text()}`);
  });
  page.on('dialog', (d) => { onDialog(d); d.accept(); });
  if (record) {
    // Caught at once: a page closed early must not leave a rejection behind (the test that reads
    // these awaits them before closing; `headers: null` would fail it).
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/tmr/')) seen.api.push(r.allHeaders().then((headers) => ({ url: r.url(), headers }), () => ({ url: r.url(), headers: null })));
    });
    page.on('response', (r) => seen.bodies.push(r.body().then((b) => ({ url: r.url(), text: b.toString('latin1') }), () => ({ url: r.url(), text: null }))));
  }
  await page.goto(`${demo.url}${path}`);
  return { page, problems, expected, seen };
}

/**
 * A new page on the dashboard (mock reset first), connected as the owner, overview shown. `expected`
 * takes regexes of console errors a test causes on purpose; `clean()` closes the page and fails
 * on any other error.
 */
export async function openDashboard(browser, viewport = { width: 1280, height: 900 }, { record = false } = {}) {
  const { page, problems, expected, seen } = await freshPage(browser, '/', { viewport, record });
  await page.locator('#usage .usage').first().waitFor();
  const clean = async () => {
    await page.close();
    upstream.faults.length = 0;
    assert.deepEqual(problems, [], 'no page or console errors');
  };
  return { page, expected, clean, seen };
}

/** Wait until `view` of `team` is rendered for `user`. */
export const settled = (page, view, team = 'Acme Marketing', user) => page.waitForFunction(([v, t, u]) => {
  const s = document.querySelector('#view');
  return !s.hasAttribute('aria-busy') && s.dataset.view === v && s.dataset.team === t && (!u || s.dataset.user === u);
}, [view, team, user]);

/** Switch the persona (the demo server's choice of key) and wait for the same view as that user. */
export async function switchPersona(page, name) {
  const view = (await page.locator('#view').getAttribute('data-view')) ?? 'overview';
  await page.selectOption('#persona', { label: name });
  await settled(page, view, 'Acme Marketing', EMAIL[name]);
}

const VIEW_OF_TAB = { Overview: 'overview', Members: 'members', Clients: 'clients', Connections: 'connections', Data: 'data' };
/** Click a view's tab and wait for the view. */
export async function tab(page, name, team) {
  await page.getByRole('tab', { name }).click();
  await settled(page, VIEW_OF_TAB[name], team);
}

/** Wait for the overview's trend card to finish (`ready`, `unavailable`, `empty` or `error`). */
export const trendDone = (page) => page.locator('#trend:not([data-state=loading])').waitFor();
