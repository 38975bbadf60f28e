// `require('tmr-client/mock')` (the CJS entry): the same createMockFetch, on the same .wasm file.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { createMockFetch, builtinWorld } = require('tmr-client/mock');
const { TmrClient } = require('tmr-client');

test('require() gives a working createMockFetch', async () => {
  assert.match(require.resolve('tmr-client/mock'), /mock[\\/]node\.cjs$/);
  const mock = createMockFetch({ personas: { owner: 'cjs-key' } });
  const tmr = new TmrClient({ apiKey: 'cjs-key', fetch: mock });
  assert.equal((await tmr.teams.list()).length, 7);
  assert.equal(builtinWorld().tokens.length, 6);
});

test('the ESM and CJS copies are two engines with their own state', async () => {
  const esm = await import('tmr-client/mock');
  assert.notEqual(esm.createMockFetch, createMockFetch);
  const a = createMockFetch();
  const b = esm.createMockFetch();
  await a('http://x/teams', { headers: { authorization: `Bearer ${a.tokens.owner}` } });
  assert.deepEqual(a.stats().requests, { 'teams.list': { owner: 1 } });
  assert.deepEqual(b.stats().requests, {});
});
