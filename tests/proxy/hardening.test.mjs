// What the proxy does about pages of other sites and about what it is handed: writes a browser
// marks as cross-site are refused (a page elsewhere could make a visitor's browser send them,
// cookies and all) unless `allowedOrigins` lists the origin; bodies must be JSON; `authorize` runs
// before the body is read and learns the endpoint's minimum role; UUIDs reach `authorize`, the
// API and the cache in one spelling; `cache` works through the proxy; a Request of another
// implementation is accepted; a page behind the proxy reads its "no answer" codes as they are.
import { test, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { TmrClient, TmrError } from 'tmr-client';
import { BASE, ORIGIN, MOCK, token, reset, world, makeProxy, send, read, ownAnswer, neverForwarded, hardened } from './helpers.mjs';

let w;
let QUERY;
before(async () => {
  await reset();
  w = await world();
  const account = w.gadw[0].id;
  QUERY = { accounts: [account.startsWith('gadw_') ? account : `gadw_${account}`], metrics: ['clicks'], dateRange: 'last_7_days' };
});
beforeEach(() => reset());

test('a write a browser sent from another site is refused, never forwarded; reads and same-origin writes pass', async () => {
  const { handler, upstream } = makeProxy({ allow: ['data.runQuery', 'teams.get', 'clients.linkAccount'] });
  const run = `${BASE}/teams/${w.acme}/data/run-query`;
  for (const headers of [
    { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
    { 'sec-fetch-site': 'same-site', origin: 'https://other.dashboard.example' },
    { origin: 'https://evil.example' },   // a browser without Sec-Fetch-*: Origin tells
    { 'sec-fetch-site': 'cross-site' },   // a form post that sent no Origin
  ]) {
    const res = await neverForwarded(upstream, () => send(handler, 'POST', run, { body: QUERY, headers }));
    ownAnswer(res, 403, 'FORBIDDEN', /its own origin only/);
  }
  // A no-cors fetch can only send text/plain: refused for where it comes from, before its type.
  const noCors = await neverForwarded(upstream, () => send(handler, 'POST', `${BASE}/teams/${w.acme}/clients/${w.client}/accounts/gadw/1234567890`, {
    headers: { 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain;charset=UTF-8' },
  }));
  ownAnswer(noCors, 403, 'FORBIDDEN');
  // The proxy's own pages, a request from no page at all (a server, curl), and reads from anywhere.
  for (const headers of [{ 'sec-fetch-site': 'same-origin', origin: ORIGIN }, { origin: ORIGIN }, {}]) {
    assert.equal((await send(handler, 'POST', run, { body: QUERY, headers })).status, 200, JSON.stringify(headers));
  }
  const read = await send(handler, 'GET', `${BASE}/teams/${w.acme}`, { headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' } });
  assert.equal(read.status, 200);
});

test('allowedOrigins lets the pages of another origin write; a bad entry is refused at creation', async () => {
  const { handler } = makeProxy({ allow: ['data.runQuery'], allowedOrigins: ['https://app.example'] });
  const run = `${BASE}/teams/${w.acme}/data/run-query`;
  const ok = await send(handler, 'POST', run, { body: QUERY, headers: { 'sec-fetch-site': 'same-site', origin: 'https://app.example' } });
  assert.equal(ok.status, 200, ok.text);
  const other = await send(handler, 'POST', run, { body: QUERY, headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' } });
  ownAnswer(other, 403, 'FORBIDDEN');
  for (const bad of [['https://app.example/'], ['app.example'], ['https://a.example/path'], 'https://app.example']) {
    assert.throws(() => makeProxy({ allowedOrigins: bad }), (e) => e.code === 'INVALID_ARGUMENT' && /allowedOrigins/.test(e.message), JSON.stringify(bad));
  }
});

test('a body must be sent as application/json: 415 otherwise, never forwarded', async () => {
  const { handler, upstream } = makeProxy({ allow: ['data.runQuery'] });
  const run = `${BASE}/teams/${w.acme}/data/run-query`;
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    const res = await neverForwarded(upstream, () => send(handler, 'POST', run, { body: JSON.stringify(QUERY), headers: { 'content-type': type } }));
    ownAnswer(res, 415, 'UNSUPPORTED_MEDIA_TYPE', /application\/json/);
  }
  const json = await send(handler, 'POST', run, { body: JSON.stringify(QUERY), headers: { 'content-type': 'Application/JSON; charset=utf-8' } });
  assert.equal(json.status, 200, json.text);
});

test('authorize runs before the body is read, and learns the minimum role the endpoint needs', async () => {
  const calls = [];
  const { handler, upstream } = makeProxy({
    allow: ['members.updateRole', 'data.runQuery'],
    maxBodyBytes: 1024,
    authorize: async (request, call) => {
      calls.push(call);
      const body = await request.clone().text();   // the body is still there for the app to see
      return body.length < 2000 && call.requiredRole !== 'owner';
    },
  });
  // An owner-only endpoint refused by the app's own role check.
  const role = await neverForwarded(upstream, () => send(handler, 'PUT', `${BASE}/teams/${w.acme}/members/${w.grace}/role`, { body: { role: 'viewer' } }));
  ownAnswer(role, 403, 'FORBIDDEN', /authorize/);
  assert.equal(calls.at(-1).requiredRole, 'owner');
  // A body over maxBodyBytes that the app refuses: 403, not 413 (the app decided first).
  const big = { ...QUERY, filters: [{ fieldId: 'x'.repeat(3000), operator: 'equals', value: 'y' }] };
  const refused = await neverForwarded(upstream, () => send(handler, 'POST', `${BASE}/teams/${w.acme}/data/run-query`, { body: big }));
  ownAnswer(refused, 403, 'FORBIDDEN');
  assert.equal(calls.at(-1).requiredRole, 'editor');
});

test('UUIDs in the path reach authorize, the API and the cache lower-cased', async () => {
  const teams = [];
  const { handler, upstream } = makeProxy({ allow: ['teams.get', 'members.list'], cache: { ttlMs: 60_000 }, authorize: (request, call) => teams.push(call.teamId) > 0 });
  const upper = w.acme.toUpperCase();
  assert.notEqual(upper, w.acme);
  const a = await send(handler, 'GET', `${BASE}/teams/${upper}/members`);
  const b = await send(handler, 'GET', `${BASE}/teams/${w.acme}/members`);
  assert.equal(a.status, 200, a.text);
  assert.deepEqual(a.json(), b.json());
  assert.deepEqual(teams, [w.acme, w.acme]);
  assert.deepEqual(upstream.calls.map((c) => c.url), [`${MOCK}/teams/${w.acme}/members`], 'one upstream read, the second from the cache');
});

test('cache through the proxy: a repeated read is served from it, a write drops what it made stale', async () => {
  const { handler, upstream } = makeProxy({ allow: ['members.*'], cache: { ttlMs: 60_000 } });
  const list = `${BASE}/teams/${w.acme}/members`;
  const first = await send(handler, 'GET', list);
  const second = await send(handler, 'GET', list);
  assert.equal(second.status, 200);
  hardened(second, 'a cached answer');
  assert.match(second.headers.get('content-type'), /^application\/json/);
  assert.deepEqual(second.json(), first.json(), 'the same envelope, data as the API sent it');
  assert.equal(upstream.calls.length, 1, 'the second read came from the cache');
  const write = await send(handler, 'PUT', `${BASE}/teams/${w.acme}/members/${w.grace}/role`, { body: { role: 'viewer' } });
  assert.equal(write.status, 200, write.text);
  const third = await send(handler, 'GET', list);
  assert.equal(upstream.calls.length, 3, 'the write dropped the cached list');
  assert.equal(third.json().data.find((m) => m.id === w.grace).role, 'viewer');
});

test('a Request of another implementation (a ponyfill, another realm) is accepted by its shape', async () => {
  const { handler } = makeProxy({ allow: ['teams.list'] });
  const ponyfill = { url: `${ORIGIN}${BASE}/teams`, method: 'GET', headers: new Headers(), body: null };
  const res = await read(await handler(ponyfill));
  assert.equal(res.status, 200, res.text);
  const e = await handler({ nope: true }).then(() => assert.fail('a non-Request is refused'), (x) => x);
  assert.ok(e instanceof TmrError);
  assert.equal(e.code, 'INVALID_ARGUMENT');
  assert.match(e.message, /takes a standard Request/);
});

test('a page behind the proxy reads its NETWORK_ERROR and TIMEOUT answers with those codes', async () => {
  const down = makeProxy({ allow: ['teams.list'], baseUrl: 'http://127.0.0.1:1' }).handler;
  const slow = makeProxy({ allow: ['teams.list'], timeoutMs: 50, fetch: (url, init) => new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason))) }).handler;
  for (const [handler, code, status] of [[down, 'NETWORK_ERROR', 502], [slow, 'TIMEOUT', 504]]) {
    const page = new TmrClient({ baseUrl: `http://127.0.0.1:8080${BASE}`, maxRetries: 0, fetch: (url, init) => handler(new Request(url, init)) });
    const e = await page.teams.list().then(() => assert.fail(code), (x) => x);
    assert.equal(e.code, code, e.message);
    assert.equal(e.status, status);
  }
});

test('a TmrClient whose fetch echoes the request: the key is in neither the error nor its cause', async () => {
  const key = token('owner');
  const echoing = (url, init) => Promise.reject(new TypeError(`cannot send ${url} with ${JSON.stringify(init.headers)}`));
  const client = new TmrClient({ apiKey: key, baseUrl: MOCK, fetch: echoing, maxRetries: 0 });
  const e = await client.teams.list().then(() => assert.fail('rejects'), (x) => x);
  assert.equal(e.code, 'NETWORK_ERROR');
  assert.ok(e.cause, 'the JS error is kept as cause');
  for (const text of [e.message, e.stack, String(e.cause?.message), String(e.cause?.stack), inspect(e, { depth: 5 }), JSON.stringify(e)]) {
    assert.ok(!text.includes(key), `the key leaked: ${text.slice(0, 200)}`);
  }
  assert.match(e.cause.message, /\[redacted\]/, 'the cause keeps its words, the key redacted');
});
