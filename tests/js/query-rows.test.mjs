// data.queryRows on the packed package: a `for await` loop over batches of a streamed answer,
// the same rows as runQuery, the loop left early cancelling the body, and (Node) every fetch the
// iteration makes running in the async context queryRows was called in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import { TmrClient, TmrError } from 'tmr-client';
import { KEY, TEAM } from './helpers.mjs';

const query = { accounts: ['gadw_1000000000'], metrics: ['clicks'], dimensions: ['date'] };
const rowsOf = (n) => Array.from({ length: n }, (_, i) => ({ date: `2026-01-${String((i % 28) + 1).padStart(2, '0')}`, clicks: i, name: 'é ☃' }));
const bodyOf = (n) => JSON.stringify({ success: true, data: rowsOf(n) });

/** A fetch whose answer's body comes in `size`-byte chunks; `log.cancelled` when it is cancelled. */
function streaming(text, size, { fail = false } = {}) {
  const log = { calls: 0, cancelled: false };
  const bytes = new TextEncoder().encode(text);
  const fetch = async () => {
    log.calls++;
    let at = 0;
    const body = new ReadableStream({
      pull(c) {
        if (at < bytes.length) {
          c.enqueue(bytes.slice(at, at + size));
          at += size;
        } else if (fail) c.error(new TypeError('terminated'));
        else c.close();
      },
      cancel() { log.cancelled = true; },
    });
    return new Response(body, { headers: { 'content-type': 'application/json' } });
  };
  return { fetch, log };
}

const clientOn = (fetch) => new TmrClient({ apiKey: KEY, fetch, rateLimit: false, maxRetries: 0 });

test('for await gives the rows runQuery gives, in batches of batchSize', async () => {
  const text = bodyOf(2500);
  const { fetch } = streaming(text, 4096);
  const tmr = clientOn(fetch);
  const batches = [];
  for await (const rows of tmr.data.queryRows(TEAM, query, { batchSize: 1000 })) batches.push(rows);
  assert.deepEqual(batches.map((b) => b.length), [1000, 1000, 500]);
  assert.deepEqual(batches.flat(), await clientOn(streaming(text, 4096).fetch).data.runQuery(TEAM, query));
});

test('break cancels the body; the iterator reports rows and bytes so far', async () => {
  const { fetch, log } = streaming(bodyOf(5000), 1024);
  const it = clientOn(fetch).data.queryRows(TEAM, query, { batchSize: 100 });
  for await (const rows of it) {
    assert.equal(rows.length, 100);
    break;
  }
  assert.equal(it.rows, 100);
  assert.ok(it.bytes > 0 && it.bytes < bodyOf(5000).length, `${it.bytes} bytes read of a longer answer`);
  assert.ok(log.cancelled, 'the body was cancelled');
  assert.deepEqual(await it.next(), { value: undefined, done: true });
});

test('a late failure rejects the loop with a TmrError after the batches before it', async () => {
  const text = bodyOf(300);
  const { fetch } = streaming(text.slice(0, text.length / 2), 512, { fail: true });
  const seen = [];
  await assert.rejects(async () => {
    for await (const rows of clientOn(fetch).data.queryRows(TEAM, query, { batchSize: 50 })) seen.push(rows.length);
  }, (e) => e instanceof TmrError && e.code === 'NETWORK_ERROR' && e.endpoint === 'data.runQuery');
  assert.ok(seen.length >= 2 && seen.every((n) => n <= 50), `batches before the failure: ${seen}`);
});

test('every fetch of an iteration runs in the async context queryRows was called in', async () => {
  const als = new AsyncLocalStorage();
  const seen = [];
  const text = bodyOf(200);
  let calls = 0;
  // The first attempt of each iteration fails (a retry happens inside the iteration's first next()).
  const fetch = async (url, init) => {
    calls++;
    const account = JSON.parse(new TextDecoder().decode(init.body)).accounts[0];
    seen.push([als.getStore(), account]);
    if (seen.filter(([, a]) => a === account).length === 1) {
      return new Response('{"success":false,"error":{"code":"SERVICE_UNAVAILABLE","message":"once"}}', { status: 503 });
    }
    return streaming(text, 700).fetch();
  };
  const tmr = new TmrClient({ apiKey: KEY, fetch, rateLimit: false, maxRetries: 1, maxRetryDelayMs: 1 });
  // Made in 8 contexts; iterated later, from outside any of them.
  const iterators = Array.from({ length: 8 }, (_, i) => als.run(i, () => tmr.data.queryRows(TEAM, { ...query, accounts: [`gadw_${i}`] })));
  const counts = await Promise.all(iterators.map(async (it) => {
    let n = 0;
    for await (const rows of it) n += rows.length;
    return n;
  }));
  assert.deepEqual(counts, Array(8).fill(200));
  assert.equal(calls, 16);
  for (const [store, account] of seen) assert.equal(`gadw_${store}`, account, 'each fetch saw its own iteration\'s context');
});
