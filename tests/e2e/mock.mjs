// Shared by the end-to-end suites: the mock's URL and personas, clients per persona, helpers.
import assert from 'node:assert/strict';
import { TmrClient } from 'tmr-client';

export const URL_ = process.env.TMR_MOCK_URL;
assert.ok(URL_, 'run through scripts/with-mock.sh (TMR_MOCK_URL is not set)');
const token = (p) => process.env[`TMR_TOKEN_${p.toUpperCase()}`];

/** A client for a persona (owner, editor, viewer, outsider, readonly, cancelled). */
export const as = (persona, extra = {}) => new TmrClient({ apiKey: token(persona), baseUrl: URL_, maxRetries: 0, ...extra });

/** Back to the built-in world. */
export async function reset() {
  const r = await fetch(`${URL_}/__mock/reset`, { method: 'POST' });
  assert.equal(r.status, 200);
}

export async function stats() {
  return (await fetch(`${URL_}/__mock/stats`)).json();
}

/** A fetch that adds an `x-mock-fault` header to every request. */
export const faulty = (fault) => (url, init) => fetch(url, { ...init, headers: { ...init.headers, 'x-mock-fault': fault } });

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
