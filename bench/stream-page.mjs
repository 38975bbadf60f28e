// The streaming measures in the page (bench/page.html?mode=stream, run by bench/browser.mjs):
// Node's three (bench/stream.mjs) where Chromium allows. Memory is performance.memory's
// usedJSHeapSize (precise with --enable-precise-memory-info; the JS heap only: ArrayBuffers are not
// in it) plus the growth of the .wasm's memory; window.gc from --js-flags=--expose-gc.
import { ab, median, round, summary } from './stats.mjs';
import { firstByteFetch, probeHop, rowsQuery } from './queries.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function streamBench(m, key, { bigRows = 1_000_000, rows = 200_000 } = {}) {
  const { internals } = await import('/pkg/api.js');
  const wasmBytes = () => internals.glue()?.memory?.buffer.byteLength ?? 0;
  const heap = () => performance.memory?.usedJSHeapSize ?? NaN;
  const sdk = (extra = {}) => new m.TmrClient({ apiKey: key, baseUrl: location.origin, rateLimit: false, maxRetries: 0, ...extra });
  const client = sdk();
  const own = { signal: new AbortController().signal };
  const acme = (await client.teams.list()).find((t) => t.name === 'Acme Marketing').id;
  const [account] = await client.connectors.accounts(acme, 'gadw');
  const [big, q] = [rowsQuery(`gadw_${account.id}`, bigRows), rowsQuery(`gadw_${account.id}`, rows)];
  const drain = async (it) => {
    for await (const batch of it) void batch;
    return it;
  };
  const out = { big_rows: bigRows, rows, gc: typeof window.gc === 'function', precise_memory: false };

  // performance.memory is quantized (to ~100 KB, slowly updated) unless the flag is on: two reads
  // around a 1 MB allocation tell which.
  const h0 = heap();
  const keep = new Array(131_072).fill(0.5);
  out.precise_memory = heap() - h0 > 0 && heap() - h0 < 4_000_000 && keep.length > 0;

  const growth = async (run) => {
    for (let i = 0; i < 3; i++) { window.gc?.(); await sleep(100); }
    const [base, wasm0] = [heap(), wasmBytes()];
    let peak = 0;
    const sample = () => { peak = Math.max(peak, heap() - base); };
    const timer = setInterval(sample, 1);
    const t0 = performance.now();
    const value = await run(sample);
    const ms = performance.now() - t0;
    sample();
    clearInterval(timer);
    const wasm = wasmBytes() - wasm0;
    return { ...value, ms: round(ms), heap_bytes: peak, wasm_growth_bytes: wasm, bytes: peak + wasm };
  };

  await drain(client.data.queryRows(acme, rowsQuery(`gadw_${account.id}`, 10_000), own));
  await client.data.runQuery(acme, rowsQuery(`gadw_${account.id}`, 10_000), own);
  out.memory_stream = await growth(async (sample) => {
    let seen = 0;
    for await (const batch of client.data.queryRows(acme, big, own)) { sample(); seen += batch.length; }
    return { rows_seen: seen };
  });
  out.memory_buffered = await growth(async () => ({ rows_seen: (await client.data.runQuery(acme, q, own)).length }));

  const probe = firstByteFetch();
  const probed = sdk({ fetch: probe.fetch });
  const init = { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(q) };
  const after = [], hops = [], bytes = [];
  for (let i = 0; i < 13; i++) {
    probe.reset();
    const it = probed.data.queryRows(acme, q, own);
    await it.next();
    const [t1, firstChunk] = [performance.now(), probe.firstChunk];
    bytes.push(it.bytes);
    await it.return();
    const hop = await probeHop(probe, `/teams/${acme}/data/run-query`, init);
    if (i < 2) continue;
    after.push(t1 - firstChunk);
    hops.push(hop);
  }
  out.first_batch = { after_first_byte: summary(after), max_ms: round(Math.max(...after)), probe_hop: summary(hops), bytes_at_first_batch: median(bytes) };

  let streamed = 0;
  out.total = await ab(
    async () => { streamed = (await drain(client.data.queryRows(acme, q, own))).rows; },
    () => client.data.runQuery(acme, q, own),
    5,
    1,
  );
  out.total.rows = streamed;
  return out;
}
