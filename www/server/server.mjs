// The demo dashboard's server (`make demo`): the page holds no key. It serves the assembled site
// (scripts/site.sh: www/ + the package's web build + Chart.js) and mounts tmr-client's proxy at
// /api/tmr, in front of tmr-mock. The page calls `new TmrClient({ baseUrl: '/api/tmr' })`; the
// proxy checks each request against the endpoint table and its `allow` list, rebuilds it and sends
// it upstream with the key, which stays in this process.
//
// The mock's personas (owner, editor, viewer, …) stand in for the users of a real app: one proxy
// per persona, each with that persona's key; the cookie `demo-persona` (set by the page's switcher)
// picks one, the owner by default. In a real app the choice of key (or the `authorize` check)
// comes from your own session instead.
//
//   node www/server/server.mjs --mock URL [--site DIR] [--port N]   prints: listening on http://127.0.0.1:PORT
//   GET /demo/personas   [{ persona, scopes }] (never a token)     GET /demo/outlign   { baseUrl } for outlign.html
//
// Hono on @hono/node-server: `serve` and `serveStatic`. `overrideGlobalObjects: false` keeps
// Node's own Request and Response globals (the adapter would otherwise swap in its own classes,
// process-wide, under the SDK's fetch). The versions are those of examples/proxy-server.
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { createTmrProxy } from 'tmr-client/proxy';

export const BASE_PATH = '/api/tmr';
export const PERSONA_COOKIE = 'demo-persona';
/** Everything the dashboard calls, by group (users.me alone: the dashboard never edits the user). */
export const ALLOW = ['users.me', 'teams.*', 'members.*', 'invites.*', 'clients.*', 'connections.*', 'connectors.*', 'data.*', 'platform.*'];

/** The mock's personas with their tokens and scopes (GET {mock}/__mock/personas), named ones only. */
export async function mockPersonas(mockUrl) {
  const res = await fetch(`${mockUrl}/__mock/personas`);
  if (!res.ok) throw new Error(`${mockUrl}/__mock/personas answered ${res.status}: is it tmr-mock?`);
  const list = await res.json();
  return list.filter((p) => typeof p?.persona === 'string' && typeof p?.token === 'string');
}

/** The persona used when the request names none: the owner, else the first one. */
export const defaultPersona = (personas) => (personas.some((p) => p.persona === 'owner') ? 'owner' : personas[0]?.persona);

/**
 * The demo's Hono app. `proxy` holds more createTmrProxy options for every persona's proxy (the
 * tests pass an upstream `fetch` that records requests and injects mock faults).
 */
export function demoApp({ site, mockUrl, personas, proxy = {} }) {
  const proxies = new Map(personas.map((p) => [p.persona,
    createTmrProxy({ ...proxy, apiKey: p.token, baseUrl: mockUrl, basePath: BASE_PATH, allow: ALLOW })]));
  const fallback = defaultPersona(personas);
  const app = new Hono();

  app.get('/demo/personas', (c) => c.json(personas.map(({ persona, scopes }) => ({ persona, scopes: scopes ?? null }))));
  // The Outlign page is not proxied (it uses an access token of its own, from the mock).
  app.get('/demo/outlign', (c) => c.json({ baseUrl: mockUrl }));

  app.all(`${BASE_PATH}/*`, (c) => {
    const name = getCookie(c, PERSONA_COOKIE) ?? fallback;
    const handler = proxies.get(name);
    if (handler) return handler(c.req.raw);
    // In the API's envelope, as the proxy's own answers are.
    return c.json({ success: false, error: { code: 'UNAUTHORIZED', message: `No demo persona ${JSON.stringify(name)} (GET /demo/personas lists them)` } }, 401);
  });

  app.use('/*', serveStatic({ root: site }));
  return app;
}

/** Start the demo server on loopback; resolves to `{ url, personas, close() }`. */
export async function startDemoServer({ site, mockUrl, port = 0, hostname = '127.0.0.1', proxy } = {}) {
  if (!site || !mockUrl) throw new Error('startDemoServer needs { site, mockUrl }');
  mockUrl = mockUrl.replace(/\/+$/, '');
  const personas = await mockPersonas(mockUrl);
  const app = demoApp({ site: resolve(site), mockUrl, personas, proxy });
  const { server, port: bound } = await new Promise((done, failed) => {
    const s = serve({ fetch: app.fetch, port, hostname, overrideGlobalObjects: false }, (info) => done({ server: s, port: info.port }));
    s.once('error', failed);
  });
  const close = () => new Promise((done) => {
    server.close(() => done());
    server.closeAllConnections?.(); // a browser's idle keep-alive connections
  });
  return { url: `http://${hostname}:${bound}`, personas: personas.map((p) => p.persona), close };
}

async function main() {
  const { values } = parseArgs({ options: { site: { type: 'string' }, mock: { type: 'string' }, port: { type: 'string' } } });
  const site = values.site ?? process.env.DEMO_SITE;
  const mockUrl = values.mock ?? process.env.TMR_MOCK_URL;
  const port = Number(values.port ?? process.env.PORT ?? 4010);
  if (!site || !mockUrl || !Number.isInteger(port)) {
    console.error('usage: node server.mjs --site DIR (or DEMO_SITE) --mock URL (or TMR_MOCK_URL) [--port N (or PORT; 0: a free one)]');
    process.exit(2);
  }
  const { url } = await startDemoServer({ site, mockUrl, port });
  console.log(`listening on ${url}`);
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`demo server: ${e.message}`);
    process.exit(1);
  });
}
