import * as z from 'zod';
import type { Catalogue, EventDefinition, Payload } from '../catalogue/types.js';
import type { Delivery } from '../domain/delivery.js';
import type { FiredEvent } from '../domain/event.js';
import { ServiceSchema } from '../domain/subscription.js';
import { zodIssueDetails } from '../domain/validation.js';
import { EmulatorError, invalidField } from '../errors.js';
import { matchSubscriptions } from '../filtering/match.js';
import { deepMerge, isPlainObject } from '../objects.js';
import type { Random } from '../random.js';
import type { HistoryStore } from '../store/history-store.js';
import type { SubscriptionStore } from '../store/subscription-store.js';
import { isoTimestamp, type Clock } from './clock.js';
import type { Dispatcher } from './dispatcher.js';

/** The body of `POST /_emulator/events`. */
export const FireEventInputSchema = z.strictObject({
  event: z.string().min(1).max(256),
  service: ServiceSchema.optional(),
  // Lower-cased like the ids in paths, so an id pasted in upper case still matches.
  organizationId: z
    .uuid()
    .transform((id) => id.toLowerCase())
    .optional(),
  workspaceId: z
    .uuid()
    .transform((id) => id.toLowerCase())
    .optional(),
  /** Deep-merged over a generated payload. */
  payload: z.record(z.string(), z.unknown()).optional(),
});
export type FireEventInput = z.infer<typeof FireEventInputSchema>;

export interface FiredEventResult {
  event: FiredEvent;
  deliveries: Delivery[];
}

export interface EventServiceOptions {
  catalogue: Catalogue;
  subscriptions: SubscriptionStore;
  history: HistoryStore;
  dispatcher: Dispatcher;
  clock: Clock;
  random: Random;
  onFired?: (result: FiredEventResult) => void;
}

/** Fires events through filtering, signing and delivery, and redelivers recorded ones. */
export interface EventService {
  fire(input: FireEventInput, source?: FiredEvent['source']): Promise<FiredEventResult>;
  redeliver(deliveryId: string, payloadOverride?: Payload): Promise<FiredEventResult>;
}

export function createEventService(options: EventServiceOptions): EventService {
  const { catalogue, subscriptions, history, dispatcher, clock, random } = options;

  /** Records the event and its deliveries durably, then starts the attempts. */
  async function record(event: FiredEvent, build: () => Delivery[]): Promise<FiredEventResult> {
    const deliveries = build();
    event.deliveryIds = deliveries.map((d) => d.id);
    // Every delivery of the event carries the same body: the store keeps the payload as that text.
    history.addEvent(event, deliveries[0]?.request.body);
    // @note The answer to the fire request waits for the journal, so an answered event is on disk.
    await history.flush();
    dispatcher.start(deliveries);
    const result = { event, deliveries };
    options.onFired?.(result);
    return result;
  }

  return {
    async fire(input, source = 'api') {
      const definition = findEvent(catalogue, input.event, input.service);
      const generated = definition.generate({ random, now: clock.now() });
      // @note Only a merged payload is validated: a generated one is valid by construction (the
      // catalogue's tests parse every generator's output under many seeds), and parsing it on every
      // fire cost several percent of the emulator's CPU under load.
      const payload = input.payload ? deepMerge(generated, input.payload) : generated;
      if (input.payload) checkPayload(definition, payload);
      const event: FiredEvent = {
        id: random.uuid(),
        service: definition.service,
        event: definition.name,
        ...(input.organizationId !== undefined && { organizationId: input.organizationId }),
        ...(input.workspaceId !== undefined && { workspaceId: input.workspaceId }),
        payload,
        firedAt: isoTimestamp(clock.now()),
        source,
        deliveryIds: [],
      };
      const candidates = subscriptions.forEvent(definition.service, definition.name, input.workspaceId);
      const matched = matchSubscriptions(candidates, definition, payload, input.organizationId);
      return record(event, () => dispatcher.createDeliveries(event, matched));
    },

    async redeliver(deliveryId, payloadOverride) {
      const original = history.getDelivery(deliveryId);
      if (!original) throw new EmulatorError('NotFound', `Delivery ${deliveryId} was not found.`);
      const subscription = subscriptions.get(original.subscriptionId);
      if (!subscription) {
        throw new EmulatorError('NotFound', `Subscription ${original.subscriptionId} of delivery ${deliveryId} no longer exists.`);
      }
      const originalEvent = history.getEvent(original.eventId);
      const basePayload = originalEvent?.payload ?? parsePayloadOfBody(original.request.body);
      const payload = payloadOverride ? deepMerge(basePayload, payloadOverride) : basePayload;
      const definition = catalogue.find(original.event, original.service);
      if (definition && payloadOverride) checkPayload(definition, payload);
      const event: FiredEvent = {
        id: random.uuid(),
        service: original.service,
        event: original.event,
        organizationId: original.organizationId,
        workspaceId: original.workspaceId,
        payload,
        firedAt: isoTimestamp(clock.now()),
        source: 'redeliver',
        deliveryIds: [],
      };
      return record(event, () => dispatcher.createDeliveries(event, [subscription], { redeliveryOf: original.id }));
    },
  };
}

function findEvent(catalogue: Catalogue, name: string, service?: FireEventInput['service']): EventDefinition {
  const definition = catalogue.find(name, service);
  if (definition) return definition;
  const known = catalogue.find(name);
  throw invalidField(
    '.body.event',
    known && service
      ? `event ${name} belongs to service ${known.service}, not ${service}`
      : `unknown event ${name}; GET /_emulator/catalog lists the events`,
  );
}

/** The merged payload must still be a valid payload of its event. */
function checkPayload(definition: EventDefinition, payload: Payload): void {
  const result = definition.payloadSchema.safeParse(payload);
  if (!result.success) {
    throw new EmulatorError(
      'InvalidPayload',
      `The payload is not a valid ${definition.name} payload; see details.`,
      zodIssueDetails(result.error.issues, '.body.payload'),
    );
  }
}

/** The payload of a delivery body (`{service, event, payload}`) as it was sent; `{}` if it has none. */
export function parsePayloadOfBody(body: string): Payload {
  const parsed: unknown = JSON.parse(body);
  return isPlainObject(parsed) && isPlainObject(parsed.payload) ? parsed.payload : {};
}
