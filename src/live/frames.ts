import type { DeliveryActivity } from '../delivery/dispatcher.js';
import type { FiredEventResult } from '../domain/event.js';
import type { ApiName } from '../domain/api.js';
import type { EndpointView } from '../domain/endpoint.js';
import type { Subscription, SubscriptionChange } from '../domain/subscription.js';
import {
  attemptSummary,
  deliverySummary,
  eventSummary,
  type AttemptSummary,
  type DeliverySummary,
  type EventSummary,
} from '../views/delivery-views.js';

/** A Notifications API subscription, or a platform API endpoint as its reads show it (no secret). */
export type Subscriber = Subscription | EndpointView;

/** The version every frame carries in `v`; a change that breaks readers bumps it. */
export const FRAME_VERSION = 1;

/**
 * Everything the emulator does, as events: the live log is built from them, and emulator.ts
 * publishes this same union as `EmulatorActivity` (it is defined here because live/ sits below
 * emulator.ts and may not import it).
 */
export type LiveActivity =
  | DeliveryActivity
  | { type: 'event.fired'; result: FiredEventResult }
  | { type: SubscriptionChange; api: ApiName; subscription: Subscriber }
  | { type: 'emulator.reset' };

/** The `data` of each frame type. */
export interface FrameDataMap {
  /** First on every connection, never stored or replayed (`seq` 0). */
  hello: { version: string; replayed: number; lastSeq: number };
  'event.fired': { event: EventSummary };
  'delivery.attempt': { delivery: DeliverySummary; attempt: AttemptSummary };
  'delivery.succeeded': { delivery: DeliverySummary };
  'delivery.failed': { delivery: DeliverySummary };
  'delivery.retry_scheduled': { delivery: DeliverySummary; nextAttemptAt: string };
  'subscription.created': { api: ApiName; subscription: Subscriber };
  'subscription.updated': { api: ApiName; subscription: Subscriber };
  'subscription.deleted': { api: ApiName; subscription: Subscriber };
  /** Subscriptions and history were emptied (`POST /_emulator/reset`): what a viewer shows is gone. */
  'emulator.reset': Record<string, never>;
}

export type FrameType = keyof FrameDataMap;

/**
 * One WebSocket message: `{v: 1, seq, type, at, data}`. `seq` counts 1, 2, 3… per emulator (0 for
 * `hello`); `at` is the emulator's clock as an ISO time.
 */
export type LiveFrame = {
  [T in FrameType]: { v: typeof FRAME_VERSION; seq: number; type: T; at: string; data: FrameDataMap[T] };
}[FrameType];

/** A frame before the feed numbers and stamps it. */
export type FrameBody = { [T in FrameType]: { type: T; data: FrameDataMap[T] } }[FrameType];

/**
 * Turns one activity into the type and data of its frame. Pure: the records an activity carries
 * are values, so a frame shows the delivery as it was at that moment.
 */
export function frameBodyOf(activity: LiveActivity): FrameBody {
  switch (activity.type) {
    case 'event.fired':
      return { type: activity.type, data: { event: eventSummary(activity.result) } };
    case 'delivery.attempt':
      return { type: activity.type, data: { delivery: deliverySummary(activity.delivery), attempt: attemptSummary(activity.attempt) } };
    case 'delivery.retry_scheduled':
      return { type: activity.type, data: { delivery: deliverySummary(activity.delivery), nextAttemptAt: activity.nextAttemptAt } };
    case 'delivery.succeeded':
    case 'delivery.failed':
      return { type: activity.type, data: { delivery: deliverySummary(activity.delivery) } };
    case 'subscription.created':
    case 'subscription.updated':
    case 'subscription.deleted':
      return { type: activity.type, data: { api: activity.api, subscription: activity.subscription } };
    case 'emulator.reset':
      return { type: activity.type, data: {} };
  }
}
