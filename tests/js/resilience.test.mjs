// Resilience and security through the public API with stubbed fetches: retries and Retry-After,
// ambiguous writes, pacing (shared per key, cancellable, bounded), redirects, hooks and logs
// without secrets, withResponse, shared reads and the cache (panics: panic.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { TmrClient, isTmrError } from 'tmr-client';
import { TEAM, KEY, fixtures, recordingFetch, envelope, apiError } from './helpers.mjs';

const TOO_MANY = (headers) => ({ ...apiError(429, 'TOO_MANY_REQUESTS', 'Too many requests — please slow down and try again later'), headers });
const client = (fetch, extra = {}) => new TmrClient({ apiKey: KEY, fetch, rateLimit: false, ...extra });

test('Retry-After in seconds and as an HTTP-date is honoured', async () => {
  // HTTP-dates have whole seconds: 2.6 s ahead is at least 1.6 s of waiting.
  for (const header of [() => '1', () => new Date(Date.now() + 2600).toUTCString()]) {
    const value = header();
    const { fetch, calls } = recordingFetch((u, i, n) => (n === 1 ? TOO_MANY({ 'retry-after': value }) : envelope([])));
    const started = Date.now();
    const r = await client(fetch).withResponse.teams.list();
    assert.equal(r.attempts, 2);
    assert.equal(calls.length, 2);
    assert.ok(Date.now() - started >= 900, `waited for ${value}`);
  }
});

test('a Retry-After longer than maxRetryDelayMs fails at once with retryAfterMs', async () => {
  const { fetch, calls } = recordingFetch(() => TOO_MANY({ 'retry-after': '3600' }));
  const started = Date.now();
  const e = await client(fetch, { maxRetryDelayMs: 5000 }).teams.list().catch((x) => x);
  assert.equal(e.code, 'TOO_MANY_REQUESTS');
  assert.equal(e.retryAfterMs, 3_600_000);
  assert.equal(calls.length, 1);
  assert.ok(Date.now() - started < 1000, 'no sleeping on an unbounded Retry-After');
});

test('an invite whose answer is lost is AMBIGUOUS_WRITE and is not repeated', async () => {
  const { fetch, calls } = recordingFetch(() => { throw new TypeError('fetch failed', { cause: new Error('socket hang up') }); });
  const e = await client(fetch, { maxRetries: 5 }).invites.create(TEAM, { email: 'a@b.co' }).catch((x) => x);
  assert.equal(e.code, 'AMBIGUOUS_WRITE');
  assert.match(e.message, /check the invites list/);
  assert.equal(calls.length, 1);
  assert.ok(e.cause instanceof TypeError);
  const hang = (u, init) => new Promise((_, rej) => init.signal.addEventListener('abort', () => rej(new DOMException('a', 'AbortError'))));
  const t = await client(hang, { timeoutMs: 30 }).invites.create(TEAM, { email: 'a@b.co' }).catch((x) => x);
  assert.equal(t.code, 'AMBIGUOUS_WRITE');
});

test('abort during a retry backoff settles at once', async () => {
  const { fetch } = recordingFetch(() => TOO_MANY({ 'retry-after': '30' }));
  const ctrl = new AbortController();
  const started = Date.now();
  setTimeout(() => ctrl.abort(), 50);
  const e = await client(fetch).teams.list({ signal: ctrl.signal }).catch((x) => x);
  assert.equal(e.code, 'ABORTED');
  assert.ok(Date.now() - started < 1000);
});

test('pacing is shared by clients with the same key, cancellable and bounded', async () => {
  const { fetch, calls } = recordingFetch(() => envelope([]));
  const rateLimit = { default: { requests: 2, windowMs: 60_000 }, maxWaitMs: 120_000 };
  const a = new TmrClient({ apiKey: 'tmrc_live_shared', fetch, rateLimit });
  const b = new TmrClient({ apiKey: 'tmrc_live_shared', fetch, rateLimit });
  const waits = [];
  const c = new TmrClient({ apiKey: 'tmrc_live_shared', fetch, rateLimit, onRateLimit: (e) => waits.push(e) });
  await a.teams.list();
  await b.teams.list();
  const ctrl = new AbortController();
  const started = Date.now();
  const queued = c.teams.list({ signal: ctrl.signal });
  setTimeout(() => ctrl.abort(), 50);
  assert.equal((await queued.catch((x) => x)).code, 'ABORTED');
  assert.ok(Date.now() - started < 1000, 'abort while waiting for a slot');
  assert.equal(calls.length, 2, 'the third call never went out');
  assert.equal(waits[0].endpoint, 'teams.list');
  assert.ok(waits[0].waitMs > 55_000);
  const other = new TmrClient({ apiKey: 'tmrc_live_other', fetch, rateLimit });
  await other.teams.list();
  assert.equal(calls.length, 3, 'another key has its own buckets');
  const bounded = new TmrClient({ apiKey: 'tmrc_live_shared', fetch, rateLimit: { ...rateLimit, maxWaitMs: 100 } });
  const e = await bounded.teams.list().catch((x) => x);
  assert.equal(e.code, 'RATE_LIMITED');
  assert.ok(e.retryAfterMs > 0);
});

test('redirects are never followed', async () => {
  const { fetch, calls } = recordingFetch(() => ({ status: 302, body: '', headers: { location: 'https://evil.example/' } }));
  const e = await client(fetch).teams.list().catch((x) => x);
  assert.equal(e.code, 'NETWORK_ERROR');
  assert.match(e.message, /redirect/);
  assert.equal(calls[0].init.redirect, 'manual');
});

test('hooks, logs and withResponse, and the key appears in none of them', async () => {
  const lines = [];
  const logger = { debug: (m) => lines.push(m), info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
  const events = [];
  const { fetch } = recordingFetch((u, i, n) => (n === 1 ? apiError(500, 'INTERNAL_SERVER_ERROR', 'x') : { ...envelope(fixtures['teams.list']), headers: { 'x-request-id': 'r1' } }));
  const c = new TmrClient({
    apiKey: KEY, fetch, rateLimit: false, logger, logLevel: 'debug',
    onRequest: (e) => events.push(['request', e]), onResponse: (e) => events.push(['response', e]),
    onRetry: (e) => { events.push(['retry', e]); throw new Error('hooks that throw are ignored'); },
  });
  const r = await c.withResponse.teams.list();
  assert.deepEqual(r.data, fixtures['teams.list']);
  assert.equal(r.status, 200);
  assert.equal(r.attempts, 2);
  assert.equal(r.headers['x-request-id'], 'r1');
  assert.ok(r.durationMs >= 0);
  assert.deepEqual(events.map(([k]) => k), ['request', 'response', 'retry', 'request', 'response']);
  assert.equal(events[2][1].code, 'INTERNAL_SERVER_ERROR');
  assert.equal(events[1][1].status, 500);
  assert.ok(lines.some((l) => l.includes('retrying teams.list')), lines.join('\n'));
  const everything = JSON.stringify(events) + lines.join('\n') + inspect(c, { showHidden: true, depth: 9 });
  assert.ok(!everything.includes(KEY), 'no key in hooks, logs or inspect');
  assert.throws(() => new TmrClient({ apiKey: KEY, logLevel: 'loud' }), /logLevel/);
  assert.throws(() => new TmrClient({ apiKey: KEY, onRetry: 'no' }), /onRetry must be a function/);
});

test('every error path leaves the module working', async () => {
  const paths = [
    () => client(async () => new Response('<html>')).teams.list(),
    () => client(async () => { throw new TypeError('x'); }, { maxRetries: 0 }).teams.list(),
    () => client(async () => new Response('{"success":true}')).teams.list(),
    () => client(async () => new Response('{"success":true,"data":' + '['.repeat(5000) + ']'.repeat(5000) + '}')).data.runQuery(TEAM, { accounts: ['gadw_1'] }),
    () => client(async () => new Response('{"success":false,"error":{"code":"X","message":"y"}}', { status: 418 })).teams.list(),
    () => client(async () => 'not a response').teams.list(),
    () => client(async () => ({ status: 200, headers: new Headers(), arrayBuffer: async () => { throw new TypeError('reset'); } }), { maxRetries: 0 }).teams.list(),
    () => client(async () => new Response(new Uint8Array([0xff, 0xfe]))).teams.list(),
    () => client(async () => new Response('{}')).teams.get('../../etc'),
  ];
  for (const run of paths) {
    const e = await run().then(() => null, (x) => x);
    assert.ok(isTmrError(e), String(e));
    assert.notEqual(e.code, 'INTERNAL_SDK_ERROR', e.message);
  }
  assert.deepEqual(await client(async () => new Response('{"success":true,"data":[]}')).teams.list(), []);
});

test('identical concurrent GETs share one request; the cache serves repeats until a write', async () => {
  const { fetch, calls } = recordingFetch((url) => envelope(url.endsWith('/members') ? fixtures['members.list'] : url.includes('/role') ? { updated: true } : fixtures['teams.get']));
  const c = client(fetch);
  const [a, b] = await Promise.all([c.teams.get(TEAM), c.teams.get(TEAM)]);
  assert.equal(calls.length, 1, 'coalesced');
  assert.deepEqual(a, b);
  assert.notEqual(a, b, 'each caller gets its own objects');
  await c.teams.get(TEAM);
  assert.equal(calls.length, 2, 'no cache without the option');
  const ctrl = new AbortController();
  await Promise.all([c.teams.get(TEAM, { signal: ctrl.signal }), c.teams.get(TEAM)]);
  assert.equal(calls.length, 4, 'a call with its own signal runs alone');

  calls.length = 0;
  const cached = client(fetch, { cache: { ttlMs: 60_000 } });
  await cached.teams.get(TEAM);
  await cached.members.list(TEAM);
  await cached.teams.get(TEAM);
  await cached.members.list(TEAM);
  assert.equal(calls.length, 2, 'repeats served from the cache');
  const m = fixtures['members.list'];
  await cached.members.updateRole(TEAM, m[1].id, 'editor');
  await cached.members.list(TEAM);
  await cached.teams.get(TEAM);
  assert.equal(calls.length, 5, 'a role change drops members and the team (usage)');
  const info = await cached.withResponse.teams.get(TEAM);
  assert.equal(info.attempts, 1);
  assert.equal(calls.length, 6, 'withResponse always asks the server');
  assert.throws(() => new TmrClient({ apiKey: KEY, cache: { ttl: 5 } }), /unknown option "ttl"/);
  assert.throws(() => new TmrClient({ apiKey: KEY, cache: {} }), /cache.ttlMs is required/);
});

test('a shared request that fails rejects every caller', async () => {
  const { fetch, calls } = recordingFetch(() => apiError(404, 'NOT_FOUND', 'The requested resource was not found'));
  const c = client(fetch);
  const results = await Promise.allSettled([c.teams.get(TEAM), c.teams.get(TEAM), c.teams.get(TEAM)]);
  assert.equal(calls.length, 1);
  for (const r of results) assert.equal(r.reason.code, 'NOT_FOUND');
});
