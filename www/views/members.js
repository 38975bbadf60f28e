// Members and invites: role change, removal, invite form. Actions the role may not take are
// disabled with the reason; the last-owner rule is checked by the SDK before any call.
import { wouldLeaveNoOwner } from '../pkg/index.js';
import { el, show, busy, notify, action, hidden, when, scroller } from '../ui.js';
import { count } from '../format.js';

const ROLES = ['viewer', 'editor', 'owner'];
const LAST_OWNER = {
  demote: 'Cannot demote the last owner. Assign another owner first.',
  remove: 'Cannot remove the last owner. Assign another owner first.',
};

export async function render(container, ctx) {
  const { client, team, why, refresh } = ctx;
  const members = await client.members.list(team.id);
  const canInvite = why('invites.create');
  const invites = why('invites.list') ? null : await client.invites.list(team.id);

  const changeRole = (m, select) => busy(select, async () => {
    const role = select.value;
    if (wouldLeaveNoOwner(members, m.id, role)) {
      select.value = m.role;
      return notify('error', LAST_OWNER.demote, 'checked before sending');
    }
    await client.members.updateRole(team.id, m.id, role);
    notify('info', `${m.name ?? m.email} is now ${role}.`);
    await refresh();
  }).finally(() => { if (select.isConnected) select.value = members.find((x) => x.id === m.id)?.role ?? select.value; });

  const remove = (m, button) => busy(button, async () => {
    if (wouldLeaveNoOwner(members, m.id, null)) return notify('error', LAST_OWNER.remove, 'checked before sending');
    await client.members.remove(team.id, m.id);
    notify('info', `${m.name ?? m.email} was removed.`);
    await refresh();
  });

  const rows = members.map((m) => {
    const roleReason = why('members.updateRole');
    const select = el('select', { 'aria-label': `Role of ${m.name ?? m.email}`, disabled: Boolean(roleReason), title: roleReason || undefined },
      ROLES.map((r) => el('option', { value: r, selected: r === m.role }, r)));
    select.addEventListener('change', () => changeRole(m, select));
    const removeButton = action('Remove', why('members.remove'), () => remove(m, removeButton), { class: 'secondary', 'aria-label': `Remove ${m.name ?? m.email}` });
    return el('tr', { dataset: { member: m.email } }, el('td', {}, m.name ?? el('span', { class: 'muted' }, '(no name)')),
      el('td', {}, m.email), el('td', {}, select), el('td', {}, when(m.joinedAt)), el('td', {}, removeButton));
  });

  const email = el('input', { type: 'email', name: 'email', required: true, placeholder: 'name@example.com', disabled: Boolean(canInvite) });
  const role = el('select', { name: 'role', disabled: Boolean(canInvite) }, ROLES.map((r) => el('option', { value: r }, r)));
  const submit = action('Invite', canInvite, undefined, { type: 'submit' });
  const form = el('form', { class: 'row', id: 'invite-form' }, el('label', {}, 'E-mail', email), el('label', {}, 'Role', role), submit);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(submit, async () => {
      await client.invites.create(team.id, { email: email.value, role: role.value });
      notify('info', `Invited ${email.value}.`);
      await ctx.render();
    });
  });

  show(container,
    el('h2', {}, `Members (${count(members.length)})`),
    scroller('Members table', el('table', { id: 'members' },
      el('thead', {}, el('tr', {}, ['Name', 'E-mail', 'Role', 'Joined', hidden('Actions')].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows))),
    el('h2', {}, 'Invites'),
    form,
    invites === null
      ? el('p', { class: 'muted', title: why('invites.list') }, 'Pending invites are visible to owners only.')
      : scroller('Invites table', el('table', { id: 'invites' },
        el('thead', {}, el('tr', {}, ['E-mail', 'Role', 'Status', 'Sent'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, invites.map((i) => el('tr', { dataset: { invite: i.email } },
          el('td', {}, i.email), el('td', {}, i.role), el('td', {}, i.status), el('td', {}, when(i.createdAt))))))));
}
