// The caller's async context (AsyncLocalStorage) reaches everything a call causes: its fetch (an
// injected one, or the global fetch, seen through undici's 'undici:request:create' diagnostics
// channel against a local node:http server), its hooks (onRequest, onResponse, onRetry,
// onRateLimit), its logger lines, OutlignClient's onUnauthorized, and the proxy's authorize and
// upstream fetch. 40 concurrent calls run in 40 contexts; each must see its own id, never another
// call's, the context the client was made in, or none. Every answer is a first 500 and then the
// fixture, so each call retries once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import diagnostics from 'node:diagnostics_channel';
import { createServer } from 'node:http';
import { TmrClient, OutlignClient } from 'tmr-client';
import { createTmrProxy } from 'tmr-client/proxy';
import { KEY, fixtures } from './helpers.mjs';

const N = 40;
const als = new AsyncLocalStorage();
const store = () => als.getStore();
/** A distinct team id per call (identical concurrent GETs would share one request). */
const teamOf = (i) => `0190f8b0-1a2b-7c3d-8e4f-${String(i).padStart(12, '0')}`;
const idOf = (text) => {
  const m = /0190f8b0-1a2b-7c3d-8e4f-(\d{12})/.exec(text);
  return m ? Number(m[1]) : undefined;
};
const teamBody = (url) => JSON.stringify({ success: true, data: { ...fixtures['teams.get'], id: teamOf(idOf(url)) } });
const FAIL = JSON.stringify({ success: false, error: { code: 'INTERNAL_SERVER_ERROR', message: 'once' } });
const json = { 'content-type': 'application/json' };
/** The Authorization header of a fetch's plain init, whatever the case of its name. */
const authOf = (init) => {
  const h = init.headers instanceof Headers ? Object.fromEntries(init.headers) : init.headers ?? {};
  return Object.entries(h).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
};

/** First request of each URL: 500; then the team. */
function onceThenTeam() {
  const seen = new Map();
  return (url) => {
    const n = (seen.get(url) ?? 0) + 1;
    seen.set(url, n);
    return n === 1 ? { status: 500, body: FAIL } : { status: 200, body: teamBody(url) };
  };
}

/** Everything a client or proxy reports, each with the context it was reported in. */
function recorder() {
  const r = { fetch: [], request: [], response: [], retry: [], rateLimit: [], lines: [], authorize: [] };
  const line = (level) => (m) => r.lines.push([store(), level, m]);
  r.options = {
    logger: { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') },
    logLevel: 'debug',
    onRequest: (e) => r.request.push([store(), idOf(e.url), e.attempt]),
    onResponse: (e) => r.response.push([store(), e.status, e.attempt]),
    onRetry: (e) => r.retry.push([store(), e.attempt]),
    onRateLimit: (e) => r.rateLimit.push([store(), e.waitMs]),
  };
  return r;
}

/** Each of the N calls saw its own id, at every point, in the order of its attempts. */
function assertOwnContexts(r, what, { fetch = true } = {}) {
  const ids = Array.from({ length: N }, (_, i) => i);
  if (fetch) {
    assert.equal(r.fetch.length, 2 * N, `${what}: two requests a call`);
    assert.deepEqual(r.fetch.filter(([s, id]) => s !== id), [], `${what}: the fetch ran in the context of the call it sends`);
  }
  assert.equal(r.request.length, 2 * N, `${what}: onRequest twice a call`);
  assert.deepEqual(r.request.filter(([s, id]) => s !== id), [], `${what}: onRequest in its call's context`);
  for (const i of ids) {
    assert.deepEqual(r.request.filter(([s]) => s === i).map(([, , a]) => a), [1, 2], `${what}: call ${i}'s attempts`);
    assert.deepEqual(r.response.filter(([s]) => s === i).map(([, status, a]) => [status, a]), [[500, 1], [200, 2]], `${what}: onResponse of call ${i} in its context`);
    assert.deepEqual(r.retry.filter(([s]) => s === i).map(([, a]) => a), [1], `${what}: onRetry of call ${i} in its context`);
  }
  assert.equal(r.response.length, 2 * N);
  assert.equal(r.retry.length, N);
  // Log lines: each in the context of a call, the same number for every call, and a line that
  // names a team names the team of its own call.
  assert.ok(r.lines.length > 0, `${what}: logLevel debug wrote lines`);
  assert.deepEqual(r.lines.filter(([s]) => !ids.includes(s)).map(([s, , m]) => `${s}: ${m}`), [], `${what}: every log line in a call's context`);
  const perCall = ids.map((i) => r.lines.filter(([s]) => s === i).length);
  assert.deepEqual(perCall, Array(N).fill(perCall[0]), `${what}: as many lines for every call`);
  assert.deepEqual(r.lines.filter(([s, , m]) => idOf(m) !== undefined && idOf(m) !== s).map(([s, , m]) => `${s}: ${m}`), [], `${what}: a line names its own call's team`);
}

// The local server answering the global fetch, and the diagnostics channel watching it.
let server, origin;
const created = [];
const onCreate = ({ request }) => {
  if (request.origin === origin) created.push([store(), idOf(request.path), request.path]);
};
const serverAnswers = { tmr: onceThenTeam(), proxy: onceThenTeam() };
before(async () => {
  server = createServer((req, res) => {
    const answer = req.url.startsWith('/p/') ? serverAnswers.proxy(req.url) : serverAnswers.tmr(req.url);
    req.resume();
    res.writeHead(answer.status, json).end(answer.body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  diagnostics.subscribe('undici:request:create', onCreate);
});
after(() => {
  diagnostics.unsubscribe('undici:request:create', onCreate);
  server?.close();
});

test('TmrClient with an injected fetch: 40 calls in 40 contexts each see their own id in fetch, hooks and logs', async () => {
  const r = recorder();
  const answer = onceThenTeam();
  const fetch = async (url, init) => {
    r.fetch.push([store(), idOf(url)]);
    await new Promise((resolve) => setImmediate(resolve));
    const { status, body } = answer(url);
    return new Response(body, { status, headers: json });
  };
  // Made in a context of its own: what the calls see must be theirs, not the constructor's.
  const client = als.run('constructor', () => new TmrClient({ apiKey: KEY, fetch, rateLimit: false, maxRetries: 2, maxRetryDelayMs: 20, ...r.options }));
  const teams = await Promise.all(Array.from({ length: N }, (_, i) => als.run(i, () => client.teams.get(teamOf(i)))));
  assert.deepEqual(teams.map((t) => t.id), Array.from({ length: N }, (_, i) => teamOf(i)));
  assertOwnContexts(r, 'injected fetch');
});

test('TmrClient on the global fetch: the request each call creates (undici:request:create) is in its context', async () => {
  const r = recorder();
  created.length = 0;
  const client = als.run('constructor', () => new TmrClient({ apiKey: KEY, baseUrl: `${origin}/v1`, rateLimit: false, maxRetries: 2, maxRetryDelayMs: 20, ...r.options }));
  const teams = await Promise.all(Array.from({ length: N }, (_, i) => als.run(i, () => client.teams.get(teamOf(i)))));
  assert.deepEqual(teams.map((t) => t.id), Array.from({ length: N }, (_, i) => teamOf(i)));
  assert.equal(created.length, 2 * N, 'two requests a call reached the global fetch');
  assert.deepEqual(created.filter(([s, id]) => s !== id).map(([s, , p]) => `${s}: ${p}`), [], 'each request was created in its call\'s context');
  assertOwnContexts(r, 'global fetch', { fetch: false });
});

test('onRateLimit runs in the context of the call that waits', { timeout: 30_000 }, async () => {
  const r = recorder();
  const order = [];
  const fetch = async (url) => {
    order.push(store());
    return new Response(teamBody(url), { status: 200, headers: json });
  };
  // A key of its own (the pacer is shared per key), one request a minute: the first call goes,
  // the five others wait for a slot a minute away; once all five have said so, they are aborted.
  let allWaiting;
  const waiting = new Promise((resolve) => { allWaiting = resolve; });
  const client = als.run('constructor', () => new TmrClient({
    apiKey: 'tmrc_live_RATELIMITCONTEXT0000000000000000', fetch, maxRetries: 0, ...r.options,
    onRateLimit: (e) => {
      r.options.onRateLimit(e);
      if (r.rateLimit.length === 5) allWaiting();
    },
    rateLimit: { maxWaitMs: 120_000, default: { requests: 1, windowMs: 60_000 } },
  }));
  const controllers = Array.from({ length: 6 }, () => new AbortController());
  const calls = Array.from({ length: 6 }, (_, i) => als.run(i, () => client.teams.get(teamOf(i), { signal: controllers[i].signal }).then(() => 'ok', (e) => e.code)));
  await waiting;
  for (const [s] of r.rateLimit) if (typeof s === 'number') controllers[s]?.abort();
  const outcomes = await Promise.all(calls);
  assert.equal(order.length, 1, 'one call went');
  assert.equal(typeof order[0], 'number', 'its fetch in its context');
  assert.deepEqual(outcomes.map((o, i) => (i === order[0] ? o : o === 'ABORTED')), outcomes.map((o, i) => (i === order[0] ? 'ok' : true)));
  assert.deepEqual(r.rateLimit.map(([s]) => s).sort(), [0, 1, 2, 3, 4, 5].filter((i) => i !== order[0]), 'each waiting call told in its own context');
});

test('OutlignClient: onUnauthorized runs in the context of the call that got the 401', async () => {
  const seen = [];
  // Tokens "fresh-<n>" are accepted; anything else is 401.
  const fetch = async (url, init) => {
    const auth = authOf(init);
    seen.push(['fetch', store(), auth]);
    return /^Bearer fresh-/.test(auth)
      ? new Response('[]', { status: 200, headers: json })
      : new Response('{"message":"Unauthenticated."}', { status: 401, headers: json });
  };
  // Ten clients with stale tokens, ten concurrent calls in ten contexts.
  const clients = als.run('constructor', () => Array.from({ length: 10 }, (_, i) => new OutlignClient({
    accessToken: `stale-${i}`, fetch, maxRetries: 0,
    onUnauthorized: async () => {
      seen.push(['refresh', store(), i]);
      return `fresh-${i}`;
    },
  })));
  const lists = await Promise.all(clients.map((c, i) => als.run(i, () => c.companies.list())));
  assert.deepEqual(lists, Array(10).fill([]));
  const refreshes = seen.filter(([k]) => k === 'refresh');
  assert.equal(refreshes.length, 10);
  assert.deepEqual(refreshes.filter(([, s, i]) => s !== i), [], 'each refresh in the context of its own call');
  const fetches = seen.filter(([k]) => k === 'fetch');
  assert.equal(fetches.length, 20);
  assert.deepEqual(fetches.filter(([, s, auth]) => !auth.endsWith(`-${s}`)), [], 'each request, stale and fresh, in its call\'s context');

  // One client, two calls in turn from two contexts, the token going stale again in between.
  seen.length = 0;
  let next = 0;
  let valid = 'none';
  const one = als.run('constructor', () => new OutlignClient({
    accessToken: 'stale', maxRetries: 0,
    fetch: async (url, init) => (authOf(init) === `Bearer ${valid}`
      ? new Response('[]', { status: 200, headers: json })
      : new Response('{"message":"Unauthenticated."}', { status: 401, headers: json })),
    onUnauthorized: () => {
      seen.push(store());
      valid = `t${next++}`;
      return valid;
    },
  }));
  await als.run('first', () => one.companies.list());
  valid = 'expired';
  await als.run('second', () => one.companies.list());
  assert.deepEqual(seen, ['first', 'second']);
});

test('the proxy: authorize, hooks, logs and the upstream fetch (injected, and global) run in the handler caller\'s context', async () => {
  for (const transport of ['injected', 'global']) {
    const r = recorder();
    const answer = onceThenTeam();
    created.length = 0;
    const fetch = async (url) => {
      r.fetch.push([store(), idOf(url)]);
      await new Promise((resolve) => setImmediate(resolve));
      const { status, body } = answer(url);
      return new Response(body, { status, headers: json });
    };
    const handler = als.run('constructor', () => createTmrProxy({
      apiKey: KEY, basePath: '/api/tmr', allow: ['teams.get'], rateLimit: false, maxRetries: 2, maxRetryDelayMs: 20, ...r.options,
      ...(transport === 'injected' ? { fetch } : { baseUrl: `${origin}/p` }),
      authorize: async (request, call) => {
        r.authorize.push([store(), idOf(call.teamId)]);
        await new Promise((resolve) => setImmediate(resolve));
        r.authorize.push([store(), idOf(call.teamId)]);
        return true;
      },
    }));
    const answers = await Promise.all(Array.from({ length: N }, (_, i) => als.run(i, async () => {
      const res = await handler(new Request(`https://dashboard.example/api/tmr/teams/${teamOf(i)}`));
      return [res.status, (await res.json()).data?.id];
    })));
    assert.deepEqual(answers, Array.from({ length: N }, (_, i) => [200, teamOf(i)]), transport);
    assert.equal(r.authorize.length, 2 * N);
    assert.deepEqual(r.authorize.filter(([s, id]) => s !== id), [], `${transport}: authorize ran in the page request's context, before and after an await`);
    if (transport === 'global') {
      assert.equal(created.length, 2 * N);
      assert.deepEqual(created.filter(([s, id]) => s !== id).map(([s, , p]) => `${s}: ${p}`), [], 'global: each upstream request created in its page request\'s context');
    }
    assertOwnContexts(r, `proxy, ${transport} fetch`, { fetch: transport === 'injected' });
  }
});
