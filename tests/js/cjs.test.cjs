// `require('tmr-client')` (the CJS entry): same API, same .wasm file, errors recognised across copies.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const tmr = require('tmr-client');

const KEY = 'tmrc_live_cjs';

test('require() gives a working client', async () => {
  const fetch = async () => new Response('{"success":true,"data":[]}', { status: 200 });
  const client = new tmr.TmrClient({ apiKey: KEY, fetch });
  assert.deepEqual(await client.teams.list(), []);
  assert.equal(tmr.requiredRole('teams.rename'), 'owner');
});

test('the ESM and CJS copies share one instance; errors are recognised by either', async () => {
  const esm = await import('tmr-client');
  assert.equal(esm.TmrError, tmr.TmrError, 'the copies of one build share one instance and its exports');
  const client = new tmr.TmrClient({ apiKey: KEY, fetch: async () => new Response('nope', { status: 500 }), maxRetries: 0 });
  const e = await client.teams.list().catch((x) => x);
  assert.ok(e instanceof tmr.TmrError && e instanceof esm.TmrError && e instanceof Error);
  assert.ok(esm.isTmrError(e) && tmr.isTmrError(e));
  assert.equal(e.code, 'INVALID_RESPONSE');
  const fromEsm = (() => { try { new esm.TmrClient({}); } catch (x) { return x; } })();
  assert.ok(tmr.isTmrError(fromEsm) && fromEsm instanceof tmr.TmrError);
});

test('the package resolves to node.cjs and its entries share the one client .wasm file', () => {
  const path = require.resolve('tmr-client');
  assert.match(path, /node\.cjs$/);
  const pkg = require('tmr-client/package.json');
  // One module for the client (ESM and CJS entries alike); the mock's is its own entry's.
  assert.deepEqual(pkg.files.filter((f) => f.endsWith('.wasm')), ['wasm/tmr_client_bg.wasm', 'mock/wasm/tmr_mock_bg.wasm']);
});
