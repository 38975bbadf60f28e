// Query builder: accounts, metrics and dimensions (each grouped by connector), a date preset or
// range → a chart and a table. Long queries show elapsed time and can be cancelled (AbortSignal);
// leaving the view cancels a running query too.
import { queryAccountId } from '../pkg/index.js';
import { el, show, notify, fail, action } from '../ui.js';
import { release } from '../charts.js';
import { count, seconds } from '../format.js';
import { picker, fieldGroups, picked, fieldNamer } from './pickers.js';
import { result } from './result.js';

const PRESETS = ['last_7_days', 'last_30_days', 'this_month', 'last_month', 'last_3_months', 'last_6_months', 'this_year', 'last_year', 'yesterday', 'today', 'custom'];
const presetLabel = (p) => p[0].toUpperCase() + p.slice(1).replaceAll('_', ' ');
const isDate = (id) => id === 'date' || id.endsWith('.date');

export async function render(container, ctx) {
  const { client, team, why } = ctx;
  const [accounts, connectorList] = await Promise.all([
    client.connectors.allAccounts(team.id, { status: 'enabled' }), client.connectors.list(team.id)]);
  const names = new Map(connectorList.map((c) => [c.id, c.name]));
  const ids = [...new Set(accounts.map((a) => a.connectorId))].sort((a, b) => (names.get(a) ?? a).localeCompare(names.get(b) ?? b));
  const fields = await Promise.all(ids.map((c) => client.connectors.fields(team.id, c)));
  const connectors = ids.map((id, i) => ({ id, name: names.get(id) ?? id, fields: fields[i] }));
  // Start with something that runs: the first connector's first account, first metric and date.
  const first = connectors[0];
  const firstOf = (kind, match) => first?.fields[kind].flatMap((g) => g.fields).find(match);
  const startMetric = firstOf('metrics', () => true);
  const startDate = firstOf('dimensions', (f) => isDate(f.id));

  const accountGroups = connectors.map((c) => ({ label: c.name, items: accounts.filter((a) => a.connectorId === c.id)
    .map((a) => ({ value: queryAccountId(a), label: a.name, title: a.displayId, selected: a === accounts.find((x) => x.connectorId === first.id) })) }));
  const preset = el('select', { name: 'preset', id: 'q-preset' }, PRESETS.map((p) => el('option', { value: p }, presetLabel(p))));
  const start = el('input', { type: 'date', name: 'startDate', id: 'q-start', disabled: true });
  const end = el('input', { type: 'date', name: 'endDate', id: 'q-end', disabled: true });
  preset.addEventListener('change', () => { start.disabled = end.disabled = preset.value !== 'custom'; });
  const kind = el('select', { name: 'kind', id: 'q-kind' }, el('option', { value: 'line' }, 'Line'), el('option', { value: 'bar' }, 'Bar'));
  const reason = why('data.runQuery') || (accounts.length ? '' : 'No enabled accounts in this team');
  const run = action('Run query', reason, undefined, { type: 'submit' });
  const cancel = el('button', { type: 'button', class: 'secondary', disabled: true }, 'Cancel');
  // The status is announced at the start and the end; the ticking clock beside it is not (every
  // 100 ms would be read out).
  const progress = el('span', { class: 'muted', role: 'status', id: 'query-progress' });
  const clock = el('span', { class: 'muted', 'aria-hidden': 'true' });
  const result_ = el('div', { id: 'query-result' });
  const labelled = (text, control) => el('div', { class: 'field' }, el('label', { for: control.id }, text), control);
  const form = el('form', { id: 'query' },
    el('p', { class: 'muted', id: 'q-hint' }, 'Fields are grouped by connector. Ctrl-click (⌘-click) or Shift-click picks several.'),
    el('div', { class: 'pickers' },
      picker('account', 'Accounts', accountGroups),
      picker('metric', 'Metrics', fieldGroups(connectors, 'metrics', (c, f) => c === first.id && f === startMetric)),
      picker('dimension', 'Dimensions', fieldGroups(connectors, 'dimensions', (c, f) => c === first.id && f === startDate))),
    el('div', { class: 'row' }, labelled('Date range', preset), labelled('From', start), labelled('To', end),
      labelled('Chart', kind), run, cancel, progress, clock));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const query = { accounts: picked(form, 'account'), metrics: picked(form, 'metric'), dimensions: picked(form, 'dimension'),
      dateRange: preset.value === 'custom' ? { startDate: start.value, endDate: end.value } : preset.value };
    const metricName = fieldNamer(form, 'metric');
    const dimensionName = fieldNamer(form, 'dimension');
    const name = (id) => (query.metrics.includes(id) ? metricName(id) : dimensionName(id));
    const controller = new AbortController();
    const began = performance.now();
    const elapsed = () => seconds((performance.now() - began) / 1000);
    const tick = setInterval(() => { clock.textContent = elapsed(); }, 100);
    run.disabled = true;
    cancel.disabled = false;
    cancel.onclick = () => controller.abort();
    progress.textContent = 'Running…';
    try {
      const rows = await client.data.runQuery(team.id, query, { signal: AbortSignal.any([controller.signal, ctx.signal]) });
      progress.textContent = `${count(rows.length)} ${rows.length === 1 ? 'row' : 'rows'} in ${elapsed()}`;
      release(result_);
      const x = query.dimensions.find(isDate) ?? query.dimensions[0];
      show(result_, result(rows, { x, dimensions: query.dimensions, metrics: query.metrics, name, kind: kind.value, signal: ctx.signal }));
    } catch (err) {
      progress.textContent = '';
      if (ctx.signal.aborted) return; // the view was left: nobody is waiting for this answer
      if (err?.code === 'ABORTED') notify('info', 'Query cancelled.', 'ABORTED');
      else fail(err);
    } finally {
      clearInterval(tick);
      clock.textContent = '';
      run.disabled = Boolean(reason);
      cancel.disabled = true;
    }
  });
  show(container, el('h2', {}, 'Data'), form, result_);
}
