// The shape every `tmr <group> list TEAM` command shares: one team-scoped list, printed.
import { inTeam, renameParams } from './errors.mjs';
import { formatOf, print, withFormat } from './output.mjs';

/**
 * Add `list TEAM` to a command group.
 * @param {import('commander').Command} group
 * @param {object} ctx the command line's context
 * @param {{ description: string, call: (client, teamId, options) => Promise<object[]>, columns: import('./output.mjs').Column[] }} spec
 */
export function teamList(group, ctx, { description, call, columns }) {
  return withFormat(group.command('list').argument('<TEAM>', 'team id (a UUID, from tmr teams list)').description(description))
    .action(async (teamId, opts) => {
      const client = ctx.client();
      const rows = await inTeam(client, teamId, () => call(client, teamId, ctx.call), ctx.call)
        .catch((e) => { throw renameParams(e, { teamId: 'TEAM' }); });
      print(ctx.out, formatOf(opts), { rows, columns });
    });
}
