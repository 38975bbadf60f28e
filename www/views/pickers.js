// The query builder's pickers: multi-selects with one <optgroup> per connector. Connectors name
// the same metric differently (Google Ads `metrics.impressions`, Facebook Ads `impressions`), so a
// flat list showed "Impressions (impressions)" beside "Impressions (metrics.impressions)"; grouped
// by connector, each option is the field's own name, and the id is its value (and tooltip).
import { el } from '../ui.js';

/** A field's label within its connector: its name, with the id only when two fields share a name. */
function labels(fields) {
  const seen = new Map();
  for (const f of fields) seen.set(f.name, (seen.get(f.name) ?? 0) + 1);
  return fields.map((f) => (seen.get(f.name) > 1 ? `${f.name} (${f.id})` : f.name));
}

/**
 * A labelled `<select multiple>`: `groups` is `[{ label, items: [{ value, label, title?, selected? }] }]`.
 * `hint` explains how to pick several (tied to the select with aria-describedby).
 */
export function picker(name, legend, groups) {
  const rows = groups.reduce((n, g) => n + 1 + g.items.length, 0);
  const select = el('select', { name, id: `q-${name}`, multiple: true, size: String(Math.min(8, Math.max(3, rows))), 'aria-describedby': 'q-hint' },
    groups.map((g) => el('optgroup', { label: g.label },
      g.items.map((it) => el('option', { value: it.value, title: it.title, selected: it.selected }, it.label)))));
  // A label beside the select, not around it: wrapped, a listbox's picked options join its name.
  return el('div', { class: 'picker' }, el('label', { for: `q-${name}` }, legend), select);
}

/** The fields of one kind ('metrics' or 'dimensions') as picker groups, one per connector. */
export function fieldGroups(connectors, kind, selected) {
  return connectors.map(({ id, name, fields }) => {
    const list = fields[kind].flatMap((g) => g.fields);
    const text = labels(list);
    return { label: name, connector: id, items: list.map((f, i) => ({ value: f.id, label: text[i], title: f.id, selected: selected(id, f) })) };
  });
}

/** The picked values of a picker, each once (two connectors may share a field id). */
export const picked = (form, name) => [...new Set([...form.querySelector(`select[name="${name}"]`).selectedOptions].map((o) => o.value))];

/** What to call a picked field in a chart or a table: its name, or "name (connector)" when two
 * picked fields share a name. */
export function fieldNamer(form, name) {
  const options = [...form.querySelector(`select[name="${name}"]`).selectedOptions];
  const byName = new Map();
  for (const o of options) byName.set(o.textContent, new Set([...(byName.get(o.textContent) ?? []), o.value]));
  const names = new Map();
  for (const o of options) {
    const clash = byName.get(o.textContent).size > 1;
    if (!names.has(o.value)) names.set(o.value, clash ? `${o.textContent} (${o.parentElement.label})` : o.textContent);
  }
  return (id) => names.get(id) ?? id;
}
