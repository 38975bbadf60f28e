// createMockFetch's streamed answers and row cap: run-query's body arrives as a ReadableStream of
// engine chunks (no content-length); cancelling it, finishing it, or a fault ending it frees the
// engine's side; `cut` and `truncate` fail the read with `TypeError: terminated`, `stall` waits
// for the signal's reason; `maxQueryRows` sets the cap and is checked at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMockFetch, builtinWorld } from 'tmr-client/mock';

// The glue module the entry loaded (the same URL, so the same instance): frees are counted on it.
const glue = await import(new URL('./wasm/tmr_mock.js', import.meta.resolve('tmr-client/mock')));
let freed = 0;
const free = glue.MockBody.prototype.free;
glue.MockBody.prototype.free = function () {
  freed += 1;
  return free.call(this);
};

const ACME = builtinWorld().teams.find((t) => t.name === 'Acme Marketing').id;
const URL_ = `http://x/teams/${ACME}/data/run-query`;

async function setup(options) {
  const mock = createMockFetch(options);
  const auth = { authorization: `Bearer ${mock.tokens.editor}` };
  const accounts = await (await mock(`http://x/teams/${ACME}/connectors/gadw/accounts`, { headers: auth })).json();
  const account = `gadw_${accounts.data[0].id}`;
  // `days` days × 3 campaigns × 3 ad groups.
  const query = (days, extra = {}) => {
    const end = new Date(Date.UTC(2000, 0, days)).toISOString().slice(0, 10);
    return { accounts: [account], dimensions: ['date', 'campaign_name', 'ad_group.name'], metrics: ['clicks', 'cost'], dateRange: { startDate: '2000-01-01', endDate: end }, ...extra };
  };
  const run = (q, fault, signal) =>
    mock(URL_, { method: 'POST', headers: { ...auth, 'content-type': 'application/json', ...(fault ? { 'x-mock-fault': fault } : {}) }, body: JSON.stringify(q), signal });
  return { mock, query, run };
}

/** Every chunk of a body until it ends or fails: { chunks, bytes, error }. */
async function drain(response, { stopAt, then } = {}) {
  const reader = response.body.getReader();
  const chunks = [];
  let size = 0;
  try {
    for (;;) {
      if (stopAt !== undefined && size >= stopAt && then) then();
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch (error) {
    return { chunks, bytes: Buffer.concat(chunks), error };
  }
  return { chunks, bytes: Buffer.concat(chunks), error: null };
}

test('a large answer arrives as several chunks, with no content-length, and frees the engine side at its end', async () => {
  const { run, query } = await setup();
  const before = freed;
  const r = await run(query(1000));
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-length'), null);
  assert.equal(r.headers.get('content-type'), 'application/json');
  const { chunks, bytes, error } = await drain(r);
  assert.equal(error, null);
  assert.ok(chunks.length > 10, `${chunks.length} chunks`);
  assert.ok(chunks.slice(0, -1).every((c) => c instanceof Uint8Array && c.length >= 64 * 1024 && c.length < 65 * 1024));
  const body = JSON.parse(bytes.toString());
  assert.equal(body.success, true);
  assert.equal(body.data.length, 9000);
  assert.deepEqual(Object.keys(body.data[0]), ['date', 'campaign_name', 'ad_group.name', 'clicks', 'cost']);
  assert.equal(freed, before + 1, 'freed once at the end');
  const small = await run(query(1));
  assert.equal((await small.json()).data.length, 9, 'a small answer: one chunk, read as usual');
});

test('cancel() frees the engine stream at once; the mock goes on answering', async () => {
  const { mock, run, query } = await setup();
  for (let i = 0; i < 5; i++) {
    const before = freed;
    // Sorted: the rows are made together on the first read, then dropped with the body.
    const r = await run(query(3000, { sort: [{ fieldId: 'cost', direction: 'desc' }] }));
    const reader = r.body.getReader();
    assert.ok((await reader.read()).value.length >= 64 * 1024);
    await reader.cancel();
    assert.equal(freed, before + 1);
  }
  const after = await run(query(2));
  assert.equal((await after.json()).data.length, 18);
  assert.equal(mock.stats().requests['data.runQuery'].editor, 6);
});

test('a body that will not be read is freed: an abort during a latency fault, an answer fetch refuses, a HEAD', async () => {
  const { mock, run, query } = await setup();
  let before = freed;
  const late = run(query(3000), 'latency=1000', AbortSignal.timeout(50));
  await assert.rejects(late, { name: 'TimeoutError' });
  assert.equal(freed, before + 1, 'a stream waiting out a latency fault is freed by the abort');
  before = freed;
  await assert.rejects(run(query(3), 'status=101; cut=5'), TypeError, 'a status no Response can carry');
  assert.equal(freed, before + 1);
  const head = await mock('http://x/teams', { method: 'HEAD', headers: { 'x-mock-fault': 'cut=3' } });
  assert.equal(head.body, null, 'a HEAD answer has no body');
  assert.equal(freed, before + 2);
});

test('cut=N and truncate: the first bytes, then TypeError: terminated', async () => {
  const { mock, run, query } = await setup();
  const whole = (await drain(await run(query(400)))).bytes;
  const firstChunk = (await drain(await run(query(400)), {})).chunks[0].length;
  for (const [fault, n] of [['cut=10', 10], ['cut=100000', 100000], ['truncate', Math.floor(firstChunk / 2)], ['cut=99999999', whole.length]]) {
    const before = freed;
    const r = await run(query(400), fault);
    assert.equal(r.status, 200, fault);
    assert.equal(r.headers.get('content-length'), null);
    const { bytes, error } = await drain(r);
    assert.ok(error instanceof TypeError, `${fault}: ${error}`);
    assert.equal(error.message, 'terminated');
    assert.match(error.cause.message, /cut the connection/);
    assert.deepEqual(bytes, whole.subarray(0, n), fault);
    assert.equal(freed, before + 1, fault);
  }
  const teams = await mock('http://x/teams', { headers: { authorization: `Bearer ${mock.tokens.owner}`, 'x-mock-fault': 'cut=7' } });
  assert.equal(teams.headers.get('content-length'), null, 'a buffered answer is cut too, streamed');
  const cut = await drain(teams);
  assert.equal(cut.bytes.toString(), '{"succe');
  assert.equal(cut.error.message, 'terminated');
  const both = await run(query(1), 'cut=1; stall=1');
  assert.equal(both.status, 400);
  assert.equal((await both.json()).error.message, 'x-mock-fault: `truncate`, `cut` and `stall` exclude each other');
});

test('stall=N: the first bytes, then nothing until the signal aborts, with its reason', async () => {
  const { run, query } = await setup();
  const whole = (await drain(await run(query(400)))).bytes;
  const ac = new AbortController();
  const before = freed;
  const r = await run(query(400), 'stall=70000', ac.signal);
  const t0 = Date.now();
  const { bytes, error } = await drain(r, { stopAt: 70000, then: () => setTimeout(() => ac.abort(new Error('enough')), 100) });
  assert.ok(Date.now() - t0 >= 90, 'it waited for the abort');
  assert.equal(error.message, 'enough');
  assert.deepEqual(bytes, whole.subarray(0, 70000));
  assert.equal(freed, before + 1);
  const timed = await run(query(400), 'stall=0', AbortSignal.timeout(50));
  assert.equal((await drain(timed)).error.name, 'TimeoutError');
  const cancelled = await run(query(400), 'stall=10');
  const reader = cancelled.body.getReader();
  assert.equal((await reader.read()).value.length, 10);
  const pending = reader.read();
  await reader.cancel();
  assert.deepEqual(await pending, { done: true, value: undefined }, 'cancel ends a stalled read');
});

test('an abort mid-body errors the next read with its reason', async () => {
  const { run, query } = await setup();
  const ac = new AbortController();
  const r = await run(query(1000), undefined, ac.signal);
  const reader = r.body.getReader();
  await reader.read();
  ac.abort(new Error('stop'));
  await assert.rejects(reader.read(), { message: 'stop' });
});

test('maxQueryRows: the cap, kept across reset; the default is 200,000', async () => {
  const { mock, run, query } = await setup({ maxQueryRows: 27 });
  assert.equal((await (await run(query(3))).json()).data.length, 27);
  const over = await run(query(4));
  assert.equal(over.status, 400);
  assert.equal((await over.json()).error.message, 'The query would return more than 27 rows; narrow the date range or dimensions');
  mock.reset();
  assert.equal((await run(query(4))).status, 400, 'kept across reset');
  const dflt = await setup();
  assert.equal((await dflt.run(query(22223))).status, 400, '200,007 rows');
  const fine = await dflt.run(query(22222));
  assert.equal(fine.status, 200, '199,998 rows');
  await fine.body.cancel();
  const big = await setup({ maxQueryRows: 100_000_000 });
  const huge = await big.run(big.query(30000, { dimensions: ['date', 'campaign_name', 'ad_group.name', 'x', 'y'] }));
  assert.equal(huge.status, 200, '2.43 million rows: allowed, and made only as read');
  await huge.body.cancel();
});

test('maxQueryRows: values out of range or not whole numbers refused with a TypeError naming them', () => {
  for (const [bad, shown] of [[0, '0'], [-1, '-1'], [1.5, '1.5'], [100_000_001, '100000001'], ['5', '"5"'], [NaN, 'NaN'], [null, 'null'], [Infinity, 'Infinity'], [[5], 'an array'], [5n, '5n']]) {
    assert.throws(() => createMockFetch({ maxQueryRows: bad }), {
      name: 'TypeError',
      message: `createMockFetch: maxQueryRows must be a whole number from 1 to 100000000 (got ${shown})`,
    });
  }
  assert.equal(typeof createMockFetch({ maxQueryRows: 1 }), 'function');
  assert.equal(typeof createMockFetch({ maxQueryRows: 100_000_000 }), 'function');
  // The binding checks again, for callers of the engine that skip options.js.
  const engine = new glue.MockEngine();
  for (const bad of [0, 0.5, 100_000_001, NaN, Infinity]) {
    assert.throws(() => engine.setMaxQueryRows(bad), { message: 'maxQueryRows takes a whole number from 1 to 100000000' }, String(bad));
  }
  engine.free();
});
