// @ts-check
/** @import { Subscriber } from '../../views/live-frames.js' */
/** @import { EndpointListing } from '../../domain/endpoint.js' */
/** @import { Subscription } from '../../domain/subscription.js' */
import { byId, h, pill } from './dom.js';

/** Every subscription (Notifications API) and endpoint (platform API) of every workspace, by id, as the server last sent it. */
export const subscriptions = /** @type {Map<string, Subscriber>} */ (new Map());

/**
 * @param {Subscriber} subscriber
 * @returns {subscriber is EndpointListing}
 */
export const isEndpoint = (subscriber) => 'events' in subscriber;

/** @param {Subscriber} s */
const createdAt = (s) => (isEndpoint(s) ? s.created_at : s.createdAt);

/** The subscription or endpoint made last: the likeliest one to fire an event for. */
export function newestSubscription() {
  /** @type {Subscriber | undefined} */
  let newest;
  for (const subscription of subscriptions.values()) {
    if (!newest || createdAt(subscription) >= createdAt(newest)) newest = subscription;
  }
  return newest;
}

/** The pill colour of a subscription's or an endpoint's status. */
/** @type {Record<string, string | null>} */
const STATUS_COLOUR = { active: 'green', degraded: 'amber', paused: 'red', inactive: null };

/** Shows the list, oldest first. */
export function renderSubscriptions() {
  const list = [...subscriptions.values()].sort((a, b) => (createdAt(a) < createdAt(b) ? -1 : createdAt(a) > createdAt(b) ? 1 : 0));
  byId('subs-count').textContent = String(list.length);
  const container = byId('subscriptions');
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
          h('div', { class: 'row' }, pill(s.status, STATUS_COLOUR[s.status] ?? null), h('span', { class: 'name' }, nameOf(s))),
          h('div', { class: 'url', title: s.url }, s.url),
          isEndpoint(s) ? endpointMeta(s) : subscriptionMeta(s),
        ),
      ),
    ),
  );
}

/** @param {Subscriber} s */
function nameOf(s) {
  return isEndpoint(s) ? 'endpoint \u00b7 ' + s.events.join(', ') : s.service + ' \u00b7 ' + s.event;
}

/** @param {Subscription} s */
function subscriptionMeta(s) {
  return h(
    'div',
    { class: 'meta', title: 'subscription ' + s.id },
    'workspace ' + s.workspaceId,
    s.eventFilters && s.eventFilters.length > 0 ? ' \u00b7 ' + s.eventFilters.map((f) => f.key + '=' + f.value).join(', ') : '',
    s.statusReason ? ' \u00b7 ' + s.statusReason : '',
  );
}

/** The workspace and the live secrets, masked as the server sends them. @param {EndpointListing} e */
function endpointMeta(e) {
  const secrets = e.secrets.map((s) => s.secret + (s.expires_at ? ' (until ' + s.expires_at + ')' : ''));
  return h('div', { class: 'meta', title: 'endpoint ' + e.id }, 'workspace ' + e.workspace_id, ' \u00b7 secrets ' + secrets.join(', '));
}
