// tmr proxy --allow ENDPOINTS [--port N] [--host H] [--base-path P] [--static DIR] [--verbose]
// createTmrProxy (tmr-client/proxy) on a local HTTP server: pages call the API through it with
// `new TmrClient({ baseUrl: '/api/tmr' })` and never see the key. The server is Hono on
// @hono/node-server: the API under the base path, a folder's files at / with --static.
import { statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { isTmrError } from 'tmr-client';
import { createTmrProxy } from 'tmr-client/proxy';
import { apiKeyOf, baseUrlOf, envError, rateBuckets } from '../lib/client.mjs';
import { CliError, EXIT } from '../lib/exit.mjs';

/** Comma-separated values, the flag repeatable. */
const list = (value, previous = []) => previous.concat(value.split(',').map((s) => s.trim()).filter(Boolean));

const HELP = `
Pages call the API through this server with no key: new TmrClient({ baseUrl: '/api/tmr' }).
Requests under --base-path are matched against the API's endpoints; an endpoint not named by
--allow is refused with 403 FORBIDDEN; the rest are re-built by the client's validators (a bad id,
query or body is refused with 400) and sent on with TMR_API_KEY, paced by one rate limiter for
every visitor. The API's answers come back unchanged (status and body). Nothing else of the
page's request is forwarded: not its cookies, not its Authorization header.

--allow names endpoints (teams.get, members.list, data.runQuery, …) or groups (teams.*,
members.*), comma-separated, the flag repeatable; it is required: a proxy that allows nothing
would refuse every request. users.uploadAvatar (multipart) is never proxied.

Every visitor gets the allowed endpoints with the key's rights: there is no sign-in here. Keep
it on loopback (the default --host; there it answers only requests addressed to localhost,
127.0.0.1 or [::1], so a page elsewhere cannot reach it by DNS rebinding) or behind your own
authentication. Writes sent by pages of other origins are refused. For per-user rules
(a user limited to their team) write a server on createTmrProxy from 'tmr-client/proxy' with its
authorize option.

--static DIR serves DIR's files at / (index.html for /, nothing outside DIR), so a page and its
API share one origin. --verbose logs one line per API request on stderr: method, path, status,
milliseconds. Ctrl-C stops the server (exit code 130).

Example:
  tmr proxy --allow 'teams.*,members.list' --static ./site
  tmr proxy: listening on http://127.0.0.1:8787 (API at /api/tmr, allowed: teams.*, members.list)`;

/** `--port`: 0 (a free port) to 65535. */
function portOf(value) {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new CliError(EXIT.USAGE, `--port must be a whole number from 0 to 65535 (0: a free port); got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/** `--static DIR`: an existing folder, as serveStatic takes it (relative to the working directory). */
function staticRoot(dir) {
  let stats;
  try {
    stats = statSync(dir);
  } catch (e) {
    throw new CliError(EXIT.USAGE, `--static: cannot read ${JSON.stringify(dir)} (${e.code ?? e.message})`);
  }
  if (!stats.isDirectory()) throw new CliError(EXIT.USAGE, `--static: ${JSON.stringify(dir)} is not a folder`);
  return relative(process.cwd(), resolve(dir)) || '.';
}

/** createTmrProxy's INVALID_ARGUMENT about one of our flags as a usage error naming the flag. */
function flagError(e) {
  if (isTmrError(e) && e.code === 'INVALID_ARGUMENT') {
    if (e.message.startsWith('allow')) return new CliError(EXIT.USAGE, `--allow: ${e.message}`);
    if (e.message.startsWith('basePath')) return new CliError(EXIT.USAGE, `--base-path: ${e.message}`);
  }
  return envError(e);
}

/**
 * The global fetch, each request also aborted by `stopping` (Ctrl-C): a call waiting on a slow API
 * does not keep the process alive once the server has stopped.
 */
function stoppableFetch(stopping) {
  return async (url, init = {}) => {
    const controller = new AbortController();
    const abort = () => controller.abort();
    if (stopping.aborted || init.signal?.aborted) abort();
    stopping.addEventListener('abort', abort, { once: true });
    init.signal?.addEventListener('abort', abort, { once: true });
    try {
      return await fetch(url, { ...init, signal: controller.signal });
    } finally {
      stopping.removeEventListener('abort', abort);
    }
  };
}

/** The server listening, or a usage error naming the address (in use, not this machine's, …). */
function listen(app, port, hostname) {
  return new Promise((done, fail) => {
    // overrideGlobalObjects: false keeps Node's own Request and Response globals (the adapter
    // would otherwise replace them, process-wide, under the SDK's fetch).
    const server = serve({ fetch: app.fetch, port, hostname, overrideGlobalObjects: false }, () => {
      server.off('error', onError);
      done(server);
    });
    function onError(e) {
      fail(new CliError(EXIT.USAGE, `cannot listen on ${hostname} port ${port}: ${e.code ?? e.message}`));
    }
    server.once('error', onError);
  });
}

/** localhost, 127.0.0.0/8, ::1. */
const isLoopback = (host) => host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);

const closeServer = (server) => new Promise((done) => {
  server.close(() => done());
  server.closeAllConnections?.();
});

const untilAborted = (signal) => new Promise((done) => {
  if (signal.aborted) done();
  else signal.addEventListener('abort', done, { once: true });
});

export function register(program, ctx) {
  program.command('proxy')
    .description('serve the API to local pages without the key: the endpoints --allow names, forwarded with TMR_API_KEY')
    .option('--allow <endpoints>', 'endpoint names or groups to forward, e.g. \'teams.*,members.list\' (required)', list)
    .option('--port <n>', 'port to listen on (0: a free one)', '8787')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--base-path <path>', 'where the API is served', '/api/tmr')
    .option('--static <dir>', 'also serve this folder\'s files at / (index.html for /)')
    .option('--verbose', 'log each API request on stderr (method, path, status, ms)')
    .addHelpText('after', HELP)
    .action(async (opts) => {
      if (!opts.allow?.length) {
        throw new CliError(EXIT.USAGE, 'tmr proxy needs --allow: name the endpoints it may forward, e.g. --allow \'teams.*,members.list\' (with none it would refuse every request)');
      }
      const port = portOf(opts.port);
      const basePath = opts.basePath;
      const root = opts.static === undefined ? null : staticRoot(opts.static);
      if (root !== null && basePath === '') {
        throw new CliError(EXIT.USAGE, '--static needs a --base-path (the API at the root would take every path)');
      }
      const apiKey = apiKeyOf(ctx.env);
      const allow = opts.allow;   // as given: the library's errors name an entry by its index
      let handler;
      try {
        handler = createTmrProxy({
          apiKey, baseUrl: baseUrlOf(ctx.env), basePath, allow, rateLimit: rateBuckets(ctx.env), fetch: stoppableFetch(ctx.call.signal),
        });
      } catch (e) {
        throw flagError(e);
      }

      const key = apiKey;
      const log = (line) => ctx.err.write(`${key.length >= 4 ? line.split(key).join('[key]') : line}\n`);
      const underBase = (path) => basePath === '' || path === basePath || path.startsWith(`${basePath}/`);
      const app = new Hono();
      let hostAllowed = () => true;
      app.use('*', async (c, next) => {
        // DNS rebinding: a page on another site whose name comes to resolve to 127.0.0.1 would
        // reach this server as same-origin. On loopback, only requests addressed to a loopback
        // name are answered.
        if (!hostAllowed(c.req.header('host'))) {
          return c.json({ success: false, error: { code: 'MISDIRECTED_REQUEST', message: 'tmr proxy on loopback answers requests addressed to localhost, 127.0.0.1 or [::1] only' } }, 421);
        }
        return next();
      });
      app.use('*', async (c, next) => {
        const { pathname } = new URL(c.req.url);
        // Without --static every request is the proxy's (its own 404 outside the base path).
        if (root !== null && !underBase(pathname)) return next();
        const started = performance.now();
        const response = await handler(c.req.raw);
        if (opts.verbose) log(`${c.req.method} ${pathname} ${response.status} ${Math.round(performance.now() - started)} ms`);
        return response;
      });
      if (root !== null) app.get('*', serveStatic({ root }));
      app.onError((e, c) => {
        log(`tmr proxy: ${c.req.method} ${new URL(c.req.url).pathname}: ${e?.message ?? e}`);
        return c.json({ success: false, error: { code: 'INTERNAL_SERVER_ERROR', message: 'tmr proxy failed on this request' } }, 500);
      });

      const server = await listen(app, port, opts.host);
      const bound = server.address().port;
      if (isLoopback(opts.host)) {
        const names = new Set(['localhost', '127.0.0.1', '[::1]', opts.host.includes(':') ? `[${opts.host}]` : opts.host].map((n) => `${n}:${bound}`));
        hostAllowed = (value) => value !== undefined && names.has(value.toLowerCase());
      }
      const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
      ctx.out.write(`tmr proxy: listening on http://${host}:${server.address().port} (API at ${basePath || '/'}, allowed: ${[...new Set(allow)].join(', ')})\n`);
      // Until Ctrl-C (tmr.mjs turns SIGINT into this signal): then stop quietly.
      await untilAborted(ctx.call.signal);
      await closeServer(server);
      ctx.exitCode = EXIT.INTERRUPTED;
    });
}
