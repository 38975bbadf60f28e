// The streaming section of bench/REPORT.md (issue 17's budgets) from bench/stream.mjs's results,
// the page's (bench/stream-page.mjs) and node.mjs's `large_query`, against the committed
// bench/report.json and REPORT.md (git HEAD). bench/report.mjs appends it; run alone
// (`node bench/stream-report.mjs STREAM.json BROWSER.json`, scripts/bench.sh --stream-only) it
// prints the section without writing anything.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { round } from './stats.mjs';

const MIB = 2 ** 20;
const BUDGET_BYTES = 32 * MIB;
const mib = (b) => `${round(b / MIB, 1)} MiB`;
const target = (ok) => (ok ? 'met' : '**not met**');
const ms = (s) => `${s.median} ms (p99 ${s.p99}, n=${s.n})`;
const committed = (file) => {
  try {
    return execFileSync('git', ['show', `HEAD:bench/${file}`], { cwd: fileURLToPath(new URL('..', import.meta.url)), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
};

/** The runQuery row of the committed report: its ratio and the two medians (ms). */
export function runQueryBefore() {
  const json = committed('report.json');
  const md = committed('REPORT.md') ?? '';
  const row = /\| `data\.runQuery`, (\d+) rows \| ([\d.]+) ms[^|]*\| ([\d.]+) ms/.exec(md);
  return {
    ratio: json ? JSON.parse(json).large_query_ratio : null,
    rows: row ? Number(row[1]) : null,
    sdk_ms: row ? Number(row[2]) : null,
    limit_ms: row ? Number(row[3]) : null,
  };
}

/** `{ fields, md }`: report.json's fields and the Markdown section. `node` may be null. */
export function streamSection(stream, page, node) {
  const mem = stream.memory_stream;
  const kept = stream.memory_kept.map((k) => k.bytes);
  const fb = stream.first_batch;
  const before = runQueryBefore();
  const after = node?.large_query;
  const mock = stream.mock;
  const fields = {
    stream_memory_growth_bytes: mem.bytes,
    stream_memory_floor_bytes: mem.floor.bytes,
    stream_memory_kept_max_bytes: Math.max(...kept),
    buffered_memory_growth_bytes: stream.memory_buffered.peak.bytes,
    stream_first_batch_ms: fb.after_first_byte.median,
    stream_total_ratio: round(stream.total.ratio),
    large_query_ratio_before: before.ratio,
    mock_hwm_kb_during_1m: mock.after?.hwm_kb ?? null,
    browser_stream_memory_bytes: page?.memory_stream.bytes ?? null,
    browser_stream_first_batch_ms: page?.first_batch.after_first_byte.median ?? null,
    browser_stream_total_ratio: page ? round(page.total.ratio) : null,
  };
  const q = (x) => `\`dimensions: ['date']\`, 3 metrics, ${x.dateRange.startDate} … ${x.dateRange.endDate}`;
  const n = (x) => x.toLocaleString('en-US');
  const runQueryRow = after
    ? `| 4. \`runQuery\` no slower than today (\`large_query\`, ${n(node.large_query.rows)} rows, SDK ÷ \`fetch\` + \`json()\`) | ${round(after.ratio)} (${after.a.median} vs ${after.b.median} ms; SDK − limit ${round(after.a.median - after.b.median, 1)} ms) | committed: ${before.ratio} (${before.sdk_ms} vs ${before.limit_ms} ms; ${before.sdk_ms != null ? round(before.sdk_ms - before.limit_ms, 1) : '?'} ms) | after ÷ before ${round(after.ratio / before.ratio)} | ≤ before + 0.05 (this machine's run-to-run spread): ${target(after.ratio <= before.ratio + 0.05)} |`
    : `| 4. \`runQuery\` no slower than today | not run (--stream-only) | committed: ${before.ratio} | — | — |`;
  const pageRows = !page
    ? '| Chromium | not run | | | |'
    : [
      `| Chromium: \`queryRows\`, ${n(page.memory_stream.rows_seen)} rows, peak \`usedJSHeapSize\` + \`.wasm\` memory growth | ${mib(page.memory_stream.bytes)} (heap ${mib(page.memory_stream.heap_bytes)}, wasm +${mib(page.memory_stream.wasm_growth_bytes)}) | \`runQuery\` ${n(page.memory_buffered.rows_seen)} rows: ${mib(page.memory_buffered.bytes)} (heap ${mib(page.memory_buffered.heap_bytes)}, wasm +${mib(page.memory_buffered.wasm_growth_bytes)}) | ${page.precise_memory ? 'precise' : '**not precise**'} \`performance.memory\`; ArrayBuffers not in it | Node's 32 MiB: ${target(page.memory_stream.bytes <= BUDGET_BYTES)} |`,
      `| Chromium: first batch after the first byte (${n(page.rows)} rows) | ${ms(page.first_batch.after_first_byte)}, max ${page.first_batch.max_ms} ms | probe hop ${page.first_batch.probe_hop.median} ms; ${n(page.first_batch.bytes_at_first_batch)} B read by then | | ≤ 50 ms: ${target(page.first_batch.max_ms <= 50)} |`,
      `| Chromium: total, \`queryRows\` ÷ \`runQuery\` (${n(page.total.rows)} rows) | ${ms(page.total.a)} | ${ms(page.total.b)} | ${round(page.total.ratio)} | ≤ 1.25: ${target(page.total.ratio <= 1.25)} |`,
    ].join('\n');
  const md = `
## Streamed run-query answers (\`data.queryRows\`, issue 17)

\`bench/stream.mjs\` (Node, \`--expose-gc\`, its own process) and \`bench/stream-page.mjs\` (Chromium).
The answers: ${q(stream.queries.q1m)} = ${n(mem.runs[0].rows)} rows (${n(mem.runs[0].bytes)} B), and
${q(stream.queries.q200k)} = ${n(stream.total.rows)} rows (one row per day: 1,000,000 and 200,000 are not
multiples of the 3 values every other dimension has); mock started with \`--max-query-rows 1000000\`.
Memory is the peak of heapUsed + external over the call, sampled every 1 ms and at every batch,
minus the value after a GC before it (external already holds arrayBuffers and the .wasm's memory,
so heap + external + arrayBuffers would count the body's chunks twice; that sum is shown too).
The first byte is seen by a \`fetch\` option that passes the body through a TransformStream
stamping its first chunk; the probe's hop (stamp → a plain reader holding that chunk) is shown.

| measure | measured | contrast | note | budget |
|---|---|---|---|---|
| 1. \`queryRows\`, 1,000,000 rows: memory growth (median of ${mem.runs.length} runs) | ${mib(mem.bytes)} (runs ${mem.runs.map((r) => round(r.peak.bytes / MIB, 1)).join(' / ')}; heap+external+arrayBuffers ${mib(mem.literal_bytes)}) | plain \`fetch\`, body read and dropped: ${mib(mem.floor.bytes)} (runs ${mem.floor.runs.map((r) => round(r.peak.bytes / MIB, 1)).join(' / ')}); SDK over it ${round((mem.bytes - mem.floor.bytes) / MIB, 1)} MiB | kept after a full GC every 100,000 rows: ${kept.map((b) => round(b / MIB, 1)).join(', ')} MiB; .wasm +${mib(Math.max(...mem.runs.map((r) => r.wasm_growth_bytes)))} | ≤ 32 MiB: ${target(mem.bytes <= BUDGET_BYTES)} |
| \`runQuery\`, 200,000 rows: memory growth (contrast) | ${mib(stream.memory_buffered.peak.bytes)} (heap ${mib(stream.memory_buffered.peak.heap)}, external ${mib(stream.memory_buffered.peak.external)}) | | .wasm +${mib(stream.memory_buffered.wasm_growth_bytes)} | — |
| 2. first batch (1,000 rows) after the first byte, 200,000-row answer | ${ms(fb.after_first_byte)}, max ${fb.max_ms} ms | first byte ${fb.first_byte_after_call.median} ms after the call | probe hop ${fb.probe_hop.median} ms (p99 ${fb.probe_hop.p99}); ${n(fb.bytes_at_first_batch)} B read by the first batch | ≤ 50 ms (every run): ${target(fb.max_ms <= 50)} |
| 3. total, \`queryRows\` (all batches) ÷ \`runQuery\`, same 200,000-row answer, interleaved | ${ms(stream.total.a)} | ${ms(stream.total.b)} | ratio ${round(stream.total.ratio)} | ≤ 1.25: ${target(stream.total.ratio <= 1.25)} |
${runQueryRow}
${pageRows}
| the mock's memory serving the 1,000,000 rows (/proc: VmRSS, VmHWM) | VmHWM ${mock.after?.hwm_kb ?? '?'} kB after (peak ${mock.peak_reset ? 'reset' : 'not reset'} before; VmRSS sampled at most ${mock.rss_max_sampled_kb} kB) | before: VmRSS ${mock.before?.rss_kb ?? '?'} kB, VmHWM ${mock.before?.hwm_kb ?? '?'} kB | | — |
`;
  return { fields, md };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [streamFile, browserFile] = process.argv.slice(2);
  const page = browserFile ? JSON.parse(readFileSync(browserFile, 'utf8')).stream : null;
  const { fields, md } = streamSection(JSON.parse(readFileSync(streamFile, 'utf8')), page, null);
  console.log(md);
  console.log(JSON.stringify(fields, null, 2));
}
