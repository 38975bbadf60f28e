// The dashboard's API, on its server: tmr-client's proxy with the key from the environment and
// only the endpoints the page calls. The page (dashboard.js) sends no key; this handler checks each
// request against the endpoint table and `allow`, rebuilds it and sends it on with the key.
//
// A handler is `(request: Request) => Promise<Response>`: mount it where your server routes
// /api/tmr/*, for example
//   Hono:      app.all('/api/tmr/*', (c) => handler(c.req.raw))
//   Next.js:   app/api/tmr/[...path]/route.js: export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE }
//   Deno, Bun: serve((req) => new URL(req.url).pathname.startsWith('/api/tmr/') ? handler(req) : yourApp(req))
// If your users have their own rights, pass `authorize: async (request, call) => …` (your session
// decides; it must resolve exactly true). dashboard.test.mjs runs this handler on createMockFetch().
import { createTmrProxy } from 'tmr-client/proxy';

export const API_PATH = '/api/tmr';

/** The handler for `${API_PATH}/*`; `options` adds createTmrProxy options (the test's `fetch`). */
export function dashboardApi({ apiKey = process.env.TMR_API_KEY, ...options } = {}) {
  return createTmrProxy({
    apiKey,
    basePath: API_PATH,
    allow: ['teams.list', 'teams.get'],   // what dashboard.js calls, nothing more
    ...options,
  });
}
