// The dashboard's shell: connect (base URL, persona or key), pick a team, switch views.
// Everything it knows comes through tmr-client; the key stays in memory unless "remember" is ticked.
import { TmrClient, ready, canCall, requiredRole, requiredScope } from './pkg/index.js';
import { el, show, fail, loading } from './ui.js';
import * as overview from './views/overview.js';
import * as members from './views/members.js';
import * as clients from './views/clients.js';
import * as connections from './views/connections.js';
import * as data from './views/data.js';

const VIEWS = { overview, members, clients, connections, data };
const $ = (id) => document.getElementById(id);
const KEY_STORE = 'tmr-demo-key';
const state = { client: null, me: null, scopes: null, teams: [], team: null, members: [], role: null, view: 'overview' };

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

async function personas(base) {
  try {
    const r = await fetch(`${base}/__mock/personas`);
    return r.ok ? r.json() : [];
  } catch {
    return []; // Not the mock: no persona switcher.
  }
}

async function connect(event) {
  event?.preventDefault();
  const baseUrl = $('base-url').value.trim();
  const apiKey = $('api-key').value;
  const persona = $('persona').selectedOptions[0];
  if ($('remember').checked) localStorage.setItem(KEY_STORE, apiKey);
  else localStorage.removeItem(KEY_STORE);
  clearView(loading());
  try {
    state.client = new TmrClient({ apiKey, baseUrl });
    state.scopes = persona?.value === apiKey && persona.dataset.scopes ? JSON.parse(persona.dataset.scopes) : null;
    state.me = await state.client.users.me();
    state.teams = await state.client.teams.list();
    $('whoami').textContent = `${state.me.name ?? state.me.email}`;
    const select = $('team');
    show(select, state.teams.map((t) => el('option', { value: t.id }, t.name ?? '(unnamed team)')));
    select.disabled = state.teams.length === 0;
    if (state.teams.length === 0) return clearView(el('p', { class: 'muted' }, 'You are not a member of any team.'));
    // Start on the busiest team (the most members) so the first view has data.
    const sizes = await Promise.all(state.teams.map((t) => state.client.teams.get(t.id).then((d) => d.usage?.members.count ?? 0, () => 0)));
    select.value = state.teams[sizes.indexOf(Math.max(...sizes))].id;
    await selectTeam();
  } catch (e) {
    fail(e);
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
  const base = new URLSearchParams(location.search).get('baseUrl') ?? location.origin;
  $('base-url').value = base;
  const found = await personas(base);
  if (found.length) {
    $('persona-label').hidden = false;
    show($('persona'), found.map((p) => el('option', { value: p.token, dataset: { scopes: p.scopes ? JSON.stringify(p.scopes) : '' } }, p.persona)));
    $('persona').addEventListener('change', () => { $('api-key').value = $('persona').value; connect(); });
  }
  $('api-key').value = localStorage.getItem(KEY_STORE) ?? found[0]?.token ?? '';
  $('remember').checked = localStorage.getItem(KEY_STORE) !== null;
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
  if ($('api-key').value) await connect();
}

start().catch(fail);
