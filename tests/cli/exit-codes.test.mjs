// Exit codes by error class, the message on stderr for each, and the key never printed.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { ACME, UNKNOWN_TEAM, closedPort, faultProxy, reset, tmr } from './helpers.mjs';

before(reset);

/** Run, and check the exit code, an empty stdout and the first line of stderr. */
async function fails(args, code, message, options) {
  const r = await tmr(args, options);
  assert.equal(r.code, code, `tmr ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  assert.equal(r.stdout, '', `nothing on stdout: ${r.stdout}`);
  assert.match(r.stderr, message);
  return r;
}

const viaFault = async (fault, args, code, message) => {
  const proxy = await faultProxy(fault);
  try {
    return await fails(args, code, message, { env: { TMR_BASE_URL: proxy.url } });
  } finally {
    await proxy.close();
  }
};

test('0: success', async () => {
  const r = await tmr(['teams', 'list', '--json']);
  assert.deepEqual([r.code, r.stderr], [0, '']);
});

test('2: a bad flag, a missing argument, a bad id, bad environment values', async () => {
  await fails(['teams', 'list', '--jsn'], 2, /^error: unknown option '--jsn'\n\(Did you mean --json\?\)/);
  await fails(['teams', 'list', '--json', '--csv'], 2, /^error: option '--json' cannot be used with option '--csv'/);
  await fails(['team', 'get'], 2, /^error: missing required argument 'ID'/);
  await fails(['members', 'list', 'abc'], 2, /^error: TEAM: teamId must be a UUID \(8-4-4-4-12 hex digits\); got "abc"\n$/);
  await fails(['team', 'get', 'abc'], 2, /^error: ID: teamId must be a UUID/);
  await fails(['teams', 'list'], 2, /^error: TMR_BASE_URL: baseUrl must use https:\/\/ .*; got "http:\/\/example\.com"/, { env: { TMR_BASE_URL: 'http://example.com' } });
  await fails(['teams', 'list'], 2, /^error: TMR_RATE_WINDOW_SCALE must be a number above 0 and at most 1; got "fast"/, { env: { TMR_RATE_WINDOW_SCALE: 'fast' } });
});

test('3: a revoked key, no key, a malformed key, a role too low', async () => {
  await fails(['teams', 'list'], 3, /^error: UNAUTHORIZED \(401\) from teams\.list: Authentication required\n$/, { key: 'tmrc_live_revoked' });
  await fails(['teams', 'list'], 3, /^error: TMR_API_KEY is not set/, { key: null });
  await fails(['teams', 'list'], 3, /^error: TMR_API_KEY: apiKey must be exactly as issued: .*\(value not shown\)\n$/, { key: 'tmrc_live_with space' });
  await fails(['query', ACME, '--accounts', 'gadw_1000000000'], 3,
    /^error: FORBIDDEN \(403\) from data\.runQuery: You do not have permission to perform this action \(data\.runQuery needs the editor role in the team\)\n$/,
    { persona: 'viewer' });
  await fails(['invites', 'list', ACME], 3, /^error: FORBIDDEN \(403\) from invites\.list: .*needs the owner role/, { persona: 'editor' });
});

test('4: a team id that is not one of yours; a NOT_FOUND from the API', async () => {
  await fails(['team', 'get', UNKNOWN_TEAM], 4, new RegExp(`^error: team ${UNKNOWN_TEAM} is not one of your teams \\(tmr teams list shows them\\)\\n$`));
  await fails(['members', 'list', ACME], 4, new RegExp(`^error: team ${ACME} is not one of your teams`), { persona: 'outsider' });
  await viaFault('status=404', ['clients', 'list', ACME], 4, /^error: NOT_FOUND \(404\) from clients\.list: /);
});

test('5: rate limited past what tmr waits for (a Retry-After of 2 minutes)', async () => {
  await viaFault('status=429; retry-after=120', ['teams', 'list'], 5, /^error: TOO_MANY_REQUESTS \(429\) from teams\.list: .* \(retry after 120 s\)\n$/);
});

test('6: nothing listening at TMR_BASE_URL', async () => {
  await fails(['teams', 'list'], 6, /^error: NETWORK_ERROR from teams\.list: The request got no HTTP answer/, { env: { TMR_BASE_URL: await closedPort() } });
});

test('8: a 500 and an answer that is not JSON', async () => {
  await viaFault('status=500', ['members', 'list', ACME], 8, /^error: INTERNAL_SERVER_ERROR \(500\) from members\.list: /);
  await viaFault('malformed', ['teams', 'list'], 8, /^error: INVALID_RESPONSE \(200\) from teams\.list: /);
});

test('130: Ctrl-C (SIGINT) during a slow call', async () => {
  let child;
  // Interrupted once its request has arrived (so tmr is surely listening for SIGINT).
  const proxy = await faultProxy('latency=20000', () => setTimeout(() => child.kill('SIGINT'), 100));
  try {
    const r = await tmr(['teams', 'list'], { env: { TMR_BASE_URL: proxy.url }, onSpawn: (c) => { child = c; } });
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /^error: ABORTED from teams\.list: /);
  } finally {
    await proxy.close();
  }
});

test('the key never appears in any output: help, errors of every class, data', async () => {
  const key = 'tmrc_live_CANARY7f3a9c0000000000000000000';
  const closed = await closedPort();
  const runs = [
    [['--help']], [['query', '--help']], [['--version']], [['teams', 'list']], [['team', 'get', ACME, '--json']],
    [['members', 'list', 'abc']], [['query', ACME, '--accounts', 'x']], [['teams', 'list', '--bogus']],
    [['invites', 'send', ACME, '--from', '-'], { input: 'email\na@example.com\n' }],
    [['teams', 'list'], { env: { TMR_BASE_URL: closed } }],
    [['teams', 'list'], { env: { TMR_BASE_URL: 'http://example.com' } }],
  ];
  for (const [args, options = {}] of runs) {
    const r = await tmr(args, { key, ...options }); // the helper asserts the key is on neither stream
    assert.notEqual(r.stdout + r.stderr, '');
  }
  // Given as a flag (where it does not belong), it is refused without being repeated.
  for (const flag of [[`--api-key=${key}`], ['--api-key', key], [`--token=${key}`]]) {
    const r = await tmr(['teams', 'list', ...flag], { key: 'tmrc_live_owner_unused_here' });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'error: the API key is read from the TMR_API_KEY environment variable only, never from a flag\n');
    assert.ok(!r.stderr.includes(key));
  }
  const typo = await tmr(['teams', 'list', `--apikye=${key}`]);
  assert.equal(typo.code, 2);
  assert.ok(!typo.stderr.includes(key), typo.stderr);
  assert.match(typo.stderr, /^error: unknown option '--apikye=…'/);
});
