// The browser entry loaded by a plain module script: usable as soon as the import resolves (the
// entry's top-level await), the mock's data on the page, the API's errors as TmrErrors, bad options
// refused at once, abort with a string reason, a caller's `fetch` given `(url, init)` and the global
// `fetch` given gloo-net's Request. The keys come from the query string (?owner=…&viewer=…); the API
// is the page's own origin (tmr-mock serves both). Results go to window.__results for test.mjs.
import { TmrClient, TmrError, isTmrError, ready, requiredRole } from 'tmr-client';

const params = new URLSearchParams(location.search);
const results = {};
try {
  results.atImport = requiredRole('teams.get');
  try { new TmrClient({ apiKey: 'k', baseUrl: 'http://example.com' }); results.badOptions = 'no error'; } catch (e) { results.badOptions = e.code; }

  // The mock's data, shown on the page.
  const tmr = new TmrClient({ apiKey: params.get('owner') ?? '', baseUrl: location.origin });
  const teams = await tmr.teams.list();
  document.querySelector('#teams').append(...teams.map((t) => Object.assign(document.createElement('li'), { textContent: t.name ?? '(unnamed)' })));
  results.teams = teams.map((t) => t.name);
  const acme = teams.find((t) => t.name === 'Acme Marketing');
  results.members = (await tmr.members.list(acme.id, { signal: AbortSignal.timeout(10_000) })).map((m) => m.email);
  const viewer = new TmrClient({ apiKey: params.get('viewer') ?? '', baseUrl: location.origin, maxRetries: 0 });
  const err = await viewer.teams.rename(acme.id, 'Renamed').catch((e) => e);
  document.querySelector('#notice').textContent = `${err.code}: ${err.message}`;
  results.mockError = { code: err.code, status: err.status, isError: err instanceof Error, isTmr: err instanceof TmrError && isTmrError(err), endpoint: err.endpoint };

  // A caller's fetch gets (url, init).
  const calls = [];
  const fetch = async (url, init) => {
    calls.push([url, init.method]);
    if (url.endsWith('/teams')) return new Response('{"success":true,"data":[{"id":"0190f8b0-1a2b-7c3d-8e4f-5a6b7c8d9e0f","name":null,"createdAt":"2026-01-12T08:15:00.000Z"}]}');
    return new Response('{"success":false,"error":{"code":"FORBIDDEN","message":"You do not have permission to perform this action"}}', { status: 403 });
  };
  const stubbed = new TmrClient({ apiKey: 'tmrc_live_page', baseUrl: 'http://localhost:1', fetch });
  results.stubTeams = await stubbed.teams.list();
  const e = await stubbed.teams.get('0190f8b0-1a2b-7c3d-8e4f-5a6b7c8d9e0f').catch((x) => x);
  results.stubError = { code: e.code, status: e.status, isError: e instanceof Error, isTmr: e instanceof TmrError && isTmrError(e), message: e.message };
  await ready();

  // Abort with a string reason, on a fetch that only ends when its signal fires.
  const ctrl = new AbortController();
  const hang = (u, init) => new Promise((_, rej) => init.signal.addEventListener('abort', () => rej(new DOMException('aborted', 'AbortError'))));
  const pending = new TmrClient({ apiKey: 'k', baseUrl: 'http://localhost:1', fetch: hang }).teams.list({ signal: ctrl.signal });
  ctrl.abort('a string reason');
  results.aborted = await pending.catch((x) => x.code);

  // The global fetch (looked up at each call) gets a Request built by gloo-net.
  const original = window.fetch;
  window.fetch = async (request) => {
    calls.push([request.url, request.method, request.redirect, request.headers.get('authorization')]);
    return new Response('{"success":true,"data":[]}');
  };
  try {
    results.viaGlobal = await new TmrClient({ apiKey: 'tmrc_live_page', baseUrl: 'http://localhost:1' }).teams.list();
  } finally {
    window.fetch = original;
  }
  results.calls = calls;
} catch (e) {
  results.crash = String(e?.stack ?? e);
}
window.__results = results;
