// tmr invites list TEAM · tmr invites send TEAM --from members.csv
import { Option } from 'commander';
import { inTeam, renameParams } from '../lib/errors.mjs';
import { readInvites } from '../lib/invite-csv.mjs';
import { sendInvites } from '../lib/invite-batch.mjs';
import { formatOf, print, shortTime, withFormat } from '../lib/output.mjs';
import { progressBar } from '../lib/progress.mjs';
import { teamList } from '../lib/team-list.mjs';

const CSV_HELP = `
The CSV file has a header row naming its columns, in any order and case:
  email   required: the address to invite
  role    optional: viewer, editor or owner (empty: viewer, the API's default)
Other columns are ignored. Example:
  email,role
  ada@example.com,editor
  grace@example.com,

Rows whose e-mail is already a member or already has a pending invite are skipped (nothing is
sent). Invites go one at a time, paced by the API's limit of 15 per 5 minutes: past the 15th an
invite waits for its slot. A row's own error (bad e-mail or role, a conflict) fails that row and
the batch goes on; an error every later row would meet too (the key, the plan's user limit, the
network, the server) stops it. The result lists every row that was not invited, and why; exit
code 7 if any row failed. Ctrl-C stops the batch and prints what was sent.`;

const RESULT_COLUMNS = [
  { key: 'line', label: 'LINE', right: true },
  { key: 'email', label: 'EMAIL' },
  { key: 'role', label: 'ROLE' },
  { key: 'status', label: 'STATUS' },
  { key: 'code', label: 'CODE' },
  { key: 'message', label: 'REASON' },
];

function report(ctx, format, teamId, file, rows) {
  const count = (status) => rows.filter((r) => r.status === status).length;
  const totals = { invited: count('invited'), skipped: count('skipped'), failed: count('failed'), notSent: count('not sent') };
  const line = `invited ${totals.invited}, skipped ${totals.skipped}, failed ${totals.failed}, not sent ${totals.notSent} (of ${rows.length} rows in ${file})`;
  const results = rows.map(({ line: l, email, role, status, code, message }) => ({ line: l, email, role: role ?? null, status, code, message }));
  if (format === 'table') {
    ctx.out.write(`${line}\n`);
    const rest = results.filter((r) => r.status !== 'invited');
    if (rest.length) print(ctx.out, 'table', { rows: rest, columns: RESULT_COLUMNS });
    return;
  }
  print(ctx.out, format, { rows: results, columns: RESULT_COLUMNS, json: { team: teamId, ...totals, rows: results } });
  // Data went to stdout; the summary of failures goes to stderr for the person running it.
  const failures = results.filter((r) => r.status === 'failed' || r.status === 'not sent');
  if (failures.length) ctx.err.write(`tmr: ${line}\n${failures.map((r) => `  line ${r.line} ${r.email}: ${r.status}: ${r.code ? `${r.code}: ` : ''}${r.message}`).join('\n')}\n`);
}

export function register(program, ctx) {
  const invites = program.command('invites').description('a team\'s pending invites; invite members from a CSV file');
  teamList(invites, ctx, {
    description: 'list a team\'s pending invites, newest first (owner only)',
    call: (client, team, options) => client.invites.list(team, options),
    columns: [
      { key: 'id', label: 'ID', right: true },
      { key: 'email', label: 'EMAIL' },
      { key: 'role', label: 'ROLE' },
      { key: 'status', label: 'STATUS' },
      { key: 'createdAt', label: 'CREATED (UTC)', show: shortTime },
    ],
  });

  withFormat(invites.command('send')
    .description('invite the people listed in a CSV file (columns: email, optional role) to a team (owner only)')
    .argument('<TEAM>', 'team id (a UUID, from tmr teams list)')
    .requiredOption('--from <file>', 'the CSV file of invites (- reads stdin)')
    .addOption(new Option('--progress', 'draw the progress bar on stderr even when it is not a terminal'))
    .addOption(new Option('--no-progress', 'no progress bar, even on a terminal'))
    .addHelpText('after', CSV_HELP))
    .action(async (teamId, opts) => {
      const rows = readInvites(opts.from);
      let bar = { status() {}, tick() {}, stop() {} };
      const client = ctx.client({
        onRateLimit: (event) => {
          if (event.endpoint === 'invites.create') bar.status(`waiting ${Math.ceil(event.waitMs / 1000)} s for the invite rate limit (15 per 5 min)`);
        },
      });
      const [members, pending] = await inTeam(client, teamId, () => Promise.all([
        client.members.list(teamId, ctx.call),
        client.invites.list(teamId, ctx.call),
      ]), ctx.call).catch((e) => { throw renameParams(e, { teamId: 'TEAM' }); });
      const enabled = opts.progress ?? Boolean(ctx.err.isTTY);
      bar = progressBar(ctx.err, { enabled, total: rows.length, label: 'invites' });
      ctx.exitCode = await sendInvites({ client, teamId, rows, call: ctx.call, bar, members, invites: pending });
      report(ctx, formatOf(opts), teamId, opts.from, rows);
    });
}
