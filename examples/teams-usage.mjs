// Every team your API key can see, with its plan and how much of it is used: members against the
// plan's user limit and enabled accounts against the per-connector limit (from `planHeadroom`),
// printed as a table. A limit that is reached or exceeded is marked with its status.
//
// Run it against the real API (Node 18.3 or later):
//   npm install tmr-client
//   TMR_API_KEY=tmrc_live_… node teams-usage.mjs
// TMR_BASE_URL points it elsewhere (the local mock: `make example` runs every example against it).
import { TmrClient, planHeadroom, isTmrError } from 'tmr-client';

const apiKey = process.env.TMR_API_KEY;
if (!apiKey) {
  console.error('Set TMR_API_KEY to your API key (and TMR_BASE_URL to use another server).');
  process.exit(2);
}
const tmr = new TmrClient({ apiKey, baseUrl: process.env.TMR_BASE_URL || undefined });

/** "4/8", "3/3 reached", "2 (no limit)": one limited quantity from planHeadroom. */
function used(h) {
  if (h.limit === null) return `${h.count} (no limit)`;
  return h.status === 'ok' ? `${h.count}/${h.limit}` : `${h.count}/${h.limit} ${h.status}`;
}

/** Rows of strings as a left-aligned table under a header line. */
function printTable(columns, rows) {
  const width = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(width[i])).join('  ').trimEnd();
  console.log(line(columns));
  console.log(line(width.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}

try {
  // teams.list() gives summaries; the plan and usage are on each team's own record. The requests
  // go out together: the client paces them within the API's rate limit by itself.
  const summaries = await tmr.teams.list();
  const teams = await Promise.all(summaries.map((t) => tmr.teams.get(t.id)));

  const rows = teams.map((team) => {
    const room = planHeadroom(team);
    const accounts = Object.entries(room.accountsPerConnector)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([connector, h]) => `${connector} ${used(h)}`)
      .join(', ');
    return [
      team.name ?? '(unnamed)',
      team.plan ? `${team.plan.name} (${team.plan.status})` : '(no plan)',
      room.members ? used(room.members) : '—',
      accounts || '—',
      team.id,
    ];
  });
  printTable(['TEAM', 'PLAN', 'MEMBERS', 'ACCOUNTS PER CONNECTOR', 'ID'], rows);
} catch (e) {
  if (!isTmrError(e)) throw e;
  // Every failure is a TmrError with a stable code (UNAUTHORIZED, FORBIDDEN, NETWORK_ERROR, …).
  console.error(`${e.code}${e.status ? ` (${e.status})` : ''} from ${e.endpoint}: ${e.message}`);
  process.exit(1);
}
