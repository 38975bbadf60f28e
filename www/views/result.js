// A run-query's rows drawn: a chart over the date dimension (or the first one), one series per
// metric and per value of the other dimensions, and the rows as a table; numbers and days through
// Intl, fields by their names.
import { el, when, scroller } from '../ui.js';
import { seriesChart } from '../charts.js';
import { metric, count, list, isDay } from '../format.js';

const MAX_SERIES = 12; // more lines than this are unreadable, and the palette repeats
const MAX_ROWS_SHOWN = 200;

/** Rows → `{ x, series, dropped }` for seriesChart; rows sharing an x and a series are summed. */
export function toSeries(rows, x, dimensions, metrics, name) {
  const others = dimensions.filter((d) => d !== x);
  const xs = [...new Set(rows.map((r) => (x ? String(r[x] ?? '') : 'All')))];
  if (xs.every(isDay)) xs.sort();
  const found = new Map();
  for (const r of rows) {
    const at = x ? String(r[x] ?? '') : 'All';
    const split = others.map((d) => String(r[d] ?? '')).join(' · ');
    for (const m of metrics) {
      const key = `${m}\u0000${split}`;
      if (!found.has(key)) found.set(key, { label: split ? `${name(m)} · ${split}` : name(m), byX: new Map() });
      const s = found.get(key).byX;
      s.set(at, (s.get(at) ?? 0) + (Number(r[m]) || 0));
    }
  }
  const all = [...found.values()];
  return {
    x: xs,
    series: all.slice(0, MAX_SERIES).map((s) => ({ label: s.label, values: xs.map((v) => s.byX.get(v) ?? null) })),
    dropped: Math.max(0, all.length - MAX_SERIES),
  };
}

const cell = (v) => el('td', { class: typeof v === 'number' ? 'num' : undefined }, isDay(v) ? when(v) : metric(v));

/** The rows as a table (the first 200), headed by field names. */
function rowsTable(rows, name) {
  const keys = Object.keys(rows[0] ?? {});
  return scroller('Query rows', el('table', { id: 'rows' },
    el('caption', { class: 'visually-hidden' }, `Query rows${rows.length > MAX_ROWS_SHOWN ? `, the first ${count(MAX_ROWS_SHOWN)}` : ''}`),
    el('thead', {}, el('tr', {}, keys.map((k) => el('th', { scope: 'col', title: k, class: typeof rows[0][k] === 'number' ? 'num' : undefined }, name(k))))),
    el('tbody', {}, rows.slice(0, MAX_ROWS_SHOWN).map((r) => el('tr', {}, keys.map((k) => cell(r[k])))))));
}

/** The chart (the table below it is its text alternative) and the table, or a line for no rows. */
export function result(rows, { x, dimensions, metrics, name, kind, signal }) {
  if (rows.length === 0) return [el('p', { class: 'muted' }, 'No rows.')];
  const { x: labels, series, dropped } = toSeries(rows, x, dimensions, metrics, name);
  const title = `${list(metrics.map(name))}${x ? ` by ${name(x)}` : ''}`;
  return [
    metrics.length ? seriesChart({ id: 'query-chart', title, x: labels, series, kind, withTable: false, signal }) : null,
    dropped ? el('p', { class: 'muted' }, `The chart shows the first ${count(MAX_SERIES)} series; ${count(dropped)} more are not drawn (see the table).`) : null,
    rowsTable(rows, name),
  ].filter(Boolean);
}
