// Writing a command's data to stdout as --json, --csv or an aligned table (the default).
import { Option } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { renderTable } from './table.mjs';

/** Add `--json` and `--csv` to a command. */
export function withFormat(command) {
  return command
    .addOption(new Option('--json', 'print JSON (the API\'s data as sent)').conflicts('csv'))
    .addOption(new Option('--csv', 'print CSV with a header row'));
}

/** The format the flags ask for. */
export const formatOf = (opts) => (opts.json ? 'json' : opts.csv ? 'csv' : 'table');

/** ISO timestamps as `YYYY-MM-DD HH:MM` (UTC) in tables. */
export function shortTime(value) {
  return typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(value) ? value.slice(0, 16).replace('T', ' ') : value;
}

/**
 * A column: `key` (CSV header), `label` (table header), `value(row)` (raw, for CSV; default
 * `row[key]`), `show(value)` (table text), `right` (align right in tables).
 * @typedef {{ key: string, label?: string, value?: (row: object) => unknown, show?: (value: unknown) => string, right?: boolean }} Column
 */

const raw = (column, row) => (column.value ? column.value(row) : row[column.key]);

function csvCell(value) {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : value;
}

/** Rows as CSV lines, with the header row first when `header` is set (a stream's first batch). */
export function csvText(rows, columns, header = true) {
  return stringify(rows.map((row) => columns.map((c) => csvCell(raw(c, row)))), { header, columns: columns.map((c) => c.key), cast: { boolean: String } });
}

function tableCell(column, value) {
  if (column.show) return String(column.show(value));
  if (value === null || value === undefined || value === '') return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * Print rows in the chosen format.
 * @param {NodeJS.WritableStream} out
 * @param {'json' | 'csv' | 'table'} format
 * @param {{ rows: object[], columns: Column[], json?: unknown }} data `json` defaults to `rows`
 */
export function print(out, format, { rows, columns, json = rows }) {
  if (format === 'json') {
    out.write(`${JSON.stringify(json, null, 2)}\n`);
  } else if (format === 'csv') {
    out.write(csvText(rows, columns));
  } else {
    const header = columns.map((c) => c.label ?? c.key.toUpperCase());
    const cells = rows.map((row) => columns.map((c) => tableCell(c, raw(c, row))));
    out.write(renderTable(header, cells, columns.map((c) => Boolean(c.right))));
  }
}
