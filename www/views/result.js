// A run-query's rows drawn while they arrive: a chart over the date dimension (or the first one),
// one series per metric and per value of the other dimensions, and the rows as a table; numbers
// and days through Intl, fields by their names. Rows are added batch by batch and drawn when the
// caller asks, so the drawing can lag the rows; only the table's first rows and the chart's sums
// are kept, never every row.
import { el, when, scroller } from '../ui.js';
import { seriesChart, updateSeriesChart } from '../charts.js';
import { metric, count, list, isDay } from '../format.js';

const MAX_SERIES = 12; // more lines than this are unreadable, and the palette repeats
const MAX_ROWS_SHOWN = 200;

/** Sums per series and x, added to batch by batch; `snapshot()` is `{ x, series, dropped }` for seriesChart. */
function seriesSums(x, dimensions, metrics, name) {
  const others = dimensions.filter((d) => d !== x);
  const xs = new Set();
  const found = new Map();
  return {
    add(rows) {
      for (const r of rows) {
        const at = x ? String(r[x] ?? '') : 'All';
        xs.add(at);
        const split = others.map((d) => String(r[d] ?? '')).join(' · ');
        for (const m of metrics) {
          const key = `${m}\u0000${split}`;
          if (!found.has(key)) found.set(key, { label: split ? `${name(m)} · ${split}` : name(m), byX: new Map() });
          const s = found.get(key).byX;
          s.set(at, (s.get(at) ?? 0) + (Number(r[m]) || 0));
        }
      }
    },
    snapshot() {
      const labels = [...xs];
      if (labels.every(isDay)) labels.sort();
      const all = [...found.values()];
      return {
        x: labels,
        series: all.slice(0, MAX_SERIES).map((s) => ({ label: s.label, values: labels.map((v) => s.byX.get(v) ?? null) })),
        dropped: Math.max(0, all.length - MAX_SERIES),
      };
    },
  };
}

const cell = (v) => el('td', { class: typeof v === 'number' ? 'num' : undefined }, isDay(v) ? when(v) : metric(v));

/** The rows' table (the first 200), headed by field names from the first row; rows appended by `add`. */
function rowsTable(first, name) {
  const keys = Object.keys(first);
  const body = el('tbody');
  const caption = el('caption', { class: 'visually-hidden' }, 'Query rows');
  const node = scroller('Query rows', el('table', { id: 'rows' }, caption,
    el('thead', {}, el('tr', {}, keys.map((k) => el('th', { scope: 'col', title: k, class: typeof first[k] === 'number' ? 'num' : undefined }, name(k))))),
    body));
  let shown = 0;
  return {
    node,
    add(rows) {
      const room = rows.slice(0, MAX_ROWS_SHOWN - shown);
      body.append(...room.map((r) => el('tr', {}, keys.map((k) => cell(r[k])))));
      shown += room.length;
      if (room.length < rows.length) caption.textContent = `Query rows, the first ${count(MAX_ROWS_SHOWN)}`;
    },
  };
}

/**
 * The result of one query, drawn into `container` while its rows arrive: `add(rows)` for each
 * batch (the table fills at once), `draw()` to bring the chart up to date (the caller paces it),
 * `end()` after the last batch (a last draw, or a line for no rows).
 */
export function liveResult(container, { x, dimensions, metrics, name, kind, signal }) {
  const sums = seriesSums(x, dimensions, metrics, name);
  const title = `${list(metrics.map(name))}${x ? ` by ${name(x)}` : ''}`;
  const note = el('p', { class: 'muted', hidden: true });
  let table = null;
  let chart = null;
  let rows = 0;
  const draw = () => {
    if (rows === 0 || !metrics.length) return;
    const { x: labels, series, dropped } = sums.snapshot();
    if (chart) updateSeriesChart(chart, { title, x: labels, series });
    else {
      chart = seriesChart({ id: 'query-chart', title, x: labels, series, kind, withTable: false, signal });
      container.prepend(chart);
    }
    note.hidden = dropped === 0;
    note.textContent = `The chart shows the first ${count(MAX_SERIES)} series; ${count(dropped)} more are not drawn (see the table).`;
  };
  return {
    add(batch) {
      if (batch.length === 0) return;
      if (!table) {
        table = rowsTable(batch[0], name);
        container.append(note, table.node);
      }
      table.add(batch);
      sums.add(batch);
      rows += batch.length;
    },
    draw,
    end() {
      draw();
      if (rows === 0) container.append(el('p', { class: 'muted' }, 'No rows.'));
    },
  };
}
