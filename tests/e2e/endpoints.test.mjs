// Every endpoint's success as the persona allowed to call it, and its refusal for one who is not.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { as, reset, world, refuses } from './mock.mjs';

beforeEach(reset);
const DENIED = 'You do not have permission to perform this action';
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 0, 0, 0, 13]);

test('users: profile, name, avatar, preferences', async () => {
  const owner = as('owner');
  assert.equal((await owner.users.me()).email, 'ada@acme.example');
  assert.equal((await owner.users.updateName('Ada L.')).name, 'Ada L.');
  assert.match((await owner.users.uploadAvatar(PNG)).avatarUrl, /\.png$/);
  assert.equal((await owner.users.deleteAvatar()).avatarUrl, null);
  assert.equal((await owner.users.preferences()).appearance, 'light');
  assert.equal((await owner.users.updatePreferences({ appearance: 'dark' })).appearance, 'dark');
  assert.equal((await owner.users.me()).preferences.appearance, 'dark');
  await refuses(as('readonly').users.updateName('x'), 'INSUFFICIENT_PERMISSIONS', 403, 'This API key is missing the `account:write` permission');
  await refuses(as('owner', { apiKey: 'tmrc_live_revoked' }).users.me(), 'UNAUTHORIZED', 401, 'Authentication required');
});

test('teams: list, get, rename', async () => {
  const w = await world();
  const owner = as('owner');
  const teams = await owner.teams.list();
  assert.equal(teams.length, 7);
  assert.ok(teams.some((t) => t.name === null), 'a team with a null name');
  assert.deepEqual(teams.map((t) => t.createdAt), [...teams.map((t) => t.createdAt)].sort().reverse(), 'newest first');
  const acme = await owner.teams.get(w.acme);
  assert.equal(acme.plan.status, 'active');
  assert.equal((await owner.teams.get(w.noPlan)).plan, null);
  assert.deepEqual(await owner.teams.rename(w.acme, 'Acme Renamed'), { name: 'Acme Renamed' });
  assert.equal((await as('viewer').teams.get(w.acme)).name, 'Acme Renamed');
  await refuses(as('editor').teams.rename(w.acme, 'x'), 'FORBIDDEN', 403, DENIED);
  await refuses(as('outsider').teams.get(w.acme), 'FORBIDDEN', 403, DENIED);
  await refuses(as('cancelled').teams.rename(w.globex, 'x'), 'PAYMENT_REQUIRED', 402, "Your team's plan has been cancelled");
});

test('members: list, role change, remove, last-owner rule', async () => {
  const w = await world();
  const owner = as('owner');
  await refuses(owner.members.updateRole(w.acme, w.ada, 'editor'), 'BAD_REQUEST', 400, 'Cannot demote the last owner. Assign another owner first.');
  await refuses(owner.members.remove(w.acme, w.ada), 'BAD_REQUEST', 400, 'Cannot remove the last owner. Assign another owner first.');
  assert.deepEqual(await owner.members.updateRole(w.acme, w.grace, 'viewer'), { updated: true });
  assert.equal((await owner.members.list(w.acme)).find((m) => m.id === w.grace).role, 'viewer');
  assert.deepEqual(await owner.members.remove(w.acme, w.linus), { removed: true });
  assert.equal((await owner.members.list(w.acme)).length, 3);
  await refuses(owner.members.remove(w.acme, w.linus), 'NOT_FOUND', 404, 'Member not found in team');
  await refuses(as('editor').members.list(w.acme).then(() => as('editor').members.remove(w.acme, w.ada)), 'FORBIDDEN', 403, DENIED);
});

test('invites: create, list, conflict, plan limit', async () => {
  const w = await world();
  const owner = as('owner');
  assert.deepEqual(await owner.invites.create(w.acme, { email: 'new.person@example.com', role: 'editor' }), { invited: true });
  const invites = await owner.invites.list(w.acme);
  assert.equal(invites[0].email, 'new.person@example.com');
  assert.equal(typeof invites[0].id, 'number');
  await refuses(owner.invites.create(w.acme, { email: 'new.person@example.com' }), 'CONFLICT', 409, 'Invite already pending for this email');
  await refuses(owner.invites.create(w.fullHouse, { email: 'one.more@example.com' }), 'FORBIDDEN', 403, "You've reached your plan's user limit of 3.");
  await refuses(as('editor').invites.list(w.acme), 'FORBIDDEN', 403, DENIED);
});

test('connections: list, get, accounts, delete', async () => {
  const w = await world();
  const viewer = as('viewer');
  const [revoked] = await viewer.connections.list(w.acme);
  assert.equal(revoked.status, 'revoked');
  assert.equal((await viewer.connections.get(w.acme, revoked.id)).id, revoked.id);
  assert.equal((await viewer.connections.accounts(w.acme, revoked.id)).length, revoked.accountCount);
  await refuses(viewer.connections.delete(w.acme, revoked.id), 'FORBIDDEN', 403, DENIED);
  assert.deepEqual(await as('editor').connections.delete(w.acme, revoked.id), { deleted: true });
  await refuses(viewer.connections.get(w.acme, revoked.id), 'NOT_FOUND', 404, 'The requested resource was not found');
});

test('clients: list, get, accounts, link and unlink', async () => {
  const w = await world();
  const editor = as('editor');
  const beta = w.clients.find((c) => c.name === 'Beta Brands');
  assert.deepEqual(await editor.clients.accounts(w.acme, beta.id), []);
  const [account] = await editor.connectors.accounts(w.acme, 'fads', { status: 'disabled' });
  assert.deepEqual(await editor.clients.linkAccount(w.acme, beta.id, 'fads', account.id), { added: true });
  assert.deepEqual((await editor.clients.accountsByConnector(w.acme, beta.id, 'fads')).map((a) => a.id), [account.id]);
  assert.equal((await editor.clients.get(w.acme, beta.id)).name, 'Beta Brands');
  assert.deepEqual(await editor.clients.unlinkAccount(w.acme, beta.id, 'fads', account.id), { deleted: true });
  await refuses(editor.clients.unlinkAccount(w.acme, beta.id, 'fads', account.id), 'NOT_FOUND', 404, 'Client account not found');
  await refuses(as('viewer').clients.linkAccount(w.acme, beta.id, 'fads', account.id), 'FORBIDDEN', 403, DENIED);
  await refuses(editor.clients.accountsByConnector(w.acme, beta.id, 'nope'), 'BAD_REQUEST', 400, 'Invalid connector ID: "nope"');
  await refuses(editor.clients.get(w.acme, w.acme), 'NOT_FOUND', 404, 'Client not found');
});

test('connectors: list, accounts, fields, enable and disable with the plan limit', async () => {
  const w = await world();
  const editor = as('editor');
  const connectors = await editor.connectors.list(w.acme);
  assert.deepEqual(connectors.map((c) => c.name), [...connectors.map((c) => c.name)].sort());
  assert.ok((await editor.connectors.allAccounts(w.acme)).length >= 15);
  const fields = await editor.connectors.fields(w.acme, 'gadw', { accountIds: ['gadw_1000000000'] });
  assert.ok(fields.metrics.some((g) => g.groupId === 'custom'));
  const [off] = await editor.connectors.accounts(w.limitLabs, 'gadw', { status: 'disabled' });
  await refuses(editor.connectors.enableAccount(w.limitLabs, 'gadw', off.id), 'FORBIDDEN', 403, "You've reached your plan's account limit of 2 for this connector.");
  const [on] = await editor.connectors.accounts(w.limitLabs, 'gadw', { status: 'enabled' });
  assert.deepEqual(await editor.connectors.disableAccount(w.limitLabs, 'gadw', on.id), { disabled: true });
  assert.deepEqual(await editor.connectors.enableAccount(w.limitLabs, 'gadw', off.id), { enabled: true });
  assert.equal((await as('owner').teams.get(w.limitLabs)).usage.accountsPerConnector.gadw.status, 'reached');
  await refuses(editor.connectors.enableAccount(w.acme, 'gadw', 'missing'), 'NOT_FOUND', 404, 'Account not found for this connector');
});

test('data: run-query rows; platform plans', async () => {
  const w = await world();
  const editor = as('editor');
  const [account] = await editor.connectors.accounts(w.acme, 'gadw', { status: 'enabled' });
  const { queryAccountId } = await import('tmr-client');
  const rows = await editor.data.runQuery(w.acme, {
    accounts: [queryAccountId(account)], dimensions: ['date'], metrics: ['clicks', 'cost'],
    dateRange: { startDate: '2026-03-01', endDate: '2026-03-31' }, sort: [{ fieldId: 'date', direction: 'asc' }],
  });
  assert.equal(rows.length, 31);
  assert.equal(rows[0].date, '2026-03-01');
  await refuses(as('viewer').data.runQuery(w.acme, { accounts: [queryAccountId(account)] }), 'FORBIDDEN', 403, DENIED);
  assert.deepEqual((await as('outsider').platform.plans()).map((p) => p.key), ['lite', 'basic', 'pro', 'business']);
});
