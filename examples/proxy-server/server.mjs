// A dashboard's server with tmr-client's proxy: the page calls the API through this server with
// `new TmrClient({ baseUrl: '/api/tmr' })` and never holds the key, and a signed-in user reaches
// one team only. The HTTP server is Node's own (node:http); Hono's app is plugged into it by
// @hono/node-server's `getRequestListener`, the adapter from Node's request to a fetch Request.
//
//   TMR_API_KEY=… [TMR_BASE_URL=…] [PORT=8080] node server.mjs
//   prints: listening on http://127.0.0.1:PORT   (PORT=0: a free port)
//
// THE SIGN-IN HERE IS A DEMO. Two made-up users (USERS below) sign in by name with no password,
// and the session is a cookie holding the user's name and an HMAC of it. A real app has its own
// sign-in (a password, SSO, OAuth) and its own session store or library, and keeps the user →
// team mapping in its database; what stays the same is the shape: find the signed-in user from
// the page's request, then let `authorize` answer `true` only for calls on that user's team.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { getRequestListener } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { createTmrProxy } from 'tmr-client/proxy';

/**
 * The demo's users and the one team each may see. The ids are teams of tmr-mock's built-in world
 * (Acme Marketing, No Plan Team), the mock the test runs against; a real app looks its user's
 * team up in its own database.
 */
const USERS = {
  ada: { name: 'Ada Lovelace', teamId: '0190f8b0-0002-7001-8002-000000001ef1' },
  grace: { name: 'Grace Hopper', teamId: '0190f8b0-0002-7004-8002-000000007bbe' },
};

if (!process.env.TMR_API_KEY) {
  console.error('Set TMR_API_KEY to the API key (it stays in this process; the page never sees it).');
  process.exit(1);
}

const SESSION_COOKIE = 'demo_session';
// Signs the session cookie. Random per start (sessions end when the server restarts); a real app
// keeps its secret in its secret store so sessions survive a restart.
const SECRET = process.env.SESSION_SECRET || randomBytes(32).toString('hex');

const sign = (user) => createHmac('sha256', SECRET).update(user).digest('base64url');

/** The cookie value for a user: `name.signature`. */
const sessionValue = (user) => `${user}.${sign(user)}`;

/** The signed-in user of a request (Fetch API `Request`), from its session cookie; null if none. */
function userOf(request) {
  const cookies = request.headers.get('cookie') ?? '';
  const value = cookies.split(';').map((c) => c.trim()).find((c) => c.startsWith(`${SESSION_COOKIE}=`))?.slice(SESSION_COOKIE.length + 1);
  const at = value?.lastIndexOf('.') ?? -1;
  if (at < 1) return null;
  const user = value.slice(0, at);
  const signature = Buffer.from(value.slice(at + 1));
  const expected = Buffer.from(sign(user));
  // The signature compared in constant time; and only a user of the table.
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected) || !Object.hasOwn(USERS, user)) return null;
  return { id: user, ...USERS[user] };
}

// The proxy: the key stays in this process. `allow` lists the endpoints the page may call, all of
// them about one team; `authorize` then checks that team is the signed-in user's.
const proxy = createTmrProxy({
  apiKey: process.env.TMR_API_KEY,
  baseUrl: process.env.TMR_BASE_URL || undefined,   // unset: the real API
  basePath: '/api/tmr',
  allow: ['teams.get', 'members.list', 'clients.list'],
  // Called for every allowed request, with the page's request (its cookies are here, and are never
  // sent on) and what it asks for: `call.endpoint`, `call.teamId`, `call.params`. Anything but
  // `true` answers 403 FORBIDDEN and nothing is sent to the API.
  authorize: async (request, call) => {
    const user = userOf(request);
    return user !== null && call.teamId?.toLowerCase() === user.teamId;
  },
});

const app = new Hono();

// Sign in (the demo's form posts a user name) and out.
app.post('/login', async (c) => {
  const { user } = await c.req.parseBody();
  if (typeof user !== 'string' || !Object.hasOwn(USERS, user)) return c.text('no such user', 400);
  c.header('set-cookie', `${SESSION_COOKIE}=${sessionValue(user)}; Path=/; HttpOnly; SameSite=Strict`);
  return c.redirect('/', 303);
});
app.post('/logout', (c) => {
  c.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
  return c.redirect('/', 303);
});
// Who is signed in, for the page: the user and their team id (never the key).
app.get('/session', (c) => {
  const user = userOf(c.req.raw);
  return user ? c.json(user) : c.json({ error: 'not signed in' }, 401);
});

// The API, through the proxy: every method, every path under /api/tmr.
app.all('/api/tmr/*', (c) => proxy(c.req.raw));

// The page's files, and tmr-client's browser entry and .wasm (the page's import map points at
// /vendor/tmr-client/; a bundler would put them in your build instead). serveStatic takes its
// root relative to the working directory.
const here = dirname(fileURLToPath(import.meta.url));
const packageDir = dirname(createRequire(import.meta.url).resolve('tmr-client/package.json'));
const fromCwd = (dir) => relative(process.cwd(), dir) || '.';
app.get('/vendor/tmr-client/*', serveStatic({ root: fromCwd(packageDir), rewriteRequestPath: (p) => p.slice('/vendor/tmr-client'.length) }));
app.get('*', serveStatic({ root: fromCwd(`${here}/public`) }));

// Node's HTTP server, each request handed to the Hono app by the adapter; on loopback (behind a
// reverse proxy with TLS in production). overrideGlobalObjects: false keeps Node's own Request and
// Response globals (the adapter would otherwise replace them, process-wide, under the SDK's fetch).
const server = createServer(getRequestListener(app.fetch, { overrideGlobalObjects: false }));
server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
