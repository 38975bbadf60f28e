// Merge the Node and browser results and the package sizes into bench/report.json and
// bench/REPORT.md (machine, date, versions, a table).
import { readFileSync, writeFileSync, statSync } from 'node:fs';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { cpus, totalmem } from 'node:os';
import { execSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { round } from './stats.mjs';
import { streamSection } from './stream-report.mjs';

const [nodeFile, browserFile, tarball] = process.argv.slice(2);
const node = JSON.parse(readFileSync(nodeFile, 'utf8'));
const browser = JSON.parse(readFileSync(browserFile, 'utf8'));
// bench/proxy.mjs's results, written by scripts/bench.sh beside node.json.
const { proxy, async_context: context } = JSON.parse(readFileSync(join(dirname(nodeFile), 'proxy.json'), 'utf8'));
// bench/stream.mjs's results (issue 17's budgets), also beside node.json.
const stream = streamSection(JSON.parse(readFileSync(join(dirname(nodeFile), 'stream.json'), 'utf8')), browser.stream, node);
const pkg = new URL('../pkg/', import.meta.url);
const wasm = readFileSync(new URL('wasm/tmr_client_bg.wasm', pkg));
// What a browser loads besides the .wasm: the glue, the loader and error class, the entry.
const glue = ['wasm/tmr_client.js', 'api.js', 'error.js', 'index.js'].map((f) => readFileSync(new URL(f, pkg))).reduce((a, b) => Buffer.concat([a, b]));
const report = {
  small_call_ratio: round(node.small_call.ratio),
  small_call_cpu_ratio: round(node.small_call_cpu.ratio),
  throughput_ratio: round(node.throughput.ratio),
  large_list_ratio: round(node.large_list.ratio),
  large_query_ratio: round(node.large_query.ratio),
  wasm_raw_bytes: wasm.length,
  wasm_gzip_bytes: gzipSync(wasm, { level: 9 }).length,
  wasm_brotli_bytes: brotliCompressSync(wasm).length,
  glue_raw_bytes: glue.length,
  glue_gzip_bytes: gzipSync(glue, { level: 9 }).length,
  tarball_bytes: statSync(tarball).size,
  node_instantiate_ms: node.node_startup.instantiate_ms,
  node_first_call_ms: node.node_startup.first_call_ms,
  browser_instantiate_ms: browser.instantiate_ms,
  browser_small_call_ratio: round(browser.small_call.ratio),
  browser_large_list_ratio: round(browser.large_list.ratio),
  memory_growth_bytes: node.memory.growth_bytes,
  dashboard_requests: node.dashboard.requests,
  dashboard_cached_requests: node.dashboard.cached_requests,
  dashboard_requests_without_cache: node.dashboard.without_cache,
  proxy_http_added_us: proxy.http_added_us,
  proxy_http_ratio: proxy.http_ratio,
  proxy_in_process_added_us: proxy.in_process_added_us,
  proxy_in_process_ratio: proxy.in_process_ratio,
  async_context_added_us: context.plain.mock.added_us,
  async_context_no_io_added_us: context.plain.memory_global.added_us,
  async_context_fetch_option_added_us: context.plain.memory_option.added_us,
  async_context_als_added_us: context.als.memory_global.added_us,
  async_context_capture_run_ns: context.plain.micro.capture_run_ns,
  ...stream.fields,
};
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB`;
const versions = `Node ${process.version}, ${execSync('rustc --version').toString().trim()}, ${execSync('/usr/bin/chromium --version 2>/dev/null || echo chromium ?').toString().trim()}`;
const ms = (s) => `${s.median} ms (p99 ${s.p99})`;
const target = (ok) => (ok ? 'met' : '**not met**');
const us = (x) => `${round(x, 1)} µs`;
const signed = (x) => (round(x, 1) < 0 ? `−${-round(x, 1)}` : `+${round(x, 1)}`);
const plus = (x) => `${signed(x)} µs`;
// An async-context row: per call with the capture and without it (medians), the difference, the
// control's (two arms without: the resolution of this run) and each half's (its stability).
const ctx = (c) => `${us(c.with_us)} | ${us(c.without_us)} | ${plus(c.added_us)} (control ${plus(c.control_us)}; halves ${c.halves_added_us.map(signed).join(' / ')}) | ${round(c.ratio)}`;
const md = `# tmr-client benchmark report

Written by \`make bench\` on ${new Date().toISOString().slice(0, 10)}. Machine: ${machine}. ${versions}.
Every comparison runs A/B interleaved in one process against the same \`tmr-mock\` on loopback
(rate limits and client pacing off). The limit is plain \`fetch\` + \`response.json()\` with the same
headers. Ratios are SDK ÷ limit of medians (times: lower is better; throughput: higher is better).

| measure | SDK | limit | ratio | target |
|---|---|---|---|---|
| small call \`teams.get\` (Node, n=${node.small_call.a.n}) | ${ms(node.small_call.a)} | ${ms(node.small_call.b)} | ${report.small_call_ratio} | ≤ 1.30: ${target(report.small_call_ratio <= 1.3)} |
| CPU per small call (Node) | ${node.small_call_cpu.sdk_us} µs | ${node.small_call_cpu.limit_us} µs | ${report.small_call_cpu_ratio} | — |
| throughput, 20,000 GETs at concurrency 64 | ${node.throughput.sdk_rps} req/s | ${node.throughput.limit_rps} req/s | ${report.throughput_ratio} | ≥ 0.60: ${target(report.throughput_ratio >= 0.6)} |
| \`clients.list\`, ${node.large_list.items} clients | ${ms(node.large_list.a)} | ${ms(node.large_list.b)} | ${report.large_list_ratio} | ≤ 1.5: ${target(report.large_list_ratio <= 1.5)} |
| \`data.runQuery\`, ${node.large_query.rows} rows | ${ms(node.large_query.a)} | ${ms(node.large_query.b)} | ${report.large_query_ratio} | ≤ 1.5: ${target(report.large_query_ratio <= 1.5)} |
| peak heap, \`clients.list\` | ${node.large_list.peak_heap.sdk.bytes} B | ${node.large_list.peak_heap.limit.bytes} B | ${round(node.large_list.peak_heap.sdk.bytes / node.large_list.peak_heap.limit.bytes)} | — |
| peak heap, \`data.runQuery\` | ${node.large_query.peak_heap.sdk.bytes} B | ${node.large_query.peak_heap.limit.bytes} B | ${round(node.large_query.peak_heap.sdk.bytes / node.large_query.peak_heap.limit.bytes)} | — |
| small call (Chromium, n=${browser.small_call.a.n}) | ${ms(browser.small_call.a)} | ${ms(browser.small_call.b)} | ${report.browser_small_call_ratio} | — |
| \`clients.list\` (Chromium) | ${ms(browser.large_list.a)} | ${ms(browser.large_list.b)} | ${report.browser_large_list_ratio} | — |

The proxy (\`createTmrProxy\` from \`tmr-client/proxy\`, \`allow: ['teams.get']\`) against the same plain
\`fetch\` + \`json()\` straight from the mock, three arms interleaved call by call (\`bench/proxy.mjs\`).
The async context: the same \`teams.get\` (cache and pacing off) on the package's instance, which
captures the caller's context (\`new AsyncResource\` per call, \`runInAsyncScope\` around its JS),
and on a second instance of the same glue and \`.wasm\` without the capture, interleaved call by
call, medians; "control" is the difference between two instances without (the resolution of this
run), "halves" the difference in each half of the run.

| measure | measured | baseline | added | ratio | target |
|---|---|---|---|---|---|
| \`teams.get\` through the proxy on a loopback HTTP server (${proxy.adapter} \`getRequestListener\`), n=${proxy.http.n} | ${ms(proxy.http)} | ${ms(proxy.direct)} | ${plus(proxy.http_added_us)} | ${proxy.http_ratio} | — |
| the same, the handler called in process (\`handler(new Request(…))\`, no HTTP hop) | ${ms(proxy.in_process)} | ${ms(proxy.direct)} | ${plus(proxy.in_process_added_us)} | ${proxy.in_process_ratio} | — |
| CPU per forwarded call (this process: page, adapter and proxy; HTTP / in process) | ${us(proxy.cpu.http_us)} / ${us(proxy.cpu.in_process_us)} | ${us(proxy.cpu.direct_us)} | ${plus(proxy.cpu.http_us - proxy.cpu.direct_us)} / ${plus(proxy.cpu.in_process_us - proxy.cpu.direct_us)} | ${round(proxy.cpu.http_us / proxy.cpu.direct_us)} / ${round(proxy.cpu.in_process_us / proxy.cpu.direct_us)} | — |
| async context: \`teams.get\` against the mock, n=${context.plain.mock.n} | ${ctx(context.plain.mock)} | ≤ 2 µs: ${target(report.async_context_added_us <= 2)} |
| async context: the global fetch answering from memory (no I/O), n=${context.plain.memory_global.n} | ${ctx(context.plain.memory_global)} | ≤ 2 µs: ${target(report.async_context_no_io_added_us <= 2)} |
| async context: \`options.fetch\` answering from memory (no I/O) | ${ctx(context.plain.memory_option)} | ≤ 2 µs: ${target(report.async_context_fetch_option_added_us <= 2)} |
| the same two inside \`AsyncLocalStorage.run\` (async hooks on): global fetch | ${ctx(context.als.memory_global)} | — |
| … \`options.fetch\` | ${ctx(context.als.memory_option)} | — |
| \`new AsyncResource()\` + \`runInAsyncScope(f)\` alone (inside \`AsyncLocalStorage.run\`) | ${context.plain.micro.capture_run_ns} ns (${context.als.micro.capture_run_ns} ns) | \`f.call\` ${context.plain.micro.plain_ns} ns (${context.als.micro.plain_ns} ns) | +${context.plain.micro.added_ns} ns (+${context.als.micro.added_ns} ns) | — | — |

| size and start-up | value | target |
|---|---|---|
| \`.wasm\` raw / gzip / brotli | ${report.wasm_raw_bytes} / ${report.wasm_gzip_bytes} / ${report.wasm_brotli_bytes} B | |
| JS glue raw / gzip | ${report.glue_raw_bytes} / ${report.glue_gzip_bytes} B | |
| \`.wasm\` + glue gzip | ${report.wasm_gzip_bytes + report.glue_gzip_bytes} B | ≤ 120 KB: ${target(report.wasm_gzip_bytes + report.glue_gzip_bytes <= 120_000)} |
| package tarball | ${report.tarball_bytes} B | |
| Node: import (compiles and instantiates the .wasm) / first call | ${node.node_startup.import_ms} / ${report.node_first_call_ms} ms | |
| Node: compile + instantiate the .wasm alone | ${report.node_instantiate_ms} ms | ≤ 15 ms: ${target(report.node_instantiate_ms <= 15)} |
| Chromium: import + instantiate | ${report.browser_instantiate_ms} ms | |
| memory after 10k → 100k calls (heap + wasm, after GC) | ${node.memory.at_10k.heap + node.memory.at_10k.wasm} → ${node.memory.at_100k.heap + node.memory.at_100k.wasm} B (growth ${report.memory_growth_bytes} B; wasm ${node.memory.at_10k.wasm} → ${node.memory.at_100k.wasm}) | no growth: ${target(report.memory_growth_bytes <= 1_048_576)} |
| dashboard load, team with ${node.dashboard.clients} clients | ${report.dashboard_requests} requests (${report.dashboard_requests_without_cache} without the cache); again within the TTL: ${report.dashboard_cached_requests} | one per distinct resource, then none |
${stream.md}`;
writeFileSync(new URL('report.json', import.meta.url), JSON.stringify(report, null, 2) + '\n');
writeFileSync(new URL('REPORT.md', import.meta.url), `${md}\n${readFileSync(new URL('findings.md', import.meta.url), 'utf8')}`);
console.log(md);
