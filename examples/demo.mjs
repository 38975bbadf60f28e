// The demo: the owner's teams, plan usage and clients with their linked accounts, as tables.
// Run it with `make demo` (it starts the local mock), or against any base URL:
//   TMR_BASE_URL=… TMR_API_KEY=… node examples/demo.mjs
import { TmrClient, planHeadroom, isTmrError } from '../pkg/node.mjs';

const baseUrl = process.env.TMR_BASE_URL ?? process.env.TMR_MOCK_URL;
const apiKey = process.env.TMR_API_KEY ?? process.env.TMR_TOKEN_OWNER;
if (!apiKey) {
  console.error('Set TMR_API_KEY (and TMR_BASE_URL), or run `make demo` to use the local mock.');
  process.exit(2);
}
const tmr = new TmrClient({ apiKey, baseUrl });

const bar = (h) => {
  if (!h) return '';
  if (h.limit === null) return `${h.count} (no limit)`;
  const width = 20;
  const filled = Math.min(width, Math.round((h.count / Math.max(h.limit, 1)) * width));
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${h.count}/${h.limit} ${h.status}`;
};

try {
  const me = await tmr.users.me();
  console.log(`Signed in as ${me.name ?? me.email} <${me.email}> at ${tmr.baseUrl}\n`);

  const teams = await tmr.teams.list();
  const details = await Promise.all(teams.map((t) => tmr.teams.get(t.id)));
  console.log('Teams');
  console.table(details.map((t) => ({
    team: t.name ?? '(unnamed)', plan: t.plan ? `${t.plan.name} (${t.plan.status})` : '—',
    members: bar(planHeadroom(t).members),
  })));

  // The busiest team: the most members.
  const team = details.reduce((a, b) => ((b.usage?.members.count ?? 0) > (a.usage?.members.count ?? 0) ? b : a));
  const room = planHeadroom(team);
  console.log(`\nPlan usage of ${team.name}`);
  console.table({
    members: { usage: bar(room.members) },
    ...Object.fromEntries(Object.entries(room.accountsPerConnector).map(([c, h]) => [`accounts: ${c}`, { usage: bar(h) }])),
    schedules: { usage: bar(room.schedules) },
  });

  const clients = await tmr.clients.list(team.id);
  const linked = await Promise.all(clients.map((c) => tmr.clients.accounts(team.id, c.id)));
  console.log(`\nClients of ${team.name} and their linked accounts`);
  console.table(clients.flatMap((c, i) => (linked[i].length ? linked[i] : [null]).map((a) => ({
    client: c.name, domain: c.domain ?? '—', connector: a?.connectorId ?? '—',
    account: a ? `${a.name} (${a.displayId})` : '(none linked)', status: a?.status ?? '',
  }))));
} catch (e) {
  if (!isTmrError(e)) throw e;
  console.error(`${e.code}${e.status ? ` (${e.status})` : ''} from ${e.endpoint}: ${e.message}`);
  process.exit(1);
}
