// tmr-client/mock in Debian's headless Chromium: a page imports `tmr-client/mock` and
// `tmr-client` from the installed tarball (an import map, no bundler), and the mock answers a
// client's fetch option and the global fetch, drops with a TypeError, aborts a latency wait, and
// makes no network request of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, normalize } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS } from '../browser/chromium.mjs';

const require = createRequire(new URL('../../tools/', import.meta.url));
const { chromium } = require('playwright-core');
const pkgDir = fileURLToPath(new URL('.', import.meta.resolve('tmr-client/package.json')));
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

const PAGE = `<!doctype html><meta charset="utf-8"><title>tmr-client/mock</title><link rel="icon" href="data:,">
<script type="importmap">{ "imports": {
  "tmr-client": "/node_modules/tmr-client/index.js", "tmr-client/mock": "/node_modules/tmr-client/mock/index.js" } }</script>
<script type="module">
  import { createMockFetch } from 'tmr-client/mock';
  import { TmrClient } from 'tmr-client';
  const out = {};
  try {
    const mock = createMockFetch({ personas: { owner: 'page-key' } });
    out.teams = (await new TmrClient({ apiKey: 'page-key', fetch: mock }).teams.list()).length;
    const real = globalThis.fetch;
    globalThis.fetch = mock;
    out.viaGlobal = (await new TmrClient({ apiKey: 'page-key', baseUrl: 'http://localhost:9' }).platform.plans()).length;
    globalThis.fetch = real;
    const headers = { authorization: 'Bearer page-key' };
    const r = await mock('https://api.example.com/v1/users/me', { headers });
    out.response = [r instanceof Response, r.status, (await r.json()).data.email];
    out.drop = await mock('http://x/teams', { headers: { ...headers, 'x-mock-fault': 'drop' } }).then(() => 'resolved', (e) => e.constructor.name);
    const t0 = performance.now();
    out.abort = await mock('http://x/teams', { headers: { ...headers, 'x-mock-fault': 'latency=5000' }, signal: AbortSignal.timeout(50) })
      .then(() => 'resolved', (e) => e.name);
    out.abortMs = performance.now() - t0;
    out.stats = mock.stats().requests;
  } catch (e) {
    out.crash = String(e?.stack ?? e);
  }
  window.__results = out;
</script>`;

function serve() {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    try {
      if (path === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      if (!path.startsWith('/node_modules/tmr-client/')) throw new Error('not served');
      const body = await readFile(`${pkgDir}${path.slice('/node_modules/tmr-client/'.length)}`);
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('tmr-client/mock works in headless Chromium', async () => {
  const server = await serve();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const problems = [];
    const requests = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${origin}/`);
    const results = await page.waitForFunction(() => window.__results, null, { timeout: 20000 }).then((h) => h.jsonValue());
    assert.equal(results.crash, undefined);
    assert.equal(results.teams, 7);
    assert.equal(results.viaGlobal, 4, 'as the global fetch (a Request in)');
    assert.deepEqual(results.response, [true, 200, 'ada@acme.example']);
    assert.equal(results.drop, 'TypeError');
    assert.equal(results.abort, 'TimeoutError');
    assert.ok(results.abortMs < 1000, `the latency wait ended at the abort (${results.abortMs} ms)`);
    // The dropped and the aborted request count too: the engine answered both.
    assert.deepEqual(results.stats, { 'teams.list': { owner: 3 }, 'platform.plans': { owner: 1 }, 'users.me': { owner: 1 } });
    assert.deepEqual(requests.filter((u) => !u.startsWith(origin)), [], 'nothing left the page but its own files');
    assert.ok(requests.includes(`${origin}/node_modules/tmr-client/mock/wasm/tmr_mock_bg.wasm`));
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.close();
  }
});
