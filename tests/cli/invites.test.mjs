// tmr invites send: a CSV with good, invalid, duplicate and already-member rows; batches stopped
// by an error every row would meet; pacing (rate-limited invites wait, they do not fail) against
// a mock whose windows are scaled by 0.02, with the CLI's windows scaled the same way.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACME, FULL_HOUSE, NO_PLAN, faultProxy, lines, reset, stats, tmr } from './helpers.mjs';

beforeEach(reset);
const dir = mkdtempSync(join(tmpdir(), 'tmr-cli-'));
const csv = (name, text) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const SCALED = { TMR_RATE_WINDOW_SCALE: '0.02' };
const created = async () => (await stats()).requests['invites.create']?.owner ?? 0;

// Line 1 header (any case, an extra column), 2 good, 3 bad e-mail, 4 already a member, 5 already
// invited, 6 bad role, 7 the same e-mail as line 2, 8 blank, 9 good without a role.
const MIXED = [
  'Email,Role,Name',
  'new1@example.com,Editor,New One',
  'not-an-email,,x',
  'grace@acme.example,viewer,',
  'new.person@acme.example,,',
  'new2@example.com,boss,',
  'NEW1@example.com,,',
  '',
  'new3@example.com',
  '',
].join('\n');

test('a mixed CSV: good rows invited, the others listed with the reason; exit 7', async () => {
  const file = csv('mixed.csv', MIXED);
  const r = await tmr(['invites', 'send', ACME, '--from', file]);
  assert.equal(r.code, 7, r.stderr);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, lines(
    `invited 2, skipped 2, failed 3, not sent 0 (of 7 rows in ${file})`,
    'LINE  EMAIL                    ROLE    STATUS   CODE              REASON',
    '   3  not-an-email             —       failed   INVALID_ARGUMENT  email must be an e-mail address; got "not-an-email"',
    '   4  grace@acme.example       viewer  skipped  —                 already a member of the team',
    '   5  new.person@acme.example  —       skipped  —                 an invite is already pending for this e-mail',
    '   6  new2@example.com         boss    failed   INVALID_ARGUMENT  role must be one of "viewer", "editor", "owner"; got "boss"',
    '   7  NEW1@example.com         —       failed   INVALID_ARGUMENT  the same e-mail as line 2',
  ));
  // Only the two good rows reached the API; the role was sent lower-cased, the missing one left to the API.
  assert.equal(await created(), 2);
  const invites = JSON.parse((await tmr(['invites', 'list', ACME, '--json'])).stdout);
  assert.deepEqual(invites.map((i) => [i.email, i.role]).sort(), [
    ['new.person@acme.example', 'viewer'], ['new1@example.com', 'editor'], ['new3@example.com', 'viewer']]);
});

test('the same batch as JSON and CSV: every row, and the failures summarised on stderr', async () => {
  const file = csv('mixed.csv', MIXED);
  const json = await tmr(['invites', 'send', ACME, '--from', file, '--json']);
  assert.equal(json.code, 7);
  const out = JSON.parse(json.stdout);
  assert.deepEqual({ ...out, rows: out.rows.length }, { team: ACME, invited: 2, skipped: 2, failed: 3, notSent: 0, rows: 7 });
  assert.deepEqual(out.rows[0], { line: 2, email: 'new1@example.com', role: 'editor', status: 'invited', code: null, message: null });
  assert.deepEqual(out.rows[2], { line: 4, email: 'grace@acme.example', role: 'viewer', status: 'skipped', code: null, message: 'already a member of the team' });
  assert.deepEqual(out.rows[6], { line: 9, email: 'new3@example.com', role: null, status: 'invited', code: null, message: null });
  assert.equal(json.stderr, lines(
    `tmr: invited 2, skipped 2, failed 3, not sent 0 (of 7 rows in ${file})`,
    '  line 3 not-an-email: failed: INVALID_ARGUMENT: email must be an e-mail address; got "not-an-email"',
    '  line 6 new2@example.com: failed: INVALID_ARGUMENT: role must be one of "viewer", "editor", "owner"; got "boss"',
    '  line 7 NEW1@example.com: failed: INVALID_ARGUMENT: the same e-mail as line 2',
  ));
  // Run again: what was invited is now skipped as already pending.
  const again = await tmr(['invites', 'send', ACME, '--from', file, '--csv']);
  assert.equal(again.code, 7);
  assert.equal(again.stdout, lines(
    'line,email,role,status,code,message',
    '2,new1@example.com,editor,skipped,,an invite is already pending for this e-mail',
    '3,not-an-email,,failed,INVALID_ARGUMENT,"email must be an e-mail address; got ""not-an-email"""',
    '4,grace@acme.example,viewer,skipped,,already a member of the team',
    '5,new.person@acme.example,,skipped,,an invite is already pending for this e-mail',
    '6,new2@example.com,boss,failed,INVALID_ARGUMENT,"role must be one of ""viewer"", ""editor"", ""owner""; got ""boss"""',
    '7,NEW1@example.com,,failed,INVALID_ARGUMENT,the same e-mail as line 2',
    '9,new3@example.com,,skipped,,an invite is already pending for this e-mail',
  ));
});

test('all rows good, from stdin: exit 0', async () => {
  const r = await tmr(['invites', 'send', NO_PLAN, '--from', '-'], { input: 'role,email\nowner,a@example.com\n,b@example.com\n' });
  assert.deepEqual([r.code, r.stdout, r.stderr], [0, 'invited 2, skipped 0, failed 0, not sent 0 (of 2 rows in -)\n', '']);
});

test('a CSV that cannot be used: exit 2 naming --from and what is wrong', async () => {
  const cases = [
    ['name,role\nx,viewer\n', /^error: --from -: the header row has no "email" column \(found: name, role\); the columns are email and, optionally, role\n$/],
    ['email,role\n', /^error: --from -: no rows after the header row\n$/],
    ['', /^error: --from -: the header row has no "email" column \(found: nothing\)/],
    ['email\n"a@example.com\n', /^error: --from -: not valid CSV: Quote Not Closed/],
  ];
  for (const [input, message] of cases) {
    const r = await tmr(['invites', 'send', ACME, '--from', '-'], { input });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, message);
  }
  const missing = await tmr(['invites', 'send', ACME, '--from', join(dir, 'nope.csv')]);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, `error: --from: cannot read ${JSON.stringify(join(dir, 'nope.csv'))}: no such file\n`);
  assert.equal(await created(), 0);
});

test('an error every row would meet stops the batch: plan limit, key scope, role (exit 3)', async () => {
  const file = csv('two.csv', 'email,role\na1@example.com,viewer\na2@example.com,\n');
  const full = await tmr(['invites', 'send', FULL_HOUSE, '--from', file]);
  assert.equal(full.code, 3);
  assert.equal(full.stdout, lines(
    `invited 0, skipped 0, failed 1, not sent 1 (of 2 rows in ${file})`,
    'LINE  EMAIL           ROLE    STATUS    CODE       REASON',
    '   2  a1@example.com  viewer  failed    FORBIDDEN  You\'ve reached your plan\'s user limit of 3. Remove a member or upgrade your plan.',
    '   3  a2@example.com  —       not sent  —          the batch stopped at line 2 (FORBIDDEN)',
  ));
  const scoped = await tmr(['invites', 'send', ACME, '--from', file, '--json'], { persona: 'readonly' });
  assert.equal(scoped.code, 3);
  assert.deepEqual(JSON.parse(scoped.stdout).rows.map((r) => [r.status, r.code]), [['failed', 'INSUFFICIENT_PERMISSIONS'], ['not sent', null]]);
  // Not an owner: refused before any row, by the check of the team's members and invites.
  const editor = await tmr(['invites', 'send', ACME, '--from', file], { persona: 'editor' });
  assert.equal(editor.code, 3);
  assert.equal(editor.stdout, '');
  assert.match(editor.stderr, /^error: FORBIDDEN \(403\) from invites\.list: .*needs the owner role/);
});

test('more invites than a rate window holds: the ones past the 15th wait for their slot, all succeed', async () => {
  const rows = Array.from({ length: 20 }, (_, i) => `person${i}@example.com,viewer`);
  const file = csv('twenty.csv', ['email,role', ...rows].join('\n'));
  const started = Date.now();
  const r = await tmr(['invites', 'send', NO_PLAN, '--from', file, '--progress'], { env: SCALED });
  const elapsed = Date.now() - started;
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.stdout, `invited 20, skipped 0, failed 0, not sent 0 (of 20 rows in ${file})\n`);
  // The invite window is 5 min × 0.02 = 6 s: the 16th invite waited for the first one to leave it.
  assert.ok(elapsed >= 6000, `took ${elapsed} ms`);
  assert.match(r.stderr, /invites .* 15\/20 waiting \d+ s for the invite rate limit/);
  assert.match(r.stderr, /invites .* 20\/20 invited/);
  const s = await stats();
  // 20, or one more if a window's edge let the server refuse one (it waits and goes again).
  assert.ok(s.requests['invites.create'].owner >= 20 && s.requests['invites.create'].owner <= 21, JSON.stringify(s.requests));
  assert.ok(s.maxAdmittedPerWindow.invite <= 15, JSON.stringify(s.maxAdmittedPerWindow));
  assert.equal(JSON.parse((await tmr(['invites', 'list', NO_PLAN, '--json'])).stdout).length, 20);
});

test('a 429 from the server (another process using the key): the invite waits and goes again', async () => {
  let first = true;
  const proxy = await faultProxy('status=429; retry-after=1', (req) => {
    const hit = first && req.method === 'POST';
    if (hit) first = false;
    return hit;
  });
  try {
    const file = csv('three.csv', 'email\nx1@example.com\nx2@example.com\nx3@example.com\n');
    const r = await tmr(['invites', 'send', NO_PLAN, '--from', file, '--json'], { env: { ...SCALED, TMR_BASE_URL: proxy.url } });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).rows.map((x) => x.status), ['invited', 'invited', 'invited']);
    // Four requests: the first answered 429, then sent again.
    assert.equal(await created(), 4);
    assert.equal(JSON.parse((await tmr(['invites', 'list', NO_PLAN, '--json'])).stdout).length, 3);
  } finally {
    await proxy.close();
  }
});

test('a 429 asking for longer than an invite ever waits stops the batch at once (exit 5)', async () => {
  let first = true;
  const proxy = await faultProxy('status=429; retry-after=100000', (req) => {
    const hit = first && req.method === 'POST';
    if (hit) first = false;
    return hit;
  });
  try {
    const file = csv('two.csv', 'email\ny1@example.com\ny2@example.com\n');
    const started = Date.now();
    const r = await tmr(['invites', 'send', NO_PLAN, '--from', file, '--json'], { env: { ...SCALED, TMR_BASE_URL: proxy.url } });
    assert.equal(r.code, 5, r.stderr);
    assert.ok(Date.now() - started < 20_000, 'not waited out');
    assert.equal(await created(), 1, 'nothing sent after it');
  } finally {
    await proxy.close();
  }
});

test('Ctrl-C while invites wait for their slot: what was sent is listed, the rest not sent; exit 130', async () => {
  const file = csv('twenty.csv', ['email', ...Array.from({ length: 20 }, (_, i) => `p${i}@example.com`)].join('\n'));
  const r = await tmr(['invites', 'send', NO_PLAN, '--from', file, '--json'], {
    env: SCALED,
    onSpawn: async (child) => {
      while ((await created()) < 15) await new Promise((resolve) => setTimeout(resolve, 50));
      setTimeout(() => child.kill('SIGINT'), 300);
    },
  });
  assert.equal(r.code, 130, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual([out.invited, out.notSent], [15, 5]);
  assert.deepEqual(out.rows[15], { line: 17, email: 'p15@example.com', role: null, status: 'not sent', code: null, message: 'interrupted' });
  assert.match(r.stderr, /line 17 p15@example\.com: not sent: interrupted/);
  assert.equal(await created(), 15);
});
