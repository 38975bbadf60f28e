// Paths and query strings a page may craft: every malformed one is refused by the proxy itself and
// never forwarded (nothing reaches the proxy's upstream fetch, the mock counts no request).
//
// The handler gets a `Request`, whose URL the WHATWG parser has already normalised: `..`, `.`,
// `%2e%2e` and `%2e` segments are resolved, `\` becomes `/`. Each case below states the URL the
// handler actually receives (`received`), so what is tested is what reaches it. A normalised
// dot segment is either outside basePath (404) or names another endpoint, which is then held to
// its own `allow` entry like any other request; tests/proxy/node-server.test.mjs does the same
// over a real socket, where the raw request line is parsed by @hono/node-server.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, ORIGIN, MOCK, NOBODY, reset, makeProxy, send, direct, sameAnswer, ownAnswer, neverForwarded, freshWorld } from './helpers.mjs';

const EVERYTHING = ['users.*', 'teams.*', 'members.*', 'invites.*', 'connections.*', 'clients.*', 'connectors.*', 'data.*', 'platform.*'];
/** A value as the proxy's messages quote it: JSON text of its first 80 characters, then "…" if cut. */
const quote = (v) => JSON.stringify([...v].slice(0, 80).join('')) + ([...v].length > 80 ? '…' : '');
/** The path and query the handler receives for what a page wrote. */
const received = (path) => {
  const u = new URL(new Request(`${ORIGIN}${path}`).url);
  return u.pathname + u.search;
};

const w = freshWorld();

test('malformed paths are 400 BAD_REQUEST, never forwarded: %2F %5C %2E %00 %0A %25 escapes and empty segments', async () => {
  const { handler, upstream } = makeProxy({ allow: EVERYTHING });
  const acme = w.acme;
  const cases = [
    ['%2F inside a parameter', 'GET', `/teams/${acme}%2Fmembers`],
    ['%2f inside a parameter (lower case)', 'GET', `/teams/${acme}%2fmembers`],
    ['%2F making an account id a path', 'POST', `/teams/${acme}/connectors/gadw/accounts/1000000000%2F..%2F..%2Fmembers/enable`],
    ['%2F inside a literal segment', 'GET', `/teams%2F${acme}`],
    ['%5C inside a parameter', 'GET', `/teams/${acme}%5Cmembers`],
    ['%5c in an account id', 'POST', `/teams/${acme}/connectors/gadw/accounts/1000000000%5c/enable`],
    ['%2E inside a segment (not a dot segment: URL keeps it)', 'POST', `/teams/${acme}/connectors/gadw/accounts/1000000000%2E5/enable`],
    ['%2E%2E%2F in a segment (not a dot segment: URL keeps it)', 'GET', `/teams/${acme}/clients/%2E%2E%2F${NOBODY}`],
    ['%00 after a team id', 'GET', `/teams/${acme}%00`],
    ['%00 in an account id', 'POST', `/teams/${acme}/connectors/gadw/accounts/1000000000%00/enable`],
    ['%0A in an account id', 'POST', `/teams/${acme}/connectors/gadw/accounts/1000000000%0A/enable`],
    ['%7F in an account id', 'POST', `/teams/${acme}/connectors/gadw/accounts/1000000000%7F/enable`],
    ['%252F double encoding', 'GET', `/teams/${acme}%252Fmembers`],
    ['%252e%252e double encoding', 'POST', `/teams/${acme}/connectors/gadw/accounts/%252e%252e/enable`],
    ['%25 alone', 'POST', `/teams/${acme}/connectors/gadw/accounts/100%25/enable`],
    ['a bad escape %zz', 'POST', `/teams/${acme}/connectors/gadw/accounts/1%zz/enable`],
    ['// doubled slash inside', 'GET', '/teams//members'],
    ['// doubled slash after basePath', 'GET', '//teams'],
    ['// between parameters', 'PUT', `/teams/${acme}/members//role`],
  ];
  for (const [what, method, path] of cases) {
    const full = BASE + path;
    // Nothing here is touched by the URL parser: the handler sees the page's bytes.
    assert.equal(received(full), full, `${what}: the handler receives it as written`);
    const res = await neverForwarded(upstream, () => send(handler, method, full, method === 'PUT' ? { body: { role: 'viewer' } } : undefined));
    ownAnswer(res, 400, 'BAD_REQUEST');
  }
});

test('a path id the validators refuse is 400 with the validator\'s message, never forwarded', async () => {
  const { handler, upstream } = makeProxy({ allow: EVERYTHING });
  await neverForwarded(upstream, async () => {
    ownAnswer(await send(handler, 'GET', `${BASE}/teams/abc`), 400, 'BAD_REQUEST', 'teamId must be a UUID (8-4-4-4-12 hex digits); got "abc"');
    ownAnswer(await send(handler, 'PUT', `${BASE}/teams/${w.acme}/members/x/role`, { body: { role: 'viewer' } }), 400, 'BAD_REQUEST', 'userId must be a UUID (8-4-4-4-12 hex digits); got "x"');
    ownAnswer(await send(handler, 'GET', `${BASE}/teams/${w.acme}/clients/${w.client}/accounts/GADW`), 400, 'BAD_REQUEST', /connectorId must be a connector id.*got "GADW"/);
    ownAnswer(await send(handler, 'GET', `${BASE}/teams/${w.acme.toUpperCase()}x`), 400, 'BAD_REQUEST', /^teamId must be a UUID/);
  });
});

test('dot segments the URL parser resolves: outside basePath is 404; inside, the request means what it names and is held to allow', async () => {
  const onlyTeams = makeProxy({ allow: ['teams.*'] });
  const onlyMe = makeProxy({ allow: ['users.me'] });
  // `%2e%2e` is a double-dot segment to WHATWG URL: gone before the handler runs.
  assert.equal(received(`${BASE}/teams/%2e%2e/users/me`), `${BASE}/users/me`);
  assert.equal(received(`${BASE}/teams/%2E%2e/users/me`), `${BASE}/users/me`);
  assert.equal(received(`${BASE}/teams/.%2e/users/me`), `${BASE}/users/me`);
  assert.equal(received(`${BASE}/teams/%2e/..//users/me`), `${BASE}//users/me`);
  assert.equal(received(`${BASE}/%2e%2e/teams`), '/api/teams');
  assert.equal(received(`${BASE}/../../teams`), '/teams');
  assert.equal(received(`${BASE}/teams\\..\\users/me`), `${BASE}/users/me`);
  // Inside basePath: users.me, refused where only teams.* is allowed, served where users.me is.
  await neverForwarded(onlyTeams.upstream, async () => {
    for (const p of [`${BASE}/teams/%2e%2e/users/me`, `${BASE}/teams/.%2e/users/me`, `${BASE}/teams\\..\\users/me`]) {
      ownAnswer(await send(onlyTeams.handler, 'GET', p), 403, 'FORBIDDEN');
    }
  });
  const me = await send(onlyMe.handler, 'GET', `${BASE}/teams/%2e%2e/users/me`);
  sameAnswer(me, await direct('GET', '/users/me'), 'users.me, what the path means');
  assert.deepEqual(onlyMe.upstream.calls.map((c) => c.url), [`${MOCK}/users/me`]);
  // Outside basePath, or an empty segment left behind: refused, nothing forwarded.
  await neverForwarded(onlyMe.upstream, async () => {
    ownAnswer(await send(onlyMe.handler, 'GET', `${BASE}/%2e%2e/teams`), 404, 'NOT_FOUND');
    ownAnswer(await send(onlyMe.handler, 'GET', `${BASE}/../../users/me`), 404, 'NOT_FOUND');
    ownAnswer(await send(onlyMe.handler, 'GET', `${BASE}/teams/%2e/..//users/me`), 400, 'BAD_REQUEST');
  });
});

test('paths outside basePath are 404 NOT_FOUND, never forwarded', async () => {
  const { handler, upstream } = makeProxy({ allow: EVERYTHING });
  await neverForwarded(upstream, async () => {
    for (const p of ['/api/tmrx/teams', '/teams', '/users/me', '/api/tmr', '/api/TMR/teams', '/api/teams', '/api/tmr.json', '/api/tmrteams', '/']) {
      ownAnswer(await send(handler, 'GET', p), 404, 'NOT_FOUND', `No API endpoint at GET ${quote(p)}`);
    }
  });
  // basePath '' (the default) routes at the root, and nothing else.
  const root = makeProxy({ allow: ['teams.list'], basePath: undefined });
  sameAnswer(await send(root.handler, 'GET', '/teams'), await direct('GET', '/teams'), 'teams.list at the root');
  await neverForwarded(root.upstream, async () => ownAnswer(await send(root.handler, 'GET', `${BASE}/teams`), 404, 'NOT_FOUND'));
});

test('unknown routes are 404 NOT_FOUND, never forwarded', async () => {
  const { handler, upstream } = makeProxy({ allow: EVERYTHING });
  await neverForwarded(upstream, async () => {
    for (const p of [`/teams/${w.acme}/nope`, '/nope', '/users', '/tmr', `/teams/${w.acme}/members/${w.grace}/role/extra`, '/__mock/stats', '/__mock/reset', '/api/v1/clients', '/oauth/token', '/openapi.json']) {
      ownAnswer(await send(handler, 'GET', BASE + p), 404, 'NOT_FOUND', `No API endpoint at GET ${quote(BASE + p)}`);
    }
    ownAnswer(await send(handler, 'POST', `${BASE}/__mock/reset`), 404, 'NOT_FOUND', `No API endpoint at POST ${quote(`${BASE}/__mock/reset`)}`);
  });
});

test('a path that exists with other methods is 405 METHOD_NOT_ALLOWED with Allow, never forwarded', async () => {
  const { handler, upstream } = makeProxy({ allow: EVERYTHING });
  const cases = [
    ['DELETE', '/teams', ['GET']],
    ['POST', '/teams', ['GET']],
    ['OPTIONS', '/teams', ['GET']],
    ['POST', '/users/me', ['GET']],
    ['PATCH', `/teams/${w.acme}`, ['GET']],
    ['GET', `/teams/${w.acme}/members/${w.grace}`, ['DELETE']],
    ['PUT', `/teams/${w.acme}/data/run-query`, ['POST']],
    ['GET', `/teams/${w.acme}/data/run-query`, ['POST']],
    ['DELETE', '/users/me/preferences', ['GET', 'PATCH']],
  ];
  await neverForwarded(upstream, async () => {
    for (const [method, path, allow] of cases) {
      const res = await send(handler, method, BASE + path);
      ownAnswer(res, 405, 'METHOD_NOT_ALLOWED', `Method ${quote(method)} is not allowed here; allowed: ${allow.join(', ')}`);
      assert.deepEqual((res.headers.get('allow') ?? '').split(/,\s*/).sort(), allow, `${method} ${path}: Allow ${res.headers.get('allow')}`);
    }
  });
});

test('query strings: only known, valid parameters pass, rebuilt; the rest is 400, never forwarded', async () => {
  const { handler, upstream } = makeProxy({ allow: EVERYTHING });
  await neverForwarded(upstream, async () => {
    for (const p of [
      '/teams?x=1', '/users/me?debug=true', `/teams/${w.acme}?include=all`,
      `/teams/${w.acme}/connectors/gadw/accounts?status=bogus`,
      `/teams/${w.acme}/connectors/gadw/accounts?status=enabled%26x%3D1`,
      `/teams/${w.acme}/connectors/gadw/accounts?status=enabled&token=abc`,
      `/teams/${w.acme}/connectors/gadw/fields?accountIds=notprefixed`,
      `/teams/${w.acme}/connectors/gadw/fields?status=enabled`,
    ]) {
      ownAnswer(await send(handler, 'GET', BASE + p), 400, 'BAD_REQUEST');
    }
  });
  const ok = await send(handler, 'GET', `${BASE}/teams/${w.acme}/connectors/gadw/accounts?status=enabled`);
  sameAnswer(ok, await direct('GET', `/teams/${w.acme}/connectors/gadw/accounts?status=enabled`), 'connectors.accounts?status=enabled');
  assert.equal(ok.json().data.length, 3, 'the three enabled gadw accounts');
  assert.equal(upstream.calls.at(-1).url, `${MOCK}/teams/${w.acme}/connectors/gadw/accounts?status=enabled`);
  // A fragment is the page's own business: the request is the same.
  const hash = await send(handler, 'GET', `${BASE}/teams#frag`);
  assert.equal(hash.status, 200, hash.text);
  assert.equal(upstream.calls.at(-1).url, `${MOCK}/teams`);
});
