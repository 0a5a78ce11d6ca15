// @ts-check
/** @import { DeliverySummary } from '../../views/delivery-views.js' */
import { listDeliveries } from './control-api.js';
import { byId, clockTime, h, httpPill, statusPill } from './dom.js';

/**
 * The list of deliveries. It shows only the summaries the server computes (from the live frames and
 * `GET /_emulator/deliveries`); a summary replaces the shown one only when it is newer, so the
 * snapshot and the frames can arrive in any order.
 */

/** The most rows the list keeps; the oldest go first. */
export const MAX_ROWS = 500;

/** @type {Map<string, DeliverySummary>} */
const deliveries = new Map();
/** @type {Map<string, HTMLTableRowElement>} */
const rows = new Map();
/** @type {string | null} */
let selectedId = null;

/**
 * Told of each summary the list takes; `fromDetail` when the detail view asked for it.
 * @type {(summary: DeliverySummary, fromDetail: boolean) => void}
 */
let changed = () => {};

/** @param {(summary: DeliverySummary, fromDetail: boolean) => void} listener */
export function onDeliveryChange(listener) {
  changed = listener;
}

/**
 * Calls `listener` with the id of a row clicked, or chosen with Enter or Space.
 * @param {(id: string) => void} listener
 */
export function onRowChosen(listener) {
  const body = byId('deliveries-body');
  /** @param {Event} event */
  const rowOf = (event) => (event.target instanceof Element ? event.target.closest('tr[data-id]') : null);
  body.addEventListener('click', (event) => {
    const row = rowOf(event);
    if (row instanceof HTMLElement && row.dataset.id) listener(row.dataset.id);
  });
  body.addEventListener('keydown', (event) => {
    const row = rowOf(event);
    if (!(row instanceof HTMLElement) || !row.dataset.id || (event.key !== 'Enter' && event.key !== ' ')) return;
    event.preventDefault();
    listener(row.dataset.id);
  });
}

/**
 * The summary the list shows for `id`, if any.
 * @param {string} id
 */
export function shownDelivery(id) {
  return deliveries.get(id);
}

/**
 * Whether `next` moves a delivery forward from `current`; the same state again is not news.
 * @param {Pick<DeliverySummary, 'updatedAt' | 'attemptCount' | 'status'>} next
 * @param {Pick<DeliverySummary, 'updatedAt' | 'attemptCount' | 'status'> | undefined} current
 */
export function isNewer(next, current) {
  if (!current) return true;
  if (next.updatedAt !== current.updatedAt) return next.updatedAt > current.updatedAt;
  if (next.attemptCount !== current.attemptCount) return next.attemptCount > current.attemptCount;
  return current.status === 'pending' && next.status !== 'pending';
}

/**
 * Shows a summary unless an equal or newer one is shown.
 * @param {DeliverySummary} summary
 * @param {{ live?: boolean, fromDetail?: boolean }} [options] `live`: it just happened, so the new row is highlighted
 */
export function upsertDelivery(summary, { live = false, fromDetail = false } = {}) {
  if (!isNewer(summary, deliveries.get(summary.id))) return;
  deliveries.set(summary.id, summary);
  renderRow(summary, live);
  changed(summary, fromDetail);
}

/**
 * Fetches and shows the summaries of one event's deliveries.
 * @param {string} eventId
 * @param {{ live?: boolean, fromDetail?: boolean }} [options] as for `upsertDelivery`
 */
export async function loadDeliveriesOfEvent(eventId, options) {
  try {
    const answer = await listDeliveries('eventId=' + encodeURIComponent(eventId));
    if (answer.ok) for (const summary of answer.data.results) upsertDelivery(summary, options);
  } catch {
    // Later frames carry the same deliveries.
  }
}

/**
 * Highlights the row of the delivery the detail shows (`null`: none).
 * @param {string | null} id
 */
export function markSelected(id) {
  if (selectedId) rows.get(selectedId)?.classList.remove('selected');
  selectedId = id;
  if (id) rows.get(id)?.classList.add('selected');
}

/** Empties the list: what it showed is gone (a reset, or a restarted emulator). */
export function clearDeliveries() {
  deliveries.clear();
  for (const row of rows.values()) row.remove();
  rows.clear();
  byId('deliveries-count').textContent = '0';
  byId('deliveries-empty').hidden = false;
}

/** @param {DeliverySummary} summary */
function cells(summary) {
  return [
    h('td', { class: 'mono', title: summary.createdAt }, clockTime(summary.createdAt)),
    h('td', { title: summary.service + ' \u00b7 ' + summary.event }, summary.event),
    h('td', { class: 'mono', title: summary.url }, summary.url),
    h('td', null, statusPill(summary)),
    h('td', { class: 'num attempts' }, summary.attemptCount + '/' + summary.maxAttempts),
    h('td', { class: 'num http' }, httpPill(summary.lastStatusCode, summary.lastError)),
  ];
}

/**
 * @param {DeliverySummary} summary
 * @param {boolean} live
 */
function renderRow(summary, live) {
  let row = rows.get(summary.id);
  if (row) {
    row.replaceChildren(...cells(summary));
    row.dataset.status = summary.status;
    return;
  }
  row = h('tr', { tabindex: 0, 'data-id': summary.id, 'data-status': summary.status, class: live ? 'fresh' : null }, cells(summary));
  if (summary.id === selectedId) row.classList.add('selected');
  rows.set(summary.id, row);
  // Newest first: before the first row created earlier than this one.
  const body = byId('deliveries-body');
  let before = null;
  for (const other of body.children) {
    const otherSummary = other instanceof HTMLElement && other.dataset.id ? deliveries.get(other.dataset.id) : undefined;
    if (otherSummary && otherSummary.createdAt < summary.createdAt) {
      before = other;
      break;
    }
  }
  body.insertBefore(row, before);
  while (rows.size > MAX_ROWS) {
    const oldest = body.lastElementChild;
    if (!(oldest instanceof HTMLElement)) break;
    rows.delete(oldest.dataset.id ?? '');
    deliveries.delete(oldest.dataset.id ?? '');
    oldest.remove();
  }
  byId('deliveries-count').textContent = String(rows.size);
  byId('deliveries-empty').hidden = rows.size > 0;
}
