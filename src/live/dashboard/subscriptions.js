// @ts-check
/** @import { Subscription } from '../../domain/subscription.js' */
import { byId, h, pill } from './dom.js';

/** Every subscription of every API and workspace, by id, as the server last sent it. */
export const subscriptions = /** @type {Map<string, Subscription>} */ (new Map());

/** The subscription made last: the likeliest one to fire an event for. */
export function newestSubscription() {
  /** @type {Subscription | undefined} */
  let newest;
  for (const subscription of subscriptions.values()) {
    if (!newest || subscription.createdAt >= newest.createdAt) newest = subscription;
  }
  return newest;
}

/** Shows the list, oldest first. */
export function renderSubscriptions() {
  const list = [...subscriptions.values()].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
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
}
