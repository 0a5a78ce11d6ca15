import { Hono } from 'hono';
import { createCatalogue } from '../../catalogue/catalogue.js';
import type { CustomEventDefinition } from '../../catalogue/custom-catalog.js';
import type { Catalogue } from '../../catalogue/types.js';
import type { Clock } from '../../clock/clock.js';
import type { PlannedDelivery } from '../../delivery/dialect.js';
import { retryDelays } from '../../delivery/retry-schedule.js';
import type { Subscription } from '../../domain/subscription.js';
import type { FiredEvent } from '../../domain/event.js';
import { EmulatorError } from '../../errors.js';
import type { Random } from '../../random.js';
import { hashBody, SIGNATURE_HEADER, signatureHeaders } from '../../signing/sign.js';
import type { StorageOptions } from '../../store/storage.js';
import type { ApiDialect, SubscriberChange } from '../api-dialect.js';
import { makeChannel, openChannelStore, type ChannelStore } from './channel-store.js';
import type { Platform } from '../../catalogue/vocabulary.js';
import { notificationsEnvelope } from './envelope.js';
import { matchSubscriptions } from './filtering.js';
import { requireAccessKey } from './routes/access-key.js';
import { availableWebhookRoutes } from './routes/available-webhooks.js';
import { channelMessageRoutes } from './routes/channel-messages.js';
import { logRoutes } from './routes/logs.js';
import { workspaceScope, type ScopeVariables } from './routes/scope.js';
import { subscriptionRoutes } from './routes/subscriptions.js';
import { createSubscriptionService, type SubscriptionService, type SubscriptionServiceOptions } from './subscription-service.js';
import { openSubscriptionStore, type SubscriptionStore } from './subscription-store.js';

export interface NotificationsDialectOptions extends Pick<SubscriptionServiceOptions, 'strictUrls' | 'defaultOrganizationId'> {
  storage: StorageOptions;
  clock: Clock;
  random: Random;
  /** User-added events (`--catalog`). @default [] */
  customEvents?: readonly CustomEventDefinition[];
  /** Accepted access keys; empty accepts any non-empty key. */
  accessKeys: readonly string[];
  /** Told of every change to a subscription, after it is stored. */
  onChange?: SubscriberChange;
}

/** The Notifications API (SPEC.md): webhook subscriptions with filters, `messagebird-signature`. */
export interface NotificationsDialect extends ApiDialect {
  readonly api: 'notifications';
  readonly store: SubscriptionStore;
  /** Bird's subscription operations (create, list, update…), as the routes call them. */
  readonly subscriptions: SubscriptionService;
  /** The channels messages are sent through (id → platform), seeded or made on first use. */
  readonly channels: ChannelStore;
  /** Declares a channel (a seed file's), unless its id is known already. */
  declareChannel(channel: { id: string; platform: Platform; identifierValue?: string | undefined }): Promise<void>;
}

/** Opens the subscription store (from the data folder, with file storage) and builds the dialect. */
export async function openNotificationsDialect(options: NotificationsDialectOptions): Promise<NotificationsDialect> {
  const { clock, random } = options;
  const store = await openSubscriptionStore(options.storage);
  const channels = await openChannelStore(options.storage);
  const catalogue: Catalogue = createCatalogue({ customEvents: options.customEvents ?? [] });
  const subscriptions = createSubscriptionService({
    ...options,
    store,
    catalogue,
    onChange: (type, subscription) => options.onChange?.(type, 'notifications', subscription),
  });

  /** One delivery per subscription: a new request id, signed over the shared body at this second. */
  const planDeliveries = (subs: readonly Subscription[], body: string): PlannedDelivery[] => {
    if (subs.length === 0) return [];
    // Hashed once for every subscription the event reaches.
    const bodyDigest = hashBody(body);
    // One string for every delivery of the event, which the history shares.
    const timestamp = String(Math.floor(clock.now() / 1000));
    return subs.map((sub) => {
      const id = random.uuid();
      return {
        id,
        subscriberId: sub.id,
        organizationId: sub.organizationId,
        workspaceId: sub.workspaceId,
        url: sub.url,
        headers: signatureHeaders({ signingKey: sub.signingKey, timestamp, url: sub.url, body, bodyDigest, requestId: id }),
      };
    });
  };

  return {
    api: 'notifications',
    catalogue,
    envelope: notificationsEnvelope,
    // The request id header is the delivery id itself, which the history shares already.
    perRequestHeaders: [SIGNATURE_HEADER],
    store,
    subscriptions,
    channels,
    async declareChannel(channel) {
      await channels.ensure(makeChannel({ ...channel, source: 'seed' }, random, clock.now()));
    },
    newEventId: () => random.uuid(),

    plan(event, definition, body) {
      // Every event of this API has a service; one without reaches no subscription.
      if (event.service === undefined) return [];
      const candidates = store.forEvent(event.service, event.event, event.workspaceId);
      return planDeliveries(matchSubscriptions(candidates, definition, event.payload, event.organizationId), body);
    },

    planFor(subscriberId: string, _event: FiredEvent, body: string) {
      const subscription = store.get(subscriberId);
      if (!subscription) throw new EmulatorError('NotFound', `Subscription ${subscriberId} no longer exists.`);
      return planDeliveries([subscription], body)[0] as PlannedDelivery;
    },

    retryDelays,

    routes({ history, outbox }) {
      const app = new Hono();
      const auth = requireAccessKey({ accessKeys: options.accessKeys });

      const current = new Hono<{ Variables: ScopeVariables }>();
      current.use('*', auth, workspaceScope);
      current.route('/', subscriptionRoutes(subscriptions));
      current.route('/', logRoutes(subscriptions, history));

      // Bird's older path, without the organization; `available-webhooks` is only served here.
      const workspaceOnly = new Hono<{ Variables: ScopeVariables }>();
      workspaceOnly.use('*', auth, workspaceScope);
      workspaceOnly.route('/', availableWebhookRoutes(catalogue));
      workspaceOnly.route('/', subscriptionRoutes(subscriptions));
      workspaceOnly.route('/', logRoutes(subscriptions, history));
      // Bird's Channels API send route lives on this path only (api.bird.com/workspaces/{id}/channels/…).
      workspaceOnly.route('/', channelMessageRoutes({ channels, outbox, clock, random }));

      app.route('/organizations/:organizationId/workspaces/:workspaceId', current);
      app.route('/workspaces/:workspaceId', workspaceOnly);
      return app;
    },

    subscribers: () => store.all(),
    async clear() {
      await Promise.all([store.clear(), channels.clear()]);
    },
    async close() {
      await Promise.all([store.flush(), channels.flush()]);
    },
  };
}
