// The plain-page consumer: this folder (with the tarball installed in node_modules/) served by
// tmr-mock and opened in headless Chromium, no bundler. Folded in from tests/browser/entry.test.mjs
// (its assertions kept), now against the mock: data on the page, the API's 403, and the package's
// files fetched straight from node_modules/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keys, visit } from '../browser.mjs';

const TEAM = '0190f8b0-1a2b-7c3d-8e4f-5a6b7c8d9e0f';

test('the browser entry from a plain module script: the mock\'s data, errors, abort, both fetches', async () => {
  const { results, text, served, problems } = await visit(`/index.html?${keys('owner', 'viewer')}`);
  assert.equal(results.crash, undefined);
  assert.equal(results.atImport, 'viewer', 'helpers work as soon as the import resolves');
  assert.equal(results.badOptions, 'INVALID_ARGUMENT', 'the constructor checks its options at once');
  assert.ok(results.teams.includes('Acme Marketing'), results.teams.join(', '));
  assert.ok(results.members.includes('ada@acme.example'));
  assert.match(text, /Acme Marketing/, 'the teams are on the page');
  assert.deepEqual(results.mockError, { code: 'FORBIDDEN', status: 403, isError: true, isTmr: true, endpoint: 'teams.rename' });
  assert.match(text, /FORBIDDEN: /);
  assert.deepEqual(results.stubTeams, [{ id: TEAM, name: null, createdAt: '2026-01-12T08:15:00.000Z' }]);
  assert.deepEqual(results.stubError, { code: 'FORBIDDEN', status: 403, isError: true, isTmr: true, message: 'You do not have permission to perform this action' });
  assert.equal(results.aborted, 'ABORTED');
  assert.deepEqual(results.viaGlobal, []);
  assert.deepEqual(results.calls, [
    ['http://localhost:1/teams', 'GET'],
    [`http://localhost:1/teams/${TEAM}`, 'GET'],
    ['http://localhost:1/teams', 'GET', 'manual', 'Bearer tmrc_live_page'],
  ]);
  const files = served.filter((r) => r.path.startsWith('/node_modules/tmr-client/')).map((r) => [r.path, r.status, r.type]);
  for (const file of ['index.js', 'api.js', 'error.js', 'wasm/tmr_client.js']) {
    assert.ok(files.some(([p, s, t]) => p === `/node_modules/tmr-client/${file}` && s === 200 && t === 'text/javascript'), `${file} served: ${JSON.stringify(files)}`);
  }
  assert.ok(files.some(([p, s, t]) => p.endsWith('/tmr_client_bg.wasm') && s === 200 && t === 'application/wasm'), 'the .wasm fetched');
  assert.deepEqual(problems, []);
});

test('a panic in the browser (test-hooks build): pending calls reject, a new client works', async () => {
  // The test-hooks build is a debug build whose glue logs the deliberate trap as it passes through.
  const deliberate = /imported JS function that was not marked as `catch` threw an error: unreachable/;
  const { results, problems } = await visit('/panic.html', { allowed: [deliberate] });
  assert.equal(results.crash, undefined);
  assert.deepEqual(results.panic, ['INTERNAL_SDK_ERROR', 'INTERNAL_SDK_ERROR']);
  assert.equal(results.afterPanic, 0);
  assert.deepEqual(problems, []);
});
