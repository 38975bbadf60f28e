// A Vite app's entry as a user would write it: a bare import of the package and a client made at
// once, with no `ready()`; the package's top-level await has loaded the .wasm when the import
// resolves. The results go to window.__results for tests/browser/bundle.test.mjs.
import { TmrClient, requiredRole, isTmrError } from 'tmr-client';

const results = {};
try {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push([String(url), init?.method]);
    return new Response('{"success":true,"data":[{"id":"0190f8b0-1a2b-7c3d-8e4f-5a6b7c8d9e0f","name":"Acme","createdAt":"2026-01-12T08:15:00.000Z"}]}');
  };
  const client = new TmrClient({ apiKey: 'tmrc_live_vite', fetch });
  results.role = requiredRole('teams.get');
  results.teams = await client.teams.list();
  try {
    await client.teams.get('nope');
    results.error = 'no error';
  } catch (e) {
    results.error = { code: e.code, isTmr: isTmrError(e), isError: e instanceof Error, name: e.name };
  }
  results.calls = calls;
} catch (e) {
  results.crash = String((e && e.stack) || e);
}
window.__results = results;
