// One process, both entries of the package: `import` gets node.mjs, `require` (here standing for a
// CommonJS dependency of the app) gets node.cjs, each with its own copy of the glue. The package
// promises that the copies of one build in one JS realm share one WebAssembly instance: one pacer
// per key (a burst split across the copies never exceeds the key's bucket), one TmrError class
// (and `instanceof` / `isTmrError` across copies either way). Run against a tmr-mock started with
// `--rate-window-scale 0.02` (a minute lasts 1.2 s), with the clients' buckets scaled the same way.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as esm from 'tmr-client';

const require = createRequire(import.meta.url);
const cjs = require('tmr-client');
assert.match(import.meta.resolve('tmr-client'), /\/node\.mjs$/);
assert.match(require.resolve('tmr-client'), /\/node\.cjs$/);

const baseUrl = process.env.TMR_MOCK_URL;
const apiKey = process.env.TMR_TOKEN_OWNER;
const SCALE = 0.02;
const scaled = (requests, seconds) => ({ requests, windowMs: Math.round(seconds * 1000 * SCALE) });
const rateLimit = { default: scaled(120, 60), runQuery: scaled(30, 60), invite: scaled(15, 300), avatar: scaled(10, 300) };
const mock = async (path, method = 'GET') => (await fetch(`${baseUrl}/__mock/${path}`, { method })).json();

// A burst of `n` concurrent reads through each client (own signals: real requests, none shared
// with an identical one in flight); no retries, so a 429 from the mock reaches the caller.
async function burst(clients, n) {
  await mock('reset', 'POST');
  const calls = clients.flatMap((c) => Array.from({ length: n }, () => c.teams.list({ signal: new AbortController().signal })));
  const settled = await Promise.allSettled(calls);
  const failed = settled.filter((r) => r.status === 'rejected').map((r) => r.reason.code);
  return { failed, stats: await mock('stats') };
}

// 1. The copies share the instance: the same exported classes and functions.
assert.equal(cjs.TmrClient, esm.TmrClient, 'one TmrClient for both copies');
assert.equal(cjs.TmrError, esm.TmrError, 'one TmrError for both copies');

// A warm-up (another key, no pacing): at this scale the pacer's margin for the time a request
// takes to reach the server is 60 ms, which a cold process's first burst can overrun.
const warm = new esm.TmrClient({ apiKey: process.env.TMR_TOKEN_VIEWER, baseUrl, rateLimit: false });
await Promise.all(Array.from({ length: 100 }, () => warm.teams.list({ signal: new AbortController().signal })));

// 2. Pacing across copies: 100 + 100 calls, one client per copy, one key; the bucket is 120.
const fromEsm = new esm.TmrClient({ apiKey, baseUrl, rateLimit, maxRetries: 0 });
const fromCjs = new cjs.TmrClient({ apiKey, baseUrl, rateLimit, maxRetries: 0 });
const started = Date.now();
const shared = await burst([fromEsm, fromCjs], 100);
assert.equal(shared.failed.length, 0, `no call may fail (no 429 may reach a caller): ${shared.failed.length} failed, ${[...new Set(shared.failed)]}`);
assert.equal(shared.stats.requests['teams.list'].owner, 200);
assert.ok(shared.stats.maxAdmittedPerWindow.default <= 120, JSON.stringify(shared.stats.maxAdmittedPerWindow));
console.log(`200 calls split across the copies: none failed, at most ${shared.stats.maxAdmittedPerWindow.default} per window, ${Date.now() - started} ms`);

// The control: two pacers apart for the same key (clients with different limits do not share a
// pacer) draw 429s from the same burst, so the check above can fail.
const apart = (invite) => new cjs.TmrClient({ apiKey, baseUrl, maxRetries: 0, rateLimit: { ...rateLimit, invite: scaled(invite, 300) } });
const control = await burst([apart(14), apart(13)], 100);
assert.ok(control.failed.length > 0 && control.failed.every((c) => c === 'TOO_MANY_REQUESTS'), `pacers apart: ${control.failed.length} failed`);
console.log(`control, two pacers apart: ${control.failed.length} of 200 calls drew a 429`);

// 3. Errors across copies, either way round (the control spent the key's window at the mock).
await mock('reset', 'POST');
const forbidden = await new esm.TmrClient({ apiKey: process.env.TMR_TOKEN_VIEWER, baseUrl, maxRetries: 0 })
  .teams.rename((await fromEsm.teams.list())[0].id, 'x').catch((e) => e);
const invalid = (() => { try { new cjs.TmrClient({ apiKey: '' }); } catch (e) { return e; } })();
for (const e of [forbidden, invalid]) {
  assert.ok(e instanceof esm.TmrError && e instanceof cjs.TmrError && e instanceof Error, String(e));
  assert.ok(esm.isTmrError(e) && cjs.isTmrError(e));
}
assert.equal(forbidden.code, 'FORBIDDEN');
assert.equal(invalid.code, 'INVALID_ARGUMENT');
assert.ok(fromCjs instanceof esm.TmrClient && fromEsm instanceof cjs.TmrClient);
console.log('dual: ok');
