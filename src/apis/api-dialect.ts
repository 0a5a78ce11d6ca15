import type { Context, Hono } from 'hono';
import type { SendAttempt } from '../delivery/attempt.js';
import type { DeliveryDialect } from '../delivery/dialect.js';
import type { Outcome } from '../config.js';
import type { ApiName } from '../domain/api.js';
import type { EndpointListing } from '../domain/endpoint.js';
import type { SentMessage } from '../domain/message.js';
import type { Subscription, SubscriptionChange } from '../domain/subscription.js';
import type { HistoryStore } from '../store/history-store.js';

/**
 * One of Bird's webhook systems, whole: the pipeline's half (`DeliveryDialect`: catalogue,
 * matching, envelope, signature, ids, retries, health) and the HTTP half (Bird's routes for it, in
 * its error shape), with the subscriber store behind both. `emulator.ts` wires one per API.
 */
export interface ApiDialect extends DeliveryDialect {
  /** Bird's routes of this API, mounted at the root; they answer every error in this API's shape. */
  routes(context: DialectRouteContext): Hono;
  /**
   * Answers, in this API's error shape, an error the root app raises for a request to one of this
   * API's paths before or instead of its routes (no route has the path, the body is over the cap);
   * undefined for a path that is not this API's. Without it, such errors take the root app's shape.
   * @note Hono uses a mounted app's `onError` for its routes but never its `notFound`.
   */
  errorResponse?(c: Context, error: unknown): Response | undefined;
  /** Every subscriber of every workspace, oldest first, as the dashboard lists them (secrets masked). */
  subscribers(): readonly (Subscription | EndpointListing)[];
  /** Removes every subscriber (`POST /_emulator/reset`). */
  clear(): Promise<void>;
  /** Writes what is pending to disk. */
  close(): Promise<void>;
}

/** What a dialect's routes use besides its own subscribers. */
export interface DialectRouteContext {
  /** Deliveries and attempts, for the API's delivery logs. */
  history: HistoryStore;
  /** Sends a recorded delivery's event again to its subscriber, as a new delivery of the same event (a replay). */
  resend(deliveryId: string): Promise<unknown>;
  /** One HTTP attempt outside any delivery (a test send); never throws. */
  send: SendAttempt;
  /** Where Bird's send routes put what an app sends: it records the message and plays its lifecycle. */
  outbox: MessageOutbox;
}

/**
 * The outbox as a send route sees it (application/outbox.ts implements it): the route checks the
 * request in its API's shape and plans the lifecycle; the outbox keeps the message and fires each
 * step through the pipeline when its time comes.
 */
export interface MessageOutbox {
  /** Emulator time between two steps of a lifecycle (`sendStepMs`). */
  readonly stepMs: number;
  /** The outcome an outcome rule gives a recipient, or undefined: the API's own default applies. */
  outcomeFor(channel: string, address: string): Outcome | undefined;
  /** Records a message and starts its lifecycle; the steps due now have fired when it resolves. */
  send(message: SentMessage): Promise<SentMessage>;
  get(id: string): SentMessage | undefined;
  /** Newest first. */
  list(): readonly SentMessage[];
}

/**
 * Told of a change to a subscriber, after it is stored: the live log shows it. `subscriber` is what
 * the API's reads answer, with an endpoint's secrets masked.
 */
export type SubscriberChange = (type: SubscriptionChange, api: ApiName, subscriber: Subscription | EndpointListing) => void;
