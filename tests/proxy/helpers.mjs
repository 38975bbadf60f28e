// Shared by the proxy suites: the mock (scripts/with-mock.sh sets TMR_MOCK_URL and the persona
// tokens; `spawnMock` starts a mock of a test's own with other flags), a proxy whose upstream
// fetch counts what it sends, page requests built with `new Request` and handed to the handler
// directly, the same request sent straight to the mock, and the checks the suites repeat.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { before, beforeEach } from 'node:test';
import { createTmrProxy } from 'tmr-client/proxy';

export const MOCK = process.env.TMR_MOCK_URL;
assert.ok(MOCK, 'run through scripts/with-mock.sh (TMR_MOCK_URL is not set)');
/** The basePath every suite mounts the proxy at, and the origin the page's requests name. */
export const BASE = '/api/tmr';
export const ORIGIN = 'https://dashboard.example';
export const PERSONAS = ['owner', 'editor', 'viewer', 'outsider', 'readonly', 'cancelled'];
/** A persona's token as the mock printed it (with-mock.sh's environment, or a spawned mock's). */
export const token = (persona) => {
  const t = process.env[`TMR_TOKEN_${persona.toUpperCase()}`];
  assert.ok(t, `TMR_TOKEN_${persona.toUpperCase()} is set`);
  return t;
};

export async function reset(url = MOCK) {
  const r = await fetch(`${url}/__mock/reset`, { method: 'POST' });
  assert.equal(r.status, 200);
}

export async function stats(url = MOCK) {
  const r = await fetch(`${url}/__mock/stats`);
  assert.equal(r.status, 200);
  return r.json();
}

/** Requests the mock counted (every endpoint, every token). */
export const counted = (s) => Object.values(s.requests).reduce((n, byToken) => n + Object.values(byToken).reduce((a, b) => a + b, 0), 0);

/** A fetch for the proxy's upstream that records each request it sends (`.calls`), then sends it. */
export function countingFetch(inner = (url, init) => fetch(url, init)) {
  const f = (url, init) => {
    f.calls.push({ url: String(url), init });
    return inner(url, init);
  };
  f.calls = [];
  return f;
}

/**
 * A proxy at BASE in front of the mock with the owner's key (no retries, no client-side pacing:
 * the mock's windows are cleared by `reset`), its upstream fetch counting. Options override.
 */
export function makeProxy(options = {}) {
  const upstream = countingFetch();
  const handler = createTmrProxy({
    apiKey: token('owner'), baseUrl: MOCK, basePath: BASE, maxRetries: 0, rateLimit: false, fetch: upstream, ...options,
  });
  assert.equal(typeof handler, 'function', 'createTmrProxy returns the handler');
  return { handler, upstream };
}

const decoder = new TextDecoder();

/** What a Response holds, read once: status, headers, body bytes and text. */
export async function read(response) {
  // Duck-typed: @hono/node-server replaces the global Response with its own class when imported.
  assert.ok(typeof response?.status === 'number' && typeof response.arrayBuffer === 'function' && typeof response.headers?.get === 'function',
    `the handler resolves a Response, not ${Object.prototype.toString.call(response)}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, text: decoder.decode(bytes), json: () => JSON.parse(decoder.decode(bytes)) };
}

/** The Request a page would send to `path` (under ORIGIN); a non-string body is sent as JSON. */
export function pageRequest(method, path, { headers = {}, body } = {}) {
  const init = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
    if (!Object.keys(init.headers).some((k) => k.toLowerCase() === 'content-type')) init.headers['content-type'] = 'application/json';
  }
  return new Request(`${ORIGIN}${path}`, init);
}

/** Hand a page request to the handler; the answer read. */
export async function send(handler, method, path, options) {
  return read(await handler(pageRequest(method, path, options)));
}

/** The same request sent straight to the mock with a persona's token. */
export async function direct(method, path, persona = 'owner', body) {
  const headers = { authorization: `Bearer ${token(persona)}` };
  const init = { method, headers };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  return read(await fetch(`${MOCK}${path}`, init));
}

/** The proxy's answer is the mock's, status and bytes unchanged, and carries no other header. */
export function sameAnswer(proxied, straight, what = '') {
  assert.equal(proxied.status, straight.status, `${what}: status (${proxied.text})`);
  assert.deepEqual(Buffer.from(proxied.bytes), Buffer.from(straight.bytes), `${what}: body bytes\n proxied: ${proxied.text}\n direct:  ${straight.text}`);
  assert.equal(proxied.headers.get('content-type'), straight.headers.get('content-type'), `${what}: content-type`);
  const names = [...proxied.headers.keys()].sort();
  const allowed = ['content-type', 'retry-after', ...Object.keys(HARDENING)];
  assert.deepEqual(names.filter((n) => !allowed.includes(n)), [], `${what}: only content-type and retry-after are passed on`);
  assert.equal(proxied.headers.get('retry-after'), straight.headers.get('retry-after'), `${what}: retry-after`);
  hardened(proxied, what);
}

/** What every answer of the proxy carries: never sniffed, cached or run as a document. */
export const HARDENING = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; sandbox",
  'x-content-type-options': 'nosniff',
};

export function hardened(res, what = '') {
  for (const [name, value] of Object.entries(HARDENING)) assert.equal(res.headers.get(name), value, `${what}: ${name}`);
}

/**
 * The proxy's own answer: `status`, JSON content type, exactly `{ success: false, error: { code,
 * message } }` with this code, and the message (a string or a RegExp) when given.
 */
export function ownAnswer(res, status, code, message) {
  assert.equal(res.status, status, `status ${res.status} ≠ ${status}: ${res.text}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json(;|$)/, 'content-type');
  hardened(res, `${status} ${code}`);
  let body;
  assert.doesNotThrow(() => { body = res.json(); }, `the body is not JSON: ${JSON.stringify(res.text.slice(0, 120))}`);
  assert.deepEqual(Object.keys(body), ['success', 'error'], res.text);
  assert.equal(body.success, false);
  assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message'], res.text);
  assert.equal(body.error.code, code, res.text);
  assert.equal(typeof body.error.message, 'string');
  assert.ok(body.error.message.length > 0, 'a message');
  if (typeof message === 'string') assert.equal(body.error.message, message);
  else if (message instanceof RegExp) assert.match(body.error.message, message);
  return body.error;
}

/** Run `fn`; assert the proxy sent nothing upstream and the mock counted no request meanwhile. */
export async function neverForwarded(upstream, fn, url = MOCK) {
  const before = await stats(url);
  const sent = upstream.calls.length;
  const result = await fn();
  assert.deepEqual(upstream.calls.slice(sent).map((c) => c.url), [], 'nothing went upstream');
  assert.deepEqual(await stats(url), before, 'the mock counted no request');
  return result;
}

/** Assert `fn` throws a TmrError INVALID_ARGUMENT whose message matches `message`. */
export function invalidArgument(fn, message) {
  let e;
  try {
    fn();
  } catch (x) {
    e = x;
  }
  assert.ok(e, 'it throws');
  assert.equal(e.name, 'TmrError', String(e));
  assert.equal(e.code, 'INVALID_ARGUMENT', e.message);
  if (message) assert.match(e.message, message);
  return e;
}

/** Ids of the built-in world, read straight from the mock as the owner. */
export async function world(url = MOCK, ownerToken = token('owner')) {
  const get = async (path) => {
    const r = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${ownerToken}` } });
    assert.equal(r.status, 200, path);
    return (await r.json()).data;
  };
  const teams = await get('/teams');
  const byName = (n) => teams.find((t) => t.name === n).id;
  const acme = byName('Acme Marketing');
  const members = await get(`/teams/${acme}/members`);
  const clients = await get(`/teams/${acme}/clients`);
  const connections = await get(`/teams/${acme}/connections`);
  const gadw = await get(`/teams/${acme}/connectors/gadw/accounts`);
  return {
    teams, acme, noPlan: byName('No Plan Team'), globex: byName('Globex (cancelled)'),
    members, ada: members.find((m) => m.role === 'owner').id, grace: members.find((m) => m.role === 'editor').id,
    clients, client: clients[0].id, connections, connection: connections[0].id, gadw,
  };
}

/**
 * For a test file: the mock reset and the world's ids read (into the object returned) before its
 * tests, and the mock reset before each test.
 */
export function freshWorld() {
  const ids = {};
  before(async () => {
    await reset();
    Object.assign(ids, await world());
  });
  beforeEach(() => reset());
  return ids;
}

/** A uuid no one in the world has (the mock's ids are UUID v7 of a fixed pattern). */
export const NOBODY = '0190ffff-ffff-7fff-8fff-ffffffffffff';

/**
 * A tmr-mock of a test's own (`args` as the binary takes them) on a free loopback port: its URL,
 * its personas' tokens, and `stop()`.
 */
export async function spawnMock(args = []) {
  const bin = `${process.env.CARGO_TARGET_DIR ?? new URL('../../target', import.meta.url).pathname}/mock/tmr-mock`;
  const child = spawn(bin, ['--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let url;
  const tokens = {};
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith('listening on ')) url = line.slice('listening on '.length);
    const m = /^persona (\S+)\s+(\S+)/.exec(line);
    if (m) tokens[m[1]] = m[2];
    if (line.startsWith('outlign-oauth ')) break;
  }
  assert.ok(url, 'the mock started');
  child.stdout.resume();
  return { url, tokens, stop: () => child.kill() };
}
