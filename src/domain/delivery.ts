import * as z from 'zod';
import type { DeepReadonly } from '../objects.js';
import { ApiNameSchema } from './api.js';
import { ServiceSchema } from './subscription.js';

/** `skipped`: recorded but never attempted (the endpoint was paused when the event fired). */
export const DeliveryStatusSchema = z.enum(['pending', 'succeeded', 'failed', 'skipped']);
export type DeliveryStatus = z.infer<typeof DeliveryStatusSchema>;

/** Why an attempt got no HTTP response. */
const AttemptErrorCodeSchema = z.enum(['timeout', 'connection_refused', 'connection_reset', 'connection_error', 'invalid_response']);

/** One POST of a delivery. Outcomes are data: a failed attempt is a record, not an exception. */
export const AttemptSchema = z.object({
  /** 1 for the first try. */
  attemptNumber: z.number().int().min(1),
  /** Where this attempt went (after forwarding rules). */
  destination: z.string(),
  /**
   * The headers this attempt sent, where the API stamps each attempt (a Standard Webhooks timestamp
   * and signature); absent when it sent the delivery's own `request.headers`.
   */
  requestHeaders: z.record(z.string(), z.string()).optional(),
  startedAt: z.string(),
  durationMs: z.number(),
  outcome: z.enum(['succeeded', 'failed']),
  response: z
    .object({
      status: z.number().int(),
      headers: z.record(z.string(), z.string()),
      /** The body as text, cut at the cap. */
      body: z.string(),
      bodyTruncated: z.boolean(),
    })
    .optional(),
  error: z.object({ code: AttemptErrorCodeSchema, message: z.string() }).optional(),
});
export type Attempt = DeepReadonly<z.infer<typeof AttemptSchema>>;

/**
 * One request to one subscription and all of its attempts. `id` is the `messagebird-request-id`:
 * every retry resends the same headers and body, so the signature is identical on each.
 */
export const DeliverySchema = z.object({
  id: z.string(),
  /** The Bird API the delivery belongs to (its envelope, signature and retry schedule). */
  api: ApiNameSchema,
  eventId: z.string(),
  subscriptionId: z.string(),
  /** The subscriber's organization; absent for the platform API, whose workspaces stand alone. */
  organizationId: z.string().optional(),
  workspaceId: z.string(),
  /** The Notifications API's service; absent for the platform API. */
  service: ServiceSchema.optional(),
  event: z.string(),
  /** The subscription's URL: what the signature covers. */
  url: z.string(),
  status: DeliveryStatusSchema,
  request: z.object({ headers: z.record(z.string(), z.string()), body: z.string() }),
  attempts: z.array(AttemptSchema),
  /** Attempts allowed in all (the first plus the retries of the schedule). */
  maxAttempts: z.number().int().min(1),
  /** When the next retry is due, while `pending`. */
  nextAttemptAt: z.string().optional(),
  /**
   * Why the delivery was never attempted (`skipped`) or stopped before its schedule ran out
   * (`failed` with attempts left): what no attempt of it can tell, e.g. "the endpoint is paused".
   */
  reason: z.string().optional(),
  /** Set on a redelivery: the delivery it repeats. */
  redeliveryOf: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** A recorded delivery: a value; every change (an attempt, a new status) makes a new record. */
export type Delivery = DeepReadonly<z.infer<typeof DeliverySchema>>;

/** Where a delivery stands after an attempt: the part of a record that an attempt changes. */
export type DeliveryState =
  | { status: 'succeeded'; updatedAt: string }
  | { status: 'failed'; updatedAt: string; reason?: string }
  | { status: 'pending'; nextAttemptAt: string; updatedAt: string };

/** The record with one more attempt (its state unchanged): a new object; `delivery` is left as it was. */
export function withAttempt(delivery: Delivery, attempt: Attempt): Delivery {
  return { ...delivery, attempts: [...delivery.attempts, attempt] };
}

/** The record in state `state`, a new object; `nextAttemptAt` is kept only while the delivery is pending. */
export function withState(delivery: Delivery, state: DeliveryState): Delivery {
  const { nextAttemptAt: _previous, ...rest } = delivery;
  return { ...rest, ...state };
}

/**
 * The record after an attempt (if any) and the state it led to: `withState(withAttempt(…), state)`
 * as one new object, built field by field in schema order (one allocation per attempt instead of
 * three, and the compact layout every stored record has).
 */
export function withOutcome(delivery: Delivery, attempt: Attempt | undefined, state: DeliveryState): Delivery {
  const reason = 'reason' in state && state.reason !== undefined ? state.reason : delivery.reason;
  return {
    id: delivery.id,
    api: delivery.api,
    eventId: delivery.eventId,
    subscriptionId: delivery.subscriptionId,
    ...(delivery.organizationId !== undefined && { organizationId: delivery.organizationId }),
    workspaceId: delivery.workspaceId,
    service: delivery.service,
    event: delivery.event,
    url: delivery.url,
    status: state.status,
    request: delivery.request,
    attempts: attempt ? [...delivery.attempts, attempt] : delivery.attempts,
    maxAttempts: delivery.maxAttempts,
    ...(state.status === 'pending' && { nextAttemptAt: state.nextAttemptAt }),
    ...(reason !== undefined && { reason }),
    ...(delivery.redeliveryOf !== undefined && { redeliveryOf: delivery.redeliveryOf }),
    createdAt: delivery.createdAt,
    updatedAt: state.updatedAt,
  };
}
