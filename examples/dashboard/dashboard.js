// The dashboard's code, as it runs in production: no key in the page. It calls its own server at
// /api/tmr, where createTmrProxy (tmr-client/proxy) adds the key and forwards what it allows to the
// API; so the test needs no hook in it. Teams, their plan and member usage.
import { TmrClient, planHeadroom, isTmrError } from 'tmr-client';

const $ = (selector) => document.querySelector(selector);

$('#load').addEventListener('submit', async (event) => {
  event.preventDefault();
  const tmr = new TmrClient({ baseUrl: '/api/tmr' });   // relative: this page's origin; no apiKey
  const rows = $('#teams tbody');
  rows.replaceChildren();
  $('#teams').hidden = true;
  $('#error').textContent = '';
  $('#status').textContent = 'Loading…';
  try {
    const summaries = await tmr.teams.list();
    const teams = await Promise.all(summaries.map((t) => tmr.teams.get(t.id)));
    for (const team of teams) {
      const members = planHeadroom(team).members;
      const row = rows.insertRow();
      row.insertCell().textContent = team.name ?? '(unnamed)';
      row.insertCell().textContent = team.plan ? `${team.plan.name} (${team.plan.status})` : 'No plan';
      const cell = row.insertCell();
      if (members) {
        cell.textContent = members.limit === null ? `${members.count}` : `${members.count} / ${members.limit}`;
        cell.className = members.status;   // ok, reached or exceeded
      }
    }
    $('#teams').hidden = false;
    $('#status').textContent = `${teams.length} teams`;
  } catch (e) {
    if (!isTmrError(e)) throw e;
    $('#status').textContent = '';
    // The code is stable (FORBIDDEN, NETWORK_ERROR, …); the message is the API's or the proxy's.
    $('#error').textContent = `${e.code}: ${e.message}`;
  }
});

// Ready: the form's handler is attached (the import above has loaded the .wasm).
$('#load button').disabled = false;
