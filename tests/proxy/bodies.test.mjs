// Bodies a page may send: whatever the client's validators refuse is the proxy's own 400 (413 over
// maxBodyBytes) and never forwarded; a valid body goes upstream as the validated value, re-serialised.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, ORIGIN, stats, makeProxy, send, read, ownAnswer, neverForwarded, freshWorld } from './helpers.mjs';

const EVERYTHING = ['users.*', 'teams.*', 'members.*', 'invites.*', 'connections.*', 'clients.*', 'connectors.*', 'data.*', 'platform.*'];
const decode = (b) => (b === undefined || b === null ? '' : new TextDecoder().decode(b));

const w = freshWorld();

test('bodies the validators refuse are 400 BAD_REQUEST and never forwarded', async () => {
  const { handler, upstream } = makeProxy({ allow: EVERYTHING });
  const role = `${BASE}/teams/${w.acme}/members/${w.grace}/role`;
  const invite = `${BASE}/teams/${w.noPlan}/members/invite`;
  const query = `${BASE}/teams/${w.acme}/data/run-query`;
  const account = (i) => `gadw_${1_000_000_000 + i}`;
  const cases = [
    ['invalid JSON', 'PUT', role, '{"role":'],
    ['invalid JSON: single quotes', 'PUT', role, "{'role':'viewer'}"],
    ['no body where one is needed', 'PUT', role, undefined],
    ['an empty body', 'PUT', role, ''],
    ['JSON that is not an object', 'PUT', role, '"viewer"'],
    ['an array', 'PUT', role, '[{"role":"viewer"}]'],
    ['an unknown key beside a good one', 'PUT', role, { role: 'viewer', admin: true }],
    ['a bad role', 'PUT', role, { role: 'admin' }],
    ['a role of the wrong type', 'PUT', role, { role: 1 }],
    ['a body on a bodyless POST', 'POST', `${BASE}/teams/${w.acme}/connectors/gadw/accounts/1000000000/enable`, {}],
    ['a body on a DELETE', 'DELETE', `${BASE}/teams/${w.acme}/members/${w.grace}`, { reason: 'x' }],
    ['a bad e-mail', 'POST', invite, { email: 'not-an-email' }],
    ['an e-mail with a space', 'POST', invite, { email: 'a b@example.com' }],
    ['a bad invite role', 'POST', invite, { email: 'ok@example.com', role: 'boss' }],
    ['an invite with an unknown key', 'POST', invite, { email: 'ok@example.com', teamId: w.acme }],
    ['run-query with no accounts', 'POST', query, { accounts: [] }],
    ['run-query with 101 accounts', 'POST', query, { accounts: Array.from({ length: 101 }, (_, i) => account(i)) }],
    ['run-query with 51 metrics', 'POST', query, { accounts: [account(0)], metrics: Array.from({ length: 51 }, (_, i) => `m${i}`) }],
    ['run-query with 51 dimensions', 'POST', query, { accounts: [account(0)], dimensions: Array.from({ length: 51 }, (_, i) => `d${i}`) }],
    ['run-query with an unprefixed account', 'POST', query, { accounts: ['1000000000'] }],
    ['run-query with an unknown date preset', 'POST', query, { accounts: [account(0)], dateRange: 'last_week' }],
    ['run-query with a bad date', 'POST', query, { accounts: [account(0)], dateRange: { startDate: '2026-02-30', endDate: '2026-03-01' } }],
    ['run-query with a bad filter operator', 'POST', query, { accounts: [account(0)], filters: [{ fieldId: 'clicks', operator: 'like', value: '1' }] }],
    ['run-query with an unknown key', 'POST', query, { accounts: [account(0)], limit: 10 }],
    ['an empty team name', 'PUT', `${BASE}/teams/${w.acme}/name`, { name: '   ' }],
    ['a team name of 101 characters', 'PUT', `${BASE}/teams/${w.acme}/name`, { name: 'x'.repeat(101) }],
    ['a bad appearance', 'PATCH', `${BASE}/users/me/preferences`, { appearance: 'neon' }],
    ['a preference of the wrong type', 'PATCH', `${BASE}/users/me/preferences`, { notifications: { email: { billing: 'yes' } } }],
  ];
  for (const [what, method, path, body] of cases) {
    const res = await neverForwarded(upstream, () => send(handler, method, path, { body }));
    try {
      ownAnswer(res, 400, 'BAD_REQUEST');
    } catch (e) {
      e.message = `${what}: ${e.message}`;
      throw e;
    }
  }
  // A message that names what was wrong, as the client's validator words it.
  const email = await send(handler, 'POST', invite, { body: { email: 'not-an-email' } });
  assert.match(ownAnswer(email, 400, 'BAD_REQUEST').message, /e-mail.*"not-an-email"/);
  const roleMessage = ownAnswer(await send(handler, 'PUT', role, { body: { role: 'admin' } }), 400, 'BAD_REQUEST').message;
  assert.match(roleMessage, /"admin"/);
});

test('a GET cannot carry a body in a Request; here it is refused by the Request itself', () => {
  // What a page could do over HTTP is tested in node-server.test.mjs (the body never goes upstream).
  assert.throws(() => new Request(`${ORIGIN}${BASE}/teams`, { method: 'GET', body: '{}' }), TypeError);
});

test('a valid body goes upstream re-serialised from the validated value, with nothing the page added', async () => {
  const { handler, upstream } = makeProxy({ allow: ['members.updateRole', 'users.updatePreferences', 'invites.create'] });
  const role = await send(handler, 'PUT', `${BASE}/teams/${w.acme}/members/${w.grace}/role`, { body: '  {\n "role" : "viewer" }  ', headers: { 'content-type': 'application/json; charset=utf-8' } });
  assert.equal(role.status, 200, role.text);
  assert.equal(decode(upstream.calls[0].init.body), '{"role":"viewer"}');
  const prefs = await send(handler, 'PATCH', `${BASE}/users/me/preferences`, { body: { notifications: { email: { promotional: true } } } });
  assert.equal(prefs.status, 200, prefs.text);
  assert.deepEqual(JSON.parse(decode(upstream.calls[1].init.body)), { notifications: { email: { promotional: true } } });
  const invite = await send(handler, 'POST', `${BASE}/teams/${w.noPlan}/members/invite`, { body: { email: 'new@example.com' } });
  assert.equal(invite.status, 201, invite.text);
  assert.deepEqual(JSON.parse(decode(upstream.calls[2].init.body)).email, 'new@example.com');
  assert.equal((await stats()).writes['invites.create'].owner, 1);
});

test('a body over maxBodyBytes is 413 PAYLOAD_TOO_LARGE, never forwarded; one of exactly maxBodyBytes passes', async () => {
  const body = '{"role":"viewer"}';
  const exact = new TextEncoder().encode(body).length;
  const { handler, upstream } = makeProxy({ allow: ['members.updateRole', 'teams.rename'], maxBodyBytes: exact });
  const path = `${BASE}/teams/${w.acme}/members/${w.grace}/role`;
  const ok = await send(handler, 'PUT', path, { body });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(upstream.calls.length, 1);
  await neverForwarded(upstream, async () => {
    ownAnswer(await send(handler, 'PUT', path, { body: `${body} ` }), 413, 'PAYLOAD_TOO_LARGE', `Request body is larger than this proxy accepts (${exact} bytes)`);
    ownAnswer(await send(handler, 'PUT', `${BASE}/teams/${w.acme}/name`, { body: { name: 'x'.repeat(200) } }), 413, 'PAYLOAD_TOO_LARGE');
  });
});

test('the default limit is 1 MiB: a byte more is 413, also when the body streams in without a length', async () => {
  const { handler, upstream } = makeProxy({ allow: ['data.runQuery', 'teams.rename'] });
  const path = `${BASE}/teams/${w.acme}/data/run-query`;
  const json = JSON.stringify({ accounts: ['gadw_1000000000'] });
  const padded = (n) => json + ' '.repeat(n - json.length);
  await neverForwarded(upstream, async () => {
    ownAnswer(await send(handler, 'POST', path, { body: padded(1024 * 1024 + 1) }), 413, 'PAYLOAD_TOO_LARGE');
    // 8 MiB in 64 KiB chunks with no content-length: refused without reading it all into memory.
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const stream = new ReadableStream({
      pull(controller) {
        if (pulled >= 128) return controller.close();
        pulled += 1;
        controller.enqueue(chunk);
      },
    });
    const req = new Request(`${ORIGIN}${path}`, { method: 'POST', body: stream, duplex: 'half', headers: { 'content-type': 'application/json' } });
    ownAnswer(await read(await handler(req)), 413, 'PAYLOAD_TOO_LARGE');
    assert.ok(pulled < 128, `stopped reading early (${pulled} of 128 chunks pulled)`);
  });
  // Just under the limit is not refused for its size (it is a valid query, forwarded).
  const under = await send(handler, 'POST', path, { body: padded(1024 * 1024) });
  assert.equal(under.status, 200, under.text.slice(0, 200));
  assert.equal(upstream.calls.length, 1);
});
