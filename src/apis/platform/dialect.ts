import type { Clock } from '../../clock/clock.js';
import type { ForwardRule } from '../../config.js';
import type { PlannedDelivery } from '../../delivery/dialect.js';
import { scheduleOf } from '../../delivery/retry-schedule.js';
import type { Endpoint } from '../../domain/endpoint.js';
import { endpointListing } from './endpoint-listing.js';
import { EmulatorError } from '../../errors.js';
import type { Random } from '../../random.js';
import { standardWebhookHeaders, WEBHOOK_ID_HEADER, WEBHOOK_SIGNATURE_HEADER } from '../../signing/standard-webhooks.js';
import type { StorageOptions } from '../../store/storage.js';
import type { ApiDialect, MessageOutbox, SubscriberChange } from '../api-dialect.js';
import type { SentMessage } from '../../domain/message.js';
import { SEND_CHANNELS, sendThrough, type SendChannelName } from './sends/send-message.js';
import { createPlatformCatalogue } from './catalogue.js';
import { openEndpointStore, type EndpointStore } from './endpoint-store.js';
import { platformEnvelope } from './envelope.js';
import type { CustomEventDefinition } from '../../catalogue/custom-catalog.js';
import { healthAfter } from './health.js';
import { typedId } from './ids.js';
import { platformErrorHook, platformRoutes } from './routes/index.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * The platform API's `production` retry gaps. Bird publishes no schedule; this is Svix's documented
 * one (Svix wrote Standard Webhooks): immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h
 * (SPEC-PLATFORM §3; README, fidelity notes).
 */
export const PLATFORM_RETRY_DELAYS_MS: readonly number[] = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];

/** Asked for on every delivery and attempt: `fast` is scaled once. */
const PLATFORM_SCHEDULES = {
  production: PLATFORM_RETRY_DELAYS_MS,
  fast: scheduleOf({ production: PLATFORM_RETRY_DELAYS_MS }, 'fast'),
};

export interface PlatformDialectOptions {
  storage: StorageOptions;
  clock: Clock;
  random: Random;
  /** User-added events (`--catalog`); the platform API takes those marked `"api": "platform"`. @default [] */
  customEvents?: readonly CustomEventDefinition[];
  /** Accepted API keys; empty accepts any non-empty key. */
  accessKeys: readonly string[];
  /** Apply Bird's URL rule alone (no local URLs). */
  strictUrls: boolean;
  /** Told of every change to an endpoint, its health included, after it is stored. */
  onChange?: SubscriberChange;
  /** `--forward` rules, which a test send (`POST …/test`) follows too. @default [] */
  forward?: readonly ForwardRule[];
}

/** Bird's platform API (SPEC-PLATFORM.md): `/v1/webhooks` endpoints, Standard Webhooks deliveries. */
export interface PlatformDialect extends ApiDialect {
  readonly api: 'platform';
  readonly store: EndpointStore;
  /**
   * Sends a message from `workspaceId` as `POST /v1/{channel}/messages` does (a scenario's send step).
   * @throws EmulatorError `InvalidPayload` (details on `.body.…`), PlatformError for Bird's named 422s.
   */
  sendMessage(
    channel: SendChannelName,
    request: unknown,
    workspaceId: string,
    outbox: MessageOutbox,
  ): Promise<{ message: SentMessage; answer: Record<string, unknown> }>;
}

/** Opens the endpoint store (from the data folder, with file storage) and builds the dialect. */
export async function openPlatformDialect(options: PlatformDialectOptions): Promise<PlatformDialect> {
  const { clock, random } = options;
  const store = await openEndpointStore(options.storage);
  const catalogue = createPlatformCatalogue(options.customEvents);
  const changed = (endpoint: Endpoint) => options.onChange?.('subscription.updated', 'platform', endpointListing(endpoint));

  const planDelivery = (endpoint: Endpoint): PlannedDelivery => {
    // The `webhook-id`: the same on every retry of this delivery, new for a redelivery or replay.
    const id = typedId(random, 'msg', clock.now());
    return {
      id,
      subscriberId: endpoint.id,
      workspaceId: endpoint.workspace_id,
      url: endpoint.url,
      // Timestamp and signatures are stamped on each attempt (attemptHeaders).
      headers: { 'content-type': 'application/json', [WEBHOOK_ID_HEADER]: id },
      // "Events that fire while paused are not attempted" (SPEC-PLATFORM §3).
      ...(endpoint.status === 'paused' && { skipped: 'the endpoint is paused' }),
    };
  };

  return {
    api: 'platform',
    catalogue,
    envelope: platformEnvelope,
    perRequestHeaders: [WEBHOOK_SIGNATURE_HEADER],
    store,
    newEventId: () => typedId(random, 'whe', clock.now()),

    plan: (event) => store.forEvent(event.event, event.workspaceId).map(planDelivery),

    planFor(subscriberId) {
      const endpoint = store.get(subscriberId);
      if (!endpoint) throw new EmulatorError('NotFound', `Webhook endpoint ${subscriberId} no longer exists.`);
      return planDelivery(endpoint);
    },

    stopReason(delivery) {
      const endpoint = store.get(delivery.subscriptionId);
      // Delete "stops every delivery to it, including retries of earlier failures"; a pause stops all delivery.
      if (!endpoint) return 'the endpoint was deleted';
      return endpoint.status === 'paused' ? 'the endpoint is paused' : undefined;
    },

    attemptHeaders(delivery) {
      const now = clock.now();
      const endpoint = store.get(delivery.subscriptionId);
      // Every secret still live signs: both sides of a rotation for its 24 hours (SPEC-PLATFORM §2).
      const secrets = (endpoint?.secrets ?? [])
        .filter((s) => s.expires_at === undefined || Date.parse(s.expires_at) > now)
        .map((s) => s.secret);
      return {
        ...delivery.request.headers,
        ...standardWebhookHeaders({ id: delivery.id, timestamp: Math.floor(now / 1000), body: delivery.request.body, secrets }),
      };
    },

    retryDelays: (option) => scheduleOf(PLATFORM_SCHEDULES, option),

    onAttempt(delivery, attempt) {
      const endpoint = store.get(delivery.subscriptionId);
      if (!endpoint) return;
      const next = healthAfter(endpoint, attempt, clock.now());
      if (next === endpoint) return;
      // The file write may fail (a full disk); the delivery it follows is recorded either way.
      store.put(next).catch(() => undefined);
      if (next.status !== endpoint.status) changed(next);
    },

    routes: (context) =>
      platformRoutes({
        ...context,
        store,
        catalogue,
        clock,
        random,
        accessKeys: options.accessKeys,
        strictUrls: options.strictUrls,
        ...(options.onChange && { onChange: options.onChange }),
        ...(options.forward && { forward: options.forward }),
      }),
    errorResponse: platformErrorHook({ clock }),

    sendMessage(channel, request, workspaceId, outbox) {
      const sendChannel = SEND_CHANNELS.find((c) => c.channel === channel) as (typeof SEND_CHANNELS)[number];
      return sendThrough(sendChannel, request, { outbox, clock, random, workspaceId });
    },

    subscribers: () => store.all().map(endpointListing),
    clear: () => store.clear(),
    close: () => store.flush(),
  };
}
