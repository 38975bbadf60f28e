// The page side, in Node: a TmrClient with no apiKey whose baseUrl is the proxy reads and writes
// through it (its fetch hands each request to the handler as a Request), sends no Authorization,
// and the proxy's refusals become TmrErrors with the right code and status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TmrClient, TmrError } from 'tmr-client';
import { BASE, NOBODY, token, stats, countingFetch, makeProxy, direct, invalidArgument, freshWorld } from './helpers.mjs';

const PAGE_BASE = `http://127.0.0.1:8080${BASE}`;

const w = freshWorld();

/** A keyless client whose requests go to `handler`; `.calls` records what it sent. */
function pageClient(handler, extra = {}) {
  const pageFetch = countingFetch((url, init) => handler(new Request(url, init)));
  const client = new TmrClient({ baseUrl: PAGE_BASE, fetch: pageFetch, maxRetries: 0, rateLimit: false, ...extra });
  return { client, pageFetch };
}

const headerNames = (init) => Object.keys(init.headers instanceof Headers ? Object.fromEntries(init.headers) : init.headers ?? {}).map((k) => k.toLowerCase());

async function refuses(promise, code, status) {
  const e = await promise.then(() => assert.fail(`expected ${code}`), (x) => x);
  assert.ok(e instanceof TmrError, String(e));
  assert.equal(e.code, code, e.message);
  assert.equal(e.status, status, e.message);
  return e;
}

test('a keyless client reads and writes through the proxy and sends no Authorization', async () => {
  const { handler, upstream } = makeProxy({ allow: ['teams.*', 'members.*', 'data.runQuery', 'users.me', 'connectors.accounts'] });
  const { client, pageFetch } = pageClient(handler);
  assert.deepEqual(client.toJSON(), { baseUrl: PAGE_BASE });

  assert.deepEqual(await client.teams.list(), (await direct('GET', '/teams')).json().data);
  assert.equal((await client.teams.get(w.acme)).name, 'Acme Marketing');
  assert.deepEqual(await client.members.list(w.acme), w.members);
  assert.equal((await client.users.me()).email, 'ada@acme.example', 'the proxy\'s identity');
  const enabled = await client.connectors.accounts(w.acme, 'gadw', { status: 'enabled' });
  assert.equal(enabled.length, 3);
  const rows = await client.data.runQuery(w.acme, { accounts: ['gadw_1000000000'], dimensions: ['date'], metrics: ['clicks'], dateRange: { startDate: '2026-01-01', endDate: '2026-01-03' } });
  assert.equal(rows.length, 3);
  assert.deepEqual(await client.members.updateRole(w.acme, w.grace, 'viewer'), { updated: true });
  assert.equal((await client.members.list(w.acme)).find((m) => m.id === w.grace).role, 'viewer');

  assert.equal(pageFetch.calls.length, 8);
  for (const { url, init } of pageFetch.calls) {
    assert.ok(url.startsWith(`${PAGE_BASE}/`), url);
    assert.ok(!headerNames(init).includes('authorization'), `no Authorization from the page: ${headerNames(init)}`);
  }
  assert.equal(upstream.calls.length, 8);
  assert.equal((await stats()).writes['members.updateRole'].owner, 1);
});

test('refusals become TmrErrors: 403 FORBIDDEN, 404 NOT_FOUND, 413 PAYLOAD_TOO_LARGE, 400 BAD_REQUEST, 429 with retryAfterMs', async () => {
  const { handler, upstream } = makeProxy({ allow: ['teams.get', 'connections.get', 'connectors.accounts', 'members.updateRole'], maxBodyBytes: 10 });
  const { client } = pageClient(handler);
  // The proxy's own 403 (not allowed) and 413 (over maxBodyBytes): never forwarded.
  const forbidden = await refuses(client.teams.list(), 'FORBIDDEN', 403);
  assert.equal(forbidden.endpoint, 'teams.list');
  await refuses(client.invites.list(w.acme), 'FORBIDDEN', 403);
  await refuses(client.members.updateRole(w.acme, w.grace, 'viewer'), 'PAYLOAD_TOO_LARGE', 413);
  assert.equal(upstream.calls.length, 0);
  // The mock's 404 and 400, forwarded.
  await refuses(client.connections.get(w.acme, NOBODY), 'NOT_FOUND', 404);
  await refuses(client.connectors.accounts(w.acme, 'zzz'), 'BAD_REQUEST', 400);
  // The mock's 403 for a team the key's user is not in.
  await refuses(client.teams.get(NOBODY), 'FORBIDDEN', 403);
  assert.equal(upstream.calls.length, 3);

  // The proxy's own 429: the page's client sees TOO_MANY_REQUESTS with the wait.
  const paced = makeProxy({ apiKey: token('editor'), allow: ['teams.list'], rateLimit: { maxWaitMs: 1, default: { requests: 1, windowMs: 60_000 } } });
  const page = pageClient(paced.handler).client;
  assert.equal((await page.teams.list()).length, 4, 'grace\'s four teams');
  const e = await refuses(page.teams.list(), 'TOO_MANY_REQUESTS', 429);
  // Whole seconds from Retry-After: the 60 s window plus the pacer's 1 s margin at most.
  assert.ok(e.retryAfterMs >= 1000 && e.retryAfterMs <= 61_000 && e.retryAfterMs % 1000 === 0, `retryAfterMs ${e.retryAfterMs}`);
  assert.equal(paced.upstream.calls.length, 1);
});

test('the keyless client: what the constructor accepts and refuses (Node)', () => {
  // No key is needed when baseUrl is not the official API; then http:// may name any host.
  assert.equal(new TmrClient({ baseUrl: 'http://dashboard.example/api/tmr' }).baseUrl, 'http://dashboard.example/api/tmr');
  assert.equal(new TmrClient({ baseUrl: 'https://dashboard.example/api/tmr' }).baseUrl, 'https://dashboard.example/api/tmr');
  // The official API needs a key; a relative baseUrl has nothing to resolve against in Node.
  invalidArgument(() => new TmrClient({}), /apiKey/);
  invalidArgument(() => new TmrClient({ baseUrl: 'https://api.twominutereports.com/v1' }), /apiKey/);
  invalidArgument(() => new TmrClient({ baseUrl: '/api/tmr' }), /baseUrl/);
  // A key still needs https:// or loopback http://.
  invalidArgument(() => new TmrClient({ apiKey: token('owner'), baseUrl: 'http://dashboard.example/api/tmr' }), /baseUrl/);
  assert.ok(new TmrClient({ apiKey: token('owner'), baseUrl: 'http://127.0.0.1:8080/api/tmr' }));
  // Node has no browser guard: a key with the official API is fine.
  assert.ok(new TmrClient({ apiKey: token('owner') }));
});
