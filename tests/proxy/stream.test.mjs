// Run-query answers go on to the page as they arrive: the page reads the first bytes while the
// API is still sending, the key is blanked even when an echo of it is cut across two chunks, a
// page that leaves cancels the upstream body, and a large answer through the proxy reads the same
// rows with queryRows as straight from the mock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TmrClient } from 'tmr-client';
import { BASE, MOCK, freshWorld, makeProxy, pageRequest, token, HARDENING } from './helpers.mjs';

const w = freshWorld();
const KEY = 'tmrc_live_STREAMKEYSTREAMKEYSTREAMKEY00';
const TEAM = '0190f8b0-1a2b-7c3d-8e4f-5a6b7c8d9e0f';
const path = `${BASE}/teams/${TEAM}/data/run-query`;
const query = { accounts: ['gadw_1000000000'], metrics: ['clicks'] };
const bytes = (s) => new TextEncoder().encode(s);

/** An upstream fetch whose body is `chunks`, then stalls until its request is aborted. */
function stalling(chunks) {
  const log = { cancelled: false, aborted: false };
  const fetch = async (url, init) => {
    init.signal.addEventListener('abort', () => { log.aborted = true; });
    let i = 0;
    const body = new ReadableStream({
      pull(c) {
        if (i < chunks.length) return c.enqueue(bytes(chunks[i++]));
        return new Promise((resolve) => init.signal.addEventListener('abort', () => { c.error(init.signal.reason); resolve(); }));
      },
      cancel() { log.cancelled = true; },
    });
    return new Response(body, { headers: { 'content-type': 'application/json' } });
  };
  return { fetch, log };
}

test('the page reads the first bytes while the API is still sending, with the proxy\'s headers', async () => {
  const first = '{"success":true,"data":[{"clicks":1},';
  const { fetch, log } = stalling([first, '{"clicks":2},']);
  const { handler } = makeProxy({ apiKey: KEY, baseUrl: 'https://api.twominutereports.com/v1', fetch, allow: ['data.runQuery'] });
  const res = await handler(pageRequest('POST', path, { body: query }));
  assert.equal(res.status, 200);
  for (const [name, value] of Object.entries(HARDENING)) assert.equal(res.headers.get(name), value, name);
  assert.equal(res.headers.get('content-length'), null, 'no length: the answer is still arriving');
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let seen = '';
  while (!seen.includes('{"clicks":2}')) seen += decoder.decode((await reader.read()).value);
  assert.equal(seen, `${first}{"clicks":2},`);
  // The page leaves: the upstream body is cancelled and its request aborted.
  await reader.cancel();
  assert.ok(log.aborted || log.cancelled, 'upstream stopped');
});

test('the key is blanked in a streamed answer, even cut across chunks', async () => {
  const echo = `{"success":true,"data":[{"note":"${KEY}"}]}`;
  const at = echo.indexOf(KEY) + 7;
  const { handler } = makeProxy({
    apiKey: KEY, baseUrl: 'https://api.twominutereports.com/v1', allow: ['data.runQuery'],
    fetch: async () => new Response(new ReadableStream({
      start(c) { c.enqueue(bytes(echo.slice(0, at))); c.enqueue(bytes(echo.slice(at))); c.close(); },
    })),
  });
  const text = await (await handler(pageRequest('POST', path, { body: query }))).text();
  assert.ok(!text.includes(KEY.slice(0, 12)), text);
  assert.equal(text, echo.replace(KEY, '*'.repeat(KEY.length)));
});

test('chunks with nothing to pass on yet (empty, or the start of the key) do not stall the page', async () => {
  for (const chunks of [['{"success":true,"data":[', '', '{"a":1}]}'], ['{"success":true,"data":[{"a":"', 't', 'x"}]}']]) {
    const { handler } = makeProxy({
      apiKey: KEY, baseUrl: 'https://api.twominutereports.com/v1', allow: ['data.runQuery'], timeoutMs: 60_000,
      fetch: async () => {
        let i = 0;
        return new Response(new ReadableStream({ pull(c) { if (i < chunks.length) c.enqueue(bytes(chunks[i++])); else c.close(); } }));
      },
    });
    const res = await handler(pageRequest('POST', path, { body: query }));
    assert.equal(await res.text(), chunks.join(''));
  }
});

test('a large answer through the proxy: queryRows on the page reads what runQuery reads from the mock', async () => {
  const { handler } = makeProxy({ allow: ['data.runQuery'] });
  // The page's client: keyless, its fetch the proxy's handler (as a page's fetch reaches it).
  const page = new TmrClient({ baseUrl: `http://localhost${BASE}`, fetch: (url, init) => handler(new Request(url, init)), rateLimit: false });
  const straight = new TmrClient({ apiKey: token('owner'), baseUrl: MOCK, rateLimit: false });
  const big = { accounts: [`gadw_${w.gadw[0].id}`], metrics: ['clicks', 'cost'], dimensions: ['date', 'campaign'], dateRange: { startDate: '2024-01-01', endDate: '2025-12-31' } };
  let n = 0;
  const all = [];
  for await (const rows of page.data.queryRows(w.acme, big, { batchSize: 500 })) {
    n += 1;
    all.push(...rows);
  }
  assert.ok(n > 1, `several batches (${n})`);
  assert.deepEqual(all, await straight.data.runQuery(w.acme, big));
});
