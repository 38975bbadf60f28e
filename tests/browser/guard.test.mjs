// The browser-key guard in headless Chromium, with the packed package's browser entry (no bundler):
//  - on a page of a NON-loopback origin (https://dashboard.example/, every request answered by
//    Playwright routes, nothing on the network): `new TmrClient({ apiKey })` throws INVALID_ARGUMENT
//    naming createTmrProxy and 'tmr-client/proxy' (never the key); `dangerouslyAllowBrowser: true`
//    lets it through; a loopback baseUrl too; a keyless `new TmrClient({ baseUrl: '/api/tmr' })`
//    reads through a createTmrProxy handler running here in Node in front of tmr-mock, and sends no
//    Authorization. The same in a module Web Worker of that page.
//  - on a loopback origin (the mock's own, page files routed), a key with a loopback baseUrl works
//    without the flag against the mock.
// Run through scripts/with-mock.sh, after the tarball is installed in tests/proxy (the files served
// and the proxy are that installed copy):
//   bash scripts/with-mock.sh -- node --test --test-concurrency=1 tests/browser/guard.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM_ARGS } from './chromium.mjs';

const { chromium } = createRequire(new URL('../../tools/', import.meta.url))('playwright-core');
const MOCK = process.env.TMR_MOCK_URL;
const KEY = process.env.TMR_TOKEN_OWNER;
assert.ok(MOCK && KEY, 'run through scripts/with-mock.sh (TMR_MOCK_URL is not set)');

// The installed tarball (scripts/test.sh installs it into tests/proxy).
const pkgJson = createRequire(new URL('../proxy/', import.meta.url)).resolve('tmr-client/package.json');
const PKG = dirname(pkgJson);
const manifest = JSON.parse(await readFile(pkgJson, 'utf8'));
const { createTmrProxy } = await import(pathToFileURL(join(PKG, manifest.exports['./proxy'].node.import.default)).href);

const ORIGIN = 'https://dashboard.example';
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

/** What the page and the worker run: the guard's cases, then calls. `env` is filled in per origin. */
const CASES = String.raw`
const KEY = ENV.key;
const attempt = (make) => {
  try {
    const c = make();
    return { constructed: true, baseUrl: c.baseUrl };
  } catch (e) {
    return { constructed: false, name: e?.name, code: e?.code, message: String(e?.message), hasKey: [String(e?.message), String(e?.stack), JSON.stringify(e)].some((t) => t.includes(KEY)) };
  }
};
const settle = (p) => p.then((data) => ({ ok: true, data }), (e) => ({ ok: false, name: e?.name, code: e?.code, status: e?.status, message: String(e?.message) }));
async function run(TmrClient) {
  const out = { realm: typeof window === 'undefined' ? 'worker' : 'window', href: location.href };
  out.key = attempt(() => new TmrClient({ apiKey: KEY }));
  out.keyOtherHost = attempt(() => new TmrClient({ apiKey: KEY, baseUrl: 'https://api.example.com/v1' }));
  out.keyFlagFalse = attempt(() => new TmrClient({ apiKey: KEY, dangerouslyAllowBrowser: false }));
  out.keyFlagTruthy = attempt(() => new TmrClient({ apiKey: KEY, dangerouslyAllowBrowser: 'yes' }));
  out.flagged = attempt(() => new TmrClient({ apiKey: KEY, dangerouslyAllowBrowser: true }));
  out.loopback = ['http://127.0.0.1:9/v1', 'http://localhost:9/v1', 'http://[::1]:9/v1', 'https://127.0.0.2/v1']
    .map((baseUrl) => attempt(() => new TmrClient({ apiKey: KEY, baseUrl })));
  out.keyless = attempt(() => new TmrClient({ baseUrl: '/api/tmr' }));
  if (ENV.proxied) {
    const page = new TmrClient({ baseUrl: '/api/tmr', maxRetries: 0 });
    out.teams = await settle(page.teams.list().then((t) => t.length));
    out.me = await settle(page.users.me().then((u) => u.email));
    out.forbidden = await settle(page.invites.list(ENV.acme));
    // The flag on, against a same-origin stand-in for the API (routed to the mock with the header as sent).
    const keyed = new TmrClient({ apiKey: KEY, baseUrl: '/upstream/v1', dangerouslyAllowBrowser: true, maxRetries: 0 });
    out.keyedMe = await settle(keyed.users.me().then((u) => u.email));
  }
  if (ENV.mock) {
    const direct = new TmrClient({ apiKey: KEY, baseUrl: ENV.mock, maxRetries: 0 });
    out.direct = await settle(direct.users.me().then((u) => u.email));
  }
  return out;
}
`;

const pageHtml = (env, pkgPath) => `<!doctype html><meta charset="utf-8"><title>guard</title><link rel="icon" href="data:,">
<script type="importmap">{ "imports": { "tmr-client": "${pkgPath}index.js" } }</script>
<script type="module">
  const ENV = ${JSON.stringify(env)};
  ${CASES}
  try {
    const { TmrClient } = await import('tmr-client');
    const out = await run(TmrClient);
    if (ENV.worker) {
      const worker = new Worker(ENV.worker, { type: 'module' });
      out.worker = await new Promise((resolve) => {
        worker.onmessage = (e) => resolve(e.data);
        worker.onerror = (e) => resolve({ crash: String(e.message) });
      });
    }
    window.__results = out;
  } catch (e) {
    window.__results = { crash: String(e?.stack ?? e) };
  }
</script>`;

const workerJs = (env, pkgPath) => `
const ENV = ${JSON.stringify(env)};
${CASES}
try {
  const { TmrClient } = await import('${pkgPath}index.js');
  postMessage(await run(TmrClient));
} catch (e) {
  postMessage({ crash: String(e?.stack ?? e) });
}
`;

/** A file of the installed package, or null when the path leaves it. */
async function pkgFile(rel) {
  const path = normalize(join(PKG, decodeURIComponent(rel)));
  if (!path.startsWith(`${PKG}/`)) return null;
  return readFile(path).then((body) => ({ body, type: TYPES[extname(path)] ?? 'application/octet-stream' }), () => null);
}

/** The page's request as a fetch Request: method, headers (no HTTP/2 pseudo-headers), body. */
async function toRequest(req) {
  const headers = Object.entries(await req.allHeaders()).filter(([k]) => !k.startsWith(':'));
  const method = req.method();
  const body = ['GET', 'HEAD'].includes(method) ? undefined : req.postDataBuffer() ?? undefined;
  return new Request(req.url(), { method, headers, body });
}

let browser;
before(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
after(() => browser?.close());

/** Open `url` in a fresh context whose requests `route` answers; the page's results and problems. */
async function visit(url, routes) {
  const context = await browser.newContext();
  try {
    const problems = [];
    await routes(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 403/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    await page.goto(url);
    const results = await page.waitForFunction(() => window.__results, null, { timeout: 60_000 }).then((h) => h.jsonValue());
    return { results, problems };
  } finally {
    await context.close();
  }
}

function assertRefused(r, what) {
  assert.equal(r.constructed, false, `${what}: refused`);
  assert.equal(r.name, 'TmrError', what);
  assert.equal(r.code, 'INVALID_ARGUMENT', what);
  assert.match(r.message, /createTmrProxy/, `${what}: names createTmrProxy: ${r.message}`);
  assert.match(r.message, /tmr-client\/proxy/, `${what}: names tmr-client/proxy: ${r.message}`);
  assert.equal(r.hasKey, false, `${what}: the key is not in the error`);
}

function assertGuard(out, where) {
  assertRefused(out.key, `${where}: a key, the default baseUrl`);
  assertRefused(out.keyOtherHost, `${where}: a key, another https host`);
  assertRefused(out.keyFlagFalse, `${where}: dangerouslyAllowBrowser: false`);
  assert.equal(out.keyFlagTruthy.constructed, false, `${where}: dangerouslyAllowBrowser 'yes' is not true`);
  assert.equal(out.keyFlagTruthy.code, 'INVALID_ARGUMENT');
  assert.deepEqual(out.flagged, { constructed: true, baseUrl: 'https://api.twominutereports.com/v1' }, `${where}: the flag lets a key through`);
  assert.deepEqual(out.loopback.map((r) => r.constructed), [true, true, true, true], `${where}: loopback baseUrls need no flag: ${JSON.stringify(out.loopback)}`);
}

test('a non-loopback page and its worker: the guard refuses a key; a keyless client reads through the proxy, without Authorization', async () => {
  const acme = (await (await fetch(`${MOCK}/teams`, { headers: { authorization: `Bearer ${KEY}` } })).json()).data.find((t) => t.name === 'Acme Marketing').id;
  const upstream = [];
  const proxy = createTmrProxy({
    apiKey: KEY, baseUrl: MOCK, basePath: '/api/tmr', allow: ['teams.list', 'users.me'], rateLimit: false,
    fetch: (url, init) => { upstream.push(url); return fetch(url, init); },
  });
  const atProxy = [];
  const atUpstreamStandIn = [];
  const unexpected = [];
  const env = { key: KEY, proxied: true, acme, worker: '/worker.js' };
  const routes = async (context) => {
    await context.route('**/*', async (route) => {
      const req = route.request();
      const url = new URL(req.url());
      if (url.origin !== ORIGIN) {
        unexpected.push(req.url());
        return route.abort();
      }
      if (url.pathname === '/') return route.fulfill({ status: 200, contentType: 'text/html', body: pageHtml(env, '/pkg/') });
      if (url.pathname === '/worker.js') return route.fulfill({ status: 200, contentType: 'text/javascript', body: workerJs(env, '/pkg/') });
      if (url.pathname.startsWith('/pkg/')) {
        const file = await pkgFile(url.pathname.slice('/pkg/'.length));
        return file ? route.fulfill({ status: 200, contentType: file.type, body: file.body }) : route.fulfill({ status: 404, body: '' });
      }
      if (url.pathname.startsWith('/api/tmr/')) {
        const request = await toRequest(req);
        atProxy.push({ path: url.pathname, authorization: request.headers.get('authorization') });
        const res = await proxy(request);
        return route.fulfill({ status: res.status, headers: Object.fromEntries(res.headers), body: Buffer.from(await res.arrayBuffer()) });
      }
      if (url.pathname.startsWith('/upstream/v1/')) {
        const headers = await req.allHeaders();
        atUpstreamStandIn.push(headers.authorization);
        const res = await fetch(MOCK + url.pathname.slice('/upstream/v1'.length) + url.search, { method: req.method(), headers: { authorization: headers.authorization ?? '' } });
        return route.fulfill({ status: res.status, contentType: res.headers.get('content-type') ?? 'application/json', body: Buffer.from(await res.arrayBuffer()) });
      }
      unexpected.push(req.url());
      return route.fulfill({ status: 404, body: '' });
    });
  };
  const { results, problems } = await visit(`${ORIGIN}/`, routes);
  assert.equal(results.crash, undefined, results.crash);
  assert.equal(results.worker?.crash, undefined, results.worker?.crash);
  for (const [out, where] of [[results, 'page'], [results.worker, 'worker']]) {
    assert.equal(out.realm, where === 'page' ? 'window' : 'worker');
    assertGuard(out, where);
    assert.deepEqual(out.keyless, { constructed: true, baseUrl: `${ORIGIN}/api/tmr` }, `${where}: a relative baseUrl resolves against the location`);
    assert.deepEqual(out.teams, { ok: true, data: 7 }, `${where}: teams.list through the proxy`);
    assert.deepEqual(out.me, { ok: true, data: 'ada@acme.example' }, `${where}: the proxy's identity`);
    assert.equal(out.forbidden.ok, false);
    assert.equal(out.forbidden.code, 'FORBIDDEN', `${where}: ${out.forbidden.message}`);
    assert.equal(out.forbidden.status, 403);
    assert.equal(out.forbidden.message, 'invites.list is not allowed through this proxy');
    assert.deepEqual(out.keyedMe, { ok: true, data: 'ada@acme.example' }, `${where}: a flagged key works`);
  }
  assert.deepEqual(unexpected, [], 'every request stayed on the routed origin');
  assert.equal(atProxy.length, 6, 'three proxied calls from the page, three from the worker');
  assert.deepEqual(atProxy.filter((r) => r.authorization !== null), [], 'no Authorization reached the proxy');
  assert.deepEqual(upstream.map((u) => new URL(u).pathname).sort(), ['/teams', '/teams', '/users/me', '/users/me'], 'the refused call never went upstream');
  assert.deepEqual(atUpstreamStandIn, [`Bearer ${KEY}`, `Bearer ${KEY}`], 'the flagged client sent its key');
  assert.deepEqual(problems, []);
});

test('a loopback origin: a key with a loopback baseUrl works without the flag, against the mock', async () => {
  const base = `${MOCK}/__guard/`;
  const env = { key: KEY, mock: MOCK, worker: `${base}worker.js` };
  const routes = async (context) => {
    await context.route(`${base}**`, async (route) => {
      const url = new URL(route.request().url());
      const rel = url.pathname.slice('/__guard/'.length);
      if (rel === '' || rel === 'index.html') return route.fulfill({ status: 200, contentType: 'text/html', body: pageHtml(env, '/__guard/pkg/') });
      if (rel === 'worker.js') return route.fulfill({ status: 200, contentType: 'text/javascript', body: workerJs(env, '/__guard/pkg/') });
      const file = rel.startsWith('pkg/') ? await pkgFile(rel.slice('pkg/'.length)) : null;
      return file ? route.fulfill({ status: 200, contentType: file.type, body: file.body }) : route.fulfill({ status: 404, body: '' });
    });
  };
  const { results, problems } = await visit(base, routes);
  assert.equal(results.crash, undefined, results.crash);
  assert.equal(results.worker?.crash, undefined, results.worker?.crash);
  for (const [out, where] of [[results, 'page'], [results.worker, 'worker']]) {
    assert.ok(out.href.startsWith(base), out.href);
    // The guard looks at baseUrl, not at the page: the official API is refused here too.
    assertGuard(out, `loopback ${where}`);
    assert.deepEqual(out.direct, { ok: true, data: 'ada@acme.example' }, `${where}: a key against the loopback mock, no flag`);
  }
  assert.deepEqual(problems, []);
});
