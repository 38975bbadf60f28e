// Charts through Chart.js, served with the page from vendor/ (scripts/site.sh copies it from
// tools/node_modules, where tools/package.json pins it): several series over shared x labels, with
// axes and ticks, a legend, tooltips, numbers and days through Intl. A canvas is only pixels to a
// screen reader, so each chart is a named image (a summary of every series) followed by a
// visually-hidden table of the same numbers.
//
// The UMD build is imported for its side effect: it sets globalThis.Chart with every controller,
// scale and plugin registered, in one minified file and without the import map the ESM build's
// bare `@kurkle/color` import would need.
import './vendor/chart.umd.min.js';
import { el } from './ui.js';
import { metric, tick, isDay, day, shortDay } from './format.js';

const { Chart } = globalThis;
// Colours after Okabe–Ito (told apart with the common colour blindnesses), darkened where needed
// so every line has at least 3:1 against white (WCAG 1.4.11), and a point shape and dash per
// series as a second cue.
const COLOURS = ['#0072b2', '#d55e00', '#009e73', '#9b3f87', '#7a6a00', '#5e4fa2', '#000000'];
const POINTS = ['circle', 'rect', 'triangle', 'rectRot', 'crossRot', 'star', 'rectRounded'];
const DASHES = [[], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3], [10, 2]];
const pick = (list, i) => list[i % list.length];

Chart.defaults.font.family = 'system-ui, sans-serif';
Chart.defaults.color = '#5f6b7a'; // style.css --muted: 5.4:1 on white

let made = 0;

/** The chart's name for assistive tech: what it shows and, per series, its total and its peak. */
function summary(title, x, series) {
  const label = (i) => (isDay(x[i]) ? day(x[i]) : String(x[i]));
  const range = x.length ? ` from ${label(0)} to ${label(x.length - 1)}` : '';
  const parts = series.map((s) => {
    const values = s.values.map((v) => Number(v) || 0);
    const peak = values.indexOf(Math.max(...values));
    return `${s.label}: ${metric(values.reduce((a, b) => a + b, 0))} in total, highest ${metric(values[peak] ?? 0)} on ${label(peak)}`;
  });
  return `${title}${range}. ${parts.join('; ')}.`;
}

/** The same numbers as a table, for screen readers (style.css .visually-hidden). */
function table(title, x, series) {
  // The wrapper is what is hidden: a table grows to its content whatever width it is given.
  return el('div', { class: 'visually-hidden' }, el('table', {},
    el('caption', {}, `${title} (table)`),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, isDay(x[0]) ? 'Day' : 'Label'), series.map((s) => el('th', { scope: 'col' }, s.label)))),
    el('tbody', {}, x.map((label, i) => el('tr', {}, el('th', { scope: 'row' }, isDay(label) ? day(label) : String(label)),
      series.map((s) => el('td', {}, metric(s.values[i]))))))));
}

/** A series as a Chart.js dataset, styled by its place `i` (colour, point shape, dash). */
function dataset(s, i, kind, points) {
  return {
    label: s.label,
    data: s.values,
    borderColor: pick(COLOURS, i),
    backgroundColor: pick(COLOURS, i),
    pointStyle: pick(POINTS, i),
    borderDash: kind === 'line' ? pick(DASHES, i) : undefined,
    pointRadius: points > 60 ? 0 : 2.5,
    borderWidth: 2,
    cubicInterpolationMode: 'monotone', // smooth, never past the data
  };
}

const axisLabels = (x, days) => (days ? x.map(shortDay) : x.map(String));

// Per chart, the labels it shows as given (API days, not their short form): its tooltips read
// them, and updateSeriesChart replaces them.
const shown = new WeakMap();

/**
 * A `<figure>` with a line or bar chart: `x` the labels (API days are written through Intl),
 * `series` `[{ label, values }]` with one value per label (null for none). `yTitle` names the
 * values, `caption` (default: the title) is shown above the chart; `withTable: false` leaves out the hidden table when the page shows the numbers anyway.
 * The chart is destroyed when `signal` aborts (the view that drew it is gone) or by release().
 */
export function seriesChart({ title, caption, x, series, kind = 'line', yTitle, withTable = true, signal, id }) {
  const days = x.length > 0 && x.every(isDay);
  const canvas = el('canvas', { role: 'img', 'aria-label': summary(title, x, series) });
  const now = { x, days };
  const chart = new Chart(canvas, {
    type: kind,
    data: { labels: axisLabels(x, days), datasets: series.map((s, i) => dataset(s, i, kind, x.length)) },
    options: {
      // Per chart: replacing Chart.defaults.animation would drop the animator's own settings.
      animation: matchMedia('(prefers-reduced-motion: reduce)').matches ? false : { duration: 250 },
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      plugins: {
        legend: { position: 'bottom', labels: { usePointStyle: true, boxHeight: 7 } },
        tooltip: {
          callbacks: {
            title: (items) => (now.days ? day(now.x[items[0].dataIndex]) : String(now.x[items[0]?.dataIndex] ?? '')),
            label: (item) => `${item.dataset.label}: ${metric(item.parsed.y)}`,
          },
        },
      },
      scales: {
        x: { ticks: { maxRotation: 0, autoSkipPadding: 12 }, grid: { display: false } },
        y: { beginAtZero: true, ticks: { callback: (v) => tick(v) }, title: { display: Boolean(yTitle), text: yTitle } },
      },
    },
  });
  shown.set(chart, now);
  signal?.addEventListener('abort', () => chart.destroy(), { once: true });
  const figureId = id ?? `chart-${++made}`;
  return el('figure', { class: 'chart', id: figureId, dataset: { series: String(series.length), points: String(x.length), kind } },
    el('figcaption', {}, caption ?? title),
    el('div', { class: 'chart-box' }, canvas),
    withTable ? table(title, x, series) : null);
}

/**
 * Show new labels and series in a chart seriesChart drew (without its hidden table): rows still
 * arriving. The same chart is updated in place, without animation, so a redraw costs one render.
 */
export function updateSeriesChart(figure, { title, x, series }) {
  const canvas = figure.querySelector('canvas');
  const chart = canvas && Chart.getChart(canvas);
  if (!chart) return; // destroyed: its view is gone
  const now = shown.get(chart);
  Object.assign(now, { x, days: x.length > 0 && x.every(isDay) });
  chart.data.labels = axisLabels(x, now.days);
  chart.data.datasets = series.map((s, i) => Object.assign(chart.data.datasets[i] ?? {}, dataset(s, i, chart.config.type, x.length)));
  chart.update('none');
  canvas.setAttribute('aria-label', summary(title, x, series));
  Object.assign(figure.dataset, { series: String(series.length), points: String(x.length) });
}

/** Destroy the charts drawn inside `root` (before it is emptied or replaced). */
export function release(root) {
  for (const canvas of root.querySelectorAll('canvas')) Chart.getChart(canvas)?.destroy();
}
