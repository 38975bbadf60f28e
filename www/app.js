// The dashboard's shell: connect, pick a team, switch views. Everything it knows comes through
// tmr-client, on the page's own server: `new TmrClient({ baseUrl: '/api/tmr' })`, no key. The
// server's proxy (www/server/server.mjs) adds the key; with the mock, the persona switcher sets
// the cookie by which the server picks that persona's key.
import { TmrClient, ready, canCall, requiredRole, requiredScope } from './pkg/index.js';
import { el, show, fail, loading } from './ui.js';
import * as overview from './views/overview.js';
import * as members from './views/members.js';
import * as clients from './views/clients.js';
import * as connections from './views/connections.js';
import * as data from './views/data.js';

const VIEWS = { overview, members, clients, connections, data };
const $ = (id) => document.getElementById(id);
const BASE_URL = '/api/tmr';
const PERSONA_COOKIE = 'demo-persona';
const state = { personas: [], client: null, me: null, scopes: null, teams: [], team: null, members: [], role: null, view: 'overview' };

/** Why the current user may not call `endpoint` ('' when allowed): shown as a tooltip. */
export function why(endpoint) {
  if (canCall(state.role, state.scopes, endpoint)) return '';
  const role = requiredRole(endpoint);
  return `Not allowed: ${endpoint} needs ${role ? `the ${role} role` : 'no role'} and the ${requiredScope(endpoint)} scope (you: ${state.role ?? 'not a member'}${state.scopes ? `, key ${state.scopes.join(' ')}` : ''})`;
}

let rendering = 0;
// The view on screen owns this signal: it aborts when something else replaces the view, so a view's
// late work (the overview's trend queries, a running data query) stops and its charts are destroyed.
let onScreen = new AbortController();

/** Replace the view with a message (loading, not connected…), ending the work of the one shown. */
function clearView(...children) {
  onScreen.abort();
  show($('view'), ...children);
}

/** The demo server's personas, `[{ persona, scopes }]` (no tokens: they stay on the server). */
async function personas() {
  try {
    const r = await fetch('/demo/personas');
    return r.ok ? r.json() : [];
  } catch {
    return []; // Not the demo server: no persona switcher.
  }
}

const personaCookie = () => {
  const pair = document.cookie.split('; ').find((c) => c.startsWith(`${PERSONA_COOKIE}=`));
  return pair ? decodeURIComponent(pair.slice(PERSONA_COOKIE.length + 1)) : null;
};
const setPersonaCookie = (name) => {
  document.cookie = `${PERSONA_COOKIE}=${encodeURIComponent(name)}; path=/; SameSite=Strict`;
};

// Each connection takes a ticket too: a persona switched meanwhile drops the older one's answers.
let connection = 0;

async function connect(event) {
  event?.preventDefault();
  const mine = ++connection;
  clearView(loading());
  try {
    const client = new TmrClient({ baseUrl: BASE_URL });
    // The persona's key scopes (null: every scope), for canCall; its role comes from the team.
    const scopes = state.personas.find((p) => p.persona === $('persona').value)?.scopes ?? null;
    const me = await client.users.me();
    const teams = await client.teams.list();
    if (mine !== connection) return;
    Object.assign(state, { client, scopes, me, teams, team: null, role: null });
    $('whoami').textContent = `${me.name ?? me.email}`;
    const select = $('team');
    show(select, teams.map((t) => el('option', { value: t.id }, t.name ?? '(unnamed team)')));
    select.disabled = teams.length === 0;
    if (teams.length === 0) return clearView(el('p', { class: 'muted' }, 'You are not a member of any team.'));
    // Start on the busiest team (the most members) so the first view has data.
    const sizes = await Promise.all(teams.map((t) => client.teams.get(t.id).then((d) => d.usage?.members.count ?? 0, () => 0)));
    if (mine !== connection) return;
    select.value = teams[sizes.indexOf(Math.max(...sizes))].id;
    await selectTeam();
  } catch (e) {
    if (mine !== connection) return;
    fail(e);
    Object.assign(state, { client: null, me: null, teams: [], team: null, role: null });
    $('whoami').textContent = '';
    show($('team'));
    $('team').disabled = true;
    clearView(el('p', { class: 'muted' }, 'Not connected.'));
  }
}

// Each selection (or refresh after a write) takes a ticket; an answer for an older one is dropped,
// so a slow refresh can never overwrite the team picked after it.
let ticket = 0;

async function selectTeam() {
  const id = $('team').value;
  const mine = ++ticket;
  clearView(loading());
  $('view').setAttribute('aria-busy', 'true');
  try {
    const [team, list] = await Promise.all([state.client.teams.get(id), state.client.members.list(id)]);
    if (mine !== ticket) return;
    state.team = team;
    state.members = list;
    state.role = list.find((m) => m.id === state.me.id)?.role ?? null;
    await render();
  } catch (e) {
    if (mine === ticket) {
      fail(e);
      $('view').removeAttribute('aria-busy');
    }
  }
}


/** Re-render the current view (views call this after a write). A view renders into a draft that
 * replaces the page only if no newer render started meanwhile. */
export async function render() {
  for (const tab of document.querySelectorAll('[role=tab]')) {
    const on = tab.dataset.view === state.view;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1; // one tab stop for the tab list; arrows move within it
  }
  $('view').setAttribute('aria-labelledby', `tab-${state.view}`);
  if (!state.team) return;
  const mine = ++rendering;
  const container = $('view');
  const draft = document.createElement('div');
  const life = new AbortController();
  const { view, team, me } = state;
  container.setAttribute('aria-busy', 'true');
  try {
    await VIEWS[view].render(draft, { ...state, why, refresh: selectTeam, render, signal: life.signal });
    if (mine !== rendering) return life.abort();
    onScreen.abort();
    onScreen = life;
    container.replaceChildren(...draft.childNodes);
    // Marks for tests and assistive tech: which view of which team, as whom, is on screen.
    Object.assign(container.dataset, { view, team: team.name ?? team.id, user: me.email });
  } catch (e) {
    life.abort();
    if (mine === rendering) fail(e);
  } finally {
    if (mine === rendering) container.removeAttribute('aria-busy');
  }
}

async function start() {
  await ready();
  localStorage.removeItem('tmr-demo-key'); // a key "remembered" by an older version of this page
  state.personas = await personas();
  if (state.personas.length) {
    $('persona-label').hidden = false;
    show($('persona'), state.personas.map((p) => el('option', { value: p.persona }, p.persona)));
    // The server's default is the owner (else the first persona): the same rule here.
    const names = state.personas.map((p) => p.persona);
    const chosen = personaCookie();
    $('persona').value = names.includes(chosen) ? chosen : names.includes('owner') ? 'owner' : names[0];
    if ($('persona').value !== chosen) setPersonaCookie($('persona').value);
    $('persona').addEventListener('change', () => { setPersonaCookie($('persona').value); connect(); });
  }
  $('connect').addEventListener('submit', connect);
  $('team').addEventListener('change', selectTeam);
  const tabs = [...document.querySelectorAll('[role=tab]')];
  for (const tab of tabs) {
    tab.addEventListener('click', () => { state.view = tab.dataset.view; render(); });
    // The ARIA tabs pattern: Left/Right (and Home/End) move between tabs and show the view.
    tab.addEventListener('keydown', (e) => {
      const i = tabs.indexOf(tab);
      const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
      if (to === undefined) return;
      e.preventDefault();
      const next = tabs[(to + tabs.length) % tabs.length];
      next.focus();
      next.click();
    });
  }
  await connect();
}

start().catch(fail);
