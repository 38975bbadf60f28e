// The Outlign client and OAuth helpers of the packed package against tmr-mock (over HTTP, or
// createMockFetch: mock.mjs): every endpoint, both object versions (a second mock with objects b), errors by
// status with the server's message, refresh after a 401 shared by concurrent calls, the OAuth code
// flow, and bad input refused before anything is sent.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { OutlignClient, TmrError, outlignAuthorizeUrl, exchangeOutlignCode, refreshOutlignToken } from 'tmr-client';
import { URL_, reset, refuses, faulty, secondMock } from './mock.mjs';

const APP = { clientId: 'outlign-demo', clientSecret: 'outlign-demo-secret' };
const REDIRECT = 'http://127.0.0.1:9/callback';
const outlign = (accessToken, extra = {}) => new OutlignClient({ accessToken, baseUrl: URL_, maxRetries: 0, ...extra });

/** A fetch that counts the requests it sends. */
function counting() {
  const f = (url, init) => { f.sent.push(`${init.method} ${new URL(url).pathname}${new URL(url).search}`); return fetch(url, init); };
  f.sent = [];
  return f;
}

beforeEach(reset);

test('companies, then clients: list with filters, get, create, rename, delete', async () => {
  const alice = outlign('outlign-alice');
  const companies = await alice.companies.list();
  assert.deepEqual(companies.map((c) => [c.id, c.title]), [[456, 'Acme Agency'], [457, 'Northwind Studio']]);
  const all = await alice.clients.list();
  assert.deepEqual(all.map((c) => c.id), [123, 124, 125, 126], "alice's companies only, by id");
  assert.deepEqual(all[0], {
    id: 123, title: 'Acme Corporation', company_id: 456, created_at: '2023-01-01T12:00:00Z', updated_at: '2023-01-01T12:00:00Z',
  }, 'version A, as sent');
  assert.deepEqual((await alice.clients.list({ companyId: 457 })).map((c) => c.title), ['Gamma Logistics', 'Delta Foods']);
  assert.deepEqual((await alice.clients.list({ title: 'INDUS' })).map((c) => c.title), ['Beta Industries'], 'partial, any case');
  assert.equal((await alice.clients.list({ perPage: 2 })).length, 2);
  assert.equal((await alice.clients.get(125)).title, 'Gamma Logistics');

  const made = await alice.clients.create({ title: '  New Client Corp  ', companyId: 456 });
  assert.equal(made.title, 'New Client Corp', 'sent trimmed');
  assert.equal(made.company_id, 456);
  const renamed = await alice.clients.update(made.id, { title: 'New Client Corporation' });
  assert.equal(renamed.title, 'New Client Corporation');
  assert.equal((await alice.clients.get(made.id)).title, 'New Client Corporation');
  assert.equal(await alice.clients.delete(made.id), undefined, 'the 204 resolves undefined');
  await refuses(alice.clients.get(made.id), 'NOT_FOUND', 404, 'Client not found.');
});

test('errors carry the code of the status and the server message', async () => {
  const alice = outlign('outlign-alice');
  const e = await refuses(alice.clients.get(127), 'NOT_FOUND', 404, 'Client not found.');
  assert.ok(e instanceof TmrError);
  assert.equal(e.endpoint, 'outlign.clients.get');
  assert.equal(e.apiCode, 'HTTP_404');
  await refuses(alice.clients.update(127, { title: 'x' }), 'NOT_FOUND', 404, 'Client not found.');
  await refuses(alice.clients.delete(127), 'NOT_FOUND', 404, 'Client not found.');
  const invalid = await refuses(alice.clients.create({ title: 'Theirs', companyId: 458 }), 'VALIDATION_ERROR', 422, 'The selected company id is invalid.');
  assert.equal(invalid.endpoint, 'outlign.clients.create');
  await refuses(outlign('outlign-expired').companies.list(), 'UNAUTHORIZED', 401, 'Unauthenticated.');
  await refuses(outlign('not-a-token').clients.list(), 'UNAUTHORIZED', 401, 'Unauthenticated.');
  await refuses(outlign('outlign-alice', { fetch: faulty('status=503') }).clients.list(), 'INTERNAL_SERVER_ERROR', 503);
  await refuses(outlign('outlign-alice', { fetch: faulty('drop') }).clients.list(), 'NETWORK_ERROR', undefined);
});

test('a read is retried through a 500; a create whose answer was lost is not sent again', async () => {
  let n = 0;
  const flaky = (url, init) => fetch(url, n++ === 0 ? { ...init, headers: { ...init.headers, 'x-mock-fault': 'status=500' } } : init);
  assert.equal((await outlign('outlign-alice', { fetch: flaky, maxRetries: 2 }).clients.list()).length, 4);
  assert.equal(n, 2);
  const lost = outlign('outlign-alice', { fetch: faulty('drop; after-write'), maxRetries: 2 });
  await refuses(lost.clients.create({ title: 'Once', companyId: 456 }), 'AMBIGUOUS_WRITE', undefined);
  const titles = (await outlign('outlign-alice').clients.list({ title: 'Once' })).map((c) => c.title);
  assert.deepEqual(titles, ['Once'], 'applied once, not repeated');
});

test('bad input is refused before anything is sent', async () => {
  const fetch_ = counting();
  const alice = outlign('outlign-alice', { fetch: fetch_ });
  for (const id of [1.5, -1, '7', 0, undefined]) await refuses(alice.clients.get(id), 'INVALID_ARGUMENT', undefined, 'id must be a positive integer');
  await refuses(alice.clients.delete('7'), 'INVALID_ARGUMENT', undefined, 'id must be a positive integer');
  for (const perPage of [0, 1001]) await refuses(alice.clients.list({ perPage }), 'INVALID_ARGUMENT', undefined, 'query.perPage must be an integer from 1 to 1000');
  await refuses(alice.clients.create({ companyId: 456 }), 'INVALID_ARGUMENT', undefined, 'input.title is required');
  await refuses(alice.clients.create({ title: '   ', companyId: 456 }), 'INVALID_ARGUMENT', undefined, 'input.title must be 1 to 255 characters');
  await refuses(alice.clients.create({ title: 'x'.repeat(256), companyId: 456 }), 'INVALID_ARGUMENT', undefined, 'input.title must be 1 to 255');
  await refuses(alice.clients.create({ title: 'x' }), 'INVALID_ARGUMENT', undefined, 'input.companyId is required');
  await refuses(alice.clients.update(123, { name: 'x' }), 'INVALID_ARGUMENT', undefined, 'input has an unknown key "name"');
  assert.deepEqual(fetch_.sent, [], 'nothing was sent');
  assert.throws(() => new OutlignClient({ baseUrl: URL_ }), (e) => e.code === 'INVALID_ARGUMENT' && /accessToken is required/.test(e.message));
  assert.throws(() => new OutlignClient({ accessToken: 't', baseUrl: 'http://example.com' }), /must use https/);
});

test('an expired token is refreshed once for concurrent calls, then every call goes through', async () => {
  let refreshes = 0;
  const fetch_ = counting();
  const client = outlign('outlign-expired', {
    fetch: fetch_,
    onUnauthorized: async () => {
      refreshes += 1;
      const token = await refreshOutlignToken({ ...APP, refreshToken: 'outlign-refresh-alice', baseUrl: URL_ });
      return token.access_token;
    },
  });
  const answers = await Promise.all([
    client.clients.list(), client.clients.get(123), client.companies.list(), client.clients.list({ companyId: 456 }),
    client.clients.create({ title: 'After refresh', companyId: 457 }),
  ]);
  assert.equal(refreshes, 1, 'one refresh shared by five 401s');
  assert.equal(answers[1].title, 'Acme Corporation');
  assert.equal(answers[4].title, 'After refresh');
  assert.equal(fetch_.sent.length, 10, 'each call sent twice: with the expired token, then the new one');
  assert.equal((await outlign('outlign-alice').clients.list({ title: 'After refresh' })).length, 1, 'the create was applied once');
  await client.companies.list();
  assert.equal(refreshes, 1, 'later calls use the new token');
});

test('a refresh that fails leaves the 401, with the refresh error as cause', async () => {
  const client = outlign('outlign-expired', {
    onUnauthorized: () => refreshOutlignToken({ ...APP, refreshToken: 'spent', baseUrl: URL_ }).then((t) => t.access_token),
  });
  const e = await refuses(client.clients.list(), 'UNAUTHORIZED', 401, 'Unauthenticated. (onUnauthorized gave no new token');
  assert.equal(e.cause?.code, 'BAD_REQUEST');
  assert.equal(e.cause?.apiCode, 'invalid_grant');
});

test('OAuth: authorise, exchange the code, refresh (a refresh token is spent by its use), refusals', async () => {
  const url = outlignAuthorizeUrl({ clientId: APP.clientId, redirectUri: REDIRECT, state: 'csrf-1', baseUrl: URL_ });
  assert.equal(url, `${URL_}/oauth/authorize?client_id=outlign-demo&redirect_uri=${encodeURIComponent(REDIRECT)}&response_type=code&scope=outlign%3Aall&state=csrf-1`);
  const consent = await fetch(url, { redirect: 'manual' });
  assert.equal(consent.status, 302);
  const back = new URL(consent.headers.get('location'));
  assert.equal(back.searchParams.get('state'), 'csrf-1');
  const token = await exchangeOutlignCode({ ...APP, code: back.searchParams.get('code'), redirectUri: REDIRECT, baseUrl: URL_ });
  assert.equal(token.token_type, 'Bearer');
  assert.equal(token.expires_in, 3600);
  assert.equal((await outlign(token.access_token).companies.list()).length, 2);
  const fresh = await refreshOutlignToken({ ...APP, refreshToken: token.refresh_token, baseUrl: URL_ });
  assert.notEqual(fresh.access_token, token.access_token);
  assert.equal((await outlign(fresh.access_token).clients.get(123)).id, 123);
  const reused = await refuses(refreshOutlignToken({ ...APP, refreshToken: token.refresh_token, baseUrl: URL_ }), 'BAD_REQUEST', 400);
  assert.equal(reused.apiCode, 'invalid_grant');
  assert.ok((await refreshOutlignToken({ ...APP, refreshToken: fresh.refresh_token, baseUrl: URL_ })).access_token);

  const wrong = await refuses(exchangeOutlignCode({ ...APP, clientSecret: 'not-the-secret', code: 'outlign-code-alice', redirectUri: REDIRECT, baseUrl: URL_ }), 'UNAUTHORIZED', 401);
  assert.equal(wrong.apiCode, 'invalid_client');
  assert.equal(wrong.endpoint, 'outlign.oauth.token');
  assert.ok(!JSON.stringify({ ...wrong, message: wrong.message }).includes('not-the-secret'));
  const spent = await refuses(exchangeOutlignCode({ ...APP, code: 'no-such-code', redirectUri: REDIRECT, baseUrl: URL_ }), 'BAD_REQUEST', 400);
  assert.equal(spent.apiCode, 'invalid_grant');
  await assert.rejects(refreshOutlignToken({ ...APP, baseUrl: URL_ }), (e) => e.code === 'INVALID_ARGUMENT' && e.message === 'refreshToken is required');
  await assert.rejects(exchangeOutlignCode({ ...APP, clientSecret: 'bad\nsecret', code: 'c', redirectUri: REDIRECT, baseUrl: URL_ }),
    (e) => e.code === 'INVALID_ARGUMENT' && !e.message.includes('bad') && /value not shown/.test(e.message));
});

// ---------------------------------------------------------------- version B of the objects

let second, secondUrl;
before(async () => {
  second = await secondMock({ outlign: { objects: 'b' } });
  secondUrl = second.url;
});
after(() => second?.stop());

test('version B objects: company in lists, neither in single answers, microseconds', async () => {
  const alice = new OutlignClient({ accessToken: 'outlign-alice', baseUrl: secondUrl });
  const list = await alice.clients.list({ companyId: 456 });
  assert.deepEqual(list[0], {
    id: 123, title: 'Acme Corporation', company: { id: 456, title: 'Acme Agency' },
    created_at: '2023-01-01T12:00:00.000000Z', updated_at: '2023-01-01T12:00:00.000000Z',
  });
  const one = await alice.clients.get(123);
  assert.ok(!('company' in one) && !('company_id' in one), JSON.stringify(one));
  const made = await alice.clients.create({ title: 'Version B', companyId: 457 });
  assert.match(made.created_at, /\.\d{6}Z$/);
  assert.ok(!('company_id' in made));
});
