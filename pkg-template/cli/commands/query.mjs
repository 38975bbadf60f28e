// tmr query TEAM --accounts … --metrics … [--dimensions …] [--range …] [--sort …]
import { inTeam, renameParams } from '../lib/errors.mjs';
import { formatOf, print, withFormat } from '../lib/output.mjs';

/** Comma-separated values, the flag repeatable. */
const list = (value, previous = []) => previous.concat(value.split(',').map((s) => s.trim()).filter(Boolean));

const CUSTOM = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/;

/** `--range`: a preset name, or `START..END` as a custom range. */
function dateRange(value) {
  const m = CUSTOM.exec(value);
  return m ? { startDate: m[1], endDate: m[2] } : value;
}

/** `--sort FIELD[:asc|:desc]`. */
function sortOf(value) {
  const at = value.lastIndexOf(':');
  return at < 0 ? { fieldId: value, direction: 'asc' } : { fieldId: value.slice(0, at), direction: value.slice(at + 1) };
}

const PARAMS = {
  teamId: 'TEAM',
  'query.accounts': '--accounts',
  'query.metrics': '--metrics',
  'query.dimensions': '--dimensions',
  'query.dateRange': '--range',
  'query.sort': '--sort',
};
const HINTS = { '--range': '(or a custom range START..END, e.g. 2026-01-01..2026-01-31)' };

const HELP = `
Accounts are "<connectorId>_<accountId>", e.g. gadw_1234567890 or fads_act_9876543210; field ids
come from the connector's fields. Each list flag takes comma-separated values and may be repeated.
Ranges: today, yesterday, last_7_days, last_30_days, this_month, last_month, last_3_months,
last_6_months, last_year, this_year, or START..END (YYYY-MM-DD..YYYY-MM-DD). Without --range the
API's default, last_7_days. Needs the editor role. Columns: the dimensions, then the metrics.

Example:
  tmr query 0190f8b0-0002-7001-8002-000000001ef1 --accounts gadw_1000000000 \\
    --metrics cost,clicks --dimensions date --range last_30_days --csv > clicks.csv`;

export function register(program, ctx) {
  withFormat(program.command('query')
    .description('run a data query (run-query) on a team\'s accounts: one row per combination of dimensions')
    .argument('<TEAM>', 'team id (a UUID, from tmr teams list)')
    .requiredOption('--accounts <ids>', 'accounts to query, "<connectorId>_<accountId>" (1 to 100)', list)
    .option('--metrics <ids>', 'metric field ids (up to 50)', list)
    .option('--dimensions <ids>', 'dimension field ids to group by (up to 50; none: one aggregated row)', list)
    .option('--range <range>', 'a date preset (last_30_days, …) or START..END')
    .option('--sort <field[:dir]>', 'sort rows by a field, asc (default) or desc; repeatable', (v, prev = []) => prev.concat(sortOf(v)))
    .addHelpText('after', HELP))
    .action(async (teamId, opts) => {
      const query = { accounts: opts.accounts };
      if (opts.metrics) query.metrics = opts.metrics;
      if (opts.dimensions) query.dimensions = opts.dimensions;
      if (opts.range !== undefined) query.dateRange = dateRange(opts.range);
      if (opts.sort) query.sort = opts.sort;
      const client = ctx.client();
      const rows = await inTeam(client, teamId, () => client.data.runQuery(teamId, query, ctx.call), ctx.call)
        .catch((e) => { throw renameParams(e, PARAMS, HINTS); });
      const keys = [...(opts.dimensions ?? []), ...(opts.metrics ?? [])];
      for (const row of rows) for (const k of Object.keys(row)) if (!keys.includes(k)) keys.push(k);
      const columns = keys.map((key) => ({ key, label: key, right: rows.some((r) => typeof r[key] === 'number') }));
      print(ctx.out, formatOf(opts), { rows, columns });
    });
}
