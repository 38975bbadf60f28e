// Who may pass: `allow` (names and `group.*`, deny by default) and `authorize` (its arguments, and
// only a resolved `true` forwards); createTmrProxy's own checks of its options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTmrProxy } from 'tmr-client/proxy';
import { BASE, ORIGIN, MOCK, token, makeProxy, send, read, direct, sameAnswer, ownAnswer, neverForwarded, invalidArgument, freshWorld } from './helpers.mjs';

const w = freshWorld();

test('createTmrProxy refuses bad options with INVALID_ARGUMENT naming the option and the value, never the key', () => {
  const key = token('owner');
  const make = (options) => () => createTmrProxy({ apiKey: key, baseUrl: MOCK, ...options });
  const cases = [
    [{ allow: ['teams.nope'] }, /allow.*teams\.nope|teams\.nope.*allow/s],
    [{ allow: ['teams.get', 'members.lists'] }, /members\.lists/],
    [{ allow: ['nope.*'] }, /nope\.\*/],
    [{ allow: ['teams.**'] }, /teams\.\*\*/],
    [{ allow: ['*'] }, /allow/],
    [{ allow: ['users.uploadAvatar'] }, /users\.uploadAvatar/],
    [{ allow: ['outlign.clients.list'] }, /outlign\.clients\.list/],
    [{ allow: ['outlign.clients.*'] }, /outlign\.clients\.\*/],
    [{ allow: 'teams.get' }, /allow/],
    [{ basePath: 'api/tmr' }, /basePath.*api\/tmr/s],
    [{ basePath: '/api/tmr/' }, /basePath.*\/api\/tmr\//s],
    [{ basePath: '/' }, /basePath/],
    [{ basePath: 42 }, /basePath/],
    [{ maxBodyBytes: -1 }, /maxBodyBytes/],
    [{ maxBodyBytes: 'big' }, /maxBodyBytes/],
    [{ authorize: 'yes' }, /authorize/],
    [{ baseUrl: 'ftp://example.com' }, /baseUrl/],
    [{ logLevel: 'loud' }, /logLevel/],
  ];
  for (const [options, message] of cases) {
    const e = invalidArgument(make(options), message);
    for (const text of [e.message, e.stack, JSON.stringify(e)]) assert.ok(!text.includes(key), `the key in ${text}`);
  }
  invalidArgument(() => createTmrProxy({ baseUrl: MOCK, allow: ['teams.get'] }), /apiKey/);
  invalidArgument(() => createTmrProxy({ apiKey: '', baseUrl: MOCK }), /apiKey/);
  invalidArgument(() => createTmrProxy(), /./);
  // Good ones: the default basePath (the root), every group.
  assert.equal(typeof createTmrProxy({ apiKey: key, baseUrl: MOCK }), 'function');
  assert.equal(typeof createTmrProxy({ apiKey: key, baseUrl: MOCK, basePath: '/x', allow: ['users.*', 'data.*', 'platform.*', 'teams.get'] }), 'function');
});

test('deny by default: no allow, or an empty one, refuses every request with 403 FORBIDDEN, nothing forwarded', async () => {
  for (const options of [{}, { allow: [] }, { allow: undefined }]) {
    const { handler, upstream } = makeProxy(options);
    await neverForwarded(upstream, async () => {
      ownAnswer(await send(handler, 'GET', `${BASE}/teams`), 403, 'FORBIDDEN', 'teams.list is not allowed through this proxy');
      ownAnswer(await send(handler, 'GET', `${BASE}/users/me`), 403, 'FORBIDDEN', 'users.me is not allowed through this proxy');
      ownAnswer(await send(handler, 'PUT', `${BASE}/teams/${w.acme}/name`, { body: { name: 'x' } }), 403, 'FORBIDDEN', 'teams.rename is not allowed through this proxy');
    });
  }
});

test('allow lets the named endpoints through and refuses the rest with 403, nothing forwarded', async () => {
  const { handler, upstream } = makeProxy({ allow: ['teams.get', 'data.runQuery'] });
  sameAnswer(await send(handler, 'GET', `${BASE}/teams/${w.acme}`), await direct('GET', `/teams/${w.acme}`), 'teams.get');
  const refused = await neverForwarded(upstream, async () => [
    await send(handler, 'GET', `${BASE}/teams`),
    await send(handler, 'GET', `${BASE}/teams/${w.acme}/members`),
    await send(handler, 'PUT', `${BASE}/teams/${w.acme}/name`, { body: { name: 'Acme' } }),
    await send(handler, 'GET', `${BASE}/users/me`),
  ]);
  const names = ['teams.list', 'members.list', 'teams.rename', 'users.me'];
  refused.forEach((r, i) => ownAnswer(r, 403, 'FORBIDDEN', `${names[i]} is not allowed through this proxy`));
  assert.equal(upstream.calls.length, 1);
});

test('group.* expands to the group\'s endpoints; users.* leaves users.uploadAvatar out', async () => {
  const { handler, upstream } = makeProxy({ allow: ['members.*', 'users.*'] });
  sameAnswer(await send(handler, 'GET', `${BASE}/teams/${w.acme}/members`), await direct('GET', `/teams/${w.acme}/members`), 'members.list');
  const role = await send(handler, 'PUT', `${BASE}/teams/${w.acme}/members/${w.grace}/role`, { body: { role: 'editor' } });
  assert.equal(role.status, 200, role.text);
  assert.equal((await send(handler, 'GET', `${BASE}/users/me/preferences`)).status, 200);
  assert.equal((await send(handler, 'GET', `${BASE}/users/me`)).status, 200);
  await neverForwarded(upstream, async () => {
    ownAnswer(await send(handler, 'GET', `${BASE}/teams/${w.acme}`), 403, 'FORBIDDEN', 'teams.get is not allowed through this proxy');
    ownAnswer(await send(handler, 'GET', `${BASE}/teams/${w.acme}/invites`), 403, 'FORBIDDEN', 'invites.list is not allowed through this proxy');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 0, 0, 0, 0]);
    const form = new FormData();
    form.append('file', new Blob([png], { type: 'image/png' }), 'a.png');
    const avatar = await read(await handler(new Request(`${ORIGIN}${BASE}/users/me/avatar`, { method: 'PUT', body: form })));
    ownAnswer(avatar, 403, 'FORBIDDEN', 'users.uploadAvatar is not allowed through this proxy');
  });
  assert.equal(upstream.calls.length, 4);
});

test('authorize gets the page\'s request and { endpoint, method, teamId, requiredRole, params }', async () => {
  const seen = [];
  const { handler } = makeProxy({
    allow: ['users.me', 'members.*', 'clients.linkAccount', 'connectors.fields', 'teams.list'],
    authorize: async (request, call) => {
      seen.push({ request, call, cookie: request.headers.get('cookie'), url: request.url, method: request.method });
      return true;
    },
  });
  const link = `${BASE}/teams/${w.acme}/clients/${w.client}/accounts/fads/act_1160740741`;
  const spaced = `${BASE}/teams/${w.acme}/clients/${w.client}/accounts/fads/act%20one%C3%A9`;
  const roles = { 'users.me': null, 'teams.list': null, 'members.list': 'viewer', 'members.updateRole': 'owner', 'members.remove': 'owner', 'clients.linkAccount': 'editor', 'connectors.fields': 'viewer' };
  const requests = [
    ['GET', `${BASE}/users/me`, { endpoint: 'users.me', method: 'GET', teamId: undefined, params: {} }],
    ['GET', `${BASE}/teams`, { endpoint: 'teams.list', method: 'GET', teamId: undefined, params: {} }],
    ['GET', `${BASE}/teams/${w.acme}/members`, { endpoint: 'members.list', method: 'GET', teamId: w.acme, params: { teamId: w.acme } }],
    ['PUT', `${BASE}/teams/${w.acme}/members/${w.grace}/role`, { endpoint: 'members.updateRole', method: 'PUT', teamId: w.acme, params: { teamId: w.acme, userId: w.grace } }],
    ['DELETE', `${BASE}/teams/${w.acme}/members/${w.grace}`, { endpoint: 'members.remove', method: 'DELETE', teamId: w.acme, params: { teamId: w.acme, userId: w.grace } }],
    ['POST', link, { endpoint: 'clients.linkAccount', method: 'POST', teamId: w.acme, params: { teamId: w.acme, clientId: w.client, connectorId: 'fads', accountId: 'act_1160740741' } }],
    // A path parameter arrives decoded (a space and an é in a provider's account id).
    ['POST', spaced, { endpoint: 'clients.linkAccount', method: 'POST', teamId: w.acme, params: { teamId: w.acme, clientId: w.client, connectorId: 'fads', accountId: 'act oneé' } }],
    ['GET', `${BASE}/teams/${w.acme}/connectors/gadw/fields`, { endpoint: 'connectors.fields', method: 'GET', teamId: w.acme, params: { teamId: w.acme, connectorId: 'gadw' } }],
  ];
  for (const [i, [method, path, call]] of requests.entries()) {
    const body = method === 'PUT' ? { role: 'editor' } : undefined;
    const res = await send(handler, method, path, { body, headers: { cookie: 'session=s1' } });
    assert.ok(res.status < 500, `${path}: ${res.text}`);
    assert.equal(seen.length, i + 1, 'authorize called once per request');
    const got = seen[i];
    const { endpoint, method: m, teamId, params, requiredRole, ...rest } = got.call;
    assert.deepEqual({ endpoint, method: m, teamId, params }, call, path);
    assert.equal(requiredRole, roles[endpoint], `${endpoint}: the minimum role`);
    assert.deepEqual(rest, {}, 'no other fields');
    assert.ok(got.request instanceof Request, 'the page\'s Request');
    assert.equal(got.url, `https://dashboard.example${path}`);
    assert.equal(got.method, method);
    assert.equal(got.cookie, 'session=s1', 'authorize can read the page\'s session cookie');
  }
});

test('authorize returning false refuses with 403; what it throws gives 500; both never forwarded', async () => {
  const cases = [
    [false, async () => false], [false, () => false],
    [true, async () => { throw new Error('session store down'); }], [true, () => { throw new TypeError('bad'); }],
    [true, () => Promise.reject(new Error('no'))],
  ];
  for (const [threw, authorize] of cases) {
    const { handler, upstream } = makeProxy({ allow: ['teams.list', 'members.updateRole'], authorize });
    await neverForwarded(upstream, async () => {
      const read1 = await send(handler, 'GET', `${BASE}/teams`);
      const write = await send(handler, 'PUT', `${BASE}/teams/${w.acme}/members/${w.grace}/role`, { body: { role: 'viewer' } });
      for (const [res, name] of [[read1, 'teams.list'], [write, 'members.updateRole']]) {
        if (threw) {
          const e = ownAnswer(res, 500, 'INTERNAL_SERVER_ERROR', `The proxy's authorize() failed for ${name}; the request was not forwarded`);
          assert.ok(!e.message.includes('session store down'), `what authorize threw stays on the server: ${e.message}`);
        } else {
          ownAnswer(res, 403, 'FORBIDDEN', `${name} was refused for this request by the proxy's authorize()`);
        }
      }
    });
  }
});

test('only a resolved `true` forwards: 1, "yes", "true", {}, [true], a thenable of 1 are all 403', async () => {
  for (const value of [1, 'yes', 'true', {}, [true], new Boolean(true), undefined, null]) {
    const { handler, upstream } = makeProxy({ allow: ['teams.list'], authorize: async () => value });
    await neverForwarded(upstream, async () => ownAnswer(await send(handler, 'GET', `${BASE}/teams`), 403, 'FORBIDDEN', 'teams.list was refused for this request by the proxy\'s authorize()'));
  }
  const thenable = makeProxy({ allow: ['teams.list'], authorize: () => Promise.resolve(1) });
  await neverForwarded(thenable.upstream, async () => ownAnswer(await send(thenable.handler, 'GET', `${BASE}/teams`), 403, 'FORBIDDEN'));
  // A plain (not async) function returning true forwards.
  const sync = makeProxy({ allow: ['teams.list'], authorize: () => true });
  sameAnswer(await send(sync.handler, 'GET', `${BASE}/teams`), await direct('GET', '/teams'), 'teams.list');
  assert.equal(sync.upstream.calls.length, 1);
});

test('authorize decides per request: a page session that may read one team and not another', async () => {
  const { handler, upstream } = makeProxy({
    allow: ['teams.get', 'members.list'],
    authorize: async (request, call) => request.headers.get('cookie') === 'session=acme' && call.teamId === w.acme,
  });
  const ok = await send(handler, 'GET', `${BASE}/teams/${w.acme}/members`, { headers: { cookie: 'session=acme' } });
  sameAnswer(ok, await direct('GET', `/teams/${w.acme}/members`), 'members.list');
  await neverForwarded(upstream, async () => {
    ownAnswer(await send(handler, 'GET', `${BASE}/teams/${w.noPlan}`, { headers: { cookie: 'session=acme' } }), 403, 'FORBIDDEN');
    ownAnswer(await send(handler, 'GET', `${BASE}/teams/${w.acme}`, { headers: { cookie: 'session=other' } }), 403, 'FORBIDDEN');
    ownAnswer(await send(handler, 'GET', `${BASE}/teams/${w.acme}`), 403, 'FORBIDDEN');
  });
});
