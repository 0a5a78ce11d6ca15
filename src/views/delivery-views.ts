import type { Attempt, Delivery } from '../domain/delivery.js';
import type { FiredEventResult } from '../domain/event.js';

/**
 * The shapes the emulator shows its records in, shared by the control API, the live log's frames
 * and the dashboard, so the three cannot drift apart. Pure functions of records.
 */

/** A delivery in lists: everything but the request and response bodies. */
export interface DeliverySummary {
  id: string;
  api: string;
  eventId: string;
  subscriptionId: string;
  event: string;
  service?: string | undefined;
  url: string;
  status: Delivery['status'];
  attemptCount: number;
  maxAttempts: number;
  /** The receiver's HTTP status on the latest attempt, when it answered. */
  lastStatusCode?: number | undefined;
  /** Why the latest attempt got no answer. */
  lastError?: { code: string; message: string } | undefined;
  nextAttemptAt?: string | undefined;
  /** Why it was not attempted (`skipped`) or stopped before its schedule ran out. */
  reason?: string | undefined;
  createdAt: string;
  updatedAt: string;
}

export function deliverySummary(delivery: Delivery): DeliverySummary {
  const last = delivery.attempts[delivery.attempts.length - 1];
  return {
    id: delivery.id,
    api: delivery.api,
    eventId: delivery.eventId,
    subscriptionId: delivery.subscriptionId,
    event: delivery.event,
    service: delivery.service,
    url: delivery.url,
    status: delivery.status,
    attemptCount: delivery.attempts.length,
    maxAttempts: delivery.maxAttempts,
    lastStatusCode: last?.response?.status,
    lastError: last?.error,
    nextAttemptAt: delivery.nextAttemptAt,
    reason: delivery.reason,
    createdAt: delivery.createdAt,
    updatedAt: delivery.updatedAt,
  };
}

/** A fired event without its payload, which frames leave out to stay small. */
export interface EventSummary {
  id: string;
  api: string;
  service?: string | undefined;
  event: string;
  organizationId?: string;
  workspaceId?: string;
  firedAt: string;
  source: string;
  deliveryIds: string[];
  /** How many subscriptions it reached (`deliveryIds.length`). */
  matched: number;
}

export function eventSummary({ event }: FiredEventResult): EventSummary {
  return {
    id: event.id,
    api: event.api,
    service: event.service,
    event: event.event,
    ...(event.organizationId !== undefined && { organizationId: event.organizationId }),
    ...(event.workspaceId !== undefined && { workspaceId: event.workspaceId }),
    firedAt: event.firedAt,
    source: event.source,
    deliveryIds: [...event.deliveryIds],
    matched: event.deliveryIds.length,
  };
}

/** One attempt without the response headers and body. */
export interface AttemptSummary {
  attemptNumber: number;
  destination: string;
  startedAt: string;
  durationMs: number;
  outcome: 'succeeded' | 'failed';
  /** The receiver's HTTP status, when it answered. */
  status?: number;
  /** Why there was no answer. */
  error?: { code: string; message: string };
}

export function attemptSummary(attempt: Attempt): AttemptSummary {
  return {
    attemptNumber: attempt.attemptNumber,
    destination: attempt.destination,
    startedAt: attempt.startedAt,
    durationMs: attempt.durationMs,
    outcome: attempt.outcome,
    ...(attempt.response && { status: attempt.response.status }),
    ...(attempt.error && { error: { code: attempt.error.code, message: attempt.error.message } }),
  };
}

/** The members of `firedEventView` before the payload. */
const viewHead = ({ event }: FiredEventResult) => ({ id: event.id, api: event.api, service: event.service, event: event.event });

/** The members of `firedEventView` after the payload. */
const viewTail = ({ event, deliveries }: FiredEventResult) => ({
  firedAt: event.firedAt,
  matched: deliveries.length,
  ...(deliveries.length === 0 && { message: 'No active subscription matched this event; it is recorded with no delivery.' }),
  deliveries: deliveries.map(deliverySummary),
});

/**
 * `firedEventView` as JSON text. `payloadText` is the payload's JSON as the delivery body carries
 * it (the envelope's `payloadText`): given, it is spliced in instead of serialising the payload
 * again, which was a tenth of the emulator's own work per fired event.
 * @note The members around the payload are serialised from the view's two halves as they are
 * built, not picked out of the whole view with a rest pattern (a slow, generic copy in V8).
 */
export function firedEventJson(result: FiredEventResult, payloadText?: string): string {
  if (payloadText === undefined) return JSON.stringify(firedEventView(result));
  // The same members in the same order as the view's; the tail always has `firedAt`.
  return `${JSON.stringify(viewHead(result)).slice(0, -1)},"payload":${payloadText},${JSON.stringify(viewTail(result)).slice(1)}`;
}

/** The answer to a fire or redeliver request. */
export function firedEventView(result: FiredEventResult) {
  return { ...viewHead(result), payload: result.event.payload, ...viewTail(result) };
}
