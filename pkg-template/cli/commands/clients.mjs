// tmr clients list TEAM
import { shortTime } from '../lib/output.mjs';
import { teamList } from '../lib/team-list.mjs';

export function register(program, ctx) {
  const clients = program.command('clients').description('a team\'s clients (the customers or brands it reports on)');
  teamList(clients, ctx, {
    description: 'list a team\'s clients by name (id, name, domain, status, created)',
    call: (client, team, options) => client.clients.list(team, options),
    columns: [
      { key: 'id', label: 'ID' },
      { key: 'name', label: 'NAME' },
      { key: 'domain', label: 'DOMAIN' },
      { key: 'status', label: 'STATUS' },
      { key: 'createdAt', label: 'CREATED (UTC)', show: shortTime },
    ],
  });
}
