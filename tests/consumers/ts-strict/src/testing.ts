// The program's own test double: the same overview against `tmr-client/mock` (the mock's engine in
// process, passed as the client's `fetch`), with no server. Checked under both resolutions, so
// the `./mock` entry's types resolve for each condition too.
import { TmrClient } from 'tmr-client';
import { createMockFetch, type MockFetch } from 'tmr-client/mock';
import { overview, type Overview } from './report.js';

export async function overviewInProcess(): Promise<{ report: Overview; mock: MockFetch }> {
  const mock = createMockFetch({ personas: { owner: 'tmrc_live_test_key_for_the_program_0001' } });
  const tmr = new TmrClient({ apiKey: 'tmrc_live_test_key_for_the_program_0001', fetch: mock, rateLimit: false });
  return { report: await overview(tmr, 'Acme Marketing'), mock };
}
