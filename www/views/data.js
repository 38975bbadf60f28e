// Query builder: accounts, metrics, dimensions, date preset or range → a chart and a table.
// Long queries show elapsed time and can be cancelled (AbortSignal).
import { queryAccountId } from '../pkg/index.js';
import { el, show, notify, fail, action } from '../ui.js';
import { chart } from '../chart.js';

const PRESETS = ['last_7_days', 'last_30_days', 'this_month', 'last_month', 'last_3_months', 'yesterday', 'today', 'custom'];
const isDate = (id) => id === 'date' || id.endsWith('.date');

function checkboxes(legend, name, items, checked) {
  return el('fieldset', { id: `q-${name}` }, el('legend', {}, legend), el('div', { class: 'options' },
    items.map((it, i) => el('label', { class: 'inline' }, el('input', { type: 'checkbox', name, value: it.value, checked: checked(it, i) }), it.label))));
}

const picked = (form, name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);

export async function render(container, ctx) {
  const { client, team, why } = ctx;
  const accounts = await client.connectors.allAccounts(team.id, { status: 'enabled' });
  const connectorIds = [...new Set(accounts.map((a) => a.connectorId))];
  const fields = await Promise.all(connectorIds.map((c) => client.connectors.fields(team.id, c)));
  const unique = (list) => [...new Map(list.map((f) => [f.id, f])).values()];
  const metrics = unique(fields.flatMap((f) => f.metrics.flatMap((g) => g.fields)));
  const dimensions = unique(fields.flatMap((f) => f.dimensions.flatMap((g) => g.fields)));

  const preset = el('select', { name: 'preset' }, PRESETS.map((p) => el('option', { value: p }, p.replaceAll('_', ' '))));
  const start = el('input', { type: 'date', name: 'startDate', disabled: true });
  const end = el('input', { type: 'date', name: 'endDate', disabled: true });
  preset.addEventListener('change', () => { start.disabled = end.disabled = preset.value !== 'custom'; });
  const kind = el('select', { name: 'kind' }, el('option', { value: 'line' }, 'line'), el('option', { value: 'bar' }, 'bar'));
  const reason = why('data.runQuery') || (accounts.length ? '' : 'No enabled accounts in this team');
  const run = action('Run query', reason, undefined, { type: 'submit' });
  const cancel = el('button', { type: 'button', class: 'secondary', disabled: true }, 'Cancel');
  const progress = el('span', { class: 'muted', role: 'status', id: 'query-progress' });
  const result = el('div', { id: 'query-result' });
  const form = el('form', { id: 'query' },
    checkboxes('Accounts', 'account', accounts.map((a) => ({ value: queryAccountId(a), label: `${a.connectorId} · ${a.name}` })), (_, i) => i === 0),
    checkboxes('Metrics', 'metric', metrics.map((f) => ({ value: f.id, label: `${f.name} (${f.id})` })), (_, i) => i === 0),
    checkboxes('Dimensions', 'dimension', dimensions.map((f) => ({ value: f.id, label: `${f.name} (${f.id})` })), (f) => f.value === dimensions.find((d) => isDate(d.id))?.id),
    el('div', { class: 'row' }, el('label', {}, 'Date range', preset), el('label', {}, 'From', start), el('label', {}, 'To', end),
      el('label', {}, 'Chart', kind), run, cancel, progress));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const query = { accounts: picked(form, 'account'), metrics: picked(form, 'metric'), dimensions: picked(form, 'dimension'),
      dateRange: preset.value === 'custom' ? { startDate: start.value, endDate: end.value } : preset.value };
    const controller = new AbortController();
    const began = performance.now();
    const tick = setInterval(() => { progress.textContent = `Running… ${((performance.now() - began) / 1000).toFixed(1)} s`; }, 100);
    run.disabled = true;
    cancel.disabled = false;
    cancel.onclick = () => controller.abort();
    progress.textContent = 'Running…';
    try {
      const rows = await client.data.runQuery(team.id, query, { signal: controller.signal });
      const x = query.dimensions.find(isDate) ?? query.dimensions[0];
      progress.textContent = `${rows.length} rows in ${((performance.now() - began) / 1000).toFixed(2)} s`;
      show(result, rows.length ? chart(rows, x, query.metrics, kind.value) : el('p', { class: 'muted' }, 'No rows.'),
        el('div', { class: 'table-wrap' }, el('table', { id: 'rows' },
          el('thead', {}, el('tr', {}, Object.keys(rows[0] ?? {}).map((k) => el('th', { scope: 'col' }, k)))),
          el('tbody', {}, rows.slice(0, 200).map((r) => el('tr', {}, Object.values(r).map((v) => el('td', {}, String(v)))))))));
    } catch (err) {
      progress.textContent = '';
      if (err?.code === 'ABORTED') notify('info', 'Query cancelled.', 'ABORTED');
      else fail(err);
    } finally {
      clearInterval(tick);
      run.disabled = Boolean(reason);
      cancel.disabled = true;
    }
  });
  show(container, el('h2', {}, 'Data'), form, result);
}
