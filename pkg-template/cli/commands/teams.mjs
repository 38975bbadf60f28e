// tmr teams list · tmr team get ID
import { planHeadroom } from 'tmr-client';
import { inTeam, renameParams } from '../lib/errors.mjs';
import { formatOf, print, shortTime, withFormat } from '../lib/output.mjs';

const TEAM_COLUMNS = [
  { key: 'id', label: 'ID' },
  { key: 'name', label: 'NAME', show: (v) => v ?? '(unnamed)' },
  { key: 'createdAt', label: 'CREATED (UTC)', show: shortTime },
];

/** `count / limit (status)` of one planHeadroom entry. */
const usage = (h) => (h ? `${h.count} / ${h.limit ?? 'no limit'} (${h.status})` : '—');

/** The table view of a team: one line per fact. */
function summary(team) {
  const room = planHeadroom(team);
  const plan = team.plan;
  const lines = [
    ['id', team.id],
    ['name', team.name ?? '(unnamed)'],
    ['created', shortTime(team.createdAt)],
    ['updated', shortTime(team.updatedAt) ?? '—'],
    ['plan', plan ? `${plan.name} (${plan.status})` : 'none'],
  ];
  if (plan) {
    lines.push(['billing', `${plan.currencyCode} / ${plan.frequency}`], ['ends on', plan.endsOn ?? '—']);
  }
  lines.push(['members', usage(room.members)]);
  for (const [connector, h] of Object.entries(room.accountsPerConnector)) lines.push([`accounts: ${connector}`, usage(h)]);
  lines.push(['schedules', usage(room.schedules)]);
  return lines.map(([field, value]) => ({ field, value }));
}

/** Every leaf of an object as `path.to.field` → value (CSV of a single object). */
function flatten(value, path = '', into = []) {
  if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flatten(v, path ? `${path}.${k}` : k, into);
  } else {
    into.push({ field: path, value });
  }
  return into;
}

export function register(program, ctx) {
  const teams = program.command('teams').description('the teams the key\'s user belongs to');
  withFormat(teams.command('list').description('list your teams, newest first (id, name, created)'))
    .action(async (opts) => {
      const rows = await ctx.client().teams.list(ctx.call);
      print(ctx.out, formatOf(opts), { rows, columns: TEAM_COLUMNS });
    });

  const team = program.command('team').description('one team');
  withFormat(team.command('get').argument('<ID>', 'team id (a UUID, from tmr teams list)')
    .description('a team\'s plan and usage: members, accounts per connector, schedules against the plan\'s limits'))
    .action(async (id, opts) => {
      const client = ctx.client();
      const data = await inTeam(client, id, () => client.teams.get(id, ctx.call), ctx.call)
        .catch((e) => { throw renameParams(e, { teamId: 'ID' }); });
      const format = formatOf(opts);
      const columns = [{ key: 'field', label: 'FIELD' }, { key: 'value', label: 'VALUE' }];
      print(ctx.out, format, { rows: format === 'csv' ? flatten(data) : summary(data), columns, json: data });
    });
}
