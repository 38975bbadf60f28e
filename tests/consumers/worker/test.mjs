// The worker consumer: tmr-client in a module Web Worker in headless Chromium, unbundled
// (plain.html) and bundled by Vite (dist/index.html; the worker's chunk and the .wasm emitted),
// each showing the mock's data that the worker posted back. The folder is served by tmr-mock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { keys, viteBuild, visit } from '../browser.mjs';

const app = new URL('.', import.meta.url).pathname;

function check({ results, text, served, problems }, wasmPath) {
  assert.equal(results.crash, undefined);
  assert.equal(results.scope, 'worker', 'the client ran in the worker');
  assert.equal(results.team, 'Acme Marketing');
  assert.ok(results.members.includes('ada@acme.example'));
  assert.equal(typeof results.headroom, 'number');
  assert.deepEqual(results.denied, { code: 'FORBIDDEN', status: 403, isTmr: true });
  assert.equal(results.aborted, 'ABORTED');
  assert.match(text, /Acme Marketing: .*ada@acme\.example/);
  assert.ok(served.some((r) => wasmPath.test(r.path) && r.status === 200 && r.type === 'application/wasm'), `the worker fetched the .wasm: ${JSON.stringify(served)}`);
  assert.deepEqual(problems, []);
}

test('a module worker importing the installed files, no bundler', async () => {
  check(await visit(`/plain.html?${keys('owner', 'viewer')}`), /^\/node_modules\/tmr-client\/wasm\/tmr_client_bg\.wasm$/);
});

test('a module worker bundled by Vite (worker.format "es")', async () => {
  const { warnings } = await viteBuild(app);
  assert.deepEqual(warnings, []);
  const assets = await readdir(`${app}dist/assets`);
  assert.ok(assets.some((f) => /^worker-.*\.js$/.test(f)), `a worker chunk: ${assets}`);
  const wasm = assets.filter((f) => f.endsWith('.wasm'));
  assert.equal(wasm.length, 1, `one .wasm: ${assets}`);
  check(await visit(`/dist/index.html?${keys('owner', 'viewer')}`), new RegExp(`^/dist/assets/${wasm[0].replace('.', '\\.')}$`));
});
