// @ts-check
/** @import { Attempt, Delivery } from '../../domain/delivery.js' */
import { answerOf, errorView, getDelivery, redeliver } from './control-api.js';
import { isNewer, loadDeliveriesOfEvent, markSelected, onDeliveryChange, onRowChosen, shownDelivery } from './deliveries.js';
import { byId, clockTime, facts, h, httpPill, pill, pretty, showResult, statusPill } from './dom.js';

/**
 * The detail of one delivery: its request and every attempt, loaded from the control API when it is
 * chosen and again when a frame changes it (a settled delivery is never polled).
 */

/** @type {string | null} */
let selectedId = null;
/** Counts loads, so an answer that a later load overtook is dropped. */
let loadCount = 0;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let reloadTimer;

/** Wires the detail to the list and to its buttons. */
export function watchDetail() {
  onRowChosen(selectDelivery);
  // A frame changed the delivery shown: load it again (not when the detail itself asked for that summary).
  onDeliveryChange((summary, fromDetail) => {
    if (summary.id === selectedId && !fromDetail) reloadSoon();
  });
  byId('redeliver').addEventListener('click', () => void redeliverSelected());
  byId('detail-close').addEventListener('click', closeDetail);
}

/**
 * Shows one delivery's detail (a row chosen, or a webhook the outbox lists).
 * @param {string} id
 */
export function selectDelivery(id) {
  selectedId = id;
  markSelected(id);
  byId('detail').hidden = false;
  byId('detail-result').replaceChildren();
  byId('detail-title').textContent = 'Delivery';
  byId('detail-body').replaceChildren(h('p', { class: 'empty' }, 'Loading\u2026'));
  void loadDetail();
}

function closeDetail() {
  selectedId = null;
  markSelected(null);
  byId('detail').hidden = true;
}

function reloadSoon() {
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(() => void loadDetail(), 100);
}

/**
 * Where a delivery stands, as the list compares and shows it.
 * @param {Delivery} delivery
 */
function progressOf(delivery) {
  const { status, nextAttemptAt, updatedAt } = delivery;
  return { status, attemptCount: delivery.attempts.length, nextAttemptAt, updatedAt };
}

async function loadDetail() {
  const id = selectedId;
  if (!id) return;
  const load = ++loadCount;
  const answer = await answerOf(() => getDelivery(id));
  if (load !== loadCount || id !== selectedId) return;
  if (!answer.ok) {
    byId('detail-body').replaceChildren(h('div', { class: 'result error' }, errorView(answer.status, answer.data)));
    return;
  }
  const delivery = answer.data;
  // The record is ahead of its row (or the row is not there yet): the list takes the server's summary.
  if (isNewer(progressOf(delivery), shownDelivery(id))) void loadDeliveriesOfEvent(delivery.eventId, { fromDetail: true });
  renderDetail(delivery);
}

/** @param {Readonly<Record<string, string>> | undefined} headers */
function headerTable(headers) {
  const entries = Object.entries(headers || {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return h('p', { class: 'empty' }, 'No header.');
  return h(
    'table',
    { class: 'table headers' },
    h(
      'tbody',
      null,
      entries.map(([name, value]) => h('tr', null, h('td', null, name), h('td', null, value))),
    ),
  );
}

/**
 * @param {Attempt} attempt
 * @param {Delivery} delivery
 */
function renderAttempt(attempt, delivery) {
  const response = attempt.response;
  return h(
    'div',
    { class: 'attempt', 'data-attempt': attempt.attemptNumber },
    h(
      'div',
      { class: 'row' },
      h('strong', null, 'Attempt ' + attempt.attemptNumber),
      pill(attempt.outcome, attempt.outcome === 'succeeded' ? 'green' : 'red'),
      h('span', { class: 'attempt-status' }, response ? httpPill(response.status) : httpPill(undefined, attempt.error)),
      h('span', { class: 'muted' }, Math.round(attempt.durationMs) + ' ms'),
      h('span', { class: 'muted mono', title: attempt.startedAt }, clockTime(attempt.startedAt)),
      attempt.destination !== delivery.url ? h('span', { class: 'muted mono' }, '\u2192 ' + attempt.destination) : null,
    ),
    attempt.error ? h('div', { class: 'error' }, attempt.error.code + ': ' + attempt.error.message) : null,
    response
      ? [
          h(
            'details',
            null,
            h('summary', null, 'Response headers (' + Object.keys(response.headers || {}).length + ')'),
            headerTable(response.headers),
          ),
          h('h3', null, 'Response body' + (response.bodyTruncated ? ' (truncated)' : '')),
          response.body ? h('pre', { class: 'code response-body' }, pretty(response.body)) : h('p', { class: 'empty' }, 'Empty.'),
        ]
      : null,
  );
}

/** @param {Delivery} delivery */
function renderDetail(delivery) {
  byId('detail-title').replaceChildren('Delivery ', h('span', { class: 'mono muted' }, delivery.id));
  const attempts = delivery.attempts.length
    ? delivery.attempts.map((attempt) => renderAttempt(attempt, delivery))
    : [h('p', { class: 'empty' }, 'No attempt yet.')];
  byId('detail-body').replaceChildren(
    facts([
      ['Status', statusPill(progressOf(delivery))],
      // The platform API has no services: its events are named alone.
      ['Event', delivery.service ? delivery.service + ' \u00b7 ' + delivery.event : delivery.event],
      ['URL', h('span', { class: 'mono' }, delivery.url)],
      ['Subscription', h('span', { class: 'mono' }, delivery.subscriptionId)],
      ['Workspace', h('span', { class: 'mono' }, delivery.workspaceId)],
      ['Event id', h('span', { class: 'mono' }, delivery.eventId)],
      ['Created', delivery.createdAt],
      ['Next attempt', delivery.nextAttemptAt],
      ['Redelivery of', delivery.redeliveryOf ? h('span', { class: 'mono' }, delivery.redeliveryOf) : undefined],
    ]),
    h('h3', null, 'Request headers'),
    headerTable(delivery.request.headers),
    h('h3', null, 'Request body'),
    h('pre', { class: 'code', id: 'detail-request-body' }, pretty(delivery.request.body)),
    h('h3', null, 'Attempts (' + delivery.attempts.length + ' of ' + delivery.maxAttempts + ')'),
    h('div', { id: 'detail-attempts' }, attempts),
  );
}

async function redeliverSelected() {
  const id = selectedId;
  if (!id) return;
  const button = byId('redeliver', HTMLButtonElement);
  const result = byId('detail-result');
  button.disabled = true;
  try {
    const answer = await redeliver(id);
    if (!answer.ok) {
      showResult(result, 'error', errorView(answer.status, answer.data));
      return;
    }
    const copies = answer.data.deliveries || [];
    if (copies.length === 0) {
      showResult(result, 'info', answer.data.message || 'Redelivered; no delivery was made.');
      return;
    }
    showResult(
      result,
      'ok',
      'Redelivered as ',
      copies.map((copy, index) => [
        index > 0 ? ', ' : '',
        h('button', { type: 'button', class: 'secondary mono', onclick: () => selectDelivery(copy.id) }, copy.id),
      ]),
    );
  } catch (error) {
    showResult(result, 'error', 'Redeliver failed: ' + String(error));
  } finally {
    button.disabled = false;
  }
}
