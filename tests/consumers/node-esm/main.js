// A Node script as a user writes it in five minutes: `import` from the installed package, keys from
// the environment, against tmr-mock (TMR_MOCK_URL and the personas' tokens from
// scripts/with-mock.sh). Asserts what it prints, so a wrong answer fails the run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { OutlignClient, TmrClient, TmrError, isTmrError, planHeadroom, queryAccountId } from 'tmr-client';

const baseUrl = process.env.TMR_MOCK_URL;
assert.match(import.meta.resolve('tmr-client'), /\/node_modules\/tmr-client\/node\.mjs$/, 'the Node ESM entry');

const tmr = new TmrClient({ apiKey: process.env.TMR_TOKEN_OWNER, baseUrl });
const teams = await tmr.teams.list();
const acme = teams.find((t) => t.name === 'Acme Marketing');
assert.ok(acme, `teams: ${teams.map((t) => t.name).join(', ')}`);
const team = await tmr.teams.get(acme.id);
const room = planHeadroom(team);
const members = await tmr.members.list(acme.id);
const clients = await tmr.clients.list(acme.id);
console.log(`${team.name}: ${members.length} members (room: ${room.members?.count}), ${clients.length} clients`);
console.table(members.map((m) => ({ name: m.name, email: m.email, role: m.role })));
assert.ok(members.some((m) => m.role === 'owner'));

const [account] = await tmr.connectors.accounts(acme.id, 'gadw', { status: 'enabled' });
const rows = await tmr.data.runQuery(acme.id, {
  accounts: [queryAccountId(account)], dimensions: ['date'], metrics: ['clicks'],
  dateRange: { startDate: '2026-03-01', endDate: '2026-03-07' }, sort: [{ fieldId: 'date', direction: 'asc' }],
});
assert.deepEqual(rows.map((r) => r.date), ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07']);
console.log(`clicks in the first week of March: ${rows.reduce((n, r) => n + Number(r.clicks), 0)}`);

// A viewer may not change roles: the API's 403, as a TmrError.
const viewer = new TmrClient({ apiKey: process.env.TMR_TOKEN_VIEWER, baseUrl });
try {
  await viewer.members.updateRole(acme.id, members[0].id, 'editor');
  assert.fail('a viewer changed a role');
} catch (e) {
  assert.ok(isTmrError(e) && e instanceof TmrError && e instanceof Error);
  assert.equal(e.code, 'FORBIDDEN');
  assert.equal(e.status, 403);
  assert.equal(e.endpoint, 'members.updateRole');
  console.log(`viewer: ${e.code} ${e.status} ${e.message}`);
}
await assert.rejects(tmr.teams.get('not-a-uuid'), { name: 'TmrError', code: 'INVALID_ARGUMENT' });

// Outlign, on the same mock.
const outlign = new OutlignClient({ accessToken: process.env.TMR_TOKEN_OUTLIGN_ALICE, baseUrl });
const [company] = await outlign.companies.list();
const made = await outlign.clients.create({ title: 'Consumer Co', companyId: company.id });
const renamed = await outlign.clients.update(made.id, { title: 'Consumer Corp' });
assert.equal(renamed.title, 'Consumer Corp');
assert.equal(await outlign.clients.delete(made.id), undefined);
await assert.rejects(outlign.clients.get(made.id), { code: 'NOT_FOUND', status: 404, endpoint: 'outlign.clients.get' });
console.log(`outlign: ${company.title}, client ${made.id} created, renamed and deleted`);
// An uncaught TmrError: Node prints it with the source line it was made on (in the package's
// minified glue), which must be a line, not the whole file.
const uncaught = spawnSync(process.execPath, ['--input-type=module', '-e', "import { TmrClient } from 'tmr-client'; new TmrClient({ apiKey: '' });"], { encoding: 'utf8' });
assert.equal(uncaught.status, 1);
assert.match(uncaught.stderr, /TmrError: apiKey/);
assert.ok(uncaught.stderr.length < 4000, `an uncaught error printed ${uncaught.stderr.length} characters`);
console.log(`an uncaught TmrError prints ${uncaught.stderr.split('\n').length} lines`);
console.log('node-esm: ok');
