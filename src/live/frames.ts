import type { DeliveryActivity } from '../delivery/dispatcher.js';
import type { FiredEventResult } from '../domain/event.js';
import type { ApiName } from '../domain/api.js';
import type { SentMessage } from '../domain/message.js';
import type { SubscriptionChange } from '../domain/subscription.js';
import { attemptSummary, deliverySummary, eventSummary } from '../views/delivery-views.js';
import { messageSummary, stepView } from '../views/message-views.js';
import type { FrameBody, Subscriber } from '../views/live-frames.js';
import type { LoadTestActivity } from '../views/load-test-views.js';

/**
 * Everything the emulator does, as events: the live log is built from them, and emulator.ts
 * publishes this same union as `EmulatorActivity` (it is defined here because live/ sits below
 * emulator.ts and may not import it).
 */
export type LiveActivity =
  | DeliveryActivity
  | { type: 'event.fired'; result: FiredEventResult }
  | { type: SubscriptionChange; api: ApiName; subscription: Subscriber }
  | MessageActivity
  | { type: 'emulator.reset' }
  | LoadTestActivity;

/** What the outbox does: a message sent through Bird's send routes, and each step of its lifecycle. */
export type MessageActivity =
  | { type: 'message.sent'; message: SentMessage }
  /** Step `step` of the message fired (or failed to): `message` is the record after it. */
  | { type: 'message.status'; message: SentMessage; step: number };

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
    case 'message.sent':
      return { type: activity.type, data: { message: messageSummary(activity.message) } };
    case 'message.status': {
      const step = activity.message.steps[activity.step] as SentMessage['steps'][number];
      return { type: activity.type, data: { message: messageSummary(activity.message), step: stepView(activity.message, step) } };
    }
    case 'emulator.reset':
      return { type: activity.type, data: {} };
    case 'loadtest.started':
    case 'loadtest.progress':
    case 'loadtest.finished':
      return { type: activity.type, data: { report: activity.report } };
  }
}
