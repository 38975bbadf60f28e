// The proxy and async-context part of `make bench` (Node): prints JSON results. Run through
// scripts/bench.sh (mock with rate limits off; the clients' pacing off). Each part runs in a fresh
// process of its own (this file with the part's name), so none sees another's state: enabled
// async hooks, warmed-up code, connections.
//   proxy        `teams.get` through createTmrProxy ('tmr-client/proxy'): mounted on a loopback
//                HTTP server by @hono/node-server's getRequestListener, and called in process
//                (`handler(new Request(…))`), against plain fetch + json() straight from the mock;
//                three arms interleaved call by call.
//   context      the same TmrClient call (`teams.get`, cache and pacing off) with the async-context
//                capture as shipped (the package's Node entry) and without it (a second instance
//                of the same glue and .wasm, initialised with no capture), and a control (a third
//                instance without: the noise), interleaved call by call, medians: against the
//                mock; with the global fetch answering from memory (the same path with no I/O, so
//                the µs are the SDK's own); with `options.fetch` answering from memory. Plus
//                `new AsyncResource()` + `runInAsyncScope` alone.
//   context-als  the same inside AsyncLocalStorage.run (async hooks on: what a caller that uses
//                the context pays), and a check that the arms differ as intended.
// @hono/node-server comes from tools/ (the bench's npm dependencies, as browser.mjs's
// playwright-core), pinned to the version the package's own `tmr proxy` uses.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createServer } from 'node:http';
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import assert from 'node:assert/strict';
import { median, percentile, summary, round } from './stats.mjs';

const pkgDir = new URL('../pkg/', import.meta.url);
const URL_ = process.env.TMR_MOCK_URL;
const KEY = process.env.TMR_TOKEN_OWNER;
const headers = { Authorization: `Bearer ${KEY}`, Accept: 'application/json' };
const log = (m) => process.stderr.write(`bench: ${m}\n`);
const part = process.argv[2];

if (!part) {
  // The parent: each part in a fresh process; their results merged.
  const run = (name) => JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), name], { env: process.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 }));
  const proxy = run('proxy');
  const plain = run('context');
  const als = run('context-als');
  console.log(JSON.stringify({ proxy, async_context: { plain, als } }, null, 2));
  process.exit(0);
}

assert.ok(URL_ && KEY, 'run through scripts/with-mock.sh (TMR_MOCK_URL, TMR_TOKEN_OWNER)');
const { TmrClient, TmrError } = await import(new URL('node.mjs', pkgDir));
const options = { apiKey: KEY, baseUrl: URL_, rateLimit: false, maxRetries: 0 };
const acme = await (async () => {
  const teams = await new TmrClient(options).teams.list();
  return (teams.find((t) => t.name === 'Acme Marketing') ?? teams[0]).id;
})();
const perms = (xs) => (xs.length <= 1 ? [xs] : xs.flatMap((x, i) => perms([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p])));

/** Each arm timed call by call, `n` times, the arms' order cycling through every permutation. */
async function interleaved(arms, n, warm) {
  const names = Object.keys(arms);
  for (let i = 0; i < warm; i++) for (const k of names) await arms[k]();
  const orders = perms(names);
  const t = Object.fromEntries(names.map((k) => [k, []]));
  for (let i = 0; i < n; i++) {
    for (const k of orders[i % orders.length]) {
      const t0 = performance.now();
      await arms[k]();
      t[k].push(performance.now() - t0);
    }
  }
  return t;
}

/** Each arm in batches of `size` sequential calls, `rounds` times, the arms' order cycling: per
 * round and arm the wall and CPU (this process) time per call in µs. */
async function batches(arms, rounds, size, warm = 1) {
  const names = Object.keys(arms);
  const once = async (f) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < size; i++) await f();
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    return { wall: (wall * 1000) / size, cpu: (c.user + c.system) / size };
  };
  for (let i = 0; i < warm; i++) for (const k of names) await once(arms[k]);
  const orders = perms(names);
  const out = Object.fromEntries(names.map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) for (const k of orders[r % orders.length]) out[k].push(await once(arms[k]));
  return Object.assign(out, { size });
}

/** `with` against `without` from call-by-call times (ms) of interleaved(): the medians per call
 * (µs), their difference, the same difference for `control` (a second arm without: the
 * resolution of this run), and the difference in each half of the run (its stability). */
function compare(t) {
  const us = (xs) => median(xs) * 1000;
  const added = (k, part = (x) => x) => round(us(part(t[k])) - us(part(t.without)), 2);
  const halves = [(xs) => xs.slice(0, xs.length >> 1), (xs) => xs.slice(xs.length >> 1)];
  return {
    with_us: round(us(t.with), 2),
    without_us: round(us(t.without), 2),
    added_us: added('with'),
    control_us: added('control'),
    halves_added_us: halves.map((h) => added('with', h)),
    ratio: round(us(t.with) / us(t.without), 4),
    n: t.with.length,
  };
}

if (part === 'proxy') {
  // @hono/node-server from tools/ (the bench's dependencies, as playwright-core for browser.mjs).
  const requireTools = createRequire(new URL('../tools/', import.meta.url));
  let adapter, main;
  try {
    main = requireTools.resolve('@hono/node-server');
    adapter = requireTools('@hono/node-server');
  } catch (e) {
    throw new Error(`bench/proxy.mjs: @hono/node-server is not installed in tools/ (add it to tools/package.json, pinned as in pkg-template/package.json, then scripts/setup.sh): ${e.message}`);
  }
  const adapterVersion = JSON.parse(readFileSync(join(dirname(main), '..', 'package.json'), 'utf8')).version;
  const { createTmrProxy } = await import(new URL('proxy.mjs', pkgDir));
  const handler = createTmrProxy({ ...options, basePath: '/api/tmr', allow: ['teams.get'] });
  // As the package's own server (the CLI's `tmr proxy`) mounts it: Node's Request and Response
  // globals kept.
  const server = createServer(adapter.getRequestListener(handler, { overrideGlobalObjects: false }));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxyUrl = `http://127.0.0.1:${server.address().port}/api/tmr/teams/${acme}`;
  const inProcessUrl = `http://127.0.0.1/api/tmr/teams/${acme}`;
  const body = async (res) => {
    assert.equal(res.status, 200);
    return (await res.json()).data;
  };
  const arms = {
    http: async () => body(await fetch(proxyUrl)),
    in_process: async () => body(await handler(new Request(inProcessUrl))),
    direct: async () => body(await fetch(`${URL_}/teams/${acme}`, { headers })),
  };
  const same = await arms.direct();
  for (const f of [arms.http, arms.in_process]) assert.deepEqual(await f(), same);

  log(`proxy: teams.get through createTmrProxy (HTTP via @hono/node-server ${adapterVersion}, and in process) against direct fetch, interleaved`);
  const t = await interleaved(arms, 2000, 100);
  const ms = (k) => median(t[k]);
  const us = (x) => round(x * 1000, 1);
  log('proxy: CPU per forwarded call (this process: page, adapter and proxy; not the mock)');
  const cpu = await batches(arms, 12, 200);
  const cpuUs = (k) => round(median(cpu[k].map((x) => x.cpu)), 1);
  server.close();
  console.log(JSON.stringify({
    adapter: `@hono/node-server ${adapterVersion}`,
    http: summary(t.http),
    in_process: summary(t.in_process),
    direct: summary(t.direct),
    http_added_us: us(ms('http') - ms('direct')),
    in_process_added_us: us(ms('in_process') - ms('direct')),
    hop_us: us(ms('http') - ms('in_process')),
    http_ratio: round(ms('http') / ms('direct')),
    in_process_ratio: round(ms('in_process') / ms('direct')),
    cpu: { http_us: cpuUs('http'), in_process_us: cpuUs('in_process'), direct_us: cpuUs('direct') },
  }));
} else if (part === 'context' || part === 'context-als') {
  // Without: a second instance of the package's glue and .wasm, initialised as the Node entry
  // does (api.js's start) but with no capture, so calls run their JS directly; its TmrClient is
  // used as is (the package's exports forward to the shared instance, which has the capture).
  // A third instance, also without, is the control: its distance to the second is the noise.
  const { createGlue } = await import(new URL('wasm/tmr_client.js', pkgDir));
  const compiled = new WebAssembly.Module(readFileSync(new URL('wasm/tmr_client_bg.wasm', pkgDir)));
  const bare = () => {
    const glue = createGlue();
    glue.initSync({ module: compiled });
    glue.__init(TmrError.prototype, () => {}, undefined, undefined);
    return glue;
  };
  const glues = [bare(), bare()];
  const team = await new TmrClient(options).teams.get(acme);
  const answer = JSON.stringify({ success: true, data: team });
  const memoryFetch = async () => new Response(answer, { status: 200, headers: { 'content-type': 'application/json' } });
  const realFetch = globalThis.fetch;
  const clientsOf = (extra = {}) => {
    const o = { ...options, ...extra };
    return { with: new TmrClient(o), without: new glues[0].TmrClient(o), control: new glues[1].TmrClient(o) };
  };
  const armsOf = (clients) => Object.fromEntries(Object.entries(clients).map(([k, c]) => [k, () => c.teams.get(acme)]));

  const measure = async () => {
    const out = {};
    log(`async context${part === 'context-als' ? ' (inside AsyncLocalStorage.run)' : ''}: teams.get against the mock, with and without the capture`);
    out.mock = compare(await interleaved(armsOf(clientsOf()), 6000, 300));
    // The same path (the global fetch, called with the Request the SDK built), minus the socket.
    log('async context: teams.get, the global fetch answering from memory (no I/O)');
    globalThis.fetch = memoryFetch;
    try {
      out.memory_global = compare(await interleaved(armsOf(clientsOf()), 30_000, 2000));
    } finally {
      globalThis.fetch = realFetch;
    }
    log('async context: teams.get, options.fetch answering from memory (no I/O)');
    out.memory_option = compare(await interleaved(armsOf(clientsOf({ fetch: memoryFetch })), 30_000, 2000));
    log('async context: new AsyncResource() + runInAsyncScope alone');
    out.micro = micro();
    return out;
  };

  let result;
  if (part === 'context') {
    result = await measure();
  } else {
    const als = new AsyncLocalStorage();
    result = await als.run({ caller: 'bench' }, measure);
    // The arms differ as intended: three calls started in three contexts, from one task queue.
    const seen = { with: [], without: [] };
    const clients = clientsOf();
    for (const k of ['with', 'without']) {
      globalThis.fetch = async () => (seen[k].push(als.getStore()), memoryFetch());
      try {
        await Promise.all([1, 2, 3].map((i) => als.run(i, () => clients[k].teams.get(acme, { signal: new AbortController().signal }))));
      } finally {
        globalThis.fetch = realFetch;
      }
    }
    result.check = seen;
    assert.deepEqual(seen.with, [1, 2, 3], 'with the capture each fetch runs in its own call\'s context');
    assert.notDeepEqual(seen.without, [1, 2, 3], 'without the capture the fetches run in the task queue\'s context');
  }
  console.log(JSON.stringify(result));
} else {
  throw new Error(`bench/proxy.mjs: unknown part ${part}`);
}

/** ns per operation, medians of 15 interleaved rounds of 200,000: a plain call of a function,
 * the capture (`new AsyncResource`), a call through `runInAsyncScope` (as the SDK makes it:
 * `run.call(resource, f, this, a, b)`), and both, once per call as the SDK does. */
function micro(rounds = 15, n = 200_000) {
  const run = AsyncResource.prototype.runInAsyncScope;
  const f = (a, b) => a + b;
  const held = new AsyncResource('tmr-client');
  let sink = 0;
  const arms = {
    plain: () => { for (let i = 0; i < n; i++) sink += f.call(undefined, i, 1); },
    capture: () => { for (let i = 0; i < n; i++) sink += new AsyncResource('tmr-client').asyncId() & 1; },
    run: () => { for (let i = 0; i < n; i++) sink += run.call(held, f, undefined, i, 1); },
    capture_run: () => { for (let i = 0; i < n; i++) sink += run.call(new AsyncResource('tmr-client'), f, undefined, i, 1); },
  };
  const names = Object.keys(arms);
  const t = Object.fromEntries(names.map((k) => [k, []]));
  for (const k of names) arms[k]();
  for (let r = 0; r < rounds; r++) {
    for (const k of r % 2 ? [...names].reverse() : names) {
      const t0 = performance.now();
      arms[k]();
      t[k].push(((performance.now() - t0) * 1e6) / n);
    }
  }
  const ns = (k) => round(median(t[k]), 1);
  return { plain_ns: ns('plain'), capture_ns: ns('capture'), run_ns: ns('run'), capture_run_ns: ns('capture_run'), added_ns: round(ns('capture_run') - ns('plain'), 1), sink: sink > 0 };
}
