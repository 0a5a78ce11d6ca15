import type { Catalogue } from '../../catalogue/types.js';
import { isoTimestamp, type Clock } from '../../clock/clock.js';
import type {
  CreateSubscriptionInput,
  Subscription,
  SubscriptionChange,
  UpdateSubscriptionInput,
  WorkspaceScope,
} from '../../domain/subscription.js';
import { EmulatorError } from '../../errors.js';
import { withoutUndefined } from '../../objects.js';
import type { Random } from '../../random.js';
import type { SubscriptionStore } from './subscription-store.js';
import { byCreation, paginate } from './page-token.js';
import { checkCombinationLimit, checkEventFilters, checkUrl, resolveEvent } from './subscription-rules.js';

export interface SubscriptionServiceOptions {
  store: SubscriptionStore;
  catalogue: Catalogue;
  clock: Clock;
  random: Random;
  /** Apply Bird's URL rule alone (no local URLs). */
  strictUrls: boolean;
  /** The organization given to subscriptions created through the older path without one. */
  defaultOrganizationId: string;
  /** Told of every change, after it is stored. */
  onChange?: (type: SubscriptionChange, subscription: Subscription) => void;
}

export interface ListSubscriptionsQuery {
  limit: number;
  pageToken?: string | undefined;
  /** `SearchFilters[key]=value`: service, event, status, url, template, or an event filter key. */
  filters: Record<string, string>;
}

/** Bird's webhook-subscription operations, with Bird's rules; knows nothing of HTTP. */
export interface SubscriptionService {
  list(scope: WorkspaceScope, query: ListSubscriptionsQuery): { results: Subscription[]; nextPageToken?: string };
  get(scope: WorkspaceScope, id: string): Subscription;
  create(scope: WorkspaceScope, input: CreateSubscriptionInput): Promise<Subscription>;
  update(scope: WorkspaceScope, id: string, input: UpdateSubscriptionInput): Promise<Subscription>;
  remove(scope: WorkspaceScope, id: string): Promise<void>;
}

const OWN_FIELDS = new Set(['service', 'event', 'status', 'url', 'template']);

export function createSubscriptionService(options: SubscriptionServiceOptions): SubscriptionService {
  const { store, catalogue, clock, random } = options;

  const find = (scope: WorkspaceScope, id: string): Subscription => {
    const sub = store.get(id);
    const visible =
      sub && sub.workspaceId === scope.workspaceId && (scope.organizationId === undefined || sub.organizationId === scope.organizationId);
    if (!visible) throw new EmulatorError('NotFound', `Webhook subscription ${id} was not found in this workspace.`);
    return sub;
  };

  const organizationFor = (scope: WorkspaceScope): string =>
    scope.organizationId ?? store.inScope(scope)[0]?.organizationId ?? options.defaultOrganizationId;

  return {
    list(scope, { limit, pageToken, filters }) {
      const matches = store.inScope(scope).filter((sub) => matchesSearch(sub, filters));
      return paginate(matches.sort(byCreation), { limit, pageToken });
    },

    get: find,

    async create(scope, input) {
      const definition = resolveEvent(catalogue, input.service, input.event);
      checkEventFilters(definition, input.eventFilters);
      checkUrl(input.url, options.strictUrls);
      checkCombinationLimit({ service: input.service, event: input.event, eventFilters: input.eventFilters ?? [] }, store.inScope(scope));
      const now = isoTimestamp(clock.now());
      const subscription: Subscription = {
        id: random.uuid(),
        organizationId: organizationFor(scope),
        workspaceId: scope.workspaceId,
        service: input.service,
        event: input.event,
        eventFilters: input.eventFilters ?? [],
        ...(input.template !== undefined && { template: input.template }),
        url: input.url,
        // An empty key means none: never stored, so never echoed as a key that signs.
        ...(input.signingKey && { signingKey: input.signingKey }),
        status: 'active',
        createdAt: now,
        updatedAt: now,
      };
      await store.put(subscription);
      options.onChange?.('subscription.created', subscription);
      return subscription;
    },

    async update(scope, id, input) {
      const current = find(scope, id);
      if (input.eventFilters !== undefined) {
        checkEventFilters(resolveEvent(catalogue, current.service, current.event), input.eventFilters);
        checkCombinationLimit(
          { ...current, eventFilters: input.eventFilters ?? [] },
          store.inScope(scope).filter((s) => s.id !== id),
        );
      }
      if (input.url !== undefined) checkUrl(input.url, options.strictUrls);
      const { eventFilters, signingKey, ...rest } = input;
      // `signingKey: ""` removes the key: later deliveries go unsigned.
      const { signingKey: _removed, ...unsigned } = current;
      const updated: Subscription = {
        ...(signingKey === '' ? unsigned : current),
        ...withoutUndefined(rest),
        ...(signingKey && { signingKey }),
        ...(eventFilters !== undefined && { eventFilters: eventFilters ?? [] }),
        updatedAt: isoTimestamp(clock.now()),
      };
      await store.put(updated);
      options.onChange?.('subscription.updated', updated);
      return updated;
    },

    async remove(scope, id) {
      const current = find(scope, id);
      await store.remove(id);
      options.onChange?.('subscription.deleted', current);
    },
  };
}

function matchesSearch(sub: Subscription, filters: Record<string, string>): boolean {
  return Object.entries(filters).every(([key, value]) => {
    if (OWN_FIELDS.has(key)) return (sub as Record<string, unknown>)[key] === value;
    return (sub.eventFilters ?? []).some((f) => f.key === key && f.value === value);
  });
}
