// Invite people to a team from a CSV file with an `email` column and an optional `role` column
// (viewer, editor or owner; empty means viewer), one invite at a time, then a summary of the
// failures with their line numbers. Exits with status 1 when any invite failed.
//
// Pacing: the API allows 15 invites per 5 minutes. The client paces them itself, so the 16th
// invite waits for a free slot instead of failing (`rateLimit.maxWaitMs` is raised above the
// window for that). `--invite-limit N/SECONDS` changes the client's invite limit: the checks run
// this against a mock whose rate windows are scaled down (`tmr-mock --rate-window-scale 0.02`).
//
// Run it against the real API (Node 18.3 or later):
//   npm install tmr-client csv-parse
//   TMR_API_KEY=tmrc_live_… node invite-members.mjs "Acme Marketing" members.csv
// The team is its id or its exact name (teams-usage.mjs lists both). TMR_BASE_URL points it
// elsewhere (the local mock: `make example` runs every example against it).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { TmrClient, isTmrError } from 'tmr-client';

const { values: flags, positionals: [teamArg, csvFile] } = parseArgs({
  allowPositionals: true,
  options: { 'invite-limit': { type: 'string', default: '15/300' } },
});
const apiKey = process.env.TMR_API_KEY;
const [limit, seconds] = flags['invite-limit'].split('/').map(Number);
if (!apiKey || !teamArg || !csvFile || !(limit >= 1 && seconds > 0)) {
  console.error('usage: TMR_API_KEY=… node invite-members.mjs TEAM FILE.csv [--invite-limit 15/300]');
  process.exit(2);
}

// Read the CSV first: a file that cannot be read or parsed stops the script before any invite.
// csv-parse handles quoted fields, a byte-order mark, CRLF line ends and blank lines.
const records = parse(readFileSync(csvFile), {
  bom: true, columns: (header) => header.map((h) => h.trim().toLowerCase()),
  skip_empty_lines: true, trim: true, info: true,
});
if (records.length > 0 && !('email' in records[0].record)) {
  console.error(`${csvFile}: no "email" column in the header line`);
  process.exit(2);
}

// Failures that would repeat on every row: the key, the caller's role, the plan.
const STOP = new Set(['UNAUTHORIZED', 'FORBIDDEN', 'INSUFFICIENT_PERMISSIONS', 'PAYMENT_REQUIRED']);
let waitedMs = 0;
const windowMs = seconds * 1000;
const tmr = new TmrClient({
  apiKey,
  baseUrl: process.env.TMR_BASE_URL || undefined,
  rateLimit: { invite: { requests: limit, windowMs }, maxWaitMs: windowMs + 60_000 },
  // Called when a call waits for a slot: say so when the wait is long enough to look like a hang.
  onRateLimit: (e) => {
    waitedMs += e.waitMs;
    if (e.waitMs >= 1000) console.log(`  … waiting ${(e.waitMs / 1000).toFixed(1)} s for a free ${e.endpoint} slot`);
  },
});

try {
  const team = (await tmr.teams.list()).find((t) => t.id === teamArg || t.name === teamArg);
  if (!team) {
    console.error(`No team "${teamArg}" for this key: run teams-usage.mjs to list them.`);
    process.exit(2);
  }

  console.log(`Inviting ${records.length} people to ${team.name ?? team.id}`);
  const failures = [];
  let invited = 0;
  let handled = 0;
  for (const [i, { record, info }] of records.entries()) {
    const { email, role } = record;
    const label = `[${String(i + 1).padStart(String(records.length).length)}/${records.length}] ${email}`;
    handled = i + 1;
    try {
      // A bad email or role is refused by the client before anything is sent (INVALID_ARGUMENT).
      await tmr.invites.create(team.id, role ? { email, role } : { email });
      invited += 1;
      console.log(`${label}: invited as ${role || 'viewer'}`);
    } catch (e) {
      if (!isTmrError(e)) throw e;
      console.log(`${label}: ${e.code}`);
      failures.push({ line: info.lines, email, code: e.code, message: e.message });
      // These say something about the key or the team (a plan's user limit is a FORBIDDEN too),
      // so every later row would fail the same way: stop here.
      if (STOP.has(e.code)) break;
    }
  }

  const notSent = records.length - handled;
  console.log(`\nSummary: ${invited} invited, ${failures.length} failed` +
    (notSent > 0 ? `, ${notSent} not sent (stopped at the last failure)` : '') +
    (waitedMs > 0 ? `; waited ${(waitedMs / 1000).toFixed(1)} s for invite slots` : ''));
  for (const f of failures) console.log(`  line ${f.line}: ${f.email}: ${f.code}: ${f.message}`);
  if (failures.some((f) => f.code === 'AMBIGUOUS_WRITE')) {
    console.log("An AMBIGUOUS_WRITE invite may have been sent: check the team's pending invites before retrying it.");
  }
  process.exitCode = failures.length + notSent > 0 ? 1 : 0;
} catch (e) {
  if (!isTmrError(e)) throw e;
  console.error(`${e.code}${e.status ? ` (${e.status})` : ''} from ${e.endpoint}: ${e.message}`);
  process.exit(1);
}
