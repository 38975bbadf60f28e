// Shared by the end-to-end suites: the transport, the mock's URL and personas, clients per persona,
// helpers. TMR_TRANSPORT picks how requests reach the mock, so every suite runs unchanged both ways:
//   http (default)  tmr-mock over loopback HTTP (scripts/with-mock.sh sets TMR_MOCK_URL and the tokens);
//   fetch           createMockFetch() from tmr-client/mock, in this process, no server: every client
//                   made by `as` gets its fetch, and globalThis.fetch (the suites' own fetch calls,
//                   clients left on the global fetch) sends the mocks' made-up origins to them and
//                   refuses any other, so nothing can reach a real server by mistake.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { TmrClient } from 'tmr-client';

export const TRANSPORT = process.env.TMR_TRANSPORT ?? 'http';
assert.ok(['http', 'fetch'].includes(TRANSPORT), `TMR_TRANSPORT is http or fetch, not ${TRANSPORT}`);
const viaFetch = TRANSPORT === 'fetch';
const { createMockFetch } = viaFetch ? await import('tmr-client/mock') : {};

/** Mock fetches by the origin they stand at (fetch transport). */
const mocks = new Map();
if (viaFetch) {
  mocks.set('http://127.0.0.1:1', createMockFetch());
  globalThis.fetch = async (input, init) => {
    const origin = new URL(input instanceof Request ? input.url : input).origin;
    const mock = mocks.get(origin);
    if (!mock) throw new TypeError(`fetch failed: no mock at ${origin} (TMR_TRANSPORT=fetch)`);
    return mock(input, init);
  };
}
const first = mocks.get('http://127.0.0.1:1');

export const URL_ = viaFetch ? 'http://127.0.0.1:1' : process.env.TMR_MOCK_URL;
assert.ok(URL_, 'run through scripts/with-mock.sh (TMR_MOCK_URL is not set), or with TMR_TRANSPORT=fetch');
const token = (p) => (viaFetch ? first.tokens[p] : process.env[`TMR_TOKEN_${p.toUpperCase()}`]);
/** How the helpers below reach the mock. */
const send = viaFetch ? first : (url, init) => fetch(url, init);

/** A client for a persona (owner, editor, viewer, outsider, readonly, cancelled). */
export const as = (persona, extra = {}) =>
  new TmrClient({ apiKey: token(persona), baseUrl: URL_, maxRetries: 0, ...(viaFetch ? { fetch: first } : {}), ...extra });

/** Back to the built-in world. */
export async function reset() {
  const r = await send(`${URL_}/__mock/reset`, { method: 'POST' });
  assert.equal(r.status, 200);
}

export async function stats() {
  return (await send(`${URL_}/__mock/stats`)).json();
}

/** A fetch that adds an `x-mock-fault` header to every request. */
export const faulty = (fault) => (url, init) => send(url, { ...init, headers: { ...init.headers, 'x-mock-fault': fault } });

/** A second mock with other settings (`{ outlign: { objects } }`, as createMockFetch takes them):
 * its own tmr-mock process over HTTP, or its own createMockFetch() at another made-up origin. */
export async function secondMock(options) {
  if (viaFetch) {
    const url = `http://127.0.0.1:${mocks.size + 1}`;
    mocks.set(url, createMockFetch(options));
    return { url, stop: () => mocks.delete(url) };
  }
  const bin = `${process.env.CARGO_TARGET_DIR ?? new URL('../../target', import.meta.url).pathname}/mock/tmr-mock`;
  const args = ['--port', '0', ...(options.outlign?.objects ? ['--outlign-objects', options.outlign.objects] : [])];
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let url;
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith('listening on ')) { url = line.slice('listening on '.length); break; }
  }
  assert.ok(url, 'the second mock started');
  child.stdout.resume();
  return { url, stop: () => child.kill() };
}

/** Ids of the built-in world, found through the API. */
export async function world() {
  const owner = as('owner');
  const teams = await owner.teams.list();
  const byName = (n) => teams.find((t) => t.name === n)?.id;
  const acme = byName('Acme Marketing');
  const members = await owner.members.list(acme);
  const clients = await owner.clients.list(acme);
  const connections = await owner.connections.list(acme);
  return {
    acme, globex: byName('Globex (cancelled)'), fullHouse: byName('Full House'), limitLabs: byName('Limit Labs'),
    noPlan: byName('No Plan Team'), members, clients, connections,
    ada: members.find((m) => m.role === 'owner').id, grace: members.find((m) => m.role === 'editor').id,
    linus: members.find((m) => m.email.startsWith('linus')).id,
  };
}

/** Assert a promise rejects with a TmrError of this code, status and message prefix. */
export async function refuses(promise, code, status, message) {
  const e = await promise.then(() => assert.fail(`expected ${code}`), (x) => x);
  assert.equal(e.name, 'TmrError', String(e));
  assert.equal(e.code, code, e.message);
  assert.equal(e.status, status, e.message);
  if (message) assert.ok(e.message.startsWith(message), `${e.message} should start with ${message}`);
  return e;
}
