// The proxy's key appears in no answer (body or header), no thrown error (message, stack,
// JSON.stringify, cause), no hook event and no log line, over successes, refusals, upstream errors,
// a retry, an unreachable upstream and a timeout, at logLevel 'debug'.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { createTmrProxy } from 'tmr-client/proxy';
import { BASE, MOCK, NOBODY, token, reset, world, countingFetch, pageRequest, read, ownAnswer } from './helpers.mjs';

const KEY = token('owner');
// The key with and without its prefix, and the header that carries it.
const NEEDLES = [KEY, KEY.slice('tmrc_live_'.length), `Bearer ${KEY}`];

let w;
before(async () => {
  await reset();
  w = await world();
});

/** Everything a proxy lets out: log lines of every level, hook events, answers, errors. */
function recorder() {
  const out = { lines: [], events: [], answers: [], errors: [] };
  const line = (level) => (m) => out.lines.push(`${level}: ${m}`);
  out.logger = { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error'), log: line('log') };
  out.hooks = {
    onRequest: (e) => out.events.push(['request', e]),
    onResponse: (e) => out.events.push(['response', e]),
    onRetry: (e) => out.events.push(['retry', e]),
    onRateLimit: (e) => out.events.push(['rateLimit', e]),
  };
  return out;
}

const describeError = (e) => [String(e), e?.message, e?.stack, JSON.stringify(e), inspect(e, { depth: 9, showHidden: true }), e?.cause && inspect(e.cause, { depth: 9 })].join('\n');

function assertNoKey(out, what) {
  const texts = [
    ...out.lines,
    ...out.events.map((e) => JSON.stringify(e)),
    ...out.events.map((e) => inspect(e, { depth: 9 })),
    ...out.answers.flatMap((a) => [String(a.status), a.text, ...[...a.headers].map(([k, v]) => `${k}: ${v}`)]),
    ...out.errors.map(describeError),
  ];
  for (const text of texts) {
    for (const needle of NEEDLES) assert.ok(!String(text).includes(needle), `${what}: the key in ${String(text).slice(0, 300)}`);
  }
  return texts.length;
}

test('the key is in no answer, header, error, hook event or log line', { timeout: 120_000 }, async () => {
  const out = recorder();
  // Upstream: the mock; the first attempt of a marked request gets an injected 500 (then a retry).
  const upstream = countingFetch((url, init) => {
    const again = upstream.calls.filter((c) => c.url === url).length > 1;
    const fault = url.endsWith('/teams') && !again ? { 'x-mock-fault': 'status=500' } : url.endsWith('/tmr/plans') ? { 'x-mock-fault': 'malformed' } : {};
    return fetch(url, { ...init, headers: { ...init.headers, ...fault } });
  });
  const options = { apiKey: KEY, baseUrl: MOCK, basePath: BASE, maxRetries: 1, maxRetryDelayMs: 50, logger: out.logger, logLevel: 'debug', ...out.hooks };
  const handler = createTmrProxy({
    ...options, fetch: upstream,
    allow: ['teams.*', 'members.*', 'connections.*', 'platform.plans', 'users.me', 'invites.create', 'data.runQuery'],
    authorize: async (request, call) => {
      if (request.headers.get('x-test') === 'throw') throw new Error(`authorize failed for ${call.endpoint}`);
      return request.headers.get('x-test') !== 'deny';
    },
  });
  const calls = [
    ['GET', '/teams', {}, 200], // a 500, a retry, then 200
    ['GET', `/teams/${w.acme}`, {}, 200],
    ['GET', '/users/me', { headers: { authorization: `Bearer ${token('viewer')}` } }, 200],
    ['GET', `/teams/${w.acme}/connections/${NOBODY}`, {}, 404],
    ['GET', `/teams/${NOBODY}`, {}, 403],
    ['PUT', `/teams/${w.acme}/members/${w.ada}/role`, { body: { role: 'viewer' } }, 400], // the mock's: last owner
    ['GET', '/tmr/plans', {}, null], // an answer that is not JSON
    ['GET', `/teams/${w.acme}/invites`, {}, 403], // not allowed
    ['GET', `/teams/${w.acme}`, { headers: { 'x-test': 'deny' } }, 403],
    ['GET', `/teams/${w.acme}`, { headers: { 'x-test': 'throw' } }, 500],
    ['GET', `/teams/abc`, {}, 400],
    ['PUT', `/teams/${w.acme}/name`, { body: '{"name":' }, 400],
    ['DELETE', '/teams', {}, 405],
    ['GET', '/nope', {}, 404],
    ['POST', `/teams/${w.noPlan}/members/invite`, { body: { email: 'not-an-email' } }, 400],
    ['POST', `/teams/${w.acme}/data/run-query`, { body: JSON.stringify({ accounts: ['gadw_1000000000'] }) + ' '.repeat(1024 * 1024) }, 413],
  ];
  for (const [method, path, extra, status] of calls) {
    try {
      const answer = await read(await handler(pageRequest(method, BASE + path, extra)));
      out.answers.push(answer);
      if (status !== null) assert.equal(answer.status, status, `${method} ${path}: ${answer.text}`);
    } catch (e) {
      if (e instanceof assert.AssertionError) throw e;
      out.errors.push(e);
    }
  }
  assert.deepEqual(out.errors, [], 'the handler resolves a Response for every page request');
  assert.ok(out.events.some(([k]) => k === 'retry'), 'the injected 500 was retried');

  // Unreachable upstream (a closed port) and an upstream that never answers (a timeout).
  const closed = createTmrProxy({ ...options, baseUrl: 'http://127.0.0.1:1', allow: ['teams.list', 'members.updateRole'] });
  const network = await read(await closed(pageRequest('GET', `${BASE}/teams`)));
  out.answers.push(network);
  ownAnswer(network, 502, 'NETWORK_ERROR');
  const write = await read(await closed(pageRequest('PUT', `${BASE}/teams/${w.acme}/members/${w.grace}/role`, { body: { role: 'viewer' } })));
  out.answers.push(write);
  assert.equal(write.status, 502, write.text);
  const hanging = (url, init) => new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(init.signal.reason ?? new DOMException('aborted', 'AbortError'))));
  const slow = createTmrProxy({ ...options, fetch: hanging, timeoutMs: 100, maxRetries: 0, allow: ['teams.list'] });
  const timeout = await read(await slow(pageRequest('GET', `${BASE}/teams`)));
  out.answers.push(timeout);
  ownAnswer(timeout, 504, 'TIMEOUT');

  // Options refused with the key present; a handler given something that is not a Request.
  for (const bad of [{ allow: ['nope.nope'] }, { basePath: 'x' }, { maxBodyBytes: -5 }]) {
    try {
      createTmrProxy({ ...options, ...bad });
      assert.fail(`${JSON.stringify(bad)} was accepted`);
    } catch (e) {
      if (e instanceof assert.AssertionError) throw e;
      out.errors.push(e);
    }
  }
  assert.equal(out.errors.length, 3);
  for (const notARequest of [undefined, {}, 'https://dashboard.example/api/tmr/teams']) {
    try {
      const r = await handler(notARequest);
      out.answers.push(await read(r));
    } catch (e) {
      out.errors.push(e);
    }
  }

  const checked = assertNoKey(out, 'proxy');
  assert.ok(out.lines.some((l) => l.startsWith('debug: ')), `debug lines were written (${out.lines.length} lines)`);
  assert.ok(checked > 60, `${checked} texts checked`);
  assert.ok(out.answers.length >= 19, `${out.answers.length} answers checked`);
});

test('an upstream fetch whose error names the request (and so the key): the key still reaches no page and no log line', async () => {
  // Fetch wrappers and HTTP libraries often put the request, headers included, in their errors.
  const out = recorder();
  const leaky = createTmrProxy({
    apiKey: KEY, baseUrl: MOCK, basePath: BASE, maxRetries: 0, allow: ['teams.list'], logger: out.logger, logLevel: 'debug', ...out.hooks,
    fetch: async (url, init) => { throw new TypeError(`cannot send ${url} with ${JSON.stringify(init.headers)}`); },
  });
  const answer = await read(await leaky(pageRequest('GET', `${BASE}/teams`)));
  out.answers.push(answer);
  ownAnswer(answer, 502, 'NETWORK_ERROR');
  assertNoKey(out, 'a leaky upstream fetch');
});
