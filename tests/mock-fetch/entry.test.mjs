// tmr-client/mock is a separate entry: the main entry imports none of it, the main .wasm holds
// none of the mock, and the mock's .wasm exports none of the SDK's JS face.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const pkgDir = fileURLToPath(new URL('.', import.meta.resolve('tmr-client/package.json')));
const exportsOf = (file) => WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(`${pkgDir}${file}`))).map((e) => e.name);

test('the package resolves ./mock to its own files, for import and require', () => {
  assert.equal(fileURLToPath(import.meta.resolve('tmr-client/mock')), `${pkgDir}mock/node.mjs`);
  assert.equal(require.resolve('tmr-client/mock'), `${pkgDir}mock/node.cjs`);
  const pkg = JSON.parse(readFileSync(`${pkgDir}package.json`, 'utf8'));
  assert.equal(pkg.exports['./mock'].default, './mock/index.js', 'browsers and bundlers');
  assert.equal(pkg.exports['./mock'].import.types, './mock/index.d.ts');
});

test('the main entry does not reach the mock', () => {
  for (const file of ['index.js', 'node.mjs', 'node.cjs', 'api.js', 'wasm/tmr_client.js']) {
    assert.doesNotMatch(readFileSync(`${pkgDir}${file}`, 'utf8'), /tmr_mock|mock\//, file);
  }
  const main = exportsOf('wasm/tmr_client_bg.wasm');
  assert.ok(main.some((n) => n.startsWith('tmrclient_')), 'the main .wasm is the SDK');
  assert.ok(!main.some((n) => /mock/i.test(n)), 'and holds no mock export');
});

test("the mock's .wasm exports the engine and none of the SDK's JS face", () => {
  const names = exportsOf('mock/wasm/tmr_mock_bg.wasm');
  assert.ok(names.includes('mockengine_handle'));
  assert.deepEqual(names.filter((n) => /tmrclient|outlignclient|planheadroom|__init/i.test(n)), []);
});
