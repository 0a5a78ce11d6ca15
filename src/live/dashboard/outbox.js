// @ts-check
/** @import { MessageDetail, MessageSummary, StepView } from '../../views/message-views.js' */
/** @import { RowList } from './row-list.js' */
import { answerOf, errorView, getMessage, listMessages, messageHtmlUrl } from './control-api.js';
import { selectDelivery } from './detail.js';
import { byId, clockTime, facts, h, httpPill, pill, statusPill } from './dom.js';
import { createRowList } from './row-list.js';

/**
 * The outbox: every message an app sent through Bird's send routes, and for the one chosen its
 * recipients, its lifecycle (steps fired and still due), the webhooks it caused, and what it said
 * (an e-mail's HTML in a sandboxed frame beside its text part). Summaries come from the control API
 * and the live log's `message.*` frames; the page computes none.
 */

/** The most rows the outbox keeps; the oldest go first. */
const MAX_ROWS = 200;

/** @type {RowList<MessageSummary>} */
const list = createRowList({ body: 'outbox-body', count: 'outbox-count', empty: 'outbox-empty', max: MAX_ROWS, cells });
/** @type {string | null} */
let selectedId = null;
let loadCount = 0;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let reloadTimer;

/** @type {Record<string, string>} */
const STATUS_COLOUR = {
  delivered: 'green',
  read: 'green',
  accepted: 'amber',
  processed: 'amber',
  sent: 'amber',
  deferred: 'amber',
  scheduled: 'amber',
  partial_failure: 'red',
  bounced: 'red',
  rejected: 'red',
  complained: 'red',
  failed: 'red',
  undelivered: 'red',
  expired: 'red',
  sending_failed: 'red',
  delivery_failed: 'red',
};

/** @param {string} status */
const statusOf = (status) => pill(status, STATUS_COLOUR[status] || 'grey');

/** Wires the list's rows and the detail's close button. */
export function watchOutbox() {
  list.onChosen(selectMessage);
  byId('message-close').addEventListener('click', closeMessage);
}

/** Loads the newest messages. */
export async function loadMessages() {
  try {
    const answer = await listMessages('limit=' + MAX_ROWS);
    if (answer.ok) for (const summary of answer.data.results) upsertMessage(summary);
  } catch {
    // The live frames carry the same summaries.
  }
}

/**
 * Shows a summary unless the one shown has at least as many steps fired; a frame about the message
 * the detail shows reloads the detail.
 * @param {MessageSummary} summary
 * @param {{ live?: boolean }} [options]
 */
export function upsertMessage(summary, { live = false } = {}) {
  const shown = list.shown.get(summary.id);
  if (shown && (shown.fired > summary.fired || (shown.fired === summary.fired && shown.updatedAt >= summary.updatedAt))) return;
  list.render(summary, live);
  if (summary.id === selectedId && live) reloadSoon();
}

/** Empties the outbox (a reset, or a restarted emulator). */
export function clearMessages() {
  list.clear();
  closeMessage();
}

/** @param {MessageSummary} summary */
function cells(summary) {
  const to = summary.recipients.map((r) => r.address).join(', ');
  return [
    h('td', { class: 'mono', title: summary.createdAt }, clockTime(summary.createdAt)),
    h('td', { title: summary.api }, summary.channel),
    h('td', { class: 'mono', title: to }, to),
    h('td', { class: 'preview', title: summary.preview || '' }, summary.preview || ''),
    h('td', null, statusOf(summary.status)),
    h('td', { class: 'num steps' }, summary.fired + '/' + summary.steps),
  ];
}

/** @param {string} id */
function selectMessage(id) {
  selectedId = id;
  list.select(id);
  byId('message-detail').hidden = false;
  byId('message-title').textContent = 'Message';
  byId('message-body').replaceChildren(h('p', { class: 'empty' }, 'Loading\u2026'));
  void loadDetail();
}

function closeMessage() {
  selectedId = null;
  list.select(null);
  byId('message-detail').hidden = true;
}

function reloadSoon() {
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(() => void loadDetail(), 100);
}

async function loadDetail() {
  const id = selectedId;
  if (!id) return;
  const load = ++loadCount;
  const answer = await answerOf(() => getMessage(id));
  if (load !== loadCount || id !== selectedId) return;
  if (!answer.ok) {
    byId('message-body').replaceChildren(h('div', { class: 'result error' }, errorView(answer.status, answer.data)));
    return;
  }
  renderDetail(answer.data);
}

/** @param {MessageDetail} message */
function recipientsTable(message) {
  return h(
    'table',
    { class: 'table recipients', id: 'message-recipients' },
    h('thead', null, h('tr', null, h('th', null, 'Recipient'), h('th', null, 'Role'), h('th', null, 'Outcome'), h('th', null, 'Status'))),
    h(
      'tbody',
      null,
      message.recipients.map((r) =>
        h(
          'tr',
          { 'data-address': r.address },
          h('td', { class: 'mono' }, r.address),
          h('td', null, r.role || ''),
          h('td', null, r.outcome),
          h('td', null, statusOf(r.status)),
        ),
      ),
    ),
  );
}

/** @param {StepView} step */
function timelineRow(step) {
  const when = step.firedAt ? clockTime(step.firedAt) : 'due ' + clockTime(step.at);
  return h(
    'tr',
    { 'data-event': step.event, 'data-fired': step.firedAt ? 'yes' : 'no', class: step.firedAt ? null : 'due' },
    h('td', { class: 'mono', title: step.firedAt || step.at }, when),
    h('td', { class: 'mono' }, step.recipient || 'every recipient'),
    h('td', null, step.event),
    h('td', null, step.error ? pill('not fired', 'red') : statusOf(step.status)),
    h('td', { class: 'muted', title: step.error || '' }, step.error || 'message ' + step.messageStatus),
  );
}

/** @param {MessageDetail} message */
function webhooksTable(message) {
  if (message.deliveries.length === 0) {
    return h(
      'p',
      { class: 'empty', id: 'message-webhooks' },
      'No delivery yet: no subscription or endpoint takes these events, or none fired yet.',
    );
  }
  return h(
    'table',
    { class: 'table webhooks', id: 'message-webhooks' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', null, 'Event'),
        h('th', null, 'URL'),
        h('th', null, 'Status'),
        h('th', { class: 'num' }, 'HTTP'),
        h('th', null, ''),
      ),
    ),
    h(
      'tbody',
      null,
      message.deliveries.map((d) =>
        h(
          'tr',
          { 'data-id': d.id },
          h('td', null, d.event),
          h('td', { class: 'mono', title: d.url }, d.url),
          h('td', null, statusPill(d)),
          h('td', { class: 'num' }, httpPill(d.lastStatusCode, d.lastError)),
          h('td', null, h('button', { type: 'button', class: 'secondary', onclick: () => selectDelivery(d.id) }, 'Open')),
        ),
      ),
    ),
  );
}

/**
 * What the message said. An e-mail's HTML is shown in a frame with `sandbox=""` (no script, no
 * same-origin access) loading a document the server serves under its own policy (see
 * api/control/messages.ts); its text part beside it.
 * @param {MessageDetail} message
 */
function contentView(message) {
  const { html, text } = message.content;
  const parts = [];
  if (html !== undefined) {
    parts.push(
      h(
        'figure',
        { class: 'mail-html' },
        h('figcaption', null, 'HTML'),
        h('iframe', {
          id: 'message-html',
          sandbox: '',
          referrerpolicy: 'no-referrer',
          title: 'The e-mail as HTML',
          src: messageHtmlUrl(message.id),
        }),
      ),
    );
  }
  if (text !== undefined) {
    parts.push(
      h(
        'figure',
        { class: 'mail-text' },
        h('figcaption', null, html !== undefined ? 'Text part' : 'Text'),
        h('pre', { class: 'code', id: 'message-text' }, text),
      ),
    );
  }
  return parts.length === 0 ? h('p', { class: 'empty' }, 'No content kept.') : h('div', { class: 'content-parts' }, parts);
}

/** @param {MessageDetail} message */
function renderDetail(message) {
  byId('message-title').replaceChildren('Message ', h('span', { class: 'mono muted' }, message.id));
  byId('message-body').replaceChildren(
    facts([
      ['Status', statusOf(message.status)],
      ['Channel', message.channel + ' \u00b7 ' + message.api + ' API'],
      ['From', message.from ? h('span', { class: 'mono' }, message.from) : undefined],
      ['Subject', message.subject],
      ['Workspace', h('span', { class: 'mono' }, message.workspaceId)],
      ['Channel id', message.channelId ? h('span', { class: 'mono' }, message.channelId) : undefined],
      ['Sent', message.createdAt],
    ]),
    h('h3', null, 'Recipients'),
    recipientsTable(message),
    h('h3', null, 'Lifecycle (' + message.fired + ' of ' + message.steps + ' steps)'),
    h(
      'table',
      { class: 'table timeline', id: 'message-timeline' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', null, 'When'),
          h('th', null, 'Recipient'),
          h('th', null, 'Event'),
          h('th', null, 'Status'),
          h('th', null, ''),
        ),
      ),
      h('tbody', null, message.timeline.map(timelineRow)),
    ),
    h('h3', null, 'Webhooks it caused'),
    webhooksTable(message),
    h('h3', null, 'Content'),
    contentView(message),
  );
}
