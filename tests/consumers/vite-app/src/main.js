// A Vite app's entry as a user writes it: a bare import of the package and a client made at once,
// with no `ready()` (the package's top-level await has loaded the .wasm when the import resolves),
// the team's data from the API rendered into the page. The key comes from the query string here
// (?owner=…&viewer=…), as a sign-in form would give it; the API is the page's own origin (tmr-mock
// serves both). What it saw goes to window.__results for test.mjs.
import { TmrClient, isTmrError, planHeadroom, requiredRole } from 'tmr-client';

const params = new URLSearchParams(location.search);
const $ = (selector) => document.querySelector(selector);
const results = {};

function cells(tr, values) {
  for (const value of values) tr.append(Object.assign(document.createElement('td'), { textContent: value ?? '—' }));
  return tr;
}

try {
  results.role = requiredRole('teams.get');
  const tmr = new TmrClient({ apiKey: params.get('owner') ?? '', baseUrl: location.origin });
  const teams = await tmr.teams.list();
  const summary = teams.find((t) => t.name === 'Acme Marketing') ?? teams[0];
  const [team, members, clients] = await Promise.all([
    tmr.teams.get(summary.id), tmr.members.list(summary.id), tmr.clients.list(summary.id),
  ]);
  const room = planHeadroom(team);
  $('h1').textContent = team.name;
  $('#plan').textContent = `${team.plan?.name ?? 'No plan'}: ${room.members?.count ?? 0} of ${room.members?.limit ?? '∞'} members`;
  $('#members tbody').append(...members.map((m) => cells(document.createElement('tr'), [m.name, m.email, m.role])));
  $('#clients').append(...clients.map((c) => Object.assign(document.createElement('li'), { textContent: c.name })));
  results.teams = teams.map((t) => t.name);
  results.members = members.map((m) => m.email);
  results.clients = clients.map((c) => c.name);

  // A viewer may not rename the team: the API's 403 as a TmrError, shown as a notice.
  const viewer = new TmrClient({ apiKey: params.get('viewer') ?? '', baseUrl: location.origin, maxRetries: 0 });
  try {
    await viewer.teams.rename(summary.id, 'Renamed');
    results.error = 'no error';
  } catch (e) {
    if (!isTmrError(e)) throw e;
    $('#notice').textContent = `${e.code}: ${e.message}`;
    results.error = { code: e.code, status: e.status, name: e.name, isError: e instanceof Error };
  }
  // Bad input is refused before anything is sent.
  results.invalid = await tmr.teams.get('nope').then(() => 'no error', (e) => e.code);
} catch (e) {
  results.crash = String(e?.stack ?? e);
}
window.__results = results;
