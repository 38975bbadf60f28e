// tmr members list TEAM
import { shortTime } from '../lib/output.mjs';
import { teamList } from '../lib/team-list.mjs';

export function register(program, ctx) {
  const members = program.command('members').description('a team\'s members');
  teamList(members, ctx, {
    description: 'list a team\'s members, oldest first (id, name, email, role, joined)',
    call: (client, team, options) => client.members.list(team, options),
    columns: [
      { key: 'id', label: 'ID' },
      { key: 'name', label: 'NAME' },
      { key: 'email', label: 'EMAIL' },
      { key: 'role', label: 'ROLE' },
      { key: 'joinedAt', label: 'JOINED (UTC)', show: shortTime },
    ],
  });
}
