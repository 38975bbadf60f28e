// tmr query: run-query's rows in each format, the body built from the flags, flags checked.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { TmrClient } from 'tmr-client';
import { ACME, MOCK, TOKEN, lines, reset, tmr } from './helpers.mjs';

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
