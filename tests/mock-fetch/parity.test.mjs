// The same requests to tmr-mock over HTTP and to createMockFetch() get the same answers: status,
// body bytes and the engine's headers (one engine and one `wire::serve` behind both), streamed
// run-query answers and the faults that end them early included. Needs the server binary (built
// by scripts/with-mock.sh, or `cargo build --profile mock -p tmr-mock`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync } from 'node:fs';
import { createMockFetch, builtinWorld } from 'tmr-client/mock';

const BIN = `${process.env.CARGO_TARGET_DIR ?? new URL('../../target', import.meta.url).pathname}/mock/tmr-mock`;
// What hyper adds on the wire (the mock fetch adds content-length too); the rest must match.
const TRANSPORT_HEADERS = ['date', 'connection', 'keep-alive', 'transfer-encoding'];
let server, base;

before(async () => {
  assert.ok(existsSync(BIN), `${BIN} is missing: cargo build --profile mock -p tmr-mock`);
  server = spawn(BIN, ['--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  for await (const line of createInterface({ input: server.stdout })) {
    if (line.startsWith('listening on ')) { base = line.slice('listening on '.length); break; }
  }
  server.stdout.resume();
});
after(() => server?.kill());

async function answer(fetcher, origin, [method, path, headers = {}, body]) {
  const r = await fetcher(`${origin}${path}`, { method, headers, body, redirect: 'manual' });
  const kept = [...r.headers].filter(([k]) => !TRANSPORT_HEADERS.includes(k));
  return { status: r.status, headers: kept, body: Buffer.from(await r.arrayBuffer()).toString() };
}

test('one engine, two transports: the same answers', async () => {
  const mock = createMockFetch();
  const t = mock.tokens;
  const owner = { authorization: `Bearer ${t.owner}` };
  const alice = { authorization: `Bearer ${t.outlign_alice}` };
  const json = { 'content-type': 'application/json' };
  const acme = builtinWorld().teams.find((x) => x.name === 'Acme Marketing').id;
  const account = await accountOf(acme);
  const big = runQuery(account, 20000);
  const requests = [
    ['GET', '/teams', owner],
    ['GET', '/v1/teams', owner],
    ['GET', '/teams'],
    ['GET', '/users/me', { authorization: `Bearer ${t.readonly}` }],
    ['PUT', '/users/me/name', { authorization: `Bearer ${t.readonly}`, ...json }, '{"name":"x"}'],
    ['GET', `/teams/${acme}/members`, owner],
    ['GET', `/teams/${acme}/invites`, { authorization: `Bearer ${t.editor}` }],
    ['GET', '/teams/not-a-uuid', owner],
    ['DELETE', '/teams', owner],
    ['GET', '/nowhere', owner],
    ['PUT', `/teams/${acme}/name`, { ...owner, ...json }, '{"name":""}'],
    ['GET', `/teams/${acme}/connectors/gadw/accounts?status=enabled`, owner],
    ['GET', '/tmr/plans', owner],
    ['GET', '/teams', { ...owner, 'x-mock-fault': 'status=429; retry-after=9' }],
    ['GET', '/teams', { ...owner, 'x-mock-fault': 'truncate' }],
    ['GET', '/teams', { ...owner, 'x-mock-fault': 'malformed' }],
    ['GET', '/teams', { ...owner, 'x-mock-fault': 'nonsense' }],
    ['OPTIONS', '/teams', { origin: 'http://page.example', 'access-control-request-method': 'GET' }],
    ['GET', '/__mock/personas'],
    ['GET', '/__mock/personas/outlign'],
    ['GET', '/api/v1/clients?company_id=457', alice],
    ['GET', '/api/v1/clients/127', alice],
    ['GET', '/api/v1/companies', { authorization: `Bearer ${t.outlign_expired}` }],
    ['POST', '/api/v1/clients', { ...alice, ...json }, '{"company_id":456}'],
    ['GET', '/oauth/authorize?client_id=outlign-demo&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb&response_type=code&state=z'],
    ['POST', '/oauth/token', { 'content-type': 'application/x-www-form-urlencoded' }, 'grant_type=refresh_token&refresh_token=nope&client_id=outlign-demo&client_secret=outlign-demo-secret'],
    // 180,000 rows (about 14 MB, streamed); sorted and filtered; over the cap (a 400).
    ['POST', `/teams/${acme}/data/run-query`, { authorization: `Bearer ${t.editor}`, ...json }, big],
    ['POST', `/teams/${acme}/data/run-query`, { authorization: `Bearer ${t.editor}`, ...json }, runQuery(account, 300, { sort: [{ fieldId: 'cost', direction: 'asc' }], filters: [{ fieldId: 'clicks', operator: 'greaterThan', value: '250' }] })],
    ['POST', `/teams/${acme}/data/run-query`, { authorization: `Bearer ${t.editor}`, ...json }, runQuery(account, 30000)],
    ['GET', '/__mock/stats'],
  ];
  for (const req of requests) {
    const [viaHttp, viaMock] = [await answer(fetch, base, req), await answer(mock, 'http://x', req)];
    assert.deepEqual(viaMock, viaHttp, `${req[0]} ${req[1]}`);
  }
});

/** A run-query body: `days` days from 2000-01-01 × 3 campaigns × 3 ad groups. */
function runQuery(account, days, extra = {}) {
  const end = new Date(Date.UTC(2000, 0, days)).toISOString().slice(0, 10);
  return JSON.stringify({ accounts: [account], dimensions: ['date', 'campaign_name', 'ad_group.name'], metrics: ['clicks', 'cost'], dateRange: { startDate: '2000-01-01', endDate: end }, ...extra });
}

/** An account of Acme's that run-query takes (asked of a mock of its own: stats are compared). */
async function accountOf(acme) {
  const mock = createMockFetch();
  const list = await (await mock(`http://x/teams/${acme}/connectors/gadw/accounts`, { headers: { authorization: `Bearer ${mock.tokens.editor}` } })).json();
  return `gadw_${list.data[0].id}`;
}

/** An answer read until it ends or fails; `stopAt` bytes in, the request is aborted. */
async function partial(fetcher, origin, [method, path, headers, body], stopAt) {
  const ac = new AbortController();
  const r = await fetcher(`${origin}${path}`, { method, headers, body, signal: ac.signal });
  const kept = [...r.headers].filter(([k]) => !TRANSPORT_HEADERS.includes(k));
  const reader = r.body.getReader();
  const chunks = [];
  let size = 0;
  let error = null;
  try {
    for (;;) {
      if (stopAt !== undefined && size >= stopAt) setTimeout(() => ac.abort(new Error('enough')), 50);
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch (e) {
    error = `${e.name}: ${e.message}`;
  }
  return { status: r.status, headers: kept, body: Buffer.concat(chunks).toString(), error };
}

test('faults that end a body early: the same bytes, then the same failure', async () => {
  const mock = createMockFetch();
  const t = mock.tokens;
  const acme = builtinWorld().teams.find((x) => x.name === 'Acme Marketing').id;
  const body = runQuery(await accountOf(acme), 400);
  const query = (fault) => ['POST', `/teams/${acme}/data/run-query`, { authorization: `Bearer ${t.editor}`, 'content-type': 'application/json', 'x-mock-fault': fault }, body];
  const cases = [
    [query('cut=10')],
    [query('cut=150000')],
    [query('truncate')],
    [query('stall=70000'), 70000],
    [query('stall=0; latency=20'), 0],
    [['GET', '/teams', { authorization: `Bearer ${t.owner}`, 'x-mock-fault': 'cut=40' }]],
    [['GET', '/teams', { authorization: `Bearer ${t.owner}`, 'x-mock-fault': 'status=503; stall=9' }], 9],
  ];
  for (const [req, stopAt] of cases) {
    const [viaHttp, viaMock] = [await partial(fetch, base, req, stopAt), await partial(mock, 'http://x', req, stopAt)];
    assert.deepEqual(viaMock, viaHttp, req[2]['x-mock-fault']);
    assert.ok(viaHttp.error, `${req[2]['x-mock-fault']}: the body failed`);
  }
});
