// The command line as packaged: its bin, its pinned dependencies, and none of them reachable from
// the library's entries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessSync, constants, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('./node_modules/tmr-client/', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const DEPS = ['@hono/node-server', 'cli-progress', 'commander', 'csv-parse', 'csv-stringify', 'hono'];

test('bin: tmr is cli/tmr.mjs, a node script, installed as node_modules/.bin/tmr', () => {
  assert.deepEqual(pkg.bin, { tmr: './cli/tmr.mjs' });
  assert.match(readFileSync(join(root, 'cli/tmr.mjs'), 'utf8'), /^#!\/usr\/bin\/env node\n/);
  accessSync(fileURLToPath(new URL('./node_modules/.bin/tmr', import.meta.url)), constants.X_OK);
});

test('dependencies: the CLI\'s six (tmr proxy\'s server among them), pinned to exact versions', () => {
  assert.deepEqual(Object.keys(pkg.dependencies).sort(), DEPS);
  for (const [name, version] of Object.entries(pkg.dependencies)) assert.match(version, /^\d+\.\d+\.\d+$/, name);
});

test('only cli/ imports them: the browser, Node and CommonJS entries do not', () => {
  const files = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (e.name === 'cli' && dir === root ? [] : files(join(dir, e.name))) : [join(dir, e.name)]);
  const code = files(root).filter((f) => /\.(m|c)?js$/.test(f));
  assert.ok(code.some((f) => f.endsWith('index.js')) && code.some((f) => f.endsWith('node.cjs')));
  for (const file of code) {
    const text = readFileSync(file, 'utf8');
    for (const dep of DEPS) assert.ok(!text.includes(`'${dep}`) && !text.includes(`"${dep}`), `${dep} in ${file}`);
  }
  // And cli/ does import them, and the package itself only through its own entry.
  const cli = readdirSync(join(root, 'cli'), { recursive: true }).filter((f) => f.endsWith('.mjs')).map((f) => readFileSync(join(root, 'cli', f), 'utf8')).join('\n');
  for (const dep of DEPS) assert.ok(cli.includes(`from '${dep}`), dep);
  assert.ok(!/from '\.\.\/(\.\.\/)?(node|index|api)\.m?js'/.test(cli), 'cli/ imports tmr-client, not a file of it');
});
