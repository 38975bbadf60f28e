// Run a query over the last 30 days on every account a team has enabled, and write the rows as
// CSV (dimensions first, then metrics, in the order asked), to the file named as the second
// argument or to stdout.
//
//   --dimensions date               fields to group by (comma-separated; default: date)
//   --metrics impressions,clicks,cost   fields to sum (default: impressions,clicks,cost)
//   --connector gadw                only that connector's enabled accounts
// Field ids differ between connectors (GET …/connectors/{id}/fields lists them; Google Ads uses
// `metrics.clicks` where others use `clicks`), so a query over one connector is the safer one.
//
// Run it against the real API (Node 18.3 or later):
//   npm install tmr-client csv-stringify
//   TMR_API_KEY=tmrc_live_… node query-to-csv.mjs "Acme Marketing" last-30-days.csv
// The team is its id or its exact name (teams-usage.mjs lists both). TMR_BASE_URL points it
// elsewhere (the local mock: `make example` runs every example against it).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import { TmrClient, queryAccountId, isTmrError } from 'tmr-client';

const { values: flags, positionals: [teamArg, outFile] } = parseArgs({
  allowPositionals: true,
  options: {
    dimensions: { type: 'string', default: 'date' },
    metrics: { type: 'string', default: 'impressions,clicks,cost' },
    connector: { type: 'string' },
  },
});
const apiKey = process.env.TMR_API_KEY;
if (!apiKey || !teamArg) {
  console.error('usage: TMR_API_KEY=… node query-to-csv.mjs TEAM [OUT.csv] [--dimensions a,b] [--metrics c,d] [--connector ID]');
  process.exit(2);
}
const list = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);
const dimensions = list(flags.dimensions);
const metrics = list(flags.metrics);

const tmr = new TmrClient({ apiKey, baseUrl: process.env.TMR_BASE_URL || undefined });

try {
  const team = (await tmr.teams.list()).find((t) => t.id === teamArg || t.name === teamArg);
  if (!team) {
    console.error(`No team "${teamArg}" for this key: run teams-usage.mjs to list them.`);
    process.exit(2);
  }

  // The team's enabled accounts, as run-query names them: `<connectorId>_<accountId>`.
  const enabled = flags.connector
    ? await tmr.connectors.accounts(team.id, flags.connector, { status: 'enabled' })
    : await tmr.connectors.allAccounts(team.id, { status: 'enabled' });
  const accounts = enabled.map(queryAccountId);
  if (accounts.length === 0) {
    console.error(`${team.name ?? team.id} has no enabled accounts${flags.connector ? ` for ${flags.connector}` : ''}.`);
    process.exit(1);
  }
  if (accounts.length > 100) {
    console.error(`A query takes at most 100 accounts and ${accounts.length} are enabled: pick one --connector.`);
    process.exit(2);
  }

  // A query runs while the API computes it, up to about 5 minutes; the client's deadline for
  // run-query is 6 minutes and it never repeats a query that timed out or failed with a 500.
  const query = { accounts, dimensions, metrics, dateRange: 'last_30_days' };
  if (dimensions.includes('date')) query.sort = [{ fieldId: 'date', direction: 'asc' }];
  const rows = await tmr.data.runQuery(team.id, query);

  // Rows are objects keyed by field id; the columns follow the query, not the keys' order. A
  // field a row lacks, or null, is an empty cell; csv-stringify quotes what needs quoting.
  const csv = stringify(rows, { header: true, columns: [...dimensions, ...metrics] });
  if (outFile) writeFileSync(outFile, csv);
  else process.stdout.write(csv);
  console.error(`${rows.length} rows from ${accounts.length} accounts of ${team.name ?? team.id} ` +
    `(last 30 days)${outFile ? `, written to ${outFile}` : ''}`);
} catch (e) {
  if (!isTmrError(e)) throw e;
  // INVALID_ARGUMENT: the query was refused before sending (e.g. an empty --metrics list).
  console.error(`${e.code}${e.status ? ` (${e.status})` : ''} from ${e.endpoint}: ${e.message}`);
  process.exit(1);
}
