// Query builder: accounts, metrics and dimensions (each grouped by connector), a date preset or
// range → a chart and a table, filled while the rows arrive (data.queryRows), with a row count and
// the elapsed time. A query can be cancelled (AbortSignal): the rows so far stay on screen; leaving
// the view cancels a running query too.
import { queryAccountId } from '../pkg/index.js';
import { el, show, fail, action } from '../ui.js';
import { release } from '../charts.js';
import { count, seconds } from '../format.js';
import { picker, fieldGroups, picked, fieldNamer } from './pickers.js';
import { liveResult } from './result.js';

// Rows per batch: small enough that the first rows show at once while the rest arrive.
const BATCH_ROWS = 500;
// The chart is redrawn per batch, but at most this often: a redraw walks every series' points.
const DRAW_EVERY_MS = 200;
// The row count lives in a polite live region, whose every change is read out: at most this often.
const ANNOUNCE_EVERY_MS = 1000;

/**
 * `fn` run at most once per `ms`: a call within `ms` of the last run is run when that time is up
 * (once, however many calls came meanwhile), so the last rows are drawn even if no batch follows
 * them for a while. `stop()` drops a run still to come.
 */
function paced(fn, ms) {
  let last = -Infinity;
  let timer = null;
  const now = () => {
    timer = null;
    last = performance.now();
    fn();
  };
  return {
    call() {
      if (timer !== null) return;
      const wait = last + ms - performance.now();
      if (wait <= 0) now();
      else timer = setTimeout(now, wait);
    },
    stop() {
      clearTimeout(timer);
      timer = null;
    },
  };
}

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
  // The status (the row count while rows arrive, then the total) is a polite live region; the
  // ticking clock beside it is not (every 100 ms would be read out).
  const progress = el('span', { class: 'muted', role: 'status', 'aria-live': 'polite', id: 'query-progress' });
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
    release(result_);
    show(result_);
    result_.dataset.state = 'running';
    result_.setAttribute('aria-busy', 'true'); // filling: read it when it is done
    const x = query.dimensions.find(isDate) ?? query.dimensions[0];
    const live = liveResult(result_, { x, dimensions: query.dimensions, metrics: query.metrics, name, kind: kind.value, signal: ctx.signal });
    let batches = null;
    const rows = () => { const n = batches?.rows ?? 0; return `${count(n)} ${n === 1 ? 'row' : 'rows'}`; };
    const draw = paced(() => live.draw(), DRAW_EVERY_MS);
    const announce = paced(() => { progress.textContent = `${rows()}…`; }, ANNOUNCE_EVERY_MS);
    try {
      batches = client.data.queryRows(team.id, query, { batchSize: BATCH_ROWS, signal: AbortSignal.any([controller.signal, ctx.signal]) });
      for await (const batch of batches) {
        live.add(batch);
        draw.call();
        announce.call();
      }
      live.end();
      progress.textContent = `${rows()} in ${elapsed()}`;
      result_.dataset.state = 'done';
    } catch (err) {
      if (ctx.signal.aborted) return; // the view was left: nobody is waiting for this answer
      live.draw(); // the rows that came before it stay on screen, drawn
      if (err?.code === 'ABORTED') {
        // The user's own cancel: said in the status, not as an error.
        progress.textContent = `Cancelled after ${rows()}`;
        result_.dataset.state = 'cancelled';
      } else {
        progress.textContent = batches?.rows ? `Failed after ${rows()}` : '';
        result_.dataset.state = 'failed';
        fail(err);
      }
    } finally {
      // Nothing paced runs after the end (its text would overwrite the final one).
      [draw, announce].forEach((p) => p.stop());
      result_.removeAttribute('aria-busy');
      clearInterval(tick);
      clock.textContent = '';
      run.disabled = Boolean(reason);
      // Disabled, Cancel would drop the keyboard's focus to the page: it moves to Run instead.
      if (document.activeElement === cancel) run.focus();
      cancel.disabled = true;
    }
  });
  show(container, el('h2', {}, 'Data'), form, result_);
}
