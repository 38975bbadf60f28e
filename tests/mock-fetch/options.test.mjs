// createMockFetch's options: tokens, personas, a world passed in, rate limits, Outlign's settings,
// faults, reset and stats, and bad options refused at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMockFetch, builtinWorld } from 'tmr-client/mock';
import { TmrClient, OutlignClient } from 'tmr-client';

const BASE = 'https://mock.test';
const client = (fetch, apiKey, extra = {}) => new TmrClient({ apiKey, baseUrl: BASE, fetch, maxRetries: 0, ...extra });
const code = (p) => p.then(() => 'resolved', (e) => e.code);

test('tokens: every persona, TMR and Outlign, each working', async () => {
  const mock = createMockFetch();
  assert.deepEqual(Object.keys(mock.tokens), ['owner', 'editor', 'viewer', 'outsider', 'readonly', 'cancelled', 'outlign_alice', 'outlign_bob', 'outlign_expired']);
  assert.ok(Object.isFrozen(mock.tokens));
  assert.equal((await client(mock, mock.tokens.owner).users.me()).email, 'ada@acme.example');
  assert.equal((await new OutlignClient({ accessToken: mock.tokens.outlign_bob, fetch: mock }).companies.list()).length, 2);
});

test('personas: a persona answers to the token given, kept across reset; the old one is refused', async () => {
  const mock = createMockFetch({ personas: { owner: 'app-test-key', outlign_alice: 'alice-test-token' } });
  assert.equal(mock.tokens.owner, 'app-test-key');
  assert.equal(mock.tokens.outlign_alice, 'alice-test-token');
  assert.equal(mock.tokens.editor, createMockFetch().tokens.editor, 'the others keep theirs');
  assert.equal((await client(mock, 'app-test-key').users.me()).email, 'ada@acme.example');
  assert.equal(await code(client(mock, createMockFetch().tokens.owner).users.me()), 'UNAUTHORIZED');
  assert.deepEqual(mock.stats().requests['users.me'], { owner: 1 }, 'stats name the persona');
  mock.reset();
  assert.equal((await client(mock, 'app-test-key').teams.list()).length, 7);
  assert.equal((await new OutlignClient({ accessToken: 'alice-test-token', fetch: mock }).clients.list()).length, 4);
  assert.equal(await code(new OutlignClient({ accessToken: 'outlign-alice', fetch: mock }).clients.list()), 'UNAUTHORIZED');
});

test('personas: unknown persona, taken or blank token, non-string refused with a TypeError', () => {
  assert.throws(() => createMockFetch({ personas: { boss: 'x' } }), { name: 'TypeError', message: /no persona `boss` \(known: owner, editor, .*outlign_expired\)/ });
  assert.throws(() => createMockFetch({ personas: { owner: createMockFetch().tokens.viewer } }), { name: 'TypeError', message: /already another persona's/ });
  assert.throws(() => createMockFetch({ personas: { owner: 'outlign-bob' } }), { name: 'TypeError', message: /already another persona's/ });
  assert.throws(() => createMockFetch({ personas: { owner: 'has space' } }), { name: 'TypeError', message: /visible ASCII/ });
  assert.throws(() => createMockFetch({ personas: { owner: 42 } }), { name: 'TypeError', message: /personas.owner must be a string/ });
});

test('world: an edited built-in world, as an object or as JSON text; a bad world refused', async () => {
  const w = builtinWorld();
  assert.notEqual(builtinWorld(), w, 'a fresh copy each time');
  w.teams = w.teams.slice(0, 1);
  w.teams[0].name = 'Only Team';
  w.tokens.push({ token: 'tmrc_live_ci', userId: w.tokens[0].userId, scopes: ['teams:read'], persona: 'ci' });
  for (const world of [w, JSON.stringify(w)]) {
    const mock = createMockFetch({ world });
    assert.equal(mock.tokens.ci, 'tmrc_live_ci');
    assert.deepEqual((await client(mock, mock.tokens.owner).teams.list()).map((t) => t.name), ['Only Team']);
    assert.equal(await code(client(mock, 'tmrc_live_ci').users.me()), 'INSUFFICIENT_PERMISSIONS');
    await client(mock, mock.tokens.owner).teams.rename(w.teams[0].id, 'Renamed');
    mock.reset();
    assert.equal((await client(mock, mock.tokens.owner).teams.get(w.teams[0].id)).name, 'Only Team', 'reset goes back to the world given');
  }
  assert.throws(() => createMockFetch({ world: { users: [] } }), { name: 'TypeError', message: /^createMockFetch: world: not a world: missing field `tokens`/ });
  assert.throws(() => createMockFetch({ world: '{' }), { name: 'TypeError', message: /world: not a world/ });
  assert.throws(() => createMockFetch({ world: 7 }), { name: 'TypeError', message: /world must be/ });
});

test('rateLimits: on by default (429 + Retry-After), false never refuses, windowScale shortens the window', async () => {
  const burst = async (mock, n) => {
    const key = mock.tokens.viewer;
    const answers = await Promise.all(Array.from({ length: n }, () => mock(`${BASE}/users/me`, { headers: { authorization: `Bearer ${key}` } })));
    return answers.filter((r) => r.status === 429);
  };
  const on = createMockFetch();
  const refused = await burst(on, 125);
  assert.equal(refused.length, 5);
  assert.ok(Number(refused[0].headers.get('retry-after')) > 0);
  assert.equal(on.stats().maxAdmittedPerWindow.default, 120);
  const off = createMockFetch({ rateLimits: false });
  assert.equal((await burst(off, 130)).length, 0);
  assert.equal(off.stats().maxAdmittedPerWindow.default, 130, 'counted, never refused');
  const fast = createMockFetch({ rateLimits: { windowScale: 0.02 } });
  assert.equal((await burst(fast, 125)).length, 5);
  await new Promise((r) => setTimeout(r, 1300)); // the 60 s window lasts 1.2 s
  assert.equal((await burst(fast, 1)).length, 0);
  for (const bad of [{ windowScale: 0 }, { windowScale: 2 }, { windowScale: '1' }, { scale: 1 }, 'on']) {
    assert.throws(() => createMockFetch({ rateLimits: bad }), TypeError, JSON.stringify(bad));
  }
});

test('outlign: version B objects and the life of issued tokens', async () => {
  const mock = createMockFetch({ outlign: { objects: 'b', tokenTtl: 0 } });
  const alice = new OutlignClient({ accessToken: mock.tokens.outlign_alice, fetch: mock });
  assert.deepEqual((await alice.clients.list({ companyId: 456 }))[0].company, { id: 456, title: 'Acme Agency' });
  const personas = await (await mock(`${BASE}/__mock/personas/outlign`)).json();
  assert.equal(personas.objects, 'b');
  assert.equal(personas.tokenTtl, 0);
  assert.throws(() => createMockFetch({ outlign: { objects: 'c' } }), { name: 'TypeError', message: /outlign.objects takes "a" or "b"/ });
  assert.throws(() => createMockFetch({ outlign: { tokenTtl: 1.5 } }), { name: 'TypeError', message: /whole number of seconds/ });
});

test('options: unknown keys and wrong types refused at once', () => {
  assert.throws(() => createMockFetch({ fault: 'drop' }), { name: 'TypeError', message: 'createMockFetch: unknown option "fault" (known: world, personas, faults, rateLimits, outlign, maxQueryRows)' });
  assert.throws(() => createMockFetch('world'), { name: 'TypeError', message: /options must be an object/ });
  assert.throws(() => createMockFetch({ faults: 42 }), { name: 'TypeError', message: /faults must be/ });
  assert.equal(typeof createMockFetch(null), 'function');
});

test('reset and stats: the control paths, also through the fetch', async () => {
  const mock = createMockFetch();
  const owner = client(mock, mock.tokens.owner);
  const team = (await owner.teams.list()).find((t) => t.name === 'Acme Marketing');
  await owner.teams.rename(team.id, 'Changed');
  assert.deepEqual(mock.stats().writes, { 'teams.rename': { owner: 1 } });
  assert.deepEqual(await (await mock(`${BASE}/__mock/stats`)).json(), mock.stats(), 'the same as GET /__mock/stats');
  assert.equal(mock.reset(), undefined);
  assert.deepEqual(mock.stats(), { requests: {}, writes: {}, maxAdmittedPerWindow: {} });
  assert.equal((await owner.teams.get(team.id)).name, team.name);
  await owner.teams.rename(team.id, 'Again');
  assert.equal((await mock(`${BASE}/__mock/reset`, { method: 'POST' })).status, 200);
  assert.equal((await owner.teams.get(team.id)).name, team.name);
  assert.equal(createMockFetch().stats().requests['teams.list'], undefined, 'each mock has its own state');
});
