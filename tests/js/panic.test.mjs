// A panic inside the WebAssembly instance, provoked through the test-only export of a
// `--features test-hooks` build (target/pkg-test-hooks, made by `scripts/build-pkg.sh
// --test-hooks`; the published package has no such export): every pending call rejects with
// INTERNAL_SDK_ERROR, nothing escapes as an uncaught error, a new TmrClient works on a fresh
// instance, and a client of the panicked instance rejects at once, saying to create a new one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KEY, envelope } from './helpers.mjs';

const build = new URL('../../target/pkg-test-hooks/', import.meta.url);
const entry = await import(new URL('node.mjs', build));
const { internals } = await import(new URL('api.js', build));

const answer = () => new Response(JSON.stringify(envelope([]).body));
const client = (fetch) => new entry.TmrClient({ apiKey: KEY, fetch, rateLimit: false });

async function withEscapes(body) {
  const escaped = [];
  const record = (e) => escaped.push(e);
  process.on('uncaughtException', record);
  process.on('unhandledRejection', record);
  try {
    await body();
    await new Promise((r) => setTimeout(r, 50));
  } finally {
    process.off('uncaughtException', record);
    process.off('unhandledRejection', record);
  }
  assert.deepEqual(escaped, [], 'no uncaught error and no unhandled rejection');
}

test('a panic in a synchronous call: INTERNAL_SDK_ERROR, then a fresh instance', async () => {
  await withEscapes(async () => {
    const old = client(async () => answer());
    assert.deepEqual(await old.teams.list(), []);
    const before = internals.glue();
    const e = (() => { try { before.__testPanic('deliberate', false); } catch (x) { return x; } })();
    assert.ok(e instanceof WebAssembly.RuntimeError, 'the instance trapped');
    assert.notEqual(internals.glue(), before, 'the exports moved to a fresh instance');
    assert.equal(entry.requiredRole('members.remove'), 'owner', 'helpers work');
    assert.deepEqual(await client(async () => answer()).teams.list(), [], 'a new client works');
    const Captured = entry.TmrClient;
    const made = new Captured({ apiKey: KEY, fetch: async () => answer(), rateLimit: false });
    assert.deepEqual(await made.teams.list(), [], 'so does one made by a copy of the class taken before the panic');
    assert.ok(made instanceof entry.TmrClient && old instanceof entry.TmrClient);
    const retired = await old.teams.list().catch((x) => x);
    assert.ok(entry.isTmrError(retired) && retired.code === 'INTERNAL_SDK_ERROR', String(retired));
    assert.match(retired.message, /create a new TmrClient/);
  });
});

test('a panic inside async Rust while calls are in flight rejects each with INTERNAL_SDK_ERROR', async () => {
  await withEscapes(async () => {
    let release;
    const gate = new Promise((r) => { release = r; });
    const glue = internals.glue();
    const waiting = [client(async () => { await gate; return answer(); }).teams.list(), client(async () => { await gate; return answer(); }).platform.plans()];
    // The next Rust task the executor polls panics; both calls are parked on their fetch.
    const panicking = client(async () => { glue.__testPanic('in flight', true); await gate; return answer(); }).users.me();
    const results = await Promise.all([panicking, ...waiting].map((p) => p.then(() => null, (x) => x)));
    release();
    for (const e of results) {
      assert.ok(entry.isTmrError(e) && e.code === 'INTERNAL_SDK_ERROR', String(e));
      assert.match(e.message, /in flight/);
      assert.ok(e instanceof entry.TmrError);
    }
    assert.deepEqual(await client(async () => answer()).teams.list(), [], 'a new client works on the fresh instance');
  });
});
