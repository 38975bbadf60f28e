// The streaming half of `make bench` (issue 17's budgets): `data.queryRows` against `data.runQuery`
// on the same run-query answers, in one Node process run with --expose-gc. Prints JSON results.
// Needs TMR_MOCK_URL, TMR_TOKEN_OWNER and TMR_MOCK_PID (the mock's RSS); scripts/bench.sh sets them.
import { readFileSync, writeFileSync } from 'node:fs';
import { ab, median, round, summary } from './stats.mjs';
import { firstByteFetch, probeHop, rowsQuery } from './queries.mjs';

const pkgDir = new URL('../pkg/', import.meta.url);
const { TmrClient } = await import(new URL('node.mjs', pkgDir));
// The package's internals (not an export): the current instance's wasm memory.
const { internals } = await import(new URL('api.js', pkgDir));
const URL_ = process.env.TMR_MOCK_URL;
const KEY = process.env.TMR_TOKEN_OWNER;
const PID = process.env.TMR_MOCK_PID;
const log = (m) => process.stderr.write(`bench: ${m}\n`);
if (!global.gc) throw new Error('run with node --expose-gc');

const sdk = (extra = {}) => new TmrClient({ apiKey: KEY, baseUrl: URL_, rateLimit: false, maxRetries: 0, ...extra });
const client = sdk();
const own = { signal: new AbortController().signal };
const acme = (await client.teams.list()).find((t) => t.name === 'Acme Marketing').id;
const [account] = await client.connectors.accounts(acme, 'gadw');
const query = (rows) => rowsQuery(`gadw_${account.id}`, rows);
const [q1m, q200k] = [query(1_000_000), query(200_000)];
const drain = async (it, onBatch = () => {}) => {
  for await (const rows of it) await onBatch(rows);
  return it;
};
const results = { queries: { q1m, q200k } };

// Memory: heapUsed + external (external includes arrayBuffers and the .wasm's memory, so the
// brief's heap + external + arrayBuffers counts the ArrayBuffers twice; both are reported).
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const settle = async () => {
  for (let i = 0; i < 3; i++) { global.gc(); await sleep(100); }
};
const wasmBytes = () => internals.glue()?.memory?.buffer.byteLength ?? 0;
async function growth(run) {
  await settle();
  const base = process.memoryUsage();
  const wasm0 = wasmBytes();
  const peak = { bytes: 0, literal_bytes: 0, heap: 0, external: 0, array_buffers: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    const d = { heap: m.heapUsed - base.heapUsed, external: m.external - base.external, array_buffers: m.arrayBuffers - base.arrayBuffers };
    peak.literal_bytes = Math.max(peak.literal_bytes, d.heap + d.external + d.array_buffers);
    if (d.heap + d.external > peak.bytes) Object.assign(peak, d, { bytes: d.heap + d.external });
    return peak.bytes;
  };
  const timer = setInterval(sample, 1);
  const t0 = performance.now();
  const out = await run(sample);
  const ms = performance.now() - t0;
  sample();
  clearInterval(timer);
  return { ...out, ms: round(ms), peak, wasm_growth_bytes: wasmBytes() - wasm0, samples_every: '1 ms timer + each batch' };
}

// The mock's memory (kB from /proc/PID/status); its peak reset first where the kernel allows.
const mockStatus = () => {
  if (!PID) return null;
  const s = readFileSync(`/proc/${PID}/status`, 'utf8');
  const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1]);
  return { rss_kb: kb('VmRSS'), hwm_kb: kb('VmHWM') };
};
const resetPeak = () => {
  try { writeFileSync(`/proc/${PID}/clear_refs`, '5'); return true; } catch { return false; }
};

log('stream: warm-up (10,000 rows each way)');
await drain(client.data.queryRows(acme, query(10_000), own));
await client.data.runQuery(acme, query(10_000), own);

log('stream: memory, queryRows on 1,000,000 rows, 3 runs (and the mock’s RSS during the first)');
// One pass over the 1M-row answer; `each(seen)` runs per batch after the memory sample.
// The peak so far at every 100,000 rows: flat memory stops rising after the first steps.
const million = (each = () => {}) => growth(async (sample) => {
  const steps = [];
  let seen = 0;
  const it = await drain(client.data.queryRows(acme, q1m, own), (rows) => {
    const g = sample();
    seen += rows.length;
    each(seen);
    if (seen % 100_000 === 0) steps.push({ rows: seen, peak_bytes: g });
  });
  if (it.rows !== 1_000_000) throw new Error(`1M query gave ${it.rows} rows`);
  return { rows: it.rows, bytes: it.bytes, peak_by_rows: steps };
});
const mock = { before: mockStatus(), peak_reset: PID ? resetPeak() : false };
mock.after_reset = mockStatus();
let mockRssMax = 0;
const runs = [await million((seen) => { if (seen % 10_000 === 0) mockRssMax = Math.max(mockRssMax, mockStatus()?.rss_kb ?? 0); })];
mock.after = mockStatus();
mock.rss_max_sampled_kb = mockRssMax;
results.mock = mock;
// The floor under it: the same answer read with plain fetch and its chunks dropped (no parsing,
// no rows), interleaved with the SDK's runs: what Node itself holds before collecting chunks.
const post = { method: 'POST', headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json', Accept: 'application/json' } };
const plainDrain = () => growth(async (sample) => {
  const reader = (await fetch(`${URL_}/teams/${acme}/data/run-query`, { ...post, body: JSON.stringify(q1m) })).body.getReader();
  let bytes = 0;
  for (let r = await reader.read(); !r.done; r = await reader.read()) { bytes += r.value.length; sample(); }
  return { bytes };
});
const floor = [await plainDrain()];
for (let i = 0; i < 2; i++) { runs.push(await million()); floor.push(await plainDrain()); }
const peaks = (xs) => ({ bytes: median(xs.map((r) => r.peak.bytes)), literal_bytes: median(xs.map((r) => r.peak.literal_bytes)) });
results.memory_stream = { runs, ...peaks(runs), floor: { runs: floor, ...peaks(floor) } };

log('stream: memory kept (a full GC every 100,000 rows of the 1,000,000)');
// Not the budget: what survives a GC mid-answer, i.e. what the iterator itself holds.
const kept = [];
await settle();
const keptBase = process.memoryUsage();
let keptSeen = 0;
await drain(client.data.queryRows(acme, q1m, own), async (rows) => {
  keptSeen += rows.length;
  if (keptSeen % 100_000) return;
  // Two GCs and a pause: ArrayBuffers' memory is given back by a sweeper after the GC.
  global.gc();
  await sleep(10);
  global.gc();
  const m = process.memoryUsage();
  kept.push({ rows: keptSeen, bytes: m.heapUsed + m.external - keptBase.heapUsed - keptBase.external });
});
results.memory_kept = kept;

log('stream: memory, runQuery on 200,000 rows (contrast)');
results.memory_buffered = await growth(async () => {
  const rows = await client.data.runQuery(acme, q200k, own);
  return { rows: rows.length };
});

log('stream: first batch after the first byte (200,000-row answer, batchSize 1000), 21 rounds');
const probe = firstByteFetch();
const probed = sdk({ fetch: probe.fetch });
const first = { after_first_byte_ms: [], first_byte_ms: [], bytes_at_first_batch: [], rows: [], hop_ms: [] };
for (let i = 0; i < 23; i++) {
  probe.reset();
  const t0 = performance.now();
  const it = probed.data.queryRows(acme, q200k, own);
  const { value } = await it.next();
  const t1 = performance.now();
  const [bytes, firstChunk] = [it.bytes, probe.firstChunk];
  await it.return();
  const hop = await probeHop(probe, `${URL_}/teams/${acme}/data/run-query`, { ...post, body: JSON.stringify(q200k) });
  if (i < 2) continue; // warm-up
  first.after_first_byte_ms.push(t1 - firstChunk);
  first.first_byte_ms.push(firstChunk - t0);
  first.bytes_at_first_batch.push(bytes);
  first.rows.push(value.length);
  first.hop_ms.push(hop);
}
results.first_batch = {
  after_first_byte: summary(first.after_first_byte_ms),
  max_ms: round(Math.max(...first.after_first_byte_ms)),
  first_byte_after_call: summary(first.first_byte_ms),
  probe_hop: summary(first.hop_ms),
  bytes_at_first_batch: median(first.bytes_at_first_batch),
  batch_rows: median(first.rows),
};

log('stream: total time, queryRows (all batches) vs runQuery on 200,000 rows, interleaved');
let streamed = 0;
results.total = await ab(
  async () => { streamed = (await drain(client.data.queryRows(acme, q200k, own))).rows; },
  () => client.data.runQuery(acme, q200k, own),
  9,
  1,
);
results.total.rows = streamed;
if (streamed !== 200_000) throw new Error(`200k query gave ${streamed} rows`);

console.log(JSON.stringify(results, null, 2));
