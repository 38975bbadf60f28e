// Against tmr-mock started with `--rate-window-scale 0.02` (a minute lasts 1.2 s), with the
// client's buckets scaled the same way: a 500-call burst sees no 429, and 2,000 calls with ~20%
// injected faults all settle as expected, with no write applied twice.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { TmrClient, isTmrError, queryAccountId } from 'tmr-client';

const URL_ = process.env.TMR_MOCK_URL;
const SCALE = 0.02;
const scaled = (requests, seconds) => ({ requests, windowMs: Math.round(seconds * 1000 * SCALE) });
const rateLimit = { default: scaled(120, 60), runQuery: scaled(30, 60), invite: scaled(15, 300), avatar: scaled(10, 300) };
const owner = (extra = {}) => new TmrClient({ apiKey: process.env.TMR_TOKEN_OWNER, baseUrl: URL_, rateLimit, ...extra });
const stats = async () => (await fetch(`${URL_}/__mock/stats`)).json();
const unhandled = [];
process.on('unhandledRejection', (e) => unhandled.push(e));

let w;
before(async () => {
  assert.ok(URL_, 'run through scripts/with-mock.sh --rate-window-scale 0.02');
  await fetch(`${URL_}/__mock/reset`, { method: 'POST' });
  const c = owner();
  const teams = await c.teams.list();
  const acme = teams.find((t) => t.name === 'Acme Marketing').id;
  const noPlan = teams.find((t) => t.name === 'No Plan Team').id;
  const clients = await c.clients.list(acme);
  const gadw = await c.connectors.accounts(acme, 'gadw');
  w = { acme, noPlan, client: clients[0].id, beta: clients[1].id, gadw, query: queryAccountId(gadw[0]) };
});

test('a burst of 500 concurrent GETs: no 429 reaches the caller, no window over 120', async () => {
  await fetch(`${URL_}/__mock/reset`, { method: 'POST' });
  const c = owner({ maxRetries: 0 });
  // Own signals: 500 real requests, none shared with an identical one in flight.
  const results = await Promise.allSettled(Array.from({ length: 500 }, () => c.teams.list({ signal: new AbortController().signal })));
  const failed = results.filter((r) => r.status === 'rejected');
  assert.deepEqual(failed.map((r) => r.reason.code), []);
  const s = await stats();
  assert.equal(s.requests['teams.list'].owner, 500);
  assert.ok(s.maxAdmittedPerWindow.default <= 120, JSON.stringify(s.maxAdmittedPerWindow));
});

// What each kind of operation should end with under each fault (the fault hits the first attempt).
const FAULTS = ['latency=30', 'status=500', 'status=503', 'status=429; retry-after=1', 'status=429', 'drop', 'malformed', 'status=500; after-write'];
function expected(kind, fault) {
  if (fault === null || fault.startsWith('latency') || fault.startsWith('status=429')) return 'ok';
  if (fault === 'malformed') return 'INVALID_RESPONSE';
  if (kind === 'invite') return fault === 'drop' ? 'AMBIGUOUS_WRITE' : 'INTERNAL_SERVER_ERROR';
  if (kind === 'query' && fault.startsWith('status=500')) return 'INTERNAL_SERVER_ERROR';
  return 'ok';
}

function operations() {
  const r = (name, run, check = (d) => assert.ok(Array.isArray(d))) => ({ kind: 'read', name, run, check });
  const idem = (name, run, key) => ({ kind: 'write', name, run, check: (d) => assert.equal(d[key], true) });
  return [
    r('users.me', (c) => c.users.me(), (d) => assert.equal(d.email, 'ada@acme.example')),
    r('teams.list', (c) => c.teams.list()),
    r('teams.get', (c) => c.teams.get(w.acme), (d) => assert.equal(d.name, 'Acme Marketing')),
    r('members.list', (c) => c.members.list(w.acme)),
    r('invites.list', (c) => c.invites.list(w.noPlan)),
    r('connections.list', (c) => c.connections.list(w.acme)),
    r('clients.list', (c) => c.clients.list(w.acme)),
    r('clients.accounts', (c) => c.clients.accounts(w.acme, w.client)),
    r('connectors.list', (c) => c.connectors.list(w.acme)),
    r('connectors.allAccounts', (c) => c.connectors.allAccounts(w.acme, { status: 'all' })),
    r('connectors.fields', (c) => c.connectors.fields(w.acme, 'gadw'), (d) => assert.ok(d.metrics.length > 0)),
    r('platform.plans', (c) => c.platform.plans()),
    idem('users.updatePreferences', (c) => c.users.updatePreferences({ appearance: 'dark' }).then(() => ({ ok: true })), 'ok'),
    idem('clients.linkAccount', (c) => c.clients.linkAccount(w.acme, w.beta, 'gadw', w.gadw[4].id), 'added'),
    idem('connectors.enableAccount', (c) => c.connectors.enableAccount(w.acme, 'gadw', w.gadw[5].id), 'enabled'),
    idem('connectors.disableAccount', (c) => c.connectors.disableAccount(w.acme, 'gadw', w.gadw[6].id), 'disabled'),
    { kind: 'query', name: 'data.runQuery', run: (c) => c.data.runQuery(w.acme, { accounts: [w.query], metrics: ['clicks'] }), check: (d) => assert.equal(d.length, 1) },
  ];
}

test('2,000 calls with ~20% injected faults all settle as expected; no write applied twice', async () => {
  await fetch(`${URL_}/__mock/reset`, { method: 'POST' });
  const ops = operations();
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const plan = Array.from({ length: 2000 }, (_, i) => {
    const op = i % 50 === 7 ? { kind: 'invite', name: 'invites.create', email: `soak${i}@example.com` } : ops[Math.floor(random() * ops.length)];
    const fault = random() < 0.2 ? FAULTS[Math.floor(random() * FAULTS.length)] : null;
    return { op, fault };
  });
  const started = Date.now();
  const outcomes = new Array(plan.length);
  let next = 0;
  const worker = async () => {
    while (next < plan.length) {
      const i = next++;
      const { op, fault } = plan[i];
      let attempt = 0;
      // The fault hits the first attempt only: a flaky network, not a dead one.
      const fetchOnce = (url, init) => fetch(url, attempt++ === 0 && fault ? { ...init, headers: { ...init.headers, 'x-mock-fault': fault } } : init);
      const c = owner({ fetch: fetchOnce, maxRetries: 2 });
      const run = op.kind === 'invite' ? () => c.invites.create(w.noPlan, { email: op.email }) : () => op.run(c);
      try {
        const data = await run();
        outcomes[i] = { result: 'ok', data };
      } catch (e) {
        assert.ok(isTmrError(e), `${op.name}: ${e}`);
        outcomes[i] = { result: e.code, error: e };
      }
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  const elapsed = Date.now() - started;

  const mismatches = [];
  plan.forEach(({ op, fault }, i) => {
    const want = expected(op.kind, fault);
    if (outcomes[i].result !== want) mismatches.push(`${op.name} under ${fault}: ${outcomes[i].result} (${outcomes[i].error?.message}) ≠ ${want}`);
    else if (want === 'ok' && op.check) op.check(outcomes[i].data);
  });
  assert.deepEqual(mismatches, []);
  assert.equal(outcomes.filter((o) => o.result === 'TOO_MANY_REQUESTS').length, 0, 'no 429 reached the caller');
  assert.deepEqual(unhandled, []);

  const invites = await owner().invites.list(w.noPlan);
  const emails = invites.map((x) => x.email);
  assert.equal(new Set(emails).size, emails.length, 'no invite applied twice');
  const s = await stats();
  assert.equal(s.writes['invites.create'].owner, emails.length, 'the mock applied each invite once');
  plan.forEach(({ op }, i) => {
    if (op.kind === 'invite' && outcomes[i].result === 'ok') assert.ok(emails.includes(op.email), op.email);
  });
  assert.ok(s.maxAdmittedPerWindow.default <= 120, JSON.stringify(s.maxAdmittedPerWindow));
  const faults = plan.filter((p) => p.fault).length;
  console.log(`# soak: ${plan.length} calls, ${faults} faults, ${emails.length} invites, ${elapsed} ms`);
  assert.ok(elapsed < 120_000, `bounded in time (${elapsed} ms)`);
});
