// @ts-check
/** @import { DeliverySummary } from '../../views/delivery-views.js' */
/** @import { RowList } from './row-list.js' */
import { listDeliveries } from './control-api.js';
import { clockTime, h, httpPill, statusPill } from './dom.js';
import { createRowList } from './row-list.js';

/**
 * The list of deliveries. It shows only the summaries the server computes (from the live frames and
 * `GET /_emulator/deliveries`); a summary replaces the shown one only when it is newer, so the
 * snapshot and the frames can arrive in any order.
 */

/** The most rows the list keeps; the oldest go first. */
export const MAX_ROWS = 500;

/** @type {RowList<DeliverySummary>} */
const list = createRowList({ body: 'deliveries-body', count: 'deliveries-count', empty: 'deliveries-empty', max: MAX_ROWS, cells });

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
  list.onChosen(listener);
}

/**
 * The summary the list shows for `id`, if any.
 * @param {string} id
 */
export function shownDelivery(id) {
  return list.shown.get(id);
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
  if (!isNewer(summary, list.shown.get(summary.id))) return;
  list.render(summary, live);
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
  list.select(id);
}

/** Empties the list: what it showed is gone (a reset, or a restarted emulator). */
export function clearDeliveries() {
  list.clear();
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
