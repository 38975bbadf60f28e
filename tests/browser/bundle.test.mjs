// The package as a Vite user gets it: the app in tests/browser/vite is copied to a temp dir, the
// npm-packed pkg/ is installed there as a dependency (what a user's `npm install tmr-client`
// yields: only the files the package publishes, resolved through its `exports`), the app is built
// with Vite's defaults, and the output is served from a loopback server to Debian's headless
// Chromium. The .wasm must be emitted as an asset and the client usable as soon as the import
// resolves (the entry's top-level await, no `ready()`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { CHROMIUM_ARGS } from './chromium.mjs';

const require = createRequire(new URL('../../tools/', import.meta.url));
const { chromium } = require('playwright-core');
const { build, version: viteVersion } = await import(pathToFileURL(require.resolve('vite')).href);
const root = new URL('../../', import.meta.url).pathname;
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TEAM = { id: '0190f8b0-1a2b-7c3d-8e4f-5a6b7c8d9e0f', name: 'Acme', createdAt: '2026-01-12T08:15:00.000Z' };

function npm(args, cwd) {
  return execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8' });
}

function serve(dir) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    const file = join(dir, path === '/' ? 'index.html' : path);
    try {
      if (!file.startsWith(dir + sep)) throw new Error('outside the output dir');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test(`a Vite ${viteVersion} build of an app importing the package works in headless Chromium`, async () => {
  const tmp = await mkdtemp(join(tmpdir(), 'tmr-vite-'));
  let server, browser;
  try {
    // The app, with the packed package installed as a user would.
    const app = join(tmp, 'app');
    const outDir = join(tmp, 'dist');
    await cp(new URL('./vite/', import.meta.url), app, { recursive: true });
    const [{ filename }] = JSON.parse(npm(['pack', join(root, 'pkg'), '--pack-destination', tmp, '--json'], tmp));
    npm(['install', join(tmp, filename)], app);

    // Vite's defaults (no config file, default build target); warnings count as failures.
    const warnings = [];
    const output = await build({
      root: app,
      configFile: false,
      logLevel: 'warn',
      customLogger: {
        info() {}, warnOnce(m) { warnings.push(m); }, warn(m) { warnings.push(m); }, error(m) { warnings.push(m); },
        clearScreen() {}, hasErrorLogged: () => false, hasWarned: false,
      },
      build: { outDir, emptyOutDir: true },
    });
    assert.deepEqual(warnings, [], 'vite build warns of nothing');
    const files = (Array.isArray(output) ? output : [output]).flatMap((o) => o.output);
    const wasm = files.filter((f) => f.type === 'asset' && f.fileName.endsWith('.wasm'));
    assert.equal(wasm.length, 1, `one .wasm asset emitted, got ${files.map((f) => f.fileName).join(', ')}`);
    assert.deepEqual(Buffer.from(wasm[0].source), await readFile(join(root, 'pkg/wasm/tmr_client_bg.wasm')), 'the package\'s .wasm, unchanged');
    const wasmName = wasm[0].fileName.split('/').pop();
    const chunks = files.filter((f) => f.type === 'chunk');
    assert.ok(chunks.some((c) => c.code.includes(wasmName)), 'the bundle refers to the emitted .wasm');
    assert.ok((await readdir(join(outDir, 'assets'))).includes(wasmName), 'the .wasm is in the output dir');

    server = await serve(outDir);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    const problems = [];
    const served = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`));
    page.on('response', (r) => {
      served.push([new URL(r.url()).pathname, r.status(), r.headers()['content-type']]);
      if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`);
    });
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    const results = await page.waitForFunction(() => window.__results, null, { timeout: 15000 }).then((h) => h.jsonValue());
    assert.equal(results.crash, undefined);
    assert.equal(results.role, 'viewer');
    assert.deepEqual(results.teams, [TEAM]);
    assert.deepEqual(results.error, { code: 'INVALID_ARGUMENT', isTmr: true, isError: true, name: 'TmrError' });
    assert.equal(results.calls.length, 1, 'the invalid id is refused before any request');
    assert.match(results.calls[0][0], /^https:\/\/.+\/teams$/);
    assert.equal(results.calls[0][1], 'GET');
    assert.deepEqual(served.filter(([path]) => path.endsWith('.wasm')), [[`/assets/${wasmName}`, 200, 'application/wasm']]);
    assert.deepEqual(problems, []);
  } finally {
    await browser?.close();
    server?.close();
    await rm(tmp, { recursive: true, force: true });
  }
});
