// Clients with their logo or brand colour, linked accounts grouped by connector, link and unlink.
import { el, show, busy, notify, action } from '../ui.js';
import { count } from '../format.js';

function badge(client) {
  const { logoUrl, brandColor } = client.metadata;
  return logoUrl
    ? el('img', { class: 'swatch', src: logoUrl, alt: '', style: brandColor ? `background:${brandColor}` : undefined, onerror: (e) => e.target.removeAttribute('src') })
    : el('span', { class: 'swatch', style: brandColor ? `background:${brandColor}` : undefined, 'aria-hidden': 'true' });
}

export async function render(container, ctx) {
  const { client, team, why } = ctx;
  const [clients, available, connectors] = await Promise.all([client.clients.list(team.id), client.connectors.allAccounts(team.id), client.connectors.list(team.id)]);
  const names = new Map(connectors.map((c) => [c.id, c.name]));
  const nameOf = (id) => names.get(id) ?? id;
  const linked = await Promise.all(clients.map((c) => client.clients.accounts(team.id, c.id)));

  const cards = clients.map((c, i) => {
    const byConnector = Map.groupBy ? Map.groupBy(linked[i], (a) => a.connectorId) : group(linked[i]);
    const unlinkReason = why('clients.unlinkAccount');
    const groups = [...byConnector].map(([connector, accounts]) => el('div', {},
      el('h3', {}, nameOf(connector)),
      el('ul', {}, accounts.map((a) => {
        const button = action('Unlink', unlinkReason, () => busy(button, async () => {
          await client.clients.unlinkAccount(team.id, c.id, a.connectorId, a.id);
          notify('info', `Unlinked ${a.name} from ${c.name}.`);
          await ctx.render();
        }), { class: 'secondary', 'aria-label': `Unlink ${a.name} from ${c.name}` });
        return el('li', { dataset: { account: a.id } }, `${a.name} `, el('span', { class: 'muted' }, `(${a.displayId}) `), el('span', { class: `pill ${a.status}` }, a.status), ' ', button);
      }))));
    const linkReason = why('clients.linkAccount');
    const candidates = available.filter((a) => !linked[i].some((l) => l.id === a.id && l.connectorId === a.connectorId));
    const select = el('select', { 'aria-label': `Account to link to ${c.name}`, disabled: Boolean(linkReason) || candidates.length === 0, title: linkReason || undefined },
      // Grouped by connector, like the data view's pickers.
      [...group(candidates)].sort(([a], [b]) => nameOf(a).localeCompare(nameOf(b))).map(([connector, accounts]) => el('optgroup', { label: nameOf(connector) },
        accounts.map((a) => el('option', { value: `${a.connectorId}/${a.id}` }, a.name)))));
    const link = action('Link', linkReason || (candidates.length ? '' : 'Every account is already linked'), () => busy(link, async () => {
      const [connector, ...rest] = select.value.split('/');
      await client.clients.linkAccount(team.id, c.id, connector, rest.join('/'));
      notify('info', `Linked an account to ${c.name}.`);
      await ctx.render();
    }), { 'aria-label': `Link account to ${c.name}` });
    return el('div', { class: 'card', dataset: { client: c.name } },
      el('h2', {}, badge(c), c.name),
      el('p', { class: 'muted' }, c.domain ?? 'no domain', ' · ', el('a', { href: c.link, target: '_blank', rel: 'noopener' }, 'open in hub')),
      groups.length ? groups : el('p', { class: 'muted' }, 'No linked accounts'),
      el('div', { class: 'row' }, select, link));
  });
  show(container, el('h2', {}, `Clients (${count(clients.length)})`), el('div', { class: 'grid', id: 'clients' }, cards));
}

function group(accounts) {
  const m = new Map();
  for (const a of accounts) m.set(a.connectorId, [...(m.get(a.connectorId) ?? []), a]);
  return m;
}
