// The benchmark world: the built-in one (from `tmr-mock --print-world`, on stdin) plus 10,000
// clients in Acme Marketing and 50 clients in Limit Labs (the dashboard scenario). Writes JSON.
import { readFileSync, writeFileSync } from 'node:fs';

const world = JSON.parse(readFileSync(0, 'utf8'));
const [acme] = world.teams;
const labs = world.teams.find((t) => t.name === 'Limit Labs');
const template = acme.clients[0].client;
const hex = (n, width) => n.toString(16).padStart(width, '0');
const client = (team, n) => ({
  client: {
    ...template,
    id: `0190f8b1-${hex(team, 4)}-7${hex(n % 4096, 3)}-8000-${hex(n, 12)}`,
    name: `Bench client ${String(n).padStart(5, '0')}`,
    domain: n % 3 ? `client${n}.example` : null,
    metadata: { logoUrl: null, brandColor: n % 2 ? '#0A66C2' : null, tier: n % 5 },
    link: `https://hub.twominutereports.com/clients/${n}`,
  },
  links: [],
});
acme.clients.push(...Array.from({ length: 10_000 - acme.clients.length }, (_, i) => client(1, i + 10)));
labs.clients.push(...Array.from({ length: 50 - labs.clients.length }, (_, i) => client(7, i + 20_000)));
writeFileSync(process.argv[2], JSON.stringify(world));
