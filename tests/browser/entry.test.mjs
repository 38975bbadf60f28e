// The browser entry (pkg/index.js) in Debian's headless Chromium, loaded by a plain
// <script type="module"> from a loopback server: usable as soon as the import resolves (top-level
// await), calls, errors, abort, the global fetch, and a panic (test-hooks build under /hooks/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { createRequire } from 'node:module';
import { CHROMIUM_ARGS } from './chromium.mjs';

const require = createRequire(new URL('../../tools/', import.meta.url));
const { chromium } = require('playwright-core');
const root = new URL('../../', import.meta.url).pathname;
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

function serve() {
  const server = createServer(async (req, res) => {
    const path = normalize(new URL(req.url, 'http://x').pathname);
    const file = path === '/' ? 'tests/browser/page.html'
      : path.startsWith('/pkg/') ? path.slice(1)
      : path.startsWith('/hooks/') ? `target/pkg-test-hooks/${path.slice('/hooks/'.length)}` : null;
    try {
      if (!file) throw new Error('not served');
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(await readFile(join(root, file)));
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('the browser entry works in headless Chromium', async () => {
  const server = await serve();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    // The test-hooks build is a debug build whose glue logs the deliberate trap as it passes
    // through; that line is expected, any other error is a problem.
    const deliberate = /imported JS function that was not marked as `catch` threw an error: unreachable/;
    page.on('console', (m) => { if (m.type() === 'error' && !deliberate.test(m.text())) problems.push(`console: ${m.text()}`); });
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    const results = await page.waitForFunction(() => window.__results, null, { timeout: 15000 }).then((h) => h.jsonValue());
    assert.equal(results.crash, undefined);
    assert.equal(results.atImport, 'viewer', 'helpers work as soon as the import resolves');
    assert.equal(results.badOptions, 'INVALID_ARGUMENT', 'the constructor checks its options at once');
    assert.deepEqual(results.teams, [{ id: '0190f8b0-1a2b-7c3d-8e4f-5a6b7c8d9e0f', name: null, createdAt: '2026-01-12T08:15:00.000Z' }]);
    assert.deepEqual(results.error, { code: 'FORBIDDEN', status: 403, isError: true, isTmr: true, message: 'You do not have permission to perform this action' });
    assert.equal(results.aborted, 'ABORTED');
    assert.deepEqual(results.viaGlobal, []);
    assert.deepEqual(results.calls, [
      ['http://localhost:1/teams', 'GET'],
      ['http://localhost:1/teams/0190f8b0-1a2b-7c3d-8e4f-5a6b7c8d9e0f', 'GET'],
      ['http://localhost:1/teams', 'GET', 'manual', 'Bearer tmrc_live_page'],
    ]);
    assert.deepEqual(results.panic, ['INTERNAL_SDK_ERROR', 'INTERNAL_SDK_ERROR']);
    assert.equal(results.afterPanic, 0);
    // The 403 above is answered by the stub, so the browser logs no failed network request.
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.close();
  }
});
