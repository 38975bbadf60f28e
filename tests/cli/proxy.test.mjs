// tmr proxy: the installed bin serving createTmrProxy (tmr-client/proxy) on Hono against tmr-mock,
// on a free port: allowed GETs answered byte for byte as the mock answers them, refused endpoints
// 403, --static files, usage errors, the key in no output and no answer, Ctrl-C → 130.
// Every wait is on an event (the listening line, an answer, the exit), never on a timer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACME, MOCK, NO_PLAN, TOKEN, faultProxy, reset, stats, tmr } from './helpers.mjs';

const OWNER = TOKEN('owner');
const dir = mkdtempSync(join(tmpdir(), 'tmr-proxy-test-'));
const SITE = join(dir, 'site');
const INDEX = '<!doctype html>\n<title>proxy test</title>\n<script type="module" src="./app.js"></script>\n';
const APP = "import { TmrClient } from 'tmr-client';\nconsole.log(new TmrClient({ baseUrl: '/api/tmr' }));\n";

before(async () => {
  await reset();
  mkdirSync(SITE);
  writeFileSync(join(SITE, 'index.html'), INDEX);
  writeFileSync(join(SITE, 'app.js'), APP);
  writeFileSync(join(dir, 'secret.txt'), 'outside the static folder');
});
// A test that fails half-way still stops the proxies it started (their exit is not checked then).
const running = new Set();
after(async () => {
  await Promise.all([...running].map((proxy) => proxy.stop()));
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Start `tmr proxy ARGS` and wait for its listening line.
 * @returns {Promise<{ url: string, line: string, stop: () => Promise<object>, done: Promise<object> }>}
 *   `stop()` sends SIGINT and resolves the run (code, signal, stdout, stderr), as `done` does.
 */
async function startProxy(args, options = {}) {
  let child;
  const done = tmr(['proxy', '--port', '0', ...args], { ...options, onSpawn: (c) => { child = c; } });
  const line = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (s) => {
      out += s;
      const at = out.indexOf('\n');
      if (at >= 0) resolve(out.slice(0, at));
    });
    done.then((r) => reject(new Error(`tmr proxy exited ${r.code} before listening:\n${r.stderr}`)), reject);
  });
  const m = /^tmr proxy: listening on (http:\/\/127\.0\.0\.1:(\d+)) \(/.exec(line);
  assert.ok(m, `the listening line: ${line}`);
  assert.notEqual(m[2], '0', '--port 0: the port picked is printed');
  const proxy = { url: m[1], line, done };
  proxy.stop = () => {
    running.delete(proxy);
    child.kill('SIGINT');
    return done;
  };
  running.add(proxy);
  return proxy;
}

/** The mock's own answer to GET PATH with the owner's key: status, content-type, body bytes. */
async function direct(path) {
  const res = await fetch(MOCK + path, { headers: { authorization: `Bearer ${OWNER}` } });
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}

async function get(url, headers = {}) {
  const res = await fetch(url, { headers });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, type: res.headers.get('content-type'), body, text: body.toString('utf8') };
}

/** A GET with the path sent exactly as written (fetch would normalise `..` away before sending). */
function rawGet(url, path) {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: 'GET' }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.path = path;
    req.on('error', reject).end();
  });
}

/** A message in the API's envelope: `{ success: false, error: { code, message } }`. */
function refusal(answer, status, code) {
  assert.equal(answer.status, status, answer.text);
  assert.match(answer.type, /^application\/json/);
  const body = JSON.parse(answer.text);
  assert.equal(body.success, false);
  assert.equal(body.error.code, code, answer.text);
  return body.error.message;
}

test('allowed GETs through the proxy are the mock\'s answers byte for byte; the page\'s own key and cookies are not forwarded', async () => {
  const proxy = await startProxy(['--allow', 'teams.*,members.list']);
  try {
    assert.equal(proxy.line.slice(proxy.line.indexOf(' (')), ' (API at /api/tmr, allowed: teams.*, members.list)');
    for (const path of ['/teams', `/teams/${ACME}`, `/teams/${ACME}/members`, `/teams/${NO_PLAN}/members`]) {
      const want = await direct(path);
      assert.equal(want.status, 200, path);
      const got = await get(`${proxy.url}/api/tmr${path}`);
      assert.equal(got.status, want.status, path);
      assert.equal(got.type, want.type, path);
      assert.ok(got.body.equals(want.body), `${path}: the same bytes as the mock's answer`);
    }
    // A key the mock refuses, sent by the page, changes nothing: the proxy sends its own.
    const withHeaders = await get(`${proxy.url}/api/tmr/teams`, { authorization: 'Bearer tmrc_live_revoked', cookie: 'session=abc' });
    assert.equal(withHeaders.status, 200);
    assert.ok(withHeaders.body.equals((await direct('/teams')).body));
    // An error of the API is forwarded as the API sent it (a team id the owner has no access to).
    const unknown = '0190f8b0-0002-7fff-8002-000000000000';
    const want = await direct(`/teams/${unknown}`);
    const got = await get(`${proxy.url}/api/tmr/teams/${unknown}`);
    assert.deepEqual([got.status, got.type], [want.status, want.type]);
    assert.ok(got.body.equals(want.body));
    for (const answer of [withHeaders, got]) {
      assert.ok(!answer.text.includes(OWNER), 'the key is in no answer');
      for (const [, value] of answer.headers) assert.ok(!value.includes(OWNER), 'the key is in no answer header');
    }
  } finally {
    const r = await proxy.stop();
    assert.equal(r.code, 130, r.stderr);
  }
});

test('a JSON body (data.runQuery) goes through the adapter, is re-built and answered as the mock answers it', async () => {
  const proxy = await startProxy(['--allow', 'data.runQuery']);
  try {
    const path = `/teams/${ACME}/data/run-query`;
    const body = JSON.stringify({ accounts: ['gadw_1000000000'], metrics: ['cost', 'clicks'], dimensions: ['date'],
      dateRange: { startDate: '2026-01-01', endDate: '2026-01-03' } });
    const post = async (url, headers = {}) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
    };
    const want = await post(MOCK + path, { authorization: `Bearer ${OWNER}` });
    assert.equal(want.status, 200, want.body.toString());
    const got = await post(`${proxy.url}/api/tmr${path}`);
    assert.equal(got.status, 200, got.body.toString());
    assert.ok(got.body.equals(want.body), 'the same bytes as the mock\'s answer');
    // Invalid JSON is the proxy's 400, not sent.
    const bad = await fetch(`${proxy.url}/api/tmr${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"accounts":' });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).error.code, 'BAD_REQUEST');
  } finally {
    assert.equal((await proxy.stop()).code, 130);
  }
});

test('refused: an endpoint --allow leaves out is 403 FORBIDDEN and is never sent; bad input is 400; no route 404', async () => {
  await reset();
  const proxy = await startProxy(['--allow', 'teams.*,members.list']);
  try {
    const before = (await stats()).requests;
    const clients = await get(`${proxy.url}/api/tmr/teams/${ACME}/clients`);
    assert.match(refusal(clients, 403, 'FORBIDDEN'), /clients\.list/);
    const invite = await fetch(`${proxy.url}/api/tmr/teams/${ACME}/members/invite`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'x@example.com' }),
    });
    const inviteText = await invite.text();
    refusal({ status: invite.status, type: invite.headers.get('content-type'), text: inviteText }, 403, 'FORBIDDEN');
    refusal(await get(`${proxy.url}/api/tmr/teams/abc/members`), 400, 'BAD_REQUEST');
    refusal(await get(`${proxy.url}/api/tmr/nothing-here`), 404, 'NOT_FOUND');
    refusal(await get(`${proxy.url}/elsewhere`), 404, 'NOT_FOUND');
    // The mock saw none of them.
    assert.deepEqual((await stats()).requests, before);
  } finally {
    assert.equal((await proxy.stop()).code, 130);
  }
});

/** A GET with its own Host header (fetch would not send one it was given). */
function getWithHost(url, path, host) {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: 'GET', headers: { host } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject).end();
  });
}

test('on loopback it answers only requests addressed to a loopback name (DNS rebinding)', async () => {
  const proxy = await startProxy(['--allow', 'teams.list']);
  try {
    const port = new URL(proxy.url).port;
    for (const host of [`rebound.example:${port}`, 'localhost', `127.0.0.1:${Number(port) + 1}`]) {
      refusal(await getWithHost(proxy.url, '/api/tmr/teams', host), 421, 'MISDIRECTED_REQUEST');
    }
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) {
      assert.equal((await getWithHost(proxy.url, '/api/tmr/teams', host)).status, 200, host);
    }
  } finally {
    assert.equal((await proxy.stop()).code, 130);
  }
});

test('--static serves the folder at / (index.html for /) and nothing outside it; the API beside it', async () => {
  const proxy = await startProxy(['--allow', 'teams.list', '--static', SITE]);
  try {
    for (const path of ['/', '/index.html']) {
      const page = await get(proxy.url + path);
      assert.equal(page.status, 200, path);
      assert.match(page.type, /^text\/html/);
      assert.equal(page.text, INDEX);
    }
    const app = await get(`${proxy.url}/app.js`);
    assert.equal(app.status, 200);
    assert.match(app.type, /^(text|application)\/javascript/);
    assert.equal(app.text, APP);
    assert.equal((await get(`${proxy.url}/missing.js`)).status, 404);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const r = await rawGet(proxy.url, path);
      assert.ok(!r.text.includes('outside the static folder'), `${path}: ${r.status} ${r.text}`);
      assert.notEqual(r.status, 200, path);
    }
    const api = await get(`${proxy.url}/api/tmr/teams`);
    assert.ok(api.body.equals((await direct('/teams')).body));
  } finally {
    assert.equal((await proxy.stop()).code, 130);
  }
});

test('--verbose: one line per API request on stderr (method, path, status, ms); without it, nothing', async () => {
  const proxy = await startProxy(['--allow', 'teams.get', '--verbose', '--base-path', '/tmr', '--static', SITE]);
  await get(`${proxy.url}/tmr/teams/${ACME}`);
  await get(`${proxy.url}/tmr/teams`);
  await get(`${proxy.url}/`);
  const r = await proxy.stop();
  assert.equal(r.code, 130);
  assert.match(proxy.line, /\(API at \/tmr, allowed: teams\.get\)$/);
  const logged = r.stderr.split('\n').filter(Boolean);
  assert.equal(logged.length, 2, r.stderr);
  assert.match(logged[0], new RegExp(`^GET /tmr/teams/${ACME} 200 \\d+ ms$`));
  assert.match(logged[1], /^GET \/tmr\/teams 403 \d+ ms$/);

  const quiet = await startProxy(['--allow', 'teams.get']);
  await get(`${quiet.url}/api/tmr/teams/${ACME}`);
  const q = await quiet.stop();
  assert.deepEqual([q.code, q.stdout, q.stderr], [130, `${quiet.line}\n`, '']);
});

test('usage errors: no --allow, an empty one, unknown names, avatar uploads, a bad port or folder; no key', async () => {
  const fails = async (args, code, message, options) => {
    const r = await tmr(['proxy', ...args], options);
    assert.equal(r.code, code, `tmr proxy ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    assert.equal(r.stdout, '', 'nothing listened');
    assert.match(r.stderr, message);
  };
  await fails([], 2, /^error: tmr proxy needs --allow: /);
  await fails(['--port', '0'], 2, /--allow/);
  await fails(['--allow', ''], 2, /^error: tmr proxy needs --allow/);
  await fails(['--allow', 'teams.nope'], 2, /^error: --allow: allow\[0\] must be an endpoint name .*; got "teams\.nope"\n$/);
  await fails(['--allow', 'teams.list,nothing.*'], 2, /^error: --allow: allow\[1\] names no group of endpoints; got "nothing\.\*"/);
  await fails(['--allow', 'users.uploadAvatar'], 2, /^error: --allow: allow\[0\]: "users\.uploadAvatar" cannot go through the proxy/);
  await fails(['--allow', 'teams.list', '--port', 'http'], 2, /^error: --port must be a whole number from 0 to 65535/);
  await fails(['--allow', 'teams.list', '--port', '70000'], 2, /^error: --port must be/);
  await fails(['--allow', 'teams.list', '--static', join(dir, 'no-such-folder')], 2, /^error: --static: cannot read /);
  await fails(['--allow', 'teams.list', '--static', join(dir, 'secret.txt')], 2, /^error: --static: .* is not a folder/);
  await fails(['--allow', 'teams.list', '--base-path', 'api'], 2, /^error: --base-path: basePath/);
  await fails(['--allow', 'teams.list'], 3, /^error: TMR_API_KEY is not set/, { key: null });
  await fails(['--allow', 'teams.list'], 2, /^error: TMR_BASE_URL: baseUrl must use https:\/\//, { env: { TMR_BASE_URL: 'http://example.com' } });
});

test('--help: the flags, what --allow takes, the exit on Ctrl-C; tmr --help lists the command', async () => {
  const r = await tmr(['proxy', '--help'], { key: null });
  assert.equal(r.code, 0, r.stderr);
  for (const text of ['Usage: tmr proxy [options]', '--allow <endpoints>', '--port <n>', '--host <host>', '--base-path <path>',
    '--static <dir>', '--verbose', "baseUrl: '/api/tmr'", '403 FORBIDDEN', 'teams.*', 'exit code 130', 'TMR_API_KEY holds the key']) {
    assert.ok(r.stdout.includes(text), `${JSON.stringify(text)} in tmr proxy --help:\n${r.stdout}`);
  }
  const all = await tmr(['--help'], { key: null });
  assert.ok(all.stdout.includes('tmr proxy --allow ENDPOINTS [--port N] [--host H] [--base-path P] [--static DIR]'), all.stdout);
});

test('the key is in no output and no answer, whatever the API says of it (a key the API refuses)', async () => {
  const key = 'tmrc_live_PROXYCANARY0000000000000000000';
  // The helper asserts the key is on neither stdout nor stderr of the run.
  const proxy = await startProxy(['--allow', 'teams.*', '--verbose'], { key });
  const answers = [await get(`${proxy.url}/api/tmr/teams`), await get(`${proxy.url}/api/tmr/teams/${ACME}/members`),
    await get(`${proxy.url}/api/tmr/teams/abc`)];
  const r = await proxy.stop();
  assert.equal(r.code, 130);
  assert.equal(answers[0].status, 401, 'the API refused the key; the 401 is forwarded');
  assert.ok(answers[0].body.equals((await fetch(`${MOCK}/teams`, { headers: { authorization: `Bearer ${key}` } }).then((a) => a.arrayBuffer()).then(Buffer.from))));
  for (const answer of answers) {
    assert.ok(!answer.text.includes(key), answer.text);
    for (const [name, value] of answer.headers) assert.ok(!value.includes(key), `header ${name}`);
  }
  assert.equal(r.stderr.split('\n').filter(Boolean).length, 3, r.stderr);
});

test('Ctrl-C (SIGINT) stops it quietly with exit code 130', async () => {
  const proxy = await startProxy(['--allow', 'teams.list']);
  assert.equal((await get(`${proxy.url}/api/tmr/teams`)).status, 200);
  const r = await proxy.stop();
  assert.deepEqual([r.code, r.signal, r.stderr], [130, null, '']);
  assert.equal(r.stdout, `${proxy.line}\n`, 'only the listening line');
});

// Bounded by the test's timeout only if it fails: the API's answer would take 10 minutes.
test('Ctrl-C while a request waits on the API: the call is dropped, the exit is 130 at once', { timeout: 120_000 }, async () => {
  let arrived;
  const upstream = new Promise((resolve) => { arrived = resolve; });
  // Every request through it is held 10 minutes by the mock; its arrival is the cue for Ctrl-C.
  const slow = await faultProxy('latency=600000', () => {
    arrived();
    return true;
  });
  try {
    const proxy = await startProxy(['--allow', 'teams.list'], { env: { TMR_BASE_URL: slow.url } });
    const pending = fetch(`${proxy.url}/api/tmr/teams`).then((res) => res.status, (e) => e);
    await upstream;   // the proxy's request is at the API
    const r = await proxy.stop();
    assert.deepEqual([r.code, r.signal, r.stderr], [130, null, '']);
    const answer = await pending;
    assert.ok(answer instanceof Error || answer >= 500, `the page's request got no answer from the API: ${answer}`);
  } finally {
    await slow.close();
  }
});
