// The Node half of `make bench`: the SDK against the physical limit (plain fetch + response.json()
// with the same headers) on the same mock, interleaved A/B in one run. Prints JSON results.
// Run through scripts/bench.sh (mock with the bench world, rate limits off, pacing off).
import { execFileSync } from 'node:child_process';
import { ab, median, round } from './stats.mjs';
import { loadDashboard } from './dashboard.mjs';

const pkgDir = new URL('../pkg/', import.meta.url);
const { TmrClient } = await import(new URL('node.mjs', pkgDir));
const URL_ = process.env.TMR_MOCK_URL;
const KEY = process.env.TMR_TOKEN_OWNER;
const headers = { Authorization: `Bearer ${KEY}`, Accept: 'application/json' };
const sdk = (extra = {}) => new TmrClient({ apiKey: KEY, baseUrl: URL_, rateLimit: false, maxRetries: 0, ...extra });
const limitGet = async (path) => (await (await fetch(`${URL_}${path}`, { headers })).json()).data;
const limitPost = async (path, body) =>
  (await (await fetch(`${URL_}${path}`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).json()).data;
const log = (m) => process.stderr.write(`bench: ${m}\n`);

const client = sdk();
const teams = await client.teams.list();
const acme = teams.find((t) => t.name === 'Acme Marketing').id;
const labs = teams.find((t) => t.name === 'Limit Labs').id;
const [account] = await client.connectors.accounts(acme, 'gadw');
const query = { accounts: [`gadw_${account.id}`], dimensions: ['date', 'campaign_name', 'ad_group_name'], metrics: ['clicks', 'cost'],
  dateRange: { startDate: '1996-06-01', endDate: '2026-08-20' } };
const results = {};

log('small call: teams.get, latency');
// A per-call signal keeps each call on its own request (no coalescing), like the baseline.
const own = { signal: new AbortController().signal };
results.small_call = await ab(() => client.teams.get(acme, own), () => limitGet(`/teams/${acme}`), 2000, 100);

log('small call: CPU per call');
const cpu = async (f, n) => {
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) await f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / n;
};
const cpus = { sdk: [], limit: [] };
for (let round_ = 0; round_ < 6; round_++) {
  cpus.sdk.push(await cpu(() => client.teams.get(acme, own), 500));
  cpus.limit.push(await cpu(() => limitGet(`/teams/${acme}`), 500));
}
results.small_call_cpu = { sdk_us: round(median(cpus.sdk)), limit_us: round(median(cpus.limit)), ratio: median(cpus.sdk) / median(cpus.limit) };

log('throughput: 20,000 GETs at concurrency 64');
async function throughput(call, total = 20_000, concurrency = 64) {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => { while (next++ < total) await call(); }));
  return total / ((performance.now() - t0) / 1000);
}
const tp = { sdk: [], limit: [] };
for (let i = 0; i < 3; i++) {
  tp.sdk.push(await throughput(() => client.teams.get(acme, own)));
  tp.limit.push(await throughput(() => limitGet(`/teams/${acme}`)));
}
results.throughput = { sdk_rps: Math.round(median(tp.sdk)), limit_rps: Math.round(median(tp.limit)), ratio: median(tp.sdk) / median(tp.limit) };

log('large answers: clients.list (10,000) and run-query (100,000 rows)');
const heapPeak = async (f) => {
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().heapUsed); }, 1);
  const value = await f();
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  clearInterval(timer);
  return { bytes: peak - before, size: Array.isArray(value) ? value.length : 0 };
};
results.large_list = await ab(() => client.clients.list(acme, own), () => limitGet(`/teams/${acme}/clients`), 15, 2);
results.large_list.items = (await client.clients.list(acme)).length;
results.large_list.peak_heap = { sdk: await heapPeak(() => client.clients.list(acme, own)), limit: await heapPeak(() => limitGet(`/teams/${acme}/clients`)) };
results.large_query = await ab(() => client.data.runQuery(acme, query, own), () => limitPost(`/teams/${acme}/data/run-query`, query), 7, 1);
results.large_query.rows = (await client.data.runQuery(acme, query)).length;
results.large_query.peak_heap = { sdk: await heapPeak(() => client.data.runQuery(acme, query, own)), limit: await heapPeak(() => limitPost(`/teams/${acme}/data/run-query`, query)) };

log('start-up: module instantiation and first call in fresh processes');
const startup = (code) => {
  const out = [];
  for (let i = 0; i < 7; i++) {
    out.push(JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', code], { env: process.env, encoding: 'utf8' })));
  }
  return out;
};
// The package's import compiles and instantiates the .wasm (synchronously, in node.mjs); the
// instantiation alone is timed in a fresh process with the package's own glue.
const runs = startup(`
  const t0 = performance.now();
  const m = await import(${JSON.stringify(new URL('node.mjs', pkgDir).href)});
  const t1 = performance.now();
  m.requiredRole('teams.get');
  await new m.TmrClient({ apiKey: process.env.TMR_TOKEN_OWNER, baseUrl: process.env.TMR_MOCK_URL, rateLimit: false }).platform.plans();
  const t2 = performance.now();
  console.log(JSON.stringify({ import: t1 - t0, firstCall: t2 - t1 }));`);
const instantiations = startup(`
  const { readFileSync } = await import('node:fs');
  const { createGlue } = await import(${JSON.stringify(new URL('wasm/tmr_client.js', pkgDir).href)});
  const bytes = readFileSync(new URL(${JSON.stringify(new URL('wasm/tmr_client_bg.wasm', pkgDir).href)}));
  const t0 = performance.now();
  createGlue().initSync({ module: new WebAssembly.Module(bytes) });
  console.log(JSON.stringify({ instantiate: performance.now() - t0 }));`);
results.node_startup = {
  import_ms: round(median(runs.map((r) => r.import))),
  instantiate_ms: round(median(instantiations.map((r) => r.instantiate))),
  first_call_ms: round(median(runs.map((r) => r.firstCall))),
};

log('memory: 100,000 calls in one process');
// GC, let finalizers (FinalizationRegistry callbacks that free wasm objects) run, GC again.
const memory = async () => {
  for (let i = 0; i < 3; i++) {
    global.gc?.();
    await new Promise((r) => setTimeout(r, 100));
  }
  return { heap: process.memoryUsage().heapUsed, wasm: tmrMemory() };
};
// The package's internals (not an export of the package): the current instance's memory.
const { internals } = await import(new URL('api.js', pkgDir));
const tmrMemory = () => internals.glue()?.memory?.buffer.byteLength ?? 0;
const mem = {};
const memClient = sdk();
let done = 0;
const batch = async (until) => {
  let next = done;
  await Promise.all(Array.from({ length: 32 }, async () => { while (next < until) { next++; await memClient.teams.get(acme, own); } }));
  done = until;
};
await batch(10_000);
mem.at_10k = await memory();
await batch(100_000);
mem.at_100k = await memory();
mem.growth_bytes = mem.at_100k.heap + mem.at_100k.wasm - (mem.at_10k.heap + mem.at_10k.wasm);
results.memory = mem;

log('request efficiency: one team dashboard with 50 clients');
const stats = async () => (await fetch(`${URL_}/__mock/stats`)).json();
const requests = async () => Object.values((await stats()).requests).flatMap((p) => Object.values(p)).reduce((a, b) => a + b, 0);
const dash = sdk({ cache: { ttlMs: 60_000 } });
let before = await requests();
const loaded = await loadDashboard(dash, labs);
const first = (await requests()) - before;
before = await requests();
await loadDashboard(dash, labs);
const second = (await requests()) - before;
const plain = sdk();
before = await requests();
await loadDashboard(plain, labs);
const uncached = (await requests()) - before;
results.dashboard = { clients: loaded.clients.length, requests: first, cached_requests: second, without_cache: uncached };

console.log(JSON.stringify(results, null, 2));
