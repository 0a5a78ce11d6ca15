import type { Catalogue, EventDefinition } from '../../catalogue/types.js';
import type { EventFilter, Service, Subscription } from '../../domain/subscription.js';
import { EmulatorError, invalidField, type ErrorDetails } from '../../errors.js';
import { checkSubscriptionUrl } from '../../domain/url-rule.js';

/** Bird allows at most five subscriptions with the same service, event and filters in a workspace. */
const MAX_SUBSCRIPTIONS_PER_FILTER_COMBINATION = 5;

/** The event definition for `service`/`event`, or a 422 naming what is wrong. */
export function resolveEvent(catalogue: Catalogue, service: Service, event: string): EventDefinition {
  const definition = catalogue.find(event, service);
  if (definition) return definition;
  const elsewhere = catalogue.find(event);
  const message = elsewhere
    ? `event ${event} belongs to service ${elsewhere.service}, not ${service}`
    : `unknown event ${event} for service ${service}; GET /workspaces/{workspaceId}/available-webhooks lists the valid ones`;
  throw invalidField('.body.event', message);
}

/** Filter keys must be the event's own; at most one `channelId`. */
export function checkEventFilters(definition: EventDefinition, filters: readonly EventFilter[] | null | undefined): void {
  if (!filters) return;
  const allowed = new Set(definition.filterKeys.map((f) => f.key));
  const details: ErrorDetails = {};
  filters.forEach((filter, i) => {
    if (!allowed.has(filter.key)) {
      const valid = [...allowed].join(', ') || 'none';
      details[`.body.eventFilters[${i}].key`] = [`${filter.key} is not a filter key of ${definition.name} (valid: ${valid})`];
    }
  });
  const channelFilters = filters.filter((f) => f.key === 'channelId').length;
  if (channelFilters > 1) details['.body.eventFilters'] = ['at most one channelId filter is allowed per subscription'];
  if (Object.keys(details).length > 0) {
    throw new EmulatorError('InvalidPayload', 'The event filters are not valid for this event.', details);
  }
}

export function checkUrl(url: string, strictUrls: boolean): void {
  const problem = checkSubscriptionUrl(url, { strict: strictUrls });
  if (problem) throw invalidField('.body.url', problem);
}

/** A canonical key for "the same service, event and filter combination". */
function filterCombinationKey(sub: Pick<Subscription, 'service' | 'event' | 'eventFilters'>): string {
  const filters = sub.eventFilters.map((f) => `${f.key}=${f.value}`).sort();
  return JSON.stringify([sub.service, sub.event, [...new Set(filters)]]);
}

/** Refuses a sixth subscription with the same combination among `others` (the workspace's, minus itself). */
export function checkCombinationLimit(
  candidate: Pick<Subscription, 'service' | 'event' | 'eventFilters'>,
  others: readonly Subscription[],
): void {
  const key = filterCombinationKey(candidate);
  const same = others.filter((s) => filterCombinationKey(s) === key).length;
  if (same >= MAX_SUBSCRIPTIONS_PER_FILTER_COMBINATION) {
    throw new EmulatorError(
      'InvalidPayload',
      `A workspace may have at most ${MAX_SUBSCRIPTIONS_PER_FILTER_COMBINATION} subscriptions with the same service, event and filters; this would be number ${same + 1}.`,
      { '.body.eventFilters': [`at most ${MAX_SUBSCRIPTIONS_PER_FILTER_COMBINATION} subscriptions may share this combination`] },
    );
  }
}
