// Run a query on every account a team has enabled and write the rows as CSV (dimensions first,
// then metrics, in the order asked), to the file named as the second argument or to stdout.
// The rows are written as they arrive (data.queryRows), batch by batch, so memory stays flat
// however large the answer: a year of days × campaigns × ad groups costs no more than a week.
//
//   --dimensions date               fields to group by (comma-separated; default: date)
//   --metrics impressions,clicks,cost   fields to sum (default: impressions,clicks,cost)
//   --range last_30_days            a preset (last_7_days, last_year, …) or START..END
//                                   (YYYY-MM-DD..YYYY-MM-DD); default last_30_days
//   --connector gadw                only that connector's enabled accounts
// Field ids differ between connectors (GET …/connectors/{id}/fields lists them; Google Ads uses
// `metrics.clicks` where others use `clicks`), so a query over one connector is the safer one.
//
// Run it against the real API (Node 18.3 or later):
//   npm install tmr-client csv-stringify
//   TMR_API_KEY=tmrc_live_… node query-to-csv.mjs "Acme Marketing" last-30-days.csv
//   TMR_API_KEY=tmrc_live_… node query-to-csv.mjs "Acme Marketing" 2025.csv \
//     --range 2025-01-01..2025-12-31 --dimensions date,campaign_name
// The team is its id or its exact name (teams-usage.mjs lists both). TMR_BASE_URL points it
// elsewhere (the local mock: `make example` runs every example against it). At the end it prints
// the rows written and the process's peak memory (RSS) to stderr. Ctrl-C stops the query.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import { TmrClient, queryAccountId, isTmrError } from 'tmr-client';

const { values: flags, positionals: [teamArg, outFile] } = parseArgs({
  allowPositionals: true,
  options: {
    dimensions: { type: 'string', default: 'date' },
    metrics: { type: 'string', default: 'impressions,clicks,cost' },
    range: { type: 'string', default: 'last_30_days' },
    connector: { type: 'string' },
  },
});
const apiKey = process.env.TMR_API_KEY;
if (!apiKey || !teamArg) {
  console.error('usage: TMR_API_KEY=… node query-to-csv.mjs TEAM [OUT.csv] [--dimensions a,b] [--metrics c,d] [--range R] [--connector ID]');
  process.exit(2);
}
const list = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);
const dimensions = list(flags.dimensions);
const metrics = list(flags.metrics);
const custom = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(flags.range);
const dateRange = custom ? { startDate: custom[1], endDate: custom[2] } : flags.range;

const tmr = new TmrClient({ apiKey, baseUrl: process.env.TMR_BASE_URL || undefined });
// Ctrl-C aborts the query: the rows written so far stay in the file.
const stop = new AbortController();
process.once('SIGINT', () => stop.abort());

/** Write `text`; when the stream's buffer is full, wait until it drains (a slow disk or pipe
 * slows the reading of the answer instead of filling memory). */
async function write(out, text) {
  if (!out.write(text)) await once(out, 'drain');
}

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
  const query = { accounts, dimensions, metrics, dateRange };
  if (dimensions.includes('date')) query.sort = [{ fieldId: 'date', direction: 'asc' }];
  const out = outFile ? createWriteStream(outFile) : process.stdout;
  const batches = tmr.data.queryRows(team.id, query, { signal: stop.signal });
  // Rows are objects keyed by field id; the columns follow the query, not the keys' order. A
  // field a row lacks, or null, is an empty cell; csv-stringify quotes what needs quoting.
  const columns = [...dimensions, ...metrics];
  let header = true;
  for await (const rows of batches) {
    await write(out, stringify(rows, { header, columns }));
    header = false;
  }
  if (header) await write(out, stringify([], { header, columns })); // no rows: the header alone
  if (outFile) {
    out.end();
    await finished(out);
  }
  const range = typeof dateRange === 'string' ? dateRange.replaceAll('_', ' ') : `${dateRange.startDate} to ${dateRange.endDate}`;
  console.error(`${batches.rows} rows from ${accounts.length} accounts of ${team.name ?? team.id} ` +
    `(${range})${outFile ? `, written to ${outFile}` : ''}`);
  console.error(`${(batches.bytes / 1e6).toFixed(1)} MB received; peak memory (RSS) ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
} catch (e) {
  if (!isTmrError(e)) throw e;
  // INVALID_ARGUMENT: the query was refused before sending (e.g. an empty --metrics list).
  // ABORTED: Ctrl-C; the rows written before it stay.
  console.error(`${e.code}${e.status ? ` (${e.status})` : ''} from ${e.endpoint}: ${e.message}`);
  process.exit(e.code === 'ABORTED' ? 130 : 1);
}
