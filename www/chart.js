// A dependency-free SVG chart: one series per metric, line or bar, over the rows' x values.
const NS = 'http://www.w3.org/2000/svg';
const COLOURS = ['#1565c0', '#ef6c00', '#2e7d32', '#6a1b9a', '#c62828'];

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  node.append(...children);
  return node;
}

/** Chart `rows` with `x` on the horizontal axis and each of `metrics` as a series. */
export function chart(rows, x, metrics, kind = 'line') {
  const W = 720, H = 280, P = { l: 48, r: 12, t: 12, b: 36 };
  const max = Math.max(1, ...rows.flatMap((r) => metrics.map((m) => Number(r[m]) || 0)));
  const step = (W - P.l - P.r) / Math.max(rows.length, 1);
  const X = (i) => P.l + step * i + step / 2;
  const Y = (v) => H - P.b - ((H - P.t - P.b) * v) / max;
  const root = svg('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${metrics.join(', ')} by ${x}`, 'data-points': rows.length, 'data-kind': kind });
  root.append(svg('line', { x1: P.l, y1: H - P.b, x2: W - P.r, y2: H - P.b, stroke: '#9aa5b1' }));
  root.append(svg('text', { x: 4, y: P.t + 10, 'font-size': 11, fill: '#5f6b7a' }, String(Math.round(max))));
  metrics.forEach((m, s) => {
    const colour = COLOURS[s % COLOURS.length];
    const series = svg('g', { class: 'series', 'data-metric': m, fill: colour, stroke: colour });
    if (kind === 'line') {
      series.append(svg('polyline', { fill: 'none', 'stroke-width': 2, points: rows.map((r, i) => `${X(i)},${Y(Number(r[m]) || 0)}`).join(' ') }));
      rows.forEach((r, i) => series.append(svg('circle', { class: 'point', cx: X(i), cy: Y(Number(r[m]) || 0), r: 3 }, svg('title', {}, `${r[x] ?? ''}: ${r[m]}`))));
    } else {
      const w = Math.max(1, (step * 0.8) / metrics.length);
      rows.forEach((r, i) => {
        const v = Number(r[m]) || 0;
        series.append(svg('rect', { class: 'point', x: X(i) - (step * 0.4) + w * s, y: Y(v), width: w, height: H - P.b - Y(v) }, svg('title', {}, `${r[x] ?? ''}: ${v}`)));
      });
    }
    root.append(series);
  });
  const every = Math.ceil(rows.length / 8);
  rows.forEach((r, i) => {
    if (i % every === 0) root.append(svg('text', { x: X(i), y: H - 12, 'font-size': 10, 'text-anchor': 'middle', fill: '#5f6b7a' }, String(r[x] ?? i + 1)));
  });
  return root;
}
