import * as z from 'zod';
import { SubscriptionSchema, type Service, type Subscription, type WorkspaceScope } from '../../domain/subscription.js';
import { openJsonState } from '../../store/json-state.js';
import type { StorageOptions } from '../../store/storage.js';

const SubscriptionsFileSchema = z.strictObject({
  version: z.literal(1),
  subscriptions: z.array(SubscriptionSchema),
});

/** The file name of the subscriptions state inside the data folder. */
const SUBSCRIPTIONS_FILE = 'subscriptions.json';

/**
 * The subscriptions, kept in lowdb (small state, rewritten whole on each change) and indexed in
 * memory by workspace, service and event so an event finds its subscriptions without a scan.
 */
export interface SubscriptionStore {
  /** Every subscription, oldest first. */
  all(): readonly Subscription[];
  /** The subscriptions visible in `scope`, oldest first. */
  inScope(scope: WorkspaceScope): Subscription[];
  get(id: string): Subscription | undefined;
  /** The subscriptions to `service`/`event` in one workspace, or in every workspace. */
  forEvent(service: Service, event: string, workspaceId?: string): readonly Subscription[];
  /** Creates or replaces a subscription and persists the change. */
  put(subscription: Subscription): Promise<void>;
  remove(id: string): Promise<boolean>;
  clear(): Promise<void>;
  /** Resolves when every change so far is on disk. */
  flush(): Promise<void>;
}

/** Opens the store; with file storage, loads (or creates) `subscriptions.json` in the data folder. */
export async function openSubscriptionStore(storage: StorageOptions): Promise<SubscriptionStore> {
  const state = await openJsonState(storage, SUBSCRIPTIONS_FILE, SubscriptionsFileSchema, { version: 1, subscriptions: [] });

  const byId = new Map<string, Subscription>();
  // Two indexes: by (workspace, service, event) and by (service, event) across workspaces.
  const byEvent = new Map<string, Subscription[]>();
  const eventKey = (service: string, event: string, workspaceId = '*') => `${workspaceId}\u0000${service}\u0000${event}`;
  const keysOf = (sub: Subscription) => [eventKey(sub.service, sub.event, sub.workspaceId), eventKey(sub.service, sub.event)];
  const index = (sub: Subscription) => {
    byId.set(sub.id, sub);
    for (const key of keysOf(sub)) {
      const list = byEvent.get(key);
      if (list) list.push(sub);
      else byEvent.set(key, [sub]);
    }
  };
  const unindex = (sub: Subscription) => {
    byId.delete(sub.id);
    for (const key of keysOf(sub)) {
      const remaining = (byEvent.get(key) ?? []).filter((s) => s.id !== sub.id);
      if (remaining.length > 0) byEvent.set(key, remaining);
      else byEvent.delete(key);
    }
  };
  for (const sub of state.get().subscriptions) index(sub);

  const replaceAll = (subscriptions: readonly Subscription[]) => state.set({ version: 1, subscriptions });

  return {
    all: () => state.get().subscriptions,
    inScope: (scope) =>
      state
        .get()
        .subscriptions.filter(
          (s) => s.workspaceId === scope.workspaceId && (scope.organizationId === undefined || s.organizationId === scope.organizationId),
        ),
    get: (id) => byId.get(id),
    forEvent: (service, event, workspaceId) => byEvent.get(eventKey(service, event, workspaceId)) ?? [],
    async put(subscription) {
      const existing = byId.get(subscription.id);
      const list = state.get().subscriptions;
      if (existing) unindex(existing);
      index(subscription);
      await replaceAll(existing ? list.map((s) => (s === existing ? subscription : s)) : [...list, subscription]);
    },
    async remove(id) {
      const existing = byId.get(id);
      if (!existing) return false;
      unindex(existing);
      await replaceAll(state.get().subscriptions.filter((s) => s.id !== id));
      return true;
    },
    async clear() {
      byId.clear();
      byEvent.clear();
      await replaceAll([]);
    },
    flush: () => state.flush(),
  };
}
