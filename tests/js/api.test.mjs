// The public API through `import 'tmr-client'` (the packed tarball, Node ESM entry).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as tmr from 'tmr-client';
import { TmrClient, TmrError, isTmrError, errorCodes, endpoints } from 'tmr-client';
import { TEAM, USER, CLIENT, KEY, fixtures, recordingFetch, envelope, apiError } from './helpers.mjs';

// One call per endpoint: [method path, args].
const CALLS = {
  'users.me': [], 'users.updateName': ['Ada'], 'users.uploadAvatar': [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 1])],
  'users.deleteAvatar': [], 'users.preferences': [], 'users.updatePreferences': [{ appearance: 'dark' }],
  'teams.list': [], 'teams.get': [TEAM], 'teams.rename': [TEAM, 'Acme'],
  'members.list': [TEAM], 'members.updateRole': [TEAM, USER, 'editor'], 'members.remove': [TEAM, USER],
  'invites.list': [TEAM], 'invites.create': [TEAM, { email: 'a@b.co', role: 'editor' }],
  'connections.list': [TEAM], 'connections.get': [TEAM, USER], 'connections.accounts': [TEAM, USER], 'connections.delete': [TEAM, USER],
  'clients.list': [TEAM], 'clients.get': [TEAM, CLIENT], 'clients.accounts': [TEAM, CLIENT],
  'clients.accountsByConnector': [TEAM, CLIENT, 'fb'], 'clients.linkAccount': [TEAM, CLIENT, 'gadw', '123'],
  'clients.unlinkAccount': [TEAM, CLIENT, 'gadw', '123'],
  'connectors.list': [TEAM], 'connectors.allAccounts': [TEAM, { status: 'all' }], 'connectors.accounts': [TEAM, 'gadw'],
  'connectors.fields': [TEAM, 'gadw', { accountIds: ['gadw_123'] }], 'connectors.enableAccount': [TEAM, 'gadw', '123'],
  'connectors.disableAccount': [TEAM, 'gadw', '123'],
  'data.runQuery': [TEAM, { accounts: ['gadw_123'], metrics: ['cost'] }], 'platform.plans': [],
};

const call = (client, name, args, options) => {
  const [group, method] = name.split('.');
  return client[group][method](...args, options);
};

test('every endpoint resolves with the documented data through the public API', async () => {
  let current;
  const { fetch, calls } = recordingFetch(() => envelope(fixtures[current]));
  const client = new TmrClient({ apiKey: KEY, baseUrl: 'http://127.0.0.1:9', fetch });
  for (const info of endpoints()) {
    current = info.name;
    const data = await call(client, info.name, CALLS[info.name]);
    const sent = calls.at(-1);
    assert.equal(sent.init.method, info.method, info.name);
    assert.ok(sent.url.startsWith('http://127.0.0.1:9/'), sent.url);
    if (info.name === 'connectors.fields') assert.equal(data.dimensions[0].fields[0].description, null);
    else assert.deepEqual(data, fixtures[info.name], info.name);
  }
  assert.equal(calls.length, 32);
});

test('every row of the Rust endpoint table is a method with its arity, and nothing else is', () => {
  const client = new TmrClient({ apiKey: KEY });
  // A row is its method, and its streamed method when it has one (data.queryRows).
  const fromRust = endpoints().flatMap((e) => [`${e.name}/${e.arity}`]
    .concat(e.streamedAs ? [`${e.name.split('.')[0]}.${e.streamedAs}/${e.arity}`] : [])).sort();
  assert.ok(fromRust.includes('data.queryRows/2'));
  const groups = [...new Set(endpoints().map((e) => e.name.split('.')[0]))];
  const fromJs = groups.flatMap((g) => Object.entries(client[g]).filter(([, f]) => typeof f === 'function')
    // `.length` counts the declared parameters: the positional ones, then the per-call options.
    .map(([m, f]) => `${g}.${m}/${f.length - 1}`)).sort();
  assert.deepEqual(fromJs, fromRust);
  assert.equal(client.teams, client.teams, 'groups are made once');
  assert.ok(Object.isFrozen(client.teams));
  assert.ok(client instanceof TmrClient);
  assert.equal(client.withResponse.teams, client.withResponse.teams);
});

test('a method taken off its group still works', async () => {
  const { fetch } = recordingFetch(() => envelope(fixtures['teams.list']));
  const { list } = new TmrClient({ apiKey: KEY, fetch }).teams;
  assert.deepEqual(await list(), fixtures['teams.list']);
});

test('the TypeScript unions equal the Rust lists', () => {
  const require = createRequire(import.meta.url);
  const dts = readFileSync(require.resolve('tmr-client/package.json').replace(/package\.json$/, 'index.d.ts'), 'utf8');
  const union = (name) => {
    const m = dts.match(new RegExp(`export type ${name} =([^;]+);`));
    assert.ok(m, name);
    return [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]).sort();
  };
  assert.deepEqual(union('TmrErrorCode'), [...errorCodes()].sort());
  assert.deepEqual(union('EndpointName'), endpoints().map((e) => e.name).sort());
});

test('errors are TmrErrors and real Errors, for every failure class', async () => {
  const client = (respond, extra = {}) => new TmrClient({ apiKey: KEY, fetch: recordingFetch(respond).fetch, maxRetries: 0, ...extra });
  const cases = [
    ['INVALID_ARGUMENT', undefined, (c) => c.teams.get('abc')],
    ['NOT_FOUND', 404, (c) => c.clients.get(TEAM, CLIENT), () => apiError(404, 'NOT_FOUND', 'Client not found')],
    ['PAYMENT_REQUIRED', 402, (c) => c.members.remove(TEAM, USER), () => apiError(402, 'PAYMENT_REQUIRED', "Your team's plan has been cancelled. Please reactivate your subscription to continue.")],
    ['INVALID_RESPONSE', 200, (c) => c.teams.list(), () => ({ body: '{"success":true' })],
    ['UNKNOWN_API_ERROR', 418, (c) => c.teams.list(), () => apiError(418, 'TEAPOT', 'short and stout')],
    ['NETWORK_ERROR', undefined, (c) => c.teams.list(), () => { throw new TypeError('fetch failed'); }],
  ];
  for (const [code, status, run, respond = () => envelope([])] of cases) {
    const err = await run(client(respond)).then(() => assert.fail(`${code} expected`), (e) => e);
    assert.ok(err instanceof TmrError, code);
    assert.ok(err instanceof Error, code);
    assert.ok(isTmrError(err), code);
    assert.equal(err.name, 'TmrError');
    assert.equal(err.code, code);
    assert.equal(err.status, status, code);
    assert.ok(err.endpoint, code);
    assert.ok(err.stack.includes('TmrError'), 'keeps a stack');
  }
  const e = await client(() => apiError(418, 'TEAPOT', 'short and stout')).teams.list().catch((x) => x);
  assert.equal(e.apiCode, 'TEAPOT');
  assert.equal(e.message, 'short and stout');
});

test('constructor errors are thrown synchronously', () => {
  assert.throws(() => new TmrClient(), (e) => isTmrError(e) && e.code === 'INVALID_ARGUMENT');
  assert.throws(() => new TmrClient({ apiKey: KEY, baseUrl: 'http://api.example.com' }), /https:\/\//);
  assert.throws(() => new TmrClient({ apiKey: KEY, retries: 3 }), /unknown option "retries"/);
});

test('abort and timeout reject with ABORTED and TIMEOUT', async () => {
  const hang = (url, init) => new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
  const client = new TmrClient({ apiKey: KEY, fetch: hang });
  const ctrl = new AbortController();
  const pending = client.teams.list({ signal: ctrl.signal });
  setTimeout(() => ctrl.abort(), 5);
  await assert.rejects(pending, (e) => e.code === 'ABORTED');
  await assert.rejects(client.teams.list({ timeoutMs: 20 }), (e) => e.code === 'TIMEOUT');
});

test('the global fetch is used when none is injected, looked up at call time', async () => {
  const original = globalThis.fetch;
  const { fetch, calls } = recordingFetch(() => envelope(fixtures['platform.plans']));
  try {
    const client = new TmrClient({ apiKey: KEY });
    globalThis.fetch = fetch;
    const plans = await client.platform.plans();
    assert.deepEqual(plans.map((p) => p.key), ['lite', 'basic', 'pro', 'business']);
    // The global fetch gets the Request gloo-net built.
    const [request] = [calls[0].url];
    assert.ok(request instanceof Request);
    assert.equal(request.url, 'https://api.twominutereports.com/v1/tmr/plans');
    assert.equal(request.method, 'GET');
    assert.equal(request.redirect, 'manual');
    assert.equal(request.headers.get('authorization'), `Bearer ${KEY}`);
  } finally {
    globalThis.fetch = original;
  }
});

test('avatars upload from a Blob with its type, or from bytes', async () => {
  const { fetch, calls } = recordingFetch(() => envelope(fixtures['users.me']));
  const client = new TmrClient({ apiKey: KEY, fetch });
  await client.users.uploadAvatar(new Blob([new Uint8Array([1, 2, 3])], { type: 'image/webp' }));
  assert.match(calls[0].init.headers['Content-Type'], /^multipart\/form-data; boundary=/);
  assert.match(Buffer.from(calls[0].init.body).toString('latin1'), /Content-Type: image\/webp/);
  await assert.rejects(client.users.uploadAvatar(new Blob(['text'], { type: 'text/plain' })), /"text\/plain"/);
  await assert.rejects(client.users.uploadAvatar('not a file'), /file must be a Blob/);
  assert.equal(calls.length, 1);
});

test('the key never leaks', async () => {
  const { fetch } = recordingFetch(() => apiError(401, 'UNAUTHORIZED', 'Authentication required'));
  const client = new TmrClient({ apiKey: KEY, fetch });
  for (const text of [String(client), JSON.stringify(client), inspect(client, { showHidden: true, depth: 5 })]) {
    assert.ok(!text.includes(KEY), text);
  }
  const err = await client.users.me().catch((e) => e);
  assert.ok(!inspect(err).includes(KEY) && !JSON.stringify(err).includes(KEY));
  const bad = (() => { try { new TmrClient({ apiKey: `${KEY} ` }); } catch (e) { return e; } })();
  assert.ok(bad && !bad.message.includes(KEY));
});

test('policy helpers work synchronously in Node', () => {
  assert.equal(tmr.requiredRole('data.runQuery'), 'editor');
  assert.equal(tmr.requiredScope('data.runQuery'), 'data:read');
  assert.equal(tmr.roleSatisfies('owner', 'viewer'), true);
  assert.equal(tmr.scopeAllows(['clients:*'], 'clients:delete'), true);
  assert.equal(tmr.scopeAllows(null, 'clients:delete'), true);
  assert.equal(tmr.canCall('editor', ['*:read'], 'invites.list'), false);
  assert.equal(tmr.canCall(null, null, 'platform.plans'), true);
  const members = fixtures['members.list'];
  assert.equal(tmr.wouldLeaveNoOwner(members, members[0].id, 'editor'), true);
  assert.equal(tmr.wouldLeaveNoOwner(members, members[1].id, null), false);
  const h = tmr.planHeadroom(fixtures['teams.get']);
  assert.deepEqual(h.accountsPerConnector.fb, { count: 15, limit: 15, remaining: 0, status: 'reached' });
  assert.equal(tmr.queryAccountId(fixtures['clients.accounts'][1]), 'fb_act_9876543210');
  assert.throws(() => tmr.scopeAllows(['clients:maybe'], 'clients:read'), (e) => isTmrError(e) && /grantedScopes\[0\]/.test(e.message));
  assert.throws(() => tmr.requiredRole('members.nope'), (e) => e instanceof TmrError && e.code === 'INVALID_ARGUMENT');
  assert.doesNotThrow(() => tmr.ready());
});
