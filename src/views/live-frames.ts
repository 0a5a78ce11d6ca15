import type { ApiName } from '../domain/api.js';
import type { EndpointListing } from '../domain/endpoint.js';
import type { Subscription } from '../domain/subscription.js';
import type { AttemptSummary, DeliverySummary, EventSummary } from './delivery-views.js';
import type { MessageSummary, StepView } from './message-views.js';
import type { LoadTestReport } from './load-test-views.js';

/**
 * The WebSocket frames of the live log (`/_emulator/ws`), as types only. They sit apart from the
 * code that builds them (live/frames.ts) so that the dashboard's browser code can be type-checked
 * against them without the pipeline's Node types coming along.
 */

/** A Notifications API subscription, or a platform API endpoint (its secrets masked). */
export type Subscriber = Subscription | EndpointListing;

/** The version every frame carries in `v`; a change that breaks readers bumps it. */
export const FRAME_VERSION = 1;

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
  /** An app sent a message through one of Bird's send routes; its lifecycle has begun. */
  'message.sent': { message: MessageSummary };
  /** A step of a sent message's lifecycle fired: the event it fired and where the message stands now. */
  'message.status': { message: MessageSummary; step: StepView };
  /** Subscriptions and history were emptied (`POST /_emulator/reset`): what a viewer shows is gone. */
  'emulator.reset': Record<string, never>;
  /** A load test started (its report's counts are zero). Its deliveries show only as a sample: see `recordEvery`. */
  'loadtest.started': { report: LoadTestReport };
  /** Every second while a load test runs: its report so far (`status: 'running'`). */
  'loadtest.progress': { report: LoadTestReport };
  /** A load test reached its bound or was stopped: its final report. */
  'loadtest.finished': { report: LoadTestReport };
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
