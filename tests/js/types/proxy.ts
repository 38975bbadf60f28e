// Strict type test of tmr-client/proxy: createTmrProxy's options (TmrClient's upstream options and
// the proxy's own), the handler's type, the keyless page client, and `@ts-expect-error` lines
// proving misuse is rejected.
import { createTmrProxy, type ProxyAllowEntry, type ProxyCall, type TmrProxyHandler, type TmrProxyOptions } from 'tmr-client/proxy';
import { TmrClient } from 'tmr-client';

const allow: ProxyAllowEntry[] = ['teams.get', 'members.*', 'data.runQuery'];
const options: TmrProxyOptions = {
  apiKey: 'tmrc_live_x',
  basePath: '/api/tmr',
  allow,
  authorize: async (request: Request, call: ProxyCall) => {
    const team: string | undefined = call.teamId;
    const user: string | undefined = call.params['userId'];
    return request.headers.get('x-user') !== null && team !== undefined && user !== 'nobody';
  },
  maxBodyBytes: 65536,
  baseUrl: 'http://127.0.0.1:4010',
  rateLimit: { maxWaitMs: 5000 },
  cache: { ttlMs: 1000 },
  onRequest: (e) => void e.url,
};
const handler: TmrProxyHandler = createTmrProxy(options);
const answer: Promise<Response> = handler(new Request('http://localhost/api/tmr/teams'));
void answer;
createTmrProxy({ apiKey: 'k', allow: ['users.*'], authorize: () => true });

// The page's client: no key behind a proxy; a key in a page only by name.
new TmrClient({ baseUrl: '/api/tmr' });
new TmrClient({ apiKey: 'k', dangerouslyAllowBrowser: true });

// @ts-expect-error the proxy needs its key
createTmrProxy({ allow });
// @ts-expect-error allow holds endpoint names or groups
createTmrProxy({ apiKey: 'k', allow: ['member.list'] });
// @ts-expect-error a group name needs ".*"
createTmrProxy({ apiKey: 'k', allow: ['teams'] });
// @ts-expect-error authorize answers a boolean
createTmrProxy({ apiKey: 'k', authorize: () => 'yes' });
// @ts-expect-error the proxy has no browser opt-in
createTmrProxy({ apiKey: 'k', dangerouslyAllowBrowser: true });
// @ts-expect-error dangerouslyAllowBrowser is a boolean
new TmrClient({ apiKey: 'k', dangerouslyAllowBrowser: 'yes' });
