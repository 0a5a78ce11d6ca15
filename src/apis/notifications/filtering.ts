import { filterValue } from '../../catalogue/read-path.js';
import type { EventDefinition, Payload } from '../../catalogue/types.js';
import type { Subscription } from '../../domain/subscription.js';

/**
 * Whether an event reaches a subscription (SPEC §1.4): the subscription is active, and for each
 * filter key it names, the event's value equals one of that key's values (different keys AND, the
 * same key OR). The value is the payload's at the key's path, or one the event fixes (the platform
 * of a `<platform>.*` event). No filters: every event of its service and name.
 */
export function subscriptionReceives(subscription: Subscription, definition: EventDefinition, payload: Payload): boolean {
  if (subscription.status !== 'active') return false;
  const wanted = new Map<string, Set<string>>();
  for (const { key, value } of subscription.eventFilters) {
    const values = wanted.get(key) ?? new Set<string>();
    values.add(value);
    wanted.set(key, values);
  }
  for (const [key, values] of wanted) {
    const binding = definition.filterKeys.find((f) => f.key === key);
    // A key the event does not know can never be satisfied (it was valid for an older catalogue).
    if (!binding) return false;
    const actual = filterValue(binding, payload);
    if (actual === undefined || !values.has(actual)) return false;
  }
  return true;
}

/** The subscriptions among `candidates` that an event reaches, optionally within one organization. */
export function matchSubscriptions(
  candidates: readonly Subscription[],
  definition: EventDefinition,
  payload: Payload,
  organizationId?: string,
): Subscription[] {
  return candidates.filter(
    (sub) => (organizationId === undefined || sub.organizationId === organizationId) && subscriptionReceives(sub, definition, payload),
  );
}
