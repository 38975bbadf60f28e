// The Outlign clients page: connect with a base URL and an access token (with the mock, a persona
// picker fills it; served by the demo server, the base URL is the mock's, from GET /demo/outlign),
// pick a company, search its clients by title, create, rename and delete them. Every call goes
// through tmr-client's OutlignClient; its TmrErrors appear as notices.
import { OutlignClient } from './pkg/index.js';
import { el, show, fail, busy, notify, loading } from './ui.js';
import { outlignPersonas, demoOutlignBase } from './outlign/personas.js';
import { clientsTable, focusRow } from './outlign/table.js';

const $ = (id) => document.getElementById(id);
const API_ORIGIN = 'https://go.outlign.co'; // OutlignClient's default, when the page is not on the mock
const SEARCH_DELAY_MS = 250;
const CONTROLS = ['company', 'search', 'new-title', 'create-button'];
let outlign = null;

const enable = (on) => { for (const id of CONTROLS) $(id).disabled = !on; };
const companyId = () => Number($('company').value);
const companyTitle = () => $('company').selectedOptions[0]?.textContent ?? '';

// Each connection and each list load takes a ticket; an answer for an older one is dropped, so a
// slow search can never overwrite the one typed after it.
let connection = 0;
let loads = 0;

async function connect(event) {
  event?.preventDefault();
  const mine = ++connection;
  loads++;
  outlign = null;
  enable(false);
  show($('company'));
  $('status').textContent = '';
  show($('clients'), loading());
  $('connect-button').setAttribute('aria-busy', 'true');
  try {
    const client = new OutlignClient({ accessToken: $('access-token').value.trim(), baseUrl: $('base-url').value.trim() });
    const companies = await client.companies.list();
    if (mine !== connection) return;
    outlign = client;
    show($('company'), companies.map((c) => el('option', { value: c.id }, c.title)));
    $('status').textContent = `${companies.length} ${companies.length === 1 ? 'company' : 'companies'}`;
    if (companies.length === 0) return show($('clients'), el('p', { class: 'muted' }, 'This token sees no company.'));
    enable(true);
    await load();
  } catch (e) {
    if (mine !== connection) return;
    fail(e);
    show($('clients'), el('p', { class: 'muted' }, 'Not connected.'));
  } finally {
    if (mine === connection) $('connect-button').removeAttribute('aria-busy');
  }
}

/** List the picked company's clients (matching the search box); true once drawn. */
async function load() {
  if (!outlign) return false;
  const mine = ++loads;
  const id = companyId();
  const title = $('search').value.trim();
  const container = $('clients');
  container.setAttribute('aria-busy', 'true');
  try {
    const clients = await outlign.clients.list({ companyId: id, title });
    if (mine !== loads) return false;
    const empty = title ? `No client of ${companyTitle()} has “${title}” in its title.` : `${companyTitle()} has no clients yet.`;
    show(container, clientsTable(clients, { rename, remove, empty }));
    $('clients-heading').textContent = `Clients of ${companyTitle()} (${clients.length})`;
    // Marks for tests and assistive tech: which company and search are on screen.
    Object.assign(container.dataset, { company: String(id), search: title });
    return true;
  } catch (e) {
    if (mine === loads) fail(e);
    return false;
  } finally {
    if (mine === loads) container.removeAttribute('aria-busy');
  }
}

async function rename(c, title) {
  const updated = await outlign.clients.update(c.id, { title });
  notify('info', `Renamed “${c.title}” to “${updated.title}”.`);
  if (await load()) focusRow(c.id);
  return true;
}

async function remove(c) {
  await outlign.clients.delete(c.id);
  notify('info', `Deleted “${c.title}”.`);
  if (await load()) $('search').focus();
  return true;
}

function create(event) {
  event.preventDefault();
  busy($('create-button'), async () => {
    // The title goes to the SDK as typed: a blank one is refused there (INVALID_ARGUMENT), unsent.
    const created = await outlign.clients.create({ title: $('new-title').value, companyId: companyId() });
    notify('info', `Created “${created.title}” (#${created.id}) in ${companyTitle()}.`);
    $('new-title').value = '';
    await load();
  }).then(() => { if (!outlign) enable(false); }); // a reconnect may have started meanwhile
}

let searchTimer;
function searchSoon() {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(load, SEARCH_DELAY_MS);
}

async function start() {
  $('connect').addEventListener('submit', connect);
  $('company').addEventListener('change', () => { clearTimeout(searchTimer); load(); });
  $('search').addEventListener('input', searchSoon);
  $('create').addEventListener('submit', create);
  $('persona').addEventListener('change', () => { $('access-token').value = $('persona').value; });
  const asked = new URLSearchParams(location.search).get('baseUrl');
  const base = asked ?? (await demoOutlignBase()) ?? location.origin;
  const found = await outlignPersonas(base);
  $('base-url').value ||= asked ?? (found.length ? base : API_ORIGIN);
  if (found.length) {
    $('persona-label').hidden = false;
    show($('persona'), found.map((p) => el('option', { value: p.token }, p.label)));
    $('persona').value = (found.find((p) => p.token === 'outlign-alice') ?? found[0]).token;
    $('access-token').value ||= $('persona').value;
  }
  document.body.dataset.ready = 'true'; // for tests: the fields are filled
}

start().catch(fail);
