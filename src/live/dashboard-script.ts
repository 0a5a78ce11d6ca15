/**
 * The dashboard's script, plain browser JavaScript served as `/_emulator/dashboard.js`.
 *
 * @note It is a string, not compiled TypeScript, so the package needs no bundler and the browser
 * gets exactly this text. Rules kept by hand (a test parses it): no backtick and no `${` inside
 * (this is a template literal), and untrusted text only ever goes through `textContent`, `append`
 * or `setAttribute` on inert attributes, never `innerHTML`.
 *
 * Data flow: on load and on every (re)connect of the WebSocket the page loads a snapshot from the control API
 * (subscriptions, recent deliveries), then applies live frames; a delivery summary only replaces
 * an older one (`updatedAt`, then `attemptCount`), so the snapshot and the frames can arrive in any order.
 */
export const DASHBOARD_SCRIPT = String.raw`
const MAX_ROWS = 500;
const WS_PATH = '/_emulator/ws';

const state = {
  catalog: [],
  subscriptions: new Map(),
  deliveries: new Map(),
  rows: new Map(),
  selectedId: null,
  detailToken: 0,
  detailTimer: null,
  lastSeq: -1,
  retries: 0,
  reconnectTimer: null,
  eventChosenByUser: false,
};

const $ = (id) => document.getElementById(id);

/** Builds an element; strings become text nodes, so nothing here is ever parsed as HTML. */
function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

function pill(text, colour) {
  return h('span', { class: 'pill' + (colour ? ' pill-' + colour : '') }, text);
}

const STATUS_COLOUR = { succeeded: 'green', pending: 'amber', failed: 'red' };

function statusPill(summary) {
  const retrying = summary.status === 'pending' && summary.attemptCount > 0;
  const el = pill(retrying ? 'retrying' : summary.status, STATUS_COLOUR[summary.status]);
  el.classList.add('status');
  if (summary.nextAttemptAt) el.title = 'next attempt at ' + summary.nextAttemptAt;
  return el;
}

function httpPill(status, error) {
  if (typeof status === 'number') return pill(String(status), status >= 200 && status < 300 ? 'green' : 'red');
  if (error) return pill(error.code || 'error', 'red');
  return h('span', { class: 'muted' }, '\u2014');
}

function clockTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso || '');
  const pad = (n, width) => String(n).padStart(width || 2, '0');
  return pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds()) + '.' + pad(date.getMilliseconds(), 3);
}

function pretty(text) {
  if (typeof text !== 'string') return JSON.stringify(text, null, 2);
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

async function api(method, path, body) {
  const init = { method, headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let data;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = { message: text };
  }
  return { ok: response.ok, status: response.status, data };
}

/** Bird's error body as a message and a list of field details. */
function errorView(status, data) {
  const body = data || {};
  const nodes = [h('strong', null, (body.code || 'Error') + ' (' + status + ')'), ': ', body.message || 'The request failed.'];
  const details = body.details && typeof body.details === 'object' ? Object.entries(body.details) : [];
  if (details.length > 0) {
    nodes.push(
      h(
        'ul',
        null,
        details.map(([field, messages]) => h('li', null, h('code', null, field), ' ', [].concat(messages).join('; '))),
      ),
    );
  }
  return nodes;
}

function showResult(el, kind, ...nodes) {
  el.className = 'result ' + kind;
  el.replaceChildren(...nodes.flat(Infinity).filter((node) => node !== undefined && node !== null && node !== false));
}

// ---- connection -------------------------------------------------------------------------------

function setConnection(text, colour) {
  const el = $('connection');
  el.textContent = text;
  el.className = 'pill pill-' + colour;
  el.dataset.state = text.split(' ')[0];
}

function connect() {
  clearTimeout(state.reconnectTimer);
  setConnection(state.retries === 0 ? 'connecting' : 'reconnecting', 'amber');
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = state.lastSeq >= 0 ? '?since=' + state.lastSeq : '';
  let socket;
  try {
    socket = new WebSocket(scheme + '//' + location.host + WS_PATH + query);
  } catch {
    scheduleReconnect();
    return;
  }
  const replayedFrom = state.lastSeq;
  socket.addEventListener('message', (message) => {
    let frame;
    try {
      frame = JSON.parse(message.data);
    } catch {
      return;
    }
    if (!frame || frame.v !== 1) return;
    if (frame.type === 'hello') {
      onHello(frame, replayedFrom);
      return;
    }
    if (typeof frame.seq === 'number') {
      if (frame.seq <= state.lastSeq) return;
      state.lastSeq = frame.seq;
    }
    onFrame(frame);
  });
  socket.addEventListener('close', () => scheduleReconnect());
}

function onHello(frame, since) {
  const data = frame.data || {};
  if (data.version) $('version').textContent = 'v' + data.version;
  // A smaller sequence than ours: the emulator restarted, and what we hold may be gone.
  const restarted = since >= 0 && typeof data.lastSeq === 'number' && data.lastSeq < since;
  if (restarted) forgetEverything();
  // First connection: frames so far are in the snapshot. After a restart, take the replay it sends.
  if (since < 0) state.lastSeq = typeof data.lastSeq === 'number' ? data.lastSeq : 0;
  else if (restarted) state.lastSeq = 0;
  state.retries = 0;
  setConnection('live', 'green');
  loadSnapshot();
}

function forgetEverything() {
  state.deliveries.clear();
  state.subscriptions.clear();
  for (const row of state.rows.values()) row.remove();
  state.rows.clear();
  $('deliveries-count').textContent = '0';
  $('deliveries-empty').hidden = false;
}

function scheduleReconnect() {
  clearTimeout(state.reconnectTimer);
  const base = Math.min(10000, 500 * 2 ** state.retries);
  const delay = Math.round(base * (0.75 + Math.random() * 0.5));
  state.retries += 1;
  setConnection('offline \u2014 retrying in ' + Math.max(1, Math.round(delay / 1000)) + ' s', 'red');
  state.reconnectTimer = setTimeout(connect, delay);
}

function onFrame(frame) {
  const data = frame.data || {};
  switch (frame.type) {
    case 'event.fired':
      loadEventDeliveries(data.event);
      break;
    case 'delivery.attempt':
    case 'delivery.succeeded':
    case 'delivery.failed':
    case 'delivery.retry_scheduled':
      if (data.delivery) upsertDelivery(data.delivery, true);
      break;
    case 'subscription.created':
    case 'subscription.updated':
      if (data.subscription) {
        state.subscriptions.set(data.subscription.id, data.subscription);
        renderSubscriptions();
      }
      break;
    case 'subscription.deleted':
      if (data.subscription) {
        state.subscriptions.delete(data.subscription.id);
        renderSubscriptions();
      }
      break;
    case 'emulator.reset':
      forgetEverything();
      renderSubscriptions();
      break;
  }
}

// ---- data -------------------------------------------------------------------------------------

async function loadSnapshot() {
  try {
    const [subscriptions, deliveries] = await Promise.all([
      api('GET', '/_emulator/subscriptions'),
      api('GET', '/_emulator/deliveries?limit=' + MAX_ROWS),
    ]);
    if (subscriptions.ok) {
      state.subscriptions.clear();
      for (const subscription of subscriptions.data.results) state.subscriptions.set(subscription.id, subscription);
      renderSubscriptions();
    }
    if (deliveries.ok) for (const summary of deliveries.data.results) upsertDelivery(summary, false);
  } catch {
    // The socket's close event will follow and retry.
  }
}

/** Deliveries of a fired event are created before their first attempt: show them as pending now. */
async function loadEventDeliveries(event) {
  if (!event || !Array.isArray(event.deliveryIds) || event.deliveryIds.every((id) => state.deliveries.has(id))) return;
  try {
    const { ok, data } = await api('GET', '/_emulator/deliveries?eventId=' + encodeURIComponent(event.id));
    if (ok) for (const summary of data.results) upsertDelivery(summary, true);
  } catch {
    // Later frames carry the same deliveries.
  }
}

/** Whether a summary moves a delivery forward; the same state again is not news. */
function isNewer(next, current) {
  if (!current) return true;
  if (next.updatedAt !== current.updatedAt) return next.updatedAt > current.updatedAt;
  if (next.attemptCount !== current.attemptCount) return next.attemptCount > current.attemptCount;
  return current.status === 'pending' && next.status !== 'pending';
}

function summaryOf(delivery) {
  const last = delivery.attempts[delivery.attempts.length - 1];
  return {
    id: delivery.id,
    eventId: delivery.eventId,
    subscriptionId: delivery.subscriptionId,
    event: delivery.event,
    service: delivery.service,
    url: delivery.url,
    status: delivery.status,
    attemptCount: delivery.attempts.length,
    maxAttempts: delivery.maxAttempts,
    lastStatusCode: last && last.response ? last.response.status : undefined,
    lastError: last ? last.error : undefined,
    nextAttemptAt: delivery.nextAttemptAt,
    createdAt: delivery.createdAt,
    updatedAt: delivery.updatedAt,
  };
}

/** Shows a summary unless an equal or newer one is shown; reloads the open detail it changes, unless that is where it came from. */
function upsertDelivery(summary, live, fromDetail) {
  if (!isNewer(summary, state.deliveries.get(summary.id))) return;
  state.deliveries.set(summary.id, summary);
  renderDeliveryRow(summary, live);
  if (summary.id === state.selectedId && !fromDetail) refreshDetailSoon();
}

// ---- subscriptions ----------------------------------------------------------------------------

function renderSubscriptions() {
  const list = [...state.subscriptions.values()].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  $('subs-count').textContent = String(list.length);
  const container = $('subscriptions');
  if (list.length === 0) {
    container.replaceChildren(h('p', { class: 'empty' }, 'No subscription yet.'));
    return;
  }
  container.replaceChildren(
    h(
      'ul',
      { class: 'subs' },
      list.map((s) =>
        h(
          'li',
          { 'data-id': s.id },
          h(
            'div',
            { class: 'row' },
            pill(s.status, s.status === 'active' ? 'green' : null),
            h('span', { class: 'name' }, s.service + ' \u00b7 ' + s.event),
          ),
          h('div', { class: 'url', title: s.url }, s.url),
          h(
            'div',
            { class: 'meta', title: 'subscription ' + s.id },
            'workspace ' + s.workspaceId,
            s.eventFilters && s.eventFilters.length > 0 ? ' \u00b7 ' + s.eventFilters.map((f) => f.key + '=' + f.value).join(', ') : '',
            s.statusReason ? ' \u00b7 ' + s.statusReason : '',
          ),
        ),
      ),
    ),
  );
  suggestEvent();
}

// ---- deliveries -------------------------------------------------------------------------------

function deliveryCells(summary) {
  return [
    h('td', { class: 'mono', title: summary.createdAt }, clockTime(summary.createdAt)),
    h('td', { title: summary.service + ' \u00b7 ' + summary.event }, summary.event),
    h('td', { class: 'mono', title: summary.url }, summary.url),
    h('td', null, statusPill(summary)),
    h('td', { class: 'num attempts' }, summary.attemptCount + '/' + summary.maxAttempts),
    h('td', { class: 'num http' }, httpPill(summary.lastStatusCode, summary.lastError)),
  ];
}

function renderDeliveryRow(summary, live) {
  let row = state.rows.get(summary.id);
  if (row) {
    row.replaceChildren(...deliveryCells(summary));
    row.dataset.status = summary.status;
    return;
  }
  row = h('tr', {
    tabindex: 0,
    'data-id': summary.id,
    'data-status': summary.status,
    class: live ? 'fresh' : null,
    onclick: () => selectDelivery(summary.id),
    onkeydown: (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        selectDelivery(summary.id);
      }
    },
  });
  row.replaceChildren(...deliveryCells(summary));
  if (summary.id === state.selectedId) row.classList.add('selected');
  state.rows.set(summary.id, row);
  // Newest first: before the first row created earlier than this one.
  const body = $('deliveries-body');
  let before = null;
  for (const other of body.children) {
    const otherSummary = state.deliveries.get(other.dataset.id);
    if (otherSummary && otherSummary.createdAt < summary.createdAt) {
      before = other;
      break;
    }
  }
  body.insertBefore(row, before);
  while (state.rows.size > MAX_ROWS) {
    const oldest = body.lastElementChild;
    state.rows.delete(oldest.dataset.id);
    state.deliveries.delete(oldest.dataset.id);
    oldest.remove();
  }
  $('deliveries-count').textContent = String(state.rows.size);
  $('deliveries-empty').hidden = state.rows.size > 0;
}

// ---- detail -----------------------------------------------------------------------------------

function selectDelivery(id) {
  if (state.selectedId) state.rows.get(state.selectedId)?.classList.remove('selected');
  state.selectedId = id;
  state.rows.get(id)?.classList.add('selected');
  $('detail').hidden = false;
  $('detail-result').replaceChildren();
  $('detail-title').textContent = 'Delivery';
  $('detail-body').replaceChildren(h('p', { class: 'empty' }, 'Loading\u2026'));
  loadDetail();
}

function closeDetail() {
  if (state.selectedId) state.rows.get(state.selectedId)?.classList.remove('selected');
  state.selectedId = null;
  $('detail').hidden = true;
}

function refreshDetailSoon() {
  clearTimeout(state.detailTimer);
  state.detailTimer = setTimeout(loadDetail, 100);
}

async function loadDetail() {
  const id = state.selectedId;
  if (!id) return;
  const token = ++state.detailToken;
  let answer;
  try {
    answer = await api('GET', '/_emulator/deliveries/' + encodeURIComponent(id));
  } catch (error) {
    answer = { ok: false, status: 0, data: { code: 'NetworkError', message: String(error) } };
  }
  if (token !== state.detailToken || id !== state.selectedId) return;
  if (!answer.ok) {
    $('detail-body').replaceChildren(h('div', { class: 'result error' }, errorView(answer.status, answer.data)));
    return;
  }
  const delivery = answer.data;
  upsertDelivery(summaryOf(delivery), false, true);
  renderDetail(delivery);
}

function facts(pairs) {
  return h(
    'dl',
    { class: 'facts' },
    pairs
      .filter(([, value]) => value !== undefined && value !== null && value !== '')
      .map(([name, value]) => [h('dt', null, name), h('dd', null, value)]),
  );
}

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

function renderDetail(delivery) {
  $('detail-title').replaceChildren('Delivery ', h('span', { class: 'mono muted' }, delivery.id));
  const attempts = delivery.attempts.length
    ? delivery.attempts.map((attempt) => renderAttempt(attempt, delivery))
    : [h('p', { class: 'empty' }, 'No attempt yet.')];
  $('detail-body').replaceChildren(
    facts([
      ['Status', statusPill(summaryOf(delivery))],
      ['Event', delivery.service + ' \u00b7 ' + delivery.event],
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

async function redeliver() {
  const id = state.selectedId;
  if (!id) return;
  const button = $('redeliver');
  button.disabled = true;
  try {
    const { ok, status, data } = await api('POST', '/_emulator/deliveries/' + encodeURIComponent(id) + '/redeliver');
    if (!ok) {
      showResult($('detail-result'), 'error', errorView(status, data));
      return;
    }
    const copies = data.deliveries || [];
    if (copies.length === 0) {
      showResult($('detail-result'), 'info', data.message || 'Redelivered; no delivery was made.');
      return;
    }
    showResult(
      $('detail-result'),
      'ok',
      'Redelivered as ',
      copies.map((copy, index) => [
        index > 0 ? ', ' : '',
        h('button', { type: 'button', class: 'secondary mono', onclick: () => selectDelivery(copy.id) }, copy.id),
      ]),
    );
  } catch (error) {
    showResult($('detail-result'), 'error', 'Redeliver failed: ' + String(error));
  } finally {
    button.disabled = false;
  }
}

// ---- fire form --------------------------------------------------------------------------------

async function loadCatalog() {
  try {
    const { ok, data } = await api('GET', '/_emulator/catalog');
    if (!ok) throw new Error(data && data.message);
    state.catalog = data.results;
  } catch (error) {
    showResult($('fire-result'), 'error', 'Could not load the catalogue: ' + String(error));
    return;
  }
  const byService = new Map();
  state.catalog.forEach((entry, index) => {
    if (!byService.has(entry.service)) byService.set(entry.service, []);
    byService.get(entry.service).push(h('option', { value: index }, entry.name + (entry.documented === false ? ' (undocumented)' : '')));
  });
  $('fire-event').replaceChildren(...[...byService].map(([service, options]) => h('optgroup', { label: service }, options)));
  suggestEvent();
  describeEvent();
}

/** Until the user picks one, preselect the event of the newest subscription: the likeliest to fire. */
function suggestEvent() {
  if (state.eventChosenByUser || state.catalog.length === 0) return;
  const newest = [...state.subscriptions.values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))[0];
  if (!newest) return;
  const index = state.catalog.findIndex((entry) => entry.service === newest.service && entry.name === newest.event);
  if (index >= 0) {
    $('fire-event').value = String(index);
    describeEvent();
  }
}

/** The catalogue's descriptions mark values with backquotes, as Markdown does: show those as code. */
function describeEvent() {
  const entry = state.catalog[Number($('fire-event').value)];
  const parts = String((entry && entry.description) || '').split(String.fromCharCode(96));
  $('fire-description').replaceChildren(...parts.map((part, index) => (index % 2 === 1 ? h('code', null, part) : part)));
}

async function fire(event) {
  event.preventDefault();
  const result = $('fire-result');
  const entry = state.catalog[Number($('fire-event').value)];
  if (!entry) {
    showResult(result, 'error', 'Choose an event.');
    return;
  }
  let payload;
  try {
    payload = JSON.parse($('fire-payload').value.trim() || '{}');
  } catch (error) {
    showResult(result, 'error', 'The payload is not valid JSON: ' + error.message);
    return;
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    showResult(result, 'error', 'The payload must be a JSON object, e.g. {}.');
    return;
  }
  const input = { event: entry.name, service: entry.service, payload };
  const workspaceId = $('fire-workspace').value.trim();
  if (workspaceId) input.workspaceId = workspaceId;
  const button = $('fire-submit');
  button.disabled = true;
  try {
    const { ok, status, data } = await api('POST', '/_emulator/events', input);
    if (!ok) {
      showResult(result, 'error', errorView(status, data));
      return;
    }
    const count = data.deliveries.length;
    showResult(
      result,
      count > 0 ? 'ok' : 'info',
      'Fired ' + data.event + ' ',
      h('span', { class: 'mono' }, data.id),
      count > 0 ? ': ' + count + (count === 1 ? ' delivery.' : ' deliveries.') : '. ' + (data.message || 'No subscription matched.'),
    );
  } catch (error) {
    showResult(result, 'error', 'The request failed: ' + String(error));
  } finally {
    button.disabled = false;
  }
}

// ---- start ------------------------------------------------------------------------------------

$('fire-form').addEventListener('submit', fire);
$('fire-event').addEventListener('change', () => {
  state.eventChosenByUser = true;
  describeEvent();
});
$('redeliver').addEventListener('click', redeliver);
$('detail-close').addEventListener('click', closeDetail);
loadCatalog();
// The snapshot comes first, so the page shows what there is even while the socket is down.
loadSnapshot();
connect();
`;
