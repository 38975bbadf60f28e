// The overview's trend: one metric (clicks) over the last 30 days, one series per connector, each
// from one run-query over that connector's enabled accounts. Connectors name their fields
// differently (Google Ads `metrics.clicks` by `segments.date`, others `clicks` by `date`), so each
// connector's own field ids are looked up in its field groups first.
//
// A run-query may take minutes on the real API, so the card is drawn at once and filled in when
// the answers come; leaving the view aborts the queries (ctx.signal) and destroys the chart.
import { queryAccountId } from '../pkg/index.js';
import { el, show } from '../ui.js';
import { seriesChart } from '../charts.js';

const METRIC = { name: 'Clicks', match: (f) => /(^|[._])clicks$/i.test(f.id) || f.name.toLowerCase() === 'clicks' };
const isDateField = (f) => f.id === 'date' || f.id.endsWith('.date');
const TITLE = `${METRIC.name} per connector, last 30 days`;
const CAPTION = 'One line per connector, the sum of its enabled accounts. Hover a day for its numbers.';

/** The first field of `groups` that `match`es. */
const find = (groups, match) => groups.flatMap((g) => g.fields).find(match);

/** One series: the connector's daily clicks summed over its enabled accounts ({ day → value }). */
async function connectorSeries(ctx, connectorId, accounts) {
  const { client, team, signal } = ctx;
  const fields = await client.connectors.fields(team.id, connectorId, {}, { signal });
  const metric = find(fields.metrics, METRIC.match);
  const date = find(fields.dimensions, isDateField);
  if (!metric || !date) return null; // this connector has no such metric: no series
  const rows = await client.data.runQuery(team.id, {
    accounts: accounts.slice(0, 100).map(queryAccountId), // the API takes at most 100
    metrics: [metric.id],
    dimensions: [date.id],
    dateRange: 'last_30_days',
    sort: [{ fieldId: date.id, direction: 'asc' }],
  }, { signal });
  const byDay = new Map();
  for (const r of rows) byDay.set(String(r[date.id]), (byDay.get(String(r[date.id])) ?? 0) + (Number(r[metric.id]) || 0));
  return byDay;
}

async function load(ctx, names) {
  const { client, team, signal } = ctx;
  const accounts = await client.connectors.allAccounts(team.id, { status: 'enabled' }, { signal });
  const byConnector = Map.groupBy(accounts, (a) => a.connectorId);
  const ids = [...byConnector.keys()].sort((a, b) => (names.get(a) ?? a).localeCompare(names.get(b) ?? b));
  const found = await Promise.all(ids.map((id) => connectorSeries(ctx, id, byConnector.get(id))));
  const series = ids.map((id, i) => ({ id, label: names.get(id) ?? id, byDay: found[i] })).filter((s) => s.byDay);
  const days = [...new Set(series.flatMap((s) => [...s.byDay.keys()]))].sort();
  return { accounts: accounts.length, days, series: series.map((s) => ({ label: s.label, values: days.map((d) => s.byDay.get(d) ?? null) })) };
}

/** The trend card (`#trend`, data-state loading → ready | empty | unavailable | error). */
export function trendCard(ctx, names) {
  const body = el('div', { class: 'trend-body' }, el('p', { class: 'loading' }, 'Loading the trend…'));
  const card = el('section', { class: 'card wide', id: 'trend', 'aria-labelledby': 'trend-heading', 'aria-busy': 'true', dataset: { state: 'loading' } },
    el('h3', { id: 'trend-heading' }, TITLE), body);
  const done = (state, ...content) => {
    card.dataset.state = state;
    card.removeAttribute('aria-busy');
    show(body, ...content);
  };
  const reason = ctx.why('data.runQuery');
  if (reason) {
    done('unavailable', el('p', { class: 'muted' }, 'The trend comes from run-query, which this key or role may not call. ', el('small', {}, reason)));
    return card;
  }
  load(ctx, names).then(({ accounts, days, series }) => {
    if (ctx.signal.aborted) return;
    if (accounts === 0) return done('empty', el('p', { class: 'muted' }, 'No account is enabled yet: enable one under Connections to see a trend.'));
    if (series.length === 0) return done('empty', el('p', { class: 'muted' }, 'No enabled account reports clicks.'));
    done('ready', seriesChart({ id: 'trend-chart', title: TITLE, caption: CAPTION, x: days, series, yTitle: METRIC.name, signal: ctx.signal }));
  }, (e) => {
    if (ctx.signal.aborted) return;
    // Shown in the card, not as a page notice: the rest of the overview is fine.
    done('error', el('p', { class: 'muted' }, 'The trend could not be loaded: ', e?.message ?? String(e), ' ', e?.code ? el('code', {}, e.code) : null));
  });
  return card;
}
