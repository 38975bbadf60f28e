// The demo server (www/server/server.mjs) over HTTP, no browser: the site it serves, the personas
// it offers (never a token), the persona cookie as its choice of key, the page's own headers never
// forwarded, the dashboard's allow list, and the command line `make demo` runs. Run as
// scripts/test.sh's dashboard stage does (dashboard-page.mjs).
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { MOCK, SITE, SERVER, EMAIL, demoServerModule } from './dashboard-page.mjs';

let demo, personas;
const sentUpstream = [];
const answers = []; // every answer of the demo server in this file: [url, headers and body as text]

before(async () => {
  const { startDemoServer } = await demoServerModule();
  const recording = (input, init) => {
    const request = new Request(input, init);
    sentUpstream.push({ path: new URL(request.url).pathname, headers: Object.fromEntries(request.headers) });
    return fetch(request);
  };
  demo = await startDemoServer({ site: SITE, mockUrl: MOCK, proxy: { fetch: recording } });
  personas = await (await fetch(`${MOCK}/__mock/personas`)).json();
});
after(() => demo?.close());
beforeEach(async () => {
  assert.equal((await fetch(`${MOCK}/__mock/reset`, { method: 'POST' })).status, 200);
  sentUpstream.length = 0;
});

const token = (name) => personas.find((p) => p.persona === name).token;
/** A request to the demo server: `{ status, type, text, json }` (recorded for the leak check). */
async function call(path, { persona, headers = {}, ...init } = {}) {
  if (persona) headers.cookie = `demo-persona=${persona}`;
  const res = await fetch(`${demo.url}${path}`, { ...init, headers });
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.toString('latin1');
  answers.push([path, JSON.stringify([...res.headers]), text]);
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, type, allow: res.headers.get('allow'), text, json: type.includes('json') ? JSON.parse(bytes.toString('utf8')) : undefined };
}
const stats = async () => (await fetch(`${MOCK}/__mock/stats`)).json();
const acme = async () => (await call('/api/tmr/teams')).json.data.find((t) => t.name === 'Acme Marketing').id;

test('the site: the dashboard, its modules and the package\'s .wasm; the server\'s own files are not served', async () => {
  const index = await call('/');
  assert.equal(index.status, 200);
  assert.match(index.type, /^text\/html/);
  assert.match(index.text, /<script type="module" src="app\.js">/);
  assert.doesNotMatch(index.text, /api-key|Remember key/, 'no key field');
  const app = await call('/app.js');
  assert.match(app.type, /javascript/);
  assert.match(app.text, /new TmrClient\(\{ baseUrl: BASE_URL \}\)/);
  assert.match(app.text, /const BASE_URL = '\/api\/tmr';/);
  const wasm = await call('/pkg/wasm/tmr_client_bg.wasm');
  assert.equal(wasm.status, 200);
  assert.equal(wasm.type, 'application/wasm');
  for (const path of ['/server/server.mjs', '/server/package.json', '/server/node_modules/hono/package.json']) {
    assert.equal((await call(path)).status, 404, `${path} is not part of the site`);
  }
});

test('GET /demo/personas: the mock\'s personas and scopes, never a token', async () => {
  const { status, json } = await call('/demo/personas');
  assert.equal(status, 200);
  assert.deepEqual(json, personas.map((p) => ({ persona: p.persona, scopes: p.scopes ?? null })));
  assert.ok(json.some((p) => p.persona === 'readonly' && p.scopes?.length), 'the readonly key\'s scopes');
  assert.deepEqual((await call('/demo/outlign')).json, { baseUrl: MOCK }, 'the mock\'s URL for the Outlign page');
});

test('the cookie demo-persona picks the key: owner by default, then viewer, editor', async () => {
  assert.equal((await call('/api/tmr/users/me')).json.data.email, EMAIL.owner);
  assert.equal((await call('/api/tmr/users/me', { persona: 'viewer' })).json.data.email, EMAIL.viewer);
  assert.equal((await call('/api/tmr/users/me', { persona: 'editor' })).json.data.email, EMAIL.editor);
  assert.deepEqual(sentUpstream.map((r) => r.headers.authorization), ['owner', 'viewer', 'editor'].map((p) => `Bearer ${token(p)}`));
});

test('the page\'s own headers are not forwarded: another key in Authorization, a fault, a cookie', async () => {
  const me = await call('/api/tmr/users/me', {
    persona: 'viewer',
    headers: { authorization: `Bearer ${token('owner')}`, 'x-mock-fault': 'status=500' },
  });
  assert.equal(me.status, 200, 'no fault reached the mock');
  assert.equal(me.json.data.email, EMAIL.viewer, 'the viewer, whatever key the page sends');
  assert.equal(sentUpstream.length, 1);
  assert.equal(sentUpstream[0].headers.authorization, `Bearer ${token('viewer')}`);
  assert.deepEqual(Object.keys(sentUpstream[0].headers).filter((h) => h === 'cookie' || h.startsWith('x-mock')), []);
});

test('what a persona may do is the mock\'s answer to that persona\'s key, forwarded unchanged', async () => {
  const team = await acme();
  const invite = (persona) => call(`/api/tmr/teams/${team}/members/invite`, {
    persona, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'new.hire@example.com', role: 'viewer' }),
  });
  const refused = await invite('viewer');
  const direct = await fetch(`${MOCK}/teams/${team}/members/invite`, {
    method: 'POST', headers: { authorization: `Bearer ${token('viewer')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'new.hire@example.com', role: 'viewer' }),
  });
  assert.equal(refused.status, 403);
  assert.equal(refused.status, direct.status);
  assert.equal(refused.text, Buffer.from(await direct.arrayBuffer()).toString('latin1'), 'the mock\'s body, byte for byte');
  assert.equal((await stats()).writes['invites.create'], undefined);
  const sent = await invite('owner');
  assert.ok(sent.status >= 200 && sent.status < 300, `the owner invites (${sent.status} ${sent.text})`);
  assert.deepEqual((await stats()).writes['invites.create'], { owner: 1 });
});

test('refused by the demo server or its proxy, nothing sent: an unknown persona, an endpoint outside the allow list', async () => {
  const before = await stats();
  const unknown = await call('/api/tmr/users/me', { persona: 'mallory' });
  assert.equal(unknown.status, 401);
  assert.equal(unknown.json.success, false);
  assert.equal(unknown.json.error.code, 'UNAUTHORIZED');
  assert.match(unknown.json.error.message, /No demo persona "mallory"/);
  const rename = await call('/api/tmr/users/me/name', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"name":"Eve"}' });
  assert.equal(rename.status, 403, 'users.updateName is not in the dashboard\'s allow list');
  assert.equal(rename.json.error.code, 'FORBIDDEN');
  const avatar = await call('/api/tmr/users/me/avatar', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(avatar.status, 403);
  assert.equal((await call('/api/tmr/nowhere')).status, 404);
  assert.equal(sentUpstream.length, 0, 'nothing went upstream');
  assert.deepEqual((await stats()).requests, before.requests);
});

test('no answer of the demo server holds a persona token (headers or body)', async () => {
  assert.ok(answers.length >= 15, `answers recorded (${answers.length})`);
  const leaks = answers.flatMap(([path, ...parts]) => personas.filter((p) => parts.some((x) => x.includes(p.token))).map((p) => `${path}: ${p.persona}`));
  assert.deepEqual(leaks, []);
});

test('the command line make demo runs: its first line is its URL; without a mock URL it says how to run it', async () => {
  const { TMR_MOCK_URL: _, ...env } = process.env;
  const script = fileURLToPath(SERVER);
  const child = spawn(process.execPath, [script, '--site', SITE, '--mock', MOCK, '--port', '0'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  try {
    const first = await Promise.race([once(createInterface({ input: child.stdout }), 'line').then(([line]) => line),
      exited.then(([code]) => { throw new Error(`the server exited (${code}) before printing its URL`); })]);
    const url = first.match(/^listening on (http:\/\/127\.0\.0\.1:\d+)$/)?.[1];
    assert.ok(url, `first line: ${first}`);
    assert.equal((await fetch(`${url}/`)).status, 200);
    assert.equal((await (await fetch(`${url}/api/tmr/users/me`, { headers: { cookie: 'demo-persona=editor' } })).json()).data.email, EMAIL.editor);
  } finally {
    child.kill();
  }
  await exited.catch(() => {});

  const usage = spawn(process.execPath, [script, '--site', SITE], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  usage.stderr.on('data', (d) => { stderr += d; });
  const [code] = await once(usage, 'exit');
  assert.equal(code, 2);
  assert.match(stderr, /^usage: node server\.mjs --site DIR/);
});
