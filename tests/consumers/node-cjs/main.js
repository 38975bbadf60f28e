// The same script in CommonJS: `require('tmr-client')` from the installed package (its node.cjs
// entry), against tmr-mock. No top-level await in CommonJS, so the work runs in an async main().
const assert = require('node:assert/strict');
const { OutlignClient, TmrClient, TmrError, isTmrError, planHeadroom, queryAccountId } = require('tmr-client');

const baseUrl = process.env.TMR_MOCK_URL;

async function main() {
  assert.match(require.resolve('tmr-client'), /\/node_modules\/tmr-client\/node\.cjs$/, 'the CommonJS entry');

  const tmr = new TmrClient({ apiKey: process.env.TMR_TOKEN_OWNER, baseUrl });
  const teams = await tmr.teams.list();
  const acme = teams.find((t) => t.name === 'Acme Marketing');
  assert.ok(acme, `teams: ${teams.map((t) => t.name).join(', ')}`);
  const team = await tmr.teams.get(acme.id);
  const room = planHeadroom(team);
  const members = await tmr.members.list(acme.id);
  const clients = await tmr.clients.list(acme.id);
  console.log(`${team.name}: ${members.length} members (room: ${room.members?.count}), ${clients.length} clients`);
  assert.ok(members.some((m) => m.role === 'owner'));

  const [account] = await tmr.connectors.accounts(acme.id, 'gadw', { status: 'enabled' });
  const rows = await tmr.data.runQuery(acme.id, {
    accounts: [queryAccountId(account)], dimensions: ['date'], metrics: ['clicks'],
    dateRange: { startDate: '2026-03-01', endDate: '2026-03-07' }, sort: [{ fieldId: 'date', direction: 'asc' }],
  });
  assert.equal(rows.length, 7);
  assert.equal(rows[0].date, '2026-03-01');

  const viewer = new TmrClient({ apiKey: process.env.TMR_TOKEN_VIEWER, baseUrl });
  try {
    await viewer.members.updateRole(acme.id, members[0].id, 'editor');
    assert.fail('a viewer changed a role');
  } catch (e) {
    assert.ok(isTmrError(e) && e instanceof TmrError && e instanceof Error);
    assert.equal(e.code, 'FORBIDDEN');
    assert.equal(e.status, 403);
    console.log(`viewer: ${e.code} ${e.status} ${e.message}`);
  }
  await assert.rejects(tmr.teams.get('not-a-uuid'), { name: 'TmrError', code: 'INVALID_ARGUMENT' });

  const outlign = new OutlignClient({ accessToken: process.env.TMR_TOKEN_OUTLIGN_ALICE, baseUrl });
  const [company] = await outlign.companies.list();
  const made = await outlign.clients.create({ title: 'Consumer Co', companyId: company.id });
  assert.equal((await outlign.clients.update(made.id, { title: 'Consumer Corp' })).title, 'Consumer Corp');
  assert.equal(await outlign.clients.delete(made.id), undefined);
  await assert.rejects(outlign.clients.get(made.id), { code: 'NOT_FOUND', status: 404, endpoint: 'outlign.clients.get' });
  console.log(`outlign: ${company.title}, client ${made.id} created, renamed and deleted`);
  console.log('node-cjs: ok');
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
