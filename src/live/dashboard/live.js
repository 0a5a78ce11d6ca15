// @ts-check
/** @import { FrameDataMap, LiveFrame } from '../../views/live-frames.js' */
import { listDeliveries, listSubscriptions } from './control-api.js';
import { clearDeliveries, loadDeliveriesOfEvent, MAX_ROWS, shownDelivery, upsertDelivery } from './deliveries.js';
import { byId } from './dom.js';
import { suggestEvent } from './fire-form.js';
import { hideLoadTest, showLoadTest } from './load-test.js';
import { clearMessages, loadMessages, upsertMessage } from './outbox.js';
import { renderSubscriptions, subscriptions } from './subscriptions.js';

/**
 * Keeps the page current. On load and on every (re)connect of the WebSocket it loads a snapshot from
 * the control API (subscriptions, recent deliveries), then applies live frames; a lost connection
 * is retried with backoff, and resumes with `?since=` from the last frame seen.
 */

const WS_PATH = '/_emulator/ws';

/** The `seq` of the last frame applied; -1 before the first `hello`. */
let lastSeq = -1;
let retries = 0;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let reconnectTimer;

/** Loads the subscriptions, the newest deliveries and the newest messages sent. */
export async function loadSnapshot() {
  void loadMessages();
  try {
    const [listed, recent] = await Promise.all([listSubscriptions(), listDeliveries('limit=' + MAX_ROWS)]);
    if (listed.ok) {
      subscriptions.clear();
      for (const subscription of listed.data.results) subscriptions.set(subscription.id, subscription);
      showSubscriptions();
    }
    if (recent.ok) for (const summary of recent.data.results) upsertDelivery(summary);
  } catch {
    // The socket's close event will follow and retry.
  }
}

/** Opens the WebSocket; a closed one is opened again after a while. */
export function connect() {
  clearTimeout(reconnectTimer);
  setConnection(retries === 0 ? 'connecting' : 'reconnecting', 'amber');
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = lastSeq >= 0 ? '?since=' + lastSeq : '';
  /** @type {WebSocket} */
  let socket;
  try {
    socket = new WebSocket(scheme + '//' + location.host + WS_PATH + query);
  } catch {
    scheduleReconnect();
    return;
  }
  const replayedFrom = lastSeq;
  socket.addEventListener('message', (message) => {
    /** @type {LiveFrame | undefined} */
    let frame;
    try {
      frame = JSON.parse(String(message.data));
    } catch {
      return;
    }
    if (!frame || frame.v !== 1) return;
    if (frame.type === 'hello') {
      onHello(frame.data, replayedFrom);
      return;
    }
    if (typeof frame.seq === 'number') {
      if (frame.seq <= lastSeq) return;
      lastSeq = frame.seq;
    }
    onFrame(frame);
  });
  socket.addEventListener('close', () => scheduleReconnect());
}

/**
 * @param {string} text
 * @param {'green' | 'amber' | 'red'} colour
 */
function setConnection(text, colour) {
  const el = byId('connection');
  el.textContent = text;
  el.className = 'pill pill-' + colour;
  el.dataset.state = text.split(' ')[0];
}

/**
 * @param {FrameDataMap['hello']} hello
 * @param {number} since the `seq` this connection asked to resume after (-1: none)
 */
function onHello(hello, since) {
  if (hello.version) byId('version').textContent = 'v' + hello.version;
  // A smaller sequence than ours: the emulator restarted, and what we hold may be gone.
  const restarted = since >= 0 && typeof hello.lastSeq === 'number' && hello.lastSeq < since;
  if (restarted) forgetEverything();
  // First connection: frames so far are in the snapshot. After a restart, take the replay it sends.
  if (since < 0) lastSeq = typeof hello.lastSeq === 'number' ? hello.lastSeq : 0;
  else if (restarted) lastSeq = 0;
  retries = 0;
  setConnection('live', 'green');
  void loadSnapshot();
}

function forgetEverything() {
  hideLoadTest();
  clearDeliveries();
  clearMessages();
  subscriptions.clear();
}

function scheduleReconnect() {
  clearTimeout(reconnectTimer);
  const base = Math.min(10000, 500 * 2 ** retries);
  const delay = Math.round(base * (0.75 + Math.random() * 0.5));
  retries += 1;
  setConnection('offline \u2014 retrying in ' + Math.max(1, Math.round(delay / 1000)) + ' s', 'red');
  reconnectTimer = setTimeout(connect, delay);
}

/** @param {LiveFrame} frame */
function onFrame(frame) {
  switch (frame.type) {
    case 'event.fired': {
      // Deliveries are made before their first attempt: show them as pending now.
      const { event } = frame.data;
      if (!event.deliveryIds.every((id) => shownDelivery(id))) void loadDeliveriesOfEvent(event.id, { live: true });
      break;
    }
    case 'delivery.attempt':
    case 'delivery.succeeded':
    case 'delivery.failed':
    case 'delivery.retry_scheduled':
      upsertDelivery(frame.data.delivery, { live: true });
      break;
    case 'subscription.created':
    case 'subscription.updated':
      subscriptions.set(frame.data.subscription.id, frame.data.subscription);
      showSubscriptions();
      break;
    case 'subscription.deleted':
      subscriptions.delete(frame.data.subscription.id);
      showSubscriptions();
      break;
    case 'message.sent':
    case 'message.status':
      upsertMessage(frame.data.message, { live: true });
      break;
    case 'loadtest.started':
    case 'loadtest.progress':
    case 'loadtest.finished':
      showLoadTest(frame.data.report);
      break;
    case 'emulator.reset':
      forgetEverything();
      showSubscriptions();
      break;
  }
}

function showSubscriptions() {
  renderSubscriptions();
  suggestEvent();
}
