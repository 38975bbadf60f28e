// A team's clients and the connector accounts linked to each, as CSV: one row per client and
// linked account, and one row with empty account columns for a client with nothing linked, so
// every client appears. Written to the file named as the second argument, or to stdout.
//
// Run it against the real API (Node 18.3 or later):
//   npm install tmr-client csv-stringify
//   TMR_API_KEY=tmrc_live_… node export-clients.mjs "Acme Marketing" clients.csv
// The team is its id or its exact name (teams-usage.mjs lists both). TMR_BASE_URL points it
// elsewhere (the local mock: `make example` runs every example against it).
import { writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { TmrClient, isTmrError } from 'tmr-client';

const [teamArg, outFile] = process.argv.slice(2);
const apiKey = process.env.TMR_API_KEY;
if (!apiKey || !teamArg) {
  console.error('usage: TMR_API_KEY=… node export-clients.mjs TEAM [OUT.csv]   (TEAM: id or exact name)');
  process.exit(2);
}
const tmr = new TmrClient({ apiKey, baseUrl: process.env.TMR_BASE_URL || undefined });

const COLUMNS = ['client_id', 'client_name', 'client_domain', 'connector_id', 'account_id',
  'account_name', 'account_display_id', 'account_status'];

try {
  const team = (await tmr.teams.list()).find((t) => t.id === teamArg || t.name === teamArg);
  if (!team) {
    console.error(`No team "${teamArg}" for this key: run teams-usage.mjs to list them.`);
    process.exit(2);
  }

  // The clients (by name), then each one's linked accounts. The requests go out together and the
  // client paces them within the API's rate limit (120 a minute), however many clients there are.
  const clients = await tmr.clients.list(team.id);
  const linked = await Promise.all(clients.map((c) => tmr.clients.accounts(team.id, c.id)));

  const rows = clients.flatMap((client, i) => {
    const base = { client_id: client.id, client_name: client.name, client_domain: client.domain };
    if (linked[i].length === 0) return [base];   // no accounts: the account columns stay empty
    return linked[i].map((a) => ({
      ...base, connector_id: a.connectorId, account_id: a.id, account_name: a.name,
      account_display_id: a.displayId, account_status: a.status,
    }));
  });

  // csv-stringify quotes what needs quoting (commas, quotes, line breaks in names) and writes
  // null and missing values as empty fields.
  const csv = stringify(rows, { header: true, columns: COLUMNS });
  if (outFile) writeFileSync(outFile, csv);
  else process.stdout.write(csv);

  const bare = linked.filter((accounts) => accounts.length === 0).length;
  console.error(`${rows.length} rows: ${clients.length} clients of ${team.name ?? team.id}, ` +
    `${bare} without linked accounts${outFile ? `, written to ${outFile}` : ''}`);
} catch (e) {
  if (!isTmrError(e)) throw e;
  console.error(`${e.code}${e.status ? ` (${e.status})` : ''} from ${e.endpoint}: ${e.message}`);
  process.exit(1);
}
