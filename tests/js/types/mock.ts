// Strict type test of tmr-client/mock: createMockFetch's options and results, its use as a
// client's fetch and as the global fetch, and `@ts-expect-error` lines proving misuse is rejected.
import { createMockFetch, builtinWorld, type MockFetch, type MockFetchOptions, type MockStats, type MockWorld } from 'tmr-client/mock';
import { TmrClient, OutlignClient } from 'tmr-client';

const mock: MockFetch = createMockFetch();
const key: string = mock.tokens.owner;
const alice: string = mock.tokens.outlign_alice;
const custom: string | undefined = mock.tokens['ci'];
new TmrClient({ apiKey: key, fetch: mock });
new OutlignClient({ accessToken: alice, fetch: mock });
const asGlobal: typeof fetch = mock;

const world: MockWorld = builtinWorld();
const first = world.teams[0];
if (first) first.name = 'Renamed';
world.tokens.push({ token: 'tmrc_live_ci', userId: world.users[0]?.id ?? '', scopes: ['teams:read'], persona: 'ci' });
const options: MockFetchOptions = {
  world,
  personas: { owner: 'test-key', outlign_alice: 'alice-key' },
  faults: (request) => (request.method === 'POST' ? 'status=500; after-write' : undefined),
  rateLimits: { windowScale: 0.02 },
  outlign: { objects: 'b', tokenTtl: 60 },
};
createMockFetch(options);
createMockFetch({ world: JSON.stringify(world), faults: 'latency=100', rateLimits: false });
createMockFetch({ faults: async (request) => ((await request.text()).includes('x') ? 'drop' : null) });

mock.reset();
const stats: MockStats = mock.stats();
const listed: number | undefined = stats.requests['teams.list']?.['owner'];
const most: number | undefined = stats.maxAdmittedPerWindow['default'];
async function call(): Promise<Response> {
  return mock('https://api.example.com/v1/teams', { headers: { authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(1000) });
}

// @ts-expect-error an unknown option
createMockFetch({ fault: 'drop' });
// @ts-expect-error objects is "a" or "b"
createMockFetch({ outlign: { objects: 'c' } });
// @ts-expect-error rateLimits is a boolean or { windowScale }
createMockFetch({ rateLimits: 'off' });
// @ts-expect-error a persona's token is a string
createMockFetch({ personas: { owner: 1 } });
// @ts-expect-error tokens are read-only
mock.tokens.owner = 'x';

export { custom, asGlobal, listed, most, call };
