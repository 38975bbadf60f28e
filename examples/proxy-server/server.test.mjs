// The proxy-server example against tmr-mock: server.mjs runs as a user runs it (its own process,
// PORT=0), then a signed-in user reads their own team through it, byte for byte as the API
// answers; another team, no session or a forged one get 403 and nothing reaches the API; and the
// page itself, in headless Chromium, signs in, shows its team, is refused another, and sends no key.
//
// Run it (Node 18.14.1 or later) against the mock: TMR_API_KEY and TMR_BASE_URL set as the other
// examples take them (scripts/test-examples.sh does), playwright-core installed, then
//   node --test server.test.mjs
// CHROMIUM names the browser binary (default /usr/bin/chromium).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
// This project's flags for Debian's chromium (no sandbox in a container, no background traffic).
import { CHROMIUM_ARGS } from '../../tests/browser/chromium.mjs';

const KEY = process.env.TMR_API_KEY;
const API = process.env.TMR_BASE_URL;
assert.ok(KEY && API, 'run against tmr-mock with TMR_API_KEY and TMR_BASE_URL set (scripts/test-examples.sh does)');

// Teams of the mock's built-in world: Ada's (server.mjs's USERS) and one that is not hers.
const ADA_TEAM = '0190f8b0-0002-7001-8002-000000001ef1';     // Acme Marketing
const OTHER_TEAM = '0190f8b0-0002-7004-8002-000000007bbe';   // No Plan Team (Grace's)

let server;
let site;
const output = { stdout: '', stderr: '' };

before(async () => {
  server = spawn(process.execPath, [fileURLToPath(new URL('./server.mjs', import.meta.url))], {
    env: { PATH: process.env.PATH, TMR_API_KEY: KEY, TMR_BASE_URL: API, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stderr.setEncoding('utf8').on('data', (s) => { output.stderr += s; });
  site = await new Promise((resolve, reject) => {
    server.stdout.setEncoding('utf8').on('data', (s) => {
      output.stdout += s;
      const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(output.stdout);
      if (m) resolve(m[1]);
    });
    server.on('exit', (code) => reject(new Error(`server.mjs exited ${code} before listening:\n${output.stderr}`)));
  });
});

after(async () => {
  const exited = new Promise((resolve) => server.on('close', resolve));
  server.kill('SIGTERM');
  await exited;
  assert.ok(!output.stdout.includes(KEY) && !output.stderr.includes(KEY), 'the key is in none of the server\'s output');
});

/** Sign in as `user` the way the page's form does; the session cookie. */
async function signIn(user) {
  const res = await fetch(`${site}/login`, { method: 'POST', body: new URLSearchParams({ user }), redirect: 'manual' });
  assert.equal(res.status, 303);
  const cookie = res.headers.get('set-cookie');
  assert.match(cookie, /^demo_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict$/);
  return cookie.slice(0, cookie.indexOf(';'));
}

const get = async (path, cookie) => {
  const res = await fetch(site + path, { headers: cookie ? { cookie } : {} });
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
};

/** The API's own answer, with the key (what the proxy sends on). */
const direct = async (path) => Buffer.from(await (await fetch(API + path, { headers: { authorization: `Bearer ${KEY}` } })).arrayBuffer());

/** Requests the mock has counted, all endpoints and keys. */
const counted = async () => {
  const { requests } = await (await fetch(`${API}/__mock/stats`)).json();
  return Object.values(requests).flatMap((byKey) => Object.values(byKey)).reduce((a, b) => a + b, 0);
};

test('a signed-in user reads their own team through the proxy, byte for byte as the API answers', async () => {
  const ada = await signIn('ada');
  assert.deepEqual(JSON.parse((await get('/session', ada)).body), { id: 'ada', name: 'Ada Lovelace', teamId: ADA_TEAM });
  for (const path of [`/teams/${ADA_TEAM}`, `/teams/${ADA_TEAM}/members`, `/teams/${ADA_TEAM}/clients`]) {
    const answer = await get(`/api/tmr${path}`, ada);
    assert.equal(answer.status, 200, path);
    assert.match(answer.type, /^application\/json/);
    assert.ok(answer.body.equals(await direct(path)), `${path}: the API's bytes`);
    assert.ok(!answer.body.toString().includes(KEY));
  }
});

test('another team, no session, a forged session, an endpoint not allowed: 403 FORBIDDEN, nothing sent to the API', async () => {
  const ada = await signIn('ada');
  const grace = await signIn('grace');
  const forged = `demo_session=grace.${ada.slice(ada.indexOf('.') + 1)}`;   // Ada's signature on Grace's name
  const sent = await counted();
  for (const [path, cookie] of [
    [`/teams/${OTHER_TEAM}`, ada], [`/teams/${OTHER_TEAM}/members`, ada], [`/teams/${ADA_TEAM}/members`, grace],
    [`/teams/${ADA_TEAM}`, undefined], [`/teams/${OTHER_TEAM}`, forged], [`/teams/${ADA_TEAM}`, 'demo_session=ada.not-the-signature'],
    ['/teams', ada], [`/teams/${ADA_TEAM}/invites`, ada],
  ]) {
    const answer = await get(`/api/tmr${path}`, cookie);
    assert.equal(answer.status, 403, `${path} as ${cookie}`);
    assert.equal(JSON.parse(answer.body).error.code, 'FORBIDDEN');
  }
  assert.equal(await counted(), sent, 'none of them reached the API');
  // Grace does read her own team.
  assert.equal((await get(`/api/tmr/teams/${OTHER_TEAM}`, grace)).status, 200);
});

test('the page: signs in, shows its team, is refused another; no request it sends carries the key', async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const sent = [];
    page.on('request', (request) => sent.push(request));

    await page.goto(site);
    await page.selectOption('select[name=user]', 'ada');
    await page.click('#sign-in button');
    await page.waitForSelector('#team-name:text("Acme Marketing")');
    assert.equal(await page.textContent('#who'), 'Signed in as Ada Lovelace');
    assert.equal(await page.textContent('#plan'), 'Growth (active)');
    assert.equal(await page.locator('#members tbody tr').count(), 4);

    await page.fill('input[name=teamId]', OTHER_TEAM);
    const refused = Promise.all([`/api/tmr/teams/${OTHER_TEAM}`, `/api/tmr/teams/${OTHER_TEAM}/members`]
      .map((path) => page.waitForResponse((r) => new URL(r.url()).pathname === path)));
    await page.click('#other button');
    assert.deepEqual((await refused).map((r) => r.status()), [403, 403]);
    await page.waitForSelector('#error:text("FORBIDDEN")');
    assert.match(await page.textContent('#error'), /^FORBIDDEN: /);
    assert.equal(await page.textContent('#team-name'), 'Acme Marketing', 'still Ada\'s team');

    // What the page sent: its API calls (teams.get and members.list of Ada's team, then the same
    // two of the other team, refused) with no Authorization header and the key nowhere.
    const calls = sent.filter((r) => new URL(r.url()).pathname.startsWith('/api/tmr/'));
    assert.deepEqual(calls.map((r) => `${r.method()} ${new URL(r.url()).pathname}`).sort(), [
      `GET /api/tmr/teams/${ADA_TEAM}`, `GET /api/tmr/teams/${ADA_TEAM}/members`,
      `GET /api/tmr/teams/${OTHER_TEAM}`, `GET /api/tmr/teams/${OTHER_TEAM}/members`,
    ]);
    for (const request of sent) {
      const headers = await request.allHeaders();
      assert.equal(headers.authorization, undefined, `${request.url()} has no Authorization header`);
      assert.ok(![request.url(), JSON.stringify(headers), request.postData() ?? ''].some((s) => s.includes(KEY)), `the key in ${request.url()}`);
    }
    assert.ok(!(await page.content()).includes(KEY), 'nor in the page');
    assert.deepEqual(pageErrors, []);
  } finally {
    await browser.close();
  }
});
