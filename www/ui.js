// Small DOM helpers for the dashboard: element building, notices, usage bars, loading states.
import { count, date, day, isDay } from './format.js';

/** Build an element: el('button', { class: 'x', onclick }, 'text', child…). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

/** Replace a container's content. */
export function show(container, ...children) {
  container.replaceChildren(...children.flat());
}

const notices = () => document.getElementById('notices');

/** A readable notice: an error's code and the API's message, or plain information. */
export function notify(kind, text, detail) {
  const node = el('div', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    el('span', {}, text), detail ? el('code', {}, detail) : null,
    el('button', { class: 'link', 'aria-label': 'Dismiss', onclick: () => node.remove() }, '×'));
  notices().prepend(node);
  return node;
}

/** Report a failure: TmrErrors show their code and message; anything else is a bug shown as such. */
export function fail(e) {
  if (e?.name === 'TmrError') notify('error', e.message, `${e.code}${e.status ? ` ${e.status}` : ''}${e.endpoint ? ` · ${e.endpoint}` : ''}`);
  else notify('error', `Unexpected: ${e?.message ?? e}`);
}

/** Run an async action with a busy state on a button (or container) and errors as notices. */
export async function busy(target, action) {
  target?.setAttribute('aria-busy', 'true');
  if (target && 'disabled' in target) target.disabled = true;
  try {
    return await action();
  } catch (e) {
    fail(e);
    return undefined;
  } finally {
    target?.removeAttribute('aria-busy');
    if (target && 'disabled' in target) target.disabled = false;
  }
}

/** A usage bar from a planHeadroom entry, coloured by ok / reached / exceeded; numbers through Intl. */
export function bar(label, h) {
  const pct = h.limit ? Math.min(100, Math.round((h.count / Math.max(h.limit, 1)) * 100)) : 0;
  const text = h.limit === null ? `${count(h.count)} (no limit)` : `${count(h.count)} of ${count(h.limit)}`;
  return el('div', { class: `usage ${h.status}`, dataset: { status: h.status } },
    el('span', { class: 'usage-label' }, label),
    el('div', { class: 'track', role: 'meter', 'aria-label': label, 'aria-valuemin': '0', 'aria-valuemax': String(h.limit ?? h.count),
      'aria-valuenow': String(h.count), 'aria-valuetext': `${text}, ${h.status}` },
    el('div', { class: 'fill', style: `width:${pct}%` })),
    el('span', { class: 'usage-value' }, `${text} · ${h.status}`));
}

/** A `<time>` for an ISO timestamp or an API calendar day, written as the reader's locale does. */
export function when(text) {
  return el('time', { datetime: text }, isDay(text) ? day(text) : date(text));
}

/** A table in a box that scrolls sideways on a narrow screen: a named region in the tab order, so a
 * keyboard can scroll it even when the table holds no control (axe: scrollable-region-focusable). */
export const scroller = (label, table) => el('div', { class: 'table-wrap', role: 'region', 'aria-label': label, tabindex: '0' }, table);

/** Text for screen readers only (style.css: .visually-hidden). */
export const hidden = (...children) => el('span', { class: 'visually-hidden' }, ...children);

/** A button that is disabled with its reason as tooltip when `reason` is set. */
export function action(label, reason, onclick, attrs = {}) {
  return el('button', { ...attrs, onclick, disabled: Boolean(reason), title: reason || undefined, 'aria-disabled': reason ? 'true' : undefined }, label);
}

export const loading = () => el('p', { class: 'loading', 'aria-busy': 'true' }, 'Loading…');
