// Team overview: how is this team doing, at a glance. Key figures (members by role, clients with
// and without linked accounts, connections and the revoked ones, enabled accounts), the plan,
// usage against its limits (the SDK's planHeadroom), what needs attention, and a 30-day trend.
import { planHeadroom } from '../pkg/index.js';
import { el, show, bar, when } from '../ui.js';
import { count, plural, list } from '../format.js';
import { trendCard } from './trend.js';

const ROLES = ['owner', 'editor', 'viewer'];

/** One key figure: a name, a big number, a line of detail (`warn` highlights it). */
const tile = (id, name, n, detail, warn = false) => el('div', { class: `tile${warn ? ' warn' : ''}`, id },
  el('dt', {}, name), el('dd', { class: 'figure' }, count(n)), el('dd', { class: 'muted' }, detail));

function planCard(team) {
  const plan = team.plan;
  if (!plan) return el('section', { class: 'card', id: 'plan', 'aria-labelledby': 'plan-heading' }, el('h3', { id: 'plan-heading' }, 'Plan'), el('p', { class: 'muted' }, 'No subscription.'));
  const allowed = plan.limits?.schedules?.allowedFrequencies;
  return el('section', { class: 'card', id: 'plan', 'aria-labelledby': 'plan-heading' },
    el('h3', { id: 'plan-heading' }, 'Plan'),
    el('p', {}, el('strong', {}, plan.name), ' ', el('span', { class: `pill ${plan.status}` }, plan.status.replaceAll('_', ' '))),
    el('p', { class: 'muted' }, plan.endsOn ? ['Ends on ', when(plan.endsOn)] : `Renews every ${plan.frequency}, billed in ${plan.currencyCode}`),
    allowed ? el('p', { class: 'muted' }, `Schedules: ${list(allowed)}`) : null);
}

function usageCard(team, names) {
  const room = planHeadroom(team);
  const byFrequency = team.usage?.schedules?.byFrequency;
  return el('section', { class: 'card', id: 'usage', 'aria-labelledby': 'usage-heading' },
    el('h3', { id: 'usage-heading' }, 'Usage'),
    room.members ? bar('Members', room.members) : el('p', { class: 'muted' }, 'No usage reported.'),
    Object.entries(room.accountsPerConnector).map(([id, h]) => bar(`${names.get(id) ?? id} accounts`, h)),
    room.schedules ? bar('Schedules', room.schedules) : null,
    byFrequency ? el('p', { class: 'muted' }, 'Schedules by frequency: ',
      Object.entries(byFrequency).map(([f, n]) => `${f} ${count(n)}`).join(' · ')) : null);
}

/** Revoked connections, clients with no account, limits reached: each a line; or an all-clear. */
function attentionCard(team, revoked, bare, names) {
  const room = planHeadroom(team);
  const full = [['Members', room.members], ['Schedules', room.schedules],
    ...Object.entries(room.accountsPerConnector).map(([id, h]) => [`${names.get(id) ?? id} accounts`, h])]
    .filter(([, h]) => h && h.status !== 'ok');
  const items = [
    ...revoked.map((c) => el('li', { class: 'revoked', dataset: { connection: c.id } }, el('span', { class: 'pill revoked' }, 'revoked'), ' ',
      `${c.name ?? 'Unnamed connection'} (${names.get(c.connectorId) ?? c.connectorId ?? 'unknown connector'}): re-authorise it in the hub`)),
    ...bare.map((c) => el('li', { dataset: { client: c.name } }, `${c.name} has no linked account`)),
    ...full.map(([label, h]) => el('li', {}, `${label}: ${h.status} (${count(h.count)} of ${count(h.limit ?? h.count)})`)),
  ];
  return el('section', { class: 'card', id: 'attention', 'aria-labelledby': 'attention-heading' },
    el('h3', { id: 'attention-heading' }, 'Needs attention'),
    items.length ? el('ul', {}, items) : el('p', { class: 'muted' }, 'Nothing: no revoked connection, every client has an account, no limit reached.'));
}

export async function render(container, ctx) {
  const { client, team, members } = ctx;
  const [clients, connections, connectors] = await Promise.all([
    client.clients.list(team.id), client.connections.list(team.id), client.connectors.list(team.id)]);
  const linked = await Promise.all(clients.map((c) => client.clients.accounts(team.id, c.id)));
  const names = new Map(connectors.map((c) => [c.id, c.name]));
  const bare = clients.filter((_, i) => linked[i].length === 0);
  const revoked = connections.filter((c) => c.status === 'revoked');
  const enabled = Object.values(team.usage?.accountsPerConnector ?? {}).filter((h) => h.count > 0);
  const roles = ROLES.map((r) => [r, members.filter((m) => m.role === r).length]).filter(([, n]) => n > 0);

  show(container,
    el('h2', {}, team.name ?? '(unnamed team)', el('span', { class: 'muted subtitle' }, ' at a glance')),
    el('dl', { class: 'tiles', id: 'glance' },
      tile('glance-members', 'Members', members.length, list(roles.map(([r, n]) => plural(n, r))) || 'nobody yet'),
      tile('glance-clients', 'Clients', clients.length, clients.length ? `${count(clients.length - bare.length)} with linked accounts, ${count(bare.length)} without` : 'none yet', bare.length > 0),
      tile('glance-connections', 'Connections', connections.length, `${plural(revoked.length, 'revoked', 'revoked')}`, revoked.length > 0),
      tile('glance-accounts', 'Enabled accounts', enabled.reduce((n, h) => n + h.count, 0), `on ${plural(enabled.length, 'connector')}`)),
    el('div', { class: 'grid' }, planCard(team), usageCard(team, names), attentionCard(team, revoked, bare, names)),
    trendCard(ctx, names));
}
