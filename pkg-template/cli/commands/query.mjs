// tmr query TEAM --accounts … --metrics … [--dimensions …] [--range …] [--sort …]
// The rows come through data.queryRows, batch by batch as the answer arrives: --csv and --json
// write each batch and drop it (memory flat however many rows); the table waits for the last row.
import { Option } from 'commander';
import { inTeam, renameParams } from '../lib/errors.mjs';
import { formatOf, print, withFormat } from '../lib/output.mjs';
import { progressCount } from '../lib/progress.mjs';
import { writeBatches } from '../lib/stream-output.mjs';

/**
 * Rows per batch: one write and one progress update each. Large enough that the per-batch cost is
 * small beside the rows', small enough that the first rows show at once and memory holds few.
 */
const BATCH_ROWS = 1000;

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

--csv and --json write the rows as they arrive, so memory stays flat however many there are (the
CSV header is the first rows' columns). The table (the default) is printed once the last row has
arrived, since its columns are as wide as their widest cell: use --csv for large answers. On a
terminal (or with --progress) stderr counts the rows received. Ctrl-C stops the query (exit code
130); the rows already written stay. An answer that fails midway keeps the rows written before it,
then prints the error and exits with its code; a --json array is then left unclosed, so it cannot
pass for a complete answer.

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
    .addOption(new Option('--progress', 'count the rows received on stderr even when it is not a terminal'))
    .addOption(new Option('--no-progress', 'no count of rows on stderr, even on a terminal'))
    .addHelpText('after', HELP))
    .action(async (teamId, opts) => {
      const query = { accounts: opts.accounts };
      if (opts.metrics) query.metrics = opts.metrics;
      if (opts.dimensions) query.dimensions = opts.dimensions;
      if (opts.range !== undefined) query.dateRange = dateRange(opts.range);
      if (opts.sort) query.sort = opts.sort;
      const client = ctx.client();
      const count = progressCount(ctx.err, { enabled: opts.progress ?? Boolean(ctx.err.isTTY), label: 'query', unit: 'rows' });
      try {
        await inTeam(client, teamId, () => rowsOut(ctx, client.data.queryRows(teamId, query, { ...ctx.call, batchSize: BATCH_ROWS }), opts, count), ctx.call);
      } catch (e) {
        throw renameParams(e, PARAMS, HINTS);
      } finally {
        // Before the error line main() prints, so that line starts on a line of its own.
        count.stop();
      }
    });
}

/** The columns: the dimensions, then the metrics, as asked; then any other field the rows hold. */
function columnsOf(opts, rows) {
  const keys = [...(opts.dimensions ?? []), ...(opts.metrics ?? [])];
  for (const row of rows) for (const k of Object.keys(row)) if (!keys.includes(k)) keys.push(k);
  return keys.map((key) => ({ key, label: key, right: rows.some((r) => typeof r[key] === 'number') }));
}

/** Every batch of `batches` to stdout in the format asked, the count updated after each. */
async function rowsOut(ctx, batches, opts, count) {
  const format = formatOf(opts);
  const onBatch = () => count.update(batches.rows, batches.bytes);
  if (format !== 'table') {
    await writeBatches(ctx.out, format, batches, { columnsOf: (rows) => columnsOf(opts, rows), signal: ctx.call.signal, onBatch });
    return;
  }
  const rows = [];
  for await (const batch of batches) {
    for (const row of batch) rows.push(row);
    onBatch();
  }
  print(ctx.out, 'table', { rows, columns: columnsOf(opts, rows) });
}
