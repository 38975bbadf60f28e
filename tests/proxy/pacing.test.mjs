// One pacer for every visitor of a proxy: 300 concurrent page requests across the owner's teams
// reach a mock whose rate windows are scaled by 0.02 (a minute lasts 1.2 s; a mock of this test's
// own) with no 429 reaching a page; identical concurrent GETs share one upstream request; a slot
// further away than rateLimit.maxWaitMs is the proxy's own 429 with Retry-After.
//
// Each test uses a key no other test of this file uses: the pacer is shared per key in a realm.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createTmrProxy } from 'tmr-client/proxy';
import { BASE, token, reset, stats, counted, world, countingFetch, makeProxy, send, ownAnswer, spawnMock } from './helpers.mjs';

beforeEach(() => reset());

test('50 identical concurrent GETs from 50 pages: one upstream request (at most 2), 50 equal answers', async () => {
  const { handler, upstream } = makeProxy({ apiKey: token('editor'), allow: ['teams.list', 'members.updateRole'], rateLimit: undefined });
  // Each page request has its own signal, cookie and page token: none of that makes them different upstream.
  const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => send(handler, 'GET', `${BASE}/teams`, {
    headers: { cookie: `session=${i}`, authorization: `Bearer page-${i}` },
  })));
  assert.deepEqual(answers.map((a) => a.status), Array(50).fill(200));
  const first = Buffer.from(answers[0].bytes);
  assert.ok(answers.every((a) => Buffer.from(a.bytes).equals(first)), 'the same bytes for every page');
  assert.ok(upstream.calls.length >= 1 && upstream.calls.length <= 2, `${upstream.calls.length} upstream requests`);
  const s = await stats();
  assert.equal(s.requests['teams.list'].editor, upstream.calls.length, 'the mock saw as many');
});

test('identical concurrent writes are never shared: 5 role changes, 5 upstream requests, 5 writes', async () => {
  const w = await world();
  const { handler, upstream } = makeProxy({ apiKey: token('owner'), allow: ['members.updateRole'] });
  const path = `${BASE}/teams/${w.acme}/members/${w.grace}/role`;
  const answers = await Promise.all(Array.from({ length: 5 }, () => send(handler, 'PUT', path, { body: { role: 'editor' } })));
  assert.deepEqual(answers.map((a) => a.status), Array(5).fill(200));
  assert.equal(upstream.calls.length, 5);
  assert.equal((await stats()).writes['members.updateRole'].owner, 5);
});

test('a slot further away than maxWaitMs: the proxy\'s own 429 with Retry-After, nothing forwarded', async () => {
  const { handler, upstream } = makeProxy({
    apiKey: token('readonly'), allow: ['teams.list', 'users.me'],
    rateLimit: { maxWaitMs: 1, default: { requests: 1, windowMs: 60_000 } },
  });
  const first = await send(handler, 'GET', `${BASE}/teams`);
  assert.equal(first.status, 200, first.text);
  for (const path of ['/teams', '/users/me']) {
    const res = await send(handler, 'GET', BASE + path);
    ownAnswer(res, 429, 'TOO_MANY_REQUESTS');
    const retryAfter = res.headers.get('retry-after');
    assert.match(retryAfter ?? '', /^\d+$/, `Retry-After in whole seconds: ${retryAfter}`);
    // The window, plus the pacer's margin (1 s, at most a twentieth of the window): 61 s at most.
    assert.ok(Number(retryAfter) >= 1 && Number(retryAfter) <= 61, `Retry-After ${retryAfter} within the 60 s window and its 1 s margin`);
  }
  assert.equal(upstream.calls.length, 1, 'only the first went upstream');
  const s = await stats();
  assert.deepEqual(s.requests['teams.list'], { readonly: 1 });
  assert.equal(s.requests['users.me'], undefined);
});

test('300 concurrent page requests across the owner\'s 7 teams: no 429 reaches a page, no window over its limit', { timeout: 180_000 }, async () => {
  const mock = await spawnMock(['--rate-window-scale', '0.02']);
  try {
    const SCALE = 0.02;
    const scaled = (requests, seconds) => ({ requests, windowMs: Math.round(seconds * 1000 * SCALE) });
    const rateLimit = { default: scaled(120, 60), runQuery: scaled(30, 60), invite: scaled(15, 300), avatar: scaled(10, 300) };
    const w = await world(mock.url, mock.tokens.owner);
    await reset(mock.url);
    const teams = w.teams.map((t) => t.id);
    assert.equal(teams.length, 7);
    const connectors = ['gadw', 'fads', 'fb', 'ga', 'ga4', 'gsc', 'li', 'tt'];
    // Distinct requests, so each is a request of its own upstream: per team, its reads, then per connector.
    const perTeam = (t) => [
      `/teams/${t}`, `/teams/${t}/members`, `/teams/${t}/clients`, `/teams/${t}/connections`, `/teams/${t}/connectors`, `/teams/${t}/connectors/accounts`,
      ...connectors.flatMap((c) => [`/teams/${t}/connectors/${c}/accounts`, `/teams/${t}/connectors/${c}/accounts?status=enabled`,
        `/teams/${t}/connectors/${c}/accounts?status=disabled`, `/teams/${t}/connectors/${c}/fields`,
        `/teams/${t}/connectors/${c}/fields?accountIds=${c}_1`]),
    ];
    const lists = teams.map(perTeam);
    const paths = [];
    for (let i = 0; paths.length < 300; i++) for (const list of lists) if (paths.length < 300 && i < list.length) paths.push(list[i]);
    assert.equal(new Set(paths).size, 300, '300 distinct requests');

    const seen = { waits: 0, upstream429: 0 };
    const upstream = countingFetch();
    const handler = createTmrProxy({
      apiKey: mock.tokens.owner, baseUrl: mock.url, basePath: BASE, fetch: upstream, rateLimit,
      allow: ['teams.get', 'members.list', 'clients.list', 'connections.list', 'connectors.*'],
      onRateLimit: () => { seen.waits += 1; },
      onResponse: (e) => { if (e.status === 429) seen.upstream429 += 1; },
    });
    const started = Date.now();
    const answers = await Promise.all(paths.map((p) => send(handler, 'GET', BASE + p)));
    const elapsed = Date.now() - started;

    const wrong = answers.map((a, i) => [paths[i], a.status, a.status === 200 ? '' : a.text]).filter(([, status]) => status !== 200);
    assert.deepEqual(wrong, [], 'every page got its 200');
    assert.equal(answers.filter((a) => a.status === 429).length, 0, 'no 429 reached a page');
    answers.forEach((a, i) => {
      const body = a.json();
      assert.equal(body.success, true);
      const team = /^\/teams\/([^/?]+)$/.exec(paths[i]);
      if (team) assert.equal(body.data.id, team[1], 'each page got its own team');
    });
    const s = await stats(mock.url);
    assert.ok(s.maxAdmittedPerWindow.default <= 120, JSON.stringify(s.maxAdmittedPerWindow));
    assert.equal(counted(s), upstream.calls.length - seen.upstream429, 'every upstream request was admitted but the 429s');
    assert.ok(counted(s) <= 300, `${counted(s)} upstream requests for 300 page requests`);
    assert.ok(seen.waits > 0, 'the shared pacer made requests wait for a slot');
    console.log(`300 page requests: ${upstream.calls.length} upstream, ${seen.upstream429} upstream 429s retried, ${seen.waits} waits, ${elapsed} ms`);
  } finally {
    mock.stop();
  }
});
