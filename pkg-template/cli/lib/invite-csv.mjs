// The rows of an invite batch from a CSV file (or `-` for stdin): a header row naming the columns
// `email` (required) and `role` (optional: viewer, editor or owner; empty = the API's default,
// viewer), in any order and case; other columns are ignored. Each row keeps its line number.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { CliError, EXIT } from './exit.mjs';

function read(path) {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (e) {
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'a directory' : e.message;
    throw new CliError(EXIT.USAGE, `--from: cannot read ${JSON.stringify(path)}: ${why}`);
  }
}

/**
 * @param {string} path
 * @returns {{ line: number, email: string, role: string | undefined }[]}
 */
export function readInvites(path) {
  const text = read(path);
  let header = [];
  let records;
  try {
    records = parse(text, {
      bom: true,
      columns: (names) => (header = names.map((n) => String(n).trim().toLowerCase())),
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      trim: true,
    });
  } catch (e) {
    throw new CliError(EXIT.USAGE, `--from ${path}: not valid CSV: ${e.message}`);
  }
  if (!header.includes('email')) {
    const found = header.filter(Boolean).join(', ') || 'nothing';
    throw new CliError(EXIT.USAGE, `--from ${path}: the header row has no "email" column (found: ${found}); the columns are email and, optionally, role`);
  }
  if (records.length === 0) throw new CliError(EXIT.USAGE, `--from ${path}: no rows after the header row`);
  return records.map(({ record, info }) => ({
    line: info.lines,
    email: record.email ?? '',
    role: record.role ? record.role.toLowerCase() : undefined,
  }));
}
