// The Node program: keys and the base URL from the environment (as scripts/with-mock.sh sets them
// for tmr-mock), the overview printed, failures explained. It asserts what it prints, so a wrong
// answer fails the run.
import assert from 'node:assert/strict';
import { OutlignClient, TmrClient, TmrError, type TmrClientOptions } from 'tmr-client';
import { explain, outlignRoundTrip, overview } from './report.js';
import { overviewInProcess } from './testing.js';

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
}

// Under exactOptionalPropertyTypes, an option may still be given as undefined (the default then).
const baseUrl: string | undefined = process.env['TMR_MOCK_URL'];
const options = (apiKey: string): TmrClientOptions => ({ apiKey, baseUrl, maxRetries: 1 });

const tmr = new TmrClient(options(env('TMR_TOKEN_OWNER')));
const report = await overview(tmr, 'Acme Marketing', AbortSignal.timeout(10_000));
console.log(`${report.team} — ${report.plan}; owners: ${report.owners.join(', ')}; seats left: ${report.seatsLeft ?? 'unlimited'}`);
for (const m of report.members) console.log(`  ${m.role.padEnd(6)} ${m.email}`);
console.log(`clicks: ${[...report.clicksByDay].map(([d, n]) => `${d.slice(5)} ${n}`).join(', ')}`);
assert.equal(report.team, 'Acme Marketing');
assert.ok(report.members.some((m) => m.email === 'ada@acme.example'));
assert.equal(report.clicksByDay.size, 7);

// Failures, explained by code.
const viewer = new TmrClient(options(env('TMR_TOKEN_VIEWER')));
const denied = await viewer.teams.rename((await viewer.teams.list())[0]?.id ?? '', 'Renamed').catch((e: unknown) => e);
assert.ok(denied instanceof TmrError);
const forbidden = explain(denied);
console.log(`viewer renaming the team: ${forbidden.line} → ${forbidden.advice}`);
assert.equal(forbidden.advice, 'not allowed');
const bad = explain(await tmr.members.list('not-a-team').catch((e: unknown) => e));
assert.equal(bad.advice, 'fix the input', bad.line);
const signedOut = explain(await new TmrClient(options('tmrc_live_' + 'x'.repeat(32))).teams.list().catch((e: unknown) => e));
assert.equal(signedOut.advice, 'sign in again', signedOut.line);

// Outlign, on the same mock.
const outlign = new OutlignClient({ accessToken: env('TMR_TOKEN_OUTLIGN_ALICE'), baseUrl });
const renamed = await outlignRoundTrip(outlign, 'Strict Co');
console.log(`outlign: client ${renamed.id} "${renamed.title}" created, renamed and deleted`);
assert.equal(renamed.title, 'Strict Co (renamed)');
// The same overview on tmr-client/mock, in process.
const inProcess = await overviewInProcess();
assert.deepEqual(inProcess.report.members.map((m) => m.email), report.members.map((m) => m.email));
assert.equal(inProcess.mock.stats().requests['teams.list']?.['owner'], 1);
console.log(`in process (tmr-client/mock): ${inProcess.report.team}, ${inProcess.report.members.length} members, as over HTTP`);
console.log('ts-strict (node16, ESM): ok');
