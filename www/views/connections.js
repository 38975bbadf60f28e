// Connections (revoked ones highlighted, delete behind a confirmation) and connectors with their
// accounts: enable / disable against the plan's per-connector headroom.
import { planHeadroom } from '../pkg/index.js';
import { el, show, busy, notify, action, bar, hidden, scroller } from '../ui.js';
import { count } from '../format.js';

export async function render(container, ctx) {
  const { client, team, why } = ctx;
  const [connections, connectors] = await Promise.all([client.connections.list(team.id), client.connectors.list(team.id)]);
  const accounts = await Promise.all(connectors.map((c) => client.connectors.accounts(team.id, c.id)));
  const room = planHeadroom(team).accountsPerConnector;
  const names = new Map(connectors.map((c) => [c.id, c.name]));

  const connectionRows = connections.map((c) => {
    const details = el('td', { colspan: '5', hidden: true });
    const row = el('tr', { class: c.status, dataset: { connection: c.id } });
    const toggle = el('button', { class: 'secondary', 'aria-expanded': 'false', 'aria-label': `Accounts of ${c.name ?? c.id}` }, 'Accounts');
    toggle.addEventListener('click', () => busy(toggle, async () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      details.hidden = !open;
      if (open) show(details, el('ul', {}, (await client.connections.accounts(team.id, c.id)).map((a) => el('li', {}, `${a.name} (${a.displayId}) `, el('span', { class: `pill ${a.status}` }, a.status), a.accessible ? '' : el('span', { class: 'muted' }, ' · not accessible')))));
    }));
    const del = action('Delete', why('connections.delete'), () => {
      if (!confirm(`Delete the connection "${c.name ?? c.id}"? Reports and clients that use it stop getting data.`)) return;
      busy(del, async () => {
        await client.connections.delete(team.id, c.id);
        notify('info', `Deleted ${c.name ?? c.id}.`);
        await ctx.refresh();
      });
    }, { class: 'secondary', 'aria-label': `Delete ${c.name ?? c.id}` });
    row.append(el('td', {}, c.name ?? el('span', { class: 'muted' }, '(unnamed)')), el('td', {}, names.get(c.connectorId) ?? c.connectorId ?? '—'),
      el('td', {}, el('span', { class: `pill ${c.status}` }, c.status)), el('td', { class: 'num' }, count(c.accountCount)), el('td', {}, toggle, ' ', del));
    return [row, el('tr', {}, details)];
  });

  const connectorCards = connectors.map((c, i) => {
    const h = room[c.id];
    const full = h && h.remaining === 0;
    const list = accounts[i].map((a) => {
      const enabling = a.status !== 'enabled';
      const endpoint = enabling ? 'connectors.enableAccount' : 'connectors.disableAccount';
      const reason = why(endpoint) || (enabling && full ? `Plan limit reached: ${count(h.count)}/${count(h.limit)} accounts enabled for ${c.name}` : '');
      const button = action(enabling ? 'Enable' : 'Disable', reason, () => busy(button, async () => {
        await (enabling ? client.connectors.enableAccount : client.connectors.disableAccount)(team.id, c.id, a.id);
        notify('info', `${enabling ? 'Enabled' : 'Disabled'} ${a.name}.`);
        await ctx.refresh();
      }), { class: enabling ? '' : 'secondary', 'aria-label': `${enabling ? 'Enable' : 'Disable'} ${a.name}` });
      return el('li', { dataset: { account: a.id } }, `${a.name} `, el('span', { class: `pill ${a.status}` }, a.status), ' ', button);
    });
    return el('div', { class: 'card', dataset: { connector: c.id } },
      el('h3', {}, `${c.name} (${c.id})`),
      h ? bar('Enabled accounts', h) : null,
      el('ul', {}, list));
  });

  show(container,
    el('h2', {}, `Connections (${count(connections.length)})`),
    scroller('Connections table', el('table', { id: 'connections' },
      el('thead', {}, el('tr', {}, ['Name', 'Connector', 'Status', 'Accounts', hidden('Actions')].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, connectionRows.flat()))),
    el('h2', {}, 'Connectors'),
    el('div', { class: 'grid', id: 'connectors' }, connectorCards));
}
