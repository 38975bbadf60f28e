// The read commands against the mock's built-in world, in each format, with exact values.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { ACME, NO_PLAN, lines, reset, tmr } from './helpers.mjs';

before(reset);

const ok = async (args) => {
  const r = await tmr(args);
  assert.equal(r.stderr, '', r.stderr);
  assert.equal(r.code, 0);
  return r.stdout;
};

test('teams list: table, CSV, JSON (newest first, a null name)', async () => {
  assert.equal(await ok(['teams', 'list']), lines(
    'ID                                    NAME                CREATED (UTC)',
    '0190f8b0-0002-7007-8002-00000000d88b  Limit Labs          2026-05-01 08:00',
    '0190f8b0-0002-7006-8002-00000000b99c  Full House          2026-04-01 08:00',
    '0190f8b0-0002-7005-8002-000000009aad  Globex (cancelled)  2026-03-10 08:00',
    '0190f8b0-0002-7004-8002-000000007bbe  No Plan Team        2026-03-01 08:00',
    '0190f8b0-0002-7003-8002-000000005ccf  (unnamed)           2026-02-15 08:00',
    '0190f8b0-0002-7002-8002-000000003de0  Trial Team          2026-02-01 08:00',
    '0190f8b0-0002-7001-8002-000000001ef1  Acme Marketing      2026-01-12 08:15',
  ));
  assert.equal(await ok(['teams', 'list', '--csv']), lines(
    'id,name,createdAt',
    '0190f8b0-0002-7007-8002-00000000d88b,Limit Labs,2026-05-01T08:00:00.000Z',
    '0190f8b0-0002-7006-8002-00000000b99c,Full House,2026-04-01T08:00:00.000Z',
    '0190f8b0-0002-7005-8002-000000009aad,Globex (cancelled),2026-03-10T08:00:00.000Z',
    '0190f8b0-0002-7004-8002-000000007bbe,No Plan Team,2026-03-01T08:00:00.000Z',
    '0190f8b0-0002-7003-8002-000000005ccf,,2026-02-15T08:00:00.000Z',
    '0190f8b0-0002-7002-8002-000000003de0,Trial Team,2026-02-01T08:00:00.000Z',
    '0190f8b0-0002-7001-8002-000000001ef1,Acme Marketing,2026-01-12T08:15:00.000Z',
  ));
  const json = JSON.parse(await ok(['teams', 'list', '--json']));
  assert.equal(json.length, 7);
  assert.deepEqual(json[4], { id: '0190f8b0-0002-7003-8002-000000005ccf', name: null, createdAt: '2026-02-15T08:00:00.000Z' });
  assert.deepEqual(json[6], { id: ACME, name: 'Acme Marketing', createdAt: '2026-01-12T08:15:00.000Z' });
});

test('team get: plan and usage as a table, every field as CSV, the API\'s object as JSON', async () => {
  assert.equal(await ok(['team', 'get', ACME]), lines(
    'FIELD           VALUE',
    'id              0190f8b0-0002-7001-8002-000000001ef1',
    'name            Acme Marketing',
    'created         2026-01-12 08:15',
    'updated         —',
    'plan            Growth (active)',
    'billing         USD / month',
    'ends on         —',
    'members         4 / 8 (ok)',
    'accounts: gadw  3 / 15 (ok)',
    'accounts: fads  1 / 15 (ok)',
    'accounts: ga4   1 / 15 (ok)',
    'schedules       3 / 100 (ok)',
  ));
  assert.equal(await ok(['team', 'get', NO_PLAN]), lines(
    'FIELD      VALUE',
    'id         0190f8b0-0002-7004-8002-000000007bbe',
    'name       No Plan Team',
    'created    2026-03-01 08:00',
    'updated    —',
    'plan       none',
    'members    2 / no limit (ok)',
    'schedules  12 / no limit (ok)',
  ));
  const csv = (await ok(['team', 'get', ACME, '--csv'])).split('\n');
  assert.equal(csv[0], 'field,value');
  for (const row of ['name,Acme Marketing', 'updatedAt,', 'plan.limits.users.total,8', 'plan.destinations.additional.0,looker_studio',
    'usage.accountsPerConnector.gadw.count,3', 'usage.schedules.byFrequency.Weekly,2', 'usage.schedules.hasRestrictedFrequency,false']) {
    assert.ok(csv.includes(row), `${row} in\n${csv.join('\n')}`);
  }
  const team = JSON.parse(await ok(['team', 'get', ACME, '--json']));
  assert.equal(team.plan.name, 'Growth');
  assert.deepEqual(team.plan.limits.users, { base: 7, addons: 1, total: 8 });
  assert.deepEqual(team.usage.members, { count: 4, status: 'ok' });
  assert.equal(team.updatedAt, null);
});

test('members list: oldest first, a member without a name', async () => {
  assert.equal(await ok(['members', 'list', ACME]), lines(
    'ID                                    NAME          EMAIL                  ROLE    JOINED (UTC)',
    '0190f8b0-0001-7001-8001-000000001ef0  Ada Lovelace  ada@acme.example       owner   2026-02-01 09:00',
    '0190f8b0-0001-7002-8001-000000003ddf  Grace Hopper  grace@acme.example     editor  2026-02-02 09:00',
    '0190f8b0-0001-7003-8001-000000005cce  Linus Viewer  linus@acme.example     viewer  2026-02-03 09:00',
    '0190f8b0-0001-7006-8001-00000000b99b  —             nameless@acme.example  viewer  2026-02-04 09:00',
  ));
  assert.equal(await ok(['members', 'list', ACME, '--csv']), lines(
    'id,name,email,role,joinedAt',
    '0190f8b0-0001-7001-8001-000000001ef0,Ada Lovelace,ada@acme.example,owner,2026-02-01T09:00:00.000Z',
    '0190f8b0-0001-7002-8001-000000003ddf,Grace Hopper,grace@acme.example,editor,2026-02-02T09:00:00.000Z',
    '0190f8b0-0001-7003-8001-000000005cce,Linus Viewer,linus@acme.example,viewer,2026-02-03T09:00:00.000Z',
    '0190f8b0-0001-7006-8001-00000000b99b,,nameless@acme.example,viewer,2026-02-04T09:00:00.000Z',
  ));
  const json = JSON.parse(await ok(['members', 'list', ACME, '--json']));
  assert.deepEqual(json.map((m) => [m.name, m.role]), [['Ada Lovelace', 'owner'], ['Grace Hopper', 'editor'], ['Linus Viewer', 'viewer'], [null, 'viewer']]);
  // A viewer sees the same list.
  assert.deepEqual(JSON.parse((await tmr(['members', 'list', ACME, '--json'], { persona: 'viewer' })).stdout), json);
});

test('clients list: by name, unicode and a null domain', async () => {
  assert.equal(await ok(['clients', 'list', ACME]), lines(
    'ID                                    NAME          DOMAIN        STATUS  CREATED (UTC)',
    '0190f8b0-0004-7065-8004-0000000c344f  Acme Corp     acme.example  active  2026-04-02 12:00',
    '0190f8b0-0004-7066-8004-0000000c533e  Beta Brands   beta.example  active  2026-04-03 12:00',
    '0190f8b0-0004-7067-8004-0000000c722d  Café Ünïcode  —             active  2026-04-04 12:00',
  ));
  assert.equal(await ok(['clients', 'list', ACME, '--csv']), lines(
    'id,name,domain,status,createdAt',
    '0190f8b0-0004-7065-8004-0000000c344f,Acme Corp,acme.example,active,2026-04-02T12:00:00.000Z',
    '0190f8b0-0004-7066-8004-0000000c533e,Beta Brands,beta.example,active,2026-04-03T12:00:00.000Z',
    '0190f8b0-0004-7067-8004-0000000c722d,Café Ünïcode,,active,2026-04-04T12:00:00.000Z',
  ));
  const json = JSON.parse(await ok(['clients', 'list', ACME, '--json']));
  assert.equal(json.length, 3);
  assert.deepEqual(json[2].metadata, { logoUrl: null, brandColor: '#C0FFEE' });
  assert.equal(json[0].link, 'https://hub.twominutereports.com/clients/0190f8b0-0004-7065-8004-0000000c344f');
  // An empty list prints the header only.
  assert.equal(await ok(['clients', 'list', NO_PLAN]), lines('ID  NAME  DOMAIN  STATUS  CREATED (UTC)'));
  assert.equal(await ok(['clients', 'list', NO_PLAN, '--csv']), lines('id,name,domain,status,createdAt'));
  assert.equal(await ok(['clients', 'list', NO_PLAN, '--json']), '[]\n');
});

test('invites list: the pending invite', async () => {
  assert.equal(await ok(['invites', 'list', ACME]), lines(
    '  ID  EMAIL                    ROLE    STATUS   CREATED (UTC)',
    '4820  new.person@acme.example  viewer  pending  2026-06-10 09:00',
  ));
  assert.equal(await ok(['invites', 'list', ACME, '--csv']), lines('id,email,role,status,createdAt', '4820,new.person@acme.example,viewer,pending,2026-06-10T09:00:00.000Z'));
  assert.deepEqual(JSON.parse(await ok(['invites', 'list', ACME, '--json'])), [
    { id: 4820, email: 'new.person@acme.example', role: 'viewer', status: 'pending', createdAt: '2026-06-10T09:00:00.000Z' },
  ]);
});
