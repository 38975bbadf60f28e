// What a dashboard loads for one team: the team (asked twice, by two widgets), members, invites,
// clients with their linked accounts, connectors.
export async function loadDashboard(client, teamId) {
  const [team, members, invites, clients, connectors] = await Promise.all([
    client.teams.get(teamId),
    client.members.list(teamId),
    client.invites.list(teamId),
    client.clients.list(teamId),
    client.connectors.list(teamId),
    client.teams.get(teamId),
  ]);
  const accounts = await Promise.all(clients.map((c) => client.clients.accounts(teamId, c.id)));
  return { team, members, invites, clients, connectors, accounts };
}
