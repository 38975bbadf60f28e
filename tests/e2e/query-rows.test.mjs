// data.queryRows end to end, on both transports (the server's chunked answer, createMockFetch's
// ReadableStream): the rows runQuery reads, in batches; the role refusal before any row; a
// connection cut mid-answer (`cut=N`) rejects after the rows before it; a stalled answer (`stall=N`)
// ends at the deadline, and a loop left early cancels it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { queryAccountId } from 'tmr-client';
import { as, faulty, refuses, world } from './mock.mjs';

const DENIED = 'You do not have permission to perform this action';

async function setup() {
  const w = await world();
  const editor = as('editor', { rateLimit: false });
  const [account] = await editor.connectors.accounts(w.acme, 'gadw', { status: 'enabled' });
  // 730 days × 3 campaigns × 3 ad groups: 6,570 rows, about 600 KB.
  const query = { accounts: [queryAccountId(account)], dimensions: ['date', 'campaign_name', 'ad_group_name'], metrics: ['clicks', 'cost'],
    dateRange: { startDate: '2024-01-01', endDate: '2025-12-30' } };
  return { w, editor, query };
}

const drain = async (batches) => {
  const sizes = [];
  const rows = [];
  for await (const batch of batches) {
    sizes.push(batch.length);
    rows.push(...batch);
  }
  return { sizes, rows };
};

test('queryRows reads the rows runQuery reads, in batches', async () => {
  const { w, editor, query } = await setup();
  const all = await editor.data.runQuery(w.acme, query);
  assert.equal(all.length, 6570);
  const { sizes, rows } = await drain(editor.data.queryRows(w.acme, query, { batchSize: 1000 }));
  assert.deepEqual(sizes, [1000, 1000, 1000, 1000, 1000, 1000, 570]);
  assert.deepEqual(rows, all);
  await refuses(drain(as('viewer').data.queryRows(w.acme, query)), 'FORBIDDEN', 403, DENIED);
});

test('a connection cut mid-answer rejects after the rows before it', async () => {
  const { w, query } = await setup();
  const cut = as('editor', { rateLimit: false, fetch: faulty('cut=200000') });
  const seen = [];
  await assert.rejects(async () => {
    for await (const batch of cut.data.queryRows(w.acme, query, { batchSize: 500 })) seen.push(batch.length);
  }, (e) => e.code === 'NETWORK_ERROR' && e.endpoint === 'data.runQuery');
  const got = seen.reduce((a, b) => a + b, 0);
  assert.ok(got > 1000 && got < 6570, `rows before the cut: ${got}`);
});

test('a stalled answer ends at the deadline; a loop left early cancels it', async () => {
  const { w, query } = await setup();
  const stalled = as('editor', { rateLimit: false, fetch: faulty('stall=100000') });
  let got = 0;
  await assert.rejects(async () => {
    for await (const batch of stalled.data.queryRows(w.acme, query, { batchSize: 100, timeoutMs: 1500 })) got += batch.length;
  }, (e) => e.code === 'TIMEOUT');
  assert.ok(got > 0, 'rows before the stall');
  const it = stalled.data.queryRows(w.acme, query, { batchSize: 100 });
  for await (const batch of it) {
    assert.equal(batch.length, 100);
    break;
  }
  assert.deepEqual(await it.next(), { value: undefined, done: true });
});
