// Failure paths: faults injected by the mock (over HTTP, or createMockFetch), a 429 burst, retries and writes.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { as, reset, stats, world, refuses, faulty } from './mock.mjs';

beforeEach(reset);

test('injected statuses, malformed, truncated and dropped answers', async () => {
  await refuses(as('owner', { fetch: faulty('status=503') }).teams.list(), 'INTERNAL_SERVER_ERROR', 503);
  await refuses(as('owner', { fetch: faulty('status=500') }).teams.list(), 'INTERNAL_SERVER_ERROR', 500);
  await refuses(as('owner', { fetch: faulty('malformed') }).teams.list(), 'INVALID_RESPONSE', 200);
  await refuses(as('owner', { fetch: faulty('truncate') }).teams.list(), 'INVALID_RESPONSE', 200);
  await refuses(as('owner', { fetch: faulty('drop') }).teams.list(), 'NETWORK_ERROR', undefined);
  await refuses(as('owner', { fetch: faulty('latency=300'), timeoutMs: 100 }).teams.list(), 'TIMEOUT', undefined);
  const e = await refuses(as('owner', { fetch: faulty('status=429; retry-after=7') }).teams.list(), 'TOO_MANY_REQUESTS', 429);
  assert.equal(e.retryAfterMs, 7000);
});

test('an idempotent GET is retried through a 500 and succeeds', async () => {
  let n = 0;
  const flaky = (url, init) => fetch(url, n++ === 0 ? { ...init, headers: { ...init.headers, 'x-mock-fault': 'status=500' } } : init);
  const teams = await as('owner', { fetch: flaky, maxRetries: 2 }).teams.list();
  assert.equal(teams.length, 7);
  assert.equal(n, 2);
});

test('an invite whose answer failed after the write is not sent again', async () => {
  const w = await world();
  const owner = as('owner', { fetch: faulty('status=500; after-write'), maxRetries: 2 });
  await refuses(owner.invites.create(w.acme, { email: 'once@example.com' }), 'INTERNAL_SERVER_ERROR', 500);
  const s = await stats();
  assert.equal(s.writes['invites.create'].owner, 1, 'applied once');
  assert.equal(s.requests['invites.create'].owner, 1, 'sent once');
  assert.equal((await as('owner').invites.list(w.acme)).filter((i) => i.email === 'once@example.com').length, 1);
});

test('a 429 burst without pacing: the bucket refuses request 121 with the documented body', async () => {
  const viewer = as('viewer', { rateLimit: false });
  // Each call has its own signal, so none is shared with an identical one in flight.
  const results = await Promise.allSettled(Array.from({ length: 130 }, () => viewer.users.me({ signal: new AbortController().signal })));
  const refused = results.filter((r) => r.status === 'rejected');
  assert.equal(results.length - refused.length, 120);
  assert.equal(refused.length, 10);
  for (const r of refused) {
    assert.equal(r.reason.code, 'TOO_MANY_REQUESTS');
    assert.equal(r.reason.message, 'Too many requests — please slow down and try again later');
    assert.ok(r.reason.retryAfterMs > 0 && r.reason.retryAfterMs <= 60_000);
  }
  assert.equal((await stats()).maxAdmittedPerWindow.default, 120);
});
