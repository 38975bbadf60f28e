// What the proxy lets through reaches the mock as the proxy's key, and the mock's answer reaches the
// page unchanged: status and body bytes equal to the same request sent straight to the mock with the
// same token, for reads, a run-query, writes, and upstream errors (404, 400, 402, and 403 for a proxy
// holding a viewer's key); the page's Authorization, Cookie and x-mock-* headers change nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, MOCK, NOBODY, token, reset, stats, makeProxy, send, direct, read, sameAnswer, freshWorld } from './helpers.mjs';

const EVERYTHING = ['users.*', 'teams.*', 'members.*', 'invites.*', 'connections.*', 'clients.*', 'connectors.*', 'data.*', 'platform.*'];
/** A header of the plain init the proxy gives its fetch, whatever the case of its name. */
const header = (init, name) => {
  const h = init.headers instanceof Headers ? Object.fromEntries(init.headers) : init.headers ?? {};
  const found = Object.entries(h).filter(([k]) => k.toLowerCase() === name);
  return found.length ? found.map(([, v]) => v).join(', ') : undefined;
};
const bodyText = (init) => (init.body === undefined || init.body === null ? '' : new TextDecoder().decode(init.body));

const w = freshWorld();

test('reads pass byte for byte, to the URL the page meant, with the proxy\'s key', async () => {
  const { handler, upstream } = makeProxy({ allow: EVERYTHING });
  const paths = [
    '/teams', `/teams/${w.acme}`, `/teams/${w.acme}/members`, `/teams/${w.acme}/clients`, `/teams/${w.acme}/clients/${w.client}`,
    `/teams/${w.acme}/connectors/gadw/accounts?status=enabled`, `/teams/${w.acme}/connectors/accounts?status=disabled`,
    `/teams/${w.acme}/connectors/gadw/fields?accountIds=gadw_1000000000&accountIds=gadw_1007654321`,
    `/teams/${w.acme}/invites`, '/users/me', '/users/me/preferences', '/tmr/plans',
  ];
  for (const p of paths) {
    const proxied = await send(handler, 'GET', BASE + p);
    const straight = await direct('GET', p);
    assert.equal(straight.status, 200, p);
    sameAnswer(proxied, straight, p);
  }
  assert.deepEqual(upstream.calls.map((c) => c.url), paths.map((p) => MOCK + p), 'one upstream request each, as the page wrote it');
  for (const { init } of upstream.calls) {
    assert.equal(init.method ?? 'GET', 'GET');
    assert.equal(header(init, 'authorization'), `Bearer ${token('owner')}`);
    assert.equal(bodyText(init), '');
  }
  const s = await stats();
  assert.equal(s.requests['teams.list'].owner, 2, 'proxied and direct, both as the owner');
});

test('a run-query POST passes byte for byte; the body that goes upstream is the validated one', async () => {
  const { handler, upstream } = makeProxy({ allow: ['data.runQuery'] });
  const query = { accounts: ['gadw_1000000000', 'gadw_1007654321'], dimensions: ['date'], metrics: ['clicks', 'cost'], dateRange: { startDate: '2026-01-01', endDate: '2026-01-07' } };
  const path = `/teams/${w.acme}/data/run-query`;
  // The page's JSON with its own spacing: what goes upstream is re-serialised from the validated value.
  const proxied = await send(handler, 'POST', BASE + path, { body: JSON.stringify(query, null, 2) });
  const straight = await direct('POST', path, 'owner', query);
  assert.equal(straight.status, 200, straight.text);
  assert.equal(straight.json().data.length, 7, 'a row a day');
  sameAnswer(proxied, straight, 'data.runQuery');
  assert.equal(upstream.calls.length, 1);
  assert.equal(upstream.calls[0].url, MOCK + path);
  assert.equal(upstream.calls[0].init.method, 'POST');
  assert.deepEqual(JSON.parse(bodyText(upstream.calls[0].init)), query);
  assert.ok(!bodyText(upstream.calls[0].init).includes('\n'), 'not the page\'s bytes: re-serialised');
  assert.match(header(upstream.calls[0].init, 'content-type'), /^application\/json/);
});

test('writes pass byte for byte and are applied once: members.updateRole (200), teams.rename (200), invites.create (201)', async () => {
  const { handler, upstream } = makeProxy({ allow: ['members.*', 'teams.rename', 'invites.create'] });
  const writes = [
    ['PUT', `/teams/${w.acme}/members/${w.grace}/role`, { role: 'viewer' }, 'members.updateRole', 200],
    ['PUT', `/teams/${w.acme}/name`, { name: 'Acme Renamed' }, 'teams.rename', 200],
    ['POST', `/teams/${w.noPlan}/members/invite`, { email: 'proxied@example.com', role: 'editor' }, 'invites.create', 201],
  ];
  for (const [method, path, body, name, status] of writes) {
    await reset();
    const proxied = await send(handler, method, BASE + path, { body });
    assert.equal(proxied.status, status, `${name}: ${proxied.text}`);
    assert.equal((await stats()).writes[name]?.owner, 1, `${name} applied once, as the owner`);
    await reset();
    const straight = await direct(method, path, 'owner', body);
    sameAnswer(proxied, straight, name);
  }
  assert.equal(upstream.calls.length, writes.length);
  // The write took effect: grace is a viewer now (read through the proxy, straight after a write).
  await reset();
  await send(handler, 'PUT', `${BASE}/teams/${w.acme}/members/${w.grace}/role`, { body: { role: 'viewer' } });
  const members = (await send(handler, 'GET', `${BASE}/teams/${w.acme}/members`)).json().data;
  assert.equal(members.find((m) => m.id === w.grace).role, 'viewer');
});

test('upstream errors pass byte for byte: 404, 403 for a non-member team, 400 from the mock, 402 on a cancelled plan', async () => {
  const { handler } = makeProxy({ allow: EVERYTHING });
  const cases = [
    ['GET', `/teams/${w.acme}/connections/${NOBODY}`, undefined, 404, 'NOT_FOUND'],
    ['GET', `/teams/${w.acme}/clients/${NOBODY}`, undefined, 404, 'NOT_FOUND'],
    ['GET', `/teams/${NOBODY}`, undefined, 403, 'FORBIDDEN'],
    // "zzz" has a connector id's form (the proxy's validator passes it); the mock knows no such connector.
    ['GET', `/teams/${w.acme}/connectors/zzz/accounts`, undefined, 400, 'BAD_REQUEST'],
    ['PUT', `/teams/${w.acme}/members/${w.ada}/role`, { role: 'viewer' }, 400, 'BAD_REQUEST'],
    ['PUT', `/teams/${w.acme}/members/${NOBODY}/role`, { role: 'viewer' }, 404, 'NOT_FOUND'],
  ];
  for (const [method, path, body, status, code] of cases) {
    const proxied = await send(handler, method, BASE + path, { body });
    const straight = await direct(method, path, 'owner', body);
    assert.equal(straight.status, status, `${path}: ${straight.text}`);
    assert.equal(straight.json().error.code, code);
    sameAnswer(proxied, straight, `${method} ${path}`);
  }
  // A proxy holding the cancelled team's owner's key: 402 on a team write.
  const cancelled = makeProxy({ apiKey: token('cancelled'), allow: ['teams.rename'] });
  const path = `/teams/${w.globex}/name`;
  const proxied = await send(cancelled.handler, 'PUT', BASE + path, { body: { name: 'Globex again' } });
  const straight = await direct('PUT', path, 'cancelled', { name: 'Globex again' });
  assert.equal(straight.status, 402, straight.text);
  sameAnswer(proxied, straight, 'teams.rename on a cancelled plan');
});

test('a proxy holding a viewer\'s key gets the viewer\'s 403s, byte for byte, and the viewer\'s reads', async () => {
  const { handler, upstream } = makeProxy({ apiKey: token('viewer'), allow: EVERYTHING });
  const cases = [
    ['PUT', `/teams/${w.acme}/members/${w.grace}/role`, { role: 'viewer' }, 403],
    ['GET', `/teams/${w.acme}/invites`, undefined, 403],
    ['POST', `/teams/${w.acme}/data/run-query`, { accounts: ['gadw_1000000000'] }, 403],
    ['GET', '/users/me', undefined, 200],
  ];
  for (const [method, path, body, status] of cases) {
    const proxied = await send(handler, method, BASE + path, { body });
    const straight = await direct(method, path, 'viewer', body);
    assert.equal(straight.status, status, `${path}: ${straight.text}`);
    sameAnswer(proxied, straight, `${method} ${path}`);
  }
  assert.equal((await send(handler, 'GET', `${BASE}/users/me`)).json().data.email, 'linus@acme.example');
  assert.ok(upstream.calls.every(({ init }) => header(init, 'authorization') === `Bearer ${token('viewer')}`));
  const s = await stats();
  assert.equal(s.writes['members.updateRole'], undefined, 'nothing written');
});

test('the page\'s Authorization, Cookie, x-mock-fault and other headers change nothing upstream', async () => {
  const { handler, upstream } = makeProxy({ allow: ['users.me', 'teams.list'] });
  const straight = await direct('GET', '/users/me', 'owner');
  for (const fault of ['status=500', 'drop', 'malformed', 'status=429; retry-after=30']) {
    const hostile = {
      authorization: `Bearer ${token('viewer')}`, cookie: 'session=abc; tmr=1', 'x-mock-fault': fault, 'x-mock-other': '1',
      'x-forwarded-for': '203.0.113.9', forwarded: 'for=203.0.113.9', 'x-api-key': token('editor'), accept: 'text/html',
    };
    const me = await send(handler, 'GET', `${BASE}/users/me`, { headers: hostile });
    sameAnswer(me, straight, `users.me with x-mock-fault: ${fault}`);
    assert.equal(me.json().data.email, 'ada@acme.example', 'the proxy\'s identity, not the page\'s');
  }
  const teams = await send(handler, 'GET', `${BASE}/teams`, { headers: { authorization: `Bearer ${token('outsider')}` } });
  sameAnswer(teams, await direct('GET', '/teams', 'owner'), 'teams.list with an outsider\'s token from the page');
  assert.equal(teams.json().data.length, 7, 'the owner\'s seven teams');
  for (const { init } of upstream.calls) {
    assert.equal(header(init, 'authorization'), `Bearer ${token('owner')}`);
    const names = Object.keys(init.headers instanceof Headers ? Object.fromEntries(init.headers) : init.headers ?? {}).map((k) => k.toLowerCase());
    for (const banned of ['cookie', 'x-mock-fault', 'x-mock-other', 'x-forwarded-for', 'forwarded', 'x-api-key']) {
      assert.ok(!names.includes(banned), `${banned} was forwarded: ${names}`);
    }
  }
  const s = await stats();
  assert.deepEqual(s.requests['users.me'], { owner: 5 }, 'four proxied, one direct; all as the owner');
  assert.deepEqual(s.requests['teams.list'], { owner: 2 });
});

test('upstream answers pass as sent even when the client could not read them: HTML with its content-type, a 429 with its Retry-After, a 503', async () => {
  // The faults are the proxy's own upstream fetch's doing (the mock honours x-mock-fault), not the page's.
  const faults = { '/teams': 'malformed', '/users/me': 'status=429; retry-after=7', '/tmr/plans': 'status=503' };
  const fault = (url) => faults[new URL(url).pathname];
  const { handler } = makeProxy({
    allow: ['teams.list', 'users.me', 'platform.plans'],
    fetch: (url, init) => fetch(url, { ...init, headers: { ...init.headers, 'x-mock-fault': fault(url) } }),
  });
  for (const path of Object.keys(faults)) {
    const proxied = await send(handler, 'GET', BASE + path);
    const straight = await read(await fetch(MOCK + path, { headers: { authorization: `Bearer ${token('owner')}`, 'x-mock-fault': faults[path] } }));
    sameAnswer(proxied, straight, `${path} under ${faults[path]}`);
  }
  const html = await send(handler, 'GET', `${BASE}/teams`);
  assert.equal(html.status, 200);
  assert.match(html.headers.get('content-type'), /^text\/html/, 'the upstream\'s content type, not application/json');
  const limited = await send(handler, 'GET', `${BASE}/users/me`);
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get('retry-after'), '7');
});
