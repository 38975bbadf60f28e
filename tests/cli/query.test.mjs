// tmr query: run-query's rows in each format, the body built from the flags, flags checked; large
// answers written as they arrive, a cut or interrupted answer keeping the rows before it.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TmrClient } from 'tmr-client';
import { ACME, MOCK, TOKEN, faultProxy, lines, reset, tmr } from './helpers.mjs';

before(reset);
const ACCOUNTS = 'gadw_1000000000,gadw_1007654321';
const RANGE = '2026-01-01..2026-01-02';

test('rows by dimensions then metrics: table, CSV, JSON', async () => {
  const args = ['query', ACME, '--accounts', ACCOUNTS, '--metrics', 'cost,clicks', '--dimensions', 'date,campaign_name', '--range', RANGE];
  const table = await tmr(args);
  assert.equal(table.code, 0, table.stderr);
  assert.equal(table.stdout, lines(
    'date        campaign_name   cost  clicks',
    '2026-01-01  name 1         22.61     450',
    '2026-01-01  name 2         101.5     345',
    '2026-01-01  name 3         68.88       4',
    '2026-01-02  name 1         40.76      79',
    '2026-01-02  name 2         97.71      72',
    '2026-01-02  name 3         55.14     109',
  ));
  assert.equal((await tmr([...args, '--csv'])).stdout, lines(
    'date,campaign_name,cost,clicks',
    '2026-01-01,name 1,22.61,450',
    '2026-01-01,name 2,101.5,345',
    '2026-01-01,name 3,68.88,4',
    '2026-01-02,name 1,40.76,79',
    '2026-01-02,name 2,97.71,72',
    '2026-01-02,name 3,55.14,109',
  ));
  // JSON: exactly what the SDK resolves for the same body.
  const json = JSON.parse((await tmr([...args, '--json'])).stdout);
  const sdk = new TmrClient({ apiKey: TOKEN('owner'), baseUrl: MOCK });
  const body = { accounts: ACCOUNTS.split(','), metrics: ['cost', 'clicks'], dimensions: ['date', 'campaign_name'], dateRange: { startDate: '2026-01-01', endDate: '2026-01-02' } };
  assert.deepEqual(json, await sdk.data.runQuery(ACME, body));
  assert.deepEqual(json[0], { date: '2026-01-01', campaign_name: 'name 1', cost: 22.61, clicks: 450 });
});

test('repeated list flags, no dimensions (one aggregated row), --sort', async () => {
  const one = await tmr(['query', ACME, '--accounts', 'gadw_1000000000', '--metrics', 'cost', '--metrics', 'clicks', '--range', RANGE, '--csv']);
  assert.equal(one.stdout, lines('cost,clicks', '96.9,149'));
  const sorted = await tmr(['query', ACME, '--accounts', ACCOUNTS, '--metrics', 'clicks', '--dimensions', 'date,campaign_name', '--range', RANGE, '--sort', 'clicks:desc', '--csv']);
  assert.deepEqual(sorted.stdout.trim().split('\n').slice(1).map((l) => Number(l.split(',')[2])), [450, 345, 109, 79, 72, 4]);
});

test('a preset range: last_30_days is the 30 days before today (UTC)', async () => {
  const r = await tmr(['query', ACME, '--accounts', 'gadw_1000000000', '--metrics', 'clicks', '--dimensions', 'date', '--range', 'last_30_days', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const rows = JSON.parse(r.stdout);
  const day = (n) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
  assert.deepEqual(rows.map((x) => x.date), Array.from({ length: 30 }, (_, i) => day(30 - i)));
  assert.ok(rows.every((x) => Number.isInteger(x.clicks)));
});

test('bad input names the flag and the value (exit 2)', async () => {
  const cases = [
    [['--accounts', 'gadw_1', '--range', 'last_31_days'], /^error: --range: query\.dateRange must be one of "today", .*; got "last_31_days" \(or a custom range START\.\.END/],
    [['--accounts', 'gadw_1', '--range', '2026-13-01..2026-01-02'], /^error: --range: query\.dateRange\.startDate must be a date "YYYY-MM-DD"; got "2026-13-01"/],
    [['--accounts', 'gadw'], /^error: --accounts: query\.accounts\[0\] must be "<connectorId>_<accountId>" .*; got "gadw"/],
    [['--accounts', ','], /^error: --accounts: query\.accounts must have 1 to 100 entries; got 0/],
    [['--accounts', 'gadw_1', '--sort', 'clicks:up'], /^error: --sort: query\.sort\[0\]\.direction must be one of "asc", "desc"; got "up"/],
    [['--metrics', 'clicks'], /^error: required option '--accounts <ids>' not specified/],
    [['--accounts', 'zz_1'], /^error: BAD_REQUEST \(400\) from data\.runQuery: Invalid account ID: "zz_1"/],
  ];
  for (const [flags, message] of cases) {
    const r = await tmr(['query', ACME, ...flags]);
    assert.equal(r.code, 2, `${flags.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stdout, '');
  }
});

// ---- Large answers, streamed (data.queryRows): rows are written as they arrive.

// The mock's rows (mock/src/engine/rows.rs): a date dimension has one value per day of the range,
// any other dimension three; a query has the product of those counts as rows.
const BIG = { start: '2021-01-01', end: '2025-12-31', dimensions: ['date', 'campaign_name', 'ad_group_name'], metrics: ['cost', 'clicks'] };
const days = (start, end) => (Date.parse(end) - Date.parse(start)) / 86_400_000 + 1;
const BIG_ROWS = days(BIG.start, BIG.end) * 3 ** BIG.dimensions.filter((d) => d !== 'date').length;
const BIG_ARGS = ['query', ACME, '--accounts', ACCOUNTS, '--metrics', BIG.metrics.join(','), '--dimensions', BIG.dimensions.join(','), '--range', `${BIG.start}..${BIG.end}`];
const BIG_BODY = { accounts: ACCOUNTS.split(','), metrics: BIG.metrics, dimensions: BIG.dimensions, dateRange: { startDate: BIG.start, endDate: BIG.end } };
const RUN_QUERY = (req) => req.method === 'POST' && req.url.endsWith('/data/run-query');

/** The mock's whole answer to BIG_BODY as sent, and its rows as the SDK resolves them. */
async function bigAnswer() {
  const res = await fetch(`${MOCK}/teams/${ACME}/data/run-query`, {
    method: 'POST', headers: { authorization: `Bearer ${TOKEN('owner')}`, 'content-type': 'application/json' }, body: JSON.stringify(BIG_BODY),
  });
  assert.equal(res.status, 200);
  const raw = Buffer.from(await res.arrayBuffer());
  const rows = await new TmrClient({ apiKey: TOKEN('owner'), baseUrl: MOCK }).data.runQuery(ACME, BIG_BODY);
  return { raw, rows };
}

/** Rows complete in the answer's first `n` bytes: each is a flat object, so one `}` ends it (the
 * envelope's own `}` is its last byte). */
const rowsWithin = (raw, n) => raw.subarray(0, n).toString('latin1').split('}').length - 1;

const csvLines = (rows) => [BIG.dimensions.concat(BIG.metrics).join(','), ...rows.map((r) => BIG.dimensions.concat(BIG.metrics).map((k) => r[k]).join(','))];

test(`a large answer streams to CSV: ${BIG_ROWS} rows (a day per date × 3 per other dimension), the SDK's rows in order`, async () => {
  const { rows } = await bigAnswer();
  assert.equal(rows.length, BIG_ROWS);
  const r = await tmr([...BIG_ARGS, '--csv']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '', 'no progress when stderr is not a terminal');
  const out = r.stdout.split('\n');
  assert.equal(out.pop(), '', 'ends with a newline');
  assert.equal(out.length, BIG_ROWS + 1, 'the header and one line per row');
  assert.deepEqual(out, csvLines(rows));
  assert.equal(out[1].split(',')[0], BIG.start);
  assert.equal(out.at(-1).split(',')[0], BIG.end);
});

test('--json streams one valid array: the same text as the whole answer printed at once', async () => {
  const { rows } = await bigAnswer();
  const r = await tmr([...BIG_ARGS, '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${JSON.stringify(rows, null, 2)}\n`);
  assert.equal(JSON.parse(r.stdout).length, BIG_ROWS);
});

test('the table waits for the last row (its columns are as wide as their widest cell), then prints them all', async () => {
  const r = await tmr(BIG_ARGS);
  assert.equal(r.code, 0, r.stderr);
  const out = r.stdout.split('\n');
  assert.equal(out.length, BIG_ROWS + 2);
  assert.match(out[0], /^date +campaign_name +ad_group_name +cost +clicks$/);
  assert.equal(new Set(out.slice(0, -1).map((l) => l.length)).size, 1, 'every line padded to the same width');
});

test('--progress counts the rows received on stderr (the last count: every row, the answer\'s size)', async () => {
  const { raw } = await bigAnswer();
  const r = await tmr([...BIG_ARGS, '--csv', '--progress']);
  assert.equal(r.code, 0, r.stderr);
  const counts = r.stderr.split('\n').filter(Boolean);
  assert.equal(counts.at(-1), `query ${new Intl.NumberFormat('en-US').format(BIG_ROWS)} rows (${(raw.length / 1e6).toFixed(1)} MB)`);
  assert.equal(r.stdout.split('\n').length, BIG_ROWS + 2, 'the data is on stdout only');
  const quiet = await tmr([...BIG_ARGS, '--csv', '--no-progress']);
  assert.equal(quiet.stderr, '');
});

test('an answer cut midway: the rows before the cut are written, then the error, with its exit code', async () => {
  const { raw, rows } = await bigAnswer();
  const cut = Math.floor(raw.length / 3);
  const kept = rowsWithin(raw, cut);
  assert.ok(kept > 0 && kept < BIG_ROWS);
  const proxy = await faultProxy(`cut=${cut}`, RUN_QUERY);
  try {
    const env = { TMR_BASE_URL: proxy.url };
    const csv = await tmr([...BIG_ARGS, '--csv'], { env });
    assert.equal(csv.code, 6, csv.stderr);
    assert.match(csv.stderr, /^error: NETWORK_ERROR \(200\) from data\.runQuery: HTTP 200: the answer.s body stopped after \d+ bytes: .+\n$/);
    assert.equal(csv.stdout, `${csvLines(rows.slice(0, kept)).join('\n')}\n`, 'every row read before the cut, and no other');

    const json = await tmr([...BIG_ARGS, '--json'], { env });
    assert.equal(json.code, 6, json.stderr);
    assert.throws(() => JSON.parse(json.stdout), SyntaxError, 'an unclosed array: it cannot pass for the whole answer');
    assert.deepEqual(JSON.parse(`${json.stdout}\n]`), rows.slice(0, kept));
  } finally {
    await proxy.close();
  }
});

test('an answer refused before any row: nothing on stdout, not even the CSV header', async () => {
  const proxy = await faultProxy('status=500', RUN_QUERY);
  try {
    const r = await tmr([...BIG_ARGS, '--csv'], { env: { TMR_BASE_URL: proxy.url } });
    assert.equal(r.code, 8, r.stderr);
    assert.match(r.stderr, /^error: INTERNAL_SERVER_ERROR \(500\) from data\.runQuery: /);
    assert.equal(r.stdout, '');
  } finally {
    await proxy.close();
  }
});

// Bounded by the test's timeout only if it fails: without rows on stdout, nothing interrupts the run.
test('Ctrl-C (SIGINT) while the answer is arriving: the rows written stay, exit 130', { timeout: 60_000 }, async () => {
  const { raw, rows } = await bigAnswer();
  // The mock sends a third of the answer, then nothing more: only Ctrl-C ends the run.
  const sent = Math.floor(raw.length / 3);
  const proxy = await faultProxy(`stall=${sent}`, RUN_QUERY);
  try {
    const r = await tmr([...BIG_ARGS, '--csv'], {
      env: { TMR_BASE_URL: proxy.url },
      onSpawn: (child) => {
        // Interrupted once rows are on stdout: they were written while the answer was still open.
        let seen = '';
        child.stdout.on('data', function first(s) {
          seen += s;
          if (seen.split('\n').length > 2) {
            child.stdout.off('data', first);
            child.kill('SIGINT');
            // Only if the interrupt is lost (the answer is stalled for 10 minutes): a failure, not a hang.
            const lost = setTimeout(() => child.kill('SIGKILL'), 30_000);
            child.once('exit', () => clearTimeout(lost));
          }
        });
      },
    });
    assert.equal(r.code, 130, `exit ${r.code} (${r.signal}): ${r.stderr}`);
    assert.match(r.stderr, /^error: ABORTED from data\.runQuery: /);
    const out = r.stdout.split('\n');
    assert.equal(out.pop(), '', 'whole lines only');
    assert.ok(out.length > 1 && out.length - 1 <= rowsWithin(raw, sent), `${out.length - 1} rows of the ${rowsWithin(raw, sent)} sent`);
    assert.deepEqual(out, csvLines(rows.slice(0, out.length - 1)));
  } finally {
    await proxy.close();
  }
});

test('memory stays flat: the mock\'s largest answers as CSV under a JS heap too small to hold their rows', { timeout: 120_000 }, async () => {
  const dimensions = ['date', 'campaign_name', 'ad_group_name', 'keyword', 'device'];
  const [start, end] = ['2020-01-01', '2025-12-31'];
  const rows = days(start, end) * 3 ** (dimensions.length - 1);
  const body = { accounts: ['gadw_1000000000'], metrics: ['cost', 'clicks'], dimensions, dateRange: { startDate: start, endDate: end } };
  const HEAP = '--max-old-space-size=24';
  // The control: the same answer resolved whole (runQuery) does not fit in that heap.
  const whole = await new Promise((resolve) => {
    const code = `import { TmrClient } from 'tmr-client';
      await new TmrClient({ apiKey: process.env.TMR_API_KEY, baseUrl: process.env.TMR_BASE_URL }).data.runQuery(${JSON.stringify(ACME)}, ${JSON.stringify(body)});`;
    const child = spawn(process.execPath, [HEAP, '--input-type=module', '-e', code], {
      cwd: fileURLToPath(new URL('.', import.meta.url)), env: { PATH: process.env.PATH, TMR_API_KEY: TOKEN('owner'), TMR_BASE_URL: MOCK }, stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s) => { stderr += s; });
    child.on('close', (status) => resolve({ status, stderr }));
  });
  assert.notEqual(whole.status, 0);
  assert.match(whole.stderr, /heap out of memory/);
  // tmr writes each batch and drops it: the same answer passes through that heap.
  const r = await tmr(['query', ACME, '--accounts', body.accounts[0], '--metrics', body.metrics.join(','), '--dimensions', dimensions.join(','),
    '--range', `${start}..${end}`, '--csv'], { env: { NODE_OPTIONS: HEAP } });
  assert.equal(r.code, 0, r.stderr.slice(0, 2000));
  assert.equal(r.stdout.split('\n').length, rows + 2, `${rows} rows, the header and a final newline`);
});
