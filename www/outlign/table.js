// The Outlign clients table: id, title, created, updated, with an inline rename and a delete behind
// a confirmation. The calls themselves are the page's (`rename(client, title)`, `remove(client)`);
// this file only draws rows and runs the editing UI.
import { el, busy } from '../ui.js';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A timestamp as the reader's locale writes it; the API's text when it is not a date. */
function date(text) {
  const d = new Date(text);
  return el('time', { datetime: text }, Number.isNaN(d.getTime()) ? String(text ?? '') : when.format(d));
}

/** Swap the title cell for a small form: Enter or Save renames, Escape or Cancel puts it back. */
function edit(cell, c, rename, restore) {
  const input = el('input', { name: 'title', value: c.title, 'aria-label': `New title for ${c.title}`, 'aria-required': 'true' });
  const save = el('button', { type: 'submit' }, 'Save');
  const cancel = el('button', { type: 'button', class: 'secondary', onclick: () => restore() }, 'Cancel');
  const form = el('form', { class: 'rename', autocomplete: 'off' }, input, save, cancel);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { e.preventDefault(); restore(); }
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    // On success the page redraws the table; on failure the editor stays for another try.
    const done = await busy(save, () => rename(c, input.value));
    if (!done && input.isConnected) input.focus();
  });
  cell.replaceChildren(form);
  input.focus();
  input.select();
}

function row(c, { rename, remove }) {
  const titleCell = el('td', { class: 'title', dataset: { label: 'Title' } }, c.title);
  const renameButton = el('button', { type: 'button', class: 'secondary rename', 'aria-label': `Rename ${c.title}` }, 'Rename');
  const deleteButton = el('button', { type: 'button', class: 'secondary delete', 'aria-label': `Delete ${c.title}` }, 'Delete');
  const restore = () => {
    titleCell.replaceChildren(c.title);
    renameButton.hidden = false;
    renameButton.focus();
  };
  renameButton.addEventListener('click', () => {
    renameButton.hidden = true;
    edit(titleCell, c, rename, restore);
  });
  deleteButton.addEventListener('click', () => {
    if (!confirm(`Delete the client “${c.title}” (#${c.id})? This cannot be undone.`)) return;
    busy(deleteButton, () => remove(c));
  });
  return el('tr', { dataset: { clientId: c.id, client: c.title } },
    el('td', { dataset: { label: 'ID' } }, String(c.id)), titleCell,
    el('td', { dataset: { label: 'Created' } }, date(c.created_at)), el('td', { dataset: { label: 'Updated' } }, date(c.updated_at)),
    el('td', { class: 'actions' }, renameButton, ' ', deleteButton));
}

/** The table for `clients`, or `empty` as a line of text when there are none. */
export function clientsTable(clients, { rename, remove, empty }) {
  if (clients.length === 0) return el('p', { class: 'muted' }, empty);
  // `stack`: on a narrow screen each row becomes a small card (style.css), labelled by data-label.
  return el('div', { class: 'table-wrap' }, el('table', { id: 'clients-table', class: 'stack' },
    el('thead', {}, el('tr', {}, ['ID', 'Title', 'Created', 'Updated', 'Actions'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, clients.map((c) => row(c, { rename, remove })))));
}

/** Put the focus on a client's Rename button after a redraw (false when the row is not shown). */
export function focusRow(id) {
  const button = document.querySelector(`tr[data-client-id="${CSS.escape(String(id))}"] button.rename`);
  button?.focus();
  return Boolean(button);
}
