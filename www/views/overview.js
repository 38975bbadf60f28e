// Team overview: plan and usage against limits, drawn from the SDK's planHeadroom.
import { planHeadroom } from '../pkg/index.js';
import { el, show, bar } from '../ui.js';

export async function render(container, { team }) {
  const room = planHeadroom(team);
  const plan = team.plan;
  show(container, el('div', { class: 'grid' },
    el('div', { class: 'card' },
      el('h2', {}, team.name ?? '(unnamed team)'),
      plan
        ? el('p', {}, el('strong', {}, plan.name), ' ', el('span', { class: `pill ${plan.status}` }, plan.status.replace('_', ' ')),
          el('br'), el('span', { class: 'muted' }, plan.endsOn ? `Ends on ${plan.endsOn}` : `Renews every ${plan.frequency} (${plan.currencyCode})`))
        : el('p', { class: 'muted' }, 'No subscription')),
    el('div', { class: 'card', id: 'usage' },
      el('h2', {}, 'Usage'),
      room.members ? bar('Members', room.members) : el('p', { class: 'muted' }, 'No usage reported'),
      Object.entries(room.accountsPerConnector).map(([connector, h]) => bar(`Accounts · ${connector}`, h)),
      room.schedules ? bar('Schedules', room.schedules) : null,
      team.usage ? el('p', { class: 'muted' }, 'Schedules by frequency: ',
        Object.entries(team.usage.schedules.byFrequency).map(([f, n]) => `${f} ${n}`).join(' · ')) : null)));
}
