import type { Catalogue, EventDefinition, Payload } from '../catalogue/types.js';
import type { RetryScheduleOption } from '../config.js';
import type { ApiName } from '../domain/api.js';
import type { Attempt, Delivery } from '../domain/delivery.js';
import type { FiredEvent } from '../domain/event.js';

/**
 * The seam between the pipeline and one of Bird's webhook systems (STYLE.md, "More than one Bird
 * API"). Fire → match → sign → deliver → record is written once, in `delivery/`; what differs per
 * API — its catalogue, who subscribes and how they filter, the envelope, the signature, ids, the
 * retry schedule and endpoint health — is what a dialect answers. The Notifications API
 * (`apis/notifications/`) and the platform API (`apis/platform/`) are two; a new Bird API is a new
 * folder with another, and the pipeline,
 * history, live log, harness and fixtures carry its deliveries without knowing which it is.
 * (Routes and the error shape are the HTTP half of a dialect: `apis/<name>/routes/`.)
 */
export interface DeliveryDialect {
  readonly api: ApiName;
  /** The events this API sends, with their payload schemas and generators. */
  readonly catalogue: Catalogue;
  /** A new event's id, as the API shapes its ids (the Notifications API: a UUID). */
  newEventId(): string;
  readonly envelope: Envelope;
  /** Headers whose values differ on every request (ids, signatures): the history does not try to share them. */
  readonly perRequestHeaders: readonly string[];
  /**
   * The subscribers `event` reaches (its filters, its scope), each with the id and headers of the
   * delivery to make. `body` is the envelope's text, the same for every subscriber.
   */
  plan(event: FiredEvent, definition: EventDefinition, body: string): PlannedDelivery[];
  /**
   * The delivery of `event` to one subscriber, by id (a redelivery goes to the subscriber of the
   * delivery it repeats). @throws EmulatorError `NotFound` when that subscriber is gone.
   */
  planFor(subscriberId: string, event: FiredEvent, body: string): PlannedDelivery;
  /**
   * Why a pending delivery must not be attempted any more (its subscriber was deleted or paused
   * meanwhile), or undefined to go on. A stopped delivery is recorded as failed, with this reason.
   */
  stopReason?(delivery: Delivery): string | undefined;
  /**
   * The headers of one attempt. Where a scheme stamps each attempt (Standard Webhooks signs a fresh
   * timestamp), they differ from the ones planned; absent, every attempt resends the planned ones.
   */
  attemptHeaders?(delivery: Delivery, attemptNumber: number): Record<string, string>;
  /** The gaps before each retry under a `--retry-schedule` option; attempts in all = gaps + 1. */
  retryDelays(option: RetryScheduleOption): readonly number[];
  /** Told of every recorded attempt, e.g. to keep an endpoint's health. Must not throw. */
  onAttempt?(delivery: Delivery, attempt: Attempt): void;
}

/** What the pipeline needs to make one delivery record. */
export interface PlannedDelivery {
  /** The delivery's id, as the API shapes ids (the Notifications API: the request id, a UUID). */
  id: string;
  /** The subscription (or endpoint) it goes to. */
  subscriberId: string;
  /** The subscriber's organization, where the API has organizations. */
  organizationId?: string;
  workspaceId: string;
  /** The subscriber's URL: what the signature covers (forwarding rules apply when it is sent). */
  url: string;
  /** The headers sent with the body, the signature among them. */
  headers: Record<string, string>;
  /** Set when the delivery is recorded but not attempted, saying why (e.g. the endpoint is paused). */
  skipped?: string;
}

/**
 * An API's webhook body: the event in the shape the API delivers, as one text that every delivery
 * and retry of the event sends byte for byte.
 */
export interface Envelope {
  /** The body of an event. Its payload is the last member, so `payloadText` can find it. */
  encode(event: FiredEvent): string;
  /** The payload of a body as it was sent; `{}` when the body carries none. */
  decode(body: string): Payload;
  /**
   * The payload's JSON text inside a body `encode` made for `event`, or `undefined` for any other
   * text: the history journals an event as that text, instead of serialising the payload again.
   */
  payloadText(body: string, event: FiredEvent): string | undefined;
}

/** The dialects the emulator serves, by API. */
export interface DialectRegistry {
  readonly all: readonly DeliveryDialect[];
  /** @throws Error when the API is not served (a record of it cannot exist). */
  get(api: ApiName): DeliveryDialect;
  find(api: ApiName): DeliveryDialect | undefined;
}

/** A registry over `dialects` (one per API). */
export function createDialectRegistry(dialects: readonly DeliveryDialect[]): DialectRegistry {
  const byApi = new Map(dialects.map((dialect) => [dialect.api, dialect]));
  return {
    all: dialects,
    get(api) {
      const dialect = byApi.get(api);
      if (!dialect) throw new Error(`No dialect is registered for the ${api} API.`);
      return dialect;
    },
    find: (api) => byApi.get(api),
  };
}
