// The Vite consumer: this app built with Vite's defaults (its JS API, from the repo's tools/;
// warnings count as failures), the .wasm emitted as an asset byte for byte, the built page served
// by tmr-mock (`--static dist`) and run in headless Chromium, showing the mock's data, with the
// .wasm fetched from the emitted asset.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { keys, tools, viteBuild, visit } from '../browser.mjs';

const app = new URL('.', import.meta.url).pathname;
const { version } = tools('vite/package.json');

test(`a Vite ${version} build of the app shows the mock's data in headless Chromium`, async () => {
  const { files, warnings } = await viteBuild(app);
  assert.deepEqual(warnings, [], 'vite build warns of nothing');
  const wasm = files.filter((f) => f.type === 'asset' && f.fileName.endsWith('.wasm'));
  assert.equal(wasm.length, 1, `one .wasm asset, got ${files.map((f) => f.fileName).join(', ')}`);
  const installed = await readFile(`${app}node_modules/tmr-client/wasm/tmr_client_bg.wasm`);
  assert.ok(Buffer.from(wasm[0].source).equals(installed), "the package's .wasm, unchanged");
  const wasmName = wasm[0].fileName.split('/').pop();
  assert.ok(files.some((f) => f.type === 'chunk' && f.code.includes(wasmName)), 'the bundle refers to the emitted .wasm');
  assert.ok((await readdir(`${app}dist/assets`)).includes(wasmName), 'the .wasm is in dist/assets');

  const { results, text, served, problems } = await visit(`/?${keys('owner', 'viewer')}`);
  assert.equal(results.crash, undefined);
  assert.equal(results.role, 'viewer');
  assert.ok(results.teams.includes('Acme Marketing'), results.teams.join(', '));
  assert.ok(results.members.includes('ada@acme.example'));
  assert.ok(results.clients.length > 0);
  assert.deepEqual(results.error, { code: 'FORBIDDEN', status: 403, name: 'TmrError', isError: true });
  assert.equal(results.invalid, 'INVALID_ARGUMENT');
  assert.match(text, /Acme Marketing/);
  assert.match(text, /ada@acme\.example/);
  assert.match(text, /FORBIDDEN: /);
  assert.deepEqual(served.filter((r) => r.path.endsWith('.wasm')), [{ path: `/assets/${wasmName}`, status: 200, type: 'application/wasm' }], 'the page fetched the emitted .wasm');
  assert.ok(!served.some((r) => r.path.includes('node_modules')), 'nothing served from node_modules');
  assert.deepEqual(problems, []);
});
