// The handler mounted on a real port with @hono/node-server's getRequestListener, and pages that
// speak raw HTTP to it (node:http, so the request line is sent as written): the answers are the
// mock's bytes, the page's credentials are not passed on, and what a raw request line can carry
// that a `Request` cannot (a body on a GET, `..` segments, a body streamed in chunks) never
// reaches the mock.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { BASE, MOCK, token, reset, stats, world, makeProxy, direct, read, ownAnswer, neverForwarded } from './helpers.mjs';

let w, server, port, proxy;
before(async () => {
  await reset();
  w = await world();
  proxy = makeProxy({ allow: ['teams.list', 'teams.get', 'users.me', 'connectors.enableAccount', 'data.runQuery'] });
  server = createServer(getRequestListener((req) => proxy.handler(req)));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = server.address().port;
});
after(() => server?.close());
beforeEach(() => reset());

/** A raw HTTP/1.1 request: the path as written, optional body (chunked when `chunks` is given). */
function raw(method, path, { headers = {}, body, chunks } = {}) {
  return new Promise((resolve, reject) => {
    const h = { ...headers };
    if (body !== undefined) h['content-length'] = Buffer.byteLength(body);
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: h }, (res) => {
      const parts = [];
      res.on('data', (c) => parts.push(c));
      res.on('end', () => {
        const bytes = new Uint8Array(Buffer.concat(parts));
        const text = new TextDecoder().decode(bytes);
        resolve({ status: res.statusCode, headers: new Headers(Object.entries(res.headers).map(([k, v]) => [k, String(v)])), bytes, text, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    if (chunks) for (const c of chunks) req.write(c);
    req.end();
  });
}

test('over a real socket: the mock\'s bytes and status; the page\'s Authorization and Cookie are not passed on', async () => {
  const res = await raw('GET', `${BASE}/users/me`, { headers: { authorization: `Bearer ${token('viewer')}`, cookie: 'session=1', 'x-mock-fault': 'status=500' } });
  const straight = await direct('GET', '/users/me', 'owner');
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(Buffer.from(res.bytes), Buffer.from(straight.bytes));
  assert.equal(res.headers.get('content-type'), straight.headers.get('content-type'));
  assert.equal(res.headers.get('set-cookie'), null);
  assert.equal(res.headers.get('access-control-allow-origin'), null, 'the mock\'s CORS headers are not the proxy\'s');
  const teams = await raw('GET', `${BASE}/teams/${w.acme}`);
  assert.deepEqual(Buffer.from(teams.bytes), Buffer.from((await direct('GET', `/teams/${w.acme}`)).bytes));
  assert.deepEqual((await stats()).requests['users.me'], { owner: 2 });
});

test('with @hono/node-server loaded, the proxy\'s own answers keep their bytes, over the socket and in process', async () => {
  // @hono/node-server puts its own Response class in globalThis when imported; that Response keeps
  // the body it is given and reads it only when the answer is written or read, after the handler
  // returned. A body that was a view of memory freed since then arrives damaged.
  const cases = [['/nope', 404, 'NOT_FOUND'], ['/teams/abc', 400, 'BAD_REQUEST'], [`/teams/${w.acme}/members`, 403, 'FORBIDDEN'],
    ['//teams', 400, 'BAD_REQUEST'], [`/teams/${w.acme}%2F`, 400, 'BAD_REQUEST'], ['/teams?x=1', 400, 'BAD_REQUEST']];
  for (let round = 0; round < 3; round++) {
    // In process: every answer made first, then read (as a server reads them: after other requests ran).
    const responses = [];
    for (const [p] of cases) responses.push(await proxy.handler(new Request(`http://127.0.0.1:${port}${BASE}${p}`)));
    for (const [i, [p, status, code]] of cases.entries()) {
      const inProcess = await read(responses[i]);
      ownAnswer(inProcess, status, code);
      const overSocket = await raw('GET', BASE + p);
      ownAnswer(overSocket, status, code);
      assert.equal(Buffer.from(overSocket.bytes).toString('latin1'), Buffer.from(inProcess.bytes).toString('latin1'), `${p}, round ${round}`);
    }
  }
});

test('a body on a GET never goes upstream', async () => {
  const sent = proxy.upstream.calls.length;
  const res = await raw('GET', `${BASE}/teams`, { body: '{"evil":true}', headers: { 'content-type': 'application/json' } });
  // @hono/node-server gives a GET no body (a Request cannot hold one): the proxy sees a plain GET.
  // Either way the proxy answers, the body must not reach the mock.
  if (res.status === 200) {
    assert.deepEqual(Buffer.from(res.bytes), Buffer.from((await direct('GET', '/teams')).bytes));
    const { init } = proxy.upstream.calls[sent];
    assert.ok(init.body === undefined || init.body === null || init.body.length === 0, 'no body upstream');
  } else {
    ownAnswer(res, 400, 'BAD_REQUEST');
    assert.equal(proxy.upstream.calls.length, sent);
  }
});

test('raw `..` and `%2e%2e` segments and a raw NUL escape: refused, or what they resolve to; never outside basePath', async () => {
  await neverForwarded(proxy.upstream, async () => {
    ownAnswer(await raw('GET', `${BASE}/../../__mock/stats`), 404, 'NOT_FOUND');
    ownAnswer(await raw('GET', `${BASE}/%2e%2e/%2e%2e/__mock/reset`), 404, 'NOT_FOUND');
    ownAnswer(await raw('GET', `${BASE}/teams/${w.acme}%2F..%2F..%2Fusers%2Fme`), 400, 'BAD_REQUEST');
    ownAnswer(await raw('GET', `${BASE}/teams/${w.acme}%00`), 400, 'BAD_REQUEST');
    ownAnswer(await raw('GET', `${BASE}//teams`), 400, 'BAD_REQUEST');
    ownAnswer(await raw('POST', `${BASE}/teams/${w.acme}/connectors/gadw/accounts/1000000000/enable`, { body: '{}', headers: { 'content-type': 'application/json' } }), 400, 'BAD_REQUEST');
  });
  // `/api/tmr/teams/../users/me` resolves to users.me, which this proxy allows: the owner's profile.
  const me = await raw('GET', `${BASE}/teams/../users/me`);
  assert.equal(me.status, 200, me.text);
  assert.equal(me.json().data.email, 'ada@acme.example');
  assert.equal(proxy.upstream.calls.at(-1).url, `${MOCK}/users/me`);
});

test('a body streamed in chunks past 1 MiB is 413, never forwarded', async () => {
  const json = JSON.stringify({ accounts: ['gadw_1000000000'] });
  const chunk = ' '.repeat(64 * 1024);
  await neverForwarded(proxy.upstream, async () => {
    const res = await raw('POST', `${BASE}/teams/${w.acme}/data/run-query`, {
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, chunks: [json, ...Array(17).fill(chunk)],
    });
    ownAnswer(res, 413, 'PAYLOAD_TOO_LARGE');
  });
});
