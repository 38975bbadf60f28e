// The page's code: a TmrClient on this site's own proxy. No key here: the server adds it, and
// answers only for the signed-in user's team.
import { TmrClient, isTmrError } from 'tmr-client';

const tmr = new TmrClient({ baseUrl: '/api/tmr' });   // relative: resolved against the page's URL
const $ = (selector) => document.querySelector(selector);

/** Show an error of the API (or the proxy): its stable code and its message. */
function showError(e) {
  if (!isTmrError(e)) throw e;
  $('#error').textContent = `${e.code}: ${e.message}`;
}

async function showTeam(teamId) {
  $('#error').textContent = '';
  $('#status').textContent = 'Loading…';
  try {
    const [team, members] = await Promise.all([tmr.teams.get(teamId), tmr.members.list(teamId)]);
    $('#team-name').textContent = team.name ?? '(unnamed)';
    $('#plan').textContent = team.plan ? `${team.plan.name} (${team.plan.status})` : 'No plan';
    const rows = $('#members tbody');
    rows.replaceChildren();
    for (const m of members) {
      const row = rows.insertRow();
      for (const text of [m.name ?? '—', m.email, m.role]) row.insertCell().textContent = text;
    }
    $('#team').hidden = false;
    $('#status').textContent = `${members.length} members`;
  } catch (e) {
    $('#status').textContent = '';
    showError(e);
  }
}

// Who is signed in: the server's session (an HttpOnly cookie the page cannot read).
const session = await fetch('/session');
if (session.status === 401) {
  $('#sign-in').hidden = false;
} else {
  const user = await session.json();
  $('#who').textContent = `Signed in as ${user.name}`;
  $('#sign-out').hidden = false;
  await showTeam(user.teamId);
  // Any other team: the server's authorize refuses it (403 FORBIDDEN), nothing reaches the API.
  $('#other').addEventListener('submit', (event) => {
    event.preventDefault();
    showTeam(event.target.teamId.value.trim());
  });
}
