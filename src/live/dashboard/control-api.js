// @ts-check
/** @import { Delivery } from '../../domain/delivery.js' */
/** @import { FireEventInput } from '../../domain/fire-input.js' */
/** @import { Service, Subscription } from '../../domain/subscription.js' */
/** @import { ApiName } from '../../domain/api.js' */
/** @import { DeliverySummary, firedEventView } from '../../views/delivery-views.js' */
/** @import { MessageDetail, MessageSummary } from '../../views/message-views.js' */
import { h } from './dom.js';

/**
 * The control API (`/_emulator/…`) as the page calls it, typed with the server's own types, so the
 * page reads what the server sends (summaries included) and computes none of it itself.
 */

/**
 * Bird's error body, which the control API answers with too.
 * @typedef {object} ErrorBody
 * @property {string} [code]
 * @property {string} [message]
 * @property {Record<string, string | string[]>} [details]
 */

/**
 * An answer: the parsed body of a 2xx, or the error body of anything else.
 * @template T
 * @typedef {{ ok: true, status: number, data: T } | { ok: false, status: number, data: ErrorBody | undefined }} Answer
 */

/**
 * One event of `GET /_emulator/catalog`.
 * @typedef {object} CatalogEntry
 * @property {ApiName} api
 * @property {string} name
 * @property {Service} [service] the Notifications API's service; platform API events have none
 * @property {string} [description]
 * @property {boolean} [documented]
 */

/** @typedef {ReturnType<typeof firedEventView>} FiredEventView */

/**
 * Calls the control API. `T` is what a 2xx answers with, taken from the caller's declared return
 * type: the server's JSON is trusted to match its own types.
 * @template T
 * @param {'GET' | 'POST'} method
 * @param {string} path
 * @param {unknown} [body] sent as JSON
 * @returns {Promise<Answer<T>>}
 */
async function request(method, path, body) {
  /** @type {RequestInit & { headers: Record<string, string> }} */
  const init = { method, headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  /** @type {any} */
  let data;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = { message: text };
  }
  return { ok: response.ok, status: response.status, data };
}

/**
 * The answer of `call`, or a `NetworkError` one when the request itself failed (the server is gone).
 * @template T
 * @param {() => Promise<Answer<T>>} call
 * @returns {Promise<Answer<T>>}
 */
export async function answerOf(call) {
  try {
    return await call();
  } catch (error) {
    return { ok: false, status: 0, data: { code: 'NetworkError', message: String(error) } };
  }
}

/** @returns {Promise<Answer<{ results: Subscription[] }>>} */
export function listSubscriptions() {
  return request('GET', '/_emulator/subscriptions');
}

/**
 * @param {string} query e.g. `limit=500`
 * @returns {Promise<Answer<{ results: DeliverySummary[] }>>}
 */
export function listDeliveries(query) {
  return request('GET', '/_emulator/deliveries?' + query);
}

/**
 * One delivery with its request and every attempt.
 * @param {string} id
 * @returns {Promise<Answer<Delivery>>}
 */
export function getDelivery(id) {
  return request('GET', '/_emulator/deliveries/' + encodeURIComponent(id));
}

/**
 * @param {string} id
 * @returns {Promise<Answer<FiredEventView>>}
 */
export function redeliver(id) {
  return request('POST', '/_emulator/deliveries/' + encodeURIComponent(id) + '/redeliver');
}

/**
 * The messages sent through the emulator, newest first.
 * @param {string} query e.g. `limit=200`
 * @returns {Promise<Answer<{ results: MessageSummary[] }>>}
 */
export function listMessages(query) {
  return request('GET', '/_emulator/messages?' + query);
}

/**
 * One message with its timeline, content and the deliveries it caused.
 * @param {string} id
 * @returns {Promise<Answer<MessageDetail>>}
 */
export function getMessage(id) {
  return request('GET', '/_emulator/messages/' + encodeURIComponent(id));
}

/**
 * Where the e-mail's HTML is served, for the preview frame.
 * @param {string} id
 */
export function messageHtmlUrl(id) {
  return '/_emulator/messages/' + encodeURIComponent(id) + '/html';
}

/**
 * @param {FireEventInput} input
 * @returns {Promise<Answer<FiredEventView>>}
 */
export function fireEvent(input) {
  return request('POST', '/_emulator/events', input);
}

/** @returns {Promise<Answer<{ results: CatalogEntry[] }>>} */
export function getCatalog() {
  return request('GET', '/_emulator/catalog');
}

/**
 * Bird's error body as a message and a list of field details.
 * @param {number} status
 * @param {ErrorBody | undefined} data
 */
export function errorView(status, data) {
  const body = data || {};
  const nodes = [h('strong', null, (body.code || 'Error') + ' (' + status + ')'), ': ', body.message || 'The request failed.'];
  const details = body.details && typeof body.details === 'object' ? Object.entries(body.details) : [];
  if (details.length > 0) {
    nodes.push(
      h(
        'ul',
        null,
        details.map(([field, messages]) => h('li', null, h('code', null, field), ' ', [messages].flat().join('; '))),
      ),
    );
  }
  return nodes;
}
