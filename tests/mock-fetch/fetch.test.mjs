// The mock fetch as a fetch: inputs (string, URL, Request), any origin and the production base
// path, real Responses, faults (header, option string, option function), latency that waits and
// aborts, drop as a TypeError, redirects, preflight, and the global-fetch use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMockFetch } from 'tmr-client/mock';
import { TmrClient, OutlignClient } from 'tmr-client';

const mock = createMockFetch();
const auth = { authorization: `Bearer ${mock.tokens.owner}` };

test('string, URL and Request inputs; any origin; /v1 like the root; a real Response', async () => {
  for (const input of ['http://127.0.0.1:4010/teams', new URL('https://api.example.com/teams'), new Request('http://x/v1/teams', { headers: auth })]) {
    const r = await mock(input, input instanceof Request ? undefined : { headers: auth });
    assert.ok(r instanceof Response);
    assert.equal(r.status, 200);
    assert.equal(r.statusText, 'OK');
    assert.equal(r.url, String(input instanceof Request ? input.url : input));
    assert.equal(r.headers.get('content-type'), 'application/json');
    assert.equal(r.headers.get('access-control-allow-origin'), '*', 'the server\'s CORS headers');
    assert.equal((await r.json()).data.length, 7);
  }
});

test('a client on its default baseUrl works, and so does the global fetch', async (t) => {
  const tmr = new TmrClient({ apiKey: mock.tokens.owner, fetch: mock });
  assert.equal((await tmr.teams.list()).length, 7);
  const saved = globalThis.fetch;
  globalThis.fetch = mock;
  t.after(() => { globalThis.fetch = saved; });
  const global = new TmrClient({ apiKey: mock.tokens.viewer, baseUrl: 'http://localhost:9' });
  assert.equal((await global.platform.plans()).length, 4, 'a client on the global fetch (which gets a Request)');
  const outlign = new OutlignClient({ accessToken: mock.tokens.outlign_alice });
  assert.equal((await outlign.clients.get(123)).title, 'Acme Corporation', 'the Outlign API on its default origin');
});

test('HEAD, 204 and 405 answers; the query string reaches the engine', async () => {
  const head = await mock('http://x/teams', { method: 'HEAD', headers: auth });
  assert.equal(head.status, 405, 'the API has no HEAD routes (the server answers the same)');
  assert.equal(await head.text(), '', 'a HEAD answer has no body');
  const bearer = { authorization: `Bearer ${mock.tokens.outlign_alice}` };
  const made = await (await mock('http://x/api/v1/clients', { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Tmp', company_id: 456 }) })).json();
  const gone = await mock(`http://x/api/v1/clients/${made.id}`, { method: 'DELETE', headers: bearer });
  assert.equal(gone.status, 204);
  assert.equal(gone.body, null);
  const filtered = await (await mock('http://x/api/v1/clients?title=gamma&per_page=5', { headers: bearer })).json();
  assert.deepEqual(filtered.map((c) => c.title), ['Gamma Logistics']);
  const wrong = await mock('http://x/teams', { method: 'PATCH', headers: auth });
  assert.equal(wrong.status, 405);
  assert.equal(wrong.headers.get('allow'), 'GET');
});

test('faults: the header, the option as a string, the option as a function (with the request)', async () => {
  const get = (m, headers = {}) => m('http://x/teams', { headers: { ...auth, ...headers } });
  assert.equal((await get(mock, { 'x-mock-fault': 'status=503' })).status, 503);
  const r429 = await get(mock, { 'x-mock-fault': 'status=429; retry-after=7' });
  assert.equal(r429.headers.get('retry-after'), '7');
  assert.equal((await (await get(mock, { 'x-mock-fault': 'bogus' })).json()).error.message, 'x-mock-fault: unknown directive `bogus`');
  assert.equal(await (await get(mock, { 'x-mock-fault': 'malformed' })).text(), '<html><body>502 Bad Gateway (injected)');
  const all = createMockFetch({ faults: 'status=500' });
  assert.equal((await get(all, { authorization: `Bearer ${all.tokens.owner}` })).status, 500);
  const seen = [];
  const some = createMockFetch({
    faults: async (request) => {
      seen.push(`${request.method} ${new URL(request.url).pathname} ${await request.text()}`);
      return request.method === 'PUT' ? 'status=500; after-write' : undefined;
    },
  });
  const owner = new TmrClient({ apiKey: some.tokens.owner, baseUrl: 'https://x.test', fetch: some, maxRetries: 0 });
  const acme = (await owner.teams.list()).find((t) => t.name === 'Acme Marketing');
  await assert.rejects(owner.teams.rename(acme.id, 'Faulted'), { code: 'INTERNAL_SERVER_ERROR' });
  assert.equal((await owner.teams.get(acme.id)).name, 'Faulted', 'after-write: applied, then failed');
  assert.deepEqual(seen.slice(0, 2), ['GET /teams ', `PUT /teams/${acme.id}/name {"name":"Faulted"}`], 'the function reads a clone, the mock the body');
  const both = createMockFetch({ faults: 'retry-after=3' });
  const r = await get(both, { authorization: `Bearer ${both.tokens.owner}`, 'x-mock-fault': 'status=429' });
  assert.equal(r.headers.get('retry-after'), '3', 'header and option together');
  await assert.rejects(createMockFetch({ faults: () => 7 })('http://x/teams'), { name: 'TypeError', message: /must return a directive string/ });
});

test('latency waits, and the request signal aborts the wait with its reason', async () => {
  const started = Date.now();
  assert.equal((await mock('http://x/teams', { headers: { ...auth, 'x-mock-fault': 'latency=150' } })).status, 200);
  assert.ok(Date.now() - started >= 140, `waited ${Date.now() - started} ms`);
  const t0 = Date.now();
  await assert.rejects(mock('http://x/teams', { headers: { ...auth, 'x-mock-fault': 'latency=5000' }, signal: AbortSignal.timeout(50) }), { name: 'TimeoutError' });
  assert.ok(Date.now() - t0 < 1000, 'the wait ended at the abort');
  const ac = new AbortController();
  ac.abort(new Error('mine'));
  await assert.rejects(mock('http://x/teams', { signal: ac.signal }), { message: 'mine' }, 'an aborted signal rejects at once');
  const client = new TmrClient({ apiKey: mock.tokens.owner, baseUrl: 'https://x.test', fetch: createMockFetch({ faults: 'latency=2000' }), timeoutMs: 100, maxRetries: 0 });
  await assert.rejects(client.teams.list(), { code: 'TIMEOUT' });
});

test('drop rejects like a network failure: a TypeError, as fetch does', async () => {
  const e = await mock('http://x/teams', { headers: { ...auth, 'x-mock-fault': 'drop' } }).catch((x) => x);
  assert.ok(e instanceof TypeError);
  assert.equal(e.message, 'fetch failed');
  assert.match(e.cause.message, /dropped the connection/);
  const client = new TmrClient({ apiKey: mock.tokens.owner, baseUrl: 'https://x.test', fetch: createMockFetch({ faults: 'drop' }), maxRetries: 0 });
  await assert.rejects(client.teams.list(), { code: 'NETWORK_ERROR' });
  await assert.rejects(mock('http://x/teams', { headers: { ...auth, 'x-mock-fault': 'status=101' } }), TypeError, 'a status fetch cannot answer with');
});

test('redirects are answered, not followed; redirect "error" rejects; OPTIONS is the preflight', async () => {
  const url = 'http://x/oauth/authorize?client_id=outlign-demo&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcb&response_type=code&state=s1';
  const r = await mock(url);
  assert.equal(r.status, 302);
  assert.match(r.headers.get('location'), /^http:\/\/127\.0\.0\.1:9\/cb\?code=.+&state=s1$/);
  await assert.rejects(mock(url, { redirect: 'error' }), TypeError);
  const pre = await mock('http://x/teams', { method: 'OPTIONS' });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-headers'), 'authorization, content-type, x-mock-fault');
});

test('bad input rejects as fetch does', async () => {
  await assert.rejects(mock('/teams'), TypeError, 'a relative URL in Node');
  await assert.rejects(mock('http://x/teams', { method: 'GET', body: 'x' }), TypeError, 'a GET with a body');
});

test('a header value no Headers object can hold is left out, as the server leaves it out', async () => {
  // A redirect URI with a character beyond Latin-1: the authorize redirect still answers.
  const url = 'http://x/oauth/authorize?client_id=outlign-demo&response_type=code&redirect_uri=' + encodeURIComponent('http://127.0.0.1:9/cb/✓');
  const r = await mock(url, { redirect: 'manual' });
  assert.equal(r.status, 302);
  assert.equal(r.headers.get('location'), null);
});
